import { correctLiteralStrings } from "../stacks/hcl-literals";
import { appendUnrenderedBlocks } from "../stacks/unrendered-blocks";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, synthesize, type PrepareOptions } from "./pipeline";

/** `node bin/synth.js`: the config, validated and checked, synthesized into the output directory. Returns the exit code. */
export function synth(given: PrepareOptions): number {
  // File names and config values reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const prepared = prepareWorkshop(options);
  if (!prepared.ok) return 1;
  if (!synthesize(prepared.workshop, options.report)) return 1;
  const { app, stack } = prepared.workshop;
  correctLiteralStrings(app, stack);
  appendUnrenderedBlocks(app, stack);
  return 0;
}

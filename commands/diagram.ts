import { dirname, join } from "node:path";
import { mermaidDiagram } from "../diagram/mermaid";
import { makeDirectory, writeFileSafely } from "../files/write";
import type { StackJson } from "../terraform/stack-json";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, synthesize, type PrepareOptions } from "./pipeline";

/**
 * `npm run diagram [file]`: synthesizes the config and draws what it creates, as Mermaid, from that very
 * synth, so that the picture and the stack next to it always come from the same config.
 * @returns the exit code
 */
export function diagram(given: PrepareOptions & { readonly file?: string; readonly print: (line: string) => void }): number {
  // File names reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const prepared = prepareWorkshop(options);
  if (!prepared.ok) return 1;
  const { app, stack } = prepared.workshop;
  const file = options.file ?? join(app.outdir, "diagram.md");
  // The diagram's place is checked with the synth's, so that a bad one leaves the synth unwritten too.
  if (!synthesize(prepared.workshop, options.report, [[file, "file"]])) return 1;
  makeDirectory(dirname(file));
  writeFileSafely(file, `\`\`\`mermaid\n${mermaidDiagram(stack.toTerraform() as StackJson)}\`\`\`\n`);
  options.print(`Wrote ${file} and the stack it shows in ${app.outdir}`);
  return 0;
}

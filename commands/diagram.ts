import { join } from "node:path";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, type PrepareOptions } from "./prepare-workshop";
import { DIAGRAM_FILE, writeWorkshop } from "./synth";
import { CONFIG, runnable } from "./usage";

/**
 * `npm run diagram [file]`: synthesizes the config and draws what it creates, as Mermaid, from that very
 * synth, so that the picture and the stack next to it always come from the same config.
 * @returns the exit code
 */
export function diagram(
  given: PrepareOptions & { readonly file?: string; readonly print: (line: string) => void },
): number {
  // File names reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const workshop = prepareWorkshop(options);
  if (workshop === undefined) return 1;
  const { app } = workshop;
  if (!writeWorkshop(workshop, options.env, options.report, options.file)) return 1;
  options.print(`Wrote ${options.file ?? join(app.outdir, DIAGRAM_FILE)} and the stack it shows in ${app.outdir}`);
  return 0;
}

/** `npm run diagram`: its spec and runner. */
export const DIAGRAM_COMMAND = runnable(
  {
    name: "diagram",
    summary: "synthesizes the config and draws what it creates, as Mermaid",
    usage: "npm run diagram [-- FILE]",
    options: {},
    positionals: { most: 1, name: "FILE" },
    reads: CONFIG,
    example: "npm run diagram",
  },
  (_, files, context) => diagram({ ...context, file: files[0] }),
);

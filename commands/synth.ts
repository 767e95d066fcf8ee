import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { Manifest } from "cdktf";
import { mermaidDiagram } from "../diagram/mermaid";
import { makeDirectory, writeFileSafely } from "../files/write";
import { attendeeRoom } from "../config/attendees";
import { correctLiteralStrings } from "../stacks/hcl-output/correct-literal-strings";
import { appendUnrenderedBlocks } from "../stacks/hcl-output/append-unrendered-blocks";
import { writeConditionBlocks } from "../stacks/hcl-output/condition-blocks";
import { findTerraform, terraformFmt } from "../terraform/binary";
import type { StackJson } from "../terraform/stack-json";
import { StackValues } from "../terraform/values";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, synthesize, type PrepareOptions, type Workshop } from "./prepare-workshop";
import { count } from "../text/count";
import { fail } from "../text/result";
import { CONFIG, type CommandSpec } from "./usage";

/**
 * The diagram every synth writes beside the stack, so that the picture in the output directory is never of another
 * config.
 */
export const DIAGRAM_FILE = "diagram.md";

/**
 * Writes a prepared workshop: the stack (JSON, or HCL completed with what cdktf's renderer drops), and the diagram
 * beside it, and at `extraDiagram` too when given. Every place is checked before anything is written.
 * @returns whether it was written
 */
export function writeWorkshop(
  workshop: Workshop,
  env: NodeJS.ProcessEnv,
  report: (line: string) => void,
  extraDiagram?: string,
): boolean {
  const { app, stack, stacks, shards } = workshop;
  const diagrams = [join(app.outdir, DIAGRAM_FILE), ...(extraDiagram === undefined ? [] : [extraDiagram])];
  if (
    !synthesize(
      workshop,
      report,
      diagrams.map((file) => [file, "file"] as const),
    )
  )
    return false;
  for (const each of stacks) {
    correctLiteralStrings(app, each);
    writeConditionBlocks(app, each);
    appendUnrenderedBlocks(app, each);
    if (app.hclOutput) formatHcl(join(app.outdir, app.manifest.forStack(each).synthesizedStackPath), env, report);
  }
  const shardJson = new Map([...shards.values()].map((shard) => [shard.node.id, shard.toTerraform() as StackJson]));
  const picture = `\`\`\`mermaid\n${mermaidDiagram(stack.toTerraform() as StackJson, shardJson)}\`\`\`\n`;
  for (const file of diagrams) {
    makeDirectory(dirname(file));
    writeFileSafely(file, picture);
  }
  return true;
}

/**
 * Rewrites the HCL as `terraform fmt` would: cdktf's renderer indents its own way, and a stack that fails
 * `terraform fmt -check` fails the linters of the repositories it is committed to. Without terraform, it says so.
 */
function formatHcl(file: string, env: NodeJS.ProcessEnv, report: (line: string) => void): void {
  const terraform = findTerraform(env);
  const formatted =
    terraform === undefined
      ? fail("terraform is not on the PATH")
      : terraformFmt(terraform, readFileSync(file, "utf8"));
  if (formatted.ok) writeFileSafely(file, formatted.value);
  else
    report(
      `Note: ${relative(process.cwd(), file)} is written as cdktf renders ` +
        `it, not as terraform fmt would (${formatted.problem}).`,
    );
}

/** One line: what the synth wrote, where, for whom, and how many findings the policy has. */
export function synthSummary(workshop: Workshop): string {
  const { app, stack, stacks, shards, config, findings } = workshop;
  const objects = stacks.reduce((sum, each) => {
    const byType = StackValues.of(each.toTerraform() as StackJson).resourceInstances();
    return [...byType.values()].reduce((total, instances) => total + instances, sum);
  }, 0);
  const attendees = attendeeRoom(config).environments.length;
  const shown = (path: string) => {
    const where = relative(process.cwd(), path);
    return where.startsWith("..") ? path : where;
  };
  const what =
    shards.size === 0
      ? `stack ${stack.node.id} into ${shown(join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath))}`
      : `${count(stacks.length, "stack")}, ${stack.node.id} and ` +
        `${count(shards.size, "shard")} of the room, into ` +
        `${shown(join(app.outdir, Manifest.stacksFolder))}`;
  const noted = findings.warnings + findings.acknowledged;
  const above =
    noted === 0 ? "" : noted === findings.lines ? " (above)" : ` in ${count(findings.lines, "line")} (above)`;
  return (
    `Synthesized ${what}: ${count(objects, "resource")}` +
    `${attendees > 0 ? ` for ${count(attendees, "attendee")}` : ""}, ` +
    `${count(noted, "finding")} of the policy${above}.`
  );
}

/**
 * `node bin/synth.js`: the config, validated and checked, synthesized into the output directory. Returns the exit code.
 */
export function synth(given: PrepareOptions & { readonly print: (line: string) => void }): number {
  // File names and config values reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const workshop = prepareWorkshop(options);
  if (workshop === undefined) return 1;
  if (!writeWorkshop(workshop, options.env, options.report)) return 1;
  options.print(synthSummary(workshop));
  return 0;
}

/** The synth's spec: main.ts, the app bin/synth.js runs, parses its arguments against it. */
export const SYNTH_COMMAND = {
  name: "synth",
  summary: "synthesizes the config into cdktf.out/ (plain Terraform into cdktf.out.hcl/ with --hcl)",
  usage: "node bin/synth.js [--hcl]",
  options: {
    hcl: { type: "boolean", help: "write plain Terraform (.tf), as cdktf synth --hcl, into cdktf.out.hcl/" },
  },
  positionals: { most: 0 },
  reads: CONFIG,
  example: "WORKSHOP_CONFIG=room.json node bin/synth.js",
} as const satisfies CommandSpec;

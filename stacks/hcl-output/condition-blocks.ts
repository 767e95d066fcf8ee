import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import { writeFileSafely } from "../../files/write";

/** The line cdktf 0.21's HCL renderer opens a lifecycle's conditions with: `postcondition = [`. */
const CONDITIONS_START = /^(\s*)(precondition|postcondition) = \[\s*$/;

/**
 * cdktf's HCL text with each lifecycle condition as the block Terraform takes: its renderer writes a list of objects,
 * `postcondition = [ { condition = ..., error_message = ... }, ]`, which Terraform refuses ("An argument named
 * "postcondition" is not expected here"). Each object of the list becomes a `postcondition { ... }` block.
 */
export function conditionBlocks(hcl: string): string {
  const lines = hcl.split("\n");
  const written: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const start = CONDITIONS_START.exec(lines[index]!);
    if (start === null) {
      written.push(lines[index]!);
      continue;
    }
    const [, indent, kind] = start;
    for (index++; index < lines.length && !/^\s*\]\s*$/.test(lines[index]!); index++) {
      const line = lines[index]!;
      written.push(/^\s*\{\s*$/.test(line) ? `${indent}${kind} {` : /^\s*\},?\s*$/.test(line) ? `${indent}}` : line);
    }
  }
  return written.join("\n");
}

/** Writes the lifecycle conditions of an HCL synth as blocks (see {@link conditionBlocks}); a JSON synth needs none. */
export function writeConditionBlocks(app: App, stack: TerraformStack): void {
  if (!app.hclOutput) return;
  const file = join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath);
  const hcl = readFileSync(file, "utf8");
  const corrected = conditionBlocks(hcl);
  if (corrected !== hcl) writeFileSafely(file, corrected);
}

import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import { UnrenderedBlocks } from "../../constructs/unrendered-blocks";

/**
 * Completes an HCL synth: cdktf's HCL renderer drops the top-level blocks it has no construct for, so the
 * elements that make them append their own HCL to the stack's `.tf` file. A JSON synth needs nothing.
 */
export function appendUnrenderedBlocks(app: App, stack: TerraformStack): void {
  if (!app.hclOutput) return;
  const hcl = stack.node
    .findAll()
    .filter((node): node is UnrenderedBlocks => node instanceof UnrenderedBlocks)
    .map((blocks) => blocks.toHcl())
    .join("");
  if (hcl !== "") appendFileSync(join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath), hcl);
}

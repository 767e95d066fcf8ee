import { TerraformElement } from "cdktf";

/**
 * Top-level Terraform blocks that cdktf has no construct for. They synthesize into the JSON like any
 * element, but cdktf's HCL renderer drops blocks it does not know, so each renders its own HCL, which the
 * HCL synth appends (see `appendUnrenderedBlocks`).
 */
export abstract class UnrenderedBlocks extends TerraformElement {
  override toHclTerraform(): Record<string, unknown> {
    return {};
  }

  /** The same blocks in HCL. */
  abstract toHcl(): string;
}

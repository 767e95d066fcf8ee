import type { Construct } from "constructs";
import { UnrenderedBlocks } from "./unrendered-blocks";

/** Properties of a {@link ForgetOnRemoval}. */
export interface ForgetOnRemovalProps {
  /** Address of the resource to forget, e.g. `tfe_organization.organization_DC53FF14`. */
  readonly from: string;
}

/**
 * A Terraform `removed` block with `destroy = false`: when the resource at `from` is no longer in the
 * config but still in the state, Terraform forgets it instead of destroying it; with nothing in the state,
 * the block does nothing.
 */
export class ForgetOnRemoval extends UnrenderedBlocks {
  private readonly from: string;

  constructor(scope: Construct, id: string, props: ForgetOnRemovalProps) {
    super(scope, id);
    this.from = props.from;
  }

  override toTerraform(): any {
    return { removed: [{ from: this.from, lifecycle: { destroy: false } }] };
  }

  toHcl(): string {
    return `\nremoved {\n  from = ${this.from}\n  lifecycle {\n    destroy = false\n  }\n}\n`;
  }
}

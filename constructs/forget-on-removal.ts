import type { Construct } from "constructs";
import { UnrenderedBlocks } from "./unrendered-blocks";

/** Properties of a {@link ForgetOnRemoval}: the address to forget, or the type of the resource it stands in for. */
export type ForgetOnRemovalProps =
  | {
      /** Address of the resource to forget, e.g. `tfe_organization.organization_DC53FF14`. */
      readonly from: string;
    }
  | {
      /**
       * Type of the resource to forget, e.g. `tfe_project`, whose block had this block's construct path: the
       * address is that type and this block's own name, as cdktf gave it to the resource.
       */
      readonly resourceType: string;
    };

/**
 * A Terraform `removed` block with `destroy = false`: when the resource at `from` is no longer in the
 * config but still in the state, Terraform forgets it instead of destroying it; with nothing in the state,
 * the block does nothing.
 */
export class ForgetOnRemoval extends UnrenderedBlocks {
  private readonly props: ForgetOnRemovalProps;

  constructor(scope: Construct, id: string, props: ForgetOnRemovalProps) {
    super(scope, id);
    this.props = props;
  }

  /** The address of the resource forgotten. */
  get from(): string {
    return "from" in this.props ? this.props.from : `${this.props.resourceType}.${this.friendlyUniqueId}`;
  }

  override toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.from, lifecycle: { destroy: false } }] };
  }

  toHcl(): string {
    return `\nremoved {\n  from = ${this.from}\n  lifecycle {\n    destroy = false\n  }\n}\n`;
  }
}

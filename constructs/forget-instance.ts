import type { Construct } from "constructs";
import { NAME_PATTERN } from "../terraform-cloud/naming-rules";
import { UnrenderedBlocks } from "./unrendered-blocks";
import { ValidationError } from "./validation-error";

/** Properties of a {@link ForgetInstance}. */
export interface ForgetInstanceProps {
  /** Address of the `for_each` resource, e.g. `tfe_workspace.attendees_workspaces_1A2B3C4D`. */
  readonly resource: string;
  /** The key of the instance to forget, of letters, digits, "-" or "_" (an attendee's name). */
  readonly key: string;
}

/**
 * One instance of a `for_each` resource forgotten, never destroyed, when its key leaves the resource: a `removed`
 * block cannot name an instance (Terraform 1.11 refuses `from = tfe_team.x["bob"]`: "Resource instance keys not
 * allowed"), so a `moved` block takes the instance to an address of its own, `tfe_team.x--moved-out--bob`, which a
 * `removed` block with `destroy = false` names. The other instances keep their addresses; with nothing at the
 * instance's address in the state, both blocks do nothing.
 */
export class ForgetInstance extends UnrenderedBlocks {
  /** The instance's address. */
  readonly from: string;
  /** The address of its own the instance moves to, and is forgotten at. */
  readonly forgotten: string;

  constructor(scope: Construct, id: string, props: ForgetInstanceProps) {
    super(scope, id);
    // A name Terraform Cloud accepts can be part of a Terraform address.
    if (!NAME_PATTERN.test(props.key))
      throw new ValidationError(
        `cannot forget instance ${JSON.stringify(props.key)} of ` +
          `${props.resource}: its key must be letters, digits, "-" or "_"`,
        this,
      );
    this.from = `${props.resource}[${JSON.stringify(props.key)}]`;
    this.forgotten = `${props.resource}--moved-out--${props.key}`;
  }

  override toTerraform(): Record<string, unknown> {
    return {
      moved: [{ from: this.from, to: this.forgotten }],
      removed: [{ from: this.forgotten, lifecycle: { destroy: false } }],
    };
  }

  toHcl(): string {
    return (
      `\nmoved {\n  from = ${this.from}\n  to   = ${this.forgotten}\n}\n\nremoved {\n` +
      `  from = ${this.forgotten}\n  lifecycle {\n    destroy = false\n  }\n}\n`
    );
  }
}

import { Rotating, type RotatingConfig } from "@cdktf/provider-time/lib/rotating";
import { DataResource } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "./validation-error";

/** Properties of a {@link TokenExpiry}; exactly one of the two is set. */
export interface TokenExpiryProps {
  /**
   * A fixed expiry, as an RFC 3339 date-time.
   * @default no fixed date: rotationDays applies
   */
  readonly expiresAt?: string;
  /**
   * Days after which the next apply replaces the token with a fresh one.
   * @default no rotation: expiresAt applies
   */
  readonly rotationDays?: number;
}

/**
 * A time_rotating replaced when a resource changes, in both of cdktf's outputs: Terraform's JSON syntax takes
 * replace_triggered_by as bare addresses and refuses an interpolation, its native syntax refuses a quoted address,
 * and cdktf writes the same string to both.
 */
type RotatingHcl = {
  readonly resource: Record<string, Record<string, { readonly lifecycle: { replace_triggered_by: string[] } }>>;
};

class RotatingReplacedBy extends Rotating {
  constructor(scope: Construct, id: string, config: RotatingConfig & { readonly replacedBy: DataResource }) {
    const { replacedBy, ...rotation } = config;
    super(scope, id, {
      ...rotation,
      lifecycle: { replaceTriggeredBy: [`${DataResource.tfResourceType}.${replacedBy.friendlyUniqueId}`] },
    });
  }

  override toHclTerraform(): Record<string, unknown> {
    // cdktf types its output `any`: this is the shape it writes for a resource with a lifecycle.
    const hcl = super.toHclTerraform() as RotatingHcl;
    const lifecycle = hcl.resource[this.terraformResourceType]![this.friendlyUniqueId]!.lifecycle;
    lifecycle.replace_triggered_by = lifecycle.replace_triggered_by.map((address) => `\${${address}}`);
    return hcl;
  }
}

/** One spelling per instant (UTC, whole seconds when possible), the form the tfe documentation uses. */
function toUtc(dateTime: string): string {
  return new Date(dateTime).toISOString().replace(".000Z", "Z");
}

/**
 * The `expired_at` of a token. A rotating expiry uses the `time` provider's `time_rotating`, HashiCorp's
 * documented pattern: the rotation time is fixed in the state at the first apply, so the synthesized
 * output never depends on the clock. A changed period replaces the rotation, so that it starts from that deploy.
 */
export class TokenExpiry extends Construct {
  /** The value for a token's `expired_at`. */
  public readonly expiredAt: string;

  constructor(scope: Construct, id: string, props: TokenExpiryProps) {
    super(scope, id);
    if (props.rotationDays !== undefined && props.expiresAt !== undefined)
      throw new ValidationError(`a token expires on a date or by rotation, not both`, this);
    if (props.rotationDays !== undefined && !(Number.isInteger(props.rotationDays) && props.rotationDays >= 1)) {
      throw new ValidationError(
        `rotationDays must be a whole number of days, at least 1, but ${props.rotationDays} was given`,
        this,
      );
    }
    if (props.expiresAt !== undefined && Number.isNaN(Date.parse(props.expiresAt)))
      throw new ValidationError(
        `expiresAt must be an RFC 3339 date-time, but ${JSON.stringify(props.expiresAt)} was given`,
        this,
      );
    if (props.rotationDays !== undefined) {
      // time 0.13.1 updates a changed rotation_days in place, from the first deploy's base: a shorter period could end
      // in the past, and the token would be replaced by one already expired. The period in a terraform_data replaces
      // the rotation when it changes (replace_triggered_by acts on its update); created next to a rotation deployed
      // before it existed, it replaces nothing, where `triggers` would have replaced every such rotation's token.
      const period = new DataResource(this, "rotation-period", { input: { rotation_days: props.rotationDays } });
      this.expiredAt = new RotatingReplacedBy(this, "rotation", {
        rotationDays: props.rotationDays,
        replacedBy: period,
      }).rotationRfc3339;
    } else if (props.expiresAt !== undefined) {
      this.expiredAt = toUtc(props.expiresAt);
    } else {
      throw new ValidationError(`a token needs expiresAt or rotationDays`, this);
    }
  }
}

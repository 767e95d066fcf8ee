import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Construct } from "constructs";

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

/** One spelling per instant (UTC, whole seconds when possible), the form the tfe documentation uses. */
function toUtc(dateTime: string): string {
  return new Date(dateTime).toISOString().replace(".000Z", "Z");
}

/**
 * The `expired_at` of a token. A rotating expiry uses the `time` provider's `time_rotating`, HashiCorp's
 * documented pattern: the rotation time is fixed in the state at the first apply, so the synthesized
 * output never depends on the clock.
 */
export class TokenExpiry extends Construct {
  /** The value for a token's `expired_at`. */
  public readonly expiredAt: string;

  constructor(scope: Construct, id: string, props: TokenExpiryProps) {
    super(scope, id);
    if (props.rotationDays !== undefined && props.expiresAt !== undefined) throw new Error(`${this.node.path}: a token expires on a date or by rotation, not both`);
    if (props.rotationDays !== undefined && !(Number.isInteger(props.rotationDays) && props.rotationDays >= 1)) {
      throw new Error(`${this.node.path}: rotationDays must be a whole number of days, at least 1, but ${props.rotationDays} was given`);
    }
    if (props.expiresAt !== undefined && Number.isNaN(Date.parse(props.expiresAt))) throw new Error(`${this.node.path}: expiresAt must be an RFC 3339 date-time, but ${JSON.stringify(props.expiresAt)} was given`);
    if (props.rotationDays !== undefined) {
      this.expiredAt = new Rotating(this, "rotation", { rotationDays: props.rotationDays }).rotationRfc3339;
    } else if (props.expiresAt !== undefined) {
      this.expiredAt = toUtc(props.expiresAt);
    } else {
      throw new Error(`${this.node.path}: a token needs expiresAt or rotationDays`);
    }
  }
}

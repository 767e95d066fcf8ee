import type { TokenExpiryConfig } from "../../config/schema";
import { timeOf } from "../../terraform-cloud/dates";
import type { ManagedObjects, ManagedToken } from "../stack-state";

/** A token the config makes, and the one the state holds for it. */
export interface HeldToken {
  readonly expiry: TokenExpiryConfig;
  readonly held: ManagedToken;
  /** Its description; undefined for the organization token, which has none. */
  readonly description?: {
    /** As the config writes it. */
    readonly text: string;
    /** The config's words for a change of it: an attendee's token generation, a team token's description. */
    readonly changed: (was: string) => string;
  };
}

/** How a token's expiry reads in a cause: `rotationDays 30`, `expiresAt 2026-12-04T17:00:00Z`. */
const expiryWords = (expiry: TokenExpiryConfig) =>
  expiry.rotationDays !== undefined ? `rotationDays ${expiry.rotationDays}` : `expiresAt ${expiry.expiresAt}`;

/** A change of expiry in the config's words: `rotationDays 30 → 7`, `rotationDays 30 → expiresAt 2026-...`. */
function expiryChange(was: TokenExpiryConfig, now: TokenExpiryConfig): string {
  const [from, to] = [expiryWords(was), expiryWords(now)];
  const field = from.slice(0, from.indexOf(" ") + 1);
  return to.startsWith(field) ? `${from} → ${to.slice(field.length)}` : `${from} → ${to}`;
}

/**
 * The expiry the state's token was made with: the period of the rotation whose time is its `expired_at` (Terraform
 * wires a rotation's `rotation_rfc3339` into its tokens' `expired_at`), else that date; undefined when the state does
 * not say, or its rotations of that time disagree.
 */
function heldExpiry(held: ManagedToken, managed: ManagedObjects): TokenExpiryConfig | undefined {
  const at = held.expiredAt === undefined ? undefined : timeOf(held.expiredAt);
  if (at === undefined) return undefined;
  const rotations = managed.rotations.filter((rotation) => timeOf(rotation.rotatesAt) === at);
  if (rotations.length === 0) return { expiresAt: held.expiredAt };
  const periods = new Set(rotations.map((rotation) => rotation.days));
  const [period] = periods;
  return periods.size === 1 && period !== undefined ? { rotationDays: period } : undefined;
}

/** Why the deploy replaces a token: in the config's words, and whether a change of the config is the cause. */
export interface Replacement {
  readonly why: string;
  /** False for a rotation time passed: then keeping the config as deployed replaces the token all the same. */
  readonly byTheConfig: boolean;
}

/**
 * Why the deploy replaces a token the state holds; undefined when it keeps it, when the state
 * does not say enough to tell, or when the config's own expiresAt has passed (the passed-expiries check's blocker: the
 * deploy must not make that token at all). tfe 0.71.0 replaces a token whose `description` or `expired_at` changes
 * (RequiresReplace, ForceNew); the stack replaces a rotation, whose time is its tokens' `expired_at`, when its period
 * changes (replace_triggered_by), and time 0.13.1's Read drops one whose time has passed, so the next deploy makes it
 * anew with new tokens.
 */
export function replacedBecause(token: HeldToken, managed: ManagedObjects, now: Date): Replacement | undefined {
  const { held, expiry } = token;
  if (expiry.expiresAt !== undefined && (timeOf(expiry.expiresAt) ?? Number.NEGATIVE_INFINITY) <= now.getTime())
    return undefined;
  const { description } = token;
  if (description !== undefined && held.description !== undefined && held.description !== description.text)
    return { why: description.changed(held.description), byTheConfig: true };
  const was = heldExpiry(held, managed);
  if (was === undefined) return undefined;
  const changed = { why: expiryChange(was, expiry), byTheConfig: true };
  if (expiry.expiresAt !== undefined)
    return was.expiresAt !== undefined && timeOf(was.expiresAt) === timeOf(expiry.expiresAt) ? undefined : changed;
  if (was.rotationDays !== expiry.rotationDays) return changed;
  return timeOf(held.expiredAt!)! <= now.getTime()
    ? { why: `the rotation time ${held.expiredAt} has passed`, byTheConfig: false }
    : undefined;
}

import { attendeeRoom } from "../../../config/attendees";
import type { WorkshopConfig } from "../../../config/schema";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { attendeeTokenDescription } from "../../../workshop/defaults";
import { count } from "../../../text/count";
import type { ManagedObjects } from "../../stack-state";
import { blocker, managedBy, ok, type PreflightCheck } from "../check";

/** A token the config gives an expiresAt that has passed, as the deploy would write it. */
interface PassedToken {
  /** Who holds it, as the checklist names them. */
  readonly holder: string;
  readonly expiresAt: string;
  /** The team it belongs to, by name; undefined for the organization token. */
  readonly team?: string;
  readonly description?: string;
}

const SUBJECT = "token expiries";

/** Every token of the config whose expiresAt is not after `now`. */
function passedTokens(config: WorkshopConfig, now: Date): PassedToken[] {
  const passed = (expiresAt: string | undefined): expiresAt is string =>
    expiresAt !== undefined && Date.parse(expiresAt) <= now.getTime();
  const organizationExpiry = config.organization.token?.expiresAt;
  const room = attendeeRoom(config);
  return [
    ...(passed(organizationExpiry) ? [{ holder: "the organization", expiresAt: organizationExpiry }] : []),
    ...config.teams.flatMap(({ name, token }) =>
      token !== undefined && passed(token.expiresAt)
        ? [{ holder: `team ${name}`, expiresAt: token.expiresAt, team: name, description: token.description }]
        : [],
    ),
    // An ended event's attendees get no token at all.
    ...(passed(room.token.expiresAt) && !room.ended
      ? room.environments.map((attendee) => ({
          holder: `attendee ${attendee.name}`,
          expiresAt: room.token.expiresAt!,
          team: attendee.workspaceName,
          description: attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
        }))
      : []),
  ];
}

/**
 * Whether the state holds the token as the config writes it: then Terraform keeps it (tfe's Read keeps `expired_at`
 * from the state); a token missing, or differing in a ForceNew argument (its expiry, its description), is created.
 */
function keptByTheState(token: PassedToken, managed: ManagedObjects): boolean {
  const teamId = token.team === undefined ? undefined : managed.teams.get(nameKey(token.team))?.id;
  if (token.team !== undefined && teamId === undefined) return false;
  return managed.tokens.some(
    (held) =>
      held.teamId === teamId &&
      held.description === token.description &&
      held.expiredAt !== undefined &&
      Date.parse(held.expiredAt) === Date.parse(token.expiresAt),
  );
}

/**
 * A deploy must not create a token whose expiresAt has passed: it would be dead on arrival, the token it replaces
 * deleted first. One the state holds with that very expiry is kept, so a config whose date passed after the workshop
 * still deploys (the teardown) and is read by every command.
 */
export const passedExpiriesCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  const passed = passedTokens(config, facts.now);
  if (managed === undefined || passed.length === 0) return [];
  const created = passed.filter((token) => !keptByTheState(token, managed));
  if (created.length === 0) {
    return [
      ok(
        SUBJECT,
        `${count(passed.length, "token")} whose expiresAt has passed ${passed.length === 1 ? "is" : "are"} ` +
          `kept as the state holds ${passed.length === 1 ? "it" : "them"}: the deploy creates none`,
      ),
    ];
  }
  const named =
    created
      .slice(0, 3)
      .map((token) => `${token.holder}: ${token.expiresAt}`)
      .join(", ") + (created.length > 3 ? `, and ${created.length - 3} more` : "");
  return [
    blocker(
      SUBJECT,
      `the deploy would create ${count(created.length, "token")} with an ` +
        `expiresAt that has passed, expired from the start (${named})`,
      "give a later expiresAt, or take the token out of the config",
    ),
  ];
};

import { attendeeRoom } from "../../../config/attendees";
import type { TokenExpiryConfig, WorkshopConfig } from "../../../config/schema";
import { timeOf } from "../../../terraform-cloud/dates";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { attendeeTokenDescription, FIRST_TOKEN_GENERATION } from "../../../workshop/defaults";
import type { ManagedObjects, ManagedTeam, ManagedToken } from "../../stack-state";
import { managedBy, someNames, warning, type CheckItem, type PreflightCheck } from "../check";

/** A token the config makes, and the one the state holds for the same team. */
interface HeldToken {
  /** The attendee's or the team's name. */
  readonly holder: string;
  readonly expiry: TokenExpiryConfig;
  readonly description: string;
  readonly held: ManagedToken;
  /** The config's words for a change of description: an attendee's token generation, a team token's description. */
  readonly describedAnew: (was: string) => string;
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
 * The expiry the state's token was made with: the period of the rotation whose time is its `expired_at`, else that
 * date; undefined when the state does not say, or its rotations of that time disagree.
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

/**
 * Why the deploy replaces a token the state holds, in the config's words; undefined when it keeps it, or when the state
 * does not say enough to tell. tfe 0.71.0 replaces a team token whose `description` or `expired_at` changes (both
 * ForceNew); the stack replaces a rotation, whose time is its tokens' `expired_at`, when its period changes
 * (replace_triggered_by), and time 0.13.1 one whose time has passed, at the next apply.
 */
function replacedBecause(token: HeldToken, managed: ManagedObjects, now: Date): string | undefined {
  const { held, expiry } = token;
  if (held.description !== undefined && held.description !== token.description)
    return token.describedAnew(held.description);
  const was = heldExpiry(held, managed);
  if (was === undefined) return undefined;
  const changed = expiryChange(was, expiry);
  if (expiry.expiresAt !== undefined)
    return was.expiresAt !== undefined && timeOf(was.expiresAt) === timeOf(expiry.expiresAt) ? undefined : changed;
  if (was.rotationDays !== expiry.rotationDays) return changed;
  return timeOf(held.expiredAt!)! <= now.getTime() ? `their rotation time ${held.expiredAt} has passed` : undefined;
}

/** The one token the state holds for a team; undefined for none (the deploy creates it) or several. */
function heldBy(team: ManagedTeam | undefined, tokens: ReadonlyMap<string, readonly ManagedToken[]>) {
  const held = team?.id === undefined ? undefined : tokens.get(team.id);
  return held?.length === 1 ? held[0] : undefined;
}

/** The generation an attendee token's description says: 1 for none. */
function generationIn(description: string, attendee: string): string {
  const first = attendeeTokenDescription(attendee);
  if (description === first) return String(FIRST_TOKEN_GENERATION);
  return description.startsWith(`${first}, token `) ? description.slice(`${first}, token `.length) : "?";
}

/** The tokens the state holds that the config makes again for the same team: the attendees' and the teams'. */
function heldTokens(config: WorkshopConfig, managed: ManagedObjects) {
  const tokens = new Map<string, ManagedToken[]>();
  for (const token of managed.tokens)
    if (token.teamId !== undefined) tokens.set(token.teamId, [...(tokens.get(token.teamId) ?? []), token]);
  const attendeeTeams = new Map(
    [...managed.teams.values()].flatMap((team) =>
      team.attendee === undefined ? [] : [[team.attendee, team] as const],
    ),
  );
  const room = attendeeRoom(config);
  // An ended event's deploy deletes the attendees' tokens: none is replaced.
  const attendees = (room.ended ? [] : room.environments).flatMap((attendee): HeldToken[] => {
    const held = heldBy(attendeeTeams.get(attendee.name), tokens);
    return held === undefined
      ? []
      : [
          {
            holder: attendee.name,
            expiry: room.token,
            description: attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
            held,
            describedAnew: (was) => `tokenGeneration ${generationIn(was, attendee.name)} → ${attendee.tokenGeneration}`,
          },
        ];
  });
  const teams = config.teams.flatMap(({ name, token }): HeldToken[] => {
    const held = token === undefined ? undefined : heldBy(managed.teams.get(nameKey(name)), tokens);
    return token === undefined || held === undefined
      ? []
      : [
          {
            holder: name,
            expiry: { expiresAt: token.expiresAt, rotationDays: token.rotationDays },
            description: token.description,
            held,
            describedAnew: (was) => `description ${JSON.stringify(was)} → ${JSON.stringify(token.description)}`,
          },
        ];
  });
  return { attendees, teams };
}

/** The warning of the attendees' tokens the deploy replaces, naming the causes and who needs a handout again. */
function attendeesWarning(replaced: ReadonlyArray<{ holder: string; why: string }>, held: number): CheckItem {
  const every = replaced.length === held;
  const names = replaced.map(({ holder }) => holder);
  return warning(
    "attendee tokens",
    `the deploy replaces ${replaced.length === 1 ? "1 attendee's token" : `${replaced.length} attendees' tokens`} ` +
      `(${someNames(new Set(replaced.map(({ why }) => why)))}): ` +
      (every
        ? "every attendee needs their handout again"
        : `${someNames(names)} ${names.length === 1 ? "needs" : "need"} their handout again`),
    every
      ? "after the deploy, hand the room out again: npm run handout -- --all --out handouts --with-token; if that is " +
          "not meant, keep the token settings as deployed"
      : "after the deploy, hand each out again: npm run handout -- NAME --with-token",
  );
}

/**
 * The tokens the deploy replaces, by what the state holds against what the config makes: every attendee's, for a
 * change of their shared expiry (rotationDays, expiresAt, event.endsAt) or a rotation time passed; one attendee's for a
 * new tokenGeneration; a team's for its own. Not a blocker: it is often meant, but each holder needs the new token.
 * Nothing is concluded from a state that could not be read, or that does not hold a token's expiry and description.
 */
export const tokenReplacementsCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (managed === undefined) return [];
  const { attendees, teams } = heldTokens(config, managed);
  const why = (token: HeldToken) => ({ holder: token.holder, why: replacedBecause(token, managed, facts.now) });
  const replaced = attendees
    .map(why)
    .filter((token): token is { holder: string; why: string } => token.why !== undefined);
  return [
    ...(replaced.length === 0 ? [] : [attendeesWarning(replaced, attendees.length)]),
    ...teams
      .map(why)
      .flatMap(({ holder, why: cause }) =>
        cause === undefined
          ? []
          : [
              warning(
                `team "${holder}"`,
                `the deploy replaces its token (${cause}): whoever holds it needs it again`,
                `after the deploy, npm run handout -- ${holder} --with-token`,
              ),
            ],
      ),
  ];
};

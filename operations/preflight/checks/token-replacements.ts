import { attendeeRoom } from "../../../config/attendees";
import type { WorkshopConfig } from "../../../config/schema";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { quote } from "../../../text/quote";
import { attendeeTokenDescription, FIRST_TOKEN_GENERATION } from "../../../workshop/defaults";
import type { ManagedObjects, ManagedTeam, ManagedToken } from "../../stack-state";
import { managedBy, someNames, warning, type CheckItem, type PreflightCheck } from "../check";
import { replacedBecause, type HeldToken, type Replacement } from "../token-replacement";

/** A team's or an attendee's token the config makes, and the one the state holds for the same team. */
interface HolderToken extends HeldToken {
  /** The attendee's or the team's name. */
  readonly holder: string;
}

/** A token the deploy replaces: whose, and why. */
interface Replaced extends Replacement {
  readonly holder: string;
}

/** The one token the state holds for a team; undefined for none (the deploy creates it) or several. */
function heldBy(team: ManagedTeam | undefined, tokens: ReadonlyMap<string, readonly ManagedToken[]>) {
  const held = team?.id === undefined ? undefined : tokens.get(team.id);
  return held?.length === 1 ? held[0] : undefined;
}

/**
 * A change of a token's description, in the config's words when it has none of its own for it; quoted as every value
 * is, so that one set by hand is escaped, shortened, and never shown when it looks like a token.
 */
const descriptionChange = (was: string, now: string) => `description ${quote(was)} → ${quote(now)}`;

/**
 * A change of an attendee token's description: of its generation, when the state's is one this stack writes
 * (`workshop attendee bob`, `workshop attendee bob, token 2`); else of the description itself.
 */
function generationChange(was: string, attendee: string, generation: number): string {
  const trailing = /[0-9]+$/.exec(was)?.[0];
  const held = [FIRST_TOKEN_GENERATION, ...(trailing === undefined ? [] : [Number(trailing)])].find(
    (candidate) => attendeeTokenDescription(attendee, candidate) === was,
  );
  return held === undefined
    ? descriptionChange(was, attendeeTokenDescription(attendee, generation))
    : `tokenGeneration ${held} → ${generation}`;
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
  const attendees = (room.ended ? [] : room.environments).flatMap((attendee): HolderToken[] => {
    const held = heldBy(attendeeTeams.get(attendee.name), tokens);
    return held === undefined
      ? []
      : [
          {
            holder: attendee.name,
            expiry: room.token,
            held,
            description: {
              text: attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
              changed: (was) => generationChange(was, attendee.name, attendee.tokenGeneration),
            },
          },
        ];
  });
  const teams = config.teams.flatMap(({ name, token }): HolderToken[] => {
    const held = token === undefined ? undefined : heldBy(managed.teams.get(nameKey(name)), tokens);
    return token === undefined || held === undefined
      ? []
      : [
          {
            holder: name,
            expiry: { expiresAt: token.expiresAt, rotationDays: token.rotationDays },
            held,
            description: {
              text: token.description,
              changed: (was) => descriptionChange(was, token.description),
            },
          },
        ];
  });
  return { attendees, teams };
}

/** The fix of the attendees' warning: the one handout again, or the room's, for a change of the config or none. */
function attendeesFix(replaced: readonly Replaced[], every: boolean, configChanged: boolean): string {
  if (replaced.length === 1 && !every)
    return `after the deploy, hand it out again: npm run handout -- ${replaced[0]!.holder} --with-token`;
  return (
    "after the deploy, hand the room out again: npm run handout -- --all --out handouts --with-token" +
    (every && configChanged ? "; if that is not meant, keep the token settings as deployed" : "")
  );
}

/** The warning of the attendees' tokens the deploy replaces, naming the causes and who needs a handout again. */
function attendeesWarning(replaced: readonly Replaced[], held: number): CheckItem {
  const every = replaced.length === held;
  const names = replaced.map(({ holder }) => holder);
  return warning(
    "attendee tokens",
    `the deploy replaces ${replaced.length === 1 ? "1 attendee's token" : `${replaced.length} attendees' tokens`} ` +
      `(${someNames(new Set(replaced.map(({ why }) => why)))}): ` +
      (every
        ? "every attendee needs their handout again"
        : `${someNames(names)} ${names.length === 1 ? "needs" : "need"} their handout again`),
    attendeesFix(
      replaced,
      every,
      replaced.every(({ byTheConfig }) => byTheConfig),
    ),
  );
}

/**
 * The tokens the deploy replaces, by what the state holds against what the config makes: every attendee's, for a
 * change of their shared expiry (rotationDays, expiresAt, event.endsAt) or a rotation time passed; one attendee's for a
 * new tokenGeneration; a team's for its own. Not a blocker: it is often meant, but each holder needs the new token.
 * Nothing is concluded from a state that could not be read, or that does not hold a token's expiry and description.
 * The organization token's line is the organization token check's.
 */
export const tokenReplacementsCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (managed === undefined) return [];
  const { attendees, teams } = heldTokens(config, managed);
  const replaced = (tokens: readonly HolderToken[]) =>
    tokens.flatMap((token): Replaced[] => {
      const replacement = replacedBecause(token, managed, facts.now);
      return replacement === undefined ? [] : [{ holder: token.holder, ...replacement }];
    });
  const attendeesReplaced = replaced(attendees);
  return [
    ...(attendeesReplaced.length === 0 ? [] : [attendeesWarning(attendeesReplaced, attendees.length)]),
    ...replaced(teams).map(({ holder, why }) =>
      warning(
        `team "${holder}"`,
        `the deploy replaces its token (${why}): whoever holds it needs it again`,
        `after the deploy, hand it out again: npm run handout -- ${holder} --with-token`,
      ),
    ),
  ];
};

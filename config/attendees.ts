import {
  attendeeTokenDescription,
  attendeeWorkspaceName,
  DEFAULT_ATTENDEE_ACCESS,
  DEFAULT_ATTENDEE_ROTATION_DAYS,
  FIRST_TOKEN_GENERATION,
} from "../workshop/defaults";
import type { Unplaced } from "./exhaustive";
import type { TokenExpiryConfig, WorkshopConfig, WorkspaceAccess } from "./schema";

/** One attendee, with the name of the workspace (and team) generated for them. */
export interface AttendeeEnvironment {
  readonly name: string;
  readonly email?: string;
  /** Which of the attendee's tokens is the live one, from 1: raising it replaces their token. */
  readonly tokenGeneration: number;
  /** Where the attendee appears in the config, for messages: `attendees[2]` or `attendees.names[2]`. */
  readonly path: ReadonlyArray<PropertyKey>;
  /** Name of the attendee's own workspace, which their team is named after too. */
  readonly workspaceName: string;
}

/** The attendees of a config, and what they all share. */
export interface AttendeeRoom {
  readonly environments: readonly AttendeeEnvironment[];
  /** What every attendee's workspace and team name starts with. */
  readonly workspacePrefix: string;
  /** What each attendee's team may do on its workspace. */
  readonly access: WorkspaceAccess;
  /**
   * When the attendee tokens expire; they share one expiry, so the room rotates together. Without one of their own,
   * at the event's end when the config sets one, else by the default rotation.
   */
  readonly token: TokenExpiryConfig;
  /** How many shard stacks the rooms are split into; undefined: the room is in the one stack with everything else. */
  readonly shards?: number;
  /**
   * Whether the room, deployed as one stack, moves into its shards: they import what each attendee has, the one stack
   * forgets it.
   */
  readonly migrateFromOneStack: boolean;
  /**
   * How many shards the room was deployed in, when it moves out of them: into another count of shards, or, without
   * `shards`, into the one stack.
   */
  readonly migrateFromShards?: number;
  /** Whether the event has ended: the attendees' tokens and invitations go, their workspaces and teams stay. */
  readonly ended: boolean;
}

/** The attendees expanded, by the config's attendees and the workspace prefix. */
const expansions = new WeakMap<object, Map<string, readonly AttendeeEnvironment[]>>();

/**
 * The attendees' environments, expanded once per config: the relations, the stack and the commands read a config's
 * room many times, and a room of 10,000 is 10,000 objects each time. A parsed config is never changed.
 */
function expanded(
  attendees: WorkshopConfig["attendees"],
  prefix: string,
  expand: () => readonly AttendeeEnvironment[],
): readonly AttendeeEnvironment[] {
  let byPrefix = expansions.get(attendees);
  if (byPrefix === undefined) {
    byPrefix = new Map();
    expansions.set(attendees, byPrefix);
  }
  let environments = byPrefix.get(prefix);
  if (environments === undefined) {
    environments = expand();
    byPrefix.set(prefix, environments);
  }
  return environments;
}

/** One attendee as the config lists them: a name, or an object with the name. */
export type AttendeeEntry = Extract<WorkshopConfig["attendees"], readonly unknown[]>[number];

/** The attendees as the config lists them, and where the list is: `attendees` or `attendees.names`. */
export function attendeeEntries(attendees: WorkshopConfig["attendees"]): {
  readonly entries: readonly AttendeeEntry[];
  readonly path: ReadonlyArray<PropertyKey>;
} {
  return Array.isArray(attendees)
    ? { entries: attendees, path: ["attendees"] }
    : { entries: attendees.names, path: ["attendees", "names"] };
}

/** An attendee's name, of an entry of either kind. */
export const entryName = (entry: AttendeeEntry): string => (typeof entry === "string" ? entry : entry.name);

/**
 * Expands the attendees of a config. The workspace prefix defaults to the first workspace's name and "-",
 * so `aws_workshop-alice`.
 */
export function attendeeRoom(config: Pick<WorkshopConfig, "attendees" | "workspaces" | "event">): AttendeeRoom {
  const attendees = config.attendees;
  const namesPath = attendeeEntries(attendees).path;
  // Every field of the room is placed here: a new one fails the type check until it is.
  const { names, workspacePrefix, access, token, shards, migrateFromOneStack, migrateFromShards, ...unplaced } =
    Array.isArray(attendees)
      ? {
          names: attendees,
          workspacePrefix: undefined,
          access: undefined,
          token: undefined,
          shards: undefined,
          migrateFromOneStack: undefined,
          migrateFromShards: undefined,
        }
      : attendees;
  unplaced satisfies Unplaced;
  const { endsAt, ended, ...unplacedEvent } = config.event ?? {};
  unplacedEvent satisfies Unplaced;
  const prefix = workspacePrefix ?? `${config.workspaces[0]?.name ?? ""}-`;
  return {
    workspacePrefix: prefix,
    environments: expanded(attendees, prefix, () => {
      const environment = (index: number, name: string, email?: string, tokenGeneration?: number) => ({
        name,
        email,
        tokenGeneration: tokenGeneration ?? FIRST_TOKEN_GENERATION,
        path: [...namesPath, index],
        workspaceName: attendeeWorkspaceName(prefix, name),
      });
      return names.map((entry, index) => {
        // A bare name, as most of a large room's are, has nothing more to place.
        if (typeof entry === "string") return environment(index, entry);
        const { name, email, tokenGeneration, ...rest } = entry;
        rest satisfies Unplaced;
        return environment(index, name, email, tokenGeneration);
      });
    }),
    access: access ?? DEFAULT_ATTENDEE_ACCESS,
    token: token ?? (endsAt === undefined ? { rotationDays: DEFAULT_ATTENDEE_ROTATION_DAYS } : { expiresAt: endsAt }),
    shards,
    migrateFromOneStack: migrateFromOneStack ?? false,
    migrateFromShards,
    ended: ended ?? false,
  };
}

/** Every workspace the config creates: the declared ones, then one per attendee. */
export function createdWorkspaceNames(config: Pick<WorkshopConfig, "workspaces" | "attendees">): string[] {
  return [
    ...config.workspaces.map((workspace) => workspace.name),
    ...attendeeRoom(config).environments.map((attendee) => attendee.workspaceName),
  ];
}

/** Every team the config creates: the declared ones, then one per attendee (named like its workspace). */
export function createdTeamNames(config: Pick<WorkshopConfig, "teams" | "workspaces" | "attendees">): string[] {
  return [
    ...config.teams.map((team) => team.name),
    ...attendeeRoom(config).environments.map((attendee) => attendee.workspaceName),
  ];
}

/** A team token the config creates: its team, and the description that tells it from the team's other tokens. */
export interface CreatedTeamToken {
  readonly team: string;
  readonly description: string;
  /** The attendee it is for; undefined for a declared team's, whose description is the config's. */
  readonly attendee?: string;
}

/**
 * Every team token the config creates, each with a description: the declared teams' with `token`, then one per
 * attendee.
 */
export function createdTeamTokens(config: WorkshopConfig): CreatedTeamToken[] {
  return [
    ...config.teams.flatMap((team) =>
      team.token === undefined ? [] : [{ team: team.name, description: team.token.description }],
    ),
    ...attendeeRoom(config).environments.map((attendee) => ({
      team: attendee.workspaceName,
      description: attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
      attendee: attendee.name,
    })),
  ];
}

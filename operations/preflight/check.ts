import { attendeeRoom, type AttendeeRoom } from "../../config/attendees";
import { movesRoom, placeOf, roomShards } from "../../config/shards";
import type { WorkshopConfig } from "../../config/schema";
import { roomStackId, shardStackId, STACK_ID } from "../../stacks/workshop-stack";
import { nameKey } from "../../terraform-cloud/naming-rules";
import { count, listed } from "../../text/count";
import { mergedObjects, type ManagedObjects } from "../stack-state";
import type { RoomIds } from "../deploy-record";
import type { PreflightFacts, ShardStateFact, StackStateFact } from "./facts";

/** One line of the checklist. */
export interface CheckItem {
  /**
   * "ok" passes; "warning" is what preflight could not confirm or deserves a look; "blocker" would make the deploy
   * fail.
   */
  readonly level: "ok" | "warning" | "blocker";
  /** What was checked, e.g. `organization "acme"`. */
  readonly subject: string;
  readonly finding: string;
  /** The one thing to do about it. */
  readonly fix?: string;
}

/**
 * One preflight check: a pure function from the config and what Terraform Cloud answered to checklist items.
 * A fact that could not be fetched is undefined; a check that needs it says nothing, since the failed request
 * is reported once, and nothing is guessed from a missing answer.
 */
export type PreflightCheck = (config: WorkshopConfig, facts: PreflightFacts) => readonly CheckItem[];

export const ok = (subject: string, finding: string): CheckItem => ({ level: "ok", subject, finding });
export const warning = (subject: string, finding: string, fix: string): CheckItem => ({
  level: "warning",
  subject,
  finding,
  fix,
});
export const blocker = (subject: string, finding: string, fix: string): CheckItem => ({
  level: "blocker",
  subject,
  finding,
  fix,
});

/** The fix of every conclusion that only a token seeing the whole organization could draw. */
export const OWNER_TOKEN_FIX = "run preflight with a user token of an owner of the organization";

/**
 * The line of an object the stack manages that Terraform Cloud did not list: deleted by hand when the token sees the
 * whole organization (what the deploy then does is `recreated`), else something only an owner's token can tell.
 */
export const managedButUnlisted = (
  subject: string,
  seesAll: boolean,
  recreated: { readonly finding: string; readonly fix: string },
): CheckItem =>
  seesAll
    ? warning(
        subject,
        `is managed by this stack but not in Terraform Cloud (deleted by hand?): ${recreated.finding}`,
        recreated.fix,
      )
    : blocker(
        subject,
        "is managed by this stack and not visible to this token: preflight " +
          "cannot tell whether it was deleted or is only hidden from it",
        OWNER_TOKEN_FIX,
      );

/**
 * The line of a workspace or team the stack manages that Terraform Cloud does not list by its name but lists, by its
 * id, under another: renamed by hand, which the deploy renames back in place (the same id), `keeping` what it has;
 * undefined when it lists no such id.
 */
export function renamedByHand(
  subject: string,
  held: { readonly id?: string },
  listed: Iterable<{ readonly id: string; readonly name: string }>,
  keeping: string,
): CheckItem | undefined {
  const renamed = held.id === undefined ? undefined : [...listed].find(({ id }) => id === held.id);
  if (renamed === undefined) return undefined;
  return warning(
    subject,
    `is managed by this stack, and Terraform Cloud lists it (${renamed.id}) as "${renamed.name}" (renamed by ` +
      `hand?): the deploy renames it back, in place, ${keeping}`,
    "nothing to do, unless the new name is meant to stay: then give it to the config before the deploy",
  );
}

/** The line of an object the config's `import.<list>` names that Terraform Cloud did not list. */
export const importedButUnlisted = (subject: string, seesAll: boolean, list: string): CheckItem =>
  blocker(
    subject,
    `is listed in import.${list} but ${seesAll ? "does not exist" : "is not visible to this token"}`,
    seesAll ? `remove it from import.${list} so that it is created` : OWNER_TOKEN_FIX,
  );

/** The subject of the organization's lines. */
export const organizationSubject = (config: WorkshopConfig) => `organization "${config.organization.name}"`;

/** What a stack manages before its first deploy: nothing. */
export const NOTHING_MANAGED: ManagedObjects = {
  organizationToken: false,
  tokens: [],
  workspaces: new Map(),
  teams: new Map(),
  grants: [],
  invitations: new Map(),
  rotations: [],
  foreignTypes: [],
};

/**
 * What a stack manages as its state says: nothing before its first deploy; undefined when its state could not be read.
 */
export function managedIn(reading: ShardStateFact["reading"] | undefined): ManagedObjects | undefined {
  if (reading?.kind === "read") return reading.managed;
  return reading?.kind === "none" ? NOTHING_MANAGED : undefined;
}

/**
 * Whether every shard's state was looked for and answered: a room kept in Terraform Cloud is found beyond the config's
 * shards only by listing the state organization's shard state workspaces, and when that list did not answer, a shard it
 * would have found may hold rooms; so may a shard whose state's read got no answer.
 */
export const everyShardAnswered = (facts: PreflightFacts): boolean =>
  (facts.shardSearch === undefined || facts.shardSearch.kind === "listed") &&
  [...(facts.shardStates?.values() ?? [])].every((state) => state.reading.kind !== "unanswered");

/**
 * What the stacks manage, as their states say: the one stack's, or the shared stack's with every shard's; undefined
 * when a state could not be read.
 */
export function managedBy(facts: PreflightFacts): ManagedObjects | undefined {
  if (!everyShardAnswered(facts)) return undefined;
  const shared = managedIn(facts.state?.reading);
  const shards = [...(facts.shardStates?.values() ?? [])].map((state) => managedIn(state.reading));
  if (shared === undefined || shards.some((managed) => managed === undefined)) return undefined;
  return shards.length === 0 ? shared : mergedObjects(shared, shards as ManagedObjects[]);
}

/**
 * Which stacks the objects of `managedBy` are managed by, in words: this stack, or in a sharded room all of them, so
 * that a line of the checklist never means one stack on one line and the room's every stack on the next.
 */
export function managedByWhom(config: WorkshopConfig, facts: PreflightFacts): string {
  const shards = (facts.shardStates?.size ?? 0) - emptyDroppedShards(config, facts).size;
  return shards === 0
    ? "managed by this stack"
    : `managed by the room's ${count(shards + 1, "stack")} (${STACK_ID} and ${count(shards, "shard")})`;
}

/**
 * Whether the token sees every workspace, team and project of the organization (an owner's does): only then is
 * one it does not see absent; for any other token it may only be hidden from it.
 */
export function seesEverything(facts: PreflightFacts): boolean {
  return facts.organization !== undefined && facts.organization !== "not-visible" && facts.organization.canUpdate;
}

/**
 * The attendees' workspace names (their teams are named alike, compared by `nameKey`) that their new stacks import
 * when rooms move (attendees.migrateFromOneStack, migrateFromShards): one that no state manages is the
 * shard-migration check's to judge, never one to create.
 */
export function importedByTheMove(config: WorkshopConfig): ReadonlySet<string> {
  const room = attendeeRoom(config);
  return new Set(
    room.environments.filter((attendee) => movesRoom(attendee.name, room)).map((attendee) => attendee.workspaceName),
  );
}

/** The config's field that chooses a room's move: out of the one stack, or out of a count of shards. */
export const migrationFlag = (room: AttendeeRoom): string =>
  room.migrateFromOneStack ? "attendees.migrateFromOneStack" : "attendees.migrateFromShards";

/** The most names one line of the checklist gives; the others are counted, so that a room of 1,000 stays one line. */
export const MOST_NAMED = 5;

/** Names as a line of the checklist gives them: sorted, the first few, and how many more. */
export const someNames = (names: Iterable<string>): string => listed([...names].sort(), MOST_NAMED);

/**
 * The lines of the config's workspaces or teams that no state manages and Terraform Cloud does not list: to create,
 * named; or, when the token may not see them all, taken as to create, and a warning.
 */
export function toCreateItems(
  subject: "workspaces" | "teams",
  toCreate: readonly string[],
  unseen: readonly string[],
): CheckItem[] {
  return [
    ...(toCreate.length === 0 ? [] : [ok(subject, `${toCreate.length} to create (${someNames(toCreate)})`)]),
    ...(unseen.length === 0
      ? []
      : [
          warning(
            subject,
            `${unseen.length} not visible to this token, taken as to create (${someNames(unseen)}): one that ` +
              "exists unseen makes the deploy fail when it creates it",
            OWNER_TOKEN_FIX,
          ),
        ]),
  ];
}

/** "1 attendee's room", "3 attendees' rooms". */
export const roomsOf = (n: number): string => (n === 1 ? "1 attendee's room" : `${n} attendees' rooms`);

/** The attendees whose rooms a stack's state holds (their workspaces' instance keys). */
function attendeesIn(reading: ShardStateFact["reading"] | undefined): string[] {
  if (reading?.kind !== "read") return [];
  return [...reading.managed.workspaces.values()].flatMap((workspace) =>
    workspace.attendee === undefined ? [] : [workspace.attendee],
  );
}

/**
 * Every stack whose state holds each attendee's room, the shared stack first, then the shards in their order. A room
 * is in two when a move's new stack imported it before the old one forgot it (a shard deployed again by hand, out of
 * order): keeping one of them would hide that the other still deletes it once the move's flag is gone.
 */
export function roomHolders(facts: PreflightFacts): ReadonlyMap<string, readonly string[]> {
  const holders = new Map<string, string[]>();
  for (const [id, state] of [[STACK_ID, facts.state] as const, ...(facts.shardStates ?? [])])
    for (const attendee of attendeesIn(state?.reading)) holders.set(attendee, [...(holders.get(attendee) ?? []), id]);
  return holders;
}

/**
 * The stacks of this config that can hold or delete a room: the shared one, and the config's shards (with those a
 * migration moves rooms out of).
 */
export function configStacks(config: WorkshopConfig): ReadonlySet<string> {
  return new Set([STACK_ID, ...[...(roomShards(attendeeRoom(config))?.keys() ?? [])].map(shardStackId)]);
}

/**
 * The attendees whose rooms only stacks this config does not have hold: its deploy runs none of those stacks, so it
 * neither removes nor changes those rooms (the shards check blocks on them).
 */
export function roomsBeyondConfig(config: WorkshopConfig, facts: PreflightFacts): ReadonlySet<string> {
  const stacks = configStacks(config);
  return new Set(
    [...roomHolders(facts)].filter(([, ids]) => ids.every((id) => !stacks.has(id))).map(([attendee]) => attendee),
  );
}

/**
 * The states of shards this config does not have that hold no room (no workspace, team or membership): what a move to
 * fewer shards leaves, safe to delete; a destroy guard or a rotation left in one is nothing of Terraform Cloud's. One
 * holding what no stack of the workshop makes is someone else's state, never safe to delete.
 */
export function emptyDroppedShards(config: WorkshopConfig, facts: PreflightFacts): ReadonlyMap<string, StackStateFact> {
  const stacks = configStacks(config);
  return new Map(
    [...(facts.shardStates ?? [])].flatMap(([id, state]) => {
      const { reading } = state;
      const empty =
        reading.kind === "none" ||
        (reading.kind === "read" &&
          reading.managed.workspaces.size + reading.managed.teams.size + reading.managed.invitations.size === 0 &&
          reading.managed.foreignTypes.length === 0);
      return stacks.has(id) || !empty ? [] : [[id, { ...state, reading }] as const];
    }),
  );
}

/**
 * The attendees whose rooms the config puts in a stack and its state (as read: none before the first deploy) lacks,
 * and those its state holds that the config does not put there: what a deploy of that stack adds and removes.
 */
export function roomChanges(
  room: AttendeeRoom,
  stackId: string,
  reading: ShardStateFact["reading"] | undefined,
): { readonly added: readonly string[]; readonly removed: readonly string[] } {
  const wanted = new Set(
    room.environments.map(({ name }) => name).filter((name) => roomStackId(placeOf(name, room)) === stackId),
  );
  const held = new Set(attendeesIn(reading));
  return {
    added: [...wanted].filter((attendee) => !held.has(attendee)),
    removed: [...held].filter((attendee) => !wanted.has(attendee)),
  };
}

/**
 * The ids of what a stack's state manages that Terraform Cloud, as preflight listed it, does not have (deleted by hand,
 * which the stack's deploy creates again; a workspace or team renamed by hand, which it renames back in place): its
 * workspaces and teams by name, when the token sees everything or lists them by id under another name (renamed, as
 * preflight's line says, whatever else the token sees); its project by id, when the token sees everything; its
 * memberships by id, when they are visible.
 */
export function goneFromTerraformCloud(facts: PreflightFacts, managed: ManagedObjects): ReadonlySet<string> {
  const seesAll = seesEverything(facts);
  const unlisted = <T extends { readonly id?: string }>(objects: Iterable<T>, listed: (object: T) => boolean) =>
    [...objects].flatMap((object) => (object.id === undefined || listed(object) ? [] : [object.id]));
  const unlistedByName = <T extends { readonly id?: string; readonly name: string }>(
    objects: Iterable<T>,
    listed: ReadonlyMap<string, { readonly id: string }> | undefined,
    key: (name: string) => string,
  ) => {
    if (listed === undefined) return [];
    const ids = new Set([...listed.values()].map(({ id }) => id));
    return unlisted(objects, (object) => listed.has(key(object.name)) || (!seesAll && !ids.has(object.id!)));
  };
  const { workspaces, teams, projects, memberships } = facts;
  return new Set([
    ...unlistedByName(managed.workspaces.values(), workspaces, (name) => name),
    ...unlistedByName(managed.teams.values(), teams, nameKey),
    ...(seesAll && projects !== undefined && managed.project !== undefined
      ? unlisted([managed.project], (p) => projects.some((project) => project.id === p.id))
      : []),
    ...(memberships !== undefined && memberships !== "not-visible"
      ? unlisted(managed.invitations.values(), (invitation) => memberships.has(invitation.id!))
      : []),
  ]);
}

/** The ids of each attendee's workspace and team as the stacks' states hold them, by attendee. */
export function roomIdsHeld(facts: PreflightFacts): Map<string, RoomIds> {
  const ids = new Map<string, { workspace?: string; team?: string }>();
  for (const state of [facts.state, ...(facts.shardStates?.values() ?? [])]) {
    if (state?.reading.kind !== "read") continue;
    const { workspaces, teams } = state.reading.managed;
    for (const [kind, objects] of [
      ["workspace", workspaces],
      ["team", teams],
    ] as const)
      for (const { attendee, id } of objects.values())
        if (attendee !== undefined && id !== undefined) ids.set(attendee, { ...ids.get(attendee), [kind]: id });
  }
  return ids;
}

/** An attendee's workspace or team that the deploy renames in place. */
export interface RoomRename {
  readonly attendee: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The room's workspaces and teams the deploy renames: the room is keyed by attendee, so an attendee still in the
 * config whose workspace name changed (attendees.workspacePrefix, or the first workspace's name it defaults to) is
 * renamed in place, never replaced. Team names compare without case, as Terraform Cloud compares them.
 */
export function roomRenames(
  config: WorkshopConfig,
  managed: ManagedObjects,
): { readonly workspaces: readonly RoomRename[]; readonly teams: readonly RoomRename[] } {
  const wanted = new Map(attendeeRoom(config).environments.map((attendee) => [attendee.name, attendee.workspaceName]));
  const renamed = (
    objects: Iterable<{ readonly name: string; readonly attendee?: string }>,
    same: (a: string, b: string) => boolean,
  ) =>
    [...objects].flatMap((object) => {
      const to = object.attendee === undefined ? undefined : wanted.get(object.attendee);
      return to === undefined || same(to, object.name) ? [] : [{ attendee: object.attendee!, from: object.name, to }];
    });
  return {
    workspaces: renamed(managed.workspaces.values(), (a, b) => a === b),
    teams: renamed(managed.teams.values(), (a, b) => nameKey(a) === nameKey(b)),
  };
}

import { count } from "../../../text/count";
import { attendeeRoom, type AttendeeEnvironment, type AttendeeRoom } from "../../../config/attendees";
import { deployedPlaceOf, movesRoom, placeOf } from "../../../config/shards";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { byShardNumber } from "../../../workshop/defaults";
import { roomStackId, STACK_ID } from "../../../stacks/workshop-stack";
import {
  blocker,
  managedBy,
  migrationFlag,
  OWNER_TOKEN_FIX,
  roomHolders,
  roomsOf,
  seesEverything,
  warning,
  type CheckItem,
  type PreflightCheck,
} from "../check";
import type { PreflightFacts } from "../facts";
const are = (n: number): string => (n === 1 ? "is" : "are");

/**
 * Where the room of an attendee that no state holds is, as far as Terraform Cloud's lists show: forgotten by the one
 * stack and not yet imported by its shard (a workspace or team of theirs is listed, with the id a move's deploy found
 * in the state it left: its deploy record), someone else's (listed under their name, with no such evidence: a leftover,
 * or made by hand, which the import would adopt), never deployed (neither is listed, and the token sees everything),
 * unseen (neither is, and the token may not see them), or unknown (a list did not answer).
 */
function whereIs(attendee: AttendeeEnvironment, facts: PreflightFacts) {
  const moved = facts.movedRooms?.get(attendee.name);
  const workspace = facts.workspaces?.get(attendee.workspaceName);
  const team = facts.teams?.get(nameKey(attendee.workspaceName));
  if (moved !== undefined && ((workspace?.id ?? "") === moved.workspace || (team?.id ?? "") === moved.team))
    return "forgotten";
  if (workspace !== undefined || team !== undefined) return "unproven";
  if (facts.workspaces === undefined || facts.teams === undefined) return "unknown";
  return seesEverything(facts) ? "never-deployed" : "unseen";
}

/** "aws-workshop-shard-1: 2, aws-workshop-shard-3: 1": the stacks the attendees' rooms belong in. */
function byStack(attendees: readonly AttendeeEnvironment[], stackOf: (name: string) => string): string {
  const counted = new Map<string, number>();
  for (const { name } of attendees) counted.set(stackOf(name), (counted.get(stackOf(name)) ?? 0) + 1);
  return [...counted]
    .sort(([a], [b]) => byShardNumber(a, b))
    .map(([stack, n]) => `${stack}: ${n}`)
    .join(", ");
}

/** The words for a move: from the one stack into shards, or out of a count of shards (attendees.migrateFromShards). */
function moveWords(room: AttendeeRoom) {
  const flag = migrationFlag(room);
  const from = room.migrateFromOneStack ? STACK_ID : "their old shards";
  const [into, there, importers] =
    room.shards === undefined
      ? [STACK_ID, `${STACK_ID}'s state`, () => STACK_ID]
      : [
          room.migrateFromOneStack ? "shards" : `${room.shards} shards`,
          "the shards' states",
          (n: number) => (n === 1 ? "its shard" : "their shards"),
        ];
  return { flag, from, into, there, importers };
}

/** The blocker for rooms Terraform Cloud lists under their names that no move's deploy found in a state. */
function unprovenBlocker(unproven: readonly AttendeeEnvironment[], { flag, importers }: ReturnType<typeof moveWords>) {
  const one = unproven.length === 1;
  const shown = unproven.slice(0, 5).map((attendee) => attendee.workspaceName);
  const names = `${shown.join(", ")}${unproven.length > 5 ? ", ..." : ""}`;
  return blocker(
    flag,
    `${roomsOf(unproven.length)} ${are(unproven.length)} in no state, and Terraform Cloud lists a ` +
      `workspace or team of ${one ? "its" : "their"} name (${names}) that no move's deploy found in a ` +
      "state (the deploy record, deployed-stacks.json, names none with its id): " +
      `${importers(unproven.length)} would import and manage ${one ? "it" : "them"}, and delete ` +
      `${one ? "it" : "them"} with the room, though ${one ? "it" : "they"} may be a leftover or made by ` +
      "hand",
    "if this room's move was deployed from another machine, run npm run deploy there (its record " +
      "holds the evidence); else leave them out of attendees.names until the move's deploy is " +
      `done, then add them back without ${flag}, with the workspace and team in import.workspaces ` +
      "and import.teams to adopt them on purpose, or delete them first",
  );
}

/**
 * With `attendees.migrateFromOneStack` (or `migrateFromShards`), where each room that is not in the one stack (its
 * old shard) any more stands. A deploy that stopped after the shared stack, or after some shards, leaves rooms the
 * one stack forgot and their shard has not imported yet: no state holds them, but Terraform Cloud still lists their
 * workspaces and teams, and deploying again with the flag finishes the move (without it, their shards would create
 * them again under taken names). Rooms in their shards' states only mean the move is done; a room neither a state
 * holds nor Terraform Cloud lists was never deployed, and its shard's import would find nothing. Rooms still in the
 * one stack are the shards check's.
 */
export const shardMigrationCheck: PreflightCheck = (config, facts) => {
  const room = attendeeRoom(config);
  if (!room.migrateFromOneStack && room.migrateFromShards === undefined) return [];
  if (room.shards === undefined && room.migrateFromShards === undefined) return [];
  if (managedBy(facts) === undefined) return [];
  const words = moveWords(room);
  const { flag, from, into, there, importers } = words;
  const stackOf = (name: string) => roomStackId(placeOf(name, room));
  const holders = [...roomHolders(facts)];
  // A room in two states is the shards check's blocker: the move is neither done nor stopped halfway.
  if (holders.some(([, ids]) => ids.length > 1)) return [];
  const deployed = new Map(holders.map(([attendee, [id]]) => [attendee, id!]));
  const movers = room.environments.filter(({ name }) => movesRoom(name, room));
  // Rooms still where they were deployed, which the stacks they leave have not forgotten yet, and rooms moved.
  const inOld = movers.filter(({ name }) => deployed.get(name) === roomStackId(deployedPlaceOf(name, room))).length;
  const inNew = movers.filter(({ name }) => deployed.get(name) === stackOf(name)).length;
  const elsewhere = room.environments.some(({ name }) => deployed.has(name) && deployed.get(name) !== stackOf(name));
  const stateless = movers.filter((attendee) => !deployed.has(attendee.name));
  const of = (kind: ReturnType<typeof whereIs>) => stateless.filter((attendee) => whereIs(attendee, facts) === kind);
  const [forgotten, never, unseen, unproven] = [of("forgotten"), of("never-deployed"), of("unseen"), of("unproven")];
  const items: CheckItem[] = [];
  if (unproven.length > 0) items.push(unprovenBlocker(unproven, words));
  if (forgotten.length > 0)
    items.push(
      warning(
        "shards",
        `the move into ${into} stopped halfway: ${roomsOf(forgotten.length)} ` +
          `(${byStack(forgotten, stackOf)}) ${are(forgotten.length)} forgotten by ${from} and not yet ` +
          `imported by ${importers(forgotten.length)}: Terraform Cloud lists their workspaces or ` +
          `teams, and no state holds them; ${count(inNew, "room")} ${are(inNew)} in ${there} already`,
        `keep ${flag} and run npm run deploy again: it deploys ` +
          `${room.shards === undefined ? STACK_ID : "the shards that have not imported theirs yet"}`,
      ),
    );
  if (unseen.length > 0)
    items.push(
      warning(
        "shards",
        `${roomsOf(unseen.length)} ${are(unseen.length)} in no state and not visible to ` +
          `this token: preflight cannot tell whether ${from} forgot them for ` +
          `${importers(unseen.length)} to import, or they were never deployed`,
        OWNER_TOKEN_FIX,
      ),
    );
  const moving = inOld + forgotten.length + unproven.length > 0;
  if (never.length > 0 && moving)
    items.push(
      blocker(
        flag,
        `${roomsOf(never.length)} ${never.length === 1 ? "was" : "were"} never deployed ` +
          `(${never[0]!.name}: no state holds it and Terraform Cloud lists neither its workspace nor ` +
          `its team), so ${importers(never.length)} would try to import what is not there`,
        `leave them out of attendees.names until the move's deploy is done, then add them back without ${flag}`,
      ),
    );
  // Only when every room is accounted for: a room a list did not answer for may be one the shards must still import,
  // and one in another stack is the shards check's.
  if (!moving && !elsewhere && unseen.length === 0 && stateless.length === never.length) {
    const neverDeployed =
      never.length === 0 ? "" : `, and ${roomsOf(never.length)} never deployed would be imported from nothing`;
    const creators = room.shards === undefined ? `${STACK_ID} then creates` : "the shards then create";
    items.push(
      blocker(
        flag,
        inNew === 0
          ? `no attendee's room is deployed, in ${from} or elsewhere: no state holds one and Terraform ` +
              "Cloud lists none of their workspaces and teams, so " +
              `${room.shards === undefined ? STACK_ID : "the shards"} would try to import workspaces and ` +
              "teams that are not there"
          : `the move into ${into} is done: ${roomsOf(inNew)} ${are(inNew)} in ` +
              `${there}, none is left in ${from}${neverDeployed}`,
        `leave ${flag} out${never.length === 0 ? "" : `: ${creators} the rooms not deployed`}`,
      ),
    );
  }
  return items;
};

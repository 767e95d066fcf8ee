import { attendeeRoom } from "../../../config/attendees";
import { deployedPlaceOf, movesRoom, placeOf, roomShards } from "../../../config/shards";
import { roomStackId, shardStackId, STACK_ID } from "../../../stacks/workshop-stack";
import { count } from "../../../text/count";
import { blocker, ok, type PreflightCheck } from "../check";
import type { StackStateFact } from "../facts";

/** How the fix names a room deployed in the one stack. */
const ONE_STACK = "absent: one stack";

/** The shard a stack id names, or undefined for the shared stack. */
function shardNumber(stackId: string): number | undefined {
  const shard = Number(stackId.slice(stackId.lastIndexOf("-") + 1));
  return stackId !== STACK_ID && stackId === shardStackId(shard) ? shard : undefined;
}

/** The attendees whose rooms a stack's state holds (their workspaces' instance keys). */
export function attendeesIn(state: StackStateFact | undefined): string[] {
  const { reading } = state ?? {};
  if (reading?.kind !== "read") return [];
  return [...reading.managed.workspaces.values()].flatMap((workspace) =>
    workspace.attendee === undefined ? [] : [workspace.attendee],
  );
}

/**
 * Where each attendee's room is deployed against where the config puts it. A room deployed in another stack than
 * its shard (shards turned on or off, or their count changed) cannot move by a deploy: the new stack would create
 * its workspace and team again, under names Terraform Cloud has taken, while the old one deletes them. So that is a
 * blocker naming `attendees.shards`. Otherwise, which shards the deploy adds attendees to or removes them from.
 */
export const shardsCheck: PreflightCheck = (config, facts) => {
  const room = attendeeRoom(config);
  const wanted = new Map(
    room.environments.map((attendee) => [attendee.name, roomStackId(placeOf(attendee.name, room))]),
  );
  const deployed = new Map<string, string>();
  for (const [id, state] of [[STACK_ID, facts.state] as const, ...(facts.shardStates ?? [])])
    for (const attendee of attendeesIn(state)) deployed.set(attendee, id);
  // The stacks this config has, which can delete a room that leaves it: the shared one, and the config's shards
  // (with those a migration moves rooms out of).
  const stacks = new Set([STACK_ID, ...[...(roomShards(room)?.keys() ?? [])].map(shardStackId)]);
  const misplaced = [...deployed].filter(([attendee, id]) =>
    wanted.has(attendee) ? wanted.get(attendee) !== id : !stacks.has(id),
  );
  // attendees.migrateFromOneStack and migrateFromShards move rooms from where they were deployed: chosen moves.
  const moving = misplaced.filter(
    ([attendee, id]) =>
      wanted.has(attendee) && movesRoom(attendee, room) && id === roomStackId(deployedPlaceOf(attendee, room)),
  );
  if (moving.length > 0 && moving.length === misplaced.length && room.migrateFromShards !== undefined) {
    const leaving = [...new Set(moving.map(([, id]) => id))].sort();
    const going = [...new Set(moving.map(([attendee]) => wanted.get(attendee)!))].sort();
    return [
      ok(
        "shards",
        `attendees.migrateFromShards moves ${moving.length === 1 ? "1 attendee's room" : `${moving.length} attendees' rooms`} out of ${leaving.join(", ")} into ${going.join(", ")}: npm run deploy deploys the stacks they leave first (which forget their workspaces, teams and memberships and delete their team accesses and tokens), then those they go to (which import them, grant the access again and issue new tokens for the handout); leave migrateFromShards out after that deploy`,
      ),
    ];
  }
  if (moving.length > 0 && moving.length === misplaced.length) {
    return [
      ok(
        "shards",
        `attendees.migrateFromOneStack moves ${moving.length === 1 ? "1 attendee's room" : `${moving.length} attendees' rooms`} from ${STACK_ID} into the ${room.shards} shards: deploy ${STACK_ID} first (it forgets their workspaces, teams and memberships and deletes their team accesses and tokens), then the shards (they import them, grant the access again and issue new tokens for the handout); leave migrateFromOneStack out after that deploy`,
      ),
    ];
  }
  if (misplaced.length > 0) {
    const [attendee, id] = misplaced[0]!;
    const to = wanted.get(attendee);
    // The room was sharded as far as the shards' states go: its last shard has a state, whether or not it holds a room.
    const withState = [...(facts.shardStates ?? [])].flatMap(([stack, state]) =>
      state.reading.kind === "read" ? [shardNumber(stack) ?? 0] : [],
    );
    const before =
      [...deployed.values()].includes(STACK_ID) || withState.length === 0 ? ONE_STACK : String(Math.max(...withState));
    return [
      blocker(
        "attendees.shards",
        `${misplaced.length === 1 ? "1 attendee's room is" : `${misplaced.length} attendees' rooms are`} deployed in another stack than this config puts them in (${attendee} in ${id}, ${to === undefined ? "a stack this config no longer has" : `now ${to}`}): a deploy cannot move a room, it would create it again in its new stack, under names Terraform Cloud has taken, and delete it where it is`,
        `keep attendees.shards as the room was deployed (${before})${before === ONE_STACK ? (room.shards === undefined ? "" : ", or move it with attendees.migrateFromOneStack (docs/large-rooms.md)") : `, or move it with attendees.migrateFromShards ${before} (docs/large-rooms.md)`}`,
      ),
    ];
  }
  if (room.shards === undefined) return [];
  // Where the rooms of a move stand, when none is left where it was deployed, is the shard-migration check's.
  if (room.migrateFromOneStack || room.migrateFromShards !== undefined) return [];
  const changes = [...stacks]
    .filter((id) => id !== STACK_ID)
    .flatMap((id) => {
      const now = new Set([...wanted].filter(([, stack]) => stack === id).map(([attendee]) => attendee));
      const before = new Set([...deployed].filter(([, stack]) => stack === id).map(([attendee]) => attendee));
      const added = [...now].filter((attendee) => !before.has(attendee)).length;
      const removed = [...before].filter((attendee) => !now.has(attendee)).length;
      return added + removed === 0
        ? []
        : [
            `${id} (${[added > 0 ? `${added} to add` : "", removed > 0 ? `${removed} to remove` : ""].filter(Boolean).join(", ")})`,
          ];
    });
  return [
    ok(
      "shards",
      changes.length === 0
        ? `no shard of the ${room.shards} gains or loses an attendee`
        : `this config adds or removes attendees in ${changes.length} of ${count(room.shards, "shard")}: ${changes.join(", ")}`,
    ),
  ];
};

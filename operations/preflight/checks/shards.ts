import { attendeeRoom } from "../../../config/attendees";
import { deployedPlaceOf, movesRoom, placeOf } from "../../../config/shards";
import { roomStackId, shardStackId, STACK_ID } from "../../../stacks/workshop-stack";
import { count, listed } from "../../../text/count";
import type { AgainstRecord, LocalStack } from "../../deploy-record";
import { ROTATION_DUE, stackPlan, type StackPlan } from "../../stack-plan";
import { byShardNumber, shardNumberOf } from "../../../workshop/defaults";
import type { AttendeeRoom } from "../../../config/attendees";
import {
  blocker,
  configStacks,
  everyShardAnswered,
  managedIn,
  MOST_NAMED,
  ok,
  roomChanges,
  roomHolders,
  roomsOf,
  seesEverything,
  someNames,
  type CheckItem,
  type PreflightCheck,
} from "../check";
import type { PreflightFacts } from "../facts";

/** How the fix names a room deployed in the one stack. */
const ONE_STACK = "absent: one stack";

/**
 * The blocker of rooms held by two stacks' states: the stacks other than the room's own must forget them first, which
 * only their deploy with the move's flag does; without it, it would delete them.
 */
function heldTwice(room: AttendeeRoom, twice: ReadonlyArray<readonly [string, readonly string[]]>): CheckItem {
  const stale = [
    ...new Set(twice.flatMap(([attendee, ids]) => ids.filter((id) => id !== roomStackId(placeOf(attendee, room))))),
  ].sort(byShardNumber);
  const named = someNames(twice.map(([attendee, ids]) => `${attendee} in ${ids.join(" and ")}`));
  const flag = room.migrateFromOneStack
    ? "keep attendees.migrateFromOneStack"
    : room.migrateFromShards !== undefined
      ? "keep attendees.migrateFromShards"
      : "set " +
        `${stale.includes(STACK_ID) ? "attendees.migrateFromOneStack" : "attendees.migrateFromShards"}` +
        " again as the move had it";
  return blocker(
    "shards",
    `${roomsOf(twice.length)} ${twice.length === 1 ? "is" : "are"} in the states of two stacks ` +
      `(${named}): a move's new stack ` +
      `imported ${twice.length === 1 ? "it" : "them"} before the old one forgot ` +
      `${twice.length === 1 ? "it" : "them"}, and a deploy of the old stack without the move's flag would ` +
      `delete ${twice.length === 1 ? "it" : "them"} (token, team access, memberships and workspace)`,
    `${flag} and deploy ${stale.join(", ")} first, which forget${stale.length === 1 ? "s" : ""} ` +
      `${twice.length === 1 ? "it" : "them"}: npx cdktf deploy ${stale.join(" ")} ` +
      "--ignore-missing-stack-dependencies (npm run deploy stops at this blocker); leave the flag out only " +
      "once no room is in two states",
  );
}

/**
 * The blocker for rooms in shards the config no longer has, when it removes them all: no stack of the config holds
 * them, so no deploy would remove them; the shards deployed (`deployedShards`, the last with a state) do, kept.
 */
function removedOutsideBlocker(
  room: AttendeeRoom,
  removed: ReadonlyArray<readonly [string, string]>,
  deployedShards: number,
): CheckItem {
  const [attendee, id] = removed[0]!;
  const them = removed.length === 1 ? "it" : "them";
  return blocker(
    "attendees.shards",
    `${roomsOf(removed.length)} this config removes ${removed.length === 1 ? "is" : "are"} deployed in shards it ` +
      `no longer has (${attendee} in ${id}): no stack of this config holds ${them}, so this deploy would not ` +
      `remove ${them}, and ${removed.length === 1 ? "its token stays" : "their tokens stay"} valid`,
    `keep attendees.shards as the room was deployed (${deployedShards}) so that each shard's deploy removes its ` +
      "rooms" +
      `${room.environments.length === 0 ? `: "attendees": { "names": [], "shards": ${deployedShards} }` : ""}` +
      " (docs/operations.md, After the workshop)",
  );
}

/**
 * The blocker for rooms deployed in another stack than the config puts them in (attendee to stack id: `misplaced`
 * as deployed, `wanted` by the config, `deployed` every room), naming the count of shards the room was deployed in.
 */
function misplacedBlocker(
  room: AttendeeRoom,
  misplaced: ReadonlyArray<readonly [string, string]>,
  wanted: ReadonlyMap<string, string>,
  deployed: ReadonlyMap<string, string>,
  facts: PreflightFacts,
): CheckItem {
  const [attendee, id] = misplaced[0]!;
  const to = wanted.get(attendee);
  // The room was sharded as far as the shards' states go: its last shard has a state, whether or not it holds a room.
  const withState = [...(facts.shardStates ?? [])].flatMap(([stack, state]) =>
    state.reading.kind === "read" ? [shardNumberOf(STACK_ID, stack) ?? 0] : [],
  );
  if (misplaced.every(([each]) => !wanted.has(each)) && withState.length > 0)
    return removedOutsideBlocker(room, misplaced, Math.max(...withState));
  const before =
    [...deployed.values()].includes(STACK_ID) || withState.length === 0 ? ONE_STACK : String(Math.max(...withState));
  const moveFlag =
    before === ONE_STACK
      ? room.shards === undefined
        ? undefined
        : "attendees.migrateFromOneStack"
      : `attendees.migrateFromShards ${before}`;
  return blocker(
    "attendees.shards",
    `${roomsOf(misplaced.length)} ${misplaced.length === 1 ? "is" : "are"} deployed in another stack ` +
      `than this config puts them in (${attendee} in ${id}, ` +
      `${to === undefined ? "a stack this config no longer has" : `now ${to}`}): a deploy cannot move a ` +
      "room, it would create it again in its new stack, under names Terraform Cloud has taken, and " +
      "delete it where it is",
    "keep attendees.shards as the room was deployed " +
      `(${before})` +
      `${moveFlag === undefined ? "" : `, or move it with ${moveFlag} (docs/large-rooms.md)`}`,
  );
}

/** How the shards line says why the deploy plans a shard (a stack changed, or the reasons `stackPlan` names). */
function whyPlanned(recorded: AgainstRecord, plan: StackPlan): string {
  if (recorded === "changed") return "changed since this machine deployed it";
  if (recorded === "not recorded") return "not recorded as deployed from this machine";
  return plan.reasons
    .map((label) => (label === ROTATION_DUE ? `${label} (its tokens are replaced)` : label))
    .join(", ");
}

/** A stack this machine has no record of deploying. */
const NOT_RECORDED: LocalStack = { recorded: "not recorded", initialized: false };

/**
 * The shards line: the shards `npm run deploy` plans, as `stackPlan` chooses them for the deploy itself (without
 * `--all`), grouped by why, each with the attendees it gains or loses, and those attendees once for the room.
 */
function plannedShards(room: AttendeeRoom & { readonly shards: number }, facts: PreflightFacts): CheckItem {
  const rule = { all: false, now: facts.now, room, facts };
  const added: string[] = [];
  const removed: string[] = [];
  const why = new Map<string, string[]>();
  for (const shard of Array.from({ length: room.shards }, (_, index) => index + 1)) {
    const id = shardStackId(shard);
    const reading = facts.shardStates?.get(id)?.reading;
    const local = facts.locals?.get(id) ?? NOT_RECORDED;
    const plan = stackPlan(id, local, managedIn(reading), rule);
    if (plan === undefined) continue;
    const { added: adds, removed: removes } = roomChanges(room, id, reading);
    added.push(...adds);
    removed.push(...removes);
    const counts = [
      adds.length > 0 ? `${adds.length} to add` : "",
      removes.length > 0 ? `${removes.length} to remove` : "",
    ]
      .filter(Boolean)
      .join(", ");
    const reason = whyPlanned(local.recorded, plan);
    why.set(reason, [...(why.get(reason) ?? []), counts === "" ? id : `${id} (${counts})`]);
  }
  const planned = [...why.values()].flat().length;
  if (planned === 0)
    return ok(
      "shards",
      `the deploy plans no shard of the ${room.shards}: each is as this machine deployed it, its state matches the ` +
        // What the state manages was compared with Terraform Cloud only where the token lists everything.
        (seesEverything(facts) && facts.workspaces !== undefined ? "config and Terraform Cloud" : "config") +
        ", and its rotation time has not passed",
    );
  // The attendees themselves, once for the room: a name mistyped reads as any other count.
  const who = [
    added.length > 0 ? `adds ${someNames(added)}` : "",
    removed.length > 0 ? `removes ${someNames(removed)}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return ok(
    "shards",
    `the deploy plans ${planned} of ${count(room.shards, "shard")}: ` +
      [...why].map(([reason, shards]) => `${reason}: ${listed(shards, MOST_NAMED)}`).join("; ") +
      (who === "" ? "" : `; it ${who}`),
  );
}

/**
 * Where each attendee's room is deployed against where the config puts it. A room deployed in another stack than
 * its shard (shards turned on or off, or their count changed) cannot move by a deploy: the new stack would create
 * its workspace and team again, under names Terraform Cloud has taken, while the old one deletes them. So that is a
 * blocker naming `attendees.shards`. Otherwise, which shards the deploy plans, and why (`plannedShards`).
 */
export const shardsCheck: PreflightCheck = (config, facts) => {
  if (!everyShardAnswered(facts)) return [];
  const room = attendeeRoom(config);
  const wanted = new Map(
    room.environments.map((attendee) => [attendee.name, roomStackId(placeOf(attendee.name, room))]),
  );
  const holders = [...roomHolders(facts)];
  const twice = holders.filter(([, ids]) => ids.length > 1);
  if (twice.length > 0) return [heldTwice(room, twice)];
  const deployed = new Map(holders.map(([attendee, [id]]) => [attendee, id!]));
  // The stacks this config has, which can delete a room that leaves it.
  const stacks = configStacks(config);
  const misplaced = [...deployed].filter(([attendee, id]) =>
    wanted.has(attendee) ? wanted.get(attendee) !== id : !stacks.has(id),
  );
  // attendees.migrateFromOneStack and migrateFromShards move rooms from where they were deployed: chosen moves.
  const moving = misplaced.filter(
    ([attendee, id]) =>
      wanted.has(attendee) && movesRoom(attendee, room) && id === roomStackId(deployedPlaceOf(attendee, room)),
  );
  if (moving.length > 0 && moving.length === misplaced.length && room.migrateFromShards !== undefined) {
    const leaving = [...new Set(moving.map(([, id]) => id))].sort(byShardNumber);
    const going = [...new Set(moving.map(([attendee]) => wanted.get(attendee)!))].sort(byShardNumber);
    return [
      ok(
        "shards",
        `attendees.migrateFromShards moves ${roomsOf(moving.length)} out of ${leaving.join(", ")} ` +
          `into ${going.join(", ")}: npm run deploy deploys the stacks they leave first (which forget ` +
          "their workspaces, teams and memberships and delete their team accesses and tokens), then " +
          "those they go to (which import them, grant the access again and issue new tokens for the " +
          "handout); leave migrateFromShards out after that deploy",
      ),
    ];
  }
  if (moving.length > 0 && moving.length === misplaced.length) {
    return [
      ok(
        "shards",
        `attendees.migrateFromOneStack moves ${roomsOf(moving.length)} from ${STACK_ID} into the ` +
          `${room.shards} shards: deploy ${STACK_ID} first (it forgets their workspaces, teams and ` +
          "memberships and deletes their team accesses and tokens), then the shards (they import them, grant " +
          "the access again and issue new tokens for the handout); leave migrateFromOneStack out after that " +
          "deploy",
      ),
    ];
  }
  if (misplaced.length > 0) return [misplacedBlocker(room, misplaced, wanted, deployed, facts)];
  if (room.shards === undefined) return [];
  // Where the rooms of a move stand, when none is left where it was deployed, is the shard-migration check's.
  if (room.migrateFromOneStack || room.migrateFromShards !== undefined) return [];
  // A shard whose state was not read (hidden from the token, corrupt: the state check's blocker names it) tells
  // nothing of what the deploy plans: no line rather than one that claims its state matches.
  const unread = [...(facts.shardStates?.values() ?? [])].some(({ reading }) => reading.kind === "unreadable");
  return unread ? [] : [plannedShards({ ...room, shards: room.shards }, facts)];
};

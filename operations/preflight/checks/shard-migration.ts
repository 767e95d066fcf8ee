import { count } from "../../../text/count";
import { attendeeRoom, type AttendeeEnvironment } from "../../../config/attendees";
import { shardOf } from "../../../config/shards";
import { nameKey } from "../../../terraform-cloud/naming-rules";
import { shardStackId, STACK_ID } from "../../../stacks/workshop-stack";
import {
  blocker,
  managedBy,
  OWNER_TOKEN_FIX,
  seesEverything,
  warning,
  type CheckItem,
  type PreflightCheck,
} from "../check";
import type { PreflightFacts } from "../facts";
import { attendeesIn } from "./shards";

/** "1 attendee's room", "3 attendees' rooms". */
const roomsOf = (n: number): string => (n === 1 ? "1 attendee's room" : `${n} attendees' rooms`);
const are = (n: number): string => (n === 1 ? "is" : "are");

/**
 * Where the room of an attendee that no state holds is, as far as Terraform Cloud's lists show: forgotten by the one
 * stack and not yet imported by its shard (a workspace or team of theirs is listed), never deployed (neither is, and
 * the token sees everything), unseen (neither is, and the token may not see them), or unknown (a list did not answer).
 */
function whereIs(attendee: AttendeeEnvironment, facts: PreflightFacts) {
  const listed = [facts.workspaces?.has(attendee.workspaceName), facts.teams?.has(nameKey(attendee.workspaceName))];
  if (listed.includes(true)) return "forgotten";
  if (listed.includes(undefined)) return "unknown";
  return seesEverything(facts) ? "never-deployed" : "unseen";
}

/** "aws-workshop-shard-1: 2, aws-workshop-shard-3: 1": the shards the attendees' rooms belong in. */
function byShard(attendees: readonly AttendeeEnvironment[], shards: number): string {
  const counted = new Map<number, number>();
  for (const { name } of attendees) counted.set(shardOf(name, shards), (counted.get(shardOf(name, shards)) ?? 0) + 1);
  return [...counted]
    .sort(([a], [b]) => a - b)
    .map(([shard, n]) => `${shardStackId(shard)}: ${n}`)
    .join(", ");
}

/**
 * With `attendees.migrateFromOneStack`, where each room that is not in the one stack any more stands. A deploy that
 * stopped after the shared stack, or after some shards, leaves rooms the one stack forgot and their shard has not
 * imported yet: no state holds them, but Terraform Cloud still lists their workspaces and teams, and deploying again
 * with the flag finishes the move (without it, their shards would create them again under taken names). Rooms in their
 * shards' states only mean the move is done; a room neither a state holds nor Terraform Cloud lists was never
 * deployed, and its shard's import would find nothing. Rooms still in the one stack are the shards check's.
 */
export const shardMigrationCheck: PreflightCheck = (config, facts) => {
  const room = attendeeRoom(config);
  if (room.shards === undefined || !room.migrateFromOneStack || managedBy(facts) === undefined) return [];
  const shards = room.shards;
  const deployed = new Map<string, string>();
  for (const [id, state] of [[STACK_ID, facts.state] as const, ...(facts.shardStates ?? [])])
    for (const attendee of attendeesIn(state)) deployed.set(attendee, id);
  const inOneStack = [...deployed.values()].filter((id) => id === STACK_ID).length;
  const inItsShard = ({ name }: AttendeeEnvironment) => deployed.get(name) === shardStackId(shardOf(name, shards));
  const elsewhere = room.environments.some((attendee) => deployed.has(attendee.name) && !inItsShard(attendee));
  const stateless = room.environments.filter((attendee) => !deployed.has(attendee.name));
  const of = (kind: ReturnType<typeof whereIs>) => stateless.filter((attendee) => whereIs(attendee, facts) === kind);
  const [forgotten, never, unseen] = [of("forgotten"), of("never-deployed"), of("unseen")];
  const items: CheckItem[] = [];
  if (forgotten.length > 0)
    items.push(
      warning(
        "shards",
        `the move into shards stopped halfway: ${roomsOf(forgotten.length)} (${byShard(forgotten, shards)}) ${are(forgotten.length)} forgotten by ${STACK_ID} and not yet imported by ${forgotten.length === 1 ? "its shard" : "their shards"}: Terraform Cloud lists their workspaces or teams, and no state holds them; ${count(deployed.size - inOneStack, "room")} ${are(deployed.size - inOneStack)} in the shards' states already`,
        "keep attendees.migrateFromOneStack and run npm run deploy again: it deploys the shards that have not imported theirs yet",
      ),
    );
  if (unseen.length > 0)
    items.push(
      warning(
        "shards",
        `${roomsOf(unseen.length)} ${are(unseen.length)} in no state and not visible to this token: preflight cannot tell whether ${STACK_ID} forgot them for their shards to import, or they were never deployed`,
        OWNER_TOKEN_FIX,
      ),
    );
  const moving = inOneStack + forgotten.length > 0;
  if (never.length > 0 && moving)
    items.push(
      blocker(
        "attendees.migrateFromOneStack",
        `${roomsOf(never.length)} ${never.length === 1 ? "was" : "were"} never deployed (${never[0]!.name}: no state holds it and Terraform Cloud lists neither its workspace nor its team), so ${never.length === 1 ? "its shard" : "their shards"} would try to import what is not there`,
        "leave them out of attendees.names until the move's deploy is done, then add them back without attendees.migrateFromOneStack",
      ),
    );
  // Only when every room is accounted for: a room a list did not answer for may be one the shards must still import,
  // and one in another shard is the shards check's.
  if (!moving && !elsewhere && unseen.length === 0 && stateless.length === never.length)
    items.push(
      blocker(
        "attendees.migrateFromOneStack",
        deployed.size === 0
          ? `no attendee's room is deployed, in ${STACK_ID} or elsewhere: no state holds one and Terraform Cloud lists none of their workspaces and teams, so the shards would try to import workspaces and teams that are not there`
          : `the move into shards is done: ${roomsOf(deployed.size)} ${are(deployed.size)} in the shards' states, none is left in ${STACK_ID}${never.length === 0 ? "" : `, and ${roomsOf(never.length)} never deployed would be imported from nothing`}`,
        `leave attendees.migrateFromOneStack out${never.length === 0 ? "" : ": the shards then create the rooms not deployed"}`,
      ),
    );
  return items;
};

import type { App } from "cdktf";
import { ForgetInstance } from "../constructs/forget-instance";
import { attendeeRoom, type AttendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { deployedPlaceOf, movesRoom, placeOf, roomMoves, roomShards, type RoomPlace } from "../config/shards";
import { importIds } from "../config/imports";
import { RoomShardStack, type RoomShardStackProps } from "./room-shard-stack";
import { byName, shardStackId, STACK_ID, WorkshopStack, type EveryField } from "./workshop-stack";

/** Every stack of a config: the shared one, and one per shard of a sharded room, by shard number. */
export interface WorkshopStacks {
  readonly shared: WorkshopStack;
  readonly shards: ReadonlyMap<number, RoomShardStack>;
}

/** Builds every stack of a config in the app: the one stack, or the shared stack and the room's shards. */
export function workshopStacks(app: App, config: WorkshopConfig): WorkshopStacks {
  const shared = new WorkshopStack(app, STACK_ID, { config });
  const shards = new Map<number, RoomShardStack>();
  const room = attendeeRoom(config);
  const imports = importIds(config);
  for (const [shard, attendees] of roomShards(room) ?? []) {
    shards.set(
      shard,
      new RoomShardStack(app, shardStackId(shard), {
        state: config.state,
        shard,
        organization: config.organization.name,
        project: config.project?.name,
        baseWorkspace: config.workspaces[0]!,
        room: { ...room, environments: attendees },
        imports,
      } satisfies EveryField<RoomShardStackProps>),
    );
  }
  const stackAt = (place: RoomPlace) => (place === undefined ? shared : shards.get(place)!);
  const moves = roomMoves(room);
  // For `cdktf deploy '*'`: the shared stack first, since a shard looks its project up by name, unless rooms move
  // into it; and the stacks rooms leave before those they move into, which import them.
  if (!moves.to.has(undefined)) for (const stack of shards.values()) stack.addDependency(shared);
  // In the stacks' order, not the attendees': the manifest must not depend on the order of the names.
  const places: readonly RoomPlace[] = [undefined, ...shards.keys()];
  for (const to of places.filter((place) => moves.to.has(place)))
    for (const from of places.filter((place) => moves.from.has(place))) stackAt(to).addDependency(stackAt(from));
  forgetMovedRooms(room, stackAt);
  return { shared, shards };
}

/**
 * For each room a migration moves, blocks in the stack it leaves, so that its deploy forgets the attendee's workspace,
 * team and memberships, which their new stack imports, instead of deleting them (one instance at a time, by
 * `ForgetInstance`: the stack may keep other rooms). The addresses are those of the room the attendee moves into,
 * which holds them with the same construct ids. The token and team access are not forgotten: the old stack's deploy
 * deletes them, which revokes the token, and the new stack creates them again (a token's value cannot be imported, an
 * access's import needs its id).
 */
function forgetMovedRooms(room: AttendeeRoom, stackAt: (place: RoomPlace) => WorkshopStack | RoomShardStack): void {
  // By name, as the room is: the blocks must not follow the order of attendees.names. Only those who move are sorted.
  for (const { name, email } of byName(room.environments.filter((attendee) => movesRoom(attendee.name, room)))) {
    const stack = stackAt(deployedPlaceOf(name, room));
    for (const resource of stackAt(placeOf(name, room)).room!.movedAddresses(email !== undefined))
      new ForgetInstance(stack, `moved-out-${resource}-${name}`, { resource, key: name });
  }
}

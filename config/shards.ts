import { createHash } from "node:crypto";
import type { AttendeeEnvironment, AttendeeRoom } from "./attendees";

const MASK_64 = (1n << 64n) - 1n;
const JUMP_MULTIPLIER = 2862933555777941757n;
const JUMP_SCALE = 2 ** 31;

/**
 * The shard of an attendee, from 1 to `shards`: the jump consistent hash (Lamping and Veach, 2014) of the first 64
 * bits of the SHA-256 of their name. An attendee's shard depends on their name and the count alone, so adding or
 * removing another never moves them; and going from K to K + 1 shards moves only the attendees the new shard takes
 * (about one in K + 1), where a hash modulo K would move nearly all of them.
 */
export function shardOf(attendee: string, shards: number): number {
  let key = createHash("sha256").update(attendee, "utf8").digest().readBigUInt64BE(0);
  let bucket = -1;
  let next = 0;
  while (next < shards) {
    bucket = next;
    key = (key * JUMP_MULTIPLIER + 1n) & MASK_64;
    next = Math.floor((bucket + 1) * (JUMP_SCALE / (Number(key >> 33n) + 1)));
  }
  return bucket + 1;
}

/** Where an attendee's room is: the number of its shard, or undefined for the one stack (the shared stack). */
export type RoomPlace = number | undefined;

/** Where the config puts an attendee's room: their shard, or the one stack without shards. */
export function placeOf(attendee: string, room: Pick<AttendeeRoom, "shards">): RoomPlace {
  return room.shards === undefined ? undefined : shardOf(attendee, room.shards);
}

/**
 * Where the deploys before this config put an attendee's room: where a migration the config chooses moves it from
 * (`migrateFromShards`, `migrateFromOneStack`), or else where the config puts it.
 */
export function deployedPlaceOf(attendee: string, room: AttendeeRoom): RoomPlace {
  if (room.migrateFromShards !== undefined) return shardOf(attendee, room.migrateFromShards);
  return room.migrateFromOneStack ? undefined : placeOf(attendee, room);
}

/** Whether a migration the config chooses moves the attendee's room into another stack. */
export function movesRoom(attendee: string, room: AttendeeRoom): boolean {
  return deployedPlaceOf(attendee, room) !== placeOf(attendee, room);
}

/**
 * The stacks a migration moves rooms out of, and those it moves them into. By the jump hash, a larger count moves
 * rooms only into its new shards and a smaller one only out of the shards it drops, so no stack is in both: the
 * stacks rooms leave deploy first (forgetting them, revoking their tokens), then those they go to (importing them).
 */
export function roomMoves(room: AttendeeRoom): { readonly from: Set<RoomPlace>; readonly to: Set<RoomPlace> } {
  const movers = room.environments.filter((attendee) => movesRoom(attendee.name, room));
  return {
    from: new Set(movers.map((attendee) => deployedPlaceOf(attendee.name, room))),
    to: new Set(movers.map((attendee) => placeOf(attendee.name, room))),
  };
}

/**
 * The attendees of each shard, by shard number, every shard from 1 to the room's count listed (an empty one too, so
 * that a shard whose last attendee left is still planned, and deletes what it had), and, while the room moves out of
 * more shards (`migrateFromShards`), those too, empty, to forget what moves; undefined for a room in one stack.
 */
export function roomShards(room: AttendeeRoom): ReadonlyMap<number, readonly AttendeeEnvironment[]> | undefined {
  const count = Math.max(room.shards ?? 0, room.migrateFromShards ?? 0);
  if (count === 0) return undefined;
  const shards = new Map<number, AttendeeEnvironment[]>(Array.from({ length: count }, (_, index) => [index + 1, []]));
  for (const attendee of room.environments) {
    const shard = placeOf(attendee.name, room);
    if (shard !== undefined) shards.get(shard)!.push(attendee);
  }
  return shards;
}

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

/**
 * The attendees of each shard, by shard number, every shard from 1 to the room's count listed (an empty one too, so
 * that a shard whose last attendee left is still planned, and deletes what it had); undefined for a room in one stack.
 */
export function roomShards(room: AttendeeRoom): ReadonlyMap<number, readonly AttendeeEnvironment[]> | undefined {
  if (room.shards === undefined) return undefined;
  const shards = new Map<number, AttendeeEnvironment[]>(
    Array.from({ length: room.shards }, (_, index) => [index + 1, []]),
  );
  for (const attendee of room.environments) shards.get(shardOf(attendee.name, room.shards))!.push(attendee);
  return shards;
}

import type { AccessLevel, ExecutionMode } from "../terraform-cloud/workspace-settings";

/**
 * The workshop's own choices, its defaults and how it names what it makes, shared by the config (its defaults) and
 * the constructs (theirs), so that each is written once.
 */

/** Where a workspace's runs execute; the workshop page picks local: Terraform Cloud only stores the state. */
export const DEFAULT_EXECUTION_MODE: ExecutionMode = "local";

/** What an attendee's team may do on the attendee's own workspace: push state, and no more. */
export const DEFAULT_ATTENDEE_ACCESS: AccessLevel = "write";

/** How often attendee tokens rotate when the config does not say. */
export const DEFAULT_ATTENDEE_ROTATION_DAYS = 30;

/** The name of an attendee's workspace, and of their team: the room's prefix, then the attendee's name. */
export const attendeeWorkspaceName = (prefix: string, attendee: string) => `${prefix}${attendee}`;

/** The generation of an attendee's first token, and of every token when the config says none. */
export const FIRST_TOKEN_GENERATION = 1;

/**
 * The description of an attendee's team token, which tells it from any other token of the team. A reissued token
 * (generation 2 and on) says which it is; the first keeps the description tokens had before generations existed, so
 * that adding them replaced no token.
 */
export const attendeeTokenDescription = (attendee: string, generation = FIRST_TOKEN_GENERATION) =>
  `workshop attendee ${attendee}${generationSuffix(generation)}`;

/** What a token's generation adds to its description: nothing for the first. */
export const generationSuffix = (generation: number) =>
  generation === FIRST_TOKEN_GENERATION ? "" : `, token ${generation}`;

/** The most attendees one stack holds well (docs/large-rooms.md, "When to shard"): a room this size needs no shards. */
export const ONE_STACK_MOST_ATTENDEES = 200;

/** The most shards a room may be split into: each is a stack, a state and a plan of its own. */
export const MAX_ROOM_SHARDS = 100;

/** What every shard's name of a shared name starts with: the shared name, then `-shard-`. */
export const shardNamePrefix = (base: string) => `${base}-shard-`;

/** The name of one shard's stack, or of its state workspace: the shared one's name, then the shard's number, from 1. */
export const shardName = (base: string, shard: number) => `${shardNamePrefix(base)}${shard}`;

/** Shard names (or stack ids) in the order of their numbers, shard 4 before shard 10; the shared name first. */
export const byShardNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** The shard a name is of a shared name's (`aws-workshop-shard-3`: 3), or undefined for any other name. */
export function shardNumberOf(base: string, name: string): number | undefined {
  const shard = Number(name.slice(shardNamePrefix(base).length));
  return Number.isSafeInteger(shard) && shard > 0 && shardName(base, shard) === name ? shard : undefined;
}

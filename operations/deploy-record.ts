import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readJson } from "../config/read-json";
import { readRegularFile, utf8Text } from "../files/read";
import { fail, ok, type Result } from "../text/result";
import { stackDirectory, terraformDataDirectory } from "./outputs";

/**
 * The record of what each stack of a sharded room (the shared stack and each shard) was when it was last deployed from
 * this machine, beside the local state files (the output directory's parent): a SHA-256 of its synthesized JSON by
 * stack id. It holds no secret.
 */
export const DEPLOY_RECORD_FILE = "deployed-stacks.json";

/** The largest record read: a hash for the shared stack and each of at most a hundred shards is a few KiB. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** Where the record is, for an output directory. */
export const deployRecordPath = (outdir: string) => join(resolve(outdir, ".."), DEPLOY_RECORD_FILE);

/** What a stack is, for the record: the SHA-256 of its synthesized JSON, which the same config makes byte for byte. */
export const stackDigest = (json: unknown) => createHash("sha256").update(JSON.stringify(json)).digest("hex");

/**
 * A stack against this machine's record: as recorded (the same synthesized stack deployed from here), changed since, or
 * not recorded (never deployed from this machine, or the record lost).
 */
export type AgainstRecord = "as recorded" | "changed" | "not recorded";

/** A stack as this machine holds it: against the record, and whether `terraform init` ran in its directory. */
export interface LocalStack {
  readonly recorded: AgainstRecord;
  readonly initialized: boolean;
}

/**
 * A stack's digest, how it stands against the record (by stack id), and whether `terraform init` ran in its directory
 * under `outdir` (where Terraform run with `env` finds what it made).
 */
export function localStack(
  stack: { readonly node: { readonly id: string }; toTerraform(): unknown },
  record: ReadonlyMap<string, string>,
  outdir: string,
  env: NodeJS.ProcessEnv,
): LocalStack & { readonly digest: string } {
  const digest = stackDigest(stack.toTerraform());
  const held = record.get(stack.node.id);
  return {
    digest,
    recorded: held === undefined ? "not recorded" : held === digest ? "as recorded" : "changed",
    initialized: existsSync(terraformDataDirectory(stackDirectory(outdir, stack.node.id), env)),
  };
}

/** Whether a value of a record is an object, whose keys are names: neither null nor an array. */
export const isRecordObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A record's JSON object, read from a regular file of at most `maxBytes`, or what the file is instead, as words that
 * follow its path.
 */
export function readRecordObject(file: string, maxBytes: number): Result<Record<string, unknown>> {
  const read = readRegularFile(file, maxBytes);
  if (!read.ok) return fail(`cannot be read (${read.problem})`);
  const text = utf8Text(read.value);
  if (!text.ok) return fail("is not UTF-8 text");
  const json = readJson(text.value);
  if (!json.ok) return fail(json.problem[0]!);
  return isRecordObject(json.value) ? ok(json.value) : fail("is not a JSON object");
}

/** A record's JSON, or undefined when there is none or it is not an object. */
export function recordJson(file: string): Record<string, unknown> | undefined {
  const read = readRecordObject(file, MAX_RECORD_BYTES);
  return read.ok ? read.value : undefined;
}

/** The entries of an object of a record's, each kept only when `keep` reads it. */
export function entriesOf<T>(value: unknown, keep: (entry: unknown) => T | undefined): Map<string, T> {
  if (!isRecordObject(value)) return new Map();
  return new Map(
    Object.entries(value).flatMap(([key, entry]) => {
      const kept = keep(entry);
      return kept === undefined ? [] : [[key, kept] as const];
    }),
  );
}

/**
 * The record, by stack id; empty when there is none, or it cannot be read as one: then every stack is planned, which
 * is never wrong, only slower.
 */
export function readDeployRecord(file: string): Map<string, string> {
  return entriesOf(recordJson(file)?.stacks, (digest) =>
    typeof digest === "string" && /^[0-9a-f]{64}$/.test(digest) ? digest : undefined,
  );
}

/** The ids of an attendee's workspace and team, as a stack's state held them. */
export interface RoomIds {
  readonly workspace?: string;
  readonly team?: string;
}

/** A Terraform Cloud id as the record keeps it (`ws-...`, `team-...`). */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The rooms a move's deploy found in the states of the stacks they leave, by attendee: written before those stacks
 * forget them, the evidence that a workspace or team no state holds any more is this room's, forgotten by the move,
 * and no leftover that merely has its name. Empty when there is no record.
 */
export function readMovedRooms(file: string): Map<string, RoomIds> {
  const id = (value: unknown) => (typeof value === "string" && ID_PATTERN.test(value) ? value : undefined);
  return entriesOf(recordJson(file)?.movedRooms, (entry) => {
    if (typeof entry !== "object" || entry === null) return undefined;
    const { workspace, team } = entry as { readonly workspace?: unknown; readonly team?: unknown };
    const ids = { workspace: id(workspace), team: id(team) };
    return ids.workspace === undefined && ids.team === undefined ? undefined : ids;
  });
}

/** Entries as an object sorted by key, so that a record reads the same whatever the order it was made in. */
export const byKey = <T>(entries: Iterable<readonly [string, T]>) =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The record's text with the stacks given and the rooms moves found, each sorted by key so that it reads the same
 * whatever the order of deploys.
 */
export function deployRecordText(
  record: ReadonlyMap<string, string>,
  movedRooms: ReadonlyMap<string, RoomIds> = new Map(),
): string {
  const moved = movedRooms.size === 0 ? {} : { movedRooms: byKey(movedRooms) };
  return `${JSON.stringify({ stacks: byKey(record), ...moved }, null, 2)}\n`;
}

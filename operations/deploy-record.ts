import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { readJson } from "../config/read-json";
import { readRegularFile, utf8Text } from "../files/read";

/**
 * The record of what each shard stack was when it was last deployed from this machine, beside the local state files
 * (the output directory's parent): a SHA-256 of its synthesized JSON by stack id. It holds no secret.
 */
export const DEPLOY_RECORD_FILE = "deployed-stacks.json";

/** The largest record read: a hash for each of at most a hundred shards is a few KiB. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** Where the record is, for an output directory. */
export const deployRecordPath = (outdir: string) => join(resolve(outdir, ".."), DEPLOY_RECORD_FILE);

/** What a stack is, for the record: the SHA-256 of its synthesized JSON, which the same config makes byte for byte. */
export const stackDigest = (json: unknown) => createHash("sha256").update(JSON.stringify(json)).digest("hex");

/**
 * The record, by stack id; empty when there is none, or it cannot be read as one: then every shard is planned, which
 * is never wrong, only slower.
 */
export function readDeployRecord(file: string): Map<string, string> {
  const read = readRegularFile(file, MAX_RECORD_BYTES);
  if (!read.ok) return new Map();
  const text = utf8Text(read.value);
  const json = text.ok ? readJson(text.value) : undefined;
  const value = json?.ok === true ? json.value : undefined;
  const stacks =
    typeof value === "object" && value !== null ? (value as { readonly stacks?: unknown }).stacks : undefined;
  if (typeof stacks !== "object" || stacks === null || Array.isArray(stacks)) return new Map();
  return new Map(
    Object.entries(stacks).flatMap(([id, digest]) =>
      typeof digest === "string" && /^[0-9a-f]{64}$/.test(digest) ? [[id, digest] as const] : [],
    ),
  );
}

/** The record's text with the stacks given, sorted by id so that it reads the same whatever the order of deploys. */
export function deployRecordText(record: ReadonlyMap<string, string>): string {
  return `${JSON.stringify({ stacks: Object.fromEntries([...record].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) }, null, 2)}\n`;
}

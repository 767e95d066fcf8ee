// The shard part of `npm run bench`, bundled and run by bench/bench.js with two configs of the same attendees, one
// without shards and one with, and the sharded one with a late attendee more: synthesizes each with the synth command,
// counts what their stacks' plans refresh and ask (bench/shard-measures.ts), and finds the stacks the late attendee
// changes, byte for byte: those `npm run deploy` plans for them. Prints one JSON object on its last line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_ID } from "../stacks/workshop-stack";
import type { StackJson } from "../terraform/stack-json";
import { shardMeasures } from "./shard-measures";

/** The stacks `node bin/synth.js` writes for a config, by stack id, as its manifest lists them: each file's text. */
function synthesized(config: string, outdir: string): Map<string, string> {
  const ran = spawnSync("node", [join("bin", "synth.js")], {
    encoding: "utf8",
    env: { ...process.env, WORKSHOP_CONFIG: config, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
  });
  if (ran.status !== 0) throw new Error(`the synth of ${config} failed:\n${ran.stderr}`);
  const read = (file: string) => readFileSync(join(outdir, file), "utf8");
  const manifest = JSON.parse(read("manifest.json")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(Object.entries(manifest.stacks).map(([id, stack]) => [id, read(stack.synthesizedStackPath)]));
}

/** A synthesized stack's JSON. */
const parsed = (text: string) => JSON.parse(text) as StackJson;

/**
 * The stacks whose synthesized file differs byte for byte between a room and the same room with a late attendee, or
 * that only one of them has: what `npm run deploy` plans for the late attendee (it compares the stacks' digests).
 */
function changedBy(room: ReadonlyMap<string, string>, withLate: ReadonlyMap<string, string>): string[] {
  return [...new Set([...room.keys(), ...withLate.keys()])].filter((id) => room.get(id) !== withLate.get(id)).sort();
}

function main(): void {
  const [oneStackConfig, shardedConfig, lateConfig] = process.argv.slice(2);
  if (oneStackConfig === undefined || shardedConfig === undefined || lateConfig === undefined)
    throw new Error("usage: node shards.js ONE_STACK_CONFIG SHARDED_CONFIG SHARDED_CONFIG_WITH_A_LATE_ATTENDEE");
  const directory = mkdtempSync(join(tmpdir(), "workshop-bench-shards-"));
  try {
    const [oneStack] = synthesized(oneStackConfig, join(directory, "one-stack")).values();
    const sharded = synthesized(shardedConfig, join(directory, "sharded"));
    const changed = changedBy(sharded, synthesized(lateConfig, join(directory, "late")));
    const shared = sharded.get(STACK_ID);
    if (oneStack === undefined || shared === undefined) throw new Error(`no stack ${STACK_ID} was synthesized`);
    const shards = [...sharded].flatMap(([id, text]) => (id === STACK_ID ? [] : [parsed(text)]));
    const measures = shardMeasures(parsed(oneStack), parsed(shared), shards);
    process.stdout.write(`${JSON.stringify({ ...measures, lateAttendeeChanges: changed })}\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

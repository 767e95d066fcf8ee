// The shard part of `npm run bench`, bundled and run by bench/bench.js with two configs of the same attendees, one
// without shards and one with: synthesizes each with the synth command and counts what their stacks' plans refresh
// and ask (bench/shard-measures.ts). Prints one JSON object on its last line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_ID } from "../stacks/workshop-stack";
import type { StackJson } from "../terraform/stack-json";
import { shardMeasures } from "./shard-measures";

/** The stacks `node bin/synth.js` writes for a config, by stack id, as its manifest lists them. */
function synthesized(config: string, outdir: string): Map<string, StackJson> {
  const ran = spawnSync("node", [join("bin", "synth.js")], {
    encoding: "utf8",
    env: { ...process.env, WORKSHOP_CONFIG: config, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
  });
  if (ran.status !== 0) throw new Error(`the synth of ${config} failed:\n${ran.stderr}`);
  const read = (file: string): unknown => JSON.parse(readFileSync(join(outdir, file), "utf8"));
  const manifest = read("manifest.json") as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(
    Object.entries(manifest.stacks).map(([id, stack]) => [id, read(stack.synthesizedStackPath) as StackJson]),
  );
}

function main(): void {
  const [oneStackConfig, shardedConfig] = process.argv.slice(2);
  if (oneStackConfig === undefined || shardedConfig === undefined)
    throw new Error("usage: node shards.js ONE_STACK_CONFIG SHARDED_CONFIG");
  const directory = mkdtempSync(join(tmpdir(), "workshop-bench-shards-"));
  try {
    const [oneStack] = synthesized(oneStackConfig, join(directory, "one-stack")).values();
    const sharded = synthesized(shardedConfig, join(directory, "sharded"));
    const shared = sharded.get(STACK_ID);
    if (oneStack === undefined || shared === undefined) throw new Error(`no stack ${STACK_ID} was synthesized`);
    sharded.delete(STACK_ID);
    process.stdout.write(`${JSON.stringify(shardMeasures(oneStack, shared, [...sharded.values()]))}\n`);
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

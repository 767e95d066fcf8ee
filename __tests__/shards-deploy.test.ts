import { checkIfAllDependenciesAreIncluded } from "@cdktf/cli-core/src/lib/helpers/stack-helpers";
import type { SynthesizedStack } from "@cdktf/cli-core/src/lib/synth-stack";
import { Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploy } from "../commands/deploy";
import { shardOf } from "../config/shards";
import { DEPLOY_RECORD_FILE, readDeployRecord } from "../operations/deploy-record";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StandInIdentity } from "../terraform-cloud/stand-in";
import { validConfig } from "./support";
import { capture, configFile, fakeClouds, fakeToken, scratchDirectory } from "./workshop-day-support";

const FACILITATOR = fakeToken("Sh4rdsFac1l1ta");
const tokens = new Map<string, StandInIdentity>([[FACILITATOR, { kind: "user", username: "facilitator", owns: [] }]]);
const organization = { name: "acme-sharded-workshop", email: "facilitator@example.com" };
const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const SHARDS = 3;

const directory = scratchDirectory();
const cloud = fakeClouds();

/**
 * `npm run deploy` of a sharded room into an output directory of its own, cdktf stood in for: what it was asked to
 * deploy.
 */
async function deployRoom(outdir: string, names: readonly string[], args: readonly string[], failing?: string) {
  const fake = await cloud({ organizations: [], tokens });
  const captured = capture(directory);
  const started: string[][] = [];
  const env = {
    WORKSHOP_CONFIG: configFile(directory, `${outdir}.json`, { organization, attendees: { names, shards: SHARDS } }),
    TFE_ADDRESS: fake.address,
    TFE_HOSTNAME: new URL(fake.address).host,
    TFE_TOKEN: FACILITATOR,
    CDKTF_OUTDIR: join(directory, outdir, "cdktf.out"),
  };
  const runCdktf = (given: readonly string[]) => (started.push([...given]), given[1] === failing ? 1 : 0);
  const code = await deploy({
    env,
    now: new Date(),
    args,
    runCdktf,
    findTerraform: () => "/usr/local/bin/terraform",
    ...captured.options,
  });
  return { code, started, reported: captured.reported, record: join(directory, outdir, DEPLOY_RECORD_FILE) };
}

/** What cdktf deploy needs to deploy one stack of several that depend on each other, in the order deploy chose. */
const ORDERED = "--ignore-missing-stack-dependencies";

const shardIds = Array.from({ length: SHARDS }, (_, index) => `aws-workshop-shard-${index + 1}`);

describe("npm run deploy of a sharded room", () => {
  it("deploys the shared stack, then every shard the first time, and records each", async () => {
    const { code, started, reported, record } = await deployRoom("first", NAMES, ["--auto-approve"]);
    expect(code).toBe(0);
    expect(started).toEqual(["aws-workshop", ...shardIds].map((id) => ["deploy", id, ORDERED, "--auto-approve"]));
    expect(reported).toContain(
      "deploy: the shared stack aws-workshop first, then 3 of 3 shards whose stack changed since this machine deployed it: 1, 2, 3",
    );
    expect(reported).toContain("deploy: shard 2 (aws-workshop-shard-2), 2 of 3");
    expect([...readDeployRecord(record).keys()]).toEqual(shardIds);
    expect(readFileSync(record, "utf8")).not.toContain(FACILITATOR);
  });

  it("tells cdktf the order is its own: cdktf deploy refuses a shard alone, whose shared stack is not in the run", async () => {
    // GIVEN a sharded room synthesized as cdktf synthesizes it, with its manifest
    const app = Testing.app();
    workshopStacks(app, validConfig({ organization, attendees: { names: NAMES, shards: SHARDS } }));
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, SynthesizedStack>;
    };
    const shard = manifest.stacks["aws-workshop-shard-1"]!;
    // WHEN cdktf-cli 0.21's own check looks at one shard run alone THEN it refuses it without the flag
    expect(shard.dependencies).toEqual(["aws-workshop"]);
    expect(() => checkIfAllDependenciesAreIncluded([shard])).toThrow(
      "The following dependencies are not included in the stacks to run: aws-workshop. Either add them or add the --ignore-missing-stack-dependencies flag.",
    );
    // AND every deploy npm run deploy starts carries it
    const { started } = await deployRoom("alone", NAMES, []);
    expect(started.length).toBe(1 + SHARDS);
    for (const args of started) expect(args).toContain(ORDERED);
  });

  it("deploys only the shared stack when no shard changed, and only the late attendee's shard after", async () => {
    await deployRoom("again", NAMES, []);
    const unchanged = await deployRoom("again", NAMES, []);
    expect(unchanged.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(unchanged.reported).toContain(
      "deploy: the shared stack aws-workshop first, then 0 of 3 shards whose stack changed since this machine deployed it: none",
    );
    const late = await deployRoom("again", [...NAMES, "latecomer"], []);
    expect(late.started).toEqual([
      ["deploy", "aws-workshop", ORDERED],
      ["deploy", `aws-workshop-shard-${shardOf("latecomer", SHARDS)}`, ORDERED],
    ]);
  });

  it("plans every shard with --all, which it does not pass on to cdktf", async () => {
    await deployRoom("all", NAMES, []);
    const { started, reported } = await deployRoom("all", NAMES, ["--all", "--auto-approve"]);
    expect(started).toEqual(["aws-workshop", ...shardIds].map((id) => ["deploy", id, ORDERED, "--auto-approve"]));
    expect(reported).toContain("deploy: the shared stack aws-workshop first, then 3 of 3 shards (--all): 1, 2, 3");
  });

  it("fails when a shard's deploy fails: it stops there, names what is left, and the next deploy plans it again", async () => {
    const failed = await deployRoom("halfway", NAMES, [], "aws-workshop-shard-2");
    expect(failed.code).toBe(1);
    expect(failed.started.map((args) => args[1])).toEqual([
      "aws-workshop",
      "aws-workshop-shard-1",
      "aws-workshop-shard-2",
    ]);
    expect(failed.reported).toContain(
      "deploy: shard 2 failed (exit 1); not deployed: 3. Run npm run deploy again: it plans the shards not recorded as deployed",
    );
    expect([...readDeployRecord(failed.record).keys()]).toEqual(["aws-workshop-shard-1"]);
    const resumed = await deployRoom("halfway", NAMES, []);
    expect(resumed.started.map((args) => args[1])).toEqual([
      "aws-workshop",
      "aws-workshop-shard-2",
      "aws-workshop-shard-3",
    ]);
  });

  it("fails when the shared stack's deploy fails, deploying no shard", async () => {
    const { code, started, reported } = await deployRoom("shared-fails", NAMES, [], "aws-workshop");
    expect(code).toBe(1);
    expect(started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(reported).toContain("deploy: the shared stack aws-workshop failed (exit 1); no shard was deployed");
  });
});

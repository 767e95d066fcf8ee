import { checkIfAllDependenciesAreIncluded } from "@cdktf/cli-core/src/lib/helpers/stack-helpers";
import type { SynthesizedStack } from "@cdktf/cli-core/src/lib/synth-stack";
import { Testing } from "cdktf";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploy } from "../commands/deploy";
import { shardOf } from "../config/shards";
import { DEPLOY_RECORD_FILE, readDeployRecord } from "../operations/deploy-record";
import { stateFileOf } from "../stacks/workshop-base-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StandInIdentity } from "../terraform-cloud/stand-in";
import { NOW, validConfig } from "./support";
import { capture, configFile, fakeCdktf, fakeClouds, fakeToken, scratchDirectory } from "./workshop-day-support";

const FACILITATOR = fakeToken("Sh4rdsFac1l1ta");
const tokens = new Map<string, StandInIdentity>([[FACILITATOR, { kind: "user", username: "facilitator", owns: [] }]]);
const organization = { name: "acme-sharded-workshop", email: "facilitator@example.com" };
const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const SHARDS = 3;

const directory = scratchDirectory();
const cloud = fakeClouds();

/**
 * `npm run deploy` of a sharded room into an output directory of its own, at the time given, cdktf stood in for: what
 * it was asked to deploy. The stacks in `declined` are deployed without applying (their approval declined), those in
 * `failing` fail; `during`, when given, runs within each cdktf deploy.
 */
async function deployRoom(
  outdir: string,
  names: readonly string[],
  args: readonly string[],
  stacks: Parameters<typeof fakeCdktf>[0] = {},
  now = NOW,
  during?: () => void,
) {
  const fake = await cloud({ organizations: [], tokens });
  const captured = capture(directory);
  const env = {
    WORKSHOP_CONFIG: configFile(directory, `${outdir}.json`, { organization, attendees: { names, shards: SHARDS } }),
    TFE_ADDRESS: fake.address,
    TFE_HOSTNAME: new URL(fake.address).host,
    TFE_TOKEN: FACILITATOR,
    CDKTF_OUTDIR: join(directory, outdir, "cdktf.out"),
  };
  const cdktf = fakeCdktf(stacks);
  const code = await deploy({
    env,
    now,
    args,
    runCdktf: (cdktfArgs, cdktfEnv) => {
      during?.();
      return cdktf.runCdktf(cdktfArgs, cdktfEnv);
    },
    runTerraform: cdktf.runTerraform,
    findTerraform: () => "/usr/local/bin/terraform",
    ...captured.options,
  });
  const record = join(directory, outdir, DEPLOY_RECORD_FILE);
  const { started, checked } = cdktf;
  return { code, started, checked, reported: captured.reported, printed: captured.printed, record };
}

/** How the progress names the shards a deploy plans, without --all. */
const CHANGED_OR_DUE = "shards whose stack changed since this machine deployed it or whose rotation time has passed";
/** How a deploy names the stacks it left out after one they depend on was not applied. */
const DEPENDING = "not deployed, as they depend on a stack not applied:";
/** How a deploy that left stacks not applied ends. */
const STAY = "They stay to deploy: run npm run deploy again and approve their plans";

const DAY = 24 * 60 * 60 * 1000;

/** A shard's state holding only its time_rotating, which rotates at the time given. */
const rotatingState = (rotatesAt: Date) =>
  JSON.stringify({
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: "rotation",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "time_rotating",
        name: "rotation",
        provider: 'provider["registry.terraform.io/hashicorp/time"]',
        instances: [{ attributes: { id: rotatesAt.toISOString(), rotation_rfc3339: rotatesAt.toISOString() } }],
      },
    ],
  });

/** What cdktf deploy needs to deploy one stack of several that depend on each other, in the order deploy chose. */
const ORDERED = "--ignore-missing-stack-dependencies";

const shardIds = Array.from({ length: SHARDS }, (_, index) => `aws-workshop-shard-${index + 1}`);

describe("npm run deploy of a sharded room", () => {
  it("deploys the shared stack, then every shard the first time, and records each", async () => {
    const { code, started, reported, record } = await deployRoom("first", NAMES, ["--auto-approve"]);
    expect(code).toBe(0);
    expect(started).toEqual(["aws-workshop", ...shardIds].map((id) => ["deploy", id, ORDERED, "--auto-approve"]));
    expect(reported).toContain(`deploy: the shared stack aws-workshop first, then 3 of 3 ${CHANGED_OR_DUE}: 1, 2, 3`);
    expect(reported).toContain("deploy: shard 2 (aws-workshop-shard-2), 2 of 3");
    expect([...readDeployRecord(record).keys()]).toEqual(shardIds);
    expect(readFileSync(record, "utf8")).not.toContain(FACILITATOR);
  });

  it(
    "tells cdktf the order is its own: cdktf deploy refuses a " + "shard alone, whose shared stack is not in the run",
    async () => {
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
        "The following dependencies are not included in the stacks to run: aws-workshop. " +
          "Either add them or add the --ignore-missing-stack-dependencies flag.",
      );
      // AND every deploy npm run deploy starts carries it
      const { started } = await deployRoom("alone", NAMES, []);
      expect(started.length).toBe(1 + SHARDS);
      for (const args of started) expect(args).toContain(ORDERED);
    },
  );

  it("deploys only the shared stack when no shard changed, and only the late attendee's shard after", async () => {
    await deployRoom("again", NAMES, []);
    const unchanged = await deployRoom("again", NAMES, []);
    expect(unchanged.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(unchanged.reported).toContain(
      `deploy: the shared stack aws-workshop first, then 0 of 3 ${CHANGED_OR_DUE}: none`,
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

  it(
    "fails when a shard's deploy fails: it stops there, names " + "what is left, and the next deploy plans it again",
    async () => {
      const failed = await deployRoom("halfway", NAMES, [], { failing: ["aws-workshop-shard-2"] });
      expect(failed.code).toBe(1);
      expect(failed.started.map((args) => args[1])).toEqual([
        "aws-workshop",
        "aws-workshop-shard-1",
        "aws-workshop-shard-2",
      ]);
      expect(failed.reported).toContain(
        "deploy: shard 2 failed (exit 1); not deployed: 3. Run npm run " +
          "deploy again: it plans the shards not recorded as deployed",
      );
      expect([...readDeployRecord(failed.record).keys()]).toEqual(["aws-workshop-shard-1"]);
      const resumed = await deployRoom("halfway", NAMES, []);
      expect(resumed.started.map((args) => args[1])).toEqual([
        "aws-workshop",
        "aws-workshop-shard-2",
        "aws-workshop-shard-3",
      ]);
    },
  );

  it("fails when a shard's approval is declined: cdktf exits 0, but the shard is not recorded, and stays", async () => {
    // GIVEN a sharded room's first deploy WHEN the facilitator declines shard 2's plan, cdktf exiting 0 all the same
    const declined = await deployRoom("declined", NAMES, [], { declined: ["aws-workshop-shard-2"] });
    // THEN the deploy goes on with shard 3, which does not depend on it, says shard 2 was not applied, and fails
    expect(declined.started.map((args) => args[1])).toEqual(["aws-workshop", ...shardIds]);
    expect(declined.reported).toContain("deploy: shard 2 (aws-workshop-shard-2) was not applied; it stays to deploy");
    expect(declined.reported).toContain(`deploy: not applied: shard 2 (aws-workshop-shard-2). ${STAY}`);
    expect(declined.code).toBe(1);
    // AND only the shards applied are recorded, so the next deploy plans shard 2 again
    expect([...readDeployRecord(declined.record).keys()]).toEqual(["aws-workshop-shard-1", "aws-workshop-shard-3"]);
    const again = await deployRoom("declined", NAMES, []);
    expect(again.started.map((args) => args[1])).toEqual(["aws-workshop", "aws-workshop-shard-2"]);
    expect(again.code).toBe(0);
  });

  it("fails when the shared stack's approval is declined, deploying no shard: each depends on it", async () => {
    const { code, started, reported, record } = await deployRoom("shared-declined", NAMES, [], {
      declined: ["aws-workshop"],
    });
    expect(started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(reported).toContain("deploy: the shared stack aws-workshop was not applied; it stays to deploy");
    expect(reported).toContain(
      `deploy: not applied: the shared stack aws-workshop; ${DEPENDING} ` +
        `${shardIds.map((id, index) => `shard ${index + 1} (${id})`).join(", ")}. ${STAY}`,
    );
    expect(code).toBe(1);
    expect(readDeployRecord(record).size).toBe(0);
  });

  it("fails when the check of what a deploy applied cannot run, recording nothing more", async () => {
    const { code, reported, record } = await deployRoom("unchecked", NAMES, [], {
      unchecked: ["aws-workshop-shard-1"],
    });
    expect(reported).toContain(
      "deploy: shard 1 (aws-workshop-shard-1): cdktf deploy exited 0, but terraform plan -refresh=false " +
        "-detailed-exitcode -lock=false -input=false -no-color in " +
        `${join(directory, "unchecked", "cdktf.out", "stacks", "aws-workshop-shard-1")}, which tells whether it ` +
        "applied, failed (exit 1); not recorded as deployed, not deployed: 2, 3. " +
        "Run that plan there to see why, then npm run deploy again",
    );
    expect(code).toBe(1);
    expect(readDeployRecord(record).size).toBe(0);
  });

  it("deploys an unchanged shard once its rotation time has passed, saying why, and not before", async () => {
    // GIVEN a room deployed, whose shard 2's state holds a time_rotating that rotates 30 days from now
    await deployRoom("rotation", NAMES, []);
    const rotatesAt = new Date(NOW.getTime() + 30 * DAY);
    writeFileSync(join(directory, "rotation", stateFileOf("aws-workshop-shard-2")), rotatingState(rotatesAt));
    // WHEN the room is deployed again a day before that time THEN no shard is
    const before = await deployRoom("rotation", NAMES, [], {}, new Date(rotatesAt.getTime() - DAY));
    expect(before.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    // AND WHEN at that time THEN shard 2 is deployed, for its rotation (its time_rotating renewed, its tokens new)
    const due = await deployRoom("rotation", NAMES, [], { appliedAt: rotatesAt }, rotatesAt);
    expect(due.started.map((args) => args[1])).toEqual(["aws-workshop", "aws-workshop-shard-2"]);
    expect(due.reported).toContain(
      `deploy: the shared stack aws-workshop first, then 1 of 3 ${CHANGED_OR_DUE}: 2 (rotation due)`,
    );
    expect(due.reported).toContain("deploy: shard 2 (aws-workshop-shard-2), 1 of 1, rotation due");
    expect(due.code).toBe(0);
    // AND its state, read again, holds the new rotation time: the shard's own check is not run, it cannot see one
    expect(due.checked).toEqual(["aws-workshop"]);
    const after = await deployRoom("rotation", NAMES, [], {}, new Date(rotatesAt.getTime() + DAY));
    expect(after.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
  });

  it("fails when a rotation-due shard's plan is declined: its state still holds the rotation time passed", async () => {
    // GIVEN a room deployed, whose shard 2's state holds a time_rotating that rotates at a time now passed
    await deployRoom("rotation-declined", NAMES, []);
    const rotatesAt = new Date(NOW.getTime() + 30 * DAY);
    const stateFile = join(directory, "rotation-declined", stateFileOf("aws-workshop-shard-2"));
    writeFileSync(stateFile, rotatingState(rotatesAt));
    // WHEN it is deployed for its rotation, and its plan declined (the check, without refresh, would find no change)
    const declined = await deployRoom(
      "rotation-declined",
      NAMES,
      [],
      { declined: ["aws-workshop-shard-2"], appliedAt: rotatesAt },
      rotatesAt,
    );
    // THEN it is not applied, read from its state again, not from the check, which would find no change; it says why
    expect(declined.checked).toEqual(["aws-workshop"]);
    expect(declined.started.map((args) => args[1])).toEqual(["aws-workshop", "aws-workshop-shard-2"]);
    expect(declined.reported).toContain(
      "deploy: shard 2 (aws-workshop-shard-2) was not applied: its state still holds a rotation time that has " +
        "passed; it stays to deploy",
    );
    expect(declined.reported).toContain(`deploy: not applied: shard 2 (aws-workshop-shard-2). ${STAY}`);
    expect(declined.code).toBe(1);
    // AND the next deploy deploys it again for its rotation
    const again = await deployRoom("rotation-declined", NAMES, [], { appliedAt: rotatesAt }, rotatesAt);
    expect(again.started.map((args) => args[1])).toEqual(["aws-workshop", "aws-workshop-shard-2"]);
    expect(again.code).toBe(0);
  });

  it("fails when a rotation-due shard's state cannot be read again after its deploy, naming what is left", async () => {
    await deployRoom("rotation-gone", NAMES, []);
    const rotatesAt = new Date(NOW.getTime() + 30 * DAY);
    const stateFile = join(directory, "rotation-gone", stateFileOf("aws-workshop-shard-1"));
    writeFileSync(stateFile, rotatingState(rotatesAt));
    // GIVEN a cdktf deploy that leaves the state unreadable
    const { code, reported } = await deployRoom("rotation-gone", NAMES, [], {}, rotatesAt, () =>
      writeFileSync(stateFile, "not a state"),
    );
    expect(reported).toContain(
      "deploy: shard 1 (aws-workshop-shard-1): cdktf deploy exited 0, but its state, read again to tell whether its " +
        "rotation was applied, is not JSON; not recorded as deployed, no shard is left. " +
        "Run npm run preflight to see its state, then npm run deploy again",
    );
    expect(code).toBe(1);
  });

  it(
    "runs the check only in a stack whose local state's serial " + "did not move: moved, something was applied",
    async () => {
      // GIVEN every shard's state there, its serial raised by each apply
      mkdirSync(join(directory, "serial"), { recursive: true });
      for (const id of shardIds)
        writeFileSync(join(directory, "serial", stateFileOf(id)), rotatingState(new Date(NOW.getTime() + 30 * DAY)));
      // WHEN the room is deployed, shard 2's plan declined
      const { code, checked, reported } = await deployRoom("serial", NAMES, [], {
        declined: ["aws-workshop-shard-2"],
        appliedAt: NOW,
      });
      // THEN the check runs only in the shared stack, which has no state yet, and in shard 2, whose serial stayed
      expect(checked).toEqual(["aws-workshop", "aws-workshop-shard-2"]);
      expect(reported).toContain(`deploy: not applied: shard 2 (aws-workshop-shard-2). ${STAY}`);
      expect(code).toBe(1);
    },
  );

  it("plans unchanged shards with --all without the check, and says it does not know they were applied", async () => {
    // GIVEN a room deployed, and a late attendee since
    await deployRoom("all-planned", NAMES, []);
    const late = shardOf("latecomer", SHARDS);
    // WHEN every shard is planned
    const { code, checked, reported, record } = await deployRoom("all-planned", [...NAMES, "latecomer"], ["--all"]);
    // THEN only the stacks with something new to record are checked, and the last line tells both apart
    expect(checked).toEqual(["aws-workshop", `aws-workshop-shard-${late}`]);
    expect(reported).toContain(
      "deploy: done: applied the shared stack and 1 shard; planned 2 shards unchanged since recorded, " +
        `not checked for a declined drift fix; recorded in ${record}`,
    );
    expect(code).toBe(0);
  });

  it("fails when given a stack name, which it would add to every shard's cdktf deploy, deploying nothing", async () => {
    for (const name of ["aws-workshop-shard-2", "aws-workshop-shard-*", "aws-workshop"]) {
      const { code, started, reported } = await deployRoom("named", NAMES, ["--auto-approve", name]);
      expect(reported.filter((line) => line.startsWith("deploy:"))).toEqual([
        `deploy: ${name} names a stack, and npm run deploy of a sharded room chooses its stacks itself, each in a ` +
          "cdktf deploy of its own, so it takes no stack name: run npm run deploy for the stacks that changed, " +
          `or npm run deploy -- --all for every shard. npx cdktf deploy ${name} --ignore-missing-stack-dependencies ` +
          "would deploy that stack alone, but without preflight, the record, or the deploy's parallelism (6) and " +
          "TFE_TOKEN.",
      ]);
      expect(code).toBe(1);
      expect(started).toEqual([]);
    }
  });

  it("takes an option's value that equals a stack id for that value, not for a stack name", async () => {
    const { code, started } = await deployRoom("option-value", NAMES, ["--outputs-file", "aws-workshop"]);
    expect(code).toBe(0);
    expect(started[0]).toEqual(["deploy", "aws-workshop", ORDERED, "--outputs-file", "aws-workshop"]);
  });

  it("fails when the shared stack's deploy fails, deploying no shard", async () => {
    const { code, started, reported } = await deployRoom("shared-fails", NAMES, [], { failing: ["aws-workshop"] });
    expect(code).toBe(1);
    expect(started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(reported).toContain("deploy: the shared stack aws-workshop failed (exit 1); no shard was deployed");
  });
});

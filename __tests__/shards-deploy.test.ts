import { Testing } from "cdktf";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CDKTF_CLI, deploy, SKIP_SYNTH, statesRead } from "../commands/deploy";
import type { PreflightFacts, ShardStateFact } from "../operations/preflight/facts";
import type { StateReading } from "../operations/stack-state";
import { shardOf } from "../config/shards";
import { DEPLOY_RECORD_FILE, deployRecordText, readDeployRecord } from "../operations/deploy-record";
import { stateFileOf } from "../stacks/workshop-base-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import type { Fault, StandIn, StandInIdentity, StandInOrganization } from "../terraform-cloud/stand-in";
import { ROOT, run, type Run } from "./cli";
import { docText } from "./docs";
import { NOW, validConfig } from "./support";
import {
  appliedState,
  capture,
  configFile,
  fakeCdktf,
  fakeClouds,
  fakeToken,
  scratchDirectory,
} from "./workshop-day-support";

const FACILITATOR = fakeToken("Sh4rdsFac1l1ta");
/** The organization that keeps the states, when they are in Terraform Cloud: the facilitator owns it. */
const STATE_ORGANIZATION = "acme-admin";
const organization = { name: "acme-sharded-workshop", email: "facilitator@example.com" };
const tokens = new Map<string, StandInIdentity>([
  [FACILITATOR, { kind: "user", username: "facilitator", owns: [STATE_ORGANIZATION, organization.name] }],
]);
const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const SHARDS = 3;

const directory = scratchDirectory();
const cloud = fakeClouds();

/** What else a deploy of `deployRoom` runs with. */
interface Setting {
  /** Runs within each cdktf deploy, given the stack's id and the stand-in of Terraform Cloud. */
  readonly during?: (stack: string, fake: StandIn) => void;
  /** The config's fields besides the organization and the attendees. */
  readonly config?: Record<string, unknown>;
  /** Terraform Cloud's organizations, as the stand-in holds them. */
  readonly organizations?: readonly StandInOrganization[];
  /** The environment's variables besides those of Terraform Cloud, the config and the output directory. */
  readonly env?: Readonly<Record<string, string>>;
  /** The stand-in's faults, by path. */
  readonly faults?: Readonly<Record<string, Fault>>;
  /** The config's `attendees` fields besides the names (`shards` is SHARDS unless given). */
  readonly attendees?: Record<string, unknown>;
}

/**
 * `npm run deploy` of a sharded room into an output directory of its own, at the time given, cdktf stood in for: what
 * it was asked to deploy. The stacks in `declined` are deployed without applying (their approval declined), those in
 * `failing` fail.
 */
async function deployRoom(
  outdir: string,
  names: ReadonlyArray<string | Record<string, unknown>>,
  args: readonly string[],
  stacks: Parameters<typeof fakeCdktf>[0] = {},
  now = NOW,
  setting: Setting = {},
) {
  const fake = await cloud({ organizations: setting.organizations ?? [], tokens, faults: setting.faults });
  const captured = capture(directory);
  const room = { organization, ...setting.config, attendees: { names, shards: SHARDS, ...setting.attendees } };
  const env = {
    ...setting.env,
    WORKSHOP_CONFIG: configFile(directory, `${outdir}.json`, room),
    TFE_ADDRESS: fake.address,
    TFE_HOSTNAME: new URL(fake.address).host,
    TFE_TOKEN: FACILITATOR,
    CDKTF_OUTDIR: join(directory, outdir, "cdktf.out"),
  };
  const cdktf = fakeCdktf(stacks);
  /** The environment of each cdktf deploy and each terraform run, in order. */
  const environments: NodeJS.ProcessEnv[] = [];
  const code = await deploy({
    env,
    now,
    args,
    runCdktf: (cdktfArgs, cdktfEnv) => {
      environments.push(cdktfEnv);
      setting.during?.(cdktfArgs[1]!, fake);
      return cdktf.runCdktf(cdktfArgs);
    },
    runTerraform: (terraformArgs, stackDirectory, terraformEnv) => {
      environments.push(terraformEnv);
      return cdktf.runTerraform(terraformArgs, stackDirectory);
    },
    findTerraform: () => "/usr/local/bin/terraform",
    ...captured.options,
  });
  const record = join(directory, outdir, DEPLOY_RECORD_FILE);
  // Every cdktf deploy reads the stacks deploy synthesized from the config preflight checked, never the app's synth
  for (const started of cdktf.started) expect(started.slice(3, 6)).toEqual([SKIP_SYNTH, "--output", env.CDKTF_OUTDIR]);
  const started = cdktf.started.map((started) => [...started.slice(0, 3), ...started.slice(6)]);
  const { checked } = cdktf;
  const { reported, printed } = captured;
  return { code, started, checked, reported, printed, record, environments, requests: fake.requests };
}

/** How the progress names the shards a deploy plans, without --all. */
const CHANGED_OR_DUE =
  "shards whose stack changed since this machine deployed it, whose state differs from the config or Terraform " +
  "Cloud, or whose rotation time has passed";
/** How the progress says the shared stack is not planned. */
const SHARED_UNCHANGED =
  "not the shared stack aws-workshop, whose stack did not change since this machine deployed it, whose state " +
  "matches the config and Terraform Cloud, and whose rotation time has not passed";
/** What a deploy with nothing to deploy says. */
const NOTHING_TO_DEPLOY =
  "deploy: nothing to deploy: the shared stack aws-workshop and its 3 shards did not change since this machine " +
  "deployed them, their states match the config and Terraform Cloud, and no rotation time of theirs has passed. " +
  "npm run deploy -- --all plans every stack, to look for drift";
/** Preflight's shards line, as the checklist prints it. */
const shardsLine = (printed: readonly string[]) => printed.filter((line) => line.startsWith("ok      shards: "));
/** Whether docs/large-rooms.md quotes a line, its spaces read alike. */
const quotedInLargeRooms = (line: string) =>
  docText("docs/large-rooms.md")
    .replace(/\s+/g, " ")
    .includes(`\`${line.replace(/\s+/g, " ")}\``);
/** Preflight's shards line when the deploy plans no shard of the 3. */
const NO_SHARD_PLANNED =
  "ok      shards: the deploy plans no shard of the 3: each is as this machine deployed it, its state matches the " +
  "config, and its rotation time has not passed";

/** What a deploy handed shard 2's state unread says. */
const SHARD_2_NOT_READ =
  "deploy: preflight did not read the state of shard 2 (aws-workshop-shard-2): without it nothing tells which stacks " +
  "are to deploy, so nothing was deployed. Run npm run preflight to see why, then npm run deploy again";
/** What a deploy says when Terraform Cloud's list of workspaces, read again after shard 2's deploy, gives `answer`. */
const RELISTED_UNANSWERED = (answer: string) =>
  "deploy: shard 2 (aws-workshop-shard-2): cdktf deploy exited 0, but Terraform Cloud, asked again for the " +
  `workspaces and teams that tell whether it applied, gave no usable answer (GET ${answer}); not recorded as ` +
  "deployed, ";
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

/** Writes into a stack's local state (made, when there is none) a time_rotating that rotates at the time given. */
function rotateAt(file: string, rotatesAt: Date): void {
  const held = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { resources: unknown[] }) : undefined;
  const rotating = JSON.parse(rotatingState(rotatesAt)) as { resources: unknown[] };
  writeFileSync(file, JSON.stringify({ ...rotating, resources: [...(held?.resources ?? []), ...rotating.resources] }));
}

/** Every file under a directory, by path, with its content: what a deploy stopped early must leave as it was. */
function filesIn(root: string): Map<string, string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(
    files
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((file) => [file, readFileSync(file, "base64")]),
  );
}

/** What cdktf deploy needs to deploy one stack of several that depend on each other, in the order deploy chose. */
const ORDERED = "--ignore-missing-stack-dependencies";

const shardIds = Array.from({ length: SHARDS }, (_, index) => `aws-workshop-shard-${index + 1}`);

/** A team of the facilitators, which the shared stack holds: added, it changes that stack alone. */
const FACILITATORS = { teams: [{ name: "facilitators" }] };
/** The config's fields of a room deployed into an organization it adopts (the room's own in Terraform Cloud). */
const adopted = { organization: { ...organization, create: false } };
/** The room organization's lists of workspaces and teams, as the stand-in records their requests. */
const WORKSPACES_LIST = `/api/v2/organizations/${organization.name}/workspaces?`;
const TEAMS_LIST = `/api/v2/organizations/${organization.name}/teams?`;
/** The shard a late attendee's room goes into. */
const LATE_SHARD = shardOf("latecomer", SHARDS);

describe("npm run deploy of a sharded room", () => {
  /**
   * A synthesized sharded room: its first shard's dependencies, as its manifest says, and the cdktf CLI a deploy runs
   * deploying that shard alone, in a project of this cdktf.json; started with the file, since the CLI takes seconds to
   * load, and read by the last test.
   */
  let firstShard: { readonly dependencies: readonly string[]; readonly alone: Promise<Run> };
  beforeAll(() => {
    const app = Testing.app();
    workshopStacks(app, validConfig({ organization, attendees: { names: NAMES, shards: SHARDS } }));
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    const project = mkdtempSync(join(directory, "alone-"));
    copyFileSync(join(ROOT, "cdktf.json"), join(project, "cdktf.json"));
    firstShard = {
      dependencies: manifest.stacks["aws-workshop-shard-1"]!.dependencies,
      alone: run(
        "node",
        [require.resolve(CDKTF_CLI), "deploy", "aws-workshop-shard-1", "--skip-synth", "--output", app.outdir],
        { HOME: project },
        project,
      ),
    };
  });

  it("deploys the shared stack, then every shard the first time, and records each", async () => {
    const { code, started, reported, record, printed } = await deployRoom("first", NAMES, ["--auto-approve"]);
    expect(code).toBe(0);
    // AND preflight named every shard, none recorded yet, with the rooms each gains
    expect(shardsLine(printed)).toEqual([
      "ok      shards: the deploy plans 3 of 3 shards: not recorded as deployed from this machine: " +
        "aws-workshop-shard-1 (3 to add), aws-workshop-shard-2 (4 to add), aws-workshop-shard-3 (1 to add); it adds " +
        "alice, bob, carol, dave, erin, and 3 more",
    ]);
    expect(started).toEqual(["aws-workshop", ...shardIds].map((id) => ["deploy", id, ORDERED, "--auto-approve"]));
    expect(reported).toContain(`deploy: the shared stack aws-workshop first, then 3 of 3 ${CHANGED_OR_DUE}: 1, 2, 3`);
    expect(reported).toContain("deploy: shard 2 (aws-workshop-shard-2), 2 of 3");
    expect([...readDeployRecord(record).keys()]).toEqual(["aws-workshop", ...shardIds]);
    expect(readFileSync(record, "utf8")).not.toContain(FACILITATOR);
  });

  it("deploys nothing when nothing changed, saying so, and only the late attendee's shard after", async () => {
    // GIVEN a room deployed from this machine
    await deployRoom("again", NAMES, []);
    // WHEN it is deployed again unchanged THEN no cdktf deploy runs, and the deploy says why and how to look for drift
    const unchanged = await deployRoom("again", NAMES, []);
    expect(unchanged.started).toEqual([]);
    expect(unchanged.reported).toContain(NOTHING_TO_DEPLOY);
    expect(shardsLine(unchanged.printed)).toEqual([NO_SHARD_PLANNED]);
    expect(unchanged.code).toBe(0);
    // AND WHEN a late attendee is added THEN only their shard is planned: the shared stack did not change
    const late = await deployRoom("again", [...NAMES, "latecomer"], []);
    const shard = shardOf("latecomer", SHARDS);
    expect(late.started).toEqual([["deploy", `aws-workshop-shard-${shard}`, ORDERED]]);
    expect(late.reported).toContain(`deploy: 1 of 3 ${CHANGED_OR_DUE}: ${shard}; ${SHARED_UNCHANGED}`);
    // AND preflight named that shard before, as the deploy chose it
    expect(shardsLine(late.printed)).toEqual([
      "ok      shards: the deploy plans 1 of 3 shards: changed since this machine deployed it: " +
        `aws-workshop-shard-${shard} (1 to add); it adds latecomer`,
    ]);
    // AND docs/large-rooms.md quotes both lines
    expect([late, unchanged].map(({ printed }) => quotedInLargeRooms(shardsLine(printed)[0]!))).toEqual([true, true]);
    expect(late.reported).toContain(`deploy: done, 1 shard; recorded in ${late.record}`);
    expect(late.code).toBe(0);
  });

  it("plans every stack whose directory it never deployed from (cdktf.out emptied), then nothing", async () => {
    // GIVEN a room deployed from this machine, then its cdktf.out removed: the record beside it is kept, and the next
    // synth writes every stack again without the terraform init verify and handout need to read its outputs
    await deployRoom("emptied", NAMES, []);
    rmSync(join(directory, "emptied", "cdktf.out"), { recursive: true });
    // WHEN the same config is deployed again
    const again = await deployRoom("emptied", NAMES, []);
    // THEN every stack is planned, saying why, and cdktf's init is in every directory after
    const why = "never deployed from its directory";
    expect(again.started).toEqual(["aws-workshop", ...shardIds].map((id) => ["deploy", id, ORDERED]));
    expect(again.reported).toContain(
      `deploy: the shared stack aws-workshop first (${why}), then 3 of 3 ${CHANGED_OR_DUE}: ` +
        [1, 2, 3].map((shard) => `${shard} (${why})`).join(", "),
    );
    expect(again.code).toBe(0);
    for (const id of ["aws-workshop", ...shardIds])
      expect(existsSync(join(directory, "emptied", "cdktf.out", "stacks", id, ".terraform")), id).toBe(true);
    // AND preflight named those shards before, as the deploy chose them
    expect(shardsLine(again.printed)).toEqual([
      `ok      shards: the deploy plans 3 of 3 shards: ${why}: ${shardIds.join(", ")}`,
    ]);
    // AND the next deploy has nothing to deploy
    expect((await deployRoom("emptied", NAMES, [])).reported).toContain(NOTHING_TO_DEPLOY);
  });

  it("names in preflight, and deploys, the shard of an attendee whose token is reissued, alone", async () => {
    // GIVEN a room deployed WHEN bob's token is reissued (tokenGeneration 2): no room is added or removed
    await deployRoom("reissue", NAMES, []);
    const reissued = NAMES.map((name) => (name === "bob" ? { name, tokenGeneration: 2 } : name));
    const { started, printed, code } = await deployRoom("reissue", reissued, []);
    // THEN preflight names his shard, changed, and the deploy plans it alone
    const shard = shardOf("bob", SHARDS);
    expect(shardsLine(printed)).toEqual([
      "ok      shards: the deploy plans 1 of 3 shards: changed since this machine deployed it: " +
        `aws-workshop-shard-${shard}`,
    ]);
    expect(started).toEqual([["deploy", `aws-workshop-shard-${shard}`, ORDERED]]);
    expect(code).toBe(0);
  });

  it("names in preflight, and deploys, every shard when the attendees' access changes", async () => {
    // GIVEN a room deployed WHEN attendees.access goes from write to read: every shard's team access changes
    await deployRoom("access", NAMES, []);
    const { started, printed, code } = await deployRoom("access", NAMES, [], {}, NOW, {
      attendees: { access: "read" },
    });
    expect(shardsLine(printed)).toEqual([
      `ok      shards: the deploy plans 3 of 3 shards: changed since this machine deployed it: ${shardIds.join(", ")}`,
    ]);
    expect(started.map((args) => args[1])).toEqual(shardIds);
    expect(code).toBe(0);
  });

  it("fails when the count of shards changes without a move's flag: a blocker, no cdktf, nothing written", async () => {
    // GIVEN a room deployed in 3 shards
    await deployRoom("recount", NAMES, []);
    const before = filesIn(join(directory, "recount"));
    // WHEN it is deployed with 4, without attendees.migrateFromShards
    const { code, started, printed, reported } = await deployRoom("recount", NAMES, [], {}, NOW, {
      attendees: { shards: 4 },
    });
    // THEN preflight's blocker names attendees.shards and the 3 the room was deployed in, and the deploy stops there
    const blockers = printed.filter((line) => line.startsWith("BLOCKER"));
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatch(
      /^BLOCKER attendees\.shards: [0-9]+ attendees' rooms are deployed in another stack than this config puts them in /,
    );
    expect(blockers[0]).toContain(
      "Fix: keep attendees.shards as the room was deployed (3), or move it with " +
        "attendees.migrateFromShards 3 (docs/large-rooms.md)",
    );
    expect(reported).toContain(
      "Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.",
    );
    expect(code).toBe(1);
    // AND no cdktf ran, and no file of the room's (states, record, synth) was written or removed
    expect(started).toEqual([]);
    expect(filesIn(join(directory, "recount"))).toEqual(before);
  });

  it("plans every stack with --all, which it does not pass on to cdktf", async () => {
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
      expect([...readDeployRecord(failed.record).keys()]).toEqual(["aws-workshop", "aws-workshop-shard-1"]);
      const resumed = await deployRoom("halfway", NAMES, []);
      expect(resumed.started.map((args) => args[1])).toEqual(["aws-workshop-shard-2", "aws-workshop-shard-3"]);
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
    expect([...readDeployRecord(declined.record).keys()]).toEqual([
      "aws-workshop",
      "aws-workshop-shard-1",
      "aws-workshop-shard-3",
    ]);
    const again = await deployRoom("declined", NAMES, []);
    expect(again.started.map((args) => args[1])).toEqual(["aws-workshop-shard-2"]);
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
    // GIVEN shard 1's state holding its rooms already (applied from another machine), so its deploy leaves its serial
    await deployRoom("unchecked-elsewhere", NAMES, []);
    mkdirSync(join(directory, "unchecked"));
    const shardState = stateFileOf("aws-workshop-shard-1");
    copyFileSync(join(directory, "unchecked-elsewhere", shardState), join(directory, "unchecked", shardState));
    // WHEN this machine deploys the room, and the check of shard 1 cannot run
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
    expect([...readDeployRecord(record).keys()]).toEqual(["aws-workshop"]);
  });

  it("fails when the check of what the shared stack's deploy applied cannot run, recording it not", async () => {
    // GIVEN a room deployed WHEN a facilitator team is added and the shared stack's check fails
    await deployRoom("shared-unchecked", NAMES, []);
    const { code, reported } = await deployRoom(
      "shared-unchecked",
      [...NAMES, "latecomer"],
      [],
      { unchecked: ["aws-workshop"] },
      NOW,
      { config: FACILITATORS },
    );
    // THEN the deploy stops, naming the shard it did not deploy, and the record still holds the shared stack as it was
    expect(reported).toContain(
      "deploy: the shared stack aws-workshop: cdktf deploy exited 0, but terraform plan -refresh=false " +
        "-detailed-exitcode -lock=false -input=false -no-color in " +
        `${join(directory, "shared-unchecked", "cdktf.out", "stacks", "aws-workshop")}, which tells whether it ` +
        `applied, failed (exit 1); not recorded as deployed, not deployed: ${LATE_SHARD}. ` +
        "Run that plan there to see why, then npm run deploy again",
    );
    expect(code).toBe(1);
    const again = await deployRoom("shared-unchecked", [...NAMES, "latecomer"], [], {}, NOW, { config: FACILITATORS });
    expect(again.started.map((args) => args[1])).toEqual(["aws-workshop", `aws-workshop-shard-${LATE_SHARD}`]);
  });

  for (const { stack, outdir, progress, line } of [
    {
      stack: "aws-workshop-shard-2",
      outdir: "rotation",
      progress: [
        `deploy: 1 of 3 ${CHANGED_OR_DUE}: 2 (rotation due); ${SHARED_UNCHANGED}`,
        "deploy: shard 2 (aws-workshop-shard-2), 1 of 1, rotation due",
      ],
      line:
        "ok      shards: the deploy plans 1 of 3 shards: rotation due (its tokens are replaced): " +
        "aws-workshop-shard-2",
    },
    {
      stack: "aws-workshop",
      outdir: "shared-rotation",
      progress: [`deploy: the shared stack aws-workshop first (rotation due), then 0 of 3 ${CHANGED_OR_DUE}: none`],
      line: NO_SHARD_PLANNED,
    },
  ])
    it(`deploys ${stack} unchanged once its rotation time has passed, alone, saying why, not before`, async () => {
      // GIVEN a room deployed, whose stack's state holds a time_rotating that rotates 30 days from now
      await deployRoom(outdir, NAMES, []);
      const rotatesAt = new Date(NOW.getTime() + 30 * DAY);
      rotateAt(join(directory, outdir, stateFileOf(stack)), rotatesAt);
      // WHEN the room is deployed again a day before that time THEN no stack is
      const before = await deployRoom(outdir, NAMES, [], {}, new Date(rotatesAt.getTime() - DAY));
      expect(before.started).toEqual([]);
      expect(before.reported).toContain(NOTHING_TO_DEPLOY);
      // AND WHEN at that time THEN that stack alone is deployed, for its rotation (its time_rotating renewed)
      const due = await deployRoom(outdir, NAMES, [], { appliedAt: rotatesAt }, rotatesAt);
      expect(due.started).toEqual([["deploy", stack, ORDERED]]);
      expect(due.reported.filter((each) => each.startsWith("deploy: ") && !each.includes("done"))).toEqual(progress);
      // AND preflight said so first, in the shards line (the shared stack's rotation is no shard's)
      expect(shardsLine(before.printed)).toEqual([NO_SHARD_PLANNED]);
      expect(shardsLine(due.printed)).toEqual([line]);
      expect(quotedInLargeRooms(line)).toBe(true);
      expect(due.code).toBe(0);
      // AND its state, read again, holds the new rotation time: the stack's own check is not run, it cannot see one
      expect(due.checked).toEqual([]);
      const after = await deployRoom(outdir, NAMES, [], {}, new Date(rotatesAt.getTime() + DAY));
      expect(after.started).toEqual([]);
    });

  it("fails when a rotation-due shard's plan is declined: its state still holds the rotation time passed", async () => {
    // GIVEN a room deployed, whose shard 2's state holds a time_rotating that rotates at a time now passed
    await deployRoom("rotation-declined", NAMES, []);
    const rotatesAt = new Date(NOW.getTime() + 30 * DAY);
    const stateFile = join(directory, "rotation-declined", stateFileOf("aws-workshop-shard-2"));
    rotateAt(stateFile, rotatesAt);
    // WHEN it is deployed for its rotation, and its plan declined (the check, without refresh, would find no change)
    const declined = await deployRoom(
      "rotation-declined",
      NAMES,
      [],
      { declined: ["aws-workshop-shard-2"], appliedAt: rotatesAt },
      rotatesAt,
    );
    // THEN it is not applied, read from its state again, not from the check, which would find no change; it says why
    expect(declined.checked).toEqual([]);
    expect(declined.started.map((args) => args[1])).toEqual(["aws-workshop-shard-2"]);
    expect(declined.reported).toContain(
      "deploy: shard 2 (aws-workshop-shard-2) was not applied: its state still holds a rotation time that has " +
        "passed; it stays to deploy",
    );
    expect(declined.reported).toContain(`deploy: not applied: shard 2 (aws-workshop-shard-2). ${STAY}`);
    expect(declined.code).toBe(1);
    // AND the next deploy deploys it again for its rotation
    const again = await deployRoom("rotation-declined", NAMES, [], { appliedAt: rotatesAt }, rotatesAt);
    expect(again.started.map((args) => args[1])).toEqual(["aws-workshop-shard-2"]);
    expect(again.code).toBe(0);
  });

  it("fails when a rotation-due shard's state cannot be read again after its deploy, naming what is left", async () => {
    await deployRoom("rotation-gone", NAMES, []);
    const rotatesAt = new Date(NOW.getTime() + 30 * DAY);
    const stateFile = join(directory, "rotation-gone", stateFileOf("aws-workshop-shard-1"));
    rotateAt(stateFile, rotatesAt);
    // GIVEN a cdktf deploy that leaves the state unreadable
    const { code, reported } = await deployRoom("rotation-gone", NAMES, [], {}, rotatesAt, {
      during: () => writeFileSync(stateFile, "not a state"),
    });
    expect(reported).toContain(
      "deploy: shard 1 (aws-workshop-shard-1): cdktf deploy exited 0, but its state, read again to tell whether the " +
        "deploy applied, is not JSON; not recorded as deployed, no shard is left. " +
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
    // WHEN every shard is planned
    const { code, checked, reported, record } = await deployRoom("all-planned", [...NAMES, "latecomer"], ["--all"]);
    // THEN no stack is checked: the late attendee's shard raised its state's serial, the others are only planned; the
    // last line tells them apart
    expect(checked).toEqual([]);
    expect(reported).toContain(
      "deploy: done: applied 1 shard; planned the shared stack and 2 shards unchanged since recorded, " +
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
          `or npm run deploy -- --all for every stack. npx cdktf deploy ${name} --ignore-missing-stack-dependencies ` +
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

  it("fails when the shared stack's deploy fails, deploying no shard and recording nothing", async () => {
    // GIVEN a room deployed, then a facilitator team and a late attendee added
    const deployed = await deployRoom("shared-fails", NAMES, []);
    const recorded = readFileSync(deployed.record, "utf8");
    // WHEN the shared stack's deploy fails
    const { code, started, reported, record } = await deployRoom(
      "shared-fails",
      [...NAMES, "latecomer"],
      [],
      {
        failing: ["aws-workshop"],
      },
      NOW,
      { config: FACILITATORS },
    );
    // THEN the late attendee's shard is not deployed, the record is as it was, and the next deploy plans both again
    expect(started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(reported).toContain("deploy: the shared stack aws-workshop failed (exit 1); no shard was deployed");
    expect(code).toBe(1);
    expect(readFileSync(record, "utf8")).toBe(recorded);
    const again = await deployRoom("shared-fails", [...NAMES, "latecomer"], [], {}, NOW, { config: FACILITATORS });
    expect(again.started.map((args) => args[1])).toEqual(["aws-workshop", `aws-workshop-shard-${LATE_SHARD}`]);
  });

  it("plans the shared stack on the first deploy after an upgrade, whose record holds only the shards", async () => {
    // GIVEN a room deployed by a version that recorded the shards only
    const { record } = await deployRoom("upgraded", NAMES, []);
    writeFileSync(record, deployRecordText(new Map(shardIds.map((id) => [id, readDeployRecord(record).get(id)!]))));
    // WHEN it is deployed THEN the shared stack is planned, not recorded on this machine, and recorded once applied
    const upgraded = await deployRoom("upgraded", NAMES, []);
    expect(upgraded.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(upgraded.reported).toContain(
      `deploy: the shared stack aws-workshop first, then 0 of 3 ${CHANGED_OR_DUE}: none`,
    );
    expect(upgraded.reported).toContain(`deploy: done, the shared stack; recorded in ${record}`);
    expect([...readDeployRecord(record).keys()]).toEqual(["aws-workshop", ...shardIds]);
    // AND the next deploy plans nothing
    expect((await deployRoom("upgraded", NAMES, [])).started).toEqual([]);
  });

  it("plans the shared stack alone when it changed, a facilitator team added, and records its new digest", async () => {
    // GIVEN a room deployed
    const deployed = await deployRoom("team-added", NAMES, []);
    const before = readDeployRecord(deployed.record);
    // WHEN a facilitator team is added to the config
    const { code, started, checked, record } = await deployRoom("team-added", NAMES, [], {}, NOW, {
      config: FACILITATORS,
    });
    // THEN only the shared stack is planned, checked (it has no local state whose serial could tell) and recorded anew
    expect(started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(checked).toEqual(["aws-workshop"]);
    expect(code).toBe(0);
    const after = readDeployRecord(record);
    expect(after.get("aws-workshop")).not.toBe(before.get("aws-workshop"));
    expect(shardIds.map((id) => after.get(id))).toEqual(shardIds.map((id) => before.get(id)));
  });

  it("fails when the shared stack's plan is declined after it changed: not recorded, planned again", async () => {
    await deployRoom("team-declined", NAMES, []);
    const declined = await deployRoom("team-declined", NAMES, [], { declined: ["aws-workshop"] }, NOW, {
      config: FACILITATORS,
    });
    expect(declined.reported).toContain(`deploy: not applied: the shared stack aws-workshop. ${STAY}`);
    expect(declined.code).toBe(1);
    const again = await deployRoom("team-declined", NAMES, [], {}, NOW, { config: FACILITATORS });
    expect(again.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(again.code).toBe(0);
  });

  it("fails when the shared stack's rotation plan is declined, deploying no shard after it", async () => {
    // GIVEN a room deployed, whose shared stack's rotation time has passed, and a late attendee
    await deployRoom("shared-rotation-declined", NAMES, []);
    const rotatesAt = new Date(NOW.getTime() + 7 * DAY);
    rotateAt(join(directory, "shared-rotation-declined", stateFileOf("aws-workshop")), rotatesAt);
    // WHEN the shared stack's plan is declined
    const declined = await deployRoom(
      "shared-rotation-declined",
      [...NAMES, "latecomer"],
      [],
      { declined: ["aws-workshop"], appliedAt: rotatesAt },
      rotatesAt,
    );
    // THEN its state, read again, says so; the late attendee's shard, which depends on it, is not deployed
    expect(declined.started).toEqual([["deploy", "aws-workshop", ORDERED]]);
    expect(declined.reported).toContain(
      "deploy: the shared stack aws-workshop was not applied: its state still holds a rotation time that has " +
        "passed; it stays to deploy",
    );
    expect(declined.reported).toContain(
      `deploy: not applied: the shared stack aws-workshop; ${DEPENDING} ` +
        `shard ${LATE_SHARD} (aws-workshop-shard-${LATE_SHARD}). ${STAY}`,
    );
    expect(declined.code).toBe(1);
  });

  describe("a shard unchanged since recorded whose state differs from the config or Terraform Cloud", () => {
    const shard = shardOf("bob", SHARDS);
    const stackId = `aws-workshop-shard-${shard}`;
    const mates = NAMES.filter((name) => shardOf(name, SHARDS) === shard && name !== "bob");
    /** Writes bob's shard's state holding the rooms of his shard's mates, without his (audit3's probe of finding 2). */
    const withoutBob = (outdir: string) => {
      const instances = (type: string) => ({
        mode: "managed",
        type,
        name: type === "tfe_team" ? "attendees_teams_8A27F6CF" : "attendees_workspaces_9106E48C",
        provider: 'provider["registry.terraform.io/hashicorp/tfe"]',
        instances: mates.map((name) => ({
          index_key: name,
          attributes: { id: `${type}-${name}`, name: `aws_workshop-${name}` },
        })),
      });
      const state = { version: 4, serial: 2, lineage: "x", resources: ["tfe_workspace", "tfe_team"].map(instances) };
      writeFileSync(join(directory, outdir, stateFileOf(stackId)), JSON.stringify(state));
    };

    it("deploys the shard whose state lacks a room the config puts there, saying why, though recorded", async () => {
      // GIVEN a room deployed from this machine, every stack recorded, then bob's room gone from his shard's state (a
      // config edited during a deploy, then put back)
      await deployRoom("state-differs", NAMES, []);
      expect(mates.length).toBeGreaterThan(0);
      withoutBob("state-differs");
      // WHEN the same config is deployed again
      const again = await deployRoom("state-differs", NAMES, []);
      // THEN bob's shard is deployed, the progress saying why, and his room is in its state after
      expect(again.started).toEqual([["deploy", stackId, ORDERED]]);
      expect(again.reported).toContain(
        `deploy: 1 of 3 ${CHANGED_OR_DUE}: ${shard} (state differs from the config); ${SHARED_UNCHANGED}`,
      );
      expect(again.reported).toContain(`deploy: shard ${shard} (${stackId}), 1 of 1, state differs from the config`);
      expect(again.reported).toContain(`deploy: done, 1 shard; recorded in ${again.record}`);
      expect(again.code).toBe(0);
      expect(readFileSync(join(directory, "state-differs", stateFileOf(stackId)), "utf8")).toContain('"bob"');
      // AND the next deploy has nothing to deploy
      expect((await deployRoom("state-differs", NAMES, [])).started).toEqual([]);
    });

    it("fails when that shard's plan is declined: its state, read again, still lacks the room", async () => {
      await deployRoom("state-differs-declined", NAMES, []);
      withoutBob("state-differs-declined");
      const declined = await deployRoom("state-differs-declined", NAMES, [], { declined: [stackId] });
      expect(declined.checked).toEqual([]);
      expect(declined.reported).toContain(
        `deploy: shard ${shard} (${stackId}) was not applied: its state still differs from the config; it stays to ` +
          "deploy",
      );
      expect(declined.reported).toContain(`deploy: not applied: shard ${shard} (${stackId}). ${STAY}`);
      expect(declined.code).toBe(1);
    });

    /** The room's organization as Terraform Cloud lists it: every attendee's workspace and team, but bob's workspace */
    const bobsWorkspaceDeleted: StandInOrganization = {
      name: organization.name,
      teams: true,
      workspaces: NAMES.filter((name) => name !== "bob").map((name) => ({
        id: `ws-${name}`,
        name: `aws_workshop-${name}`,
        executionMode: "local",
      })),
      teamList: NAMES.map((name) => ({ id: `team-${name}`, name: `aws_workshop-${name}` })),
    };

    it("deploys the shard whose workspace was deleted by hand, as preflight says, its state read after", async () => {
      // GIVEN a room deployed in an organization of its own, every stack recorded
      await deployRoom("deleted", NAMES, [], {}, NOW, {
        config: adopted,
        organizations: [{ name: organization.name, teams: true }],
      });
      const stateFile = join(directory, "deleted", stateFileOf(stackId));
      const held = readFileSync(stateFile, "utf8");
      // WHEN bob's workspace is deleted by hand, and the room deployed again, Terraform creating it again (a new id)
      const again = await deployRoom("deleted", NAMES, [], {}, NOW, {
        config: adopted,
        organizations: [bobsWorkspaceDeleted],
        during: () => writeFileSync(stateFile, held.replace(/"tfe_workspace-bob-\d+"/, '"ws-recreated"')),
      });
      // THEN preflight says the deploy creates it again, and the deploy does: bob's shard, for that reason
      expect(again.printed.filter((line) => line.includes('"aws_workshop-bob"'))).toEqual([
        'warning workspace "aws_workshop-bob": is managed by this stack but not in Terraform Cloud (deleted by ' +
          "hand?): the deploy creates it again, empty. Fix: if it was deleted on purpose, nothing to do; its state " +
          "history is gone",
      ]);
      expect(again.started).toEqual([["deploy", stackId, ORDERED]]);
      expect(again.reported).toContain(
        `deploy: shard ${shard} (${stackId}), 1 of 1, state holds objects not in Terraform Cloud`,
      );
      expect(again.code).toBe(0);
      // AND its state, read again, holds it under a new id: applied, without asking Terraform Cloud again
      expect(again.requests.filter((path) => path.startsWith(WORKSPACES_LIST))).toHaveLength(1);
      expect(again.reported).toContain(`deploy: done, 1 shard; recorded in ${again.record}`);
    });

    /** The room's organization before its first deploy: its own, with nothing in it. */
    const empty: StandInOrganization = { name: organization.name, teams: true };
    /**
     * A room deployed into `outdir`, then deployed again while Terraform Cloud lists `listed`, bob's shard's plan
     * declined: it is not applied, as its state still holds what Terraform Cloud does not list.
     */
    const declinedWhileListing = async (outdir: string, listed: StandInOrganization) => {
      await deployRoom(outdir, NAMES, [], {}, NOW, { config: adopted, organizations: [empty] });
      const declined = await deployRoom(outdir, NAMES, [], { declined: [stackId] }, NOW, {
        config: adopted,
        organizations: [listed],
      });
      expect(declined.reported).toContain(
        `deploy: shard ${shard} (${stackId}) was not applied: its state still holds objects Terraform Cloud does ` +
          "not have; it stays to deploy",
      );
      expect(declined.code).toBe(1);
    };

    it("fails when the deleted workspace's shard is deployed and its state still holds it (declined)", async () => {
      await declinedWhileListing("deleted-declined", bobsWorkspaceDeleted);
    });

    /** The id of an attendee's workspace or team that the first deploy made, as the fake apply gives it. */
    const firstId = (kind: "workspace" | "team", attendee: string) => `tfe_${kind}-${attendee}-1`;
    /** The room's organization after its first deploy, every attendee's workspace and team listed, bob's `kind` so. */
    const bobs = (kind: "workspace" | "team", name: string): StandInOrganization => {
      const listed = (type: "workspace" | "team") =>
        NAMES.map((attendee) => ({
          id: firstId(type, attendee),
          name: type === kind && attendee === "bob" ? name : `aws_workshop-${attendee}`,
        }));
      const workspaces = listed("workspace").map((workspace) => ({ ...workspace, executionMode: "local" }));
      return { name: organization.name, teams: true, workspaces, teamList: listed("team") };
    };

    /** What preflight says a rename back in place keeps of a workspace or a team. */
    const KEPT_BY_A_RENAME = { workspace: "with its state and runs", team: "with its members and any token" };

    for (const kind of ["workspace", "team"] as const) {
      /** Terraform's apply of bob's shard, which renames his `kind` back in place: the same id, the config's name. */
      const renamedBack = (stack: string, fake: StandIn) => {
        if (stack === stackId) fake.update(organization.name, () => bobs(kind, "aws_workshop-bob"));
      };
      const renamed = bobs(kind, "bobs-own-name");

      it(`deploys the shard whose ${kind} was renamed by hand, renamed back in place, and records it`, async () => {
        // GIVEN a room deployed in an organization of its own, every stack recorded
        const outdir = `renamed-${kind}`;
        await deployRoom(outdir, NAMES, [], {}, NOW, { config: adopted, organizations: [empty] });
        const stateFile = join(directory, outdir, stateFileOf(stackId));
        const held = readFileSync(stateFile, "utf8");
        expect(held).toContain(`"${firstId(kind, "bob")}"`);
        // WHEN bob's ${kind} is renamed by hand, and the room deployed again, Terraform renaming it back in place
        const again = await deployRoom(outdir, NAMES, [], {}, NOW, {
          config: adopted,
          organizations: [renamed],
          during: renamedBack,
        });
        // THEN preflight says it was renamed, and the deploy deploys bob's shard, whose state holds it by the name
        // Terraform Cloud no longer lists
        expect(again.printed.filter((line) => line.includes('"aws_workshop-bob"'))).toEqual([
          `warning ${kind} "aws_workshop-bob": is managed by this stack, and Terraform Cloud lists it ` +
            `(${firstId(kind, "bob")}) as "bobs-own-name" (renamed by hand?): the deploy renames it back, in place, ` +
            `${KEPT_BY_A_RENAME[kind]}. Fix: nothing to do, unless the new name is meant to stay: then give it to ` +
            "the config before the deploy",
        ]);
        expect(again.started).toEqual([["deploy", stackId, ORDERED]]);
        expect(again.reported).toContain(
          `deploy: shard ${shard} (${stackId}), 1 of 1, state holds objects not in Terraform Cloud`,
        );
        // AND its state is as it was (the same id and name), so Terraform Cloud, listed again, tells it was applied
        expect(readFileSync(stateFile, "utf8")).toBe(held);
        const listedAgain = kind === "workspace" ? WORKSPACES_LIST : TEAMS_LIST;
        expect(again.requests.filter((path) => path.startsWith(listedAgain))).toHaveLength(2);
        expect(again.reported).toContain(`deploy: done, 1 shard; recorded in ${again.record}`);
        expect(again.code).toBe(0);
        // AND the next deploy agrees: nothing to deploy
        const next = await deployRoom(outdir, NAMES, [], {}, NOW, {
          config: adopted,
          organizations: [bobs(kind, "aws_workshop-bob")],
        });
        expect(next.started).toEqual([]);
        expect(next.reported).toContain(NOTHING_TO_DEPLOY);
      });

      it(`fails when the ${kind} renamed by hand stays so, its plan declined: still not listed`, async () => {
        // GIVEN bob's ${kind} renamed by hand WHEN the shard's plan, which renames it back, is declined THEN it is
        // not applied
        const outdir = `renamed-${kind}-declined`;
        await declinedWhileListing(outdir, renamed);
        // AND the next deploy plans it again
        const again = await deployRoom(outdir, NAMES, [], {}, NOW, {
          config: adopted,
          organizations: [renamed],
          during: renamedBack,
        });
        expect(again.started).toEqual([["deploy", stackId, ORDERED]]);
        expect(again.code).toBe(0);
      });
    }

    for (const [status, meaning] of [
      [503, "Terraform Cloud could not answer"],
      [404, "absent, or not visible to this token"],
    ] as const)
      it(`fails when Terraform Cloud, asked whether a renamed workspace is back, answers ${status}`, async () => {
        // GIVEN a room deployed, then bob's workspace renamed by hand
        const outdir = `renamed-unanswered-${status}`;
        await deployRoom(outdir, NAMES, [], {}, NOW, { config: adopted, organizations: [empty] });
        // WHEN the room is deployed, and the list of workspaces, which preflight read, answers so after the deploy
        const path = WORKSPACES_LIST.slice(0, -1);
        const { code, reported, record } = await deployRoom(outdir, NAMES, [], {}, NOW, {
          config: adopted,
          organizations: [bobs("workspace", "bobs-own-name")],
          faults: { [path]: (hit) => (hit === 1 ? undefined : { status, text: "no" }) },
        });
        // THEN the deploy stops, saying why it cannot tell whether the shard applied; it is not recorded anew
        expect(stackId).toBe("aws-workshop-shard-2");
        expect(reported).toContain(
          RELISTED_UNANSWERED(`${path}?page%5Bnumber%5D=1&page%5Bsize%5D=100 answered ${status}: ${meaning}`) +
            "no shard is left. Run npm run preflight to see Terraform Cloud, then npm run deploy again",
        );
        expect(code).toBe(1);
        expect(readDeployRecord(record).size).toBe(1 + SHARDS);
      });
  });

  it("deploys the shared stack whose workspace was renamed by hand, renamed back, then the shards", async () => {
    // GIVEN a room deployed in an organization of its own, whose shared state holds its workspace aws_workshop
    await deployRoom("shared-renamed", NAMES, [], {}, NOW, {
      config: adopted,
      organizations: [{ name: organization.name, teams: true }],
    });
    const workspace = {
      mode: "managed",
      type: "tfe_workspace",
      name: "workspace-aws_workshop_workspace_0738F395",
      provider: 'provider["registry.terraform.io/hashicorp/tfe"]',
      instances: [{ attributes: { id: "ws-aws-workshop", name: "aws_workshop" } }],
    };
    const stateFile = join(directory, "shared-renamed", stateFileOf("aws-workshop"));
    writeFileSync(stateFile, JSON.stringify({ version: 4, serial: 1, lineage: "x", resources: [workspace] }));
    /** The organization, every room listed and aws_workshop under the name given. */
    const listing = (name: string): StandInOrganization => ({
      name: organization.name,
      teams: true,
      workspaces: [
        { id: "ws-aws-workshop", name, executionMode: "local" },
        ...NAMES.map((attendee) => ({
          id: `ws-${attendee}`,
          name: `aws_workshop-${attendee}`,
          executionMode: "local",
        })),
      ],
      teamList: NAMES.map((attendee) => ({ id: `team-${attendee}`, name: `aws_workshop-${attendee}` })),
    });
    // WHEN aws_workshop is renamed by hand, a late attendee added, and the room deployed, Terraform renaming it back
    const again = await deployRoom("shared-renamed", [...NAMES, "latecomer"], [], {}, NOW, {
      config: adopted,
      organizations: [listing("renamed-by-hand")],
      during: (stack, fake) => {
        if (stack === "aws-workshop") fake.update(organization.name, () => listing("aws_workshop"));
      },
    });
    // THEN the shared stack is deployed for it, found applied by Terraform Cloud listed again, and the late attendee's
    // shard after it: none is left out as depending on a stack not applied
    expect(again.started).toEqual([
      ["deploy", "aws-workshop", ORDERED],
      ["deploy", `aws-workshop-shard-${LATE_SHARD}`, ORDERED],
    ]);
    expect(again.reported).toContain(
      "deploy: the shared stack aws-workshop first (state holds objects not in Terraform Cloud), then " +
        `1 of 3 ${CHANGED_OR_DUE}: ${LATE_SHARD}`,
    );
    expect(again.reported).toContain(`deploy: done, the shared stack and 1 shard; recorded in ${again.record}`);
    expect(again.code).toBe(0);
  });

  it("deploys every stack from the synth preflight checked: a config edited meanwhile reaches none", async () => {
    // GIVEN a room whose config file is edited during the shared stack's deploy, bob's name deleted
    const config = join(directory, "edited.json");
    const bobsShard = `aws-workshop-shard-${shardOf("bob", SHARDS)}`;
    const edited = await deployRoom("edited", NAMES, [], {}, NOW, {
      during: (stack) => {
        if (stack !== "aws-workshop") return;
        const room = JSON.parse(readFileSync(config, "utf8")) as { attendees: { names: string[] } };
        room.attendees.names = room.attendees.names.filter((name) => name !== "bob");
        writeFileSync(config, JSON.stringify(room));
      },
    });
    // THEN every stack is deployed from what was synthesized before the first, bob's shard with his room
    expect(edited.code).toBe(0);
    expect(edited.started.map((args) => args[1])).toEqual(["aws-workshop", ...shardIds]);
    expect(readFileSync(join(directory, "edited", stateFileOf(bobsShard)), "utf8")).toContain('"bob"');
  });

  it("fails when given --output, which would part cdktf deploy from the synth preflight checked", async () => {
    for (const output of ["--output", "-o", "--output=elsewhere"]) {
      const { code, started, reported } = await deployRoom("output", NAMES, [output, "elsewhere"]);
      expect(reported).toContain(
        `deploy: ${output} is npm run deploy's own: it synthesizes the stacks preflight checked into the output ` +
          "directory (CDKTF_OUTDIR, cdktf.out when unset) and has cdktf deploy read them there. Set CDKTF_OUTDIR " +
          "instead, and run npm run deploy again.",
      );
      expect(code).toBe(1);
      expect(started).toEqual([]);
    }
  });

  it("fails when the record cannot be written after a stack applied, naming it and the stacks left", async () => {
    // GIVEN a directory where the deploy record goes
    const record = join(directory, "unrecorded", DEPLOY_RECORD_FILE);
    mkdirSync(record, { recursive: true });
    // WHEN the room is deployed
    const { code, started, reported } = await deployRoom("unrecorded", NAMES, []);
    // THEN it stops after the shared stack, saying it applied but is not recorded, and which stacks were not deployed
    expect(started.map((args) => args[1])).toEqual(["aws-workshop"]);
    expect(reported).toContain(
      `deploy: the shared stack aws-workshop was applied, but the record ${record} could not be written ` +
        "(EISDIR): it is not recorded as deployed, not deployed: 1, 2, 3. Make it a file this user can write (a " +
        "directory or a read-only file in its place, a full disk), then run npm run deploy again: it plans again " +
        "every stack not recorded as deployed",
    );
    expect(code).toBe(1);
  });

  it("is quoted in docs/large-rooms.md in its own words, for a room of 10 shards", () => {
    const page = docText("docs/large-rooms.md").replace(/\s+/g, " ");
    expect(page).toContain(`\`deploy: 1 of 10 ${CHANGED_OR_DUE}: 4; ${SHARED_UNCHANGED}\``);
    expect(page).toContain(`\`${NOTHING_TO_DEPLOY.replace("its 3 shards", "its 10 shards")}\``);
    expect(page).toContain(
      "`deploy: shard 2 (aws-workshop-shard-2) was not applied: its state still differs from the config; it stays to " +
        "deploy`",
    );
    expect(page).toContain(`\`${SHARD_2_NOT_READ}\``);
    expect(page).toContain(`\`${RELISTED_UNANSWERED("... answered 503: Terraform Cloud could not answer")}...\``);
  });

  describe("with the states in Terraform Cloud", () => {
    const inCloud = { state: { organization: STATE_ORGANIZATION, workspace: "room-state" } };
    const stateWorkspaces = ["room-state", ...shardIds.map((_, index) => `room-state-shard-${index + 1}`)];
    /**
     * The state organization, its state workspaces in local execution, the shared one holding `sharedState`, each
     * shard's the state of `shardStates` at its index.
     */
    const admin = (sharedState?: string, shardStates: ReadonlyArray<string | undefined> = []): StandInOrganization => ({
      name: STATE_ORGANIZATION,
      workspaces: stateWorkspaces.map((name, index) => {
        const state = index === 0 ? sharedState : shardStates[index - 1];
        return {
          id: `ws-state${index}`,
          name,
          executionMode: "local",
          ...(state === undefined ? {} : { state, stateAt: NOW.toISOString() }),
        };
      }),
    });
    /** The state of each shard as the deploy into `outdir` applied it: holding its rooms. */
    const shardStatesOf = (outdir: string) =>
      shardIds.map((id) => {
        const synthesized = join(directory, outdir, "cdktf.out", "stacks", id, "cdk.tf.json");
        return appliedState(JSON.parse(readFileSync(synthesized, "utf8")) as StackJson, undefined);
      });

    it("plans every stack from a CI runner, which has no record, checking each: no local serial tells", async () => {
      // GIVEN a CI runner's checkout, which has no record WHEN it deploys the room
      const { code, started, checked, record } = await deployRoom("ci", NAMES, [], {}, NOW, {
        config: inCloud,
        organizations: [admin()],
        env: { CI: "true" },
      });
      // THEN every stack is planned, and each is checked before it is recorded
      expect(started.map((args) => args[1])).toEqual(["aws-workshop", ...shardIds]);
      expect(checked).toEqual(["aws-workshop", ...shardIds]);
      expect([...readDeployRecord(record).keys()]).toEqual(["aws-workshop", ...shardIds]);
      expect(code).toBe(0);
    });

    /** Each Terraform token variable of each environment a deploy ran cdktf and terraform in, by name. */
    const terraformTokens = (environments: readonly NodeJS.ProcessEnv[]) =>
      environments.map((env) => Object.entries(env).filter(([name]) => name.startsWith("TF_TOKEN_")));

    it(
      "never hands Terraform a token read through TFE_ADDRESS (here a stand-in's) as TF_TOKEN_<host> of the state's " +
        "host: Terraform sends it to that host itself, not to the address; printed nowhere",
      async () => {
        // GIVEN a token read through a stand-in's TFE_ADDRESS WHEN the room is deployed, its states on app.terraform.io
        const { code, environments, reported, printed, checked } = await deployRoom("cloud-token", NAMES, [], {}, NOW, {
          config: inCloud,
          organizations: [admin()],
        });
        // THEN every cdktf deploy and every check runs without a TF_TOKEN_<host> of ours (withStateToken gives one only
        // for the host the token was read from: hostile-environment.test)
        expect(code).toBe(0);
        expect(checked).toHaveLength(1 + SHARDS);
        expect(terraformTokens(environments)).toEqual(environments.map(() => []));
        expect([...reported, ...printed].filter((line) => line.includes(FACILITATOR))).toEqual([]);
      },
    );

    it("keeps the facilitator's own TF_TOKEN_<host>: Terraform uses theirs", async () => {
      const own = fakeToken("TerraformL0g1n");
      const { environments } = await deployRoom("cloud-token-own", NAMES, [], {}, NOW, {
        config: inCloud,
        organizations: [admin()],
        env: { TF_TOKEN_app_terraform_io: own },
      });
      expect(terraformTokens(environments)).toEqual(environments.map(() => [["TF_TOKEN_app_terraform_io", own]]));
    });

    const STATE_VERSION = "GET /api/v2/workspaces/ws-state2/current-state-version";
    for (const [answer, fault, blocker] of [
      [
        "503",
        () => ({ status: 503, text: "down" }),
        `${STATE_VERSION} answered 503: Terraform Cloud could not answer; nothing is concluded from it. Fix: try ` +
          "again in a few minutes; if it persists, check the Terraform Cloud status page",
      ],
      [
        "429",
        () => ({ status: 429 }),
        `${STATE_VERSION} still rate limited (429) after 5 waits; nothing is concluded from it. Fix: wait a minute, ` +
          "stop other tools using the same account, and try again",
      ],
      [
        "a sign-in page",
        () => ({
          status: 200,
          text: "<html><body>Please sign in</body></html>",
          headers: { "Content-Type": "text/html" },
        }),
        `${STATE_VERSION} answered 200 (text/html) with a body that is not JSON: "<html><body>Please sign ` +
          'in</body></html>"; nothing is concluded from it. Fix: check that TFE_HOSTNAME or TFE_ADDRESS names ' +
          "Terraform Cloud and not a proxy or login page; then try again",
      ],
    ] as const)
      it(`stops before Terraform when a shard's state read answers ${answer}: preflight blocks on it`, async () => {
        // GIVEN a room deployed, every stack recorded, its shards' states in Terraform Cloud
        const outdir = `cloud-unanswered-${answer.replace(/\W+/g, "-")}`;
        await deployRoom(outdir, NAMES, [], {}, NOW, { config: inCloud, organizations: [admin()] });
        // WHEN it is deployed again, unchanged, and shard 2's state read gets no usable answer
        const path = STATE_VERSION.replace("GET ", "");
        const { code, started, printed, reported } = await deployRoom(outdir, NAMES, [], {}, NOW, {
          config: inCloud,
          organizations: [admin(undefined, shardStatesOf(outdir))],
          faults: { [path]: fault },
        });
        // THEN preflight says shard 2 was not read, and blocks on the request, so the deploy stops before any stack,
        // claiming nothing of its state
        expect(printed.filter((line) => /^(BLOCKER|warning state)/.test(line))).toEqual([
          "warning state of the shards: aws-workshop-shard-2 was not read (no usable answer from Terraform Cloud): " +
            "preflight cannot tell what this shard manages, and concludes nothing about the room's workspaces and " +
            "teams. Fix: run preflight again once Terraform Cloud answers",
          `BLOCKER Terraform Cloud: ${blocker}`,
        ]);
        expect(reported.filter((line) => /^deploy/i.test(line))).toEqual([
          "Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.",
        ]);
        expect(started).toEqual([]);
        expect(code).toBe(1);
      });

    it("deploys the shared stack for its rotation, reading its state in Terraform Cloud again after", async () => {
      // GIVEN a room deployed, whose shared state in Terraform Cloud holds a rotation time that has passed
      await deployRoom("cloud-rotation", NAMES, [], {}, NOW, { config: inCloud, organizations: [admin()] });
      const rotatesAt = new Date(NOW.getTime() + 7 * DAY);
      const renewed = rotatingState(new Date(rotatesAt.getTime() + 30 * DAY));
      // WHEN it is deployed at that time, its deploy writing the new rotation time into that state
      const { code, started, checked, reported } = await deployRoom("cloud-rotation", NAMES, [], {}, rotatesAt, {
        config: inCloud,
        organizations: [admin(rotatingState(rotatesAt), shardStatesOf("cloud-rotation"))],
        during: (stack, fake) =>
          fake.update(STATE_ORGANIZATION, (held) => ({
            ...held,
            workspaces: held.workspaces?.map((workspace) =>
              workspace.name === "room-state" && stack === "aws-workshop"
                ? { ...workspace, state: renewed }
                : workspace,
            ),
          })),
      });
      // THEN the shared stack alone is deployed, and applied by what its state says now, not by the check
      expect(started).toEqual([["deploy", "aws-workshop", ORDERED]]);
      expect(reported).toContain(
        `deploy: the shared stack aws-workshop first (rotation due), then 0 of 3 ${CHANGED_OR_DUE}: none`,
      );
      expect(checked).toEqual([]);
      expect(code).toBe(0);
    });
  });

  describe("the states it is handed, as preflight read them", () => {
    const stacks = workshopStacks(
      Testing.app(),
      validConfig({ organization, attendees: { names: NAMES, shards: SHARDS } }),
    );
    const location = { kind: "local", file: "terraform.tfstate" } as const;
    const none = { kind: "none" } as const;
    /** Preflight's facts: the shared state as read (none: not read), shard 2's as given, the others none yet. */
    const factsOf = (shared: StateReading | undefined, shard2: ShardStateFact): PreflightFacts => ({
      now: NOW,
      disposableMachine: false,
      hasToken: true,
      failures: [],
      ...(shared === undefined ? {} : { state: { location, reading: shared } }),
      shardStates: new Map(
        shardIds.map((id) => [id, id === "aws-workshop-shard-2" ? shard2 : { location, reading: none }]),
      ),
    });

    it("gives each stack what its state holds, nothing before a first deploy, the shards in their order", () => {
      const states = statesRead(stacks, factsOf(none, { location, reading: none }));
      expect(states.ok && states.value.shards.map(({ shard, before }) => [shard, before.workspaces.size])).toEqual([
        [1, 0],
        [2, 0],
        [3, 0],
      ]);
      expect(states.ok && states.value.shared.stack).toBe(stacks.shared);
    });

    for (const { unread, facts, line } of [
      {
        unread: "shard 2's state, which got no usable answer",
        facts: factsOf(none, { location, reading: { kind: "unanswered" } }),
        line: SHARD_2_NOT_READ,
      },
      {
        unread: "the shared state, not read, and shard 2's, not a state",
        facts: factsOf(undefined, { location, reading: { kind: "unreadable", problem: "is not JSON" } }),
        line:
          "deploy: preflight did not read the states of the shared stack aws-workshop, shard 2 " +
          "(aws-workshop-shard-2): without them nothing tells which stacks are to deploy, so nothing was deployed. " +
          "Run npm run preflight to see why, then npm run deploy again",
      },
    ])
      it(`fails when handed ${unread}: it names each, and takes none for a state that matches`, () => {
        // GIVEN preflight's facts holding a state it did not read (preflight itself blocks on it first: above)
        // WHEN the deploy reads the states it is handed THEN it stops, naming each
        const states = statesRead(stacks, facts);
        expect(states.ok ? "read" : `deploy: ${states.problem}`).toBe(line);
      });
  });

  it(
    "tells cdktf the order is its own: cdktf deploy refuses a " + "shard alone, whose shared stack is not in the run",
    async () => {
      // GIVEN a sharded room synthesized as cdktf synthesizes it, in which a shard depends on the shared stack
      expect(firstShard.dependencies).toEqual(["aws-workshop"]);
      // WHEN the cdktf CLI a deploy runs, the bin cdktf-cli's package names, deploys that shard alone
      const { bin } = JSON.parse(readFileSync(require.resolve("cdktf-cli/package.json"), "utf8")) as { bin: object };
      expect(bin).toEqual({ cdktf: CDKTF_CLI.replace("cdktf-cli/", "") });
      const alone = await firstShard.alone;
      // THEN it refuses it without the flag, before Terraform plans anything
      expect(alone.status).toBe(1);
      expect(alone.stderr).toContain(
        "The following dependencies are not included in the stacks to run: aws-workshop. " +
          "Either add them or add the --ignore-missing-stack-dependencies flag.",
      );
      // AND every deploy npm run deploy starts carries it
      const { started } = await deployRoom("alone", NAMES, []);
      expect(started.length).toBe(1 + SHARDS);
      for (const args of started) expect(args).toContain(ORDERED);
    },
  );
});

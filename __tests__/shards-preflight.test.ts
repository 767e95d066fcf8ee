import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { managedBy, managedByWhom } from "../operations/preflight/check";
import { shardMigrationCheck } from "../operations/preflight/checks/shard-migration";
import { shardsCheck } from "../operations/preflight/checks/shards";
import { migrationMachineCheck } from "../operations/preflight/checks/migration-machine";
import { stateCheck } from "../operations/preflight/checks/state";
import type { PreflightFacts, StackStateFact } from "../operations/preflight/facts";
import type { Workspace } from "../terraform-cloud/resources/workspaces";
import { localShardStates, stateFromText, stateLocation } from "../operations/stack-state";
import { mergedOutputs, parseOutputs } from "../operations/outputs";
import { shardOf } from "../config/shards";
import { NOW, roomResources, stateText, validConfig } from "./support";
import { docText } from "./docs";
import { WORKSPACES_PATH } from "../terraform-cloud/resources";
import { LOCAL_EXECUTION } from "../terraform-cloud/workspace-settings";
import { scratchDirectory } from "./workshop-day-support";
import type { AgainstRecord } from "../operations/deploy-record";

const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank"];
const sharded = (names: readonly string[], shards?: number) =>
  validConfig({ organization, attendees: shards === undefined ? { names } : { names, shards } });
/** The room of NAMES moving from one stack into `shards` (attendees.migrateFromOneStack). */
const movingFromOneStack = (shards: number) =>
  validConfig({ organization, attendees: { names: NAMES, shards, migrateFromOneStack: true } });

/** A state holding the rooms of the attendees given, as Terraform writes it (format 4). */
function stateWith(attendees: readonly string[]): StackStateFact {
  return { location: { kind: "local", file: "/nowhere" }, reading: stateFromText(stateText(roomResources(attendees))) };
}

/** The facts of a deployed room: the shared state, and each shard's by stack id. */
function factsOf(
  shared: StackStateFact,
  shards: ReadonlyArray<readonly [string, StackStateFact]> = [],
): PreflightFacts {
  return {
    now: NOW,
    disposableMachine: false,
    hasToken: true,
    failures: [],
    state: shared,
    shardStates: shards.length === 0 ? undefined : new Map(shards),
  };
}

/** Each shard's state holding exactly its attendees of `names`, for `shards` shards. */
const deployedInShards = (names: readonly string[], shards: number) =>
  Array.from(
    { length: shards },
    (_, index) =>
      [
        `aws-workshop-shard-${index + 1}`,
        stateWith(names.filter((name) => shardOf(name, shards) === index + 1)),
      ] as const,
  );

/** The facts with each of the config's shards against this machine's deploy record as `recorded` says, initialized. */
const withRecords = (facts: PreflightFacts, recorded: (shard: number) => AgainstRecord): PreflightFacts => ({
  ...facts,
  locals: new Map(
    [...(facts.shardStates?.keys() ?? [])].map((id) => [
      id,
      { recorded: recorded(Number(id.slice("aws-workshop-shard-".length))), initialized: true },
    ]),
  ),
});

/** A day before NOW: a rotation time that has passed. */
const PASSED = new Date(NOW.getTime() - 24 * 60 * 60 * 1000);

/** A stack's state with a time_rotating besides, which rotates at the time given. */
function withRotation(state: StackStateFact, rotatesAt: Date): StackStateFact {
  const rotation = {
    type: "time_rotating",
    name: "attendee-token-expiry_rotation",
    instances: [{ attributes: { id: rotatesAt.toISOString(), rotation_rfc3339: rotatesAt.toISOString() } }],
  };
  const attendees = state.reading.kind === "read" ? [...state.reading.managed.workspaces.values()] : [];
  const names = attendees.flatMap((workspace) => (workspace.attendee === undefined ? [] : [workspace.attendee]));
  return { ...state, reading: stateFromText(stateText([...roomResources(names), rotation])) };
}

/** The shards line when the deploy plans no shard of 3, by a token that lists what Terraform Cloud has, or not. */
const NO_SHARD_PLANNED = (comparedWith: string) =>
  "ok shards: the deploy plans no shard of the 3: each is as this machine deployed it, its state matches the " +
  `${comparedWith}, and its rotation time has not passed`;

const lineOf = (item: { level: string; subject: string; finding: string; fix?: string }) =>
  `${item.level} ${item.subject}: ${item.finding}${item.fix === undefined ? "" : `. Fix: ${item.fix}`}`;

describe("preflight over a sharded room's states", () => {
  it("reads what every stack manages together", () => {
    const facts = factsOf(stateWith([]), deployedInShards(NAMES, 3));
    expect([...managedBy(facts)!.workspaces.keys()].sort()).toEqual(NAMES.map((name) => `aws_workshop-${name}`).sort());
  });

  it("says so in one line when every shard's state is read, and blocks on a shard whose state cannot be read", () => {
    const config = sharded(NAMES, 3);
    expect(
      stateCheck(config, factsOf(stateWith([]), deployedInShards(NAMES, 3)))
        .map(lineOf)
        .at(-1),
    ).toBe(
      "ok state of the shards: 3 shards, each in a state of its own: 6 workspaces and 6 teams managed by them; " +
        "their local files hold the tokens in plain text, keep them private",
    );
    const broken: StackStateFact = {
      location: { kind: "local", file: "/nowhere/terraform.aws-workshop-shard-2.tfstate" },
      reading: { kind: "unreadable", problem: "is not JSON" },
    };
    const items = stateCheck(
      config,
      factsOf(stateWith([]), [deployedInShards(NAMES, 3)[0]!, ["aws-workshop-shard-2", broken]]),
    );
    expect(items.map(lineOf).at(-1)).toBe(
      "blocker state of aws-workshop-shard-2: the local file " +
        "/nowhere/terraform.aws-workshop-shard-2.tfstate is not JSON: preflight cannot tell what this shard " +
        "manages, nor what the deploy would remove. Fix: restore the state file (Terraform keeps the " +
        "previous one as .backup) and run preflight again",
    );
    expect(managedBy(factsOf(stateWith([]), [["aws-workshop-shard-2", broken]]))).toBeUndefined();
  });

  it("counts only the shards' states that hold something, naming empty ones of dropped shards safe to delete", () => {
    // GIVEN a room moved from 4 shards into 3: shard 4's state holds no room any more
    const config = sharded(NAMES, 3);
    const dropped: StackStateFact = {
      location: { kind: "local", file: "/nowhere/terraform.aws-workshop-shard-4.tfstate" },
      reading: stateWith([]).reading,
    };
    const facts = factsOf(stateWith([]), [...deployedInShards(NAMES, 3), ["aws-workshop-shard-4", dropped]]);
    // WHEN preflight reads the states THEN the 3 shards are counted, and shard 4's file is named safe to delete
    expect(stateCheck(config, facts).map(lineOf).slice(-2)).toEqual([
      "ok state of the shards: 3 shards, each in a state of its own: 6 workspaces and 6 teams managed by them; " +
        "their local files hold the tokens in plain text, keep them private",
      "ok state of the shards: aws-workshop-shard-4 is no shard of this config and holds no room: the local file " +
        "/nowhere/terraform.aws-workshop-shard-4.tfstate is safe to delete (docs/large-rooms.md, Changing the " +
        "count of shards)",
    ]);
    // AND the lines of workspaces and teams count the room's 4 stacks, not 5
    expect(managedByWhom(config, facts)).toBe("managed by the room's 4 stacks (aws-workshop and 3 shards)");
    // AND a dropped shard that still holds a room, or one the config has, is counted
    const holding = factsOf(stateWith([]), [
      ...deployedInShards(NAMES, 3),
      ["aws-workshop-shard-4", stateWith(["zoe"])],
    ]);
    expect(managedByWhom(config, holding)).toBe("managed by the room's 5 stacks (aws-workshop and 4 shards)");
    expect(managedByWhom(sharded(NAMES, 4), facts)).toBe("managed by the room's 5 stacks (aws-workshop and 4 shards)");
    // AND a dropped shard's state holding what no stack of the workshop makes is never named safe to delete
    const empty = stateWith([]).reading;
    if (empty.kind !== "read") throw new Error("stateWith([]) reads as a state");
    const foreign: StackStateFact = {
      ...dropped,
      reading: { ...empty, managed: { ...empty.managed, foreignTypes: ["aws_instance"] } },
    };
    const reused = factsOf(stateWith([]), [...deployedInShards(NAMES, 3), ["aws-workshop-shard-4", foreign]]);
    expect(stateCheck(config, reused).map(lineOf).join("\n")).not.toContain("safe to delete");
    expect(managedByWhom(config, reused)).toBe("managed by the room's 5 stacks (aws-workshop and 4 shards)");
  });

  it("names the shards a late attendee and a no-show change, as changed since deployed, and the attendees", () => {
    // GIVEN a room deployed from this machine, WHEN grace joins and carol leaves: their shards' stacks changed
    const changed = [...NAMES.filter((name) => name !== "carol"), "grace"];
    const touched = [...new Set([shardOf("grace", 3), shardOf("carol", 3)])].sort();
    const facts = withRecords(factsOf(stateWith([]), deployedInShards(NAMES, 3)), (shard) =>
      touched.includes(shard) ? "changed" : "as recorded",
    );
    // THEN the line names those shards alone, why the deploy plans them, what each gains or loses, and the attendees
    const changes = touched.map((shard) => {
      const counts = [
        shard === shardOf("grace", 3) ? "1 to add" : "",
        shard === shardOf("carol", 3) ? "1 to remove" : "",
      ];
      return `aws-workshop-shard-${shard} (${counts.filter(Boolean).join(", ")})`;
    });
    expect(shardsCheck(sharded(changed, 3), facts).map(lineOf)).toEqual([
      `ok shards: the deploy plans ${touched.length} of 3 shards: changed since this machine deployed it: ` +
        `${changes.join(", ")}; it adds grace and removes carol`,
    ]);
  });

  it("names no shard when every shard is as recorded, its state matching the config", () => {
    const facts = withRecords(factsOf(stateWith([]), deployedInShards(NAMES, 3)), () => "as recorded");
    // A token that lists nothing of the organization: the states were compared with the config alone
    expect(shardsCheck(sharded(NAMES, 3), facts).map(lineOf)).toEqual([NO_SHARD_PLANNED("config")]);
    // An owner's token, the workspaces listed: with Terraform Cloud too
    const listed = (name: string) =>
      ({ id: `ws-${name}`, name, executionMode: "local", resourceCount: 0 }) as Workspace;
    const workspaces = new Map(NAMES.map((name) => [`aws_workshop-${name}`, listed(`aws_workshop-${name}`)]));
    const owner = { ...facts, organization: { name: organization.name, canUpdate: true }, workspaces };
    expect(shardsCheck(sharded(NAMES, 3), owner).map(lineOf)).toEqual([NO_SHARD_PLANNED("config and Terraform Cloud")]);
  });

  it("names nothing of what the deploy plans when a shard's state was not read, which its own blocker names", () => {
    // GIVEN every shard as recorded, shard 2's state unreadable (corrupt, or hidden from the token)
    const facts = withRecords(factsOf(stateWith([]), deployedInShards(NAMES, 3)), () => "as recorded");
    const shardStates = new Map(facts.shardStates);
    const second = shardStates.get("aws-workshop-shard-2")!;
    shardStates.set("aws-workshop-shard-2", { ...second, reading: { kind: "unreadable", problem: "is not JSON" } });
    // THEN no shards line claims its state matches
    expect(shardsCheck(sharded(NAMES, 3), { ...facts, shardStates })).toEqual([]);
  });

  it("names a shard changed with no attendee gained or lost (a token reissued, an access changed)", () => {
    // GIVEN bob's token reissued (tokenGeneration 2): his shard's stack changed, no room is added or removed
    const reissued = validConfig({
      organization,
      attendees: { names: NAMES.map((name) => (name === "bob" ? { name, tokenGeneration: 2 } : name)), shards: 3 },
    });
    const facts = withRecords(factsOf(stateWith([]), deployedInShards(NAMES, 3)), (shard) =>
      shard === shardOf("bob", 3) ? "changed" : "as recorded",
    );
    // THEN his shard is named, changed, with no attendee
    expect(shardsCheck(reissued, facts).map(lineOf)).toEqual([
      `ok shards: the deploy plans 1 of 3 shards: changed since this machine deployed it: ` +
        `aws-workshop-shard-${shardOf("bob", 3)}`,
    ]);
  });

  it("names every shard whose rotation time has passed, saying its tokens are replaced", () => {
    // GIVEN a room deployed a month ago, each shard's rotation time passed, every stack as recorded
    const due = deployedInShards(NAMES, 3).map(([id, state]) => [id, withRotation(state, PASSED)] as const);
    const facts = withRecords(factsOf(stateWith([]), due), () => "as recorded");
    // THEN every shard is named, for its rotation
    expect(shardsCheck(sharded(NAMES, 3), facts).map(lineOf)).toEqual([
      "ok shards: the deploy plans 3 of 3 shards: rotation due (its tokens are replaced): aws-workshop-shard-1, " +
        "aws-workshop-shard-2, aws-workshop-shard-3",
    ]);
    // AND a late attendee's shard, changed too, is named apart: a changed stack's deploy weighs no state reason
    const late = withRecords(factsOf(stateWith([]), due), (shard) =>
      shard === shardOf("grace", 3) ? "changed" : "as recorded",
    );
    const lateShard = shardOf("grace", 3);
    const rotating = [1, 2, 3].filter((shard) => shard !== lateShard).map((shard) => `aws-workshop-shard-${shard}`);
    const groups = [
      `rotation due (its tokens are replaced): ${rotating.join(", ")}`,
      `changed since this machine deployed it: aws-workshop-shard-${lateShard} (1 to add)`,
    ];
    // (the groups come in the order of their first shard)
    if (lateShard === 1) groups.reverse();
    expect(shardsCheck(sharded([...NAMES, "grace"], 3), late).map(lineOf)).toEqual([
      `ok shards: the deploy plans 3 of 3 shards: ${groups.join("; ")}; it adds grace`,
    ]);
  });

  it("names every shard not recorded as deployed from this machine (a first deploy, or another machine's)", () => {
    const facts = factsOf(stateWith([]), deployedInShards(NAMES, 3));
    expect(shardsCheck(sharded(NAMES, 3), facts).map(lineOf)).toEqual([
      "ok shards: the deploy plans 3 of 3 shards: not recorded as deployed from this machine: aws-workshop-shard-1, " +
        "aws-workshop-shard-2, aws-workshop-shard-3",
    ]);
  });

  it("keeps a room of 1,000 in 100 shards, each rotation due, to one line naming five shards", () => {
    const names = Array.from({ length: 1000 }, (_, index) => `attendee${String(index).padStart(4, "0")}`);
    const due = deployedInShards(names, 100).map(([id, state]) => [id, withRotation(state, PASSED)] as const);
    const facts = withRecords(factsOf(stateWith([]), due), () => "as recorded");
    expect(shardsCheck(sharded(names, 100), facts).map(lineOf)).toEqual([
      "ok shards: the deploy plans 100 of 100 shards: rotation due (its tokens are replaced): aws-workshop-shard-1, " +
        "aws-workshop-shard-2, aws-workshop-shard-3, aws-workshop-shard-4, aws-workshop-shard-5, and 95 more",
    ]);
  });

  it("fails when shards are turned on for a room deployed in one stack, naming attendees.shards", () => {
    const items = shardsCheck(sharded(NAMES, 3), factsOf(stateWith(NAMES)));
    expect(items.map(lineOf)).toEqual([
      "blocker attendees.shards: 6 attendees' rooms are deployed in another stack than this config puts " +
        `them in (alice in aws-workshop, now aws-workshop-shard-${shardOf("alice", 3)}): a deploy cannot ` +
        "move a room, it would create it again in its new stack, under names Terraform Cloud has taken, and " +
        "delete it where it is. Fix: keep attendees.shards as the room was deployed (absent: one stack), or " +
        "move it with attendees.migrateFromOneStack (docs/large-rooms.md)",
    ]);
  });

  it(
    "accepts the move of a room deployed in one stack into its " +
      "shards when attendees.migrateFromOneStack chooses it",
    () => {
      // GIVEN a room deployed in one stack, and a config that shards it and chooses the migration
      const migrating = movingFromOneStack(3);
      // WHEN preflight checks it
      const items = shardsCheck(migrating, factsOf(stateWith(NAMES)));
      // THEN it says what the migration does, in which order, and that tokens are issued again
      expect(items.map(lineOf)).toEqual([
        "ok shards: attendees.migrateFromOneStack moves 6 attendees' rooms from aws-workshop into the 3 " +
          "shards: deploy aws-workshop first (it forgets their workspaces, teams and memberships and deletes " +
          "their team accesses and tokens), then the shards (they import them, grant the access again and " +
          "issue new tokens for the handout); leave migrateFromOneStack out after that deploy",
      ]);
    },
  );

  it("leaves a move with no room left in the one stack to the shard-migration check", () => {
    const migrating = movingFromOneStack(3);
    // GIVEN the room already moved into its shards (or never deployed): shard-migration-preflight.test.ts tells which
    for (const facts of [factsOf(stateWith([]), deployedInShards(NAMES, 3)), factsOf(stateWith([]))])
      expect(shardsCheck(migrating, facts)).toEqual([]);
  });

  it(
    "fails when a room moving into shards is in both the one stack's state " +
      "and its shard's, and calls the move neither done nor stopped",
    () => {
      const migrating = movingFromOneStack(3);
      // GIVEN alice's shard deployed (by hand) before the one stack forgot her room
      const alice = `aws-workshop-shard-${shardOf("alice", 3)}`;
      const facts = factsOf(stateWith(NAMES), [[alice, stateWith(["alice"])]]);
      // WHEN preflight checks the move
      const items = [...shardsCheck(migrating, facts), ...shardMigrationCheck(migrating, facts)];
      // THEN one blocker names her, both stacks, and the stack to deploy with the flag still on
      expect(items.map(lineOf)).toEqual([
        "blocker shards: 1 attendee's room is in the states of two stacks (alice in aws-workshop and " +
          `${alice}): a move's new stack imported it before the old one forgot it, and a deploy of the old ` +
          "stack without the move's flag would delete it (token, team access, memberships and workspace). " +
          "Fix: keep attendees.migrateFromOneStack and deploy aws-workshop first, which forgets it: npx " +
          "cdktf deploy aws-workshop --ignore-missing-stack-dependencies (npm run deploy stops at this " +
          "blocker); leave the flag out only once no room is in two states",
      ]);
      // AND with the flag already dropped, it says to set it again
      expect(shardsCheck(sharded(NAMES, 3), facts).map(lineOf)[0]).toMatch(
        /Fix: set attendees\.migrateFromOneStack again as the move had it and deploy aws-workshop first, which forgets it: /,
      );
    },
  );

  it("still fails when attendees.migrateFromOneStack is set but a room would move between shards", () => {
    const migrating = movingFromOneStack(4);
    const items = shardsCheck(migrating, factsOf(stateWith([]), deployedInShards(NAMES, 3)));
    expect(items.map(lineOf)[0]).toMatch(
      /^blocker attendees\.shards: .*Fix: keep attendees\.shards as the room was deployed \(3\), or move it with attendees\.migrateFromShards 3 \(docs\/large-rooms\.md\)$/,
    );
  });

  it(
    "fails when the count of shards changes for a deployed room, or " +
      "shards are turned off, naming attendees.shards",
    () => {
      const moved = NAMES.filter((name) => shardOf(name, 4) !== shardOf(name, 3));
      expect(moved.length).toBeGreaterThan(0);
      const changed = shardsCheck(sharded(NAMES, 4), factsOf(stateWith([]), deployedInShards(NAMES, 3)));
      expect(changed.map(lineOf)[0]).toMatch(
        new RegExp(
          `^blocker attendees\\.shards: (1 attendee's room is|${moved.length} attendees' rooms are) ` +
            `deployed in another stack .*Fix: keep attendees\\.shards as the room was deployed \\(3\\), or ` +
            `move it with attendees\\.migrateFromShards 3 \\(docs/large-rooms\\.md\\)$`,
        ),
      );
      const off = shardsCheck(sharded(NAMES), factsOf(stateWith([]), deployedInShards(NAMES, 3)));
      expect(off.map(lineOf)[0]).toMatch(
        /^blocker attendees\.shards: 6 attendees' rooms are deployed in another stack .*, now aws-workshop\): .*\(3\), or move it with attendees\.migrateFromShards 3 \(docs\/large-rooms\.md\)$/,
      );
      // AND fewer shards strand the room of one beyond them, even of an attendee who leaves: the config removes it, and
      // only its shard kept removes it
      const fewer = shardsCheck(
        sharded([], 2),
        factsOf(stateWith([]), [
          ["aws-workshop-shard-1", stateWith([])],
          ["aws-workshop-shard-3", stateWith(["zoe"])],
        ]),
      );
      expect(fewer.map(lineOf)).toEqual([
        "blocker attendees.shards: 1 attendee's room this config removes is deployed in shards it no longer " +
          "has (zoe in aws-workshop-shard-3): no stack of this config holds it, so this deploy would not remove " +
          "it, and its token stays valid. Fix: keep attendees.shards as the room was deployed (3) so that each " +
          'shard\'s deploy removes its rooms: "attendees": { "names": [], "shards": 3 } (docs/operations.md, ' +
          "After the workshop)",
      ]);
    },
  );
});

describe("where the shards' states are", () => {
  const directory = scratchDirectory();

  it("names each shard's state workspace from the config's, and its local file from its stack", () => {
    const inCloud = validConfig({
      organization,
      attendees: { names: NAMES, shards: 2 },
      state: { organization: "acme-admin", workspace: "room-state" },
    });
    expect(stateLocation(inCloud, "cdktf.out", "aws-workshop-shard-2", 2)).toEqual({
      kind: "cloud",
      hostname: "app.terraform.io",
      organization: "acme-admin",
      workspace: "room-state-shard-2",
    });
    expect(stateLocation(sharded(NAMES, 2), join(directory, "cdktf.out"), "aws-workshop-shard-2", 2)).toEqual({
      kind: "local",
      file: join(directory, "terraform.aws-workshop-shard-2.tfstate"),
    });
  });

  it("finds the local state files of shards beside the shared one, and nothing else", () => {
    const beside = join(directory, "found");
    mkdirSync(beside);
    for (const name of [
      "terraform.aws-workshop.tfstate",
      "terraform.aws-workshop-shard-12.tfstate",
      "terraform.aws-workshop-shard-3.tfstate",
      "terraform.aws-workshop-shard-3.tfstate.backup",
      "terraform.aws-workshop-shard-0.tfstate",
    ]) {
      writeFileSync(join(beside, name), "{}");
    }
    expect(localShardStates(join(beside, "terraform.aws-workshop.tfstate"), "aws-workshop")).toEqual([3, 12]);
    expect(localShardStates(join(directory, "absent", "terraform.aws-workshop.tfstate"), "aws-workshop")).toEqual([]);
  });
});

describe("the outputs of a sharded room", () => {
  const outputsOf = (json: Record<string, unknown>) =>
    parseOutputs(JSON.stringify(Object.fromEntries(Object.entries(json).map(([name, value]) => [name, { value }]))));

  it("are the shared stack's, with every shard's attendees added", () => {
    const merged = mergedOutputs([
      outputsOf({ workspace_ids: { aws_workshop: "ws-0" } }),
      outputsOf({
        attendee_workspace_ids: { alice: "ws-a" },
        attendee_team_ids: { alice: "team-a" },
        attendee_tokens: { alice: "token-a" },
      }),
      outputsOf({
        attendee_workspace_ids: { bob: "ws-b" },
        attendee_team_ids: { bob: "team-b" },
        attendee_tokens: { bob: "token-b" },
      }),
    ]);
    expect(merged.ok && Object.fromEntries(merged.value.attendeeTokens)).toEqual({
      alice: "token-a",
      bob: "token-b",
    });
    expect(merged.ok && Object.fromEntries(merged.value.workspaceIds)).toEqual({ aws_workshop: "ws-0" });
    expect(merged.ok && [...merged.value.attendeeTeamIds.keys()]).toEqual(["alice", "bob"]);
  });

  it("fails with the first stack's problem, never a token", () => {
    expect(
      mergedOutputs([
        outputsOf({}),
        { ok: false, problem: "terraform output -json in cdktf.out/stacks/aws-workshop-shard-2 failed (exit 1)" },
      ]),
    ).toEqual({
      ok: false,
      problem: "terraform output -json in cdktf.out/stacks/aws-workshop-shard-2 failed (exit 1)",
    });
  });
});

describe("the shard state workspaces listed in Terraform Cloud", () => {
  const cloud = (workspace: string): StackStateFact => ({
    location: { kind: "cloud", hostname: "app.terraform.io", organization: "acme-admin", workspace },
    reading: { kind: "none" },
  });
  /** A state workspace that answered 404 to a token that is not an owner's. */
  const hidden = (workspace: string): StackStateFact => ({
    ...cloud(workspace),
    reading: { kind: "unreadable", problem: "is not visible to this token, which cannot tell whether it exists" },
    workspace: "not-visible",
  });
  const listedBy = (seesEveryWorkspace: boolean | undefined): PreflightFacts => ({
    ...factsOf(cloud("room-state"), [["aws-workshop-shard-1", cloud("room-state-shard-1")]]),
    shardSearch: { kind: "listed", seesEveryWorkspace },
  });

  it(
    "fails when the token may not see every workspace of the state's organization: a shard hidden from it would " +
      "strand the rooms it holds",
    () => {
      expect(stateCheck(sharded(NAMES, 1), listedBy(false)).map(lineOf)).toEqual([
        "ok state: the Terraform Cloud workspace acme-admin/room-state on " +
          "app.terraform.io: no state yet, this is the first deploy",
        "blocker state of the shards: this token may not see every workspace of acme-admin on app.terraform.io, so " +
          "a shard state workspace room-state-shard-N hidden from it would not be found: one of a room deployed " +
          "with more shards, or in shards this config no longer has, holds rooms no stack of this config deploys, " +
          "and the deploy would leave those it removes with their tokens valid, and create again those it keeps, " +
          "under names Terraform Cloud has taken. Fix: run preflight with a user token of an owner of acme-admin " +
          "on app.terraform.io, who sees every workspace there",
      ]);
    },
  );

  it(
    "fails on a config's shard whose state workspace is not visible to a token that may not see every " +
      "workspace, naming it and the two ways to see it",
    () => {
      // GIVEN shard 1's state workspace answered 404 to a token that is not an owner's
      const facts = {
        ...factsOf(cloud("room-state"), [["aws-workshop-shard-1", hidden("room-state-shard-1")]]),
        shardSearch: { kind: "listed", seesEveryWorkspace: true } as const,
      };
      // THEN it blocks, naming the workspace, and nothing is concluded of what the shard manages
      expect(stateCheck(sharded(NAMES, 1), facts).map(lineOf).slice(1)).toEqual([
        "blocker state of aws-workshop-shard-1: the Terraform Cloud workspace acme-admin/room-state-shard-1 on " +
          "app.terraform.io is not visible to this token, which cannot tell whether it exists: preflight cannot " +
          "tell what this shard manages, nor what the deploy would remove. Fix: run preflight with a user token " +
          "of an owner of acme-admin, who sees whether it exists, or give this token's team access to " +
          "room-state-shard-1 if it does",
      ]);
      expect(managedBy(facts)).toBeUndefined();
    },
  );

  it(
    "fails on a one-stack room's state workspace hidden from a token that may not see every workspace, naming " +
      "only the fix that lifts both blockers",
    () => {
      // GIVEN a room never sharded, its state workspace answering 404 to a token that is not an owner's
      const facts = {
        ...factsOf(hidden("room-state")),
        shardSearch: { kind: "listed", seesEveryWorkspace: false } as const,
      };
      // THEN both block, and the state's fix is an owner's token alone: access granted to the workspace would leave
      // the shards' blocker standing
      expect(stateCheck(sharded(NAMES), facts).map(lineOf)).toEqual([
        "blocker state: the Terraform Cloud workspace acme-admin/room-state on app.terraform.io is not visible to " +
          "this token, which cannot tell whether it exists: preflight cannot tell what this stack manages, nor what " +
          "the deploy would remove. Fix: run preflight with a user token of an owner of acme-admin, who sees " +
          "whether it exists",
        expect.stringMatching(/^blocker state of the shards: this token may not see every workspace of acme-admin /),
      ]);
    },
  );

  it("says nothing more when an owner's token listed them, or the organization's answer failed (reported once)", () => {
    for (const sees of [true, undefined])
      expect(stateCheck(sharded(NAMES, 1), listedBy(sees)).map(lineOf)).not.toContainEqual(
        expect.stringMatching(/may not see every workspace/),
      );
  });
});

describe("docs/large-rooms.md's API call that creates the state workspaces", () => {
  it("creates each with local execution set on the workspace, as the workspaces API documents its create", () => {
    // GIVEN the page's shell example
    const example = /### State workspaces in Terraform Cloud[\s\S]*?```sh\n([\s\S]*?)```/.exec(
      docText("docs/large-rooms.md"),
    )?.[1];
    const payload = /-d "((?:[^"\\]|\\.)*)"/.exec(example ?? "")?.[1];
    const address = /https:\/\/app\.terraform\.io\/api\/v2(\S+)/.exec(example ?? "")?.[1];
    // WHEN its body is read as the shell gives it, for one name
    const body = JSON.parse(payload!.replaceAll('\\"', '"').replace("$name", "room-state-shard-1")) as unknown;
    // THEN it is a documented create: a name, local execution, and the workspace's own mode over its project's
    expect(body).toEqual({
      data: {
        type: "workspaces",
        attributes: {
          name: "room-state-shard-1",
          "execution-mode": LOCAL_EXECUTION,
          "setting-overwrites": { "execution-mode": true },
        },
      },
    });
    expect(WORKSPACES_PATH.match(address!)).toEqual({ organization: "acme-admin" });
    expect(example).toMatch(/for name in room-state room-state-shard-1 room-state-shard-2 room-state-shard-3; do/);
  });
});

describe("a move of rooms on a machine thrown away after the job", () => {
  const moves = {
    "attendees.migrateFromOneStack": { names: NAMES, shards: 3, migrateFromOneStack: true },
    "attendees.migrateFromShards": { names: NAMES, shards: 3, migrateFromShards: 2 },
  };
  const onCi = { ...factsOf(stateWith(NAMES)), disposableMachine: true };

  for (const [flag, attendees] of Object.entries(moves))
    it(`fails on ${flag} when CI is true, in one line saying a move runs from one machine`, () => {
      expect(migrationMachineCheck(validConfig({ organization, attendees }), onCi).map(lineOf)).toEqual([
        `blocker ${flag}: a move of rooms between stacks does not run on a machine thrown away after ` +
          "the job (CI is true): its evidence, the ids of the rooms it forgets (deployed-stacks.json), " +
          "stays on the machine that deploys it, and a move stopped halfway here would leave every room " +
          "it forgot blocked. Fix: run the move's npm run deploy from one machine that keeps its " +
          `deployed-stacks.json until the move is done (docs/large-rooms.md, "A move runs from one ` +
          `machine"), then leave the flag out before deploying from CI`,
      ]);
    });

  it("points at a section of docs/large-rooms.md that exists, as the state workspaces' fix does", () => {
    const headings = docText("docs/large-rooms.md").match(/^#+ .+$/gm) ?? [];
    for (const section of ["A move runs from one machine", "State workspaces in Terraform Cloud"])
      expect(headings).toContain(`### ${section}`);
  });

  it("passes a move on the facilitator's machine, and a room that moves nothing on CI", () => {
    const moving = validConfig({ organization, attendees: moves["attendees.migrateFromShards"] });
    expect(migrationMachineCheck(moving, factsOf(stateWith(NAMES)))).toEqual([]);
    expect(migrationMachineCheck(sharded(NAMES, 3), onCi)).toEqual([]);
  });
});

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localStatesLeftCheck } from "../operations/preflight/checks/local-states-left";
import type { LocalStateLeft, PreflightFacts, StackStateFact } from "../operations/preflight/facts";
import { readLeftLocalState, stateFromText, type StateReading } from "../operations/stack-state";
import { NOW, roomResources, stateText, validConfig, type StateResource } from "./support";
import { scratchDirectory } from "./workshop-day-support";

const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const NAMES = ["alice", "bob", "carol", "dave"];
const config = validConfig({
  organization,
  attendees: { names: NAMES, shards: 2 },
  state: { organization: "acme-admin", workspace: "room-state" },
});
const directory = scratchDirectory();

/** The team tokens of the attendees given, as a room's state holds them. */
const tokensOf = (attendees: readonly string[]): StateResource => ({
  type: "tfe_team_token",
  name: "attendees_tokens_6E2A1F3B",
  instances: attendees.map((name) => ({ index_key: name, attributes: { id: `at-${name}`, team_id: `team-${name}` } })),
});

/** A state holding the rooms of the attendees given, with their tokens, of the lineage and serial given. */
const roomState = (attendees: readonly string[], lineage = "deployed-locally", serial = 7): StateReading =>
  stateFromText(
    JSON.stringify({
      ...(JSON.parse(stateText([...roomResources(attendees), tokensOf(attendees)])) as object),
      lineage,
      serial,
    }),
  );

const cloudLocation = (workspace: string) =>
  ({ kind: "cloud", hostname: "app.terraform.io", organization: "acme-admin", workspace }) as const;
/** A stack's state in Terraform Cloud, as read. */
const inCloud = (workspace: string, reading: StateReading = { kind: "none" }): StackStateFact => ({
  location: cloudLocation(workspace),
  reading,
});
/** The local file of a stack, as read, left when its state moved to `workspace`. */
const left = (stack: string, workspace: string, reading: StateReading): readonly [string, LocalStateLeft] => [
  stack,
  {
    location: { kind: "local", file: `/nowhere/terraform.${stack}.tfstate` },
    reading,
    keptIn: cloudLocation(workspace),
  },
];

/** The facts of the room with its states in Terraform Cloud as given, and the local files left. */
function factsOf(
  cloud: { readonly shared?: StateReading; readonly shards?: ReadonlyArray<StateReading> },
  files: ReadonlyArray<readonly [string, LocalStateLeft]>,
  more: Partial<PreflightFacts> = {},
): PreflightFacts {
  const shards = cloud.shards ?? [{ kind: "none" }, { kind: "none" }];
  return {
    now: NOW,
    disposableMachine: false,
    hasToken: true,
    failures: [],
    state: inCloud("room-state", cloud.shared),
    shardStates: new Map(
      shards.map((reading, index) => [
        `aws-workshop-shard-${index + 1}`,
        inCloud(`room-state-shard-${index + 1}`, reading),
      ]),
    ),
    shardSearch: { kind: "listed", seesEveryWorkspace: true },
    localStatesLeft: new Map(files),
    ...more,
  };
}

const lineOf = (item: { level: string; subject: string; finding: string; fix?: string }) =>
  `${item.level} ${item.subject}: ${item.finding}${item.fix === undefined ? "" : `. Fix: ${item.fix}`}`;
const linesOf = (facts: PreflightFacts, of = config) => localStatesLeftCheck(of, facts).map(lineOf);

/** The attendees of a shard of 2. */
const SHARD_1 = ["alice", "dave"];

describe("the local state files a move of the states to Terraform Cloud left", () => {
  it("fails on a one-stack room's local file that holds the room while its state workspace has no state yet", () => {
    // GIVEN a one-stack room whose state is set to Terraform Cloud, not moved there
    const oneStack = validConfig({
      organization,
      attendees: NAMES,
      state: { organization: "acme-admin", workspace: "room-state" },
    });
    const facts = { ...factsOf({}, [left("aws-workshop", "room-state", roomState(NAMES))]), shardStates: undefined };
    // THEN the deploy, which would create the room again beside the one the file manages, is blocked
    expect(linesOf(facts, oneStack)).toEqual([
      "blocker local state files: /nowhere/terraform.aws-workshop.tfstate (4 workspaces, 4 teams and 4 tokens; " +
        "room-state has no state) manages what its stack's state in Terraform Cloud does not hold: the deploy " +
        "reads the states there alone, and would create all of it again, failing on each name still taken in " +
        "Terraform Cloud (preflight did not look up whether what the file manages still exists). Fix: move it " +
        "there before the deploy: terraform init -migrate-state in cdktf.out/stacks/aws-workshop " +
        '(docs/operations.md, "The state holds the tokens", step 3); if what it manages was deleted from ' +
        "Terraform Cloud, delete it instead",
    ]);
  });

  it("fails on the shards' local files that hold rooms their state workspaces do not, naming each and where", () => {
    // GIVEN shards 1 and 2 deployed locally, their state workspaces created empty, the shared one moved
    const facts = factsOf({ shared: roomState([], "shared", 3) }, [
      left("aws-workshop", "room-state", roomState([], "shared", 3)),
      left("aws-workshop-shard-1", "room-state-shard-1", roomState(SHARD_1)),
      left("aws-workshop-shard-2", "room-state-shard-2", roomState(["bob", "carol"])),
    ]);
    // THEN one blocker names both shards' files and where to move each; the shared stack's, moved, is a copy
    expect(linesOf(facts)).toEqual([
      "blocker local state files: /nowhere/terraform.aws-workshop-shard-1.tfstate (2 workspaces, 2 teams and 2 " +
        "tokens; room-state-shard-1 has no state), /nowhere/terraform.aws-workshop-shard-2.tfstate (2 workspaces, " +
        "2 teams and 2 tokens; room-state-shard-2 has no state) manage what their stacks' states in Terraform " +
        "Cloud do not hold: the deploy reads the states there alone, and would create all of it again, failing on " +
        "each name still taken in Terraform Cloud (preflight did not look up whether what the files manage still " +
        "exists). Fix: move them there before the deploy: terraform init -migrate-state in " +
        "cdktf.out/stacks/aws-workshop-shard-1, cdktf.out/stacks/aws-workshop-shard-2 (docs/operations.md, " +
        '"The state holds the tokens", step 3); if what they manage was deleted from Terraform Cloud, delete them ' +
        "instead",
    ]);
  });

  it("warns of older copies of the states Terraform Cloud keeps now, which hold the tokens in plain text", () => {
    // GIVEN shard 1 moved (the same lineage) and deployed since (a later serial), shard 2 moved and not deployed
    const facts = factsOf({ shards: [roomState(SHARD_1, "deployed-locally", 9), roomState(["bob"], "two", 4)] }, [
      left("aws-workshop-shard-1", "room-state-shard-1", roomState(SHARD_1)),
      left("aws-workshop-shard-2", "room-state-shard-2", roomState(["bob"], "two", 4)),
    ]);
    expect(linesOf(facts)).toEqual([
      "warning local state files: /nowhere/terraform.aws-workshop-shard-1.tfstate, " +
        "/nowhere/terraform.aws-workshop-shard-2.tfstate are older copies of their stacks' states in Terraform " +
        "Cloud (the same lineage, a serial the state there has reached): nothing reads them any more, and they " +
        "hold 3 tokens in plain text. Fix: delete them, and the .backup Terraform keeps beside each " +
        '(docs/operations.md, "The state holds the tokens")',
    ]);
  });

  it("words the warning of one copy for one file, and leaves the tokens out of a copy that holds none", () => {
    // GIVEN the shared stack's file, moved, holding the organization's workspace and no token
    const shared = stateFromText(
      JSON.stringify({ ...(JSON.parse(stateText(roomResources(["alice"]).slice(0, 1))) as object), lineage: "s" }),
    );
    const facts = factsOf({ shared }, [left("aws-workshop", "room-state", shared)]);
    expect(linesOf(facts)).toEqual([
      "warning local state files: /nowhere/terraform.aws-workshop.tfstate is an older copy of its stack's state in " +
        "Terraform Cloud (the same lineage, a serial the state there has reached): nothing reads it any more. " +
        'Fix: delete it, and the .backup Terraform keeps beside each (docs/operations.md, "The state holds the ' +
        'tokens")',
    ]);
  });

  it("fails on a local file of another lineage than its stack's state there, or of a later serial", () => {
    // GIVEN shard 1's workspace holding another state, and shard 2 deployed locally again after its move
    const facts = factsOf({ shards: [roomState(SHARD_1, "made-in-the-cloud", 12), roomState(["bob"], "two", 5)] }, [
      left("aws-workshop-shard-1", "room-state-shard-1", roomState(SHARD_1)),
      left("aws-workshop-shard-2", "room-state-shard-2", roomState(["bob", "carol"], "two", 6)),
    ]);
    expect(linesOf(facts)).toEqual([
      "blocker local state files: /nowhere/terraform.aws-workshop-shard-1.tfstate (2 workspaces, 2 teams and 2 " +
        "tokens; room-state-shard-1 holds a state of another lineage), " +
        "/nowhere/terraform.aws-workshop-shard-2.tfstate (2 workspaces, 2 teams and 2 tokens; room-state-shard-2 " +
        "holds an earlier serial of it, 5 to the file's 6) manage what their stacks' states in Terraform Cloud do " +
        "not hold: the deploy reads the states there alone, and would create all of it again, failing on each name " +
        "still taken in Terraform Cloud (preflight did not look up whether what the files manage still exists). " +
        "Fix: move them there before the deploy: terraform init -migrate-state in " +
        "cdktf.out/stacks/aws-workshop-shard-1, cdktf.out/stacks/aws-workshop-shard-2 (docs/operations.md, " +
        '"The state holds the tokens", step 3); where the workspace holds a state of its own, keep the one that ' +
        "manages the room; if what they manage was deleted from Terraform Cloud, delete them instead",
    ]);
  });

  it("says nothing of an empty file, as Terraform's move leaves one, nor of one that manages nothing", () => {
    // GIVEN an empty local file on disk, and a state that holds no workspace, team, membership or token
    const own = join(directory, "empty");
    mkdirSync(own, { recursive: true });
    const file = join(own, "terraform.aws-workshop-shard-1.tfstate");
    writeFileSync(file, "");
    expect(readLeftLocalState(file)).toEqual({ kind: "none" });
    const facts = factsOf({}, [
      left("aws-workshop-shard-1", "room-state-shard-1", readLeftLocalState(file)),
      left("aws-workshop-shard-2", "room-state-shard-2", roomState([])),
    ]);
    expect(linesOf(facts)).toEqual([]);
  });

  it("warns of a local file that cannot be read, concluding nothing from it", () => {
    // GIVEN a local file that is not JSON
    const own = join(directory, "unreadable");
    mkdirSync(own, { recursive: true });
    const file = join(own, "terraform.aws-workshop-shard-2.tfstate");
    writeFileSync(file, "{ not json");
    const reading = readLeftLocalState(file);
    const problem = reading.kind === "unreadable" ? reading.problem : "(read, yet it is not JSON)";
    expect(problem).toMatch(/JSON/);
    const facts = factsOf({}, [left("aws-workshop-shard-2", "room-state-shard-2", reading)]);
    expect(linesOf(facts)).toEqual([
      `warning local state files: /nowhere/terraform.aws-workshop-shard-2.tfstate ${problem}: ` +
        "preflight cannot tell whether it holds what its stack's state in Terraform Cloud does not, and " +
        'concludes nothing from it. Fix: if it is a state from before "state" was set, restore it (Terraform ' +
        'keeps the previous one as .backup) and move it there (docs/operations.md, "The state holds the tokens", ' +
        "step 3); else delete it",
    ]);
  });

  it("concludes nothing while its stack's state in Terraform Cloud was not read: that read has its own line", () => {
    const files = [
      left("aws-workshop", "room-state", roomState(NAMES)),
      left("aws-workshop-shard-1", "room-state-shard-1", roomState(SHARD_1)),
    ];
    const unread = [
      {
        ...factsOf({}, files),
        state: undefined,
        shardStates: new Map([
          [
            "aws-workshop-shard-1",
            { location: cloudLocation("room-state-shard-1"), reading: { kind: "unanswered" } } as const,
          ],
        ]),
      },
      factsOf(
        {
          shared: { kind: "unreadable", problem: "is not visible to this token" },
          shards: [{ kind: "unreadable", problem: "answered 403" }],
        },
        files,
      ),
    ];
    for (const facts of unread) expect(linesOf(facts)).toEqual([]);
  });

  it(
    "takes a shard beyond the config's, found by its local file only, as without state where the search saw " +
      "every workspace",
    () => {
      // GIVEN shard 3's local file, of a room once deployed in 3 shards, and no room-state-shard-3 found
      const files = [left("aws-workshop-shard-3", "room-state-shard-3", roomState(["erin"]))];
      expect(linesOf(factsOf({}, files))).toEqual([
        "blocker local state files: /nowhere/terraform.aws-workshop-shard-3.tfstate (1 workspace, 1 team and 1 " +
          "token; room-state-shard-3 has no state) manages what its stack's state in Terraform Cloud does not " +
          "hold: the deploy reads the states there alone, and would create all of it again, failing on each name " +
          "still taken in Terraform Cloud (preflight did not look up whether what the file manages still exists). " +
          "Fix: move it there before the deploy: terraform init -migrate-state in " +
          'cdktf.out/stacks/aws-workshop-shard-3 (docs/operations.md, "The state holds the tokens", step 3); ' +
          "aws-workshop-shard-3, no shard of this config, has its directory once synthesized with " +
          "attendees.shards as the room was deployed; if what it manages was deleted from Terraform Cloud, " +
          "delete it instead",
      ]);
      // AND concludes nothing when the search may have missed it
      for (const shardSearch of [{ kind: "listed", seesEveryWorkspace: false }, { kind: "unanswered" }] as const)
        expect(linesOf(factsOf({}, files, { shardSearch }))).toEqual([]);
    },
  );
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { preflight } from "../commands/preflight";
import { shardOf } from "../config/shards";
import { shardMigrationCheck } from "../operations/preflight/checks/shard-migration";
import type { PreflightFacts, StackStateFact } from "../operations/preflight/facts";
import { stateFromText } from "../operations/stack-state";
import { stateFileOf } from "../stacks/workshop-base-stack";
import type { Fault } from "../terraform-cloud/stand-in";
import { NOW, validConfig } from "./support";
import {
  capture,
  configFile,
  deployedSeed,
  fakeClouds,
  recordMovedRooms,
  scratchDirectory,
} from "./workshop-day-support";

const ORG = "acme-aws-workshop";
const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank"];
/** A room of six moving from the one stack into three shards. */
const moving = (names: readonly string[] = NAMES) => ({
  organization: { name: ORG, email: "facilitator@example.com", create: false },
  attendees: { names, shards: 3, migrateFromOneStack: true },
});
const inShard = (shard: number) => NAMES.filter((name) => shardOf(name, 3) === shard);
/** "aws-workshop-shard-2: 3, aws-workshop-shard-3: 1": the shards of these attendees, with how many each. */
const perShard = (names: readonly string[]) =>
  [1, 2, 3]
    .map((shard) => [shard, names.filter((name) => shardOf(name, 3) === shard).length] as const)
    .filter(([, n]) => n > 0)
    .map(([shard, n]) => `aws-workshop-shard-${shard}: ${n}`)
    .join(", ");

const directory = scratchDirectory();
const cloud = fakeClouds();

/**
 * Preflight against the stand-in of a room whose move into shards deployed the shared stack and the shards given:
 * Terraform Cloud holds every attendee's workspace and team, the shared state none, each deployed shard's its own.
 */
async function preflightOfMove(
  deployedShards: readonly number[],
  options: { deployed?: boolean; faults?: Record<string, Fault>; recorded?: boolean } = {},
) {
  const json = moving();
  const { seed } = deployedSeed(json, { now: NOW, deployed: options.deployed ?? true });
  const own = mkdtempSync(join(directory, "move-"));
  if (options.deployed ?? true) writeFileSync(join(own, stateFileOf("aws-workshop")), seed.state!);
  for (const shard of deployedShards) {
    const id = `aws-workshop-shard-${shard}`;
    writeFileSync(join(own, stateFileOf(id)), seed.shardStates!.get(id)!);
  }
  // The deploy record the move's deploy wrote before the one stack forgot the rooms: their ids, as the shards hold them
  if ((options.deployed ?? true) && (options.recorded ?? true)) recordMovedRooms(own, [...seed.shardStates!.values()]);
  const fake = await cloud({ organizations: seed.organizations, tokens: seed.tokens, faults: options.faults });
  const captured = capture(own);
  const env = {
    WORKSHOP_CONFIG: configFile(own, "room.json", json),
    TFE_ADDRESS: fake.address,
    TFE_TOKEN: seed.facilitatorToken,
    CDKTF_OUTDIR: join(own, "cdktf.out"),
  };
  const code = await preflight({ env, now: NOW, ...captured.options });
  return { code, checklist: captured.printed.slice(1), own };
}

describe("preflight of a move into shards that stopped halfway, against the stand-in", () => {
  it(
    "tells rooms forgotten by the one stack and not yet imported " + "apart, and says to deploy again with the flag",
    async () => {
      // GIVEN the move's deploy stopped right after the shared stack: no state holds a room,
      // Terraform Cloud has them all
      const { code, checklist, own } = await preflightOfMove([]);
      // THEN one warning says the move stopped halfway, which shards still import, and to deploy again with the flag;
      // no line calls the rooms' workspaces and teams in the way, or tells to drop the flag
      expect(checklist).toEqual([
        `ok      state: the local file ${join(own, "terraform.aws-workshop.tfstate")}: 1 workspace and 0 ` +
          "teams managed by stack aws-workshop; it holds the tokens in plain text, keep it private",
        "ok      state of the shards: 3 shards, each in a state of its own: 0 workspaces and 0 " +
          "teams managed by them; 3 shards without state yet, deployed for the first time; their local " +
          "files will hold the tokens in plain text, keep them private",
        "warning shards: the move into shards stopped halfway: 6 attendees' rooms " +
          `(${perShard(NAMES)}) are forgotten by aws-workshop and not yet imported by their shards: ` +
          "Terraform Cloud lists their workspaces or teams, and no state holds them; 0 rooms are in " +
          "the shards' states already. Fix: keep attendees.migrateFromOneStack and run npm run " +
          "deploy again: it deploys the shards that have not imported theirs yet",
        "ok      token: a user token of facilitator",
        'ok      organization "acme-aws-workshop": exists and will be looked up',
        "ok      teams: the organization's plan has the teams entitlement",
        "ok      workspaces: 1 managed by the room's 4 stacks (aws-workshop and 3 shards)",
        "No blocker, 1 warning: read it, since preflight could not confirm everything.",
      ]);
      expect(code).toBe(0);
    },
  );

  it("counts the rooms a deployed shard imported already, and names only the shards still to import", async () => {
    // GIVEN the move stopped after the first shard
    const { checklist } = await preflightOfMove([1]);
    const left = NAMES.filter((name) => shardOf(name, 3) !== 1);
    // THEN
    expect(checklist.filter((line) => line.startsWith("warning") || line.startsWith("BLOCKER"))).toEqual([
      `warning shards: the move into shards stopped halfway: ${left.length} attendees' rooms ` +
        `(${perShard(left)}) are forgotten by aws-workshop and not yet imported by their shards: ` +
        `Terraform Cloud lists their workspaces or teams, and no state holds them; ${inShard(1).length} ` +
        "rooms are in the shards' states already. Fix: keep attendees.migrateFromOneStack and run npm " +
        "run deploy again: it deploys the shards that have not imported theirs yet",
    ]);
  });

  it("fails when every room is in its shard already, saying the move is done and to drop the flag", async () => {
    const { code, checklist } = await preflightOfMove([1, 2, 3]);
    expect(checklist.filter((line) => line.startsWith("warning") || line.startsWith("BLOCKER"))).toEqual([
      "BLOCKER attendees.migrateFromOneStack: the move into shards is done: 6 attendees' rooms are in the " +
        "shards' states, none is left in aws-workshop. Fix: leave attendees.migrateFromOneStack out",
    ]);
    expect(code).toBe(1);
  });

  it(
    "fails when Terraform Cloud lists the rooms' workspaces and teams but " +
      "no deploy record shows the move found them in a state",
    async () => {
      // GIVEN the one stack's state holds no room, Terraform Cloud lists them all, and this machine has no record
      const { code, checklist } = await preflightOfMove([], { recorded: false });
      // THEN it blocks: they may be leftovers of their names, which the shards would adopt and then
      // delete with the room
      expect(checklist.filter((line) => line.startsWith("warning") || line.startsWith("BLOCKER"))).toEqual([
        "BLOCKER attendees.migrateFromOneStack: 6 attendees' rooms are in no state, and Terraform Cloud " +
          "lists a workspace or team of their name (aws_workshop-alice, aws_workshop-bob, aws_workshop-carol, " +
          "aws_workshop-dave, aws_workshop-erin, ...) that no move's deploy found in a state (the deploy " +
          "record, deployed-stacks.json, names none with its id): their shards would import and manage them, " +
          "and delete them with the room, though they may be a leftover or made by hand. Fix: if this room's " +
          "move was deployed from another machine, run npm run deploy there (its record holds the evidence); " +
          "else leave them out of attendees.names until the move's deploy is done, then add them back without " +
          "attendees.migrateFromOneStack, with the workspace and team in import.workspaces and import.teams to " +
          "adopt them on purpose, or delete them first",
      ]);
      expect(code).toBe(1);
    },
  );

  it("fails when the room was never deployed, saying there is nothing to move and to drop the flag", async () => {
    const { code, checklist } = await preflightOfMove([], { deployed: false });
    expect(checklist.filter((line) => line.startsWith("warning") || line.startsWith("BLOCKER"))).toEqual([
      "BLOCKER attendees.migrateFromOneStack: no attendee's room is deployed, in aws-workshop or " +
        "elsewhere: no state holds one and Terraform Cloud lists none of their workspaces and teams, so " +
        "the shards would try to import workspaces and teams that are not there. Fix: leave " +
        "attendees.migrateFromOneStack out: the shards then create the rooms not deployed",
    ]);
    expect(code).toBe(1);
  });

  it(
    "fails when the workspace and team lists answer 500 and " + "HTML, concluding nothing about the move from them",
    async () => {
      // GIVEN the move stopped after the shared stack, and Terraform Cloud's lists fail
      const { code, checklist } = await preflightOfMove([], {
        faults: {
          [`/api/v2/organizations/${ORG}/workspaces`]: () => ({ status: 500, text: "oops" }),
          [`/api/v2/organizations/${ORG}/teams`]: () => ({
            status: 200,
            text: "<html>Sign in</html>",
            headers: { "Content-Type": "text/html" },
          }),
        },
      });
      // THEN each failure is one blocker, and no line says where the rooms are or what to do with the flag
      expect(checklist.filter((line) => line.startsWith("warning") || line.startsWith("BLOCKER"))).toEqual([
        expect.stringMatching(
          /^BLOCKER Terraform Cloud: GET \/api\/v2\/organizations\/acme-aws-workshop\/workspaces\?\S+ answered 500/,
        ),
        expect.stringMatching(
          /^BLOCKER Terraform Cloud: GET \/api\/v2\/organizations\/acme-aws-workshop\/teams\?\S+ answered 200 \(text\/html\)/,
        ),
      ]);
      expect(code).toBe(1);
    },
  );

  it("concludes from the answer it has: the team list shows the rooms when the workspace list fails", async () => {
    const { checklist } = await preflightOfMove([], {
      faults: { [`/api/v2/organizations/${ORG}/workspaces`]: () => ({ status: 500, text: "oops" }) },
    });
    expect(checklist.filter((line) => line.startsWith("warning"))).toEqual([
      expect.stringMatching(/^warning shards: the move into shards stopped halfway: 6 attendees' rooms /),
    ]);
  });
});

/** A state holding the rooms of the attendees given, as Terraform writes it (format 4). */
function stateWith(attendees: readonly string[]): StackStateFact {
  const instances = attendees.map((name) => ({
    index_key: name,
    attributes: { id: `ws-${name}`, name: `aws_workshop-${name}` },
  }));
  const text = JSON.stringify({
    version: 4,
    resources: [{ mode: "managed", type: "tfe_workspace", name: "attendees_workspaces_D5E9DB06", instances }],
  });
  return { location: { kind: "local", file: "/nowhere" }, reading: stateFromText(text) };
}

/** The facts of a move: the shared state empty, the shards' states given, and what Terraform Cloud lists. */
function factsOf(
  shards: ReadonlyArray<readonly [number, readonly string[]]>,
  listed: { readonly names?: readonly string[]; readonly owner?: boolean },
): PreflightFacts {
  // The rooms are listed by their teams: either list showing a room is enough.
  const teams =
    listed.names === undefined
      ? undefined
      : new Map(
          listed.names.map((name) => [`aws_workshop-${name}`, { id: `team-${name}`, name: `aws_workshop-${name}` }]),
        );
  return {
    now: NOW,
    disposableMachine: false,
    hasToken: true,
    failures: [],
    state: stateWith([]),
    shardStates: new Map(shards.map(([shard, names]) => [`aws-workshop-shard-${shard}`, stateWith(names)])),
    organization: { name: ORG, canUpdate: listed.owner ?? true },
    workspaces: teams === undefined ? undefined : new Map(),
    teams,
    // The deploy record: the teams of the room's six, as the one stack's state held them before the move.
    movedRooms: new Map(NAMES.map((name) => [name, { team: `team-${name}` }])),
  };
}

const lineOf = (item: { level: string; subject: string; finding: string; fix?: string }) =>
  `${item.level} ${item.subject}: ${item.finding}${item.fix === undefined ? "" : `. Fix: ${item.fix}`}`;

describe("the shard-migration check", () => {
  it("says nothing without attendees.migrateFromOneStack, or while a state cannot be read", () => {
    const sharded = validConfig({ ...moving(), attendees: { names: NAMES, shards: 3 } });
    expect(shardMigrationCheck(sharded, factsOf([], { names: NAMES }))).toEqual([]);
    const unread: PreflightFacts = { ...factsOf([], { names: NAMES }), state: undefined };
    expect(shardMigrationCheck(validConfig(moving()), unread)).toEqual([]);
  });

  it("fails when a late attendee joins a move still under way: their shard would import what is not there", () => {
    // GIVEN the move stopped after the shared stack, and grace added, whom Terraform Cloud has nothing of
    const items = shardMigrationCheck(validConfig(moving([...NAMES, "grace"])), factsOf([], { names: NAMES }));
    // THEN the forgotten rooms still say to deploy again, and grace's is a blocker
    expect(items.map(lineOf).slice(1)).toEqual([
      "blocker attendees.migrateFromOneStack: 1 attendee's room was never deployed (grace: no state " +
        "holds it and Terraform Cloud lists neither its workspace nor its team), so its shard would try " +
        "to import what is not there. Fix: leave them out of attendees.names until the move's deploy is " +
        "done, then add them back without attendees.migrateFromOneStack",
    ]);
  });

  it("fails when a late attendee's name matches a workspace or team no move's deploy found in a state", () => {
    // GIVEN the move stopped after the shared stack, and grace added, whose name a leftover team has
    const items = shardMigrationCheck(
      validConfig(moving([...NAMES, "grace"])),
      factsOf([], { names: [...NAMES, "grace"] }),
    );
    // THEN grace's is a blocker, the six forgotten rooms still a warning
    expect(items.map(lineOf)).toEqual([
      "blocker attendees.migrateFromOneStack: 1 attendee's room is in no state, and Terraform Cloud lists " +
        "a workspace or team of its name (aws_workshop-grace) that no move's deploy found in a state (the " +
        "deploy record, deployed-stacks.json, names none with its id): its shard would import and manage it, " +
        "and delete it with the room, though it may be a leftover or made by hand. Fix: if this room's move " +
        "was deployed from another machine, run npm run deploy there (its record holds the evidence); else " +
        "leave them out of attendees.names until the move's deploy is done, then add them back without " +
        "attendees.migrateFromOneStack, with the workspace and team in import.workspaces and import.teams to " +
        "adopt them on purpose, or delete them first",
      expect.stringMatching(/^warning shards: the move into shards stopped halfway: 6 attendees' rooms /),
    ]);
  });

  it("fails when the move is done and a late attendee joins with the flag still on", () => {
    const done = [1, 2, 3].map((shard) => [shard, inShard(shard)] as const);
    const items = shardMigrationCheck(validConfig(moving([...NAMES, "grace"])), factsOf(done, { names: NAMES }));
    expect(items.map(lineOf)).toEqual([
      "blocker attendees.migrateFromOneStack: the move into shards is done: 6 attendees' " +
        "rooms are in the shards' states, none is left in aws-workshop, and 1 attendee's room " +
        "never deployed would be imported from nothing. Fix: leave " +
        "attendees.migrateFromOneStack out: the shards then create the rooms not deployed",
    ]);
  });

  it("warns, and concludes nothing, when the token may not see the rooms no state holds", () => {
    const items = shardMigrationCheck(validConfig(moving()), factsOf([], { names: [], owner: false }));
    expect(items.map(lineOf)).toEqual([
      "warning shards: 6 attendees' rooms are in no state and not visible to this token: preflight " +
        "cannot tell whether aws-workshop forgot them for their shards to import, or they were never " +
        "deployed. Fix: run preflight with a user token of an owner of the organization",
    ]);
  });
});

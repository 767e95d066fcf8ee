import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploy } from "../commands/deploy";
import { preflight } from "../commands/preflight";
import { shardOf } from "../config/shards";
import { DEPLOY_RECORD_FILE, readDeployRecord, readMovedRooms } from "../operations/deploy-record";
import type { Rehearsal } from "../operations/rehearsal";
import { stateFileOf } from "../stacks/workshop-base-stack";
import type { Fault } from "../terraform-cloud/stand-in";
import { NOW } from "./support";
import {
  capture,
  configFile,
  deployedSeed,
  fakeCdktf,
  fakeClouds,
  fakeToken,
  recordMovedRooms,
  scratchDirectory,
} from "./workshop-day-support";

const ORG = "acme-aws-workshop";
const NAMES = Array.from({ length: 12 }, (_, index) => `attendee${String(index).padStart(2, "0")}`);
/** The room with the attendees' settings given: `{ shards: 4, migrateFromShards: 3 }` and so on. */
const roomWith = (attendees: Record<string, unknown>) => ({
  organization: { name: ORG, email: "facilitator@example.com", create: false },
  attendees: { names: NAMES, ...attendees },
});
/** The attendees shard 4 takes from 3 shards. */
const MOVERS = NAMES.filter((name) => shardOf(name, 4) === 4);

const FACILITATOR = fakeToken("Sh4rdC0untFac1l");
const directory = scratchDirectory();
const cloud = fakeClouds();

/** Terraform Cloud and every stack's state as a deploy of this room leaves them (the rehearsal's). */
const deployedAs = (attendees: Record<string, unknown>): Rehearsal =>
  deployedSeed(roomWith(attendees), { now: NOW }).seed;

/** The state of each stack given, by stack id, from the deploy that left it. */
const statesOf = (seed: Rehearsal, ids: readonly string[]) =>
  ids.map((id) => [id, id === "aws-workshop" ? seed.state! : seed.shardStates!.get(id)!] as const);

/**
 * Preflight (or, with `deploying`, npm run deploy, cdktf stood in for) of the config moving the room, against
 * Terraform Cloud as `cloudOf` left it (with the `faults` given) and the states given: preflight's warnings, blockers
 * and shards line, what cdktf was asked to deploy, the deploy's progress, and the exit code.
 */
async function preflightOfMove(
  moving: Record<string, unknown>,
  cloudOf: Rehearsal,
  states: ReadonlyArray<readonly [string, string]>,
  deploying = false,
  recordedFrom?: Rehearsal,
  declined: readonly string[] = [],
  own = mkdtempSync(join(directory, "count-")),
  faults?: Readonly<Record<string, Fault>>,
) {
  // A real deploy's states, which the rehearsal's stand for: a lineage of their own, as deploy refuses a rehearsal's
  for (const [id, state] of states)
    writeFileSync(join(own, stateFileOf(id)), JSON.stringify({ ...JSON.parse(state), lineage: `deployed-${id}` }));
  // The deploy record the move's deploy wrote before the old stacks forgot the rooms
  if (recordedFrom !== undefined) recordMovedRooms(own, [...recordedFrom.shardStates!.values()]);
  // The facilitator's own token: the deploy refuses a rehearsal's.
  const tokens = new Map([...cloudOf.tokens, [FACILITATOR, cloudOf.tokens.get(cloudOf.facilitatorToken)!]]);
  const fake = await cloud({ organizations: cloudOf.organizations, tokens, faults });
  const captured = capture(own);
  const env = {
    WORKSHOP_CONFIG: configFile(own, "room.json", roomWith(moving)),
    TFE_ADDRESS: fake.address,
    TFE_HOSTNAME: new URL(fake.address).host,
    TFE_TOKEN: FACILITATOR,
    CDKTF_OUTDIR: join(own, "cdktf.out"),
  };
  const cdktf = fakeCdktf({ declined });
  const code = deploying
    ? await deploy({
        env,
        now: NOW,
        args: [],
        runCdktf: cdktf.runCdktf,
        runTerraform: cdktf.runTerraform,
        findTerraform: () => "/usr/local/bin/terraform",
        ...captured.options,
      })
    : await preflight({ env, now: NOW, ...captured.options });
  return {
    code,
    findings: captured.printed.filter((line) => /^(warning|BLOCKER|ok {6}shards)/.test(line)),
    started: cdktf.started.map((args) => args[1]!),
    progress: captured.reported.filter((line) => line.startsWith("deploy: ") && line.includes(" then ")),
    reported: captured.reported,
    own,
  };
}

const SHARDS_3 = ["aws-workshop", "aws-workshop-shard-1", "aws-workshop-shard-2", "aws-workshop-shard-3"];

/** How the progress names the shards a deploy plans, without --all. */
const CHANGED_OR_DUE =
  "shards whose stack changed since this machine deployed it, whose state differs from the config or Terraform " +
  "Cloud, or whose rotation time has passed";
/** How a deploy names the stacks it left out after one they depend on was not applied. */
const DEPENDING = "not deployed, as they depend on a stack not applied:";
/** How the progress says a move deploys the stacks rooms leave first. */
const LEAVING_FIRST = "the shards the rooms move out of first";
/** How a deploy that left stacks not applied ends. */
const STAY = "They stay to deploy: run npm run deploy again and approve their plans";

describe(
  "preflight of a change of the count of shards, or of " + "turning them off, with attendees.migrateFromShards",
  () => {
    it("accepts the move from 3 to 4 shards of a room deployed in 3, saying the order", async () => {
      // GIVEN a room deployed in 3 shards
      const three = deployedAs({ shards: 3 });
      // WHEN preflight checks the config moving it into 4
      const { code, findings } = await preflightOfMove(
        { shards: 4, migrateFromShards: 3 },
        three,
        statesOf(three, SHARDS_3),
      );
      // THEN it says which rooms move where and in which order, and blocks nothing
      const leaving = [...new Set(MOVERS.map((name) => `aws-workshop-shard-${shardOf(name, 3)}`))].sort().join(", ");
      expect(findings).toEqual([
        `ok      shards: attendees.migrateFromShards moves ${MOVERS.length} attendees' rooms out of ` +
          `${leaving} into aws-workshop-shard-4: npm run deploy deploys the stacks they leave first ` +
          "(which forget their workspaces, teams and memberships and delete their team accesses and " +
          "tokens), then those they go to (which import them, grant the access again and issue new " +
          "tokens for the handout); leave migrateFromShards out after that deploy",
      ]);
      expect(code).toBe(0);
    });

    it("names the shards a move goes to in the order of their numbers: shard 4 before shard 10", async () => {
      // GIVEN a room deployed in 3 shards, whose move into 12 sends rooms to shards below 10 and to shards 10 and up
      const three = deployedAs({ shards: 3 });
      const going = [...new Set(NAMES.map((name) => shardOf(name, 12)).filter((shard) => shard > 3))];
      expect(going.some((shard) => shard >= 10) && going.some((shard) => shard < 10)).toBe(true);
      // WHEN preflight checks the config moving it into 12
      const { findings } = await preflightOfMove(
        { shards: 12, migrateFromShards: 3 },
        three,
        statesOf(three, SHARDS_3),
      );
      // THEN its line names them by number, not as text ("shard-10, shard-4")
      const named = /into (.*?): npm run deploy/.exec(findings.join("\n"))?.[1]?.split(", ");
      expect(named).toEqual(going.sort((a, b) => a - b).map((shard) => `aws-workshop-shard-${shard}`));
    });

    it("tells a move to 4 shards that stopped after the old shards: deploy again with the flag", async () => {
      // GIVEN the move's deploy stopped after shards 1 to 3 forgot the movers: shard 4 has no state yet
      const four = deployedAs({ shards: 4 });
      const { code, findings } = await preflightOfMove(
        { shards: 4, migrateFromShards: 3 },
        four,
        statesOf(four, SHARDS_3),
        false,
        deployedAs({ shards: 3 }),
      );
      expect(findings).toEqual([
        `warning shards: the move into 4 shards stopped halfway: ${MOVERS.length} attendees' rooms ` +
          `(aws-workshop-shard-4: ${MOVERS.length}) are forgotten by their old shards and not yet imported ` +
          "by their shards: Terraform Cloud lists their workspaces or teams, and no state holds them; 0 " +
          "rooms are in the shards' states already. Fix: keep attendees.migrateFromShards and run npm run " +
          "deploy again: it deploys the shards that have not imported theirs yet",
      ]);
      expect(code).toBe(0);
    });

    it("fails when the move to 4 shards is done, saying to drop the flag", async () => {
      const four = deployedAs({ shards: 4 });
      const { code, findings } = await preflightOfMove(
        { shards: 4, migrateFromShards: 3 },
        four,
        statesOf(four, [...SHARDS_3, "aws-workshop-shard-4"]),
      );
      expect(findings).toEqual([
        "BLOCKER attendees.migrateFromShards: the move into 4 shards is done: " +
          `${MOVERS.length} attendees' rooms are in the shards' states, none is left in ` +
          "their old shards. Fix: leave attendees.migrateFromShards out",
      ]);
      expect(code).toBe(1);
    });

    it("accepts turning the shards off, and tells a move that stopped after the shards forgot the rooms", async () => {
      const three = deployedAs({ shards: 3 });
      const before = await preflightOfMove({ migrateFromShards: 3 }, three, statesOf(three, SHARDS_3));
      expect(before.findings).toEqual([
        "ok      shards: attendees.migrateFromShards moves 12 attendees' rooms out of aws-workshop-shard-1, " +
          "aws-workshop-shard-2, aws-workshop-shard-3 into aws-workshop: npm run deploy deploys the stacks " +
          "they leave first (which forget their workspaces, teams and memberships and delete their team " +
          "accesses and tokens), then those they go to (which import them, grant the access again and issue " +
          "new tokens for the handout); leave migrateFromShards out after that deploy",
      ]);
      expect(before.code).toBe(0);
      // GIVEN the shards deployed (every room forgotten), the one stack not yet
      const forgotten = deployedAs({ shards: 3, names: [] });
      const stopped = await preflightOfMove(
        { migrateFromShards: 3 },
        three,
        statesOf(forgotten, SHARDS_3),
        false,
        three,
      );
      expect(stopped.findings).toEqual([
        "warning shards: the move into aws-workshop stopped halfway: 12 attendees' rooms (aws-workshop: 12) " +
          "are forgotten by their old shards and not yet imported by aws-workshop: Terraform Cloud lists their " +
          "workspaces or teams, and no state holds them; 0 rooms are in aws-workshop's state already. Fix: " +
          "keep attendees.migrateFromShards and run npm run deploy again: it deploys aws-workshop",
      ]);
      expect(stopped.code).toBe(0);
    });

    it(
      "fails when a room is in the states of both its old and its " + "new shard, naming them and the stack to deploy",
      async () => {
        // GIVEN shard 4 deployed by hand before the old shards forgot the movers: each mover is in two states
        const three = deployedAs({ shards: 3 });
        const four = deployedAs({ shards: 4 });
        const states = [...statesOf(three, SHARDS_3), ...statesOf(four, ["aws-workshop-shard-4"])];
        // WHEN preflight checks the move
        const { code, findings } = await preflightOfMove({ shards: 4, migrateFromShards: 3 }, four, states);
        // THEN it blocks, never calling the move done: the old shards must forget the rooms with the flag still on
        const held = MOVERS.slice(0, 5)
          .map((name) => `${name} in aws-workshop-shard-${shardOf(name, 3)} and aws-workshop-shard-4`)
          .join(", ");
        const old = [...new Set(MOVERS.map((name) => `aws-workshop-shard-${shardOf(name, 3)}`))].sort();
        expect(findings).toEqual([
          `BLOCKER shards: ${MOVERS.length} attendees' rooms are in the states of two stacks ` +
            `(${held}${MOVERS.length > 5 ? `, and ${MOVERS.length - 5} more` : ""}): a move's new stack ` +
            "imported them before the old one forgot them, and a deploy of the old stack without the move's " +
            "flag would delete them (token, team access, memberships and workspace). Fix: keep " +
            `attendees.migrateFromShards and deploy ${old.join(", ")} first, which ` +
            `forget${old.length === 1 ? "s" : ""} them: npx cdktf deploy ${old.join(" ")} ` +
            "--ignore-missing-stack-dependencies (npm run deploy stops at this blocker); leave the flag out " +
            "only once no room is in two states",
        ]);
        expect(code).toBe(1);
      },
    );

    it("fails when turning shards off finds a room in both its shard's state and the one stack's", async () => {
      // GIVEN the one stack deployed before the shards forgot the rooms
      const three = deployedAs({ shards: 3 });
      const one = deployedAs({});
      const states = [...statesOf(one, ["aws-workshop"]), ...statesOf(three, SHARDS_3.slice(1))];
      const { code, findings } = await preflightOfMove({ migrateFromShards: 3 }, three, states);
      const twice = NAMES.slice(0, 5).map(
        (name) => `${name} in aws-workshop and aws-workshop-shard-${shardOf(name, 3)}`,
      );
      expect(findings).toEqual([
        `BLOCKER shards: 12 attendees' rooms are in the states of two stacks (${twice.join(", ")}, and 7 ` +
          "more): a move's new stack imported them before the old one forgot them, and a deploy of the old " +
          "stack without the move's flag would delete them (token, team access, memberships and workspace). " +
          "Fix: keep attendees.migrateFromShards and deploy aws-workshop-shard-1, aws-workshop-shard-2, " +
          "aws-workshop-shard-3 first, which forget them: npx cdktf deploy aws-workshop-shard-1 " +
          "aws-workshop-shard-2 aws-workshop-shard-3 --ignore-missing-stack-dependencies (npm run deploy stops " +
          "at this blocker); leave the flag out only once no room is in two states",
      ]);
      expect(code).toBe(1);
    });

    it(
      "fails when an attendee the move would import was never deployed, or " +
        "the count the room was deployed in is not the one given",
      async () => {
        const three = deployedAs({ shards: 3 });
        // GIVEN a late attendee whose shard differs between 3 and 4 shards, added in the move's deploy
        const late = Array.from({ length: 50 }, (_, index) => `late${index}`).find(
          (name) => shardOf(name, 4) !== shardOf(name, 3),
        )!;
        const withLate = await preflightOfMove(
          { names: [...NAMES, late], shards: 4, migrateFromShards: 3 },
          three,
          statesOf(three, SHARDS_3),
        );
        expect(withLate.findings).toContain(
          `BLOCKER attendees.migrateFromShards: 1 attendee's room was never deployed (${late}: no state ` +
            "holds it and Terraform Cloud lists neither its workspace nor its team), so its shard would " +
            "try to import what is not there. Fix: leave them out of attendees.names until the move's " +
            "deploy is done, then add them back without attendees.migrateFromShards",
        );
        expect(withLate.code).toBe(1);
        // AND a room deployed in 3 shards said to be in 2: its rooms are where no migration of 2 puts them
        const wrongCount = await preflightOfMove({ shards: 4, migrateFromShards: 2 }, three, statesOf(three, SHARDS_3));
        expect(wrongCount.findings[0]).toMatch(
          /^BLOCKER attendees\.shards: \d+ attendees' rooms are deployed in another stack than this config puts them in .*Fix: keep attendees\.shards as the room was deployed \(3\), or move it with attendees\.migrateFromShards 3 \(docs\/large-rooms\.md\)$/,
        );
        expect(wrongCount.code).toBe(1);
      },
    );
  },
);

describe("a move between counts of shards whose movers' emails are not as deployed, against the stand-in", () => {
  const [added, changed] = MOVERS;
  /** Every attendee, with the emails given. */
  const namesWith = (emails: Readonly<Record<string, string>>) =>
    NAMES.map((name) => (Object.hasOwn(emails, name) ? { name, email: emails[name] } : name));
  /** The room deployed in 3 shards, the second mover invited. */
  const deployedInvited = () => deployedAs({ shards: 3, names: namesWith({ [changed!]: `${changed}@example.com` }) });

  it("accepts the move when every mover keeps the email it was deployed with", async () => {
    const three = deployedInvited();
    const { code, findings } = await preflightOfMove(
      { shards: 4, migrateFromShards: 3, names: namesWith({ [changed!]: `${changed}@example.com` }) },
      three,
      statesOf(three, SHARDS_3),
    );
    expect(findings).toEqual([expect.stringMatching(/^ok {6}shards: attendees\.migrateFromShards moves /)]);
    expect(code).toBe(0);
  });

  it("fails when an email is added to one mover and changed for another; npm run deploy deploys no stack", async () => {
    // GIVEN the room deployed in 3 shards
    const three = deployedInvited();
    // WHEN the move into 4 gives the first mover an email and the second a new one
    const moving = {
      shards: 4,
      migrateFromShards: 3,
      names: namesWith({ [added!]: `${added}@example.com`, [changed!]: "new@example.com" }),
    };
    const { code, findings, started } = await preflightOfMove(moving, three, statesOf(three, SHARDS_3), true);
    // THEN one blocker names both, with the email to move them with, and nothing of the room is deployed
    expect(findings).toContain(
      "BLOCKER attendees.migrateFromShards: 2 attendees' rooms move with an email no membership has for the " +
        `stack they go to import (${added}: none deployed, "${added}@example.com" in the config, ${changed}: ` +
        `"${changed}@example.com" in Terraform Cloud, "new@example.com" in the config): tfe 0.71.0 imports a ` +
        "membership by its user's email, byte for byte, and that stack's plan would fail after the stacks the " +
        "rooms leave have revoked their tokens. Fix: move each with the email its membership's user has in " +
        "Terraform Cloud (none where none was deployed), and change it in a deploy of its own, before or after " +
        "the move",
    );
    expect(findings.join("\n")).not.toContain("invites them at a new email");
    expect(started).toEqual([]);
    expect(code).toBe(1);
  });

  it("fails when a mover's membership is gone from Terraform Cloud, never saying it invites them again", async () => {
    // GIVEN the room deployed in 3 shards, and the second mover's membership deleted by hand since
    const three = deployedInvited();
    const left = {
      ...three,
      organizations: three.organizations.map((organization) => ({ ...organization, memberships: [] })),
    };
    const { code, findings } = await preflightOfMove(
      { shards: 4, migrateFromShards: 3, names: namesWith({ [changed!]: `${changed}@example.com` }) },
      left,
      statesOf(three, SHARDS_3),
    );
    expect(findings).toContain(
      "BLOCKER attendees.migrateFromShards: the membership of 1 moving attendee is no longer in Terraform Cloud " +
        `(${changed}: "${changed}@example.com"): they left, or were removed by hand, and the stack their room ` +
        "goes to would import it and fail after the stacks the rooms leave have revoked their tokens. Fix: leave " +
        "their email out of the config for the move, and add it back in a deploy after the move to invite them " +
        "again, if they are to come back",
    );
    expect(findings.join("\n")).not.toContain("invites 1 attendee again");
    expect(code).toBe(1);
  });
  it(
    "claims no mismatch when the memberships' list gets no usable answer: that request's blocker alone stops " +
      "npm run deploy",
    async () => {
      // GIVEN the room deployed in 3 shards, and the move into 4 giving the invited mover a new email
      const three = deployedInvited();
      const moving = { shards: 4, migrateFromShards: 3, names: namesWith({ [changed!]: "new@example.com" }) };
      // WHEN Terraform Cloud answers the memberships' list with a sign-in page
      const signIn: Fault = () => ({
        status: 200,
        text: "<html>Sign in</html>",
        headers: { "Content-Type": "text/html" },
      });
      const path = `/api/v2/organizations/${ORG}/organization-memberships`;
      const { code, findings, started } = await preflightOfMove(
        moving,
        three,
        statesOf(three, SHARDS_3),
        true,
        undefined,
        [],
        undefined,
        { [path]: signIn },
      );
      // THEN the one blocker is the request's own, no email is said to differ, and nothing is deployed
      expect(findings.filter((line) => line.startsWith("BLOCKER"))).toEqual([
        `BLOCKER Terraform Cloud: GET ${path}?include=user&page%5Bnumber%5D=1&page%5Bsize%5D=100 answered 200 ` +
          '(text/html) with a body that is not JSON: "<html>Sign in</html>"; nothing is concluded from it. Fix: ' +
          "check that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again",
      ]);
      expect(findings.join("\n")).not.toMatch(/in the state|invites them at a new email/);
      expect(started).toEqual([]);
      expect(code).toBe(1);
    },
  );
});

describe("npm run deploy of a move between counts of shards: the stacks the rooms leave first", () => {
  const shards = (count: number) => Array.from({ length: count }, (_, index) => `aws-workshop-shard-${index + 1}`);

  it("from 3 to 4 shards: the shared stack, the old shards, then shard 4", async () => {
    const three = deployedAs({ shards: 3 });
    const { code, started, progress, own } = await preflightOfMove(
      { shards: 4, migrateFromShards: 3 },
      three,
      statesOf(three, SHARDS_3),
      true,
    );
    expect(code).toBe(0);
    expect(started).toEqual(["aws-workshop", ...shards(4)]);
    // AND the record holds the movers' workspace and team ids as their old shards' states held them, the evidence
    // preflight needs if the deploy stops once they are forgotten
    const held = readMovedRooms(join(own, DEPLOY_RECORD_FILE));
    expect([...held.keys()]).toEqual([...MOVERS].sort());
    for (const ids of held.values()) {
      expect(ids.workspace).toMatch(/^ws-/);
      expect(ids.team).toMatch(/^team-/);
    }
    expect(progress).toEqual([
      `deploy: the shared stack aws-workshop first, then 4 of 4 ${CHANGED_OR_DUE}: 1, 2, 3, 4, ${LEAVING_FIRST}`,
    ]);
  });

  it("fails when a shard the rooms leave is not applied: shard 4, which they move into, is not deployed", async () => {
    // GIVEN a room deployed in 3 shards, moving into 4, and one of the shards the rooms leave
    const three = deployedAs({ shards: 3 });
    const leaving = `aws-workshop-shard-${shardOf(MOVERS[0]!, 3)}`;
    // WHEN its approval is declined, cdktf exiting 0 without applying it
    const { code, started, reported, own } = await preflightOfMove(
      { shards: 4, migrateFromShards: 3 },
      three,
      statesOf(three, SHARDS_3),
      true,
      undefined,
      [leaving],
    );
    // THEN the other shards deploy, shard 4 does not (it would grant a team access the old shard still holds), and
    // neither is recorded
    expect(started).toEqual(["aws-workshop", ...shards(3)]);
    const label = `shard ${leaving.slice(-1)} (${leaving})`;
    expect(reported).toContain(`deploy: ${label} was not applied; it stays to deploy`);
    expect(reported).toContain(`deploy: not applied: ${label}; ${DEPENDING} shard 4 (aws-workshop-shard-4). ${STAY}`);
    expect(code).toBe(1);
    expect([...readDeployRecord(join(own, DEPLOY_RECORD_FILE)).keys()].sort()).toEqual(
      SHARDS_3.filter((id) => id !== leaving),
    );
  });

  it("fails when turning shards off and a shard is not applied: the shared stack is not deployed", async () => {
    const three = deployedAs({ shards: 3 });
    const { code, started, reported } = await preflightOfMove(
      { migrateFromShards: 3 },
      three,
      statesOf(three, SHARDS_3),
      true,
      undefined,
      ["aws-workshop-shard-1"],
    );
    expect(started).toEqual(shards(3));
    expect(reported).toContain(
      `deploy: not applied: shard 1 (aws-workshop-shard-1); ${DEPENDING} the shared stack aws-workshop. ${STAY}`,
    );
    expect(code).toBe(1);
  });

  it("from 4 to 3 shards: shard 4, which the rooms leave, before the shards they go to", async () => {
    const four = deployedAs({ shards: 4 });
    const { code, started, progress } = await preflightOfMove(
      { shards: 3, migrateFromShards: 4 },
      four,
      statesOf(four, [...SHARDS_3, "aws-workshop-shard-4"]),
      true,
    );
    expect(code).toBe(0);
    expect(started).toEqual(["aws-workshop", "aws-workshop-shard-4", ...shards(3)]);
    expect(progress).toEqual([
      `deploy: the shared stack aws-workshop first, then 4 of 4 ${CHANGED_OR_DUE}: 4, 1, 2, 3, ${LEAVING_FIRST}`,
    ]);
  });

  it("turning shards off: every shard first, then the shared stack, which imports the rooms", async () => {
    const three = deployedAs({ shards: 3 });
    const { code, started, progress } = await preflightOfMove(
      { migrateFromShards: 3 },
      three,
      statesOf(three, SHARDS_3),
      true,
    );
    expect(code).toBe(0);
    expect(started).toEqual([...shards(3), "aws-workshop"]);
    expect(progress).toEqual([
      `deploy: 3 of 3 ${CHANGED_OR_DUE}: 1, 2, 3, then the shared stack aws-workshop, which the rooms move into`,
    ]);
  });

  /** How the progress lists the 3 shards when each one's state differs from the config. */
  const DIFFERING = [1, 2, 3].map((shard) => `${shard} (state differs from the config)`).join(", ");
  for (const { name, deployed, stacks, moving, progress, order } of [
    {
      name: "turning shards off",
      deployed: { shards: 3 },
      stacks: SHARDS_3,
      moving: { migrateFromShards: 3 },
      progress:
        `deploy: 3 of 3 ${CHANGED_OR_DUE}: ${DIFFERING}, then the shared stack aws-workshop, which the rooms move ` +
        "into",
      order: [...shards(3), "aws-workshop"],
    },
    {
      name: "moving a room in one stack into shards",
      deployed: {},
      stacks: ["aws-workshop"],
      moving: { shards: 3, migrateFromOneStack: true },
      progress:
        "deploy: the shared stack aws-workshop first (state differs from the config, rooms move out of it), then " +
        `3 of 3 ${CHANGED_OR_DUE}: ${DIFFERING}`,
      order: ["aws-workshop", ...shards(3)],
    },
  ])
    it(`${name}, deployed again over the states as before it: every stack, recorded, is planned`, async () => {
      // GIVEN the move deployed from this machine, every stack recorded
      const seed = deployedAs(deployed);
      const first = await preflightOfMove(moving, seed, statesOf(seed, stacks), true);
      expect(first.code).toBe(0);
      expect([...readDeployRecord(join(first.own, DEPLOY_RECORD_FILE)).keys()]).toEqual(SHARDS_3);
      // WHEN it is deployed again with the same config, every state as before the move (restored by hand, say)
      for (const id of SHARDS_3.filter((stack) => !stacks.includes(stack))) rmSync(join(first.own, stateFileOf(id)));
      const again = await preflightOfMove(moving, seed, statesOf(seed, stacks), true, undefined, [], first.own);
      // THEN every stack is planned, though recorded: the shared stack for the move, each for its state, which
      // differs from the config; each is checked by its state read again, which the move's deploy left as it should
      expect(again.started).toEqual(order);
      expect(again.progress).toEqual([progress]);
      expect(again.reported).toContain(
        `deploy: done, the shared stack and 3 shards; recorded in ${join(first.own, DEPLOY_RECORD_FILE)}`,
      );
      expect(again.code).toBe(0);
    });
});

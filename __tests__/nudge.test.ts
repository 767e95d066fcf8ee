import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readVerifyRecord, verifyRecordMaxBytes } from "../operations/verify-record";
import { timeOf } from "../terraform-cloud/dates";
import type { Fault, StandInOrganization } from "../terraform-cloud/stand-in";
import { attendeeTeamToken, roomCommand, runRoomCommand, type RoomCommandPlace } from "./room-command";
import {
  configFile,
  deployedSeed,
  fakeClouds,
  scratchDirectory,
  withStatePushed,
  withTokensUsed,
} from "./workshop-day-support";

/**
 * `npm run nudge` against the stand-in of Terraform Cloud, run as a user runs it (through bin/cli.js's list): a room
 * seeded as deployed, where alice pushed state, bob used his token and pushed none, and carol has not started.
 */

const ROOM = {
  organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
  workspaces: [{ name: "aws_workshop" }],
  attendees: { names: [{ name: "alice", email: "alice@example.com" }, "bob", "carol"] },
};
const { seed, room: deployed } = deployedSeed(ROOM);
/** When an attendee who pushed state pushed it; each pushed 3 resources. */
const STATE_AT = "2026-11-30T09:40:00Z";
/** Each attendee's workspace, by their name, managing 3 resources. */
const pushedBy = (attendees: readonly string[]) =>
  Object.fromEntries(attendees.map((attendee) => [`aws_workshop-${attendee}`, 3]));

/** The room with each attendee as far as `progress` says: state pushed, token used, or nothing yet. */
function roomWith(progress: Readonly<Record<string, "state" | "token">>): StandInOrganization {
  const attendees = Object.keys(progress);
  const pushed = withStatePushed(
    deployed,
    pushedBy(attendees.filter((attendee) => progress[attendee] === "state")),
    STATE_AT,
  );
  return withTokensUsed(pushed, attendees, "2026-11-30T09:30:00Z");
}

const directory = scratchDirectory();
const roomFile = configFile(directory, "room.json", ROOM);
/** Runs npm run nudge against a stand-in serving the organization given (none: not deployed), as the facilitator. */
const nudgeAgainst = roomCommand("nudge", seed, directory, roomFile);
const attendeeToken = (attendee: string) => attendeeTeamToken(seed, deployed, attendee);
const NO_VERIFY_RECORD =
  "warning: no record here of when npm run verify used the tokens (verified-tokens.json, which verify writes beside " +
  "the deploy record): a token's last use may be verify's, not its holder's.";

describe("npm run nudge", () => {
  it("names each attendee without state, with what to tell them, and says how many pushed", async () => {
    // GIVEN alice pushed state, bob used his token but pushed none, carol has not used hers
    const run = await nudgeAgainst(roomWith({ alice: "state", bob: "token" }));
    // THEN bob and carol are nudged, each with the step they have not taken
    expect(run.stdout).toEqual([
      "Nudges for room.json against <address>, token from TFE_TOKEN:",
      "bob (aws_workshop-bob) has used their token (last 2026-11-30T09:30:00Z) but pushed " +
        "no state. Fix: have them run terraform apply in their workshop folder",
      "carol (aws_workshop-carol) has not used their token yet. Fix: hand them their handout again (npm " +
        "run handout -- carol): it says how to give Terraform the token, then terraform init",
      "1 of 3 attendees pushed state; 2 nudges above.",
    ]);
    // AND, without verify's record on this machine, one line says a token's use may be verify's
    expect(run.stderr).toEqual([NO_VERIFY_RECORD, "7 requests to <address> in 0.0 s."]);
    expect(run.status).toBe(0);
  });

  it("says there is nobody to nudge once every attendee has pushed state", async () => {
    const run = await nudgeAgainst(roomWith({ alice: "state", bob: "state", carol: "state" }));
    expect(run.stdout.slice(1)).toEqual(["3 of 3 attendees pushed state; nobody to nudge."]);
    expect(run.status).toBe(0);
  });

  it("tells the facilitator to deploy when an attendee's workspace does not exist", async () => {
    const room = roomWith({ alice: "state", bob: "state" });
    const run = await nudgeAgainst({
      ...room,
      workspaces: room.workspaces!.filter((workspace) => workspace.name !== "aws_workshop-carol"),
    });
    expect(run.stdout.slice(1)).toEqual([
      "carol (aws_workshop-carol): the workspace does not exist. Fix: npm run deploy, then hand them their handout",
      "2 of 3 attendees pushed state; 1 nudge above.",
    ]);
    expect(run.status).toBe(0);
  });

  it("fails when no token is found, saying where it looked, asking nothing", async () => {
    const run = await nudgeAgainst(roomWith({}), { token: null });
    expect(run.stderr).toEqual([
      "nudge: no token found in TFE_TOKEN, TF_TOKEN_<host> or the terraform " +
        "login credentials; run terraform login, or export TFE_TOKEN",
    ]);
    expect([run.status, run.requests]).toEqual([1, 0]);
  });

  it(
    "fails before the first deploy saying the organization is " + "absent or hidden, without sending them to status",
    async () => {
      // GIVEN the rehearsal of a room not deployed yet: the facilitator's token, and no organization
      // WHEN nudge runs
      const run = await nudgeAgainst(undefined);
      // THEN its 404 reads as both, and the fix names no other command
      expect(run.stderr[0]).toBe(
        "nudge: GET /api/v2/organizations/acme-aws-workshop answered 404: the organization " +
          "acme-aws-workshop does not exist yet (not deployed?) or this token cannot see it. Fix: deploy " +
          "first if it is not deployed; otherwise use a user token of an owner of the organization",
      );
      expect(run.status).toBe(1);
    },
  );

  it("fails when Terraform Cloud answers the workspaces with a sign-in page, nudging nobody", async () => {
    const signIn: Fault = () => ({
      status: 200,
      text: "<html><body>Please sign in</body></html>",
      headers: { "Content-Type": "text/html" },
    });
    const run = await nudgeAgainst(roomWith({}), {
      faults: { "/api/v2/organizations/acme-aws-workshop/workspaces": signIn },
    });
    expect(run.stdout).toEqual(["Nudges for room.json against <address>, token from TFE_TOKEN:"]);
    expect(run.stderr).toEqual([
      "nudge: GET /api/v2/organizations/acme-aws-workshop/workspaces?page%5Bnumber%5D=1&" +
        "page%5Bsize%5D=100 answered 200 (text/html) with a body that is not JSON: " +
        '"<html><body>Please sign in</body></html>". Fix: check that TFE_HOSTNAME or ' +
        "TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again",
      "6 requests to <address> in 0.0 s.",
    ]);
    expect(run.status).toBe(1);
  });

  it(
    "fails when a workspace is not visible to the token, " + "nudging only those it sees and naming the others",
    async () => {
      // GIVEN nobody pushed state, and nudge runs with alice's team token, which sees her workspace only
      const run = await nudgeAgainst(roomWith({}), { token: attendeeToken("alice") });
      // THEN alice is nudged, bob and carol are named as not known, and it exits 1
      expect(run.stdout).toEqual([
        "Nudges for room.json against <address>, token from TFE_TOKEN:",
        "alice (aws_workshop-alice) has pushed no state. Fix: have them follow " +
          "their handout (npm run handout -- alice) up to terraform apply",
        "0 of 3 attendees pushed state, 2 not known (not visible to this token); 1 nudge above.",
      ]);
      expect(run.stderr).toEqual([
        "warning: the workspace of 2 attendees is not visible to this token, so whether they pushed state is " +
          "not known (bob, carol). Run nudge with a user token of an owner of the organization.",
        "6 requests to <address> in 0.0 s.",
      ]);
      expect(run.status).toBe(1);
    },
  );

  it("tells each attendee to follow their handout when the token cannot see the team tokens", async () => {
    // GIVEN alice pushed state, bob used his token, and the team tokens answer 404 to this token
    const run = await nudgeAgainst(roomWith({ alice: "state", bob: "token" }), {
      faults: { "/api/v2/organizations/acme-aws-workshop/team-tokens": () => ({ status: 404 }) },
    });
    // THEN bob and carol are nudged alike, since whether they used their token cannot be told
    expect(run.stdout).toEqual([
      "Nudges for room.json against <address>, token from TFE_TOKEN:",
      "bob (aws_workshop-bob) has pushed no state. Fix: have them follow " +
        "their handout (npm run handout -- bob) up to terraform apply",
      "carol (aws_workshop-carol) has pushed no state. Fix: have them follow " +
        "their handout (npm run handout -- carol) up to terraform apply",
      "1 of 3 attendees pushed state; 2 nudges above.",
    ]);
    expect(run.stderr).toEqual(["7 requests to <address> in 0.0 s."]);
    expect(run.status).toBe(0);
  });

  it("nudges nobody once the event has ended, since the attendees' tokens are gone", async () => {
    // GIVEN the config ends the event, and its deploy deleted every attendee token; only alice pushed state
    const ended = { ...ROOM, event: { ended: true } };
    const { room: endedRoom } = deployedSeed(ended);
    expect(endedRoom.teamTokens).toEqual([]);
    const run = await nudgeAgainst(withStatePushed(endedRoom, pushedBy(["alice"]), STATE_AT), {
      configPath: configFile(directory, "ended.json", ended),
    });
    // THEN nobody is told to use a token they no longer have
    expect(run.stdout).toEqual([
      "Nudges for ended.json against <address>, token from TFE_TOKEN:",
      "1 of 3 attendees pushed state; the event has ended (event.ended), so nobody " +
        "to nudge: an ended event's deploy deletes the attendees' tokens.",
    ]);
    expect(run.status).toBe(0);
  });

  it("nudges nobody once event.endsAt has passed, since the attendees' tokens expired then", async () => {
    // GIVEN the event's end has passed (the config does not end it yet); nobody pushed state
    const over = { ...ROOM, event: { endsAt: "2026-11-30T17:00:00Z" } };
    const run = await nudgeAgainst(deployedSeed(over).room, { configPath: configFile(directory, "over.json", over) });
    // THEN nobody is told to use a token that expired
    expect(run.stdout).toEqual([
      "Nudges for over.json against <address>, token from TFE_TOKEN:",
      "0 of 3 attendees pushed state; the event ended at 2026-11-30T17:00:00Z " +
        "(event.endsAt), so nobody to nudge: the attendees' tokens expired then.",
    ]);
    expect(run.status).toBe(0);
  });
});

describe("npm run nudge after npm run verify, which uses every token", () => {
  const VERIFIED_AT = new Date("2026-11-30T08:30:00Z");
  const cloud = fakeClouds();
  const outputsFile = join(directory, "outputs.json");
  writeFileSync(outputsFile, JSON.stringify(seed.outputs));

  /**
   * The rehearsal's room served by a stand-in whose clock reads VERIFIED_AT, verified from an output directory of its
   * own, and a runner of the room commands there, as a user runs them.
   */
  async function afterVerify() {
    const fake = await cloud({ organizations: [deployed], tokens: seed.tokens, now: () => VERIFIED_AT });
    const outdir = join(mkdtempSync(join(directory, "verified-")), "cdktf.out");
    const here = { address: fake.address, configPath: roomFile, token: seed.facilitatorToken, outdir };
    const run = (command: string, args: readonly string[] = [], place: Partial<RoomCommandPlace> = {}) =>
      runRoomCommand(command, args, seed, directory, { ...here, ...place });
    expect((await run("verify", ["--outputs", outputsFile])).status).toBe(0);
    return { fake, run, recordFile: join(dirname(outdir), "verified-tokens.json") };
  }

  it("tells an attendee whose token only verify used to set their token up, not to run terraform apply", async () => {
    // GIVEN verify checked every token (the stand-in records each use as Terraform Cloud does); nobody did anything
    const { run } = await afterVerify();
    // WHEN nudge reads the room
    const nudged = await run("nudge");
    // THEN each attendee is handed the handout again, and no line says that a token was used
    expect(nudged.stdout.filter((line) => line.includes("(aws_workshop-"))).toEqual(
      ["alice", "bob", "carol"].map(
        (name) =>
          `${name} (aws_workshop-${name}) has not used their token yet. Fix: hand them their handout again ` +
          `(npm run handout -- ${name}): it says how to give Terraform the token, then terraform init`,
      ),
    );
    expect(nudged.stdout.join("\n")).not.toContain("terraform apply");
    expect(nudged.stderr).not.toContain(NO_VERIFY_RECORD);
    // AND status shows each use as verify's, at the time Terraform Cloud gave it
    const shown = await run("status");
    expect(shown.stdout.find((line) => line.startsWith("aws_workshop-carol"))).toContain(
      `${VERIFIED_AT.toISOString()} (verify's)`,
    );
  });

  it("tells an attendee who used their token after verify to run terraform apply", async () => {
    // GIVEN verify checked every token, then bob used his a minute after verify's use
    const { fake, run, recordFile } = await afterVerify();
    const record = readVerifyRecord(recordFile, verifyRecordMaxBytes(3));
    const bobVerifiedAt = Date.parse(record.kind === "read" ? record.usedAt.get("aws_workshop-bob")! : "");
    const later = new Date(bobVerifiedAt + 60_000).toISOString();
    fake.update(deployed.name, (organization) => withTokensUsed(organization, ["bob"], later));
    // WHEN nudge reads the room
    const nudged = await run("nudge");
    // THEN bob runs terraform apply; alice and carol, whose tokens only verify used, are handed the handout
    expect(nudged.stdout).toContain(
      `bob (aws_workshop-bob) has used their token (last ${later}) but pushed no state. Fix: have them run ` +
        "terraform apply in their workshop folder",
    );
    expect(nudged.stdout.filter((line) => line.includes("has not used their token yet"))).toHaveLength(2);
  });

  it("warns in one line that a use may be verify's when this machine has no record of verify's", async () => {
    // GIVEN verify ran on another machine: the stand-in shows its use of every token
    const { run } = await afterVerify();
    const elsewhere = join(mkdtempSync(join(directory, "elsewhere-")), "cdktf.out");
    // WHEN nudge runs here, without verify's record
    const nudged = await run("nudge", [], { outdir: elsewhere });
    // THEN one line, not one per attendee, says a use may be verify's; the nudges say what was seen
    expect(nudged.stderr.filter((line) => line === NO_VERIFY_RECORD)).toHaveLength(1);
    expect(nudged.stdout.filter((line) => line.includes("has used their token"))).toHaveLength(3);
  });

  it("records when it used each token by team name and time only, never a token", async () => {
    // GIVEN verify checked every token
    const before = Date.now();
    const { recordFile } = await afterVerify();
    const after = Date.now();
    // THEN the record names each team with a time, and holds none of the tokens
    const text = readFileSync(recordFile, "utf8");
    for (const token of [seed.facilitatorToken, ...seed.tokens.keys()]) expect(text).not.toContain(token);
    const record = JSON.parse(text) as { tokensUsedAt: Record<string, string> };
    expect(Object.keys(record.tokensUsedAt)).toEqual(["aws_workshop-alice", "aws_workshop-bob", "aws_workshop-carol"]);
    // AND each time is when verify used the token, a date-time of this run
    for (const at of Object.values(record.tokensUsedAt)) {
      expect(timeOf(at)).toBeGreaterThanOrEqual(before);
      expect(timeOf(at)).toBeLessThanOrEqual(after);
    }
  });
});

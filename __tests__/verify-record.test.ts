import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nudge } from "../commands/nudge";
import { status } from "../commands/status";
import { verify, VERIFY_COMMAND } from "../commands/verify";
import {
  namedVerifyRecordText,
  nextVerifyRecordText,
  readVerifyRecord,
  usedOnlyByVerify,
  VERIFY_USE_MARGIN_MS,
  verifyRecordMaxBytes,
  verifyRecordText,
  verifyUses,
} from "../operations/verify-record";
import { UNREADABLE } from "../terraform-cloud/dates";
import { MAX_WORKSPACE_NAME_LENGTH } from "../terraform-cloud/naming-rules";
import type { StandInOrganization } from "../terraform-cloud/stand-in";
import { docText } from "./docs";
import {
  capture,
  configFile,
  deployedSeed,
  fakeClouds,
  scratchDirectory,
  withTokensUsed,
} from "./workshop-day-support";

/**
 * The record of verify's use of the tokens (verified-tokens.json) as status and nudge read it when it is not what
 * verify wrote: a file that is no record, a time that is no date or is later than now, a file over its bound; and
 * how verify writes it.
 */

const ROOM = {
  organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
  workspaces: [{ name: "aws_workshop" }],
  attendees: ["alice", "bob", "carol"],
};
/** When status and nudge read the room: verify ran at 08:30, bob used his token at 09:30, nobody pushed state. */
const NOW = new Date("2026-11-30T10:00:00Z");
const VERIFIED_AT = "2026-11-30T08:30:00.000Z";
const BOB_USED_AT = "2026-11-30T09:30:00Z";
const { seed, room: deployed } = deployedSeed(ROOM, { now: new Date(VERIFIED_AT) });
/** Verify's use of every token at 08:30, and bob's own at 09:30. */
const room = withTokensUsed(withTokensUsed(deployed, ["alice", "carol"], VERIFIED_AT), ["bob"], BOB_USED_AT);
const TEAMS = ["aws_workshop-alice", "aws_workshop-bob", "aws_workshop-carol"];

const directory = scratchDirectory();
const roomFile = configFile(directory, "room.json", ROOM);
const cloud = fakeClouds();

/** A directory of its own for a case, its record file beside `cdktf.out`, with `record` in it when given. */
function caseDirectory(record?: string, name = "case-"): { readonly dir: string; readonly recordFile: string } {
  const dir = mkdtempSync(join(directory, name));
  const recordFile = join(dir, "verified-tokens.json");
  if (record !== undefined) writeFileSync(recordFile, record);
  return { dir, recordFile };
}

/** The environment of a command against a stand-in serving `organization`, its output directory in `dir`. */
async function roomEnvironment(organization: StandInOrganization, dir: string) {
  const fake = await cloud({ organizations: [organization], tokens: seed.tokens });
  return {
    WORKSHOP_CONFIG: roomFile,
    CDKTF_OUTDIR: join(dir, "cdktf.out"),
    TFE_ADDRESS: fake.address,
    TFE_TOKEN: seed.facilitatorToken,
  };
}

/** Runs a room command (nudge or status) at NOW, with the record of `dir`; its lines, the directory read alike. */
async function runIn(dir: string, command: typeof nudge | typeof status) {
  const captured = capture(directory);
  const code = await command({ env: await roomEnvironment(room, dir), now: NOW, ...captured.options });
  const shown = (lines: readonly string[]) => lines.map((line) => line.replaceAll(`${dir}/`, ""));
  return { code, printed: shown(captured.printed), reported: shown(captured.reported) };
}

/** The record verify writes, with the times given by team. */
const recordOf = (times: Record<string, unknown>) => `${JSON.stringify({ tokensUsedAt: times }, null, 2)}\n`;
const everyTeamAt = (at: string) => Object.fromEntries(TEAMS.map((team) => [team, at]));

const NOT_USED_YET = (name: string) =>
  `${name} (aws_workshop-${name}) has not used their token yet. Fix: hand them their handout again (npm run ` +
  `handout -- ${name}): it says how to give Terraform the token, then terraform init`;
/** The nudge of an attendee whose token's last use, at `at`, may be verify's: the record cannot say when it ran. */
const MAY_NOT_HAVE_USED = (name: string, at: string) =>
  `${name} (aws_workshop-${name}) may not have used their token yet (its last use, ${at}, may be verify's). Fix: ` +
  `hand them their handout again (npm run handout -- ${name}): it says how to give Terraform the token, then ` +
  "terraform init";
const BOB_USED =
  `bob (aws_workshop-bob) has used their token (last ${BOB_USED_AT}) but pushed no state. Fix: have them run ` +
  "terraform apply in their workshop folder";
const NO_RECORD_HERE =
  "warning: no record here of when npm run verify used the tokens (verified-tokens.json, which verify writes beside " +
  "the deploy record): a token's last use may be verify's, not its holder's.";
const UNREADABLE_CONSEQUENCE =
  ", so when npm run verify used the tokens is not known: every use of a token is counted as verify's, and nudge " +
  "may send an attendee who did use theirs back to their handout. Fix: run npm run verify again, which writes the " +
  "record anew (deleting it instead counts every use as its holder's)";

describe("status and nudge with verify's record as verify wrote it", () => {
  it("count a use after verify's as the holder's, and verify's own as not theirs", async () => {
    const { dir } = caseDirectory(recordOf(everyTeamAt(VERIFIED_AT)));
    const run = await runIn(dir, nudge);
    expect(run.printed.slice(1, -1)).toEqual([NOT_USED_YET("alice"), BOB_USED, NOT_USED_YET("carol")]);
    expect(run.reported.slice(0, -1)).toEqual([]);
  });
});

describe("status and nudge with a record that is not one", () => {
  it(
    "fails when the record is half written: one line says which file is no JSON, that every use counts as " +
      "verify's, and what to do, never that there is no record",
    async () => {
      // GIVEN a record cut off in the middle of bob's time, in a directory whose name holds an escape sequence
      const whole = recordOf(everyTeamAt(VERIFIED_AT));
      const { dir } = caseDirectory(whole.slice(0, whole.indexOf("bob") + 20), "case-\u001b[2J-");
      // WHEN nudge reads the room
      const run = await runIn(dir, nudge);
      // THEN one line names the file, its escape shown as text, and what is wrong with it
      expect(run.reported.slice(0, -1)).toEqual([
        `warning: ${dir.replace("\u001b", "\\u001b")}/verified-tokens.json is not valid JSON at line 4, ` +
          "column 39: the file ends before the JSON does; a value, a } or a ] is " +
          `missing${UNREADABLE_CONSEQUENCE}`,
      ]);
      // AND every use counts as verify's: bob, who used his token, is sent back to his handout with the others
      expect(run.printed.slice(1, -1)).toEqual([
        MAY_NOT_HAVE_USED("alice", VERIFIED_AT),
        MAY_NOT_HAVE_USED("bob", BOB_USED_AT),
        MAY_NOT_HAVE_USED("carol", VERIFIED_AT),
      ]);
    },
  );

  it("fails when the record is JSON of another shape, saying so in the line the docs show", async () => {
    // GIVEN a record whose times are a list
    const { dir } = caseDirectory(JSON.stringify({ tokensUsedAt: [VERIFIED_AT] }));
    // WHEN status reads the room
    const run = await runIn(dir, status);
    // THEN one line says the file is no record, and which; the docs show it word for word
    const line =
      "warning: verified-tokens.json has no tokensUsedAt object of team names and " + `times${UNREADABLE_CONSEQUENCE}`;
    expect(run.reported.slice(0, -1)).toEqual([line]);
    expect(docText("docs/workshop-day.md")).toContain(`\`\`\`text\n${line}\n\`\`\``);
    // AND bob's last use shows as one that may be verify's
    expect(run.printed.find((text) => text.startsWith("aws_workshop-bob"))).toContain(`${BOB_USED_AT} (verify's?)`);
    expect(run.code).toBe(0);
  });

  it("fails when the record is a directory, naming it and counting every use as verify's", async () => {
    const { dir, recordFile } = caseDirectory();
    mkdirSync(recordFile);
    const run = await runIn(dir, nudge);
    expect(run.reported[0]).toBe(
      `warning: verified-tokens.json cannot be read (a directory, not a regular file)${UNREADABLE_CONSEQUENCE}`,
    );
    expect(run.printed).not.toContain(BOB_USED);
  });

  it("says once that there is no record when there is none, and counts bob's use as his", async () => {
    const { dir } = caseDirectory();
    const run = await runIn(dir, nudge);
    expect(run.reported.slice(0, -1)).toEqual([NO_RECORD_HERE]);
    expect(run.printed).toContain(BOB_USED);
  });
});

describe("status and nudge with a time of the record that is not credible", () => {
  it("fails when a team's time is no date: one line names the team, every use of its token verify's", async () => {
    // GIVEN a record whose time for bob is a word; alice's and carol's are verify's
    const { dir } = caseDirectory(recordOf({ ...everyTeamAt(VERIFIED_AT), "aws_workshop-bob": "yesterday" }));
    // WHEN nudge reads the room
    const run = await runIn(dir, nudge);
    // THEN one line names bob's team, and bob is sent back to his handout as the others are, his use maybe verify's
    expect(run.reported.slice(0, -1)).toEqual([
      "warning: verified-tokens.json: the time recorded for team aws_workshop-bob is no date (RFC 3339), so every " +
        "use of its token is counted as verify's. Fix: run npm run verify again, which records the time anew",
    ]);
    expect(run.printed.slice(1, -1)).toEqual([
      NOT_USED_YET("alice"),
      MAY_NOT_HAVE_USED("bob", BOB_USED_AT),
      NOT_USED_YET("carol"),
    ]);
  });

  it(
    "fails when a team's time is later than now: one line names it, and the time is ignored, so the holder's " +
      "later use shows",
    async () => {
      // GIVEN bob's time recorded at 11:00, an hour after now, as by a clock that was ahead
      const { dir } = caseDirectory(
        recordOf({ ...everyTeamAt(VERIFIED_AT), "aws_workshop-bob": "2026-11-30T11:00:00.000Z" }),
      );
      // WHEN nudge reads the room at 10:00
      const run = await runIn(dir, nudge);
      // THEN one line names bob's team and its time, and bob's use at 09:30 is his
      expect(run.reported.slice(0, -1)).toEqual([
        "warning: verified-tokens.json: the time recorded for team aws_workshop-bob at 2026-11-30T11:00:00.000Z is " +
          "later than now (2026-11-30T10:00:00.000Z), which no run of verify writes on a clock that is right: " +
          "ignored, so every use of its token is counted as the holder's, verify's included. Fix: check this " +
          "machine's clock, then run npm run verify again",
      ]);
      expect(run.printed).toContain(BOB_USED);
    },
  );

  it("takes a time up to the clock margin after now, and ignores one a millisecond later", () => {
    const record = (at: string) => ({ kind: "read" as const, file: "f", usedAt: new Map([["team", at]]) });
    const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
    expect(verifyUses(record(at(VERIFY_USE_MARGIN_MS)), ["team"], NOW)).toEqual({
      verifiedAt: new Map([["team", at(VERIFY_USE_MARGIN_MS)]]),
      warnings: [],
    });
    const later = verifyUses(record(at(VERIFY_USE_MARGIN_MS + 1)), ["team"], NOW);
    expect(later.verifiedAt).toEqual(new Map());
    expect(later.warnings).toHaveLength(1);
  });

  it("names every team whose time is no date in one line, ten of them and how many more", () => {
    const teams = Array.from({ length: 12 }, (_, index) => `t${index}`);
    const record = { kind: "read" as const, file: "f", usedAt: new Map(teams.map((team) => [team, UNREADABLE])) };
    expect(verifyUses(record, teams, NOW).warnings).toEqual([
      "warning: f: the time recorded for 12 teams (t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, and 2 more) is no date " +
        "(RFC 3339), so every use of their tokens is counted as verify's. Fix: run npm run verify again, which " +
        "records the time anew",
    ]);
  });

  it("counts any use as verify's when the record cannot say when, and none when there is no use", () => {
    expect(usedOnlyByVerify(BOB_USED_AT, UNREADABLE)).toBe(true);
    expect(usedOnlyByVerify(null, UNREADABLE)).toBe(false);
  });
});

describe("the record's bound", () => {
  /** The record verify writes for `teams` teams, each name as long as a config allows. */
  const longest = (teams: number) =>
    verifyRecordText(
      new Map(
        Array.from({ length: teams }, (_, index) => [
          `${index}`.padStart(MAX_WORKSPACE_NAME_LENGTH, "a"),
          "2026-11-30T08:30:00.000Z",
        ]),
      ),
    );

  it("reads what verify writes for 10,000 attendees of the longest names, which the 1 MiB of before could not", () => {
    const bytes = Buffer.byteLength(longest(10_000));
    expect(bytes).toBeGreaterThan(1024 * 1024);
    expect(verifyRecordMaxBytes(10_000)).toBeGreaterThanOrEqual(2 * bytes);
    // AND a room of a few is read up to 64 KiB, whatever its names
    expect(verifyRecordMaxBytes(3)).toBe(64 * 1024);
  });

  it("fails when the record is one byte over its bound, in a warning naming the file; at the bound it reads", () => {
    // GIVEN the record verify writes for three teams, and a bound of exactly its size
    const text = longest(3);
    const { recordFile } = caseDirectory(text);
    const size = Buffer.byteLength(text);
    // THEN it reads at its size, and one byte less is no record, said in words
    expect(readVerifyRecord(recordFile, size).kind).toBe("read");
    const over = readVerifyRecord(recordFile, size - 1);
    expect(over).toEqual({
      kind: "unreadable",
      file: recordFile,
      problem: `is ${size} bytes, more than twice what verify writes for this config's teams (${size - 1} bytes)`,
    });
    expect(verifyUses(over, TEAMS, NOW).warnings).toEqual([
      `warning: ${recordFile} is ${size} bytes, more than twice what verify writes for this config's teams ` +
        `(${size - 1} bytes)${UNREADABLE_CONSEQUENCE}`,
    ]);
  });

  it("fails when the record is over the bound of the config's room: nudge warns, never silent", async () => {
    // GIVEN a record of the room padded past 64 KiB, the bound for three attendees
    const { dir } = caseDirectory(recordOf(everyTeamAt(VERIFIED_AT)).padEnd(64 * 1024 + 1, " "));
    const run = await runIn(dir, nudge);
    expect(run.reported[0]).toBe(
      "warning: verified-tokens.json is 65537 bytes, more than twice what verify writes for this config's teams " +
        `(65536 bytes)${UNREADABLE_CONSEQUENCE}`,
    );
  });
});

describe("npm run verify's writing of the record", () => {
  const outputsFile = join(directory, "outputs.json");
  writeFileSync(outputsFile, JSON.stringify(seed.outputs));
  const RUN_AT = new Date("2026-11-30T08:45:00.000Z");

  /** Verify of the room from `dir`, its clock at RUN_AT. */
  async function verifyIn(dir: string) {
    const captured = capture(directory);
    const env = await roomEnvironment(deployed, dir);
    const code = await verify({ env, now: RUN_AT, clock: () => RUN_AT, outputsFile, ...captured.options });
    return { code, reported: captured.reported };
  }

  it("writes the config's teams in order, drops a team the config no longer has, and replaces a link", async () => {
    // GIVEN an earlier record with a team no longer in the config, linked from elsewhere
    const { dir, recordFile } = caseDirectory();
    const elsewhere = join(dir, "elsewhere.json");
    const earlier = recordOf({ "aws_workshop-zed": VERIFIED_AT });
    writeFileSync(elsewhere, earlier);
    symlinkSync(elsewhere, recordFile);
    // WHEN verify runs
    const { code } = await verifyIn(dir);
    expect(code).toBe(0);
    // THEN the record is a file of its own, of the config's teams sorted, at the run's time
    expect(lstatSync(recordFile).isFile()).toBe(true);
    expect(readFileSync(recordFile, "utf8")).toBe(recordOf(everyTeamAt(RUN_AT.toISOString())));
    // AND the link's target is untouched, and no temporary file is left beside it
    expect(readFileSync(elsewhere, "utf8")).toBe(earlier);
    expect(readdirSync(dir).sort()).toEqual(["cdktf.out", "elsewhere.json", "verified-tokens.json"]);
  });

  it("writes the same bytes whatever the order the tokens were checked in, and keeps an earlier credible time", () => {
    // GIVEN an earlier record with carol's time, and a run that checked bob, then alice, and not carol
    const earlier = { kind: "read" as const, file: "f", usedAt: new Map([["aws_workshop-carol", VERIFIED_AT]]) };
    const at = RUN_AT.toISOString();
    const ran = (order: readonly string[]) =>
      nextVerifyRecordText(earlier, TEAMS, new Map(order.map((team) => [team, at])), RUN_AT);
    // THEN both orders write the one text, the teams sorted, carol's earlier time kept
    const written = ran(["aws_workshop-bob", "aws_workshop-alice"]);
    expect(written).toBe(ran(["aws_workshop-alice", "aws_workshop-bob"]));
    expect(written).toBe(
      recordOf({ "aws_workshop-alice": at, "aws_workshop-bob": at, "aws_workshop-carol": VERIFIED_AT }),
    );
  });

  it("writes anew over a record that is not one", async () => {
    const { dir, recordFile } = caseDirectory("{ half");
    expect((await verifyIn(dir)).code).toBe(0);
    expect(readFileSync(recordFile, "utf8")).toBe(recordOf(everyTeamAt(RUN_AT.toISOString())));
  });
});

describe("npm run verify -- NAME...: a late attendee's token, the others' uses kept", () => {
  const outputsFile = join(directory, "named-outputs.json");
  writeFileSync(outputsFile, JSON.stringify(seed.outputs));
  /** carol joined late: verify of her token alone at 09:45, after bob used his at 09:30. */
  const LATE_AT = new Date("2026-11-30T09:45:00.000Z");

  /** verify run as typed, with `argv`, from `dir` at 09:45, then nudge at NOW against the same Terraform Cloud. */
  async function verifyThenNudge(dir: string, argv: readonly string[]) {
    const fake = await cloud({ organizations: [room], tokens: seed.tokens, now: () => LATE_AT });
    const env = { WORKSHOP_CONFIG: roomFile, CDKTF_OUTDIR: join(dir, "cdktf.out"), TFE_ADDRESS: fake.address };
    const verified = capture(directory);
    // The command as typed, its clock moved: a command's context passes on what verify's options take.
    const context = { env, now: LATE_AT, clock: () => LATE_AT, ...verified.options };
    const code = await VERIFY_COMMAND.run([...argv, "--outputs", outputsFile], context);
    const requests = fake.requests.length;
    const nudged = capture(directory);
    await nudge({ env: { ...env, TFE_TOKEN: seed.facilitatorToken }, now: NOW, ...nudged.options });
    return { code, requests, verified, nudged: nudged.printed.slice(1, -1) };
  }

  it("checks and records only the named token, so bob's use after the first verify stays his", async () => {
    // GIVEN verify's record of every token at 08:30, and bob's own use at 09:30
    const { dir, recordFile } = caseDirectory(recordOf(everyTeamAt(VERIFIED_AT)));
    // WHEN verify runs for carol alone
    const run = await verifyThenNudge(dir, ["carol"]);
    // THEN it checks her token alone, in two requests
    expect(run.code).toBe(0);
    expect(run.verified.printed[0]).toMatch(/: 1 token, by name: attendee carol$/);
    expect(run.verified.printed.slice(1)).toEqual([
      "pass  attendee carol: authenticates as team aws_workshop-carol, reads aws_workshop-carol (local execution, " +
        "may create state versions), and sees no other workspace",
      "1 token checked: 1 passed, 0 failed.",
    ]);
    expect(run.requests).toBe(2);
    // AND records her time, the others' as they were
    expect(readFileSync(recordFile, "utf8")).toBe(
      recordOf({ ...everyTeamAt(VERIFIED_AT), "aws_workshop-carol": LATE_AT.toISOString() }),
    );
    // AND nudge still sees bob's use as his
    expect(run.nudged).toEqual([NOT_USED_YET("alice"), BOB_USED, NOT_USED_YET("carol")]);
  });

  it("hides bob's use behind its own when run for every token: why the docs name the late attendee", async () => {
    const { dir } = caseDirectory(recordOf(everyTeamAt(VERIFIED_AT)));
    const run = await verifyThenNudge(dir, []);
    expect(run.requests).toBe(6);
    expect(run.nudged).toEqual([NOT_USED_YET("alice"), NOT_USED_YET("bob"), NOT_USED_YET("carol")]);
  });

  it("fails when a name is neither an attendee nor a team with a token: one line, exit 2, nothing used", async () => {
    // GIVEN an earlier record
    const earlier = recordOf(everyTeamAt(VERIFIED_AT));
    const { dir, recordFile } = caseDirectory(earlier);
    // WHEN verify is given carol and a name the config does not have
    const run = await verifyThenNudge(dir, ["carol", "Bob", "zed"]);
    // THEN one line names both, and the names there are
    expect(run.code).toBe(2);
    expect(run.verified.printed).toEqual([]);
    expect(run.verified.reported).toEqual([
      'verify: "Bob", "zed" are neither attendees nor teams with a token in this config; there are alice, bob, carol',
    ]);
    // AND no token was used, and the record is as it was
    expect(run.requests).toBe(0);
    expect(readFileSync(recordFile, "utf8")).toBe(earlier);
  });

  it("keeps the others' entries as they were, a time that is no date or later than now too", () => {
    const at = LATE_AT.toISOString();
    const earlier = {
      kind: "read" as const,
      file: "f",
      usedAt: new Map([
        ["aws_workshop-alice", UNREADABLE],
        ["aws_workshop-bob", "2026-12-30T08:30:00Z"],
        ["aws_workshop-zed", VERIFIED_AT],
      ]),
    };
    expect(namedVerifyRecordText(earlier, TEAMS, new Map([["aws_workshop-carol", at]]))).toBe(
      recordOf({
        "aws_workshop-alice": UNREADABLE,
        "aws_workshop-bob": "2026-12-30T08:30:00Z",
        "aws_workshop-carol": at,
      }),
    );
    expect(namedVerifyRecordText({ kind: "absent" }, TEAMS, new Map([["aws_workshop-carol", at]]))).toBe(
      recordOf({ "aws_workshop-carol": at }),
    );
  });

  it("fails when the record cannot be read: left as it is, every use still verify's, in one line", async () => {
    // GIVEN a half-written record
    const { dir, recordFile } = caseDirectory("{ half");
    // WHEN verify runs for carol
    const run = await verifyThenNudge(dir, ["carol"]);
    // THEN the file is untouched, and one line says why and what to do
    expect(run.code).toBe(0);
    expect(readFileSync(recordFile, "utf8")).toBe("{ half");
    expect(run.verified.reported.slice(0, -1).map((line) => line.replaceAll(`${dir}/`, ""))).toEqual([
      'warning: verified-tokens.json is not valid JSON at line 1, column 3: unexpected "h": ' +
        "left as it is, so this run's use of the named tokens is not recorded, and every use of a token is still " +
        "counted as verify's. Fix: delete it, which counts every use as its holder's, then run npm run verify of " +
        "the names again",
    ]);
  });
});

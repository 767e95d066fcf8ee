import { statSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { readDate, timeOf, UNREADABLE } from "../terraform-cloud/dates";
import { MAX_WORKSPACE_NAME_LENGTH } from "../terraform-cloud/naming-rules";
import { count, listed } from "../text/count";
import { withFix } from "../text/fix";
import { byKey, deployRecordPath, isRecordObject, readRecordObject } from "./deploy-record";

/**
 * The record of when `npm run verify` last used each token, by the name of the token's team, beside the deploy
 * record: Terraform Cloud then shows that use as the token's `last-used-at`, which status and nudge tell apart
 * from its holder's own. It holds names and times, never a token.
 */
export const VERIFY_RECORD_FILE = "verified-tokens.json";

/** Where the record is, for an output directory: beside the deploy record. */
export const verifyRecordPath = (outdir: string) => join(dirname(deployRecordPath(outdir)), VERIFY_RECORD_FILE);

/**
 * How far after verify's use of a token a `last-used-at` is still taken as verify's: the time recorded is read
 * after the token's last answer came, so the server's is earlier, unless it rounds up to the next second or its
 * clock is ahead of this machine's by up to a second. A recorded time is credible up to as far after now.
 */
export const VERIFY_USE_MARGIN_MS = 1000;

/** The record's text: each team's time, sorted by team. */
export function verifyRecordText(usedAt: ReadonlyMap<string, string>): string {
  return `${JSON.stringify({ tokensUsedAt: byKey(usedAt) }, null, 2)}\n`;
}

/**
 * The teams whose tokens verify uses, and so the only ones its record keeps: each team of the config with a token,
 * and each attendee's.
 */
export function recordedTeams(config: WorkshopConfig): string[] {
  return [
    ...config.teams.filter((team) => team.token !== undefined).map((team) => team.name),
    ...attendeeRoom(config).environments.map((attendee) => attendee.workspaceName),
  ];
}

/** The bytes of the record verify writes for `teams` teams, each name as long as a config allows. */
function longestRecordBytes(teams: number): number {
  const entry = (letter: string) => [letter.repeat(MAX_WORKSPACE_NAME_LENGTH), new Date(0).toISOString()] as const;
  const one = Buffer.byteLength(verifyRecordText(new Map([entry("a")])));
  const two = Buffer.byteLength(verifyRecordText(new Map([entry("a"), entry("b")])));
  return one + (teams - 1) * (two - one);
}

/** The least the record is read up to, whatever the room: some 250 teams of the longest names, twice over. */
const MIN_VERIFY_RECORD_BYTES = 64 * 1024;

/**
 * The most bytes of the record read for a config of `teams` teams with tokens: twice what verify writes for them,
 * each name as long as a config allows (a room that lost attendees since verify ran still reads), and at least 64
 * KiB; about 2.4 MiB for 10,000 attendees. The config's schema sets no most attendees, so the bound is the config's.
 */
export const verifyRecordMaxBytes = (teams: number) => Math.max(MIN_VERIFY_RECORD_BYTES, 2 * longestRecordBytes(teams));

/**
 * This machine's record of verify's use of the tokens: none, a file that cannot be read as one (`problem` follows
 * its path), or each team's time, its recorded text when it is an RFC 3339 date-time, else {@link UNREADABLE}.
 */
export type VerifyRecord =
  | { readonly kind: "absent" }
  | { readonly kind: "unreadable"; readonly file: string; readonly problem: string }
  | { readonly kind: "read"; readonly file: string; readonly usedAt: ReadonlyMap<string, string> };

/** No record on this machine: verify ran elsewhere, or not yet. */
export const NO_VERIFY_RECORD: VerifyRecord = { kind: "absent" };

/** The record in `file`, read up to `maxBytes` ({@link verifyRecordMaxBytes}). */
export function readVerifyRecord(file: string, maxBytes: number): VerifyRecord {
  let stats: Stats | undefined;
  try {
    stats = statSync(file, { throwIfNoEntry: false });
    if (stats === undefined) return NO_VERIFY_RECORD;
  } catch {
    // Not absent, and not to be looked at: the read says why.
  }
  const unreadable = (problem: string): VerifyRecord => ({ kind: "unreadable", file, problem });
  if (stats?.isFile() === true && stats.size > maxBytes)
    return unreadable(
      `is ${stats.size} bytes, more than twice what verify writes for this config's teams (${maxBytes} bytes)`,
    );
  const json = readRecordObject(file, maxBytes);
  if (!json.ok) return unreadable(json.problem);
  const times = json.value.tokensUsedAt;
  if (!isRecordObject(times)) return unreadable("has no tokensUsedAt object of team names and times");
  const usedAt = Object.entries(times).map(([team, at]): [string, string] => [
    team,
    typeof at === "string" ? readDate(at) : UNREADABLE,
  ]);
  return { kind: "read", file, usedAt: new Map(usedAt) };
}

/** The record of this machine for a config and its output directory, read up to the bound of its teams. */
export const readVerifyRecordFor = (config: WorkshopConfig, outdir: string) =>
  readVerifyRecord(verifyRecordPath(outdir), verifyRecordMaxBytes(recordedTeams(config).length));

/** What the record says of the tokens of some teams at a time, and what it cannot tell. */
export interface VerifyUses {
  /**
   * When verify last used each team's token, by team: the recorded time, or {@link UNREADABLE} when the record
   * cannot say when, and every use of that token is counted as verify's.
   */
  readonly verifiedAt: ReadonlyMap<string, string>;
  /** One line for each thing the record cannot tell, naming the file and the teams. */
  readonly warnings: readonly string[];
}

/** Who a line is about: one team by name, or how many and which. */
const teamsPhrase = (teams: readonly string[]) =>
  teams.length === 1 ? `team ${teams[0]}` : `${count(teams.length, "team")} (${listed(teams)})`;

/** The line for a record that cannot be read: every use of a token is counted as verify's, the safe side. */
const unreadableWarning = (file: string, problem: string) =>
  "warning: " +
  withFix(
    `${file} ${problem}, so when npm run verify used the tokens is not known: every use of a token is counted as ` +
      "verify's, and nudge may send an attendee who did use theirs back to their handout",
    "run npm run verify again, which writes the record anew (deleting it instead counts every use as its holder's)",
  );

/** The line for the teams whose recorded time is no date: every use of their tokens is counted as verify's. */
const undatedWarning = (file: string, teams: readonly string[]) =>
  "warning: " +
  withFix(
    `${file}: the time recorded for ${teamsPhrase(teams)} is no date (RFC 3339), so every use of ` +
      `${teams.length === 1 ? "its token" : "their tokens"} is counted as verify's`,
    "run npm run verify again, which records the time anew",
  );

/** The line for the teams whose recorded time is later than now: ignored, so their tokens' uses are the holders'. */
const futureWarning = (file: string, teams: readonly string[], now: Date) =>
  "warning: " +
  withFix(
    `${file}: the time recorded for ${teamsPhrase(teams)} is later than now (${now.toISOString()}), which no run ` +
      "of verify writes on a clock that is right: ignored, so every use of " +
      `${teams.length === 1 ? "its token" : "their tokens"} is counted as the holder's, verify's included`,
    "check this machine's clock, then run npm run verify again",
  );

/**
 * What the record says of the tokens of `teams` at `now`. A record that cannot be read, or a time that is no date,
 * counts every use of a token as verify's: nudge then sends an attendee back to their handout, a short visit, rather
 * than leave one who never set their token up unnoticed. A time later than now (beyond {@link VERIFY_USE_MARGIN_MS})
 * is ignored: it would hide the holder's uses until verify ran again.
 */
export function verifyUses(record: VerifyRecord, teams: readonly string[], now: Date): VerifyUses {
  if (record.kind === "absent") return { verifiedAt: new Map(), warnings: [] };
  if (record.kind === "unreadable")
    return {
      verifiedAt: new Map(teams.map((team) => [team, UNREADABLE])),
      warnings: [unreadableWarning(record.file, record.problem)],
    };
  const verifiedAt = new Map<string, string>();
  const undated: string[] = [];
  const future: string[] = [];
  for (const team of teams) {
    const at = record.usedAt.get(team);
    if (at === undefined) continue;
    if (at === UNREADABLE) undated.push(team);
    else if (timeOf(at)! > now.getTime() + VERIFY_USE_MARGIN_MS) {
      future.push(`${team} at ${at}`);
      continue;
    }
    verifiedAt.set(team, at);
  }
  return {
    verifiedAt,
    warnings: [
      ...(undated.length === 0 ? [] : [undatedWarning(record.file, undated)]),
      ...(future.length === 0 ? [] : [futureWarning(record.file, future, now)]),
    ],
  };
}

/**
 * The record's text after a run of verify that used the tokens of `usedAt`: added to the earlier record's credible
 * times of the config's other teams (a token the run could not check), by team.
 * A team the config no longer has is dropped, so that the record stays within {@link verifyRecordMaxBytes}.
 */
export function nextVerifyRecordText(
  earlier: VerifyRecord,
  teams: readonly string[],
  usedAt: ReadonlyMap<string, string>,
  now: Date,
): string {
  const kept = [...verifyUses(earlier, teams, now).verifiedAt].filter(([, at]) => at !== UNREADABLE);
  return verifyRecordText(new Map([...kept, ...usedAt]));
}

/**
 * The record's text after a run of verify that used only the named tokens of `usedAt`: every other team of the config
 * keeps its entry as it was (a time later than now too, and one that is no date stays none), so that a holder's use
 * since an earlier run stays theirs. Undefined for a record that cannot be read: it is left as it is, where every use
 * counts as verify's, rather than rewritten to count every other token's uses as their holders'.
 */
export function namedVerifyRecordText(
  earlier: VerifyRecord,
  teams: readonly string[],
  usedAt: ReadonlyMap<string, string>,
): string | undefined {
  if (earlier.kind === "unreadable") return undefined;
  const kept =
    earlier.kind === "absent"
      ? []
      : teams.flatMap((team) => {
          const at = earlier.usedAt.get(team);
          return at === undefined ? [] : [[team, at] as const];
        });
  return verifyRecordText(new Map([...kept, ...usedAt]));
}

/** The line for a run of verify of named tokens that leaves a record it cannot read as it is. */
export const recordLeftWarning = (record: Extract<VerifyRecord, { kind: "unreadable" }>) =>
  "warning: " +
  withFix(
    `${record.file} ${record.problem}: left as it is, so this run's use of the named tokens is not recorded, and ` +
      "every use of a token is still counted as verify's",
    "delete it, which counts every use as its holder's, then run npm run verify of the names again",
  );

/**
 * Whether a token's `last-used-at` is verify's use of it (at or before the time recorded, within
 * {@link VERIFY_USE_MARGIN_MS}; any, when the record cannot say when) and no later use by its holder.
 */
export function usedOnlyByVerify(lastUsedAt: string | null, verifiedAt: string | null): boolean {
  if (lastUsedAt === null || verifiedAt === null) return false;
  if (verifiedAt === UNREADABLE) return true;
  const used = timeOf(lastUsedAt);
  const verified = timeOf(verifiedAt);
  return used !== undefined && verified !== undefined && used <= verified + VERIFY_USE_MARGIN_MS;
}

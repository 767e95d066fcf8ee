import { dirname, join } from "node:path";
import { timeOf } from "../terraform-cloud/dates";
import { byKey, deployRecordPath, entriesOf, recordJson } from "./deploy-record";

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
 * clock is ahead of this machine's by up to a second.
 */
export const VERIFY_USE_MARGIN_MS = 1000;

/** The record's text: each team's time, sorted by team. */
export function verifyRecordText(usedAt: ReadonlyMap<string, string>): string {
  return `${JSON.stringify({ tokensUsedAt: byKey(usedAt) }, null, 2)}\n`;
}

/**
 * When verify last used each team's token, by team name; undefined when this machine has no record (verify ran
 * elsewhere, or not yet) or it cannot be read as one.
 */
export function readVerifyRecord(file: string): ReadonlyMap<string, string> | undefined {
  const json = recordJson(file);
  if (json === undefined) return undefined;
  return entriesOf(json.tokensUsedAt, (at) => (typeof at === "string" && timeOf(at) !== undefined ? at : undefined));
}

/**
 * Whether a token's `last-used-at` is verify's use of it (at or before the time recorded, within
 * {@link VERIFY_USE_MARGIN_MS}) and no later use by its holder.
 */
export function usedOnlyByVerify(lastUsedAt: string | null, verifiedAt: string | null): boolean {
  if (lastUsedAt === null || verifiedAt === null) return false;
  const used = timeOf(lastUsedAt);
  const verified = timeOf(verifiedAt);
  return used !== undefined && verified !== undefined && used <= verified + VERIFY_USE_MARGIN_MS;
}

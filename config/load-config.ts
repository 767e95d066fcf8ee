import { readRegularFile, utf8Text } from "../files/read";
import { atMostShown, issuesToProblems } from "./messages";
import { readJson } from "./read-json";
import { checkRelations } from "./relations";
import { workshopConfigSchema, type WorkshopConfig } from "./schema";

/** The config a fresh clone synthesizes: committed at the repository root. */
export const DEFAULT_CONFIG_PATH = "workshop.config.json";

/** The largest config file read: a room of 10,000 attendees with their emails is well under 1 MiB. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

export type ConfigResult =
  | { readonly ok: true; readonly config: WorkshopConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Where the config lives: `WORKSHOP_CONFIG` when set, otherwise the committed default. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.WORKSHOP_CONFIG;
  return fromEnv === undefined || fromEnv === "" ? DEFAULT_CONFIG_PATH : fromEnv;
}

/** Validates already-parsed JSON; `now` decides whether an expiry is still in the future. */
export function validateConfig(json: unknown, now: Date): ConfigResult {
  const parsed = workshopConfigSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: issuesToProblems(parsed.error.issues) };
  const problems = checkRelations(parsed.data, now);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

/**
 * Reads and validates the config file: a regular file of at most {@link MAX_CONFIG_BYTES}, in UTF-8. Every
 * problem comes back as one line that names the file.
 */
export function loadConfig(path: string, now: Date): ConfigResult {
  const fail = (message: string): ConfigResult => ({ ok: false, problems: [`${path}: ${message}`] });
  const read = readRegularFile(path, MAX_CONFIG_BYTES);
  if (!read.ok) return fail(`cannot read the config file (${read.reason}); set WORKSHOP_CONFIG to a readable JSON file`);
  const decoded = utf8Text(read.bytes);
  if (!decoded.ok) return fail(decoded.problem);
  const text = decoded.text;
  if (text.trim() === "") return fail("the config file is empty; it must hold a JSON object with at least organization");
  const json = readJson(text);
  const result = json.ok ? validateConfig(json.value, now) : json;
  return result.ok ? result : { ok: false, problems: atMostShown(result.problems.map((problem) => `${path}: ${problem}`)) };
}

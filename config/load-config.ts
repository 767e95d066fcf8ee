import type { z } from "zod";
import { readRegularFile, utf8Text } from "../files/read";
import { fail, ok, type Result } from "../text/result";
import { atMostShown, issuesToProblems } from "./messages";
import { readJson } from "./read-json";
import { checkRelations, expiryWarnings, shardingNotes, type PolicyRuleIds } from "./relations";
import { isPlainName, workshopConfigSchema, type WorkshopConfig } from "./schema";

/** The config a fresh clone synthesizes: committed at the repository root. */
export const DEFAULT_CONFIG_PATH = "workshop.config.json";

/** The largest config file read: a room of 10,000 attendees with their emails is well under 1 MiB. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** A config that passed validation. */
export interface LoadedConfig {
  readonly config: WorkshopConfig;
  /** Lines about the config worth reading that stop nothing, such as an expiry that has passed. */
  readonly warnings: readonly string[];
}

/** A valid config, or every problem found in it. */
export type ConfigResult = Result<LoadedConfig, readonly string[]>;

/** Where the config lives: `WORKSHOP_CONFIG` when set, otherwise the committed default. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.WORKSHOP_CONFIG;
  return fromEnv === undefined || fromEnv === "" ? DEFAULT_CONFIG_PATH : fromEnv;
}

/**
 * The top-level fields of a refused config that are valid on their own, parsed, and the refused ones: those a
 * problem of the schema is in, or all of them when the config is no object.
 */
function validParts(
  json: unknown,
  issues: ReadonlyArray<{ readonly path: readonly PropertyKey[] }>,
): { readonly parts: Partial<WorkshopConfig>; readonly refused: ReadonlySet<PropertyKey> } {
  const shape: Record<string, z.ZodType> = workshopConfigSchema.shape;
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { parts: {}, refused: new Set(Object.keys(shape)) };
  const refused = new Set(issues.flatMap((issue) => (issue.path.length > 0 ? [issue.path[0]!] : [])));
  const parts: Record<string, unknown> = {};
  for (const [part, schema] of Object.entries(shape).filter(([part]) => !refused.has(part))) {
    const parsed = schema.safeParse(Object.hasOwn(json, part) ? (json as Record<string, unknown>)[part] : undefined);
    if (parsed.success) parts[part] = parsed.data;
    else refused.add(part);
  }
  return { parts, refused };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The config as the schema reads it. zod checks each element of a list on its own, which for a room of 10,000 bare
 * names is a tenth of the synth: a room whose every name the schema takes as it is ({@link isPlainName}) is left out
 * of the parse and put back into what it returns. When the rest is refused, the whole config is parsed again, so that
 * every message is the schema's.
 */
function parseConfig(json: unknown): z.ZodSafeParseResult<WorkshopConfig> {
  const attendees = isObject(json) && Object.hasOwn(json, "attendees") ? json.attendees : undefined;
  const listed = isObject(attendees) && Object.hasOwn(attendees, "names") ? attendees.names : attendees;
  if (isObject(json) && Array.isArray(listed) && listed.length > 0 && listed.every(isPlainName)) {
    const without = isObject(attendees) ? { ...attendees, names: [] } : [];
    const rest = workshopConfigSchema.safeParse({ ...json, attendees: without });
    if (rest.success) {
      const parsed = rest.data.attendees;
      const names = [...listed];
      return { success: true, data: { ...rest.data, attendees: Array.isArray(parsed) ? names : { ...parsed, names } } };
    }
  }
  return workshopConfigSchema.safeParse(json);
}

/**
 * Validates already-parsed JSON; `now` decides which expiries have passed (a warning), `rules` which rules an
 * acknowledgement may name (unchecked without them). Every mistake comes back at once: the schema's, and the
 * relations between the parts it did not refuse.
 */
export function validateConfig(json: unknown, now: Date, rules?: PolicyRuleIds): ConfigResult {
  const parsed = parseConfig(json);
  if (!parsed.success) {
    const { parts, refused } = validParts(json, parsed.error.issues);
    return fail([...issuesToProblems(parsed.error.issues), ...checkRelations(parts, refused, rules)]);
  }
  const problems = checkRelations(parsed.data, new Set(), rules);
  return problems.length > 0
    ? fail(problems)
    : ok({ config: parsed.data, warnings: [...expiryWarnings(parsed.data, now), ...shardingNotes(parsed.data)] });
}

/**
 * Reads and validates the config file: a regular file of at most {@link MAX_CONFIG_BYTES}, in UTF-8. Every
 * problem comes back as one line that names the file.
 */
export function loadConfig(path: string, now: Date, rules?: PolicyRuleIds): ConfigResult {
  const refuse = (message: string): ConfigResult => fail([`${path}: ${message}`]);
  const read = readRegularFile(path, MAX_CONFIG_BYTES);
  if (!read.ok)
    return refuse(`cannot read the config file (${read.problem}); set WORKSHOP_CONFIG to a readable JSON file`);
  const decoded = utf8Text(read.value);
  if (!decoded.ok) return refuse(decoded.problem);
  const text = decoded.value;
  if (text.trim() === "")
    return refuse("the config file is empty; it must hold a JSON object with at least organization");
  const json = readJson(text);
  const result = json.ok ? validateConfig(json.value, now, rules) : json;
  return result.ok ? result : fail(atMostShown(result.problem.map((problem) => `${path}: ${problem}`)));
}

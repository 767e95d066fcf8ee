import { readFileSync } from "node:fs";
import { atMostShown, issuesToProblems } from "./messages";
import { readJson } from "./read-json";
import { checkRelations } from "./relations";
import { workshopConfigSchema, type WorkshopConfig } from "./schema";

/** The config a fresh clone synthesizes: committed at the repository root. */
export const DEFAULT_CONFIG_PATH = "workshop.config.json";

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

/** Reads and validates the config file; every problem comes back as one line that names the file. */
export function loadConfig(path: string, now: Date): ConfigResult {
  const fail = (message: string): ConfigResult => ({ ok: false, problems: [`${path}: ${message}`] });
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    return fail(`cannot read the config file (${reason}); set WORKSHOP_CONFIG to a readable JSON file`);
  }
  if (text.trim() === "") return fail("the config file is empty; it must hold a JSON object with at least organization");
  const json = readJson(text);
  const result = json.ok ? validateConfig(json.value, now) : json;
  return result.ok ? result : { ok: false, problems: atMostShown(result.problems.map((problem) => `${path}: ${problem}`)) };
}

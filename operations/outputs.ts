import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readJson } from "../config/read-json";

/** The outputs of a deployed stack that the workshop-day commands read, each map keyed by name. */
export interface StackOutputs {
  readonly workspaceIds: ReadonlyMap<string, string>;
  readonly teamIds: ReadonlyMap<string, string>;
  /** Team name to its token, from the `team_token_<team>` outputs. */
  readonly teamTokens: ReadonlyMap<string, string>;
  readonly attendeeWorkspaceIds: ReadonlyMap<string, string>;
  readonly attendeeTeamIds: ReadonlyMap<string, string>;
  readonly attendeeTokens: ReadonlyMap<string, string>;
}

export type OutputsReading = { readonly ok: true; readonly outputs: StackOutputs } | { readonly ok: false; readonly problem: string };

const TEAM_TOKEN_PREFIX = "team_token_";

/** A map output's value as a Map of strings; names are data, so `__proto__` is an entry like any other. */
function stringMap(outputs: Record<string, unknown>, name: string): Map<string, string> | string {
  if (!Object.hasOwn(outputs, name)) return new Map();
  const value = (outputs[name] as { readonly value?: unknown } | undefined)?.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `output ${name} is not a map`;
  const entries = Object.entries(value);
  return entries.every(([, entry]) => typeof entry === "string") ? new Map(entries as Array<[string, string]>) : `output ${name} is not a map of strings`;
}

/** Reads the JSON that `terraform output -json` prints; a problem never quotes the text, which holds tokens. */
export function parseOutputs(text: string): OutputsReading {
  const read = readJson(text);
  if (!read.ok || typeof read.value !== "object" || read.value === null || Array.isArray(read.value)) {
    return { ok: false, problem: "is not the JSON object that terraform output -json prints" };
  }
  const outputs = read.value as Record<string, unknown>;
  const teamTokens = new Map<string, string>();
  for (const [name, output] of Object.entries(outputs)) {
    if (!name.startsWith(TEAM_TOKEN_PREFIX)) continue;
    const value = (output as { readonly value?: unknown } | undefined)?.value;
    if (typeof value !== "string") return { ok: false, problem: `output ${name} is not a string` };
    teamTokens.set(name.slice(TEAM_TOKEN_PREFIX.length), value);
  }
  const maps = {
    workspaceIds: stringMap(outputs, "workspace_ids"),
    teamIds: stringMap(outputs, "team_ids"),
    attendeeWorkspaceIds: stringMap(outputs, "attendee_workspace_ids"),
    attendeeTeamIds: stringMap(outputs, "attendee_team_ids"),
    attendeeTokens: stringMap(outputs, "attendee_tokens"),
  };
  const problem = Object.values(maps).find((map): map is string => typeof map === "string");
  if (problem !== undefined) return { ok: false, problem };
  return { ok: true, outputs: { ...(maps as { [K in keyof typeof maps]: Map<string, string> }), teamTokens } };
}

/**
 * The deployed stack's outputs: from a file holding `terraform output -json`, or by running it in the stack's
 * directory. Every problem is one line, and none of them carries a token.
 */
export function readOutputs(source: { readonly file?: string; readonly stackDirectory: string }): OutputsReading {
  if (source.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.file, "utf8");
    } catch (error) {
      return { ok: false, problem: `${source.file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
    const parsed = parseOutputs(text);
    return parsed.ok ? parsed : { ok: false, problem: `${source.file}: ${parsed.problem}` };
  }
  const run = spawnSync("terraform", ["output", "-json"], { cwd: source.stackDirectory, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const where = `terraform output -json in ${source.stackDirectory}`;
  if (run.error !== undefined) return { ok: false, problem: `${where} could not run (${(run.error as NodeJS.ErrnoException).code ?? run.error.message}); deploy first, or pass --outputs FILE` };
  if (run.status !== 0) return { ok: false, problem: `${where} failed (exit ${run.status}); deploy first, or pass --outputs FILE` };
  const parsed = parseOutputs(run.stdout);
  return parsed.ok ? parsed : { ok: false, problem: `${where}: ${parsed.problem}` };
}

/** The directory Terraform runs the stack in, under the synth's output directory. */
export function stackDirectory(outdir: string, stackId: string): string {
  return join(outdir, "stacks", stackId);
}

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readJson } from "../config/read-json";
import { readRegularFile, utf8Text } from "../files/read";
import { isTokenText } from "../terraform-cloud/access";
import { quote } from "../text/quote";
import { fail, ok, type Result } from "../text/result";

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

const TEAM_TOKEN_PREFIX = "team_token_";
/** The largest outputs file read: a room of 10,000 attendees' tokens and ids is a few MiB. */
const MAX_OUTPUTS_BYTES = 64 * 1024 * 1024;

/** A map output's value as a Map of strings; names are data, so `__proto__` is an entry like any other. */
function stringMap(outputs: Record<string, unknown>, name: string): Map<string, string> | string {
  if (!Object.hasOwn(outputs, name)) return new Map();
  const value = (outputs[name] as { readonly value?: unknown } | undefined)?.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `output ${name} is not a map`;
  const entries = Object.entries(value);
  return entries.every(([, entry]) => typeof entry === "string")
    ? new Map(entries as Array<[string, string]>)
    : `output ${name} is not a map of strings`;
}

/** Reads the JSON that `terraform output -json` prints; a problem never quotes the text, which holds tokens. */
export function parseOutputs(text: string): Result<StackOutputs> {
  const read = readJson(text);
  if (!read.ok || typeof read.value !== "object" || read.value === null || Array.isArray(read.value)) {
    return fail("is not the JSON object that terraform output -json prints");
  }
  const outputs = read.value as Record<string, unknown>;
  const teamTokens = new Map<string, string>();
  for (const [name, output] of Object.entries(outputs)) {
    if (!name.startsWith(TEAM_TOKEN_PREFIX)) continue;
    const value = (output as { readonly value?: unknown } | undefined)?.value;
    if (typeof value !== "string") return fail(`output ${name} is not a string`);
    if (!isTokenText(value))
      return fail(`output ${name} is not a token: it holds a space, a control or a non-ASCII character`);
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
  if (problem !== undefined) return fail(problem);
  // A token goes into a handout file as it is: only what a token can be.
  const notToken = [...(maps.attendeeTokens as Map<string, string>)].find(([, token]) => !isTokenText(token));
  if (notToken !== undefined)
    return fail(
      `output attendee_tokens holds, for ${quote(notToken[0])}, something that is not a token: a space, a control or a non-ASCII character`,
    );
  return ok({ ...(maps as { [K in keyof typeof maps]: Map<string, string> }), teamTokens });
}

/**
 * The deployed stack's outputs: from a file holding `terraform output -json`, or by running it in the stack's
 * directory. Every problem is one line, and none of them carries a token.
 */
export function readOutputs(source: { readonly file?: string; readonly stackDirectory: string }): Result<StackOutputs> {
  if (source.file !== undefined) {
    const read = readRegularFile(source.file, MAX_OUTPUTS_BYTES);
    if (!read.ok) return fail(`${source.file}: cannot be read (${read.problem})`);
    const decoded = utf8Text(read.value);
    if (!decoded.ok) return fail(`${source.file}: ${decoded.problem}`);
    const parsed = parseOutputs(decoded.value);
    return parsed.ok ? parsed : fail(`${source.file}: ${parsed.problem}`);
  }
  // Node reports a missing working directory as ENOENT, as it does a missing terraform: tell them apart first.
  if (!existsSync(source.stackDirectory))
    return fail(`no synthesized or deployed stack in ${source.stackDirectory}; deploy first, or pass --outputs FILE`);
  const run = spawnSync("terraform", ["output", "-json"], {
    cwd: source.stackDirectory,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const where = `terraform output -json in ${source.stackDirectory}`;
  if (run.error !== undefined) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return fail(
        `${where} could not run: terraform is not installed (not on the PATH); install it, or pass --outputs FILE`,
      );
    return fail(`${where} could not run (${code ?? run.error.message}); deploy first, or pass --outputs FILE`);
  }
  if (run.status !== 0) return fail(`${where} failed (exit ${run.status}); deploy first, or pass --outputs FILE`);
  const parsed = parseOutputs(run.stdout);
  return parsed.ok ? parsed : fail(`${where}: ${parsed.problem}`);
}

/**
 * The outputs of every stack of a deployed workshop, as one: the shared stack's, with each shard's attendee maps
 * added. A file given is read as it is (it holds them all, as the rehearsal writes it); otherwise `terraform output
 * -json` runs in each stack's directory.
 */
export function readWorkshopOutputs(source: {
  readonly file?: string;
  readonly stackDirectories: readonly string[];
}): Result<StackOutputs> {
  if (source.file !== undefined) return readOutputs({ file: source.file, stackDirectory: source.stackDirectories[0]! });
  return mergedOutputs(source.stackDirectories.map((stackDirectory) => readOutputs({ stackDirectory })));
}

/**
 * The outputs of several stacks as one: the first's (the shared stack's), with every attendee map of the others added;
 * the first problem otherwise.
 */
export function mergedOutputs(readings: readonly Result<StackOutputs>[]): Result<StackOutputs> {
  const all: StackOutputs[] = [];
  for (const reading of readings) {
    if (!reading.ok) return reading;
    all.push(reading.value);
  }
  const merged = (pick: (outputs: StackOutputs) => ReadonlyMap<string, string>) =>
    new Map(all.flatMap((outputs) => [...pick(outputs)]));
  return ok({
    ...all[0]!,
    attendeeWorkspaceIds: merged((outputs) => outputs.attendeeWorkspaceIds),
    attendeeTeamIds: merged((outputs) => outputs.attendeeTeamIds),
    attendeeTokens: merged((outputs) => outputs.attendeeTokens),
  });
}

/** The directory Terraform runs the stack in, under the synth's output directory. */
export function stackDirectory(outdir: string, stackId: string): string {
  return join(outdir, "stacks", stackId);
}

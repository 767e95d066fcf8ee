import { execFile, type ExecFileException } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
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
      `output attendee_tokens holds, for ${quote(notToken[0])}, something that ` +
        "is not a token: a space, a control or a non-ASCII character",
    );
  return ok({ ...(maps as { [K in keyof typeof maps]: Map<string, string> }), teamTokens });
}

/** Reads a file holding `terraform output -json`; every problem is one line, and none of them carries a token. */
export function readOutputsFile(file: string): Result<StackOutputs> {
  const read = readRegularFile(file, MAX_OUTPUTS_BYTES);
  if (!read.ok) return fail(`${file}: cannot be read (${read.problem})`);
  const decoded = utf8Text(read.value);
  if (!decoded.ok) return fail(`${file}: ${decoded.problem}`);
  const parsed = parseOutputs(decoded.value);
  return parsed.ok ? parsed : fail(`${file}: ${parsed.problem}`);
}

/** What to do when no deployed stack's outputs can be read, unless the command knows better (a rehearsal). */
export const DEPLOY_FIRST = "deploy first, or pass --outputs FILE";

/**
 * What to do when a stack's directory holds no `terraform init`: for a stack deployed before, an init reads its state
 * where it is, where a deploy could change the room (a rotation due replaces every token).
 */
const INIT_FIRST =
  "run terraform init there, which reads again the state of a stack deployed before, or pass --outputs FILE";

/** The directory `terraform init` makes in a stack's directory: its backend's settings and providers. */
export const TERRAFORM_DATA_DIRECTORY = ".terraform";

/**
 * Where `terraform init` keeps a stack's backend settings and providers, as Terraform finds them when run in the
 * stack's directory with `env`: TF_DATA_DIR when set (relative to that directory), else
 * {@link TERRAFORM_DATA_DIRECTORY}.
 */
export const terraformDataDirectory = (stackDirectory: string, env: NodeJS.ProcessEnv) =>
  resolve(stackDirectory, env.TF_DATA_DIR || TERRAFORM_DATA_DIRECTORY);

/** Reads one stack's outputs from its directory: {@link terraformOutputs}, or a stand-in for it. */
export type StackOutputsReader = (stackDirectory: string) => Promise<Result<StackOutputs>>;

/**
 * A deployed stack's outputs, by running `terraform output -json` in its directory (which downloads its state), in
 * `env` (with a state in Terraform Cloud: one holding its token, see `withStateToken`). Every problem is one line, and
 * none of them carries a token.
 */
export async function terraformOutputs(
  stackDirectory: string,
  fix: string = DEPLOY_FIRST,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<StackOutputs>> {
  // Node reports a missing working directory as ENOENT, as it does a missing terraform: tell them apart first.
  if (!existsSync(stackDirectory)) return fail(`no synthesized or deployed stack in ${stackDirectory}; ${fix}`);
  // Terraform reads no state, local or in Terraform Cloud, where `terraform init` never ran: a synth into a new or
  // emptied cdktf.out writes the stack again without what the deploy's init left beside it.
  if (!existsSync(terraformDataDirectory(stackDirectory, env)))
    return fail(
      `${stackDirectory} holds a stack never deployed from it (no ${env.TF_DATA_DIR || TERRAFORM_DATA_DIRECTORY} ` +
        `in it); ${fix === DEPLOY_FIRST ? INIT_FIRST : fix}`,
    );
  const run = await new Promise<{ readonly error: ExecFileException | null; readonly stdout: string }>((done) => {
    execFile(
      "terraform",
      ["output", "-json"],
      { cwd: stackDirectory, env, encoding: "utf8", maxBuffer: MAX_OUTPUTS_BYTES },
      (error, stdout) => done({ error, stdout }),
    );
  });
  const where = `terraform output -json in ${stackDirectory}`;
  const code = run.error?.code;
  if (typeof code === "number") return fail(`${where} failed (exit ${code}); ${fix}`);
  if (code === "ENOENT")
    return fail(
      `${where} could not run: terraform is not installed (not on the PATH); ` +
        (fix === DEPLOY_FIRST ? "install it, or pass --outputs FILE" : fix),
    );
  if (run.error !== null) return fail(`${where} could not run (${code ?? run.error.signal ?? "stopped"}); ${fix}`);
  const parsed = parseOutputs(run.stdout);
  return parsed.ok ? parsed : fail(`${where}: ${parsed.problem}`);
}

/**
 * How many `terraform output -json` run at once: each downloads its stack's state (from Terraform Cloud, with
 * `state`), so a room of 100 shards takes a quarter of the time one at a time would, without a hundred processes.
 */
export const OUTPUT_READS_AT_ONCE = 4;

/**
 * The outputs of the stacks of a deployed workshop, as one: the first's (the shared stack's), with each other
 * stack's attendee maps added. A file given is read as it is (it holds them all, as the rehearsal writes it);
 * otherwise each stack's directory is read, {@link OUTPUT_READS_AT_ONCE} at a time, and the problem reported is the
 * first in the order given, whichever read ends first.
 */
export async function readWorkshopOutputs(source: {
  readonly file?: string;
  readonly stackDirectories: readonly string[];
  /** @default {@link terraformOutputs} */
  readonly read?: StackOutputsReader;
  /**
   * What {@link terraformOutputs} advises when a stack has no outputs to read.
   * @default {@link DEPLOY_FIRST}
   */
  readonly fix?: string;
  /**
   * The environment {@link terraformOutputs} runs terraform in.
   * @default this process's
   */
  readonly env?: NodeJS.ProcessEnv;
}): Promise<Result<StackOutputs>> {
  if (source.file !== undefined) return readOutputsFile(source.file);
  const read = source.read ?? ((directory: string) => terraformOutputs(directory, source.fix, source.env));
  return mergedOutputs(await readInTurn(source.stackDirectories, read));
}

/**
 * Reads every directory, at most {@link OUTPUT_READS_AT_ONCE} at a time, each result in the directory's place. After
 * a problem, no further read starts: every directory before it has started already, so the first problem in order is
 * among those read.
 */
async function readInTurn(directories: readonly string[], read: StackOutputsReader): Promise<Result<StackOutputs>[]> {
  const readings: Result<StackOutputs>[] = [];
  let next = 0;
  let failed = false;
  const reader = async () => {
    while (next < directories.length && !failed) {
      const index = next++;
      const reading = await read(directories[index]!);
      readings[index] = reading;
      failed ||= !reading.ok;
    }
  };
  await Promise.all(Array.from({ length: Math.min(OUTPUT_READS_AT_ONCE, directories.length) }, reader));
  return readings;
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

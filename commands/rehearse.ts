import { existsSync, lstatSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ignoredDirectoryProblem } from "../files/git";
import { readRegularFile } from "../files/read";
import { placesProblem, makeDirectory, writeFileSafely } from "../files/write";
import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import {
  advanceRoom,
  REHEARSAL_LINEAGE,
  REHEARSAL_VARIABLES,
  rehearsal,
  type Rehearsal,
} from "../operations/rehearsal";
import { handoutHolders } from "../operations/handout";
import { localShardStates, MAX_STATE_BYTES } from "../operations/stack-state";
import { shardStackId, STACK_ID } from "../stacks/workshop-stack";
import { stateFileOf } from "../stacks/workshop-base-stack";
import type { StackJson } from "../terraform/stack-json";
import { tfeHostname } from "../terraform-cloud/access";
import { isLoopbackAddress } from "../terraform-cloud/hostname";
import { startStandIn, type StandIn } from "../terraform-cloud/stand-in";
import { count } from "../text/count";
import { shellWord } from "../text/shell";
import { safeLines } from "../text/terminal";
import { NOTHING_DONE, prepareWorkshop, type PrepareOptions } from "./prepare-workshop";
import { CONFIG, PORT_OPTION, runnable } from "./usage";

/** Where a rehearsal keeps the outputs and the state of its pretend deploy: a directory git ignores. */
export const DEFAULT_REHEARSAL_DIRECTORY = "rehearsal";
/** The file of the pretend deploy's outputs, as `terraform output -json` prints them. */
export const REHEARSAL_OUTPUTS = "outputs.json";
/** The file of the variables the workshop day's commands need against the rehearsal, for `source`. */
export const REHEARSAL_ENV = "env";

/**
 * What verify and handout advise when they find no deployed stack's outputs and TFE_ADDRESS is a rehearsal's (on this
 * machine), which nothing deploys: its outputs file, beside its CDKTF_OUTDIR. Undefined for any other address.
 */
export function rehearsalOutputsFix(env: NodeJS.ProcessEnv, outdir: string): string | undefined {
  if (!env.TFE_ADDRESS || !isLoopbackAddress(env.TFE_ADDRESS)) return undefined;
  const outputs = shellWord(join(dirname(outdir), REHEARSAL_OUTPUTS));
  return `TFE_ADDRESS is a rehearsal's, which is never deployed: pass --outputs ${outputs}, which it wrote`;
}

/** Options of {@link rehearse}. */
export interface RehearseOptions extends PrepareOptions {
  readonly print: (line: string) => void;
  /**
   * Whether to seed the stand-in as right after the deploy.
   * @default true; false seeds it as before the first deploy
   */
  readonly deployed?: boolean;
  /**
   * The port to serve on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Seconds between two steps of a simulated workshop, in which one attendee goes a step further.
   * @default no simulation: the room stays as seeded
   */
  readonly simulateSeconds?: number;
  /**
   * Where the pretend deploy's outputs and state go.
   * @default rehearsal/
   */
  readonly out?: string;
  /**
   * Where the command runs: `out` is relative to it, and must be inside its git repository.
   * @default the current directory
   */
  readonly cwd?: string;
  /**
   * Resolves when the rehearsal should stop.
   * @default an interrupt (Ctrl-C) or a termination signal
   */
  readonly stop?: Promise<void>;
  /** Called with the running stand-in, for a caller that drives it (tests, the README's examples). */
  readonly started?: (standIn: StandIn, seed: Rehearsal) => void | Promise<void>;
}

/** The lineage of the state in a file, or undefined when it cannot be read as one. */
function lineageOf(file: string): unknown {
  const read = readRegularFile(file, MAX_STATE_BYTES);
  if (!read.ok) return undefined;
  try {
    return (JSON.parse(read.value.toString("utf8")) as { readonly lineage?: unknown } | null)?.lineage;
  } catch {
    return undefined;
  }
}

/**
 * Why the rehearsal may not write into `out`: a directory outside the repository, reached through a link, or that git
 * does not ignore (the pretend state holds the rehearsal's tokens, and a pretend deploy's files have no place in a
 * commit), or a state there that no rehearsal
 * wrote, which is someone's real deploy (`--out .` would replace the repository's own state).
 */
function outProblem(out: string, stateFile: string, cwd: string | undefined): string | undefined {
  const unignored = ignoredDirectoryProblem(out, DEFAULT_REHEARSAL_DIRECTORY, cwd);
  if (unignored !== undefined) return `rehearse: ${unignored}`;
  if (!existsSync(stateFile)) return undefined;
  if (lineageOf(stateFile) === REHEARSAL_LINEAGE) return undefined;
  return (
    `rehearse: ${stateFile} holds a state no rehearsal wrote, a real deploy's: the rehearsal ` +
    "never replaces it; give --out another directory (rehearsal/, the default)"
  );
}

/** The files a rehearsal writes: the pretend deploy's outputs, its state and each shard's, and the env file. */
interface RehearsalFiles {
  readonly out: string;
  readonly outputsFile: string;
  readonly stateFile: string;
  /** Each shard stack's state file, by the stack's id. */
  readonly shardStateFiles: ReadonlyMap<string, string>;
  readonly envFile: string;
}

/** Where a rehearsal writes in `out`, for the stacks it pretends to deploy. */
function rehearsalFiles(out: string, shardIds: readonly string[]): RehearsalFiles {
  return {
    out,
    outputsFile: join(out, REHEARSAL_OUTPUTS),
    stateFile: join(out, stateFileOf(STACK_ID)),
    shardStateFiles: new Map(shardIds.map((id) => [id, join(out, stateFileOf(id))])),
    envFile: join(out, REHEARSAL_ENV),
  };
}

/** Why the rehearsal may not write its files: a place that is no directory or file, or an `out` it must not use. */
function filesProblem(files: RehearsalFiles, cwd: string | undefined): string | undefined {
  const refused = placesProblem([
    [files.out, "directory"],
    [files.outputsFile, "file"],
    [files.stateFile, "file"],
    ...[...files.shardStateFiles.values()].map((file) => [file, "file"] as const),
    [files.envFile, "file"],
  ]);
  return (
    refused ??
    [files.stateFile, ...files.shardStateFiles.values()]
      .map((file) => outProblem(files.out, file, cwd))
      .find((found) => found !== undefined)
  );
}

/** Serves the seeded stand-in on the port asked for, or reports why it cannot and returns undefined. */
async function serveStandIn(
  seed: Rehearsal,
  port: number,
  report: (line: string) => void,
): Promise<StandIn | undefined> {
  try {
    return await startStandIn({ organizations: seed.organizations, tokens: seed.tokens, port });
  } catch (error) {
    report(
      `rehearse: cannot serve on 127.0.0.1:${port} ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another ` +
        "--port, or 0 for a free one",
    );
    return undefined;
  }
}

/**
 * The shard states an earlier rehearsal left in `out` that this one does not write (a room rehearsed with more
 * shards, or with shards and now without): each a regular file, never a link, named as a shard's state and holding a
 * rehearsal's state. Anything else there is not the rehearsal's to remove.
 */
function earlierShardStates(files: RehearsalFiles): string[] {
  const written = new Set(files.shardStateFiles.values());
  return localShardStates(files.stateFile, STACK_ID)
    .map((shard) => join(files.out, stateFileOf(shardStackId(shard))))
    .filter(
      (file) =>
        !written.has(file) &&
        lstatSync(file, { throwIfNoEntry: false })?.isFile() === true &&
        lineageOf(file) === REHEARSAL_LINEAGE,
    );
}

/**
 * Writes this rehearsal's files and removes an earlier one's that it has no content for: an earlier outputs or state
 * (a shard's too) would mislead preflight. The state is written only when it is local: with state in Terraform
 * Cloud, the stand-in serves it from the state workspace.
 */
function writeRehearsalFiles(files: RehearsalFiles, seed: Rehearsal, localState: boolean, envText: string): void {
  makeDirectory(files.out, 0o700);
  for (const file of earlierShardStates(files)) rmSync(file);
  for (const [file, text] of [
    [files.outputsFile, seed.outputs === undefined ? undefined : `${JSON.stringify(seed.outputs, null, 2)}\n`],
    [files.stateFile, localState ? seed.state : undefined],
    ...[...files.shardStateFiles].map(
      ([id, file]) => [file, localState ? seed.shardStates?.get(id) : undefined] as const,
    ),
    [files.envFile, envText],
  ] as const) {
    if (text === undefined) rmSync(file, { force: true });
    else writeFileSafely(file, text, 0o600);
  }
}

/**
 * Serves until stopped, moving one attendee a step further every `simulateSeconds` when asked to simulate the
 * workshop in a deployed room, then closes the stand-in.
 */
async function serveUntilStopped(
  options: Pick<RehearseOptions, "simulateSeconds" | "started" | "stop">,
  standIn: StandIn,
  seed: Rehearsal,
  config: WorkshopConfig,
  deployed: boolean,
): Promise<void> {
  let step = 0;
  const timer =
    options.simulateSeconds === undefined || !deployed
      ? undefined
      : setInterval(
          () => standIn.update(config.organization.name, (room) => advanceRoom(config, room, step++, new Date())),
          options.simulateSeconds * 1000,
        );
  try {
    await options.started?.(standIn, seed);
    await (options.stop ??
      new Promise<void>((resolve) => ["SIGINT", "SIGTERM"].forEach((signal) => process.once(signal, () => resolve()))));
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await standIn.close();
  }
}

/**
 * `npm run rehearse`: serves a stand-in of Terraform Cloud on 127.0.0.1, seeded as if the config were deployed
 * (or not yet), writes the pretend deploy's outputs and state, prints the two lines to paste, and serves until
 * stopped. preflight, verify, status, handout and the board run against it unchanged; deploy refuses it, since the
 * tfe provider would deploy to Terraform Cloud itself.
 */
export async function rehearse(given: RehearseOptions): Promise<number> {
  const options = safeLines(given);
  const hostname = tfeHostname(options.env);
  if (!hostname.ok) {
    options.report(`rehearse: ${hostname.problem}`);
    return 1;
  }
  // Only reads Terraform Cloud: the policy's warnings are for the commands that write or deploy the stack.
  const workshop = prepareWorkshop({ ...options, warnings: false });
  if (workshop === undefined) return 1;
  const { config, configFile, stack, shards } = workshop;
  const deployed = options.deployed ?? true;
  const named = options.out ?? DEFAULT_REHEARSAL_DIRECTORY;
  const files = rehearsalFiles(
    options.cwd === undefined ? named : resolve(options.cwd, named),
    [...shards.values()].map((shard) => shard.node.id),
  );
  const problem = filesProblem(files, options.cwd);
  if (problem !== undefined) {
    options.report(problem);
    options.report(`${NOTHING_DONE}: fix the place above and run again.`);
    return 1;
  }
  const seed = rehearsal(config, stack.toTerraform() as StackJson, {
    deployed,
    now: options.now,
    shards: new Map([...shards.values()].map((shard) => [shard.node.id, shard.toTerraform() as StackJson])),
  });
  const standIn = await serveStandIn(seed, options.port ?? 0, options.report);
  if (standIn === undefined) return 1;
  const values: Record<(typeof REHEARSAL_VARIABLES)[number], string> = {
    TFE_ADDRESS: standIn.address,
    TFE_TOKEN: seed.facilitatorToken,
    TFE_HOSTNAME: hostname.value,
    WORKSHOP_CONFIG: configFile,
    // The pretend deploy's state is beside the synth's output: preflight reads it there.
    CDKTF_OUTDIR: join(files.out, "cdktf.out"),
  };
  const variables = REHEARSAL_VARIABLES.map((name) => `export ${name}=${shellWord(values[name])}`);
  writeRehearsalFiles(
    files,
    seed,
    config.state === undefined,
    `# The rehearsal of ${configFile} at ${standIn.address}, until it is stopped: ` +
      `source this file in another shell.\n${variables.join("\n")}\n`,
  );
  printTryIt(options, {
    configFile,
    address: standIn.address,
    organization: config.organization.name,
    seed,
    deployed,
    ended: attendeeRoom(config).ended,
    teamHandouts: handoutHolders(config).some((holder) => holder.kind === "team"),
    attendees: attendeeRoom(config).environments.length,
    shards: shards.size,
    envFile: files.envFile,
    outputsFile: files.outputsFile,
    variables,
  });
  await serveUntilStopped(options, standIn, seed, config, deployed);
  return 0;
}

/** What a rehearsal serves and wrote, for the lines that tell the facilitator how to try the workshop day on it. */
interface Rehearsed {
  readonly configFile: string;
  readonly address: string;
  readonly organization: string;
  readonly seed: Rehearsal;
  readonly deployed: boolean;
  /** Whether the config ended the event (event.ended), whose deploy deleted the attendees' tokens. */
  readonly ended: boolean;
  /** Whether a team has a token, whose handout `--all` writes. */
  readonly teamHandouts: boolean;
  /** How many attendees the room has, whom a simulation moves. */
  readonly attendees: number;
  /** How many shard stacks the room is rehearsed in; 0 for one stack. */
  readonly shards: number;
  readonly envFile: string;
  readonly outputsFile: string;
  /** The `export` lines of the env file. */
  readonly variables: readonly string[];
}

/** Prints what the stand-in holds, the line to source, and the commands to try there. */
function printTryIt(
  { print, simulateSeconds }: Pick<RehearseOptions, "print" | "simulateSeconds">,
  rehearsed: Rehearsed,
): void {
  const organization = rehearsed.seed.organizations.find((candidate) => candidate.name === rehearsed.organization);
  const counts =
    organization?.teamList === undefined
      ? "nothing of the room yet"
      : [
          count(organization.workspaces?.length ?? 0, "workspace"),
          count(organization.teamList?.length ?? 0, "team"),
          count(rehearsed.seed.tokens.size - 1, "token"),
        ].join(", ");
  const sharded =
    rehearsed.shards === 0 ? "" : ` (${count(rehearsed.attendees, "attendee")} in ${count(rehearsed.shards, "shard")})`;
  print(
    `Rehearsal of ${rehearsed.configFile}: a stand-in of Terraform Cloud at ${rehearsed.address}, seeded ` +
      `${rehearsed.deployed ? "as right after the deploy" : "as before the first deploy"}: ${counts}${sharded}.`,
  );
  print(`In another shell, run this line, which sets what the commands need (a rehearsal token, not a secret):`);
  print(`source ${shellWord(rehearsed.envFile)}`);
  print(`It holds:`);
  for (const line of rehearsed.variables) print(`  ${line}`);
  const outputs = `--outputs ${shellWord(rehearsed.outputsFile)}`;
  const handoutLine = `npm run handout -- --all --out handouts --with-token ${outputs}`;
  const ended = rehearsed.deployed && rehearsed.ended;
  if (ended)
    print(
      "The event has ended (event.ended): its deploy deleted the attendees' tokens, so verify checks " +
        `the teams' tokens only${rehearsed.teamHandouts ? " and handout writes the teams' handouts only" : ""}` +
        "; leftovers names the workspaces still managing resources.",
    );
  print(ended ? "Then try the end of the workshop there:" : "Then try the workshop day there:");
  const afterTheDeploy = [
    `npm run verify -- ${outputs}`,
    "npm run status",
    ...(ended ? ["npm run leftovers"] : []),
    // After the end, --all writes the teams' handouts only, and refuses when no team has a token.
    ...(ended && !rehearsed.teamHandouts ? [] : [handoutLine]),
    "npm run board",
  ];
  for (const line of ["npm run preflight", ...(rehearsed.deployed ? afterTheDeploy : [])]) print(`  ${line}`);
  if (simulateSeconds !== undefined && rehearsed.deployed) {
    print(
      rehearsed.attendees === 0
        ? `Nothing to simulate: ${rehearsed.configFile} has no attendees (WORKSHOP_CONFIG names the room's config).`
        : `Simulating the workshop: every ${simulateSeconds} s, one attendee goes a step further.`,
    );
  }
  print("It serves until stopped (Ctrl-C); nothing it answers reaches Terraform Cloud, and npm run deploy refuses it.");
}

/** `npm run rehearse`: its spec and runner. */
export const REHEARSE_COMMAND = runnable(
  {
    name: "rehearse",
    summary: "serves a stand-in of Terraform Cloud on 127.0.0.1, seeded from the config, to rehearse the workshop day",
    usage: "npm run rehearse [-- --not-deployed] [--simulate SECONDS] [--port N] [--out DIR]",
    options: {
      "not-deployed": { type: "boolean", help: "seed it as before the first deploy, instead of right after it" },
      simulate: {
        type: "integer",
        value: "SECONDS",
        min: 1,
        max: 3600,
        help: "every so many seconds, one attendee goes a step further (joins, uses the token, pushes state)",
      },
      port: PORT_OPTION,
      out: {
        type: "string",
        value: "DIR",
        help:
          "where the rehearsal's outputs, state and env (the variables to " +
          "source) go (default: rehearsal/), a directory git ignores",
      },
    },
    positionals: { most: 0 },
    reads: [...CONFIG, "TFE_HOSTNAME"],
    example: "WORKSHOP_CONFIG=room.json npm run rehearse -- --simulate 10",
  },
  (values, _, context) =>
    rehearse({
      ...context,
      deployed: values["not-deployed"] !== true,
      port: values.port,
      simulateSeconds: values.simulate,
      out: values.out,
    }),
);

import { Secrets } from "../text/secrets";
import { terminalLine } from "../text/terminal";
import type { RequestPacerProps } from "../terraform-cloud/api-client";
import type { ProgressStream } from "./api-session";
import { BOARD_COMMAND } from "./board";
import { DEPLOY_COMMAND } from "./deploy";
import { DIAGRAM_COMMAND } from "./diagram";
import { HANDOUT_COMMAND } from "./handout";
import { LEFTOVERS_COMMAND } from "./leftovers";
import { NUDGE_COMMAND } from "./nudge";
import { PREFLIGHT_COMMAND } from "./preflight";
import { REHEARSE_COMMAND } from "./rehearse";
import { SCHEMA_COMMAND } from "./schema";
import { STATUS_COMMAND } from "./status";
import { SYNTH_COMMAND } from "./synth";
import type { CommandContext, RunnableCommand } from "./usage";
import { VERIFY_COMMAND } from "./verify";

/**
 * Every command, each with its spec and runner from its own module: the one list `node bin/cli.js NAME` runs from,
 * and that the npm scripts, the docs and the tests that run every command are held to. The synth is listed for its
 * --help; it runs as the app of bin/synth.js (main.ts), which the cdktf CLI runs too.
 */
const COMMANDS = [
  SYNTH_COMMAND,
  PREFLIGHT_COMMAND,
  DEPLOY_COMMAND,
  VERIFY_COMMAND,
  STATUS_COMMAND,
  HANDOUT_COMMAND,
  NUDGE_COMMAND,
  LEFTOVERS_COMMAND,
  DIAGRAM_COMMAND,
  SCHEMA_COMMAND,
  REHEARSE_COMMAND,
  BOARD_COMMAND,
] as const;

type Listed = (typeof COMMANDS)[number];

/** The commands by name, each with its spec's own types. */
export const COMMAND_SPECS = Object.fromEntries(COMMANDS.map((command) => [command.name, command])) as {
  readonly [Command in Listed as Command["name"]]: Command;
};

export type CommandName = keyof typeof COMMAND_SPECS;

/** The commands `node bin/cli.js NAME` runs: every one but the synth. */
export type RunnableName = Extract<Listed, RunnableCommand>["name"];

const RUNNABLE: ReadonlyMap<string, RunnableCommand> = new Map(
  COMMANDS.flatMap((command) => ("run" in command ? [[command.name, command] as const] : [])),
);

/** What a command run is given from the process that runs it: its environment, its terminal and its clock. */
export interface CommandProcess {
  readonly env: NodeJS.ProcessEnv;
  /** Writes one line of the command's output (stdout). */
  readonly stdout: (line: string) => void;
  /** Writes one line of its messages (stderr). */
  readonly stderr: (line: string) => void;
  readonly progressStream: ProgressStream;
  /**
   * The width of stdout's terminal, when it is one.
   * @default none: stdout is a file or a pipe, and nothing is fitted to a width
   */
  readonly terminalColumns?: number;
  /**
   * The pacing of its requests to Terraform Cloud, and the clock they are paced on; tests move it on themselves.
   * @default 25 requests per second on the real clock
   */
  readonly pacing?: RequestPacerProps;
}

/** This very process's environment and terminal. */
export const THIS_PROCESS: CommandProcess = {
  env: process.env,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  progressStream: process.stderr,
  terminalColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
};

/**
 * The one way a line reaches the terminal: the secrets the run holds masked, then every control, escape,
 * invisible or bidirectional character escaped, whatever the line carries (config, answers, environment, file
 * names). Each call is one line: a command prints a text of several lines line by line.
 */
function shown(secrets: Secrets, write: (line: string) => void): (line: string) => void {
  return (line) => write(terminalLine(secrets.mask(line)));
}

/** The secrets of a run are its own: its API session adds each token it is given. */
function base(given: CommandProcess): CommandContext {
  const secrets = new Secrets();
  return {
    env: given.env,
    now: new Date(),
    report: shown(secrets, given.stderr),
    print: shown(secrets, given.stdout),
    progressStream: given.progressStream,
    terminalColumns: given.terminalColumns,
    pacing: given.pacing,
    secrets,
  };
}

/**
 * Runs a command by name with its command-line arguments, in the process given: `--help` prints its usage
 * (exit 0), a bad argument or an unknown command is one line and exit code 2, as is the synth, with its own entry.
 * @returns the exit code
 */
export async function runCommand(
  name: string | undefined,
  argv: readonly string[],
  given: CommandProcess = THIS_PROCESS,
): Promise<number> {
  const context = base(given);
  if (name === SYNTH_COMMAND.name) {
    context.report(
      `${name} does not run from bin/cli.js: it is node bin/synth.js (npm run synth builds first, then runs it)`,
    );
    return 2;
  }
  const command = name === undefined ? undefined : RUNNABLE.get(name);
  if (command === undefined) {
    context.report(
      `${name === undefined ? "give a command" : `unknown command ${JSON.stringify(name)}`}` +
        ": node bin/cli.js COMMAND [options], where COMMAND is one of " +
        `${[...RUNNABLE.keys()].join(", ")} (npm run COMMAND runs the same)`,
    );
    return 2;
  }
  // A command that throws as it starts (the synchronous ones) ends the same way as one that rejects: one line.
  try {
    return await command.run(argv, context);
  } catch (error) {
    context.report(`${command.name} failed: ${(error as Error).message}`);
    return 1;
  }
}

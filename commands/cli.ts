import { Secrets } from "../text/secrets";
import { terminalLine } from "../text/terminal";
import { deploy } from "./deploy";
import { diagram } from "./diagram";
import { handout } from "./handout";
import { preflight } from "./preflight";
import { writeConfigSchema } from "./schema";
import { status } from "./status";
import { verify } from "./verify";
import type { ProgressStream } from "./api-session";
import { board } from "./board";
import { rehearse } from "./rehearse";
import { parseCommandLine, usageMistake, type CommandName } from "./usage";

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** A string option's value as a whole number from `least` to `max`, or a usage mistake naming the option. */
function wholeNumber(values: Values, option: string, least: number, max: number): number | string | undefined {
  const value = values[option];
  if (typeof value !== "string") return undefined;
  return /^\d{1,9}$/.test(value) && Number(value) <= max && Number(value) >= least ? Number(value) : `--${option} must be a whole number from ${least} to ${max}, but ${JSON.stringify(value)} was given`;
}

/** What a command run is given from the process that runs it: its environment and its terminal. */
export interface CommandProcess {
  readonly env: NodeJS.ProcessEnv;
  /** Writes one line of the command's output (stdout). */
  readonly stdout: (line: string) => void;
  /** Writes one line of its messages (stderr). */
  readonly stderr: (line: string) => void;
  readonly progressStream: ProgressStream;
}

/** This very process's environment and terminal. */
export const THIS_PROCESS: CommandProcess = {
  env: process.env,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  progressStream: process.stderr,
};

/** What every command's options start from: the process, the time, and its lines made safe for a terminal. */
type Base = ReturnType<typeof base>;

/** How each command runs, once its arguments are parsed against its spec (usage.ts). */
const RUNNERS: Record<Exclude<CommandName, "synth">, (values: Values, positionals: readonly string[], options: Base) => number | Promise<number>> = {
  preflight: (_, __, options) => preflight(options),
  deploy: (_, args, options) => deploy({ ...options, args }),
  verify: (values, _, options) => verify({ ...options, outputsFile: values.outputs as string | undefined }),
  status: (values, _, options) => status({ ...options, json: values.json === true }),
  handout: (values, names, options) =>
    handout({
      ...options,
      name: names[0],
      all: values.all === true,
      out: values.out as string | undefined,
      withToken: values["with-token"] === true,
      outputsFile: values.outputs as string | undefined,
    }),
  diagram: (_, files, options) => diagram({ ...options, file: files[0] }),
  schema: (_, __, options) => writeConfigSchema(options),
  rehearse: (values, _, options) => {
    const port = wholeNumber(values, "port", 0, 65535);
    const simulate = wholeNumber(values, "simulate", 1, 3600);
    const problem = [port, simulate].find((value): value is string => typeof value === "string");
    if (problem !== undefined) return usageError(options, "rehearse", problem);
    return rehearse({ ...options, deployed: values["not-deployed"] !== true, port: port as number | undefined, simulateSeconds: simulate as number | undefined, out: values.out as string | undefined });
  },
  board: (values, _, options) => {
    const port = wholeNumber(values, "port", 0, 65535);
    const interval = wholeNumber(values, "interval", 1, 3600);
    const problem = [port, interval].find((value): value is string => typeof value === "string");
    if (problem !== undefined) return usageError(options, "board", problem);
    return board({ ...options, port: port as number | undefined, intervalSeconds: interval as number | undefined });
  },
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
function base(given: CommandProcess) {
  const secrets = new Secrets();
  return {
    env: given.env,
    now: new Date(),
    report: shown(secrets, given.stderr),
    print: shown(secrets, given.stdout),
    progressStream: given.progressStream,
    secrets,
  };
}

function usageError(options: Base, command: CommandName, message: string): number {
  options.report(usageMistake(command, message));
  return 2;
}

/**
 * Runs a command by name with its command-line arguments, in the process given: `--help` prints its usage
 * (exit 0), a bad argument is one line and exit code 2.
 * @returns the exit code
 */
export async function runCommand(name: Exclude<CommandName, "synth">, argv: readonly string[], given: CommandProcess = THIS_PROCESS): Promise<number> {
  const options = base(given);
  // A command that throws as it starts (the synchronous ones) ends the same way as one that rejects: one line.
  try {
    const parsed = parseCommandLine(name, argv);
    if (!parsed.ok) {
      for (const line of parsed.lines) (parsed.code === 0 ? options.print : options.report)(line);
      return parsed.code;
    }
    return await RUNNERS[name](parsed.values, parsed.positionals, options);
  } catch (error) {
    options.report(`${name} failed: ${(error as Error).message}`);
    return 1;
  }
}

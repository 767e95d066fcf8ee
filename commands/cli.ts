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
import { parseCommandLine, type CommandName, type OptionValues } from "./usage";

type RunnerName = Exclude<CommandName, "synth">;

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
const RUNNERS: {
  readonly [Name in RunnerName]: (
    values: OptionValues<Name>,
    positionals: readonly string[],
    options: Base,
  ) => number | Promise<number>;
} = {
  preflight: (_, __, options) => preflight(options),
  deploy: (_, args, options) => deploy({ ...options, args }),
  verify: (values, _, options) => verify({ ...options, outputsFile: values.outputs }),
  status: (values, _, options) => status({ ...options, json: values.json === true }),
  handout: (values, names, options) =>
    handout({
      ...options,
      name: names[0],
      all: values.all === true,
      out: values.out,
      withToken: values["with-token"] === true,
      outputsFile: values.outputs,
    }),
  diagram: (_, files, options) => diagram({ ...options, file: files[0] }),
  schema: (_, __, options) => writeConfigSchema(options),
  rehearse: (values, _, options) =>
    rehearse({
      ...options,
      deployed: values["not-deployed"] !== true,
      port: values.port,
      simulateSeconds: values.simulate,
      out: values.out,
    }),
  board: (values, _, options) => board({ ...options, port: values.port, intervalSeconds: values.interval }),
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

/** Runs a command's runner with its own parsed options, their types kept from the spec to the runner. */
function run<Name extends RunnerName>(
  name: Name,
  parsed: { readonly values: OptionValues<Name>; readonly positionals: readonly string[] },
  options: Base,
) {
  return RUNNERS[name](parsed.values, parsed.positionals, options);
}

/**
 * Runs a command by name with its command-line arguments, in the process given: `--help` prints its usage
 * (exit 0), a bad argument is one line and exit code 2.
 * @returns the exit code
 */
export async function runCommand(
  name: RunnerName,
  argv: readonly string[],
  given: CommandProcess = THIS_PROCESS,
): Promise<number> {
  const options = base(given);
  // A command that throws as it starts (the synchronous ones) ends the same way as one that rejects: one line.
  try {
    const parsed = parseCommandLine(name, argv);
    if (!parsed.ok) {
      for (const line of parsed.lines) (parsed.code === 0 ? options.print : options.report)(line);
      return parsed.code;
    }
    return await run(name, parsed, options);
  } catch (error) {
    options.report(`${name} failed: ${(error as Error).message}`);
    return 1;
  }
}

import { Secrets } from "../text/secrets";
import { terminalLine } from "../text/terminal";
import { deploy } from "./deploy";
import { diagram } from "./diagram";
import { handout } from "./handout";
import { preflight } from "./preflight";
import { writeConfigSchema } from "./schema";
import { status } from "./status";
import { verify } from "./verify";
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

/** How each command runs, once its arguments are parsed against its spec (usage.ts). */
const RUNNERS: Record<Exclude<CommandName, "synth">, (values: Values, positionals: readonly string[]) => number | Promise<number>> = {
  preflight: () => preflight(base()),
  deploy: (_, args) => deploy({ ...base(), args }),
  verify: (values) => verify({ ...base(), outputsFile: values.outputs as string | undefined }),
  status: (values) => status({ ...base(), json: values.json === true }),
  handout: (values, names) =>
    handout({
      ...base(),
      name: names[0],
      all: values.all === true,
      out: values.out as string | undefined,
      withToken: values["with-token"] === true,
      outputsFile: values.outputs as string | undefined,
    }),
  diagram: (_, files) => diagram({ ...base(), file: files[0] }),
  schema: () => writeConfigSchema(base()),
  rehearse: (values) => {
    const port = wholeNumber(values, "port", 0, 65535);
    const simulate = wholeNumber(values, "simulate", 1, 3600);
    const problem = [port, simulate].find((value): value is string => typeof value === "string");
    if (problem !== undefined) return usageError("rehearse", problem);
    return rehearse({ ...base(), deployed: values["not-deployed"] !== true, port: port as number | undefined, simulateSeconds: simulate as number | undefined, out: values.out as string | undefined });
  },
  board: (values) => {
    const port = wholeNumber(values, "port", 0, 65535);
    const interval = wholeNumber(values, "interval", 1, 3600);
    const problem = [port, interval].find((value): value is string => typeof value === "string");
    if (problem !== undefined) return usageError("board", problem);
    return board({ ...base(), port: port as number | undefined, intervalSeconds: interval as number | undefined });
  },
};

/** The secrets of the run: a process runs one command, and its API session adds each token it is given. */
const secrets = new Secrets();

/**
 * The one way a line reaches the terminal: the secrets the run holds masked, then every control, escape,
 * invisible or bidirectional character escaped, whatever the line carries (config, answers, environment, file
 * names). Each call is one line: a command prints a text of several lines line by line.
 */
function shown(write: (line: string) => void): (line: string) => void {
  return (line) => write(terminalLine(secrets.mask(line)));
}

function base() {
  return {
    env: process.env,
    now: new Date(),
    report: shown(console.error),
    print: shown(console.log),
    progressStream: process.stderr,
    secrets,
  };
}

function usageError(command: CommandName, message: string): number {
  shown(console.error)(usageMistake(command, message));
  return 2;
}

/**
 * Runs a command by name with its command-line arguments: `--help` prints its usage (exit 0), a bad argument is
 * one line and exit code 2.
 */
export function runCommand(name: Exclude<CommandName, "synth">, argv: readonly string[]): void {
  const parsed = parseCommandLine(name, argv);
  if (!parsed.ok) {
    for (const line of parsed.lines) shown(parsed.code === 0 ? console.log : console.error)(line);
    process.exitCode = parsed.code;
    return;
  }
  // A command that throws as it starts (the synchronous ones) ends the same way as one that rejects: one line.
  new Promise<number>((resolve) => resolve(RUNNERS[name](parsed.values, parsed.positionals))).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      shown(console.error)(`${name} failed: ${error.message}`);
      process.exitCode = 1;
    },
  );
}

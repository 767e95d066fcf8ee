import { parseArgs } from "node:util";
import { Secrets } from "../text/secrets";
import { terminalLine } from "../text/terminal";
import { deploy } from "./deploy";
import { diagram } from "./diagram";
import { handout } from "./handout";
import { preflight } from "./preflight";
import { writeConfigSchema } from "./schema";
import { status } from "./status";
import { verify } from "./verify";

type Options = Record<string, { readonly type: "string" | "boolean" }>;

/** Each command's options, its positional arguments, and how it runs. */
const COMMANDS: Record<
  string,
  {
    readonly options: Options;
    readonly positionals: boolean;
    /** Passes every argument on untouched, for a command that hands them to another tool. */
    readonly passThrough?: boolean;
    readonly usage: string;
    run(values: Record<string, unknown>, positionals: string[]): number | Promise<number>;
  }
> = {
  preflight: { options: {}, positionals: false, usage: "npm run preflight", run: () => preflight(base()) },
  deploy: { options: {}, positionals: true, passThrough: true, usage: "npm run deploy [-- cdktf deploy options]", run: (_, args) => deploy({ ...base(), args }) },
  verify: {
    options: { outputs: { type: "string" } },
    positionals: false,
    usage: "npm run verify [-- --outputs FILE]",
    run: (values) => verify({ ...base(), outputsFile: values.outputs as string | undefined }),
  },
  status: { options: { json: { type: "boolean" } }, positionals: false, usage: "npm run status [-- --json]", run: (values) => status({ ...base(), json: values.json === true }) },
  handout: {
    options: { all: { type: "boolean" }, out: { type: "string" }, "with-token": { type: "boolean" }, outputs: { type: "string" } },
    positionals: true,
    usage: "npm run handout -- NAME [--with-token] | --all --out DIR [--with-token]",
    run: (values, names) =>
      names.length > 1
        ? usageError("handout", "give one name")
        : handout({
            ...base(),
            name: names[0],
            all: values.all === true,
            out: values.out as string | undefined,
            withToken: values["with-token"] === true,
            outputsFile: values.outputs as string | undefined,
          }),
  },
  diagram: {
    options: {},
    positionals: true,
    usage: "npm run diagram [-- FILE]",
    run: (_, files) => (files.length > 1 ? usageError("diagram", "give at most one file") : diagram({ ...base(), file: files[0] })),
  },
  schema: { options: {}, positionals: false, usage: "npm run schema", run: () => writeConfigSchema(base()) },
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

function usageError(command: string, message: string): number {
  shown(console.error)(`${command}: ${message}; usage: ${COMMANDS[command]?.usage ?? command}`);
  return 2;
}

/** Runs a command by name with its command-line arguments; a bad argument is one line and exit code 2. */
export function runCommand(name: string, argv: readonly string[]): void {
  const command = COMMANDS[name]!;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = command.passThrough === true ? { values: {}, positionals: [...argv] } : parseArgs({ args: [...argv], options: command.options, allowPositionals: command.positionals });
  } catch (error) {
    process.exitCode = usageError(name, (error as Error).message.split("\n")[0]!.replace(/\.$/, ""));
    return;
  }
  // A command that throws as it starts (the synchronous ones) ends the same way as one that rejects: one line.
  new Promise<number>((resolve) => resolve(command.run(parsed.values, parsed.positionals))).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      shown(console.error)(`${name} failed: ${error.message}`);
      process.exitCode = 1;
    },
  );
}

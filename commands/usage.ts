import { parseArgs } from "node:util";
import { STATE_FILE } from "../stacks/workshop-stack";
import { CREDENTIALS_FILE } from "../terraform-cloud/access";
import type { ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";

/** One option of a command: its kind, and what it does, for `--help`. */
type OptionSpec = { readonly help: string } & (
  | { readonly type: "boolean" }
  /** `FILE`, `DIR`: what a string option takes. */
  | { readonly type: "string"; readonly value: string }
  /** A whole number from `min` to `max`, parsed once here so that no command casts or checks it again. */
  | { readonly type: "integer"; readonly value: string; readonly min: number; readonly max: number }
);

/** What an option's value is once parsed: a flag, a word, or a whole number within its range. */
type OptionValue<Option> = Option extends { readonly type: "boolean" }
  ? boolean
  : Option extends { readonly type: "integer" }
    ? number
    : string;

/** What a command may read besides its arguments, each said once for every command's `--help`. */
const READS = {
  WORKSHOP_CONFIG: "the config file (default: workshop.config.json)",
  CDKTF_OUTDIR: "where the stack is synthesized (default: cdktf.out/)",
  "the state": `${STATE_FILE} beside CDKTF_OUTDIR, or the config's state workspace`,
  "terraform output -json":
    "the stacks' outputs, run in CDKTF_OUTDIR/stacks/aws-workshop and " +
    "each shard's stack directory, unless --outputs FILE",
  TFE_TOKEN: "the token to call Terraform Cloud with; else TF_TOKEN_<host>, else the terraform login credentials",
  "TF_TOKEN_<host>": "the token of TFE_HOSTNAME's host, named as Terraform does: TF_TOKEN_app_terraform_io",
  "terraform login": `the tokens it stored, by host, in ~/${CREDENTIALS_FILE}`,
  TFE_HOSTNAME: "the Terraform Cloud or Enterprise host (default: app.terraform.io)",
  TFE_ADDRESS: "a full URL every request goes to instead, for a rehearsal, a test server or a proxy",
  CI: '"true": the machine is thrown away after the job, so a local state is a blocker',
} as const;

type Read = keyof typeof READS;

/** What every command that calls Terraform Cloud reads to find it and its token. */
export const TERRAFORM_CLOUD: readonly Read[] = [
  "TFE_TOKEN",
  "TF_TOKEN_<host>",
  "terraform login",
  "TFE_HOSTNAME",
  "TFE_ADDRESS",
];
/** The port a command that serves on 127.0.0.1 takes. */
export const PORT_OPTION = {
  type: "integer",
  value: "N",
  min: 0,
  max: 65535,
  help: "the port to serve on; 0 (the default) picks a free one",
} as const satisfies OptionSpec;

/** What every command reads to build the stack. */
export const CONFIG: readonly Read[] = ["WORKSHOP_CONFIG", "CDKTF_OUTDIR"];

/** The positional of the commands that take attendee or team names. */
export const NAME_POSITIONAL = "NAME";

/** A command the project's users run: how it is called, what it does, what it takes. */
export interface CommandSpec {
  /** Its name, as the npm script and `node bin/cli.js NAME` call it. */
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** How it is typed, the npm script and its arguments. */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** How many words besides the options it takes. */
  readonly positionals: { readonly most: number; readonly name?: string };
  /** Passes every argument but --help on untouched, for a command that hands them to another tool. */
  readonly passThrough?: boolean;
  /** The environment variables and files it reads. */
  readonly reads: readonly Read[];
  /** One way to run it, as typed. */
  readonly example: string;
}

/** A command's options as parsed, each typed by its spec; an option not given is undefined. */
export type OptionValues<Spec extends CommandSpec> = {
  readonly [Option in keyof Spec["options"]]?: OptionValue<Spec["options"][Option]>;
};

/**
 * The arguments of a command, parsed; or the lines to print and the exit code: 0 for --help, 2 for a mistake. Not a
 * `Result`: --help is no problem; what stops the command is an exit code with its lines, for stdout (0) or stderr (2).
 */
export type CommandLine<Spec extends CommandSpec = CommandSpec> =
  | { readonly ok: true; readonly values: OptionValues<Spec>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly code: 0 | 2; readonly lines: readonly string[] };

/** The whole number an integer option's word gives, or undefined when it is not one in the option's range. */
function integerIn(word: string, { min, max }: { readonly min: number; readonly max: number }): number | undefined {
  const value = Number(word);
  return /^\d{1,9}$/.test(word) && value >= min && value <= max ? value : undefined;
}

/** Rows of a two-column list, the first column as wide as its longest entry. */
const columns = (rows: ReadonlyArray<readonly [string, string]>, least = 0) => {
  const width = Math.max(least, ...rows.map(([first]) => first.length));
  return rows.map(([first, second]) => `  ${first.padEnd(width)}  ${second}`);
};

/** What `--help` prints: the usage, the summary, each option, what it reads, and an example. */
export function helpLines(spec: CommandSpec): string[] {
  const options = Object.entries(spec.options).map(
    ([option, given]) => [`--${option}${given.type === "boolean" ? "" : ` ${given.value}`}`, given.help] as const,
  );
  return [
    `usage: ${spec.usage}`,
    "",
    `${spec.name}: ${spec.summary}.`,
    "",
    ...columns([...options, ["--help", "print this and exit"]]),
    "",
    ...(spec.reads.length === 0
      ? ["reads: nothing from the environment"]
      : ["reads:", ...columns(spec.reads.map((read) => [read, READS[read]]))]),
    "",
    "example:",
    `  ${spec.example}`,
  ];
}

/** A usage mistake as every command says it, in one line with its usage: exit code 2. */
export const usageMistake = (spec: CommandSpec, what: string) =>
  `${spec.name}: ${what}; usage: ${spec.usage} (--help for more)`;

/**
 * Parses a command's arguments against its spec: `--help` anywhere prints the usage and exits 0; an unknown
 * option, a missing value or one word too many is one line with the usage, exit 2.
 */
export function parseCommandLine<Spec extends CommandSpec>(spec: Spec, argv: readonly string[]): CommandLine<Spec> {
  if (argv.includes("--help") || (!spec.passThrough && argv.includes("-h")))
    return { ok: false, code: 0, lines: helpLines(spec) };
  const mistake = (what: string): CommandLine<Spec> => ({ ok: false, code: 2, lines: [usageMistake(spec, what)] });
  if (spec.passThrough === true) return { ok: true, values: {}, positionals: [...argv] };
  // The word after an option that takes a value is that value, whatever it looks like ("--simulate -1"): joined to
  // it as --option=value, which node's parser, refusing a value that starts with a dash, then reads as given.
  const words: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === "--") {
      words.push(...argv.slice(index));
      break;
    }
    words.push(argument);
    if (!argument.startsWith("-") || argument === "-") continue;
    const option = argument.replace(/^--?/, "").split("=")[0]!;
    if (!argument.startsWith("--") || !Object.hasOwn(spec.options, option))
      return mistake(
        `unknown option ${JSON.stringify(argument.split("=")[0])}` +
          // A name may start with a dash (a typo'd --option gets no such hint): the end of options tells them apart.
          (spec.positionals.name === NAME_POSITIONAL && !argument.startsWith("--")
            ? `; a ${NAME_POSITIONAL} that starts with "-" goes after "--" (with npm run, a second one)`
            : ""),
      );
    const takesValue = spec.options[option]!.type !== "boolean";
    if (takesValue && !argument.includes("=") && index + 1 < argv.length)
      words[words.length - 1] = `${argument}=${argv[++index]!}`;
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: words,
      options: Object.fromEntries(
        Object.entries(spec.options).map(([option, { type }]) => [
          option,
          { type: type === "boolean" ? type : "string" },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const code = (error as { readonly code?: string }).code;
    const option = /'(--[\w-]+)/.exec((error as Error).message)?.[1];
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
      const given = spec.options[option.slice(2)];
      return mistake(
        given === undefined || given.type === "boolean"
          ? `${option} takes no value`
          : `${option} needs a value, ${given.value}`,
      );
    }
    return mistake((error as Error).message.split("\n")[0]!.replace(/\.$/, ""));
  }
  if (parsed.positionals.length > spec.positionals.most) {
    return mistake(
      spec.positionals.most === 0
        ? `${JSON.stringify(parsed.positionals[0])} is not an option; it takes none but those in its usage`
        : `give at most ${spec.positionals.most} ${spec.positionals.name}`,
    );
  }
  const values: Record<string, string | boolean | number | undefined> = { ...parsed.values };
  for (const [option, given] of Object.entries(spec.options)) {
    const word = parsed.values[option];
    if (given.type !== "integer" || typeof word !== "string") continue;
    values[option] = integerIn(word, given);
    if (values[option] === undefined)
      return mistake(
        `--${option} must be a whole number from ${given.min} to ${given.max}, but ${JSON.stringify(word)} was given`,
      );
  }
  // The one place the parsed words meet their types: each value was made to its option's type just above.
  return { ok: true, values: values as OptionValues<Spec>, positionals: parsed.positionals };
}

/** What a command's run is given: the process's environment, the time, its lines made safe, and its API seams. */
export type CommandContext = PrepareOptions &
  ApiOptions & {
    readonly print: (line: string) => void;
    /** The width of the terminal stdout is, if it is one: status fits its table to it. */
    readonly terminalColumns?: number;
  };

/** A command with its spec and its runner: `run` parses the arguments against the spec, then runs it. */
export interface RunnableCommand extends CommandSpec {
  /**
   * Runs the command with its command-line arguments: `--help` prints the usage (exit 0), a bad argument is one line
   * and exit code 2.
   * @returns the exit code
   */
  readonly run: (argv: readonly string[], context: CommandContext) => number | Promise<number>;
}

/**
 * A command from its spec and how it runs, declared beside each other in the command's module: the runner receives
 * the options typed from the spec, so that an option it reads and the spec lacks fails the type check.
 */
export function runnable<const Spec extends CommandSpec>(
  spec: Spec,
  runner: (
    values: OptionValues<Spec>,
    positionals: readonly string[],
    context: CommandContext,
  ) => number | Promise<number>,
): Spec & RunnableCommand {
  return {
    ...spec,
    run: (argv, context) => {
      const parsed = parseCommandLine(spec, argv);
      if (parsed.ok) return runner(parsed.values, parsed.positionals, context);
      for (const line of parsed.lines) (parsed.code === 0 ? context.print : context.report)(line);
      return parsed.code;
    },
  };
}

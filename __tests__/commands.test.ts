import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { docText } from "./docs";
import { handout, type HandoutOptions } from "../commands/handout";
import { COMMAND_SPECS, type CommandName } from "../commands/cli";
import { helpLines, parseCommandLine, type CommandSpec } from "../commands/usage";
import { ROOT, run, runInProcess, type Run } from "./cli";

const NAMES = Object.keys(COMMAND_SPECS) as CommandName[];
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
  .scripts;

describe("the command table", () => {
  it("runs every command from one entry point in bin/, and the synth app from its own", () => {
    expect(readdirSync(join(ROOT, "bin")).sort()).toEqual(["build.js", "bundle.js", "cli.js", "synth.js"]);
    expect(readFileSync(join(ROOT, "bin", "cli.js"), "utf8")).toContain(
      'require("./build").command(process.argv[2], process.argv.slice(3))',
    );
    expect(readFileSync(join(ROOT, "bin", "synth.js"), "utf8")).toContain('require("./build").synth()');
  });

  it(
    "has an npm script for every command but the synth, which runs " +
      "through node bin/synth.js, and no script for another",
    () => {
      // The scripts the table calls for, derived from it: a new command fails here until package.json has its script.
      const expected = Object.fromEntries(
        NAMES.filter((name) => name !== "synth").map((name) => [name, `node bin/cli.js ${name}`]),
      );
      const commandScripts = Object.fromEntries(
        Object.entries(scripts).filter(([, command]) => /^node bin\/cli\.js /.test(command)),
      );
      expect(commandScripts).toEqual(expected);
      expect(scripts["synth:hcl"]).toBe("node bin/synth.js --hcl");
      expect(Object.entries(scripts).filter(([, command]) => /^node bin\/synth\.js/.test(command))).toEqual([
        ["synth:hcl", "node bin/synth.js --hcl"],
      ]);
    },
  );

  it("names each command in its spec by its key in the table", () => {
    for (const name of NAMES) expect(COMMAND_SPECS[name].name).toBe(name);
  });

  it("names every option of a command in its usage line", () => {
    for (const name of NAMES) {
      for (const option of Object.keys(COMMAND_SPECS[name].options))
        expect(COMMAND_SPECS[name].usage, `${name} --${option}`).toContain(`--${option}`);
    }
  });
});

/** The commands whose spec reads the facilitator's token: each must read every place it comes from, and the host. */
const TOKEN_READERS = NAMES.filter((name) => (COMMAND_SPECS[name].reads as readonly string[]).includes("TFE_TOKEN"));

describe("the command line", () => {
  it("finds in the table every command that calls Terraform Cloud with the facilitator's token", () => {
    // A floor, not the list: a new command joins by its spec alone, and one of these that stopped saying so fails.
    expect(TOKEN_READERS).toEqual(expect.arrayContaining(["preflight", "deploy", "status", "handout", "board"]));
  });

  it("answers --help with the usage, the summary and every option, exit 0", () => {
    const parsed = parseCommandLine(COMMAND_SPECS.handout, ["ann", "--help"]);
    expect(parsed).toEqual({ ok: false, code: 0, lines: helpLines(COMMAND_SPECS.handout) });
    expect(helpLines(COMMAND_SPECS.handout)).toEqual([
      "usage: npm run handout -- NAME [--with-token] [--outputs FILE] " +
        "| --all --out DIR [--with-token] [--outputs FILE]",
      "",
      "handout: prints one attendee's or team's handout, or writes them all.",
      "",
      "  --all           every handout, each to its own file in --out",
      "  --out DIR       the directory --all writes to; git must ignore it",
      "  --with-token    put the token in the handout",
      "  --outputs FILE  the stack's outputs, as terraform output -json prints them, for the tokens",
      "  --help          print this and exit",
      "",
      "reads:",
      "  WORKSHOP_CONFIG         the config file (default: workshop.config.json)",
      "  CDKTF_OUTDIR            where the stack is synthesized (default: cdktf.out/)",
      "  terraform output -json  the stacks' outputs, run in " +
        "CDKTF_OUTDIR/stacks/aws-workshop and each shard's stack directory, unless " +
        "--outputs FILE",
      "  TFE_TOKEN               the token to call Terraform Cloud with; " +
        "else TF_TOKEN_<host>, else the terraform login credentials",
      "  TF_TOKEN_<host>         the token of TFE_HOSTNAME's host, named as Terraform does: TF_TOKEN_app_terraform_io",
      "  terraform login         the tokens it stored, by host, in ~/.terraform.d/credentials.tfrc.json",
      "  TFE_HOSTNAME            the Terraform Cloud or Enterprise host (default: app.terraform.io)",
      "  TFE_ADDRESS             a full URL every request goes to instead, for a rehearsal, a test server or a proxy",
      "",
      "example:",
      "  npm run handout -- --all --out handouts --with-token",
    ]);
  });

  it.each(NAMES)(
    "names in %s --help every variable and file it reads, and one example that its parser takes",
    (name) => {
      const lines = helpLines(COMMAND_SPECS[name]);
      const reads = lines
        .slice(lines.indexOf("reads:") + 1, lines.indexOf("", lines.indexOf("reads:")))
        .map((line) => line.trim().split(/\s{2,}/)[0]);
      // The config and its output directory for every command that builds the stack; where Terraform Cloud is and
      // the token for every command that calls it.
      if (name !== "schema") expect(reads, name).toEqual(expect.arrayContaining(["WORKSHOP_CONFIG", "CDKTF_OUTDIR"]));
      else expect(lines).toContain("reads: nothing from the environment");
      if (TOKEN_READERS.includes(name)) {
        expect(reads, name).toEqual(
          expect.arrayContaining(["TFE_TOKEN", "TF_TOKEN_<host>", "terraform login", "TFE_HOSTNAME", "TFE_ADDRESS"]),
        );
      }
      expect(lines.at(-2)).toBe("example:");
      // The example's own arguments, after `npm run NAME --` or `node bin/NAME.js`, up to a pipe
      const example = /(?:npm run (?:-s )?([\w:]+)|node bin\/(\w+)\.js)(?: --)?((?: [^|&\s]+)*)/.exec(lines.at(-1)!);
      expect(example?.[1] ?? example?.[2], lines.at(-1)).toBe(name);
      expect(
        parseCommandLine(
          COMMAND_SPECS[name],
          example![3]!
            .trim()
            .split(" ")
            .filter((word) => word !== ""),
        ),
        lines.at(-1),
      ).toMatchObject({ ok: true });
    },
  );

  it("takes a name that starts with a dash after --, and says so when it is given before", () => {
    // GIVEN an attendee named "-bob", which the naming rules allow
    // WHEN handout is given the name after the end of options THEN it is the name
    expect(parseCommandLine(COMMAND_SPECS.handout, ["--", "-bob"])).toMatchObject({ ok: true, positionals: ["-bob"] });
    // AND WHEN it is given as it is THEN the one line says where it goes, for each command that takes names
    expect(parseCommandLine(COMMAND_SPECS.verify, ["-bob"])).toEqual({
      ok: false,
      code: 2,
      lines: [
        'verify: unknown option "-bob"; a NAME that starts with "-" goes after "--" (with npm run, a second one); ' +
          `usage: ${COMMAND_SPECS.verify.usage} (--help for more)`,
      ],
    });
    expect(parseCommandLine(COMMAND_SPECS.handout, ["-bob"])).toMatchObject({
      lines: [expect.stringContaining('a NAME that starts with "-" goes after "--"')],
    });
    // AND a typo'd option, or a word given to a command that takes no names, gets no such hint
    const noHint = { lines: [expect.not.stringContaining("goes after")] };
    expect(parseCommandLine(COMMAND_SPECS.handout, ["--outptus", "x"])).toMatchObject(noHint);
    expect(parseCommandLine(COMMAND_SPECS.status, ["-bob"])).toMatchObject(noHint);
  });

  it("fails in one line when an option is unknown, without the quotes of node's own parser", () => {
    expect(parseCommandLine(COMMAND_SPECS.status, ["--jsn"])).toEqual({
      ok: false,
      code: 2,
      lines: ['status: unknown option "--jsn"; usage: npm run status [-- --json] (--help for more)'],
    });
    expect(parseCommandLine(COMMAND_SPECS.synth, ["--outdir", "X"])).toEqual({
      ok: false,
      code: 2,
      lines: ['synth: unknown option "--outdir"; usage: node bin/synth.js [--hcl] (--help for more)'],
    });
  });

  it("fails in one line when an option's value is missing, or a word is one too many", () => {
    expect(parseCommandLine(COMMAND_SPECS.verify, ["--outputs"])).toEqual({
      ok: false,
      code: 2,
      lines: [
        "verify: --outputs needs a value, FILE; usage: npm run verify [-- [NAME...] [--outputs FILE]] " +
          "(--help for more)",
      ],
    });
    expect(parseCommandLine(COMMAND_SPECS.handout, ["ann", "bob"])).toEqual({
      ok: false,
      code: 2,
      lines: [
        "handout: give at most 1 NAME; usage: npm run handout -- NAME [--with-token] [--outputs " +
          "FILE] | --all --out DIR [--with-token] [--outputs FILE] (--help for more)",
      ],
    });
    expect(parseCommandLine(COMMAND_SPECS.preflight, ["now"])).toEqual({
      ok: false,
      code: 2,
      lines: [
        'preflight: "now" is not an option; it takes none but those in its ' +
          "usage; usage: npm run preflight (--help for more)",
      ],
    });
  });

  it.each([
    ["rehearse", "port", "0 to 65535"],
    ["rehearse", "simulate", "1 to 3600"],
    ["board", "port", "0 to 65535"],
    ["board", "interval", "1 to 3600"],
  ] as const)(
    "fails in one line when %s --%s is not a whole number from %s, naming the option and its range",
    (name, option, range) => {
      const [min, max] = range.split(" to ").map(Number) as [number, number];
      // GIVEN each way of missing the range WHEN parsed THEN one line with the range, as the option's spec says it
      for (const word of [String(min - 1), String(max + 1), "8080.5", "eighty", "", "1e3", " 80"]) {
        expect(parseCommandLine(COMMAND_SPECS[name], [`--${option}`, word]), word).toEqual({
          ok: false,
          code: 2,
          lines: [
            `${name}: --${option} must be a whole number from ${range}, but ` +
              `${JSON.stringify(word)} was given; usage: ${COMMAND_SPECS[name].usage} (--help for ` +
              "more)",
          ],
        });
      }
      // and the bounds themselves are taken, as numbers
      expect(parseCommandLine(COMMAND_SPECS[name], [`--${option}`, String(min), `--${option}=${max}`])).toEqual({
        ok: true,
        values: { [option]: max },
        positionals: [],
      });
    },
  );

  it("lists above every integer option of the command table, with its range", () => {
    const integers = Object.entries<CommandSpec>(COMMAND_SPECS).flatMap(([name, spec]) =>
      Object.entries(spec.options).flatMap(([option, given]) =>
        given.type === "integer" ? [[name, option, `${given.min} to ${given.max}`]] : [],
      ),
    );
    expect(integers).toEqual([
      ["rehearse", "simulate", "1 to 3600"],
      ["rehearse", "port", "0 to 65535"],
      ["board", "port", "0 to 65535"],
      ["board", "interval", "1 to 3600"],
    ]);
  });

  it("takes the word after an option that needs a value as that value, even when it starts with a dash", () => {
    expect(parseCommandLine(COMMAND_SPECS.verify, ["--outputs", "-outputs.json"])).toEqual({
      ok: true,
      values: { outputs: "-outputs.json" },
      positionals: [],
    });
    expect(parseCommandLine(COMMAND_SPECS.rehearse, ["--port", "-1"])).toMatchObject({
      ok: false,
      lines: [expect.stringContaining('--port must be a whole number from 0 to 65535, but "-1" was given')],
    });
  });

  it("fails in one line, exit 2, when handout's name, --all and --out do not go together", async () => {
    const usage = COMMAND_SPECS.handout.usage;
    const cases: Array<[Partial<HandoutOptions>, string]> = [
      [{ name: "ann", all: true, out: "handouts" }, "give either a name or --all, not both"],
      [{}, "give the name of an attendee or a team with a token, or --all --out DIR"],
      [{ all: true }, "--all needs --out DIR, a directory that git ignores, such as handouts"],
      [{ name: "ann", out: "handouts" }, "--out goes with --all"],
    ];
    for (const [given, message] of cases) {
      const reported: string[] = [];
      const code = await handout({
        env: {},
        now: new Date(),
        print: () => undefined,
        report: (line) => reported.push(line),
        ...given,
      });
      expect([code, reported]).toEqual([2, [`handout: ${message}; usage: ${usage} (--help for more)`]]);
    }
  });

  it("hands deploy's arguments to cdktf untouched, but for --help", () => {
    expect(parseCommandLine(COMMAND_SPECS.deploy, ["--auto-approve", "--frob"])).toEqual({
      ok: true,
      values: {},
      positionals: ["--auto-approve", "--frob"],
    });
    expect(parseCommandLine(COMMAND_SPECS.deploy, ["--help"])).toMatchObject({ ok: false, code: 0 });
  });
});

describe("every command as a user runs it", () => {
  // Both bundles as programs of their own, through bin/; the rest in-process, through the same runCommand.
  const programs = new Map<string, Promise<Run>>();
  beforeAll(() => {
    programs.set("synth", run("node", [join("bin", "synth.js"), "--help"]));
    programs.set("unknown", run("node", [join("bin", "cli.js"), "board", "--porT", "8080"]));
    programs.set("no such command", run("node", [join("bin", "cli.js"), "bored"]));
    programs.set("bench", run("node", [join("bench", "bench.js"), "--help"]));
    programs.set("npm -s", run("npm", ["run", "-s", "status", "--", "--help"]));
    programs.set("npm", run("npm", ["run", "status", "--", "--help"]));
    programs.set("bench-unknown", run("node", [join("bench", "bench.js"), "--run", "3"]));
  });

  it(
    "npm run bench -- --help prints its usage, what it reads " + "and an example, and exits 0 without measuring",
    async () => {
      const result = await programs.get("bench")!;
      expect(result.status).toBe(0);
      const lines = result.stdout.split("\n");
      expect(lines[0]).toBe("usage: node bench/bench.js [--runs N] (npm run bench [-- --runs N])");
      expect(lines).toContain("reads:");
      expect(lines.slice(-3)).toEqual(["example:", "  npm run bench -- --runs 3", ""]);
      expect(result.stderr).toBe("");
    },
  );

  it(
    "prints only the command's output on stdout under npm run -s, as the " +
      "README's jq example needs, and npm's banner without it",
    async () => {
      const [quiet, loud] = [await programs.get("npm -s")!, await programs.get("npm")!];
      expect(quiet.stdout).toBe(`${helpLines(COMMAND_SPECS.status).join("\n")}\n`);
      expect(loud.stdout).toMatch(/^\n> tfc-aws-workshop@[\d.]+ status\n> node bin\/cli.js status --help\n\n/);
      expect(docText("docs/workshop-day.md")).toContain(`\`${COMMAND_SPECS.status.example}\``);
    },
  );

  it("fails when bench is given an unknown option, in one line, exit 2, without measuring", async () => {
    const result = await programs.get("bench-unknown")!;
    expect([result.status, result.stdout, result.stderr]).toEqual([
      2,
      "",
      'bench: unknown option "--run"; usage: node bench/bench.js [--runs N] (--help for more)\n',
    ]);
  });

  it("node bin/synth.js --help prints its usage and exits 0, asking nothing", async () => {
    const result = await programs.get("synth")!;
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`usage: ${COMMAND_SPECS.synth.usage}`);
    expect(result.stderr).toBe("");
  });

  it.each(NAMES.filter((name) => name !== "synth"))(
    "%s --help, through the runCommand bin/cli.js calls, prints its usage and exits 0, asking nothing",
    async (name) => {
      const result = await runInProcess(name, ["--help"]);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${helpLines(COMMAND_SPECS[name]).join("\n")}\n`);
      expect(result.stdout.split("\n")[0]).toBe(`usage: ${COMMAND_SPECS[name].usage}`);
      expect(result.stderr).toBe("");
    },
  );

  it("fails with one line and exit 2 on an unknown option", async () => {
    const result = await programs.get("unknown")!;
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'board: unknown option "--porT"; usage: npm run board [-- --port N] [--interval SECONDS] (--help for more)\n',
    );
  });

  it("fails with one line and exit 2 on a command bin/cli.js does not know, naming every one it does", async () => {
    const result = await programs.get("no such command")!;
    const known = NAMES.filter((name) => name !== "synth").join(", ");
    expect([result.status, result.stdout, result.stderr]).toEqual([
      2,
      "",
      `unknown command "bored": node bin/cli.js COMMAND [options], where ` +
        `COMMAND is one of ${known} (npm run COMMAND runs the same)\n`,
    ]);
    // The synth is the app of bin/synth.js, not one of bin/cli.js's commands: it is named, never called unknown; and
    // no command at all is one line too.
    expect(await runInProcess("synth", [])).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "synth does not run from bin/cli.js: it is node bin/synth.js (npm run synth builds first, then runs it)\n",
    });
    expect(await runInProcess(undefined, [])).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "give a command: node bin/cli.js COMMAND [options], where COMMAND " +
        `is one of ${known} (npm run COMMAND runs the same)\n`,
    });
  });

  it("fails with one line naming the option and exit 2 on a value out of its range", async () => {
    const result = await runInProcess("rehearse", ["--simulate", "-1"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `rehearse: --simulate must be a whole number from 1 to 3600, but "-1" was ` +
        `given; usage: ${COMMAND_SPECS.rehearse.usage} (--help for more)\n`,
    );
  });
});

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_SPECS, type CommandName } from "../commands/cli";
import { parseCommandLine } from "../commands/usage";
import { stateFileOf } from "../stacks/workshop-base-stack";
import { shardStackId, STACK_ID } from "../stacks/workshop-stack";
import { allDocsText, DOC_PAGES, docText } from "./docs";

const ROOT = join(__dirname, "..");
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
  .scripts;

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replaceAll(" ", "-");

/** A page's text outside its fenced code blocks, and the blocks with their language. */
function parts(text: string): {
  readonly prose: string;
  readonly blocks: ReadonlyArray<{ language: string; body: string }>;
} {
  const blocks: Array<{ language: string; body: string }> = [];
  const prose = text.replace(/^(`{3,})(\w*)\n([\s\S]*?)^\1$/gm, (_whole, _fence, language: string, body: string) => {
    blocks.push({ language, body });
    return "";
  });
  return { prose, blocks };
}

const anchorsOf = (page: string) =>
  new Set([...parts(docText(page)).prose.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => anchorOf(heading!)));

/** The command a `node bin/synth.js ...` or `node bin/cli.js NAME ...` runs, with its arguments, if it is one. */
function programCommand(words: readonly string[]): { readonly name: CommandName; readonly argv: string[] } | undefined {
  const isCommand = (name: string | undefined): name is CommandName =>
    name !== undefined && Object.hasOwn(COMMAND_SPECS, name);
  if (words[0] !== "node") return undefined;
  if (words[1] === "bin/synth.js") return { name: "synth", argv: words.slice(2) };
  return words[1] === "bin/cli.js" && isCommand(words[2]) ? { name: words[2], argv: words.slice(3) } : undefined;
}

/** The command a `npm run NAME` or `node bin/...` line runs, with its arguments, when it is one of the commands. */
function commandOf(words: readonly string[]): { readonly name: CommandName; readonly argv: string[] } | undefined {
  if (words[0] === "node") return programCommand(words);
  const script = words[words[2] === "-s" ? 3 : 2]!;
  const runs = programCommand((SCRIPTS[script] ?? "").split(" ").filter(Boolean));
  if (runs === undefined) return undefined;
  const dash = words.indexOf("--");
  return { name: runs.name, argv: [...runs.argv, ...(dash < 0 ? [] : words.slice(dash + 1))] };
}

/**
 * Every `npm run ...` and `node bin/...` of the shell examples, split at `&&`, `|`, `;` and a background `&`, as its
 * words.
 */
function shellCommands(page: string): string[][] {
  return parts(docText(page))
    .blocks.filter(({ language }) => language === "sh")
    .flatMap(({ body }) => body.split("\n"))
    .flatMap((line) => line.split(/&&|\||;|&/))
    .map((command) => command.trim().split(/\s+/))
    .map((words) => words.slice(words.findIndex((word) => !/^[A-Z_]+=/.test(word))))
    .filter(
      (words) =>
        (words[0] === "npm" && words[1] === "run") || (words[0] === "node" && words[1]?.startsWith("bin/") === true),
    );
}

/** The page whose table lists every command of bin/cli.js, one row each: the one place a new command adds a row. */
const COMMAND_PAGE = "docs/workshop-day.md";
const COMMAND_TABLE_HEADING = "### The commands";

/** The commands bin/cli.js runs, from its list: every one but the synth, which has an entry of its own. */
const LISTED = (Object.keys(COMMAND_SPECS) as CommandName[]).filter((name) => "run" in COMMAND_SPECS[name]);

/** The first cell of each row of the first table after a heading, as words: `npm run status` is its words. */
function firstCells(text: string, heading: string): string[][] {
  const after = parts(text).prose.split("\n");
  const start = after.indexOf(heading);
  if (start < 0) return [];
  const table = after.slice(start + 1).findIndex((line) => line.startsWith("| "));
  if (table < 0) return [];
  const rows = after.slice(start + 1 + table);
  const end = rows.findIndex((line) => !line.startsWith("|"));
  return rows
    .slice(2, end < 0 ? undefined : end)
    .map((line) => line.split("|")[1]!.trim().replaceAll("`", "").split(/\s+/));
}

/**
 * What keeps the command table whole, one line each: a command of the list without a row, a row of a script that
 * runs no command of the list, a command with two rows.
 */
function commandTableProblems(text: string, listed: readonly string[]): string[] {
  const named = firstCells(text, COMMAND_TABLE_HEADING).map((words) =>
    words[0] === "npm" && words[1] === "run" ? words[2]! : words.join(" "),
  );
  return [
    ...listed
      .filter((name) => !named.includes(name))
      .map((name) => `${name}: in the list of commands/cli.ts, but without a row in ${COMMAND_PAGE}'s table`),
    ...named
      .filter((name) => !listed.includes(name))
      .map((name) => `${name}: a row in ${COMMAND_PAGE}'s table, but no command of the list of commands/cli.ts`),
    ...named
      .filter((name, index) => named.indexOf(name) !== index)
      .map((name) => `${name}: two rows in ${COMMAND_PAGE}'s table`),
  ];
}

describe("the table of commands in the docs", () => {
  it(`has in ${COMMAND_PAGE} a row for each command of bin/cli.js's list, and no other`, () => {
    expect(firstCells(docText(COMMAND_PAGE), COMMAND_TABLE_HEADING).length).toBeGreaterThan(0);
    expect(commandTableProblems(docText(COMMAND_PAGE), LISTED)).toEqual([]);
  });

  it("fails when a command of the list has no row, when a row names no command, and when a command has two", () => {
    // GIVEN the page's table with nudge's row renamed to a command that does not exist, and status's row twice
    const text = docText(COMMAND_PAGE);
    const statusRow = text.split("\n").find((line) => line.startsWith("| `npm run status`"))!;
    const broken = text
      .replace("| `npm run nudge`", "| `npm run nudge-all`")
      .replace(statusRow, `${statusRow}\n${statusRow}`);
    // THEN each is one line naming it
    expect(commandTableProblems(broken, LISTED)).toEqual([
      `nudge: in the list of commands/cli.ts, but without a row in ${COMMAND_PAGE}'s table`,
      `nudge-all: a row in ${COMMAND_PAGE}'s table, but no command of the list of commands/cli.ts`,
      `status: two rows in ${COMMAND_PAGE}'s table`,
    ]);
  });

  it("leaves the README's table to the developer's commands: a command of bin/cli.js has its row in one place", () => {
    const commands = firstCells(docText("README.md"), "## From a fresh clone").map((words) => commandOf(words)?.name);
    expect(commands).toContain("synth");
    expect(commands.filter((name) => name !== undefined && name !== "synth")).toEqual([]);
    expect(docText("README.md")).toContain(`](${COMMAND_PAGE}#the-commands)`);
  });
});

describe("the documentation", () => {
  it("keeps the README short: at most 250 lines, the rest in docs/", () => {
    expect(docText("README.md").split("\n").length).toBeLessThanOrEqual(250);
    expect(DOC_PAGES).toEqual(
      expect.arrayContaining([
        "docs/workshop-day.md",
        "docs/config.md",
        "docs/operations.md",
        "docs/guardrails.md",
        "bench/README.md",
      ]),
    );
  });

  it.each(DOC_PAGES)("%s links only to files that exist and to headings they have", (page) => {
    const links = [...parts(docText(page)).prose.matchAll(/\]\(([^)\s]+)\)/g)]
      .map(([, target]) => target!)
      .filter((target) => !/^[a-z]+:/.test(target));
    for (const link of links) {
      const [path, anchor] = link.split("#") as [string, string | undefined];
      const target = path === "" ? page : join(page, "..", path);
      expect(existsSync(join(ROOT, target)), `${page}: ${link}`).toBe(true);
      if (anchor !== undefined) expect(anchorsOf(target).has(anchor), `${page}: ${link}`).toBe(true);
    }
  });

  it.each(DOC_PAGES)("%s runs only scripts that exist, with arguments their commands accept", (page) => {
    for (const words of shellCommands(page)) {
      if (words[0] === "npm")
        expect(Object.hasOwn(SCRIPTS, words[words[2] === "-s" ? 3 : 2]!), `${page}: ${words.join(" ")}`).toBe(true);
      else expect(existsSync(join(ROOT, words[1]!)), `${page}: ${words.join(" ")}`).toBe(true);
      const command = commandOf(words);
      if (command === undefined) continue;
      const parsed = parseCommandLine(COMMAND_SPECS[command.name], command.argv);
      expect(parsed.ok ? [] : parsed.lines, `${page}: ${words.join(" ")}`).toEqual([]);
    }
  });

  it.each(DOC_PAGES)("%s shows JSON that parses, whole or as the members of an object, `{ ... }` eliding", (page) => {
    const blocks = parts(docText(page)).blocks.filter(({ language }) => language === "json");
    for (const body of blocks.map((block) => block.body.replaceAll(/\{\s*\.\.\.\s*\}/g, "{}"))) {
      const parse = (text: string) => () => JSON.parse(text) as unknown;
      expect(() => {
        try {
          parse(body)();
        } catch {
          parse(`{${body}}`)();
        }
      }, `${page}:\n${body}`).not.toThrow();
    }
  });

  it("fails when a shell example passes an option its command does not take", () => {
    // GIVEN the handout with an option it does not have THEN the parse the test relies on refuses it
    const command = commandOf(["npm", "run", "handout", "--", "--every"]);
    expect(command).toEqual({ name: "handout", argv: ["--every"] });
    expect(parseCommandLine(COMMAND_SPECS[command!.name], command!.argv).ok).toBe(false);
  });

  it("fails when a link names a heading the page does not have", () => {
    expect(anchorsOf("docs/workshop-day.md").has("rehearse-it-first")).toBe(true);
    expect(anchorsOf("docs/workshop-day.md").has("no-such-heading")).toBe(false);
  });
});

describe("the docs' globs of the local state files", () => {
  it("match the shared stack's state file, each shard's and their backups, so that none is left unguarded", () => {
    // GIVEN every glob of the local state files the docs give to guard or delete them
    const globs = [...allDocsText().matchAll(/`(?:chmod 600 )?(terraform\.[^`\s]*\.tfstate\*)`/g)].map(
      ([, glob]) => glob!,
    );
    expect(globs.length).toBeGreaterThanOrEqual(3);
    // WHEN each is matched against the files Terraform writes: the shared stack's, a shard's, and their backups
    const files = [STACK_ID, shardStackId(1), shardStackId(10)].flatMap((id) => [
      stateFileOf(id),
      `${stateFileOf(id)}.backup`,
    ]);
    // THEN each matches all of them (it fails when a glob names the shared stack's file only)
    for (const glob of globs) {
      const pattern = new RegExp(
        `^${glob
          .split("*")
          .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, "\\$&"))
          .join(".*")}$`,
      );
      expect(
        files.filter((file) => !pattern.test(file)),
        glob,
      ).toEqual([]);
    }
  });
});

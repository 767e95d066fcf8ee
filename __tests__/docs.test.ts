import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_SPECS, type CommandName } from "../commands/cli";
import { parseCommandLine } from "../commands/usage";
import { DOC_PAGES, docText } from "./docs";

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

/** Every `npm run ...` and `node bin/...` of the shell examples, split at `&&`, `|` and `;`, as its words. */
function shellCommands(page: string): string[][] {
  return parts(docText(page))
    .blocks.filter(({ language }) => language === "sh")
    .flatMap(({ body }) => body.split("\n"))
    .flatMap((line) => line.split(/&&|\||;/))
    .map((command) => command.trim().split(/\s+/))
    .map((words) => words.slice(words.findIndex((word) => !/^[A-Z_]+=/.test(word))))
    .filter(
      (words) =>
        (words[0] === "npm" && words[1] === "run") || (words[0] === "node" && words[1]?.startsWith("bin/") === true),
    );
}

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

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attendeeRoom } from "../config/attendees";
import { handout } from "../commands/handout";
import { preflight } from "../commands/preflight";
import { rehearse } from "../commands/rehearse";
import { status } from "../commands/status";
import { verify } from "../commands/verify";
import { advanceRoom } from "../operations/rehearsal";
import type { StandIn } from "../terraform-cloud/stand-in";
import { COMMAND_SPECS, type RunnableName } from "../commands/cli";
import { ROOT } from "./cli";
import { capture, ignoringRepository, sourced } from "./workshop-day-support";
import { validConfig } from "./support";
import { DOC_PAGES, docText } from "./docs";

/**
 * The documentation's workshop-day examples are what `npm run rehearse` and the commands print against it, for the
 * room docs/workshop-day.md shows: each block after a `<!-- rehearsal: NAME -->` marker is compared with the output
 * made here, the
 * address's port (a free one, different each run), the run's directory and the timings read alike.
 * UPDATE_README_EXAMPLES=1 writes them instead.
 */

const MARKER = /<!-- rehearsal: ([\w.-]+) -->\n(`{3,})(\w+)\n([\s\S]*?)\2\n/g;
/** When the README's examples were made: the dates they show. */
const NOW = new Date("2026-11-30T08:00:00Z");

function blocks(text: string): Map<string, string> {
  return new Map([...text.matchAll(MARKER)].map(([, name, , , body]) => [name!, body!]));
}

/** Everything that changes from one run to the next, read alike. */
function normalized(text: string, directory: string): string {
  return (directory === "" ? text : text.replaceAll(`${directory}/`, ""))
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/ in \d+\.\d s\./g, " in 0.1 s.");
}

/** Runs the rehearsal of a config, lets `use` run commands against it, and returns every line each printed. */
async function rehearsed(
  config: unknown,
  options: { readonly deployed: boolean; readonly steps?: number; readonly configName?: string },
  use: (env: NodeJS.ProcessEnv, directory: string) => Promise<Record<string, string[]>>,
) {
  // A repository that ignores the rehearsal's directory, as the project's does.
  const directory = ignoringRepository(mkdtempSync(join(tmpdir(), "readme-")));
  // The name the docs give the config: room.json, or ended.json for the rehearsal of the ended event.
  const configFile = join(directory, options.configName ?? "room.json");
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const captured = capture(directory);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let results: Record<string, string[]> = {};
  const done = rehearse({
    env: { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: join(directory, "cdktf.out") },
    now: NOW,
    deployed: options.deployed,
    out: join(directory, "rehearsal"),
    cwd: directory,
    ...captured.options,
    stop: stopped,
    started: async (standIn: StandIn, seed) => {
      for (let step = 0; step < (options.steps ?? 0); step++)
        standIn.update((config as { organization: { name: string } }).organization.name, (room) =>
          advanceRoom(validConfig(config), room, step, new Date(NOW.getTime() + (step + 1) * 60_000)),
        );
      // Exactly what `source rehearsal/env` sets, as the README tells the reader to do.
      const env = sourced(join(directory, "rehearsal", "env"));
      expect(env).toMatchObject({
        WORKSHOP_CONFIG: configFile,
        TFE_ADDRESS: standIn.address,
        TFE_TOKEN: seed.facilitatorToken,
      });
      results = await use(env, directory);
      stop();
    },
  });
  expect(await done).toBe(0);
  return { lines: { rehearse: captured.printed, ...results } as Record<string, string[]>, directory };
}

/** The examples of commands that each case below runs with arguments, or more than once, itself. */
const MADE_WITH_ARGUMENTS = new Set(["rehearse", "preflight", "verify", "status", "handout"]);

/** The teardown's config as docs/workshop-day.md shows it, written beside the room's. */
function teardownFile(directory: string, shown: string): string {
  const file = join(directory, "teardown.json");
  writeFileSync(file, shown);
  return file;
}

/** The room's config for its next cohort: new names, the rest as it was. */
function nextCohortFile(directory: string): string {
  const config = JSON.parse(readFileSync(join(directory, "room.json"), "utf8")) as Record<string, unknown>;
  const file = join(directory, "next-cohort.json");
  writeFileSync(
    file,
    JSON.stringify({ ...config, attendees: { names: ["dave", { name: "erin", email: "erin@example.com" }] } }),
  );
  return file;
}

/**
 * The commands of the README's line that checks its rehearsal (`source rehearsal/env && npm run ... && ...`), each
 * with its arguments, a path under rehearsal/ read in the rehearsal's directory.
 */
function readmeRehearsalLine(
  directory: string,
): { readonly line: string; readonly name: RunnableName; argv: string[] }[] {
  const line = docText("README.md")
    .split("\n")
    .find((text) => text.trim().startsWith("source rehearsal/env && "));
  if (line === undefined) throw new Error("README.md: no line that sources rehearsal/env");
  return line
    .split("&&")
    .slice(1)
    .map((part) => {
      const words = part.trim().split(/\s+/);
      const dash = words.indexOf("--");
      const argv = dash < 0 ? [] : words.slice(dash + 1);
      return {
        line: part.trim(),
        name: words[2] as RunnableName,
        argv: argv.map((word) => (word.startsWith("rehearsal/") ? join(directory, word) : word)),
      };
    });
}

/**
 * A command's lines as a terminal shows them: what it printed, then what it reported, as the README shows both;
 * or only those of one stream, as a file it is redirected to holds them.
 */
async function linesOf(
  command: (options: ReturnType<typeof capture>["options"]) => Promise<number> | number,
  directory: string,
  only?: "print" | "report",
): Promise<string[]> {
  const captured = capture(directory);
  const lines: string[] = [];
  const kept = (stream: "print" | "report") => (line: string) =>
    only === undefined || only === stream ? lines.push(line) : undefined;
  await command({ ...captured.options, print: kept("print"), report: kept("report") });
  return lines;
}

describe("the documentation's workshop day", () => {
  const pages = new Map(DOC_PAGES.map((page) => [page, docText(page)]));
  const shown = new Map([...pages.values()].flatMap((text) => [...blocks(text)]));
  /**
   * The examples named after a command of bin/cli.js's list that no case below makes with arguments of its own: each
   * is what the command prints, run with no arguments in the workshop day's rehearsal, so that a new command's example
   * needs no line here.
   */
  const COMMAND_EXAMPLES = [...shown.keys()].filter(
    (name) => Object.hasOwn(COMMAND_SPECS, name) && !MADE_WITH_ARGUMENTS.has(name),
  ) as RunnableName[];
  const commandExamples = async (env: NodeJS.ProcessEnv, directory: string) =>
    Object.fromEntries(
      await Promise.all(
        COMMAND_EXAMPLES.map(
          async (name) =>
            [
              name,
              await linesOf((options) => COMMAND_SPECS[name].run([], { env, now: NOW, ...options }), directory),
            ] as const,
        ),
      ),
    );
  const room = JSON.parse(shown.get("room.json") ?? "{}") as Record<string, unknown>;

  it("shows the room the examples are made for: three attendees, two of them invited, and a team with a token", () => {
    // GIVEN the README's room WHEN validated
    const config = validConfig(room);
    // THEN it is the room the examples below speak of: their counts and names come from it
    expect(attendeeRoom(config).environments.map(({ name, email }) => ({ name, email }))).toEqual([
      { name: "alice", email: "alice@example.com" },
      { name: "bob", email: "bob@example.com" },
      { name: "carol", email: undefined },
    ]);
    expect(config.workspaces.map((workspace) => workspace.name)).toEqual(["aws_workshop"]);
    expect(config.teams.map((team) => [team.name, team.token?.description])).toEqual([
      ["workshop-pipeline", "workshop pipeline"],
    ]);
  });

  it("shows the README's room.json: workshop.config.json with the attendees the README's first step adds", () => {
    // GIVEN the committed default and the attendees of the README's first step, written as members of an object
    const readme = docText("README.md");
    const step = readme.slice(readme.indexOf("1. **Write the room.**"), readme.indexOf("2. **Rehearse it**"));
    const members = /```json\n([\s\S]*?)```/.exec(step)?.[1];
    expect(members).toBeDefined();
    const committed = JSON.parse(readFileSync(join(ROOT, "workshop.config.json"), "utf8")) as Record<string, unknown>;
    // THEN the room of every example is that config with them, field for field and in that order
    const expected = { ...committed, ...(JSON.parse(`{${members}}`) as Record<string, unknown>) };
    expect(JSON.stringify(room, null, 2)).toBe(JSON.stringify(expected, null, 2));
  });

  const teardown = shown.get("teardown.json") ?? "{}";

  it("shows the teardown's config: the room with every attendee and team removed", () => {
    expect(JSON.parse(teardown)).toEqual({ ...room, teams: [], attendees: [] });
  });

  it("shows what the commands print against npm run rehearse", async () => {
    const first = await rehearsed(room, { deployed: false }, async (env, directory) => ({
      "preflight-first": await linesOf((options) => preflight({ env, now: NOW, ...options }), directory),
      "handout-first": await linesOf(
        (options) => handout({ env, now: NOW, name: "bob", ...options }),
        directory,
        "report",
      ),
    }));
    // Verify uses every token, which Terraform Cloud (and the stand-in) shows as the token's last use: it runs in a
    // rehearsal of its own, right after the pretend deploy, so that the day's tokens show the simulated attendees'.
    const checked = await rehearsed(room, { deployed: true }, async (env, directory) => {
      const outputsFile = join(directory, "rehearsal", "outputs.json");
      const readmeLine: string[] = [];
      for (const command of readmeRehearsalLine(directory)) {
        const code = await COMMAND_SPECS[command.name].run(command.argv, {
          env,
          now: NOW,
          ...capture(directory).options,
        });
        readmeLine.push(`${command.line}: exit ${code}`);
      }
      return {
        readmeLine,
        verify: await linesOf((options) => verify({ env, now: NOW, outputsFile, ...options }), directory),
      };
    });
    const day = await rehearsed(room, { deployed: true, steps: 7 }, async (env, directory) => {
      return {
        "preflight-redeploy": await linesOf((options) => preflight({ env, now: NOW, ...options }), directory),
        status: await linesOf((options) => status({ env, now: NOW, ...options }), directory),
        ...(await commandExamples(env, directory)),
        handout: await linesOf((options) => handout({ env, now: NOW, name: "bob", ...options }), directory, "print"),
        "preflight-teardown": await linesOf(
          (options) =>
            preflight({ env: { ...env, WORKSHOP_CONFIG: teardownFile(directory, teardown) }, now: NOW, ...options }),
          directory,
        ),
        "preflight-next-cohort": await linesOf(
          (options) => preflight({ env: { ...env, WORKSHOP_CONFIG: nextCohortFile(directory) }, now: NOW, ...options }),
          directory,
        ),
        // Last: its record would count the tokens' last uses as verify's for the examples above.
        "verify-named": await linesOf(
          (options) =>
            COMMAND_SPECS.verify.run(["carol", "--outputs", join(directory, "rehearsal", "outputs.json")], {
              env,
              now: NOW,
              ...options,
            }),
          directory,
        ),
      };
    });
    const ended = await rehearsed(
      { ...room, event: { ended: true } },
      { deployed: true, steps: 7, configName: "ended.json" },
      async (env, directory) => ({
        "status-ended": await linesOf((options) => status({ env, now: NOW, ...options }), directory),
      }),
    );
    // THEN the README's line that checks the rehearsal runs through, every command of it passing
    expect(checked.lines.readmeLine).toEqual([
      "npm run preflight: exit 0",
      "npm run verify -- --outputs rehearsal/outputs.json: exit 0",
      "npm run status: exit 0",
    ]);
    const text = (run: { readonly lines: Record<string, string[]>; readonly directory: string }, name: string) =>
      normalized(`${run.lines[name]!.join("\n")}\n`, run.directory);
    const made = new Map<string, string>([
      ["preflight-first", text(first, "preflight-first")],
      ["handout-first", text(first, "handout-first")],
      ["status-ended", text(ended, "status-ended")],
      ["verify", text(checked, "verify")],
      ...[
        "rehearse",
        "preflight-redeploy",
        "status",
        ...COMMAND_EXAMPLES,
        "handout",
        "preflight-teardown",
        "preflight-next-cohort",
        "verify-named",
      ].map((name) => [name, text(day, name)] as [string, string]),
    ]);
    if (process.env.UPDATE_README_EXAMPLES === "1") {
      for (const [page, text] of pages) {
        const updated = text.replace(MARKER, (whole, name: string, fence: string, language: string) =>
          made.has(name) ? `<!-- rehearsal: ${name} -->\n${fence}${language}\n${made.get(name)}${fence}\n` : whole,
        );
        if (updated !== text) writeFileSync(join(ROOT, page), updated);
      }
      return;
    }
    for (const [name, text] of made)
      expect(normalized(shown.get(name) ?? "(missing from the documentation)", ""), name).toBe(text);
  });
});

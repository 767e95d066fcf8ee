// The room part of `npm run bench`, bundled and run by bench/bench.js: a rehearsal of a room of 1,000 attendees,
// against which verify and the board run as a facilitator runs them, counting what each asks of the stand-in and,
// for the board, how the page in Chromium keeps up with 1,000 tiles. Prints one JSON object on its last line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { BOARD_REQUESTS, startBoard } from "../operations/board/server";
import { prepareWorkshop, type Workshop } from "../commands/prepare-workshop";
import { rehearse } from "../commands/rehearse";
import { verify } from "../commands/verify";
import type { WorkshopConfig } from "../config/schema";
import { advanceRoom, type Rehearsal } from "../operations/rehearsal";
import { ApiClient, RATE_LIMIT_PER_SECOND, RequestPacer } from "../terraform-cloud/api-client";
import type { StandIn, StandInOrganization } from "../terraform-cloud/stand-in";
import type { StackJson } from "../terraform/stack-json";
import { StackValues } from "../terraform/values";

const ATTENDEES = 1000;
const CHROMIUM = process.env.WORKSHOP_CHROMIUM ?? "/usr/bin/chromium";
const ORGANIZATION = "acme-aws-workshop";

/** What the bench reports of the room. */
export interface RoomMeasures {
  readonly attendees: number;
  readonly verify: {
    readonly tokens: number;
    readonly requests: number;
    readonly seconds: number;
    readonly exitCode: number;
  };
  /**
   * The requests of the board's first refresh and of the next, in the room after every attendee pushed state at once,
   * and the most a refresh may send.
   */
  readonly board: { readonly firstRefresh: number; readonly refresh: number; readonly budget: number };
  /**
   * The deploy that ends the event: the objects it refreshes, those it deletes, and the least time the rate limit
   * allows.
   */
  readonly ending: {
    readonly objects: number;
    readonly deletes: number;
    readonly requests: number;
    readonly seconds: number;
  };
  readonly page?: {
    readonly tilesShownMs: number;
    readonly longestTaskMs: number;
    readonly updateShownMs: number;
    readonly longestUpdateTaskMs: number;
  };
}

/**
 * Run in the page before its own script: long tasks (50 ms or more of the main thread at once, what a person sees as
 * a page that stutters) are recorded, and the tiles' text read in one call (with their titles: a room of 1,000 is
 * coloured cells, whose stage is in the title). Browser code, kept as text: this file is
 * type-checked for Node.js.
 */
const IN_PAGE = `
  window.longTasks = [];
  window.tileTexts = () =>
    [...document.querySelectorAll("[data-attendee]")].map((tile) => tile.title + tile.textContent).join("\\n");
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.longTasks.push(entry.duration)))
    .observe({ type: "longtask", buffered: true });
`;

/** The commands run silent: the bench prints its own progress, and its measures as one line. */
const QUIET = { print: () => undefined, report: () => undefined };

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function measurePage(
  url: string,
  refresh: () => Promise<void>,
  advance: () => void,
): Promise<RoomMeasures["page"]> {
  if (!existsSync(CHROMIUM)) {
    progress(`no Chromium at ${CHROMIUM}: the page with ${ATTENDEES} tiles is not measured`);
    return undefined;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript(IN_PAGE);
    const longest = async () => Number(await page.evaluate("Math.max(0, ...window.longTasks.splice(0))"));
    const started = Date.now();
    await page.goto(url);
    await page
      .locator("[data-attendee]")
      .nth(ATTENDEES - 1)
      .waitFor({ timeout: 60_000 });
    const tilesShownMs = Date.now() - started;
    const longestTaskMs = await longest();
    const before = String(await page.evaluate("window.tileTexts()"));
    advance();
    await refresh();
    const updating = Date.now();
    // Polled from here: the page's content security policy refuses the eval that waitForFunction's predicate needs.
    for (let polls = 0; String(await page.evaluate("window.tileTexts()")) === before; polls++) {
      if (polls === 600) throw new Error("the page did not show the room's change within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const updateShownMs = Date.now() - updating;
    return { tilesShownMs, longestTaskMs, updateShownMs, longestUpdateTaskMs: await longest() };
  } finally {
    await browser.close();
  }
}

/** How many objects a synthesized stack makes: one per resource instance. */
function objectsOf(stack: StackJson): number {
  return [...new StackValues(stack).resourceInstances().values()].reduce((sum, instances) => sum + instances, 0);
}

/**
 * What the deploy that ends the event asks of Terraform Cloud, counted from the two synthesized stacks: Terraform's
 * refresh reads every object of the room once, then each object the ended stack no longer has is deleted once; at
 * the rate limit, no deploy takes less than those requests over 30 a second.
 */
function endingOf(running: StackJson, ended: StackJson): RoomMeasures["ending"] {
  const objects = objectsOf(running);
  const deletes = objects - objectsOf(ended);
  return { objects, deletes, requests: objects + deletes, seconds: (objects + deletes) / RATE_LIMIT_PER_SECOND };
}

/** Writes the bench's room of ATTENDEES attendees, running or with its event ended, as a config file. */
function writeRoom(file: string, ended: boolean): void {
  const names = Array.from({ length: ATTENDEES }, (_, index) => `attendee${String(index).padStart(4, "0")}`);
  writeFileSync(
    file,
    JSON.stringify({
      organization: { name: ORGANIZATION, email: "facilitator@example.com" },
      attendees: names,
      ...(ended ? { event: { ended: true } } : {}),
    }),
  );
}

/** The workshop of a config the bench wrote itself: one it refuses is the bench's own mistake. */
function workshopOf(env: NodeJS.ProcessEnv, now: Date, what: string): Workshop {
  const workshop = prepareWorkshop({ env, now, warnings: false, ...QUIET });
  if (workshop === undefined) throw new Error(`the bench's ${what} config was refused`);
  return workshop;
}

/** verify of every attendee's token against the rehearsal, at the default pace: what it asked and how long it took. */
async function measureVerify(
  standIn: StandIn,
  seed: Rehearsal,
  env: NodeJS.ProcessEnv,
  now: Date,
  outputsFile: string,
): Promise<RoomMeasures["verify"]> {
  progress(`verify of ${ATTENDEES} attendees' tokens at the default pace (about 80 s)`);
  const asked = standIn.requests.length;
  const started = process.hrtime.bigint();
  const exitCode = await verify({
    env: { ...env, TFE_ADDRESS: standIn.address, TFE_TOKEN: seed.facilitatorToken },
    now,
    outputsFile,
    ...QUIET,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { tokens: ATTENDEES, requests: standIn.requests.length - asked, seconds, exitCode };
}

/** The board against the rehearsal: what its first refresh and a later one ask, and how its page keeps up. */
async function measureBoard(
  standIn: StandIn,
  seed: Rehearsal,
  config: WorkshopConfig,
): Promise<Pick<RoomMeasures, "board" | "page">> {
  progress("the board's refreshes, after every attendee pushed state at once");
  let rehearsed: StandInOrganization["workspaces"];
  standIn.update(ORGANIZATION, (room) => {
    rehearsed = room.workspaces;
    const pushedAt = new Date().toISOString();
    return { ...room, workspaces: rehearsed?.map((workspace) => ({ ...workspace, stateAt: pushedAt })) };
  });
  const client = new ApiClient({ address: standIn.address, token: seed.facilitatorToken, pacer: new RequestPacer() });
  const beforeBoard = standIn.requests.length;
  const board = await startBoard({ config, client, port: 0, intervalMs: 3_600_000, now: () => new Date() });
  try {
    await board.refresh();
    const firstRefresh = standIn.requests.length - beforeBoard;
    const beforeSecond = standIn.requests.length;
    await board.refresh();
    const refresh = standIn.requests.length - beforeSecond;
    // The page is measured in the room as rehearsed, where a change of an attendee changes their tile.
    standIn.update(ORGANIZATION, (room) => ({ ...room, workspaces: rehearsed }));
    await board.refresh();
    progress(`the page with ${ATTENDEES} tiles in Chromium`);
    let step = 0;
    const page = await measurePage(
      board.url,
      () => board.refresh(),
      () => standIn.update(ORGANIZATION, (room) => advanceRoom(config, room, step++, new Date())),
    );
    return { board: { firstRefresh, refresh, budget: BOARD_REQUESTS }, ...(page === undefined ? {} : { page }) };
  } finally {
    await board.close();
  }
}

/**
 * Rehearses the room in a directory git ignores, as the project's rehearsal/ is (the rehearsal writes its tokens
 * only into one), and measures verify and the board against it, and the deploy that ends the event.
 */
async function measureRoom(directory: string): Promise<RoomMeasures> {
  spawnSync("git", ["init", "-q"], { cwd: directory });
  writeFileSync(join(directory, ".gitignore"), "*\n");
  const configFile = join(directory, "room.json");
  const endedFile = join(directory, "ended.json");
  writeRoom(configFile, false);
  writeRoom(endedFile, true);
  const now = new Date();
  const env = { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: join(directory, "cdktf.out") };
  const workshop = workshopOf(env, now, "room");
  const endedWorkshop = workshopOf({ ...env, WORKSHOP_CONFIG: endedFile }, now, "ended room");
  const ending = endingOf(workshop.stack.toTerraform() as StackJson, endedWorkshop.stack.toTerraform() as StackJson);
  let measures: RoomMeasures | undefined;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const code = await rehearse({
    env,
    now,
    out: join(directory, "rehearsal"),
    cwd: directory,
    ...QUIET,
    stop: stopped,
    started: async (standIn, seed) => {
      try {
        const verified = await measureVerify(standIn, seed, env, now, join(directory, "rehearsal", "outputs.json"));
        const { board, page } = await measureBoard(standIn, seed, workshop.config);
        measures = { attendees: ATTENDEES, verify: verified, board, ending, ...(page === undefined ? {} : { page }) };
      } finally {
        stop();
      }
    },
  });
  if (code !== 0 || measures === undefined)
    throw new Error(`the rehearsal of ${ATTENDEES} attendees failed (exit ${code})`);
  return measures;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "workshop-bench-room-"));
  try {
    process.stdout.write(`${JSON.stringify(await measureRoom(directory))}\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});

import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import {
  BOARD_REQUESTS,
  BOARD_STATE_READS,
  startBoard,
  type BoardServerProps,
  type RunningBoard,
} from "../operations/board/server";
import type { BoardData } from "../operations/board/shape";
import { NO_VERIFY_RECORD, type VerifyRecord } from "../operations/verify-record";
import { ApiClient, RequestPacer } from "../terraform-cloud/api-client";
import type { Fault, StandInIdentity, StandInOrganization } from "../terraform-cloud/stand-in";
import { attendeeTokenDescription } from "../workshop/defaults";
import { validConfig } from "./support";
import {
  DEPLOYED_AT,
  deployedSeed,
  fakeClouds,
  fakeToken,
  movedClock,
  ROOM,
  withStatePushed,
  withTokensUsed,
} from "./workshop-day-support";

/** Debian's Chromium, which .ci/run installs; WORKSHOP_CHROMIUM names another build (GitHub's runners have Chrome). */
const CHROMIUM = process.env.WORKSHOP_CHROMIUM ?? "/usr/bin/chromium";
const ORG = ROOM.organization.name;
/** The workshop-day tests' room, and carol, who has no email. */
const room = { ...ROOM, attendees: { names: [...ROOM.attendees.names, "carol"] } };
const cloud = fakeClouds();
/** WORKSHOP_BOARD_SCREENSHOTS=docs writes the README's pictures of the board from these tests. */
const SCREENSHOTS = process.env.WORKSHOP_BOARD_SCREENSHOTS;

let browser: Browser;
// Chromium starts in a second or two alone, in many more beside the rest of the suite on two cores.
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}: the board is tested in a real browser; install Debian's chromium ` +
        "(apt-get install chromium) or name a Chromium in WORKSHOP_CHROMIUM, and run the tests again",
    );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The board's client of a stand-in, its requests paced on a clock of their own: no test waits for the pace. */
function boardClient(address: string, token: string): ApiClient {
  return new ApiClient({ address, token, pacer: new RequestPacer(movedClock().pacing) });
}

/**
 * The board of `config` on a free port, reading the stand-in at `address` with `token`; its interval is an hour, so it
 * refreshes when a test says.
 */
function boardOf(
  config: WorkshopConfig,
  address: string,
  token: string,
  now: () => Date,
  more: Pick<BoardServerProps, "verifyRecord" | "report"> = {},
): Promise<RunningBoard> {
  return startBoard({ config, client: boardClient(address, token), port: 0, intervalMs: 3_600_000, now, ...more });
}

/** How many state versions a stand-in was asked for. */
const stateReadsOf = (fake: { readonly requests: readonly string[] }) =>
  fake.requests.filter((path) => path.endsWith("/current-state-version")).length;

/** A clock for the board's server that only the test moves. */
function serverClock(start: Date) {
  let now = start.getTime();
  return { now: () => new Date(now), move: (ms: number) => (now += ms), iso: () => new Date(now).toISOString() };
}

/**
 * Opens the board in a page of that size with its clock held, and returns a function that reads Terraform Cloud
 * again, moves both clocks on and waits for the page to have drawn that answer: no test waits on the wall clock.
 */
async function openBoard(
  board: RunningBoard,
  clock: ReturnType<typeof serverClock>,
  viewport: { width: number; height: number },
  watch?: (page: Page) => void,
) {
  const page = await browser.newPage({ viewport });
  watch?.(page);
  // The page asks its server again a second after each answer: its clock is held, so that it asks only when the
  // test moves it on, never while the board is reading. Installed, it runs on until paused: an hour before the pause,
  // so that the pause is still ahead of it however long a loaded machine takes between the two.
  await page.clock.install({ time: new Date("2026-11-30T09:00:01Z") });
  await page.clock.pauseAt(new Date("2026-11-30T10:00:01Z"));
  await page.goto(board.url);
  const drawn = () => page.locator(`body[data-served-at="${clock.iso()}"]`).waitFor();
  await drawn();
  const refreshed = async (ms = 1000) => {
    clock.move(ms);
    await board.refresh();
    await page.clock.fastForward(1000);
    await drawn();
  };
  return { page, refreshed };
}

/** What the page fetches from the board's server: the text as served, and the data, typed as the page reads it. */
async function boardJson(board: RunningBoard): Promise<{ readonly text: string; readonly data: BoardData }> {
  const text = await (await fetch(`${board.url}board.json`)).text();
  return { text, data: JSON.parse(text) as BoardData };
}

/** The funnel's numbers as a person reads them, by step. */
async function funnelOf(page: Page): Promise<Record<string, string>> {
  const steps = await page.locator("#funnel li").all();
  const read = async (step: (typeof steps)[number]): Promise<[string, string]> => [
    String(await step.getAttribute("data-stage")),
    (await step.locator(".count").innerText()) + " " + (await step.locator(".of").innerText()),
  ];
  return Object.fromEntries(await Promise.all(steps.map(read)));
}

/**
 * What a person sees of the page's fit: whether it scrolls, how many tiles stand outside the room or the screen, the
 * smallest text shown, the tiles' mode, and the lines cut short (an ellipsis) or below the "needs attention" list.
 * Browser code, kept as text: this file is type-checked for Node.js.
 */
const FIT = `(() => {
  const room = document.getElementById("room").getBoundingClientRect();
  const outside = [...document.querySelectorAll("[data-attendee]")].filter((tile) => {
    const box = tile.getBoundingClientRect();
    return box.left < room.left || box.top < room.top || box.right > room.right + 0.5 || box.bottom > room.bottom + 0.5
      || box.bottom > innerHeight || box.right > innerWidth;
  });
  const sizes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node.textContent.trim() === "" || node.parentElement.getClientRects().length === 0) continue;
    sizes.push(parseFloat(getComputedStyle(node.parentElement).fontSize));
  }
  const scroller = document.scrollingElement;
  const lines = document.querySelectorAll("#freshness, #event, #funnel .label, #attention li, #side li, #legend li");
  return {
    scrolls: scroller.scrollHeight > innerHeight || scroller.scrollWidth > innerWidth,
    tilesOutside: outside.length,
    smallestText: Math.min(...sizes),
    mode: document.getElementById("tiles").dataset.mode,
    cut: [
      ...[...lines].filter((line) => line.scrollWidth > line.clientWidth + 1),
      ...[...document.querySelectorAll("#attention li")].filter((line) => line.getBoundingClientRect().bottom
        > document.getElementById("attention").getBoundingClientRect().bottom + 0.5),
    ].map((line) => line.textContent),
  };
})()`;
/** How many lines of text an element's content box holds: browser code, kept as text as FIT is. */
const linesOf = (page: Page, selector: string) =>
  page.evaluate<number>(`(() => {
  const element = document.querySelector(${JSON.stringify(selector)});
  const style = getComputedStyle(element);
  const content = element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return Math.round(content / parseFloat(style.lineHeight));
})()`);
const fitOf = (page: Page) =>
  page.evaluate<{ scrolls: boolean; tilesOutside: number; smallestText: number; mode: string; cut: string[] }>(FIT);

/** The room as rehearsed: deployed, then alice joined, used her token, pushed state and manages 5 resources. */
function seeded() {
  const { seed, room: deployed } = deployedSeed(room);
  const progressed: StandInOrganization = {
    ...withTokensUsed(
      withStatePushed(deployed, { "aws_workshop-alice": 5 }, "2026-11-30T09:40:00Z"),
      ["alice"],
      "2026-11-30T09:30:00Z",
    ),
    memberships: [
      { email: "alice@example.com", status: "active" },
      { email: "bob@example.com", status: "invited" },
    ],
  };
  return { config: validConfig(room), seed, organization: progressed };
}

describe("npm run board, in a real browser", () => {
  let page: Page;
  let board: RunningBoard;
  let fake: Awaited<ReturnType<typeof cloud>>;
  let refreshed: () => Promise<void>;
  let broken = false;
  let verifyRecord: VerifyRecord = NO_VERIFY_RECORD;
  /** What the board wrote to its terminal. */
  const terminal: string[] = [];
  const requested: string[] = [];
  const bodies: string[] = [];
  /** Each answer the page got, as `status path`, and what the browser's console said of errors. */
  const answered: string[] = [];
  const consoleErrors: string[] = [];
  const { config, seed, organization } = seeded();
  const secrets = [seed.facilitatorToken, ...seed.tokens.keys()];
  const clock = serverClock(new Date("2026-11-30T10:00:00Z"));

  beforeAll(async () => {
    const failing: Fault = () => (broken ? { status: 502, text: "bad gateway" } : undefined);
    fake = await cloud({
      organizations: [organization],
      tokens: seed.tokens,
      faults: { [`/api/v2/organizations/${ORG}/workspaces`]: failing },
    });
    board = await boardOf(config, fake.address, seed.facilitatorToken, clock.now, {
      verifyRecord: () => verifyRecord,
      report: (line) => terminal.push(line),
    });
    await board.refresh();
    ({ page, refreshed } = await openBoard(board, clock, { width: 1600, height: 900 }, (opened) => {
      opened.on("request", (request) => requested.push(request.url()));
      opened.on("response", (response) => answered.push(`${response.status()} ${new URL(response.url()).pathname}`));
      opened.on("console", (message) => void (message.type() === "error" && consoleErrors.push(message.text())));
      opened.on(
        "response",
        (response) =>
          void response.text().then(
            (text) => bodies.push(text),
            () => undefined,
          ),
      );
    }));
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "board.png") });
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await board?.close();
  });

  const tileText = (attendee: string) => page.locator(`[data-attendee="${attendee}"]`).innerText();
  const funnel = () => funnelOf(page);
  it(
    "shows every attendee with how far they came, in words, the " + "room's funnel, and never a word of teardown",
    async () => {
      expect(await page.locator("#tiles").getAttribute("data-mode")).toBe("steps");
      expect(await page.locator(".tile").count()).toBe(3);
      expect(await tileText("alice")).toMatch(
        /^alice\nMANAGING RESOURCES\n✓ invited\n✓ joined\n✓ token used \d\d:\d\d\n✓ state pushed \d\d:\d\d\n✓ resources 5$/,
      );
      expect(await tileText("bob")).toMatch(
        /^bob\nINVITED\n✓ invited\n· joined\n· token used\n· state pushed\n· resources$/,
      );
      expect(await tileText("carol")).toMatch(/^carol\nNOT STARTED\n– no invitation\n– no membership\n/);
      expect(await funnel()).toEqual({
        invited: "2 of 2",
        joined: "1 of 2",
        connected: "1 of 3",
        pushed: "1 of 3",
        managing: "1 of 3",
      });
      expect(await page.locator("#side").innerText()).toMatch(
        /workspace aws_workshop: 0 resources\nteam workshop-pipeline: token not used yet/,
      );
      expect(await page.locator("body").innerText()).not.toMatch(/teardown/i);
    },
  );

  it("shows an update once Terraform Cloud changes and the board has read it", async () => {
    fake.update(ORG, (current) => ({
      ...withTokensUsed(current, ["bob"], "2026-11-30T10:00:00Z"),
      memberships: [
        { email: "alice@example.com", status: "active" },
        { email: "bob@example.com", status: "active" },
      ],
    }));
    await refreshed();
    expect(await tileText("bob")).toMatch(/^bob\nTOKEN USED\n✓ invited\n✓ joined\n✓ token used \d\d:\d\d\n/);
  });

  it("never shows an attendee without an email as invited or joined, even once their token is used", async () => {
    // GIVEN carol, who has no email and so no invitation, uses her token
    fake.update(ORG, (current) => withTokensUsed(current, ["carol"], "2026-11-30T10:05:00Z"));
    // WHEN the board reads it THEN her tile says she was not invited, and the funnel counts her as connected, not as
    // joined
    await refreshed();
    expect(await tileText("carol")).toMatch(
      /^carol\nTOKEN USED\n– no invitation\n– no membership\n✓ token used \d\d:\d\d\n/,
    );
    expect(await funnel()).toEqual({
      invited: "2 of 2",
      joined: "2 of 2",
      connected: "3 of 3",
      pushed: "1 of 3",
      managing: "1 of 3",
    });
  });

  it(
    "shows a date Terraform Cloud gave that is no date as unreadable, in the " +
      "page and in /board.json, never NaN nor the server's text",
    async () => {
      // GIVEN bob's token last used "yesterday"
      fake.update(ORG, (current) => withTokensUsed(current, ["bob"], "yesterday"));
      // WHEN the board reads it
      await refreshed();
      // THEN his tile says the date is unreadable, and the data the page fetches carries "unreadable"
      expect(await tileText("bob")).toMatch(/\n✓ token used \(date unreadable\)\n/);
      const { text, data } = await boardJson(board);
      expect(data.snapshot?.tiles.find((tile) => tile.attendee === "bob")?.tokenLastUsedAt).toBe("unreadable");
      expect(text).not.toContain("yesterday");
      expect(await page.content()).not.toContain("NaN");
    },
  );

  it("shows a team's token used by verify alone as not used yet, as status and the attendees' tiles do", async () => {
    // GIVEN verify used the pipeline's token at 09:00, and the board's machine has verify's record of it
    fake.update(ORG, (current) => ({
      ...current,
      teamTokens: current.teamTokens!.map((token) =>
        token.description === "workshop pipeline" ? { ...token, lastUsedAt: "2026-11-30T09:00:00Z" } : token,
      ),
    }));
    verifyRecord = {
      kind: "read",
      file: "verified-tokens.json",
      usedAt: new Map([["workshop-pipeline", "2026-11-30T09:00:00.500Z"]]),
    };
    // WHEN the board reads the room THEN its side list says the team has not used its token yet
    await refreshed();
    expect(await page.locator("#side").innerText()).toMatch(/\nteam workshop-pipeline: token not used yet$/);
  });

  it(
    "keeps the last room seen when a refresh fails, marks it stale, says so to the room in one " +
      "sentence on a projector's 1280x720, and what failed on the board's terminal, once",
    async () => {
      // GIVEN the board on a projector's 1280x720, and Terraform Cloud answering 502 to the workspaces' list
      await page.setViewportSize({ width: 1280, height: 720 });
      broken = true;
      // WHEN two refreshes fail
      await refreshed();
      await refreshed();
      broken = false;
      // THEN the page says in one sentence, on one line, that it shows the room as last read, with no terminal advice
      const failure = page.locator("#failure");
      expect(await failure.innerText()).toMatch(
        /^Cannot read Terraform Cloud; showing the room as it was at \d\d:\d\d\. The board's terminal says why\.$/,
      );
      expect(await linesOf(page, "#failure")).toBe(1);
      expect(await page.locator("#freshness").innerText()).toMatch(/^STALE: read 2 s ago, at \d\d:\d\d$/);
      expect(await page.locator(".tile").count()).toBe(3);
      expect((await fitOf(page)).scrolls).toBe(false);
      // AND the board's terminal says what failed, once for the two refreshes
      expect(terminal).toHaveLength(1);
      expect(terminal[0]).toMatch(
        /^board: refresh failed at 2026-11-30T10:00:\d\d\.000Z, the page shows the room as last read: GET \/api\/v2\/organizations\/acme-aws-workshop\/workspaces\?page%5Bnumber%5D=1&page%5Bsize%5D=100 answered 502: Terraform Cloud could not answer/,
      );
      // WHEN the next refresh succeeds THEN the page is live again, and the terminal says so
      await refreshed();
      expect(await failure.isHidden()).toBe(true);
      expect(terminal[1]).toMatch(/^board: Terraform Cloud answers again at 2026-11-30T10:00:\d\d\.000Z\.$/);
    },
  );

  it("shows no token, in the page or in anything it fetched", async () => {
    const everything = [await page.content(), ...bodies].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it("answers every request of the page, with an icon of its own: no 404 in the browser's console", async () => {
    expect(answered.filter((line) => !line.startsWith("200 "))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // The icon the page names is the board's, an image its policy allows ('self'), so no /favicon.ico is asked for
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    const answer = await fetch(new URL(icon!, board.url));
    expect([answer.status, answer.headers.get("content-type")]).toEqual([200, "image/svg+xml; charset=utf-8"]);
    expect(await answer.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it("asks nothing of any host but the board itself", () => {
    const origin = new URL(board.url).origin;
    expect(requested.length).toBeGreaterThan(2);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  });

  it(
    "refuses a request that names another host, as a page " + "elsewhere could by pointing a name at 127.0.0.1",
    async () => {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const asked = request(`${board.url}board.json`, { headers: { Host: "attacker.example" } }, (answer) => {
          answer.resume();
          resolve(answer.statusCode);
        });
        asked.on("error", reject).end();
      });
      expect(status).toBe(421);
    },
  );
});

describe("the board's requests", () => {
  it(
    `reads at most ${BOARD_STATE_READS} state versions a refresh, ` +
      "the others on the next ones, saying so meanwhile",
    async () => {
      // GIVEN a room of 25 attendees who have all pushed state before the board starts
      const names = Array.from({ length: 25 }, (_, index) => `a${String(index).padStart(2, "0")}`);
      const config = validConfig({ organization: room.organization, attendees: names });
      const workspaces = names.map((name) => ({
        id: `ws-${name}`,
        name: `aws_workshop-${name}`,
        executionMode: "local",
        resourceCount: 1,
        stateAt: "2026-11-30T09:00:00Z",
      }));
      const token = "F4c1l1tatorB0ardT0ken";
      const fake = await cloud({
        organizations: [{ name: ORG, teams: true, workspaces }],
        tokens: new Map([[token, { kind: "user", username: "facilitator", owns: [ORG] }]]),
      });
      const board = await boardOf(config, fake.address, token, () => new Date());
      const stateReads = () => stateReadsOf(fake);
      const snapshot = async () => (await boardJson(board)).data.snapshot!;
      try {
        // WHEN it refreshes THEN the first refresh reads 20, shows the others without a time and says why
        await board.refresh();
        expect(stateReads()).toBe(BOARD_STATE_READS);
        const first = await snapshot();
        expect(first.tiles.filter((tile) => tile.lastStateAt === null)).toHaveLength(5);
        expect(first.warnings).toContain(
          "warning: when the state of 5 workspaces was pushed is read on a later refresh, a few at a time " +
            "(aws_workshop-a20, aws_workshop-a21, aws_workshop-a22, aws_workshop-a23, aws_workshop-a24).",
        );
        // AND the next refresh reads the other 5, and none is read twice
        await board.refresh();
        await board.refresh();
        expect(stateReads()).toBe(25);
        expect((await snapshot()).tiles.every((tile) => tile.lastStateAt === "2026-11-30T09:00:00Z")).toBe(true);
      } finally {
        await board.close();
      }
    },
  );

  it(
    `sends at most ${BOARD_REQUESTS} requests a refresh in a room of 1,000 who all ` +
      "pushed before it started: the state versions get what the lists leave",
    async () => {
      // GIVEN 1,000 attendees, without emails, each of whom has pushed state
      const names = Array.from({ length: 1000 }, (_, index) => `attendee${String(index).padStart(4, "0")}`);
      const config = validConfig({ organization: room.organization, attendees: names });
      const { organization, tokens, facilitatorToken } = builtRoom(config, () => "pushed");
      const fake = await cloud({ organizations: [organization], tokens });
      const board = await boardOf(config, fake.address, facilitatorToken, () => new Date());
      const stateReads = () => stateReadsOf(fake);
      try {
        // WHEN it refreshes, and once more
        await board.refresh();
        const first = { requests: fake.requests.length, stateReads: stateReads() };
        await board.refresh();
        const second = { requests: fake.requests.length - first.requests, stateReads: stateReads() - first.stateReads };
        // THEN the first sends 33 for who the token is, the organization and the lists of 1,001 workspaces, 1,000 teams
        // and 1,000 tokens, 100 to a page, and 7 state versions; the next 21 for the workspaces and tokens, and 19
        expect(first).toEqual({ requests: BOARD_REQUESTS, stateReads: 7 });
        expect(second).toEqual({ requests: BOARD_REQUESTS, stateReads: 19 });
        // AND the board says that the others' times are read on later refreshes
        expect((await boardJson(board)).data.snapshot!.warnings).toContainEqual(
          expect.stringContaining("warning: when the state of 974 workspaces was pushed is read on a later refresh"),
        );
      } finally {
        await board.close();
      }
    },
  );

  it("reads each current state version once: a later refresh asks only for the states pushed since", async () => {
    // GIVEN the rehearsed room, where alice has pushed state
    const { config, seed, organization } = seeded();
    const fake = await cloud({ organizations: [organization], tokens: seed.tokens });
    const board = await boardOf(config, fake.address, seed.facilitatorToken, () => new Date());
    try {
      // WHEN it refreshes twice, then once more after bob pushed state
      await board.refresh();
      await board.refresh();
      const twice = stateReadsOf(fake);
      fake.update(ORG, (current) => ({
        ...current,
        workspaces: current.workspaces!.map((workspace) =>
          workspace.name === "aws_workshop-bob" ? { ...workspace, stateAt: "2026-11-30T10:00:00Z" } : workspace,
        ),
      }));
      await board.refresh();
      // THEN alice's state version was read once, and bob's once it was there
      expect(twice).toBe(1);
      expect(stateReadsOf(fake)).toBe(2);
      const { data } = await boardJson(board);
      expect(data.snapshot?.tiles.map((tile) => `${tile.attendee} ${tile.lastStateAt}`)).toEqual([
        "alice 2026-11-30T09:40:00Z",
        "bob 2026-11-30T10:00:00Z",
        "carol null",
      ]);
    } finally {
      await board.close();
    }
  });
});

/** How far one attendee of a built room has come. */
type Progress = "no-membership" | "invited" | "joined" | "connected" | "pushed" | "managing";
const PROGRESS: readonly Progress[] = ["no-membership", "invited", "joined", "connected", "pushed", "managing"];

/**
 * A deployed room as the stand-in serves it, built straight from the config (a synth of 1,000 attendees would
 * cost the suite seconds): each attendee's workspace, team and token, and their membership, as far as `progress` says.
 */
function builtRoom(config: WorkshopConfig, progress: (index: number) => Progress, tokensExpireAt?: string) {
  const facilitatorToken = fakeToken("facilitator");
  const tokens = new Map<string, StandInIdentity>([
    [facilitatorToken, { kind: "user", username: "facilitator", owns: [ORG] }],
  ]);
  const environments = attendeeRoom(config).environments;
  const reached = (index: number, step: Progress) => PROGRESS.indexOf(progress(index)) >= PROGRESS.indexOf(step);
  const organization: StandInOrganization = {
    name: ORG,
    teams: true,
    workspaces: [
      { id: "ws-base", name: "aws_workshop", executionMode: "local" },
      ...environments.map((attendee, index) => ({
        id: `ws-${index}`,
        name: attendee.workspaceName,
        executionMode: "local",
        ...(reached(index, "pushed")
          ? { stateAt: "2026-11-30T09:40:00Z", resourceCount: reached(index, "managing") ? 3 + (index % 9) : 0 }
          : {}),
      })),
    ],
    teamList: environments.map((attendee, index) => ({
      id: `team-${index}`,
      name: attendee.workspaceName,
      access: { [attendee.workspaceName]: "write" as const },
    })),
    teamTokens: environments.map((attendee, index) => ({
      id: `at-${index}`,
      teamId: `team-${index}`,
      description: attendeeTokenDescription(attendee.name),
      createdAt: DEPLOYED_AT.toISOString(),
      ...(tokensExpireAt === undefined ? {} : { expiredAt: tokensExpireAt }),
      ...(reached(index, "connected") ? { lastUsedAt: "2026-11-30T09:30:00Z" } : {}),
    })),
    memberships: environments.flatMap((attendee, index) =>
      attendee.email === undefined || !reached(index, "invited")
        ? []
        : [{ email: attendee.email, status: reached(index, "joined") ? ("active" as const) : ("invited" as const) }],
    ),
  };
  return { organization, tokens, facilitatorToken };
}

/**
 * A board of a built room against its own stand-in, with a clock only the test moves, open in a page of that size
 * for the tests of the describe() that calls it; its tokens expire at `tokensExpireAt`, or never.
 */
function wallOnScreen(
  config: WorkshopConfig,
  progress: (index: number) => Progress,
  viewport: { width: number; height: number },
  tokensExpireAt?: string,
) {
  const wall = {} as Awaited<ReturnType<typeof openBoard>>;
  let board: RunningBoard | undefined;
  beforeAll(async () => {
    const { organization, tokens, facilitatorToken } = builtRoom(config, progress, tokensExpireAt);
    const fake = await cloud({ organizations: [organization], tokens });
    const clock = serverClock(new Date("2026-11-30T10:00:00Z"));
    board = await boardOf(config, fake.address, facilitatorToken, clock.now);
    await board.refresh();
    Object.assign(wall, await openBoard(board, clock, viewport));
  }, 60_000);
  afterAll(async () => {
    await wall.page?.close();
    await board?.close();
  });
  return wall;
}

const FIRST_NAMES = [
  "ada",
  "alan",
  "barbara",
  "claude",
  "dennis",
  "donald",
  "edsger",
  "frances",
  "grace",
  "guido",
  "hedy",
  "ivan",
  "james",
  "jean",
  "john",
  "ken",
  "leslie",
  "linus",
  "margaret",
  "niklaus",
  "radia",
  "richard",
  "shafi",
  "sophie",
  "tim",
  "tony",
  "vint",
  "whitfield",
  "yukihiro",
  "zhang",
];

describe("the board for the wall: a room of 30 on a 1366x768 screen", () => {
  // Six of each, from the top: managing, pushed, token used, joined; then three invited, one whose invitation
  // is gone (whitfield), and two without an email, who are never invited.
  const stageOf = (index: number): Progress =>
    index < 24 ? PROGRESS[5 - Math.floor(index / 6)]! : index < 27 ? "invited" : "no-membership";
  const names = FIRST_NAMES.map((name, index) => (index < 28 ? { name, email: `${name}@example.com` } : name));
  const config = validConfig({ ...room, attendees: { names } });
  const wall = wallOnScreen(config, stageOf, { width: 1366, height: 768 });

  it("shows every attendee's name and stage on one screen, with no scrollbar and no text under 14 px", async () => {
    expect(await wall.page.locator("[data-attendee]").count()).toBe(30);
    const fit = await fitOf(wall.page);
    expect(fit).toMatchObject({ scrolls: false, tilesOutside: 0, mode: "names", cut: [] });
    expect(fit.smallestText).toBeGreaterThanOrEqual(14);
    expect(await wall.page.locator('[data-attendee="ada"]').innerText()).toBe("ada\n3 resources");
    expect(await wall.page.locator('[data-attendee="whitfield"]').innerText()).toBe("whitfield\nnot started\n!");
    expect(await wall.page.locator('[data-attendee="zhang"]').getAttribute("title")).toBe("zhang: not started");
    // a config without an event: no event line
    expect(await wall.page.locator("#event").isHidden()).toBe(true);
    expect(await wall.page.locator("header").innerText()).not.toMatch(/ends in|event/);
  });

  it("lays the room out again when the window changes size: every step on a larger screen", async () => {
    // WHEN the same room is shown on 1920x1080 THEN its 30 tiles have room for every step, and still fit
    await wall.page.setViewportSize({ width: 1920, height: 1080 });
    await wall.page.locator('#tiles[data-mode="steps"]').waitFor();
    expect(await fitOf(wall.page)).toMatchObject({ scrolls: false, tilesOutside: 0, mode: "steps", cut: [] });
    expect(await wall.page.locator('[data-attendee="ada"]').innerText()).toMatch(
      /^ada\nMANAGING RESOURCES\n✓ invited\n/,
    );
    // WHEN it is back on 1366x768 THEN names and stages again
    await wall.page.setViewportSize({ width: 1366, height: 768 });
    await wall.page.locator('#tiles[data-mode="names"]').waitFor();
    expect(await fitOf(wall.page)).toMatchObject({ scrolls: false, tilesOutside: 0, mode: "names", cut: [] });
  });

  it("counts the funnel: invited and joined of those with an email, the rest of everyone", async () => {
    expect(await funnelOf(wall.page)).toEqual({
      invited: "27 of 28",
      joined: "24 of 28",
      connected: "18 of 30",
      pushed: "12 of 30",
      managing: "6 of 30",
    });
  });

  it(
    "lists at once who has an email but no invitation, and after 15 minutes who was invited and did not join, " +
      "did not use their token (joined, or without an email), or used it and pushed no state",
    async () => {
      // GIVEN the first read: whitfield's invitation is gone
      expect(await wall.page.locator("#attention").innerText()).toBe("whitfield: no invitation");
      expect(await wall.page.locator('[data-attendee="whitfield"]').getAttribute("data-attention")).toBe("not-invited");
      // WHEN 14 minutes pass with no change THEN nobody else is listed yet
      await wall.refreshed(14 * 60_000);
      expect(await wall.page.locator("[data-needs]").count()).toBe(1);
      // WHEN a 16th minute passes THEN the three invited, the six joined, the two without an email who have not used
      // their token and the six who used it and pushed no state are listed, in that order, as far as the list holds
      await wall.refreshed(2 * 60_000);
      const listed = [
        "whitfield: no invitation",
        "tim: not joined for 16 min",
        "tony: not joined for 16 min",
        "vint: not joined for 16 min",
        "margaret: token unused for 16 min",
        "niklaus: token unused for 16 min",
        "radia: token unused for 16 min",
        "richard: token unused for 16 min",
        "shafi: token unused for 16 min",
        "sophie: token unused for 16 min",
        "yukihiro: token unused for 16 min",
        "zhang: token unused for 16 min",
        "james: no state pushed for 16 min",
        "jean: no state pushed for 16 min",
        "john: no state pushed for 16 min",
        "ken: no state pushed for 16 min",
        "leslie: no state pushed for 16 min",
        "linus: no state pushed for 16 min",
      ];
      const lines = (await wall.page.locator("#attention").innerText()).split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(10);
      expect(lines).toEqual([
        ...listed.slice(0, lines.length - 1),
        `and ${listed.length - (lines.length - 1)} more: see npm run status`,
      ]);
      expect(await wall.page.locator("#attention-count").innerText()).toBe("(18)");
      expect(await wall.page.locator('[data-attendee="tony"] .mark').innerText()).toBe("!");
      expect((await fitOf(wall.page)).cut).toEqual([]);
      expect(await wall.page.locator("body").innerText()).not.toMatch(/teardown/i);
      if (SCREENSHOTS) await wall.page.screenshot({ path: join(SCREENSHOTS, "board-30.png") });
    },
  );
});

describe("the board for the wall: a room of 1,000 on a 1920x1080 screen", () => {
  // Spread as a hash spreads them, as a real room is: about 45 in 100 managing resources, 20 with state, 15 who used
  // their token, 10 joined, 8 invited and 2 whose invitation is gone (a hash, so the numbers below are exact).
  const stageOf = (index: number): Progress => {
    const mixed = Math.imul(index + 1, 0x9e3779b1);
    const at = (Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0) % 100;
    return at < 2
      ? "no-membership"
      : at < 10
        ? "invited"
        : at < 20
          ? "joined"
          : at < 35
            ? "connected"
            : at < 55
              ? "pushed"
              : "managing";
  };
  const names = Array.from({ length: 1000 }, (_, index) => ({
    name: `attendee${String(index).padStart(4, "0")}`,
    email: `attendee${index}@example.com`,
  }));
  const config = validConfig({ ...room, attendees: { names } });
  const wall = wallOnScreen(config, stageOf, { width: 1920, height: 1080 });

  it(
    "shows every attendee as a coloured cell on one screen, the name " +
      "on hover, with no scrollbar and no text under 14 px",
    async () => {
      expect(await wall.page.locator("[data-attendee]").count()).toBe(1000);
      const fit = await fitOf(wall.page);
      expect(fit).toMatchObject({ scrolls: false, tilesOutside: 0, mode: "cells", cut: [] });
      expect(fit.smallestText).toBeGreaterThanOrEqual(14);
      expect(await wall.page.locator('[data-attendee="attendee0003"]').getAttribute("title")).toBe(
        "attendee0003: invited",
      );
      expect(await wall.page.locator('[data-attendee="attendee0000"]').getAttribute("data-stage")).toBe("managing");
      const cell = await wall.page.locator('[data-attendee="attendee0999"]').boundingBox();
      expect(cell!.width).toBeGreaterThanOrEqual(20);
    },
  );

  it("counts the funnel of the whole room", async () => {
    expect(await funnelOf(wall.page)).toEqual({
      invited: "978 of 1000",
      joined: "904 of 1000",
      connected: "825 of 1000",
      pushed: "674 of 1000",
      managing: "469 of 1000",
    });
  });

  it("lists who needs attention as far as the list's space holds, and counts the rest", async () => {
    // WHEN 16 minutes pass with no change
    await wall.refreshed(16 * 60_000);
    // THEN the 22 with no invitation come first, then the 74 invited, the 79 joined and the 151 who used their token
    // and pushed no state, and the last line counts those the screen cannot hold
    expect(await wall.page.locator("#attention-count").innerText()).toBe("(326)");
    const lines = (await wall.page.locator("#attention").innerText()).split("\n");
    expect(lines[0]).toBe("attendee0025: no invitation");
    expect(lines.at(-1)).toBe(`and ${326 - (lines.length - 1)} more: see npm run status`);
    expect(lines.length).toBeGreaterThan(10);
    expect(await wall.page.locator('[data-attendee="attendee0003"]').getAttribute("title")).toBe(
      "attendee0003: invited – not joined",
    );
    expect(await wall.page.locator('[data-attendee="attendee0003"] .mark').innerText()).toBe("!");
    const fit = await fitOf(wall.page);
    expect(fit).toMatchObject({ scrolls: false, tilesOutside: 0, cut: [] });
    expect(fit.smallestText).toBeGreaterThanOrEqual(14);
    if (SCREENSHOTS) await wall.page.screenshot({ path: join(SCREENSHOTS, "board-1000.png") });
  });
});

describe("the board for the wall: the event's time left, by the page's clock", () => {
  // GIVEN a room whose event ends 2 h 15 min after the page's clock, held at 10:00:01, and its tokens with it
  const config = validConfig({ ...room, event: { endsAt: "2026-11-30T12:15:01Z" } });
  const wall = wallOnScreen(config, () => "joined", { width: 1366, height: 768 }, "2026-11-30T12:15:01.000Z");
  const eventLine = (words: string) => wall.page.locator("#event", { hasText: words }).waitFor();

  it("says in the header how long is left, as large as the rest, and nothing of teardown", async () => {
    expect(await wall.page.locator("#event").innerText()).toBe("ends in 2 h 15 min");
    expect((await fitOf(wall.page)).smallestText).toBeGreaterThanOrEqual(14);
    expect(await wall.page.locator("header").innerText()).not.toMatch(/teardown|token/i);
  });

  it("warns of no token that ends with the event: it ends then on purpose", async () => {
    expect(await wall.page.locator("#warnings").innerText()).not.toMatch(/expire|rotation/);
  });

  it("counts down as the page's clock moves, between the board's reads, then says the event ended", async () => {
    // WHEN the page's clock alone moves on 1 h 30 min THEN the line follows it, with no new read of Terraform Cloud
    await wall.page.clock.fastForward(90 * 60_000);
    await eventLine("ends in 45 min");
    // WHEN it moves past the end THEN the event has ended
    await wall.page.clock.fastForward(45 * 60_000);
    await eventLine("event ended");
    expect(await wall.page.locator("#event").innerText()).toBe("event ended");
  });
});

describe("the board for the wall: a warning in whole sentences, on a projector", () => {
  // GIVEN a room of 300 whose rotating tokens expire within 7 days: status's warning names 10 of them, then its advice
  const names = Array.from({ length: 300 }, (_, index) => `att${String(index + 1).padStart(3, "0")}`);
  const config = validConfig({ ...room, attendees: { names } });
  const wall = wallOnScreen(config, () => "joined", { width: 1280, height: 720 }, "2026-12-02T10:00:00Z");
  /** Each warning's text as shown, and whether the page shows all of it: inside its box and the screen. */
  const warningsShown = () =>
    wall.page.evaluate<Array<{ text: string; whole: boolean }>>(`[...document.querySelectorAll("#warnings li")].map(
      (item) => ({
        text: item.innerText,
        whole: item.scrollHeight <= item.clientHeight + 1 && item.getBoundingClientRect().bottom <= innerHeight
          && item.getBoundingClientRect().bottom <= item.closest("aside").getBoundingClientRect().bottom,
      }))`);

  const sizeOf = (viewport: { width: number; height: number }) => `${viewport.width}x${viewport.height}`;
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ])
    it(`shows what is wrong and where the rest is, never cut mid-sentence, at ${sizeOf(viewport)}`, async () => {
      // WHEN the board is shown at that size
      await wall.page.setViewportSize(viewport);
      // THEN the warning says what is wrong in a whole sentence, then where the names and the advice are
      expect(await warningsShown()).toEqual([
        { text: "warning: 300 tokens expire within 7 days. npm run status says more.", whole: true },
      ]);
    });
});

describe("the board for the wall: an event the config ended", () => {
  const config = validConfig({ ...room, event: { endsAt: "2026-12-30T12:00:00Z", ended: true } });
  const wall = wallOnScreen(config, () => "joined", { width: 1366, height: 768 });

  it("says the event ended, whatever its end date says", async () => {
    expect(await wall.page.locator("#event").innerText()).toBe("event ended");
  });
});

describe("the board before its first read", () => {
  it("says it is waiting for the first read of Terraform Cloud, not a blank page", async () => {
    // GIVEN a Terraform Cloud that starts answering and never finishes
    const { organization, tokens, facilitatorToken } = builtRoom(validConfig(room), () => "invited");
    const stalled: Fault = () => ({ status: 200, text: "{", stall: true });
    const fake = await cloud({ organizations: [organization], tokens, faults: { "/api/v2/account/details": stalled } });
    const clock = serverClock(new Date("2026-11-30T10:00:00Z"));
    const board = await boardOf(validConfig(room), fake.address, facilitatorToken, clock.now);
    try {
      // WHEN the page opens THEN it says so, with the funnel empty and no tile
      const { page } = await openBoard(board, clock, { width: 1366, height: 768 });
      expect(await page.locator("#waiting").innerText()).toBe("Waiting for the first read of Terraform Cloud…");
      expect(await funnelOf(page)).toMatchObject({ invited: "– ", managing: "– " });
      expect(await page.locator("[data-attendee]").count()).toBe(0);
      await page.close();
    } finally {
      await fake.close();
      await board.close();
    }
  });
});

describe("the board for the wall: who is behind, with or without an email, on a 1280x720 screen", () => {
  // GIVEN the room of the workshop day's trial: alice manages resources; bob was invited; frank joined; carol and
  // erin have no email, so nothing to join: carol never used her token, erin used hers and pushed no state
  const progress: Readonly<Record<string, Progress>> = {
    alice: "managing",
    bob: "invited",
    carol: "no-membership",
    erin: "connected",
    frank: "joined",
  };
  const names = ["alice", "bob", "carol", "erin", "frank"];
  const withoutEmail = new Set(["carol", "erin"]);
  const config = validConfig({
    ...room,
    attendees: { names: names.map((name) => (withoutEmail.has(name) ? name : { name, email: `${name}@example.com` })) },
  });
  const wall = wallOnScreen(config, (index) => progress[names[index]!]!, { width: 1280, height: 720 });

  it("lists after 15 minutes whoever is behind at their stage, without an email too, each line on screen", async () => {
    // WHEN the board has just started THEN nobody is listed
    expect(await wall.page.locator("#attention").innerText()).toBe("nobody");
    // WHEN 16 minutes pass with no change
    await wall.refreshed(16 * 60_000);
    // THEN bob and frank are listed as before, and carol and erin, without an email, too: what each has not done
    expect((await wall.page.locator("#attention").innerText()).split("\n")).toEqual([
      "bob: not joined for 16 min",
      "carol: token unused for 16 min",
      "frank: token unused for 16 min",
      "erin: no state pushed for 16 min",
    ]);
    expect(await wall.page.locator("#attention-count").innerText()).toBe("(4)");
    for (const name of ["carol", "erin"]) {
      expect(await wall.page.locator(`[data-attendee="${name}"] .mark`).innerText()).toBe("!");
      const line = await wall.page.locator(`[data-needs="${name}"]`).boundingBox();
      expect(line!.y + line!.height).toBeLessThanOrEqual(720);
      expect(line!.x + line!.width).toBeLessThanOrEqual(1280);
    }
    expect(await wall.page.locator('[data-attendee="erin"]').getAttribute("data-attention")).toBe("no-state");
    expect(await wall.page.locator('[data-attendee="alice"]').getAttribute("data-attention")).toBeNull();
    const fit = await fitOf(wall.page);
    expect(fit).toMatchObject({ scrolls: false, tilesOutside: 0, cut: [] });
    expect(fit.smallestText).toBeGreaterThanOrEqual(14);
  });
});

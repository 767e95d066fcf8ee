import { existsSync } from "node:fs";
import { request } from "node:http";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBoard, type RunningBoard } from "../operations/board/server";
import { rehearsal } from "../operations/rehearsal";
import { ApiClient, RequestPacer } from "../terraform-cloud/api-client";
import type { Fault, StandInOrganization } from "../terraform-cloud/stand-in";
import type { StackJson } from "../terraform/stack-json";
import { synthesize, validConfig } from "./support";
import { fakeClouds } from "./workshop-day-support";

/** Debian's Chromium, which .ci/run installs when it is missing; the board is tested in a real browser. */
/** Debian's Chromium, which .ci/run installs; WORKSHOP_CHROMIUM names another build (GitHub's runners have Chrome). */
const CHROMIUM = process.env.WORKSHOP_CHROMIUM ?? "/usr/bin/chromium";
const ORG = "acme-aws-workshop";
const room = {
  organization: { name: ORG, email: "facilitator@example.com" },
  workspaces: [{ name: "aws_workshop", executionMode: "local" }],
  teams: [{ name: "workshop-pipeline", access: { aws_workshop: "write" }, token: { description: "workshop pipeline", rotationDays: 30 } }],
  attendees: { names: [{ name: "alice", email: "alice@example.com" }, { name: "bob", email: "bob@example.com" }, "carol"] },
};
const DEPLOYED_AT = new Date("2026-11-30T08:00:00Z");
const cloud = fakeClouds();

/** The room as rehearsed: deployed, then alice joined, used her token, pushed state and manages 5 resources. */
function seeded() {
  const config = validConfig(room);
  const seed = rehearsal(config, synthesize(room).stack as StackJson, { deployed: true, now: DEPLOYED_AT });
  const [organization] = seed.organizations as [StandInOrganization];
  const progressed: StandInOrganization = {
    ...organization,
    workspaces: organization.workspaces!.map((workspace) => (workspace.name === "aws_workshop-alice" ? { ...workspace, resourceCount: 5, stateAt: "2026-11-30T09:40:00Z" } : workspace)),
    memberships: [{ email: "alice@example.com", status: "active" }, { email: "bob@example.com", status: "invited" }],
    teamTokens: organization.teamTokens!.map((token) => (token.description === "workshop attendee alice" ? { ...token, lastUsedAt: "2026-11-30T09:30:00Z" } : token)),
  };
  return { config, seed, organization: progressed };
}

describe("npm run board, in a real browser", () => {
  let browser: Browser;
  let page: Page;
  let board: RunningBoard;
  let fake: Awaited<ReturnType<typeof cloud>>;
  let broken = false;
  const requested: string[] = [];
  const bodies: string[] = [];
  const { config, seed, organization } = seeded();
  const secrets = [seed.facilitatorToken, ...seed.tokens.keys()];

  // Chromium starts in a second or two alone, in many more beside the rest of the suite on two cores.
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: the board is tested in a real browser; install Debian's chromium (apt-get install chromium) or name a Chromium in WORKSHOP_CHROMIUM, and run the tests again`);
    const failing: Fault = () => (broken ? { status: 502, text: "bad gateway" } : undefined);
    fake = await cloud({ organizations: [organization], tokens: seed.tokens, faults: { [`/api/v2/organizations/${ORG}/workspaces`]: failing } });
    const client = new ApiClient({ address: fake.address, token: seed.facilitatorToken, pacer: new RequestPacer() });
    board = await startBoard({ config, client, port: 0, intervalMs: 60_000, now: () => new Date() });
    await board.refresh();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on("request", (request) => requested.push(request.url()));
    page.on("response", (response) => void response.text().then((text) => bodies.push(text), () => undefined));
    // The page asks its server again a second after each answer: the tests move its clock on instead of waiting.
    await page.clock.install();
    await page.goto(board.url);
    await page.locator('[data-attendee="carol"]').waitFor();
    if (process.env.WORKSHOP_BOARD_SCREENSHOT) await page.screenshot({ path: process.env.WORKSHOP_BOARD_SCREENSHOT });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await board?.close();
  });

  const tileText = (attendee: string) => page.locator(`[data-attendee="${attendee}"]`).innerText();
  /** Reads Terraform Cloud, server side, and lets the page's next poll come at once. */
  const refreshed = async () => {
    await board.refresh();
    await page.clock.fastForward(1000);
  };

  it("shows every attendee with how far they came, in words, and the room's counts and teardown line", async () => {
    expect(await page.locator(".tile").count()).toBe(3);
    expect(await tileText("alice")).toMatch(/^alice\nMANAGING RESOURCES\n✓ invited\n✓ joined\n✓ token used \d\d:\d\d\n✓ state pushed \d\d:\d\d\n✓ resources 5$/);
    expect(await tileText("bob")).toMatch(/^bob\nINVITED\n✓ invited\n· joined\n· token used\n· state pushed\n· resources$/);
    expect(await tileText("carol")).toMatch(/^carol\nNOT STARTED\n/);
    expect(await page.locator("#counts").innerText()).toBe("3 attendees · 1 joined · 1 used their token · 1 pushed state · 1 managing resources");
    expect(await page.locator("#teardown").innerText()).toBe(
      "4 workspaces, 1 of 2 invited attendees joined, 1 with state; 1 still managing resources: not ready for teardown (aws_workshop-alice).",
    );
    expect(await page.locator("#side").innerText()).toMatch(/workspace aws_workshop: 0 resources\nteam workshop-pipeline: token not used yet/);
  });

  it("shows an update once Terraform Cloud changes and the board has read it", async () => {
    fake.update(ORG, (current) => ({
      ...current,
      memberships: [{ email: "alice@example.com", status: "active" }, { email: "bob@example.com", status: "active" }],
      teamTokens: current.teamTokens!.map((token) => (token.description === "workshop attendee bob" ? { ...token, lastUsedAt: "2026-11-30T10:00:00Z" } : token)),
    }));
    await refreshed();
    await expect.poll(() => tileText("bob"), { timeout: 5000 }).toMatch(/^bob\nTOKEN USED\n✓ invited\n✓ joined\n✓ token used \d\d:\d\d\n/);
  });

  it("never shows an attendee without an email as invited or joined, even once their token is used", async () => {
    // GIVEN carol, who has no email and so no invitation, uses her token
    fake.update(ORG, (current) => ({
      ...current,
      teamTokens: current.teamTokens!.map((token) => (token.description === "workshop attendee carol" ? { ...token, lastUsedAt: "2026-11-30T10:05:00Z" } : token)),
    }));
    // WHEN the board reads it THEN her tile says she was not invited, and the header counts her as connected, not as joined
    await refreshed();
    await expect.poll(() => tileText("carol"), { timeout: 5000 }).toMatch(/^carol\nTOKEN USED\n– no invitation\n– no membership\n✓ token used \d\d:\d\d\n/);
    expect(await page.locator("#counts").innerText()).toBe("3 attendees · 2 joined · 3 used their token · 1 pushed state · 1 managing resources");
  });

  it("shows a date Terraform Cloud gave that is no date as unreadable, in the page and in /board.json, never NaN nor the server's text", async () => {
    // GIVEN bob's token last used "yesterday"
    fake.update(ORG, (current) => ({
      ...current,
      teamTokens: current.teamTokens!.map((token) => (token.description === "workshop attendee bob" ? { ...token, lastUsedAt: "yesterday" } : token)),
    }));
    // WHEN the board reads it
    await refreshed();
    // THEN his tile says the date is unreadable, and the data the page fetches carries "unreadable"
    await expect.poll(() => tileText("bob"), { timeout: 5000 }).toMatch(/\n✓ token used \(date unreadable\)\n/);
    const data = await (await fetch(`${board.url}board.json`)).text();
    expect(JSON.parse(data).snapshot.tiles.find((tile: { attendee: string }) => tile.attendee === "bob").tokenLastUsedAt).toBe("unreadable");
    expect(data).not.toContain("yesterday");
    expect(await page.content()).not.toContain("NaN");
  });

  it("keeps the last room seen when a refresh fails, marks it stale and says what failed", async () => {
    broken = true;
    await refreshed();
    broken = false;
    await expect.poll(() => page.locator("#failure").innerText(), { timeout: 5000 }).toMatch(/^Refresh failed at \d\d:\d\d: GET \/api\/v2\/organizations\/acme-aws-workshop\/workspaces\?page%5Bnumber%5D=1&page%5Bsize%5D=100 answered 502: Terraform Cloud could not answer/);
    expect(await page.locator("#freshness").innerText()).toMatch(/^STALE: read from Terraform Cloud \d+ s ago/);
    expect(await page.locator(".tile").count()).toBe(3);
  });

  it("shows no token, in the page or in anything it fetched", async () => {
    const everything = [await page.content(), ...bodies].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it("asks nothing of any host but the board itself", () => {
    const origin = new URL(board.url).origin;
    expect(requested.length).toBeGreaterThan(2);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  });

  it("refuses a request that names another host, as a page elsewhere could by pointing a name at 127.0.0.1", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const asked = request(`${board.url}board.json`, { headers: { Host: "attacker.example" } }, (answer) => {
        answer.resume();
        resolve(answer.statusCode);
      });
      asked.on("error", reject).end();
    });
    expect(status).toBe(421);
  });
});

describe("the board's requests", () => {
  it("reads each current state version once: a later refresh asks only for the states pushed since", async () => {
    // GIVEN the rehearsed room, where alice has pushed state
    const { config, seed, organization } = seeded();
    const fake = await cloud({ organizations: [organization], tokens: seed.tokens });
    const board = await startBoard({ config, client: new ApiClient({ address: fake.address, token: seed.facilitatorToken, pacer: new RequestPacer() }), port: 0, intervalMs: 3_600_000, now: () => new Date() });
    const stateReads = () => fake.requests.filter((path) => path.endsWith("/current-state-version"));
    try {
      // WHEN it refreshes twice, then once more after bob pushed state
      await board.refresh();
      await board.refresh();
      const twice = stateReads().length;
      fake.update(ORG, (current) => ({ ...current, workspaces: current.workspaces!.map((workspace) => (workspace.name === "aws_workshop-bob" ? { ...workspace, stateAt: "2026-11-30T10:00:00Z" } : workspace)) }));
      await board.refresh();
      // THEN alice's state version was read once, and bob's once it was there
      expect(twice).toBe(1);
      expect(stateReads().length).toBe(2);
      const data = JSON.parse(await (await fetch(`${board.url}board.json`)).text());
      expect(data.snapshot.tiles.map((tile: { attendee: string; lastStateAt: string | null }) => `${tile.attendee} ${tile.lastStateAt}`)).toEqual([
        "alice 2026-11-30T09:40:00Z",
        "bob 2026-11-30T10:00:00Z",
        "carol null",
      ]);
    } finally {
      await board.close();
    }
  });
});

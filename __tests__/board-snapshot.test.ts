import { describe, expect, it } from "vitest";
import { tileLayout } from "../operations/board/browser/layout";
import { WALL_WARNING_CHARACTERS, wallWarning } from "../operations/board/browser/wall-text";
import { boardSnapshot, stagesSeen, ATTENTION_AFTER_MINUTES } from "../operations/board/snapshot";
import { nudgeLines } from "../operations/nudge";
import type { EventStatus, StatusReport, StatusRow } from "../operations/status";
import { UNREADABLE } from "../terraform-cloud/dates";

const T0 = new Date("2026-11-30T10:00:00Z");
const minutesLater = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** An attendee's status row: a workspace that exists, nothing done yet, unless told. */
function row(attendee: string, done: Partial<StatusRow> = {}): StatusRow {
  return {
    workspace: `aws_workshop-${attendee}`,
    attendee,
    invitation: "invited",
    exists: true,
    hasState: false,
    resources: 0,
    lastStateAt: null,
    team: `aws_workshop-${attendee}`,
    tokenLastUsedAt: null,
    tokenVerifiedAt: null,
    tokenExpiresAt: null,
    ...done,
  };
}
const report = (rows: StatusRow[], readAt = T0): StatusReport => ({
  rows,
  seesEverything: true,
  membershipsWithoutEmail: 0,
  membershipsSeen: true,
  undocumentedStatuses: [],
  statesUnseen: [],
  statesPending: [],
  tokensSeen: true,
  verifyRecorded: true,
  verifyRecordWarnings: [],
  readAt: readAt.toISOString(),
});

describe("the board's tile layout", () => {
  it("gives a small room every step, a classroom names and stages, and a large room coloured cells", () => {
    expect(tileLayout(3, 1000, 600)).toEqual({ mode: "steps", columns: 3, width: 300, height: 200, gap: 10 });
    expect(tileLayout(30, 980, 600)).toMatchObject({ mode: "names", columns: 5 });
    const large = tileLayout(1000, 1400, 800);
    expect(large.mode).toBe("cells");
    expect(large.width).toBeGreaterThanOrEqual(30);
    // THEN every cell fits: the rows times the cells' height, with the gaps, within the height
    const rows = Math.ceil(1000 / large.columns);
    expect(rows * large.height + (rows - 1) * large.gap).toBeLessThanOrEqual(800);
    expect(large.columns * large.width + (large.columns - 1) * large.gap).toBeLessThanOrEqual(1400);
  });

  it("fails to fit a room too large even for the smallest cells, and gives it the smallest cells", () => {
    expect(tileLayout(100_000, 1400, 800)).toEqual({ mode: "cells", columns: 93, width: 12, height: 12, gap: 3 });
  });
});

describe("the board's snapshot", () => {
  const invitable = new Set(["alice", "bob", "dave", "erin"]);

  it("counts the funnel, invited and joined of those with an email, and says nothing of teardown", () => {
    const snapshot = boardSnapshot(
      "acme",
      report([
        row("alice", { invitation: "active", tokenLastUsedAt: "2026-11-30T09:00:00Z", hasState: true, resources: 4 }),
        row("bob"),
        row("carol", { invitation: "none" }),
      ]),
      { now: T0, invitable },
    );
    expect(snapshot.counts).toEqual({ waiting: 3, invited: 2, joined: 1, connected: 1, pushed: 1, managing: 1 });
    expect({ attendees: snapshot.attendees, invitable: snapshot.invitable }).toEqual({ attendees: 3, invitable: 2 });
    expect(JSON.stringify(snapshot)).not.toMatch(/teardown/i);
  });

  it(
    `lists an attendee invited, or joined, ${ATTENTION_AFTER_MINUTES} minutes ` +
      "after the board first saw them there, and not a minute before",
    () => {
      // GIVEN bob invited and dave joined at the first read
      const rows = [row("bob"), row("dave", { invitation: "active" })];
      const first = boardSnapshot("acme", report(rows), { now: T0, invitable });
      expect(first.attention).toEqual([]);
      // WHEN 14 minutes pass THEN nobody yet; WHEN 15 THEN both, the invitation first
      const at14 = boardSnapshot("acme", report(rows), { now: minutesLater(14), invitable, seen: stagesSeen(first) });
      expect(at14.attention).toEqual([]);
      const at15 = boardSnapshot("acme", report(rows), { now: minutesLater(15), invitable, seen: stagesSeen(at14) });
      expect(at15.attention).toEqual([
        { attendee: "bob", reason: "not-joined", since: T0.toISOString() },
        { attendee: "dave", reason: "token-unused", since: T0.toISOString() },
      ]);
    },
  );

  it("starts an attendee's time again when they go a step further", () => {
    const first = boardSnapshot("acme", report([row("bob")]), { now: T0, invitable });
    const joined = boardSnapshot("acme", report([row("bob", { invitation: "active" })]), {
      now: minutesLater(10),
      invitable,
      seen: stagesSeen(first),
    });
    expect(joined.tiles[0]!.since).toBe(minutesLater(10).toISOString());
    const later = boardSnapshot("acme", report([row("bob", { invitation: "active" })]), {
      now: minutesLater(20),
      invitable,
      seen: stagesSeen(joined),
    });
    expect(later.attention).toEqual([]);
  });

  it("shows an attendee whose token only verify used as joined, not connected; a later use connects them", () => {
    // GIVEN verify used both tokens at 09:00; bob used his again at 09:30
    const verified = { invitation: "active" as const, tokenVerifiedAt: "2026-11-30T09:00:00.500Z" };
    const rows = [
      row("alice", { ...verified, tokenLastUsedAt: "2026-11-30T09:00:00.400Z" }),
      row("bob", { ...verified, tokenLastUsedAt: "2026-11-30T09:30:00Z" }),
    ];
    // WHEN the board reads the room THEN alice is joined, bob connected
    const stages = boardSnapshot("acme", report(rows), { now: T0, invitable }).tiles.map((tile) => tile.stage);
    expect(stages).toEqual(["joined", "connected"]);
  });

  it("shows an attendee whose use may be verify's, its record unreadable, as joined, not connected", () => {
    // GIVEN bob used his token, and this machine's record of verify's use cannot say when verify used it
    const rows = [
      row("bob", { invitation: "active", tokenLastUsedAt: "2026-11-30T09:30:00Z", tokenVerifiedAt: UNREADABLE }),
    ];
    // WHEN the board reads the room THEN the use counts as verify's, the safe side: bob is joined
    expect(boardSnapshot("acme", report(rows), { now: T0, invitable }).tiles.map((tile) => tile.stage)).toEqual([
      "joined",
    ]);
  });

  it("lists at once a missing workspace and an email without an invitation, one without an email after 15 min", () => {
    // GIVEN carol, without an email, who has not used her token; erin, whose invitation is gone; alice's workspace gone
    const rows = [
      row("carol", { invitation: "none" }),
      row("erin", { invitation: "none" }),
      row("alice", { exists: false, invitation: "none" }),
    ];
    // WHEN the board first reads the room THEN alice and erin are listed at once
    const first = boardSnapshot("acme", report(rows), { now: T0, invitable });
    expect(first.attention).toEqual([
      { attendee: "alice", reason: "no-workspace", since: null },
      { attendee: "erin", reason: "not-invited", since: T0.toISOString() },
    ]);
    // WHEN 15 minutes pass THEN carol too, her token unused: without an invitation, that is her first step
    const later = boardSnapshot("acme", report(rows), { now: minutesLater(15), invitable, seen: stagesSeen(first) });
    expect(later.attention.map(({ attendee, reason }) => [attendee, reason])).toEqual([
      ["alice", "no-workspace"],
      ["erin", "not-invited"],
      ["carol", "token-unused"],
    ]);
  });

  it("lists who used their token and pushed no state for 15 minutes; nobody with state or not seen", () => {
    // GIVEN bob used his token at 09:30, carol (no email) too, dave pushed state, and erin's workspace is not seen
    const used = { tokenLastUsedAt: "2026-11-30T09:30:00Z" };
    const rows = [
      row("bob", { invitation: "active", ...used }),
      row("carol", { invitation: "none", ...used }),
      row("dave", { invitation: "active", ...used, hasState: true }),
      row("erin", { invitation: "active", ...used, exists: null, hasState: null }),
    ];
    const first = boardSnapshot("acme", report(rows), { now: T0, invitable });
    expect(first.attention).toEqual([]);
    // WHEN 15 minutes pass THEN bob and carol are listed, their state missing
    const later = boardSnapshot("acme", report(rows), { now: minutesLater(15), invitable, seen: stagesSeen(first) });
    expect(later.attention).toEqual([
      { attendee: "bob", reason: "no-state", since: T0.toISOString() },
      { attendee: "carol", reason: "no-state", since: T0.toISOString() },
    ]);
  });

  it("lists, once they have waited, whom nudge nudges: one rule of who is behind", () => {
    // GIVEN a room of every kind of row, the tokens seen and not
    const used = { tokenLastUsedAt: "2026-11-30T09:30:00Z" };
    const rows = [
      row("gone", { exists: false }),
      row("bob"),
      row("dave", { invitation: "active" }),
      row("carol", { invitation: "none" }),
      row("erin", { invitation: "none", ...used }),
      row("frank", { invitation: "active", ...used }),
      row("grace", { invitation: "active", ...used, hasState: true }),
      row("heidi", { invitation: "active", ...used, hasState: true, resources: 3 }),
      row("ivan", { exists: null, hasState: null }),
    ];
    for (const tokensSeen of [true, false]) {
      const read = { ...report(rows), tokensSeen };
      const first = boardSnapshot("acme", read, { now: T0, invitable });
      const later = boardSnapshot("acme", read, { now: minutesLater(15), invitable, seen: stagesSeen(first) });
      // THEN the board lists exactly those nudge has a line for
      const nudged = nudgeLines(read).map((line) => line.split(" ")[0]!.replace(/:$/, ""));
      expect(later.attention.map((entry) => entry.attendee).sort(), `tokens seen: ${tokensSeen}`).toEqual(
        nudged.sort(),
      );
    }
  });

  it("lists nobody whose invitation the token could not tell", () => {
    const first = boardSnapshot("acme", report([row("bob", { invitation: "unknown" })]), { now: T0, invitable });
    const later = boardSnapshot("acme", report([row("bob", { invitation: "unknown" })]), {
      now: minutesLater(60),
      invitable,
      seen: stagesSeen(first),
    });
    expect(later.attention).toEqual([]);
  });
});

describe("the board's data of an event", () => {
  it("carries the event with status's line, and nothing of an event for a config without one", () => {
    const event: EventStatus = {
      endsAt: "2026-11-30T11:30:00Z",
      secondsLeft: 5_400,
      ended: false,
      liveAttendeeTokens: 2,
    };
    const context = { now: T0, invitable: new Set<string>() };
    expect(boardSnapshot("acme", { ...report([]), event }, context).event).toEqual({
      ...event,
      line: "event: ends 2026-11-30T11:30:00Z, 1 hour 30 minutes left; 2 attendee tokens still live.",
    });
    expect(boardSnapshot("acme", report([]), context)).not.toHaveProperty("event");
  });
});

describe("a warning as the wall shows it", () => {
  const names = Array.from({ length: 10 }, (_, index) => `attendee att${index} (2026-12-05T17:43:11Z)`).join(", ");
  const memberships =
    "warning: the organization's memberships are not visible to this token: invitations show as unknown. Run " +
    "status with a user token of an owner of the organization.";
  const ROWS: ReadonlyArray<{ readonly name: string; readonly line: string; readonly wall: string }> = [
    {
      name: "keeps a line that fits whole",
      line: "warning: 1 date is unreadable.",
      wall: "warning: 1 date is unreadable.",
    },
    {
      name: "keeps the first sentences that fit, and says where the rest is",
      line: memberships,
      wall:
        "warning: the organization's memberships are not visible to this token: invitations show as unknown. " +
        "npm run status says more.",
    },
    {
      name: "gives a first sentence too long, a list of names, up to the list",
      line:
        `warning: 300 tokens expire within 7 days: ${names}, and 290 more. Deploy after the rotation time for new ` +
        "ones (see Rotating tokens in docs/operations.md).",
      wall: "warning: 300 tokens expire within 7 days. npm run status says more.",
    },
    {
      name: "gives a first sentence too long without its asides in brackets, when that fits",
      line:
        "warning: the names came late (every one of the 300 names of the room, read from the organization's " +
        "membership list, page by page): they show as unknown. Run status again.",
      wall: "warning: the names came late: they show as unknown. npm run status says more.",
    },
    {
      name: "gives a first sentence too long, even without its asides, up to what is wrong",
      line:
        "warning: no record here of when npm run verify used the tokens (verified-tokens.json, which verify writes " +
        "beside the deploy record): a token's last use may be verify's, not its holder's, as the rest of this long " +
        "sentence goes on to say.",
      wall: "warning: no record here of when npm run verify used the tokens. npm run status says more.",
    },
    {
      name: "cuts a first sentence too long with no list between words, and marks it",
      line: `warning: ${"word ".repeat(60)}end.`,
      wall: `warning: ${"word ".repeat(19)}word\u2026 npm run status says more.`,
    },
  ];
  for (const row of ROWS)
    it(row.name, () => {
      const wall = wallWarning(row.line);
      expect(wall).toBe(row.wall);
      expect(wall.length).toBeLessThanOrEqual(WALL_WARNING_CHARACTERS);
    });
});

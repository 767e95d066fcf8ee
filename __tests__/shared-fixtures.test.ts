import { describe, expect, it } from "vitest";
import { DOC_PAGES } from "./docs";
import { PROVIDER_SCHEMAS } from "./planner/provider-schemas";
import { ORGANIZATION, PIPELINE } from "./planner/room";
import { PLAN_REVIEW_PERMISSIONS } from "./support";
import { heldTimer, ROOM } from "./workshop-day-support";

/** A change a careless test could make to a fixture shared between test files, each as deep as it goes. */
const CHANGES: readonly { readonly name: string; readonly change: () => void }[] = [
  { name: "ROOM's attendees", change: () => (ROOM.attendees.names as unknown[]).push("carol") },
  { name: "ROOM's team token", change: () => Object.assign(ROOM.teams[0]!.token, { rotationDays: 7 }) },
  { name: "PLAN_REVIEW_PERMISSIONS", change: () => Object.assign(PLAN_REVIEW_PERMISSIONS, { runs: "apply" }) },
  { name: "the planner's ORGANIZATION", change: () => Object.assign(ORGANIZATION, { name: "acme-renamed" }) },
  { name: "the planner's PIPELINE", change: () => Object.assign(PIPELINE.access, { aws_workshop: "read" }) },
  { name: "DOC_PAGES", change: () => (DOC_PAGES as string[]).push("docs/new.md") },
  {
    name: "a provider schema's ForceNew list",
    change: () => (PROVIDER_SCHEMAS.get("tfe_team")!.forceNew as string[]).push("visibility"),
  },
];

describe("the fixtures shared between test files", () => {
  for (const { name, change } of CHANGES)
    it(`refuses a change to ${name}: a test changes a copy of its own`, () => {
      expect(change).toThrow(TypeError);
    });
});

describe("heldTimer, what a request's timeout runs on in a test", () => {
  it("runs out only when moved on to its time, and never once stopped", () => {
    // GIVEN two timers of 10 s, one of them stopped
    const time = heldTimer();
    const expired: string[] = [];
    time.timer(10_000, () => expired.push("kept"));
    const stop = time.timer(10_000, () => expired.push("stopped"));
    stop();
    // WHEN moved on to a millisecond before, then to the time
    time.move(9_999);
    expect([expired, time.running()]).toEqual([[], 1]);
    time.move(1);
    // THEN only the one still running expired, once
    time.move(10_000);
    expect([expired, time.running()]).toEqual([["kept"], 0]);
  });
});

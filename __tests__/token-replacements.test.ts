import { describe, expect, it } from "vitest";
import { checklistLine } from "../operations/preflight/checklist";
import { tokenReplacementsCheck } from "../operations/preflight/checks/token-replacements";
import type { PreflightFacts } from "../operations/preflight/facts";
import { stateFromText, type StateReading } from "../operations/stack-state";
import { NOW, roomResources, stateText, validConfig, type StateResource } from "./support";

/**
 * The tokens a deploy replaces, read from what the state holds against what the config makes: tfe 0.71.0 replaces a
 * team token whose description or expired_at changes, and the stack replaces a rotation whose period changes.
 */

const ROOM = ["alice", "bob", "carol"];
const DAY = 24 * 60 * 60 * 1000;
/** When the deployed rotations fall due: 20 days after NOW. */
const ROTATES_AT = new Date(NOW.getTime() + 20 * DAY).toISOString().replace(".000Z", "Z");

/** The README's room: three attendees and the pipeline team, each token by a rotation of 30 days unless changed. */
const roomOf = (change: { names?: unknown[]; attendeeToken?: unknown; teamToken?: unknown; event?: unknown } = {}) =>
  validConfig({
    organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
    teams: [
      {
        name: "workshop-pipeline",
        access: { aws_workshop: "write" },
        token: change.teamToken ?? { description: "workshop pipeline", rotationDays: 30 },
      },
    ],
    attendees: {
      names: change.names ?? ROOM,
      // null: none of their own, so that the event's end or the default applies.
      ...(change.attendeeToken === null ? {} : { token: change.attendeeToken ?? { rotationDays: 30 } }),
    },
    ...(change.event === undefined ? {} : { event: change.event }),
  });

/**
 * The state of that room deployed with rotations of `days` falling due at ROTATES_AT (each token's expired_at), bob's
 * token of `bobGeneration`; `held` false leaves out the tokens' expiry and description, as a rehearsal's state does.
 */
function deployedState(days = 30, bobGeneration = 1, held = true): StateReading {
  const token = (name: string, description: string) => ({
    index_key: name,
    attributes: {
      id: `at-${name}`,
      team_id: `team-${name}`,
      ...(held ? { description, expired_at: ROTATES_AT } : {}),
    },
  });
  const rotation = (name: string): StateResource => ({
    type: "time_rotating",
    name,
    instances: [{ attributes: { id: ROTATES_AT, rotation_days: days, rotation_rfc3339: ROTATES_AT } }],
  });
  const resources: StateResource[] = [
    ...roomResources(ROOM),
    {
      type: "tfe_team_token",
      name: "attendees_tokens_6F5A1A2B",
      instances: ROOM.map((name) =>
        token(
          name,
          `workshop attendee ${name}${name === "bob" && bobGeneration > 1 ? `, token ${bobGeneration}` : ""}`,
        ),
      ),
    },
    rotation("attendee-token-expiry_rotation_0C2C5E7A"),
    {
      type: "tfe_team",
      name: "team-workshop-pipeline_team_8D5A7C33",
      instances: [{ attributes: { id: "team-workshop-pipeline", name: "workshop-pipeline" } }],
    },
    {
      type: "tfe_team_token",
      name: "team-workshop-pipeline_token_55A3A8E1",
      instances: [token("workshop-pipeline", "workshop pipeline")].map(({ attributes }) => ({ attributes })),
    },
    rotation("team-workshop-pipeline_token-expiry_rotation_6A8B91E0"),
  ];
  return stateFromText(stateText(resources));
}

const factsAt = (reading: StateReading, now = NOW): PreflightFacts => ({
  now,
  disposableMachine: false,
  hasToken: true,
  failures: [],
  state: { location: { kind: "local", file: "/nowhere" }, reading },
});

const linesOf = (config: ReturnType<typeof roomOf>, facts: PreflightFacts) =>
  tokenReplacementsCheck(config, facts).map(checklistLine);

const EVERY_ATTENDEE_FIX =
  "Fix: after the deploy, hand the room out again: npm run handout -- --all --out handouts --with-token; if that is " +
  "not meant, keep the token settings as deployed";

describe("the token replacements check", () => {
  it("says nothing when the deploy keeps every token: same expiry and description, the rotation still ahead", () => {
    expect(linesOf(roomOf(), factsAt(deployedState()))).toEqual([]);
    expect(linesOf(roomOf({ names: [...ROOM, "dave"] }), factsAt(deployedState()))).toEqual([]);
  });

  it("warns when a new rotationDays replaces every attendee's token, naming the change", () => {
    expect(linesOf(roomOf({ attendeeToken: { rotationDays: 7 } }), factsAt(deployedState()))).toEqual([
      "warning attendee tokens: the deploy replaces 3 attendees' tokens (rotationDays 30 → 7): every attendee " +
        `needs their handout again. ${EVERY_ATTENDEE_FIX}`,
    ]);
  });

  it("warns when an event's end replaces the rotation by a date", () => {
    const endsAt = "2026-10-02T17:00:00Z";
    const ended = roomOf({ event: { endsAt }, attendeeToken: null });
    expect(linesOf(ended, factsAt(deployedState()))).toEqual([
      `warning attendee tokens: the deploy replaces 3 attendees' tokens (rotationDays 30 → expiresAt ${endsAt}): ` +
        `every attendee needs their handout again. ${EVERY_ATTENDEE_FIX}`,
    ]);
  });

  it("warns when a new tokenGeneration replaces one attendee's token, naming them alone", () => {
    const reissued = roomOf({ names: ["alice", { name: "bob", tokenGeneration: 3 }, "carol"] });
    expect(linesOf(reissued, factsAt(deployedState(30, 2)))).toEqual([
      "warning attendee tokens: the deploy replaces 1 attendee's token (tokenGeneration 2 → 3): bob needs their " +
        "handout again. Fix: after the deploy, hand each out again: npm run handout -- NAME --with-token",
    ]);
    expect(linesOf(reissued, factsAt(deployedState(30, 3)))).toEqual([]);
  });

  it("warns when a team's new rotationDays or description replaces its token", () => {
    expect(
      linesOf(roomOf({ teamToken: { description: "workshop pipeline", rotationDays: 7 } }), factsAt(deployedState())),
    ).toEqual([
      'warning team "workshop-pipeline": the deploy replaces its token (rotationDays 30 → 7): whoever holds it needs ' +
        "it again. Fix: after the deploy, npm run handout -- workshop-pipeline --with-token",
    ]);
    expect(linesOf(roomOf({ teamToken: { description: "ci", rotationDays: 30 } }), factsAt(deployedState()))).toEqual([
      'warning team "workshop-pipeline": the deploy replaces its token (description "workshop pipeline" → "ci"): ' +
        "whoever holds it needs it again. Fix: after the deploy, npm run handout -- workshop-pipeline --with-token",
    ]);
  });

  it("warns when the rotation time has passed, which replaces every token of that rotation", () => {
    const due = new Date(Date.parse(ROTATES_AT) + 1000);
    expect(linesOf(roomOf(), factsAt(deployedState(), due))).toEqual([
      `warning attendee tokens: the deploy replaces 3 attendees' tokens (their rotation time ${ROTATES_AT} has ` +
        `passed): every attendee needs their handout again. ${EVERY_ATTENDEE_FIX}`,
      `warning team "workshop-pipeline": the deploy replaces its token (their rotation time ${ROTATES_AT} has ` +
        "passed): whoever holds it needs it again. Fix: after the deploy, npm run handout -- workshop-pipeline " +
        "--with-token",
    ]);
  });

  it("concludes nothing from a state it could not read or that holds no token's expiry, nor for an ended event", () => {
    const shorter = roomOf({ attendeeToken: { rotationDays: 7 } });
    expect(linesOf(shorter, factsAt({ kind: "unreadable", problem: "is not JSON" }))).toEqual([]);
    expect(linesOf(shorter, factsAt(deployedState(30, 1, false)))).toEqual([]);
    expect(linesOf(shorter, factsAt({ kind: "none" }))).toEqual([]);
    const ended = roomOf({ attendeeToken: { rotationDays: 7 }, event: { ended: true } });
    expect(linesOf(ended, factsAt(deployedState()))).toEqual([]);
  });
});

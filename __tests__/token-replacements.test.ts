import { describe, expect, it } from "vitest";
import { checklistLine } from "../operations/preflight/checklist";
import { organizationTokenCheck } from "../operations/preflight/checks/organization-token";
import { tokenReplacementsCheck } from "../operations/preflight/checks/token-replacements";
import type { PreflightFacts, ShardStateFact } from "../operations/preflight/facts";
import { stateFromText, type StateReading } from "../operations/stack-state";
import { TOKEN_WITHHELD } from "../text/quote";
import { NOW, roomResources, stateText, validConfig, type StateResource } from "./support";

/**
 * The tokens a deploy replaces, read from what the state holds against what the config makes: tfe 0.71.0 replaces a
 * team or organization token whose description or expired_at changes, the stack replaces a rotation whose period
 * changes, and time 0.13.1 one whose time has passed. Terraform's own plan of the same changes is in
 * workshop-lifecycle.test.ts and shards-lifecycle.test.ts.
 */

const ROOM = ["alice", "bob", "carol"];
const DAY = 24 * 60 * 60 * 1000;
/** When the deployed rotations fall due: 20 days after NOW. */
const ROTATES_AT = new Date(NOW.getTime() + 20 * DAY).toISOString().replace(".000Z", "Z");
/** A moment after the rotation time: the room deployed a month ago. */
const DUE = new Date(Date.parse(ROTATES_AT) + 1000);

/** The README's room: three attendees and the pipeline team, each token by a rotation of 30 days unless changed. */
const roomOf = (
  change: {
    names?: unknown[];
    attendeeToken?: unknown;
    teamToken?: unknown;
    event?: unknown;
    organizationToken?: unknown;
  } = {},
) =>
  validConfig({
    organization: {
      name: "acme-aws-workshop",
      email: "facilitator@example.com",
      ...(change.organizationToken === undefined ? {} : { token: change.organizationToken }),
    },
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

/** A rotation of `days` falling due at ROTATES_AT, as time 0.13.1 writes it. */
const rotation = (name: string, days = 30): StateResource => ({
  type: "time_rotating",
  name,
  instances: [{ attributes: { id: ROTATES_AT, rotation_days: days, rotation_rfc3339: ROTATES_AT } }],
});

/** An attendee's token as tfe 0.71.0 writes it; `held` false leaves out its expiry and description. */
const attendeeToken = (name: string, generation = 1, held = true) => ({
  index_key: name,
  attributes: {
    id: `at-${name}`,
    team_id: `team-${name}`,
    ...(held
      ? {
          description: `workshop attendee ${name}${generation > 1 ? `, token ${generation}` : ""}`,
          expired_at: ROTATES_AT,
        }
      : {}),
  },
});

/** The room's attendees' part of a state: their workspaces, teams, tokens and rotation. */
const roomPart = (names: readonly string[], tokens = names.map((name) => attendeeToken(name))): StateResource[] => [
  ...roomResources(names),
  { type: "tfe_team_token", name: "attendees_tokens_6F5A1A2B", instances: tokens },
  rotation("attendee-token-expiry_rotation_0C2C5E7A"),
];

/** The shared part of a state: the pipeline team, its token and rotation, and the organization token when given. */
const sharedPart = (organizationToken = false): StateResource[] => [
  {
    type: "tfe_team",
    name: "team-workshop-pipeline_team_8D5A7C33",
    instances: [{ attributes: { id: "team-workshop-pipeline", name: "workshop-pipeline" } }],
  },
  {
    type: "tfe_team_token",
    name: "team-workshop-pipeline_token_55A3A8E1",
    instances: [
      {
        attributes: {
          id: "at-pipeline",
          team_id: "team-workshop-pipeline",
          description: "workshop pipeline",
          expired_at: ROTATES_AT,
        },
      },
    ],
  },
  rotation("team-workshop-pipeline_token-expiry_rotation_6A8B91E0"),
  ...(organizationToken
    ? [
        {
          type: "tfe_organization_token",
          name: "organization_token_1F2E3D4C",
          instances: [
            { attributes: { id: "acme-aws-workshop", organization: "acme-aws-workshop", expired_at: ROTATES_AT } },
          ],
        },
        rotation("organization_token-expiry_rotation_5B6C7D8E"),
      ]
    : []),
];

/** The room deployed in one stack, rotations of 30 days falling due at ROTATES_AT, bob's token of `bobGeneration`. */
function deployedState(bobGeneration = 1, held = true, organizationToken = false): StateReading {
  const tokens = ROOM.map((name) => attendeeToken(name, name === "bob" ? bobGeneration : 1, held));
  return stateFromText(stateText([...roomPart(ROOM, tokens), ...sharedPart(organizationToken)]));
}

const factsAt = (reading: StateReading, now = NOW, shards: ReadonlyMap<string, ShardStateFact> = new Map()) =>
  ({
    now,
    disposableMachine: false,
    hasToken: true,
    failures: [],
    organizationToken: "found",
    state: { location: { kind: "local", file: "/nowhere" }, reading },
    ...(shards.size === 0 ? {} : { shardStates: shards }),
  }) satisfies PreflightFacts;

const linesOf = (config: ReturnType<typeof roomOf>, facts: PreflightFacts) =>
  tokenReplacementsCheck(config, facts).map(checklistLine);

const HAND_THE_ROOM_OUT =
  "Fix: after the deploy, hand the room out again: npm run handout -- --all --out handouts --with-token";
const EVERY_ATTENDEE_FIX = `${HAND_THE_ROOM_OUT}; if that is not meant, keep the token settings as deployed`;
const PIPELINE_FIX = "Fix: after the deploy, hand it out again: npm run handout -- workshop-pipeline --with-token";

describe("the token replacements check", () => {
  it("says nothing when the deploy keeps every token: same expiry and description, the rotation still ahead", () => {
    expect(linesOf(roomOf(), factsAt(deployedState()))).toEqual([]);
    expect(linesOf(roomOf({ names: [...ROOM, "dave"] }), factsAt(deployedState()))).toEqual([]);
    expect(linesOf(roomOf({ names: ["alice", "bob"] }), factsAt(deployedState()))).toEqual([]);
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

  it("warns when a new tokenGeneration replaces one attendee's token, naming them and their one handout", () => {
    const reissued = roomOf({ names: ["alice", { name: "bob", tokenGeneration: 3 }, "carol"] });
    expect(linesOf(reissued, factsAt(deployedState(2)))).toEqual([
      "warning attendee tokens: the deploy replaces 1 attendee's token (tokenGeneration 2 → 3): bob needs their " +
        "handout again. Fix: after the deploy, hand it out again: npm run handout -- bob --with-token",
    ]);
    expect(linesOf(reissued, factsAt(deployedState(3)))).toEqual([]);
  });

  it("names the description itself when the state's is none this stack writes for the attendee", () => {
    const byHand = stateFromText(
      stateText(
        roomPart(ROOM, [
          ...["alice", "carol"].map((name) => attendeeToken(name)),
          { index_key: "bob", attributes: { ...attendeeToken("bob").attributes, description: "bob's token 7" } },
        ]),
      ),
    );
    expect(linesOf(roomOf(), factsAt(byHand))).toEqual([
      "warning attendee tokens: the deploy replaces 1 attendee's token (description \"bob's token 7\" → " +
        '"workshop attendee bob"): bob needs their handout again. Fix: after the deploy, hand it out again: npm run ' +
        "handout -- bob --with-token",
    ]);
  });

  it("never shows a description set by hand that looks like a token, nor one too long for a line", () => {
    // GIVEN bob's token described by hand with what looks like a token, and carol's with a paragraph
    const secret = `${"A".repeat(14)}.atlasv1.${"b".repeat(60)}`;
    const byHand = stateFromText(
      stateText(
        roomPart(ROOM, [
          attendeeToken("alice"),
          { index_key: "bob", attributes: { ...attendeeToken("bob").attributes, description: secret } },
          { index_key: "carol", attributes: { ...attendeeToken("carol").attributes, description: "c".repeat(500) } },
        ]),
      ),
    );
    // THEN the line names the first by what it is, shortens the second, and holds neither whole
    const lines = linesOf(roomOf(), factsAt(byHand));
    expect(lines.join("\n")).toContain(`description ${TOKEN_WITHHELD} → "workshop attendee bob"`);
    expect(lines.join("\n")).toContain(`description "${"c".repeat(56)}... → "workshop attendee carol"`);
    expect(lines.join("\n")).not.toContain(secret);
  });

  it("warns when two attendees' tokens are reissued, naming both, and writes the room's handouts again", () => {
    const reissued = roomOf({
      names: [{ name: "alice", tokenGeneration: 2 }, { name: "bob", tokenGeneration: 2 }, "carol"],
    });
    expect(linesOf(reissued, factsAt(deployedState()))).toEqual([
      "warning attendee tokens: the deploy replaces 2 attendees' tokens (tokenGeneration 1 → 2): alice, bob need " +
        `their handout again. ${HAND_THE_ROOM_OUT}`,
    ]);
  });

  it("warns when a team's new rotationDays or description replaces its token", () => {
    expect(
      linesOf(roomOf({ teamToken: { description: "workshop pipeline", rotationDays: 7 } }), factsAt(deployedState())),
    ).toEqual([
      'warning team "workshop-pipeline": the deploy replaces its token (rotationDays 30 → 7): whoever holds it needs ' +
        `it again. ${PIPELINE_FIX}`,
    ]);
    expect(linesOf(roomOf({ teamToken: { description: "ci", rotationDays: 30 } }), factsAt(deployedState()))).toEqual([
      'warning team "workshop-pipeline": the deploy replaces its token (description "workshop pipeline" → "ci"): ' +
        `whoever holds it needs it again. ${PIPELINE_FIX}`,
    ]);
  });

  it("warns when the rotation time has passed (a room deployed a month ago), which no config can keep", () => {
    expect(linesOf(roomOf(), factsAt(deployedState(), DUE))).toEqual([
      `warning attendee tokens: the deploy replaces 3 attendees' tokens (the rotation time ${ROTATES_AT} has ` +
        `passed): every attendee needs their handout again. ${HAND_THE_ROOM_OUT}`,
      `warning team "workshop-pipeline": the deploy replaces its token (the rotation time ${ROTATES_AT} has ` +
        `passed): whoever holds it needs it again. ${PIPELINE_FIX}`,
    ]);
  });

  it("names a team's token alone after the event ended: the attendees' tokens are deleted then, not replaced", () => {
    const ended = roomOf({
      attendeeToken: { rotationDays: 7 },
      teamToken: { description: "workshop pipeline", rotationDays: 7 },
      event: { ended: true },
    });
    expect(linesOf(ended, factsAt(deployedState()))).toEqual([
      'warning team "workshop-pipeline": the deploy replaces its token (rotationDays 30 → 7): whoever holds it needs ' +
        `it again. ${PIPELINE_FIX}`,
    ]);
  });

  it("leaves a new expiresAt that has passed to the passed-expiries check, whose blocker stops that deploy", () => {
    const passed = new Date(NOW.getTime() - DAY).toISOString();
    expect(linesOf(roomOf({ attendeeToken: { expiresAt: passed } }), factsAt(deployedState()))).toEqual([]);
  });

  it("reads every shard's state: the attendees' tokens of each shard, the teams' of the shared stack", () => {
    const shard = (names: readonly string[]): ShardStateFact => ({
      location: { kind: "local", file: `/nowhere-${names.join("-")}` },
      reading: stateFromText(stateText(roomPart(names))),
    });
    const shards = new Map([
      ["aws-workshop-shard-1", shard(["alice", "carol"])],
      ["aws-workshop-shard-2", shard(["bob"])],
    ]);
    const shared = stateFromText(stateText(sharedPart()));
    expect(linesOf(roomOf({ attendeeToken: { rotationDays: 7 } }), factsAt(shared, NOW, shards))).toEqual([
      "warning attendee tokens: the deploy replaces 3 attendees' tokens (rotationDays 30 → 7): every attendee " +
        `needs their handout again. ${EVERY_ATTENDEE_FIX}`,
    ]);
    const reissued = roomOf({ names: ["alice", { name: "bob", tokenGeneration: 2 }, "carol"] });
    expect(linesOf(reissued, factsAt(shared, NOW, shards))).toEqual([
      "warning attendee tokens: the deploy replaces 1 attendee's token (tokenGeneration 1 → 2): bob needs their " +
        "handout again. Fix: after the deploy, hand it out again: npm run handout -- bob --with-token",
    ]);
    // A shard whose state got no answer may hold any room: nothing is concluded from the others alone.
    const unanswered = new Map([
      ...shards,
      ["aws-workshop-shard-3", { location: { kind: "local", file: "/x" }, reading: { kind: "unanswered" } } as const],
    ]);
    expect(linesOf(roomOf({ attendeeToken: { rotationDays: 7 } }), factsAt(shared, NOW, unanswered))).toEqual([]);
  });

  it("concludes nothing from a state it could not read, or that does not say which expiry a token has", () => {
    const shorter = roomOf({ attendeeToken: { rotationDays: 7 } });
    expect(linesOf(shorter, factsAt({ kind: "unreadable", problem: "is not JSON" }))).toEqual([]);
    expect(linesOf(shorter, factsAt(deployedState(1, false)))).toEqual([]);
    expect(linesOf(shorter, factsAt({ kind: "none" }))).toEqual([]);
    const ended = roomOf({ attendeeToken: { rotationDays: 7 }, event: { ended: true } });
    expect(linesOf(ended, factsAt(deployedState()))).toEqual([]);
    // Two rotations of the same time but of other periods: which one is the attendees' is not told by the time.
    const twoPeriods = stateFromText(stateText([...roomPart(ROOM), rotation("other_rotation_1A2B3C4D", 7)]));
    expect(linesOf(shorter, factsAt(twoPeriods))).toEqual([]);
    // Two tokens for one team: not this stack's one token.
    const twice = roomPart(ROOM, [
      ...ROOM.map((name) => attendeeToken(name)),
      { ...attendeeToken("bob"), index_key: "bob2" },
    ]);
    expect(
      linesOf(
        roomOf({ names: ["alice", { name: "bob", tokenGeneration: 2 }, "carol"] }),
        factsAt(stateFromText(stateText(twice))),
      ),
    ).toEqual([]);
  });
});

describe("the organization token check, of a token the stack manages", () => {
  const subject = 'organization "acme-aws-workshop" token';
  const linesFor = (token: unknown, now = NOW) =>
    organizationTokenCheck(roomOf({ organizationToken: token }), factsAt(deployedState(1, true, true), now)).map(
      checklistLine,
    );
  const fix =
    "Fix: after the deploy, read the new one in the stack's directory (cd cdktf.out/stacks/aws-workshop): " +
    "terraform output -raw organization_token";

  it("keeps it while its expiry is the state's and its rotation time ahead", () => {
    expect(linesFor({ rotationDays: 30 })).toEqual([
      `ok      ${subject}: managed by this stack: kept until it expires`,
    ]);
  });

  it("warns when a new rotationDays or expiresAt replaces it (expired_at is ForceNew in tfe 0.71.0)", () => {
    expect(linesFor({ rotationDays: 7 })).toEqual([
      `warning ${subject}: managed by this stack; the deploy replaces it (rotationDays 30 → 7), and whatever uses ` +
        `it stops working. ${fix}`,
    ]);
    expect(linesFor({ expiresAt: "2026-12-24T00:00:00Z" })).toEqual([
      `warning ${subject}: managed by this stack; the deploy replaces it (rotationDays 30 → expiresAt ` +
        `2026-12-24T00:00:00Z), and whatever uses it stops working. ${fix}`,
    ]);
  });

  it("warns when its rotation time has passed", () => {
    expect(linesFor({ rotationDays: 30 }, DUE)).toEqual([
      `warning ${subject}: managed by this stack; the deploy replaces it (the rotation time ${ROTATES_AT} has ` +
        `passed), and whatever uses it stops working. ${fix}`,
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { shardOf } from "../config/shards";
import { invitationsCheck } from "../operations/preflight/checks/invitations";
import { moverEmailsCheck } from "../operations/preflight/checks/mover-emails";
import { runChecks } from "../operations/preflight/checklist";
import type { FailedAnswer } from "../terraform-cloud/api-client";
import type { PreflightFacts, StackStateFact } from "../operations/preflight/facts";
import { stateFromText } from "../operations/stack-state";
import type { OrganizationMembership } from "../terraform-cloud/resources/organization-memberships";
import { NOW, validConfig } from "./support";

const ORG = "acme-aws-workshop";
const NAMES = Array.from({ length: 12 }, (_, index) => `attendee${String(index).padStart(2, "0")}`);
/** The attendees shard 4 takes from 3 shards, and one who stays. */
const MOVERS = NAMES.filter((name) => shardOf(name, 4) === 4);
const STAYER = NAMES.find((name) => shardOf(name, 4) !== 4)!;
const emailOf = (name: string) => `${name}@example.com`;
/** Names as a line lists them: three, then how many more. */
const listedOf = (names: readonly string[]) =>
  `${names.slice(0, 3).join(", ")}${names.length > 3 ? `, and ${names.length - 3} more` : ""}`;

/** The config moving the room from 3 shards into 4, each attendee with the email given (none when undefined). */
const moving = (emails: Readonly<Record<string, string | undefined>>, more: Record<string, unknown> = {}) =>
  validConfig({
    organization: { name: ORG, email: "facilitator@example.com", create: false },
    attendees: {
      names: NAMES.map((name) => (emails[name] === undefined ? name : { name, email: emails[name] })),
      shards: 4,
      migrateFromShards: 3,
    },
    ...more,
  });

/** A state holding the rooms of the attendees given, with a membership (`ou-<name>`) for each one with an email. */
function stateOf(rooms: ReadonlyArray<readonly [string, string | undefined]>): StackStateFact {
  const resource = (type: string, name: string, instances: unknown[]) => ({ mode: "managed", type, name, instances });
  const text = JSON.stringify({
    version: 4,
    resources: [
      resource(
        "tfe_workspace",
        "attendees_workspaces_D5E9DB06",
        rooms.map(([name]) => ({ index_key: name, attributes: { id: `ws-${name}`, name: `aws_workshop-${name}` } })),
      ),
      resource(
        "tfe_organization_membership",
        "attendees_memberships_1A2B3C4D",
        rooms.flatMap(([name, email]) =>
          email === undefined ? [] : [{ index_key: name, attributes: { id: `ou-${name}`, email } }],
        ),
      ),
    ],
  });
  return { location: { kind: "local", file: "/nowhere" }, reading: stateFromText(text) };
}

/**
 * The facts of the move: each old shard's state holding its rooms, with the deployed emails given, but those `moved`
 * (in shard 4's state) and `forgotten` (in no state); Terraform Cloud's memberships, each user's email as `users` says
 * (the deployed email unless given; a membership left out with `gone`), or not visible.
 */
function factsOf(
  deployed: Readonly<Record<string, string | undefined>>,
  options: {
    readonly users?: Readonly<Record<string, string>>;
    readonly gone?: readonly string[];
    readonly memberships?: "not-visible" | "failed";
    readonly moved?: readonly string[];
    readonly forgotten?: readonly string[];
  } = {},
): PreflightFacts {
  const roomsIn = (names: readonly string[]) => names.map((name) => [name, deployed[name]] as const);
  const staying = NAMES.filter((name) => ![...(options.moved ?? []), ...(options.forgotten ?? [])].includes(name));
  const shardStates = new Map(
    [1, 2, 3].map((shard) => [
      `aws-workshop-shard-${shard}`,
      stateOf(roomsIn(staying.filter((name) => shardOf(name, 3) === shard))),
    ]),
  );
  shardStates.set("aws-workshop-shard-4", stateOf(roomsIn(options.moved ?? [])));
  const live = new Map<string, OrganizationMembership>(
    NAMES.flatMap((name) => {
      const email = options.users?.[name] ?? deployed[name];
      return email === undefined || options.gone?.includes(name) === true
        ? []
        : [[`ou-${name}`, { id: `ou-${name}`, status: "active", email: deployed[name] ?? email, userEmail: email }]];
    }),
  );
  return {
    now: NOW,
    disposableMachine: false,
    hasToken: true,
    failures: [],
    state: stateOf([]),
    shardStates,
    organization: { name: ORG, canUpdate: true },
    ...(options.memberships === "failed"
      ? {}
      : { memberships: options.memberships === "not-visible" ? "not-visible" : live }),
  };
}

const lineOf = (item: { level: string; subject: string; finding: string; fix?: string }) =>
  `${item.level} ${item.subject}: ${item.finding}${item.fix === undefined ? "" : `. Fix: ${item.fix}`}`;
const linesOf = (config: ReturnType<typeof moving>, facts: PreflightFacts) =>
  moverEmailsCheck(config, facts).map(lineOf);

/** The emails blocker's words around its list of attendees. */
const EMAILS_BLOCKER = (n: number, listed: string) =>
  `blocker attendees.migrateFromShards: ${n === 1 ? "1 attendee's room moves" : `${n} attendees' rooms move`} ` +
  `with an email no membership has for the stack ${n === 1 ? "it goes" : "they go"} to import (${listed}): ` +
  "tfe 0.71.0 imports a membership by its user's email, byte for byte, and that stack's plan would fail after " +
  "the stacks the rooms leave have revoked their tokens. Fix: move each with the email its membership's user has " +
  "in Terraform Cloud (none where none was deployed), and change it in a deploy of its own, before or after the move";

describe("the mover-emails check", () => {
  const [first] = MOVERS;
  const invited = Object.fromEntries(NAMES.map((name) => [name, emailOf(name)]));

  it("has movers to test with", () => {
    expect(MOVERS.length).toBeGreaterThanOrEqual(2);
  });

  it("says nothing when every mover's email is its membership's user's, or has none", () => {
    expect(linesOf(moving(invited), factsOf(invited))).toEqual([]);
    expect(linesOf(moving({}), factsOf({}))).toEqual([]);
  });

  it("says nothing of an attendee who stays, whatever their email: the invitations check weighs it", () => {
    const changed = { ...invited, [STAYER]: "someone-else@example.com" };
    expect(linesOf(moving(changed), factsOf(invited))).toEqual([]);
    expect(linesOf(moving({ [STAYER]: emailOf(STAYER) }), factsOf({}))).toEqual([]);
  });

  it("says nothing of a mover whose room its new shard imported already, or of a room whose access has ended", () => {
    const changed = { ...invited, [first!]: "new@example.com" };
    expect(linesOf(moving(changed), factsOf(invited, { moved: [first!] }))).toEqual([]);
    expect(linesOf(moving(changed, { event: { ended: true } }), factsOf(invited))).toEqual([]);
  });

  it("fails when an email is added to a mover: its deployed room has no membership to import", () => {
    expect(linesOf(moving({ [first!]: emailOf(first!) }), factsOf({}))).toEqual([
      EMAILS_BLOCKER(1, `${first}: none deployed, "${emailOf(first!)}" in the config`),
    ]);
  });

  it("fails when a mover's email changes, naming the one its membership's user has in Terraform Cloud", () => {
    expect(linesOf(moving({ ...invited, [first!]: "new@example.com" }), factsOf(invited))).toEqual([
      EMAILS_BLOCKER(1, `${first}: "${emailOf(first!)}" in Terraform Cloud, "new@example.com" in the config`),
    ]);
  });

  it(
    "fails when the user's email in Terraform Cloud differs from the config's, in case alone, though the state " +
      "holds the config's: the importer compares the user's",
    () => {
      const upper = first!.toUpperCase() + "@example.com";
      expect(linesOf(moving(invited), factsOf(invited, { users: { [first!]: upper } }))).toEqual([
        EMAILS_BLOCKER(1, `${first}: "${upper}" in Terraform Cloud, "${emailOf(first!)}" in the config`),
      ]);
    },
  );

  it(
    "never takes the state's email for the user's when the memberships are not visible: it warns it could not " +
      "compare, naming every mover",
    () => {
      // GIVEN a mover whose state holds another email than the config's, and a token that cannot see the memberships
      const config = moving({ ...invited, [first!]: "new@example.com" });
      const facts = factsOf(invited, { memberships: "not-visible" });
      // THEN no mismatch is claimed: the importer compares the user's email in Terraform Cloud, which is not known
      expect(linesOf(config, facts)).toEqual([
        `warning attendees.migrateFromShards: preflight cannot see the user's email of the membership of ` +
          `${MOVERS.length} moving attendees (${listedOf(MOVERS)}), which the stack their room goes to imports ` +
          "it by, byte for byte. Fix: run preflight with a user token of an owner of the organization",
      ]);
      // AND the invitations check does not call that mover invited at a new email: the stack it goes to imports it
      expect(invitationsCheck(config, facts)).toEqual([]);
    },
  );

  it("warns, and claims no mismatch, of a listed membership whose user's email Terraform Cloud did not include", () => {
    // GIVEN a mover whose email changes, and whose membership is listed without its user's email
    const facts = factsOf(invited);
    const live = facts.memberships as Map<string, OrganizationMembership>;
    const { userEmail: _, ...withoutUser } = live.get(`ou-${first}`)!;
    live.set(`ou-${first}`, withoutUser);
    // THEN it is the one mover preflight could not compare
    expect(linesOf(moving({ ...invited, [first!]: "new@example.com" }), facts)).toEqual([
      `warning attendees.migrateFromShards: preflight cannot see the user's email of the membership of 1 moving ` +
        `attendee (${first}), which the stack their room goes to imports it by, byte for byte. Fix: run preflight ` +
        "with a user token of an owner of the organization",
    ]);
  });

  it(
    "claims no mismatch when the membership list got no usable answer: that request's blocker stops the deploy, " +
      "and the move's lines wait for an answer",
    () => {
      // GIVEN a mover whose state holds another email than the config's, and a list of memberships answered 503
      const config = moving({ ...invited, [first!]: "new@example.com" });
      const failed: FailedAnswer = {
        kind: "failed",
        request: `GET /api/v2/organizations/${ORG}/organization-memberships?include=user`,
        detail: "answered 503: Terraform Cloud is unavailable; try again later",
        advice: "try again in a few minutes",
      };
      const facts = { ...factsOf(invited, { memberships: "failed" }), failures: [failed] };
      // THEN the mover-emails check says nothing, nor does the invitations check of the mover
      expect(linesOf(config, facts)).toEqual([]);
      expect(invitationsCheck(config, facts)).toEqual([]);
      // AND the one blocker of the run is the request's own, which says nothing is concluded from it
      expect(
        runChecks(config, facts)
          .filter((item) => item.level === "blocker")
          .map(lineOf),
      ).toEqual([
        `blocker Terraform Cloud: GET /api/v2/organizations/${ORG}/organization-memberships?include=user answered ` +
          "503: Terraform Cloud is unavailable; try again later; nothing is concluded from it. Fix: try again in a " +
          "few minutes",
      ]);
      // AND a stayer is still compared with the state's email by the invitations check, as before
      const stayerChanged = moving({ ...invited, [STAYER]: "new@example.com" });
      expect(invitationsCheck(stayerChanged, facts).map(lineOf)).toEqual([
        expect.stringMatching(
          new RegExp(`^warning invitations: .*${STAYER}: "${emailOf(STAYER)}" to "new@example.com"`),
        ),
      ]);
    },
  );

  it("fails when a mover's membership is gone from Terraform Cloud, saying to move them without the email", () => {
    expect(linesOf(moving(invited), factsOf(invited, { gone: [first!] }))).toEqual([
      `blocker attendees.migrateFromShards: the membership of 1 moving attendee is no longer in Terraform Cloud ` +
        `(${first}: "${emailOf(first!)}"): they left, or were removed by hand, and the stack their room goes to ` +
        "would import it and fail after the stacks the rooms leave have revoked their tokens. Fix: leave their " +
        "email out of the config for the move, and add it back in a deploy after the move to invite them again, " +
        "if they are to come back",
    ]);
  });

  it("fails when a room forgotten by a move that stopped halfway has an email no membership's user has", () => {
    const changed = { ...invited, [first!]: "new@example.com" };
    expect(linesOf(moving(changed), factsOf(invited, { forgotten: [first!] }))).toEqual([
      EMAILS_BLOCKER(1, `${first}: "new@example.com" in the config, no membership's user has it in Terraform Cloud`),
    ]);
    expect(linesOf(moving(invited), factsOf(invited, { forgotten: [first!] }))).toEqual([]);
  });

  it("fails with one line for several movers, naming three and counting the rest", () => {
    const deployed = Object.fromEntries(NAMES.filter((name) => !MOVERS.includes(name)).map((n) => [n, emailOf(n)]));
    const shown = MOVERS.slice(0, 3).map((name) => `${name}: none deployed, "${emailOf(name)}" in the config`);
    expect(linesOf(moving(invited), factsOf(deployed))).toEqual([
      EMAILS_BLOCKER(MOVERS.length, `${shown.join(", ")}${MOVERS.length > 3 ? `, and ${MOVERS.length - 3} more` : ""}`),
    ]);
  });
});

describe("the invitations check, of a mover whose new stack imports its membership", () => {
  const [first, second] = MOVERS;
  const invited = Object.fromEntries(NAMES.map((name) => [name, emailOf(name)]));
  const warnings = (config: ReturnType<typeof moving>, facts: PreflightFacts) =>
    invitationsCheck(config, facts).map(lineOf);

  it("never says the deploy invites again a mover whose membership is gone: the stack it goes to imports it", () => {
    expect(warnings(moving(invited), factsOf(invited, { gone: [first!] }))).toEqual([]);
  });

  it("never says the deploy invites at a new email a mover whose import would fail", () => {
    expect(warnings(moving({ ...invited, [first!]: "new@example.com" }), factsOf(invited))).toEqual([]);
  });

  it("still warns of an attendee who stays, and of a mover the import finds, whose membership it then replaces", () => {
    // GIVEN the stayer's email changed, and the second mover's written as its user's, not as its membership's own
    const config = moving({ ...invited, [STAYER]: "new@example.com", [second!]: `X${emailOf(second!)}` });
    const facts = factsOf({ ...invited }, { users: { [second!]: `X${emailOf(second!)}` } });
    // THEN both are replaced: tfe's Read copies the membership's own email, which is ForceNew
    const shown = new Map([
      [second!, `${second}: "${emailOf(second!)}" to "X${emailOf(second!)}"`],
      [STAYER, `${STAYER}: "${emailOf(STAYER)}" to "new@example.com"`],
    ]);
    expect(warnings(config, facts)).toEqual([
      "warning invitations: the deploy removes 2 attendees from the organization and invites them at a new email " +
        `(${[...shown.keys()]
          .sort()
          .map((name) => shown.get(name))
          .join(", ")}); their workspace, state and token ` +
        "stay. Fix: tell them to accept the new invitation to reach the organization's pages again",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { goneFromTerraformCloud, managedBy } from "../operations/preflight/check";
import { checklistLine } from "../operations/preflight/checklist";
import { removalsCheck } from "../operations/preflight/checks/removals";
import { teamsCheck } from "../operations/preflight/checks/teams";
import { workspacesCheck } from "../operations/preflight/checks/workspaces";
import type { PreflightFacts, StackStateFact } from "../operations/preflight/facts";
import { stateFromText } from "../operations/stack-state";
import type { Workspace } from "../terraform-cloud/resources";
import { NOW, roomResources, stateText, validConfig } from "./support";

/**
 * The lines of what a deploy adds and removes name what they count, so that a mistyped name (a late attendee's, a
 * no-show's) reads as what it is, and stay one line each for a room of 1,000.
 */

const ORG = "acme-aws-workshop";
const roomOf = (names: readonly string[]) =>
  validConfig({ organization: { name: ORG, email: "facilitator@example.com" }, attendees: names });

/** The local state of a room deployed for the attendees given, with the workshop's workspace. */
function stateWith(attendees: readonly string[]): StackStateFact {
  const workshop = {
    type: "tfe_workspace",
    name: "workspace-aws_workshop_workspace_0A1B2C3D",
    instances: [{ attributes: { id: "ws-aws_workshop", name: "aws_workshop" } }],
  };
  const text = stateText([workshop, ...roomResources(attendees)]);
  return { location: { kind: "local", file: "/nowhere" }, reading: stateFromText(text) };
}

/** A workspace as Terraform Cloud lists it: without state. */
const listedWorkspace = (name: string): Workspace => ({
  id: `ws-${name}`,
  name,
  executionMode: "local",
  resourceCount: 0,
  currentStateVersion: null,
  permissions: { canUpdate: true, canLock: true, canReadStateVersions: true, canCreateStateVersions: true },
  followsProjectExecutionMode: false,
});

/**
 * What preflight knows of a room deployed for the attendees given, with the workshop's workspace, all of it listed by
 * Terraform Cloud to an owner's token; `undefined`: before the first deploy, nothing listed.
 */
function factsOf(deployed: readonly string[] | undefined, owner = true): PreflightFacts {
  const names = deployed === undefined ? [] : ["aws_workshop", ...deployed.map((name) => `aws_workshop-${name}`)];
  return {
    now: NOW,
    disposableMachine: false,
    hasToken: true,
    failures: [],
    state:
      deployed === undefined
        ? { location: { kind: "local", file: "/nowhere" }, reading: { kind: "none" } }
        : stateWith(deployed),
    organization: { name: ORG, canUpdate: owner },
    workspaces: new Map(names.map((name) => [name, listedWorkspace(name)])),
    teams: new Map(names.slice(1).map((name) => [name, { id: `team-${name}`, name }])),
  };
}

const linesOf = (config: ReturnType<typeof roomOf>, facts: PreflightFacts) =>
  [workspacesCheck, teamsCheck, removalsCheck].flatMap((check) => check(config, facts)).map(checklistLine);

const ROOM = ["alice", "bob", "carol"];

describe("the lines of what a deploy adds and removes", () => {
  it("names a late attendee's workspace and team to create", () => {
    // GIVEN the room deployed, WHEN frank joins under a mistyped name
    const lines = linesOf(roomOf([...ROOM, "frnak"]), factsOf(ROOM));
    // THEN both lines name what they create, where the typo shows
    expect(lines).toEqual([
      "ok      workspaces: 4 managed by this stack",
      "ok      workspaces: 1 to create (aws_workshop-frnak)",
      "ok      teams: 3 managed by this stack",
      "ok      teams: 1 to create (aws_workshop-frnak)",
    ]);
  });

  it("names a no-show's workspace and team removed", () => {
    // GIVEN the room deployed, WHEN bob is removed, who never pushed state
    const lines = linesOf(roomOf(["alice", "carol"]), factsOf(ROOM));
    // THEN the removals line names his workspace and team
    expect(lines).toEqual([
      "ok      workspaces: 3 managed by this stack",
      "ok      teams: 2 managed by this stack",
      "ok      removals: 1 workspace without state (aws_workshop-bob) and 1 team (aws_workshop-bob) removed by " +
        "this deploy",
    ]);
  });

  it("names five of what it counts, sorted, and how many more: one line for a room of 1,000", () => {
    // GIVEN a room of 1,000 listed in reverse order, WHEN it is deployed for the first time, and then torn down
    const thousand = Array.from({ length: 1000 }, (_, index) => `attendee${String(1000 - index).padStart(4, "0")}`);
    const first = linesOf(roomOf(thousand), factsOf(undefined));
    const teardown = linesOf(roomOf([]), factsOf(thousand));
    // THEN each line names the first five in order and counts the rest
    const five =
      "aws_workshop-attendee0001, aws_workshop-attendee0002, aws_workshop-attendee0003, " +
      "aws_workshop-attendee0004, aws_workshop-attendee0005";
    expect(first).toEqual([
      `ok      workspaces: 1001 to create (aws_workshop, ${five.split(", ").slice(0, 4).join(", ")}, and 996 more)`,
      `ok      teams: 1000 to create (${five}, and 995 more)`,
    ]);
    expect(teardown).toEqual([
      "ok      workspaces: 1 managed by this stack",
      `ok      removals: 1000 workspaces without state (${five}, and 995 more) and 1000 teams (${five}, and 995 ` +
        "more) removed by this deploy",
    ]);
    for (const line of [...first, ...teardown]) expect(line.length).toBeLessThan(400);
  });

  it("names the workspaces and teams a token that does not see everything takes as to create", () => {
    // GIVEN a token that is no owner's, which Terraform Cloud lists nothing for
    // WHEN the config has a room no state manages
    const lines = linesOf(roomOf(["dave"]), factsOf(undefined, false));
    // THEN the warnings name what they take as to create
    expect(lines).toEqual([
      "warning workspaces: 2 not visible to this token, taken as to create (aws_workshop, aws_workshop-dave): one " +
        "that exists unseen makes the deploy fail when it creates it. Fix: run preflight with a user token of an " +
        "owner of the organization",
      "warning teams: 1 not visible to this token, taken as to create (aws_workshop-dave): one that exists unseen " +
        "makes the deploy fail when it creates it. Fix: run preflight with a user token of an owner of the " +
        "organization",
    ]);
  });
});

describe("a workspace and team renamed by hand", () => {
  /** The room deployed, bob's workspace and team listed by Terraform Cloud by their ids under other names. */
  function bobsRenamed(owner: boolean): PreflightFacts {
    const deployed = factsOf(ROOM, owner);
    const others = <T>(listed: ReadonlyMap<string, T> | undefined) =>
      [...(listed ?? [])].filter(([name]) => name !== "aws_workshop-bob");
    return {
      ...deployed,
      workspaces: new Map([
        ...others(deployed.workspaces),
        ["bobs-own-name", { ...listedWorkspace("bobs-own-name"), id: "ws-bob" }],
      ]),
      teams: new Map([...others(deployed.teams), ["bobs-team", { id: "team-bob", name: "bobs-team" }]]),
    };
  }

  for (const [token, owner] of [
    ["an owner's token", true],
    ["a token that does not see everything", false],
  ] as const)
    it(`is renamed back by the deploy, as preflight says, listed to ${token}`, () => {
      const facts = bobsRenamed(owner);
      // THEN preflight says the deploy renames them back, keeping what they hold
      expect(linesOf(roomOf(ROOM), facts).filter((line) => line.startsWith("warning"))).toEqual([
        'warning workspace "aws_workshop-bob": is managed by this stack, and Terraform Cloud lists it (ws-bob) as ' +
          '"bobs-own-name" (renamed by hand?): the deploy renames it back, in place, with its state and runs. Fix: ' +
          "nothing to do, unless the new name is meant to stay: then give it to the config before the deploy",
        'warning team "aws_workshop-bob": is managed by this stack, and Terraform Cloud lists it (team-bob) as ' +
          '"bobs-team" (renamed by hand?): the deploy renames it back, in place, with its members and any token. ' +
          "Fix: nothing to do, unless the new name is meant to stay: then give it to the config before the deploy",
      ]);
      // AND the deploy's selection counts both as not in Terraform Cloud by their names, so it deploys their stack
      expect(goneFromTerraformCloud(facts, managedBy(facts)!)).toEqual(new Set(["ws-bob", "team-bob"]));
    });
});

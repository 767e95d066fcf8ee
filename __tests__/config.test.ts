import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docText } from "./docs";
import { configPath, DEFAULT_CONFIG_PATH, loadConfig, validateConfig } from "../config/load-config";
import { isPlainName, workshopConfigSchema } from "../config/schema";
import { exampleConfigJson, fieldsAt, NOW, problemsOf, validConfig } from "./support";

/** A JSON object as a user might write it: any field, any value. */
type Json = { [field: string]: unknown };

/**
 * The example config (`exampleConfigJson`) as the tests break it, with whatever a user might write: its sections
 * are typed down to the objects the tests edit, every value left open. A test that replaces a whole list does it
 * with `Object.assign`, past the type's first workspace and team.
 */
interface Example extends Json {
  organization: Json;
  workspaces: [Json, ...Json[]];
  teams: [Json & { access: Json; organizationAccess: Json; token: Json }, ...Json[]];
}

/** The example config with one change applied, so each test names only what it breaks. */
function exampleWith(change: (config: Example) => void): Example {
  const config = exampleConfigJson() as Example;
  change(config);
  return config;
}

/** Asserts that a config is refused with exactly one problem, and returns it. */
function onlyProblem(json: unknown): string {
  const problems = problemsOf(json);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("validateConfig accepts", () => {
  it("an expiresAt that has passed, with one warning line for each, naming the field and the date", () => {
    // GIVEN the day after the workshop: every fixed expiry has passed, one of them this very second
    const afterTheWorkshop = exampleWith((c) => {
      c.organization.token = { expiresAt: "2026-09-30T23:59:59Z" };
      c.teams[0].token.expiresAt = NOW.toISOString();
      c.attendees = { names: ["alice"], token: { expiresAt: "2026-09-30T18:00:00+02:00" } };
    });
    // WHEN validated THEN it is accepted, and each passed date is a warning that stops nothing
    const result = validateConfig(afterTheWorkshop, NOW);
    expect(result.ok && result.value.warnings).toEqual(
      [
        ["organization.token.expiresAt", '"2026-09-30T23:59:59Z"'],
        ["teams[0].token.expiresAt", `"${NOW.toISOString()}"`],
        ["attendees.token.expiresAt", '"2026-09-30T18:00:00+02:00"'],
      ].map(
        ([field, date]) =>
          `warning ${field}: ${date} has passed, so the token has expired; preflight stops ` +
          "a deploy that would create it with that date. Fix: give a later date to create " +
          "it again; status, verify, handout and the teardown need none",
      ),
    );
    // AND a date still ahead, or a rotation, says nothing
    const ahead = validateConfig(exampleConfigJson(), NOW);
    expect(ahead.ok && ahead.value.warnings).toEqual([]);
  });

  it("shards for a room of 200 or fewer, with a note that one stack suffices; a larger room, or none, without", () => {
    // GIVEN a room of 40 in 3 shards, one of 201 in 3, one of 40 in one stack, and a sharded room torn down (no names)
    const room = (count: number, shards?: number) =>
      exampleWith((c) => {
        c.attendees = { names: Array.from({ length: count }, (_, index) => `att${index + 1}`), shards };
      });
    // WHEN validated THEN each is accepted, and only the small sharded room has a note, naming the field and the count
    const small = validateConfig(room(40, 3), NOW);
    expect(small.ok && small.value.warnings).toEqual([
      "note attendees.shards: 3 for a room of 40: one stack suffices for 200 attendees or fewer, and each shard adds " +
        "a state to keep (docs/large-rooms.md, When to shard). Fix: leave shards out before the first deploy; a " +
        "deployed room keeps them, or moves with attendees.migrateFromShards",
    ]);
    // AND the teardown keeps its shards with no names: the note must not tell it to leave them out
    for (const quiet of [room(201, 3), room(40), room(0, 3)]) {
      const result = validateConfig(quiet, NOW);
      expect(result.ok && result.value.warnings).toEqual([]);
    }
  });

  it("the contract's example config as written", () => {
    const config = validConfig(exampleConfigJson());
    expect(config.teams[0]?.access).toEqual(new Map([["aws_workshop", "write"]]));
  });

  it("a config with only an organization, filling in the documented defaults", () => {
    // GIVEN only the required fields WHEN validated
    const config = validConfig({ organization: { name: "acme", email: "a@example.com" } });
    // THEN the organization is created, with exactly one local aws_workshop workspace and no team
    expect(config.organization.create).toBe(true);
    expect(config.workspaces).toEqual([{ name: "aws_workshop", executionMode: "local" }]);
    expect(config.teams).toEqual([]);
  });

  it("defaults a workspace's execution mode to local and a team's access to none", () => {
    const config = validConfig(
      exampleWith((c) => Object.assign(c, { workspaces: [{ name: "ws" }], teams: [{ name: "t" }] })),
    );
    expect(config.workspaces[0]?.executionMode).toBe("local");
    expect(config.teams[0]?.access).toEqual(new Map());
  });

  it.each(["1.11.4", "~> 1.11", ">= 1.9.0, < 2.0.0", "latest", "1.12.0-beta1"])("terraformVersion %s", (version) => {
    expect(problemsOf(exampleWith((c) => (c.workspaces[0].terraformVersion = version)))).toEqual([]);
  });

  it("a workspace name of exactly 90 characters", () => {
    expect(
      problemsOf(exampleWith((c) => Object.assign(c, { workspaces: [{ name: "w".repeat(90) }], teams: [] }))),
    ).toEqual([]);
  });

  it("a rotating team token and an organization token, with acknowledgements and a maximum lifetime", () => {
    const config = validConfig(
      exampleWith((c) => {
        c.teams[0].token = { description: "ci", rotationDays: 30 };
        c.organization.token = { rotationDays: 7 };
        c.policy = { maxTokenLifetimeDays: 90 };
        c.acknowledge = [
          { rule: "admin-workspace-access", resource: "aws-workshop/team-ci", reason: "the facilitator needs it" },
        ];
      }),
    );
    expect(config.teams[0]?.token).toEqual({ description: "ci", rotationDays: 30 });
    expect(config.organization.token).toEqual({ rotationDays: 7 });
    expect(config.policy.maxTokenLifetimeDays).toBe(90);
    expect(config.acknowledge).toHaveLength(1);
  });

  it("a project with spaces in its name and a description, adopted by its id", () => {
    // GIVEN the workshop's project, made by hand before WHEN validated
    const config = validConfig(
      exampleWith((c) => {
        c.project = { name: "AWS workshop_2026-11", description: "the room of November" };
        c.import = { project: "prj-niVoeESBXT8ZREhr" };
      }),
    );
    // THEN it is taken as written
    expect(config.project).toEqual({ name: "AWS workshop_2026-11", description: "the room of November" });
    expect(config.import?.project).toBe("prj-niVoeESBXT8ZREhr");
  });

  it.each(["abc", "a".repeat(40), "a b"])("the project name %s, at the bounds of tfe's rule", (name) => {
    expect(problemsOf(exampleWith((c) => (c.project = { name })))).toEqual([]);
  });

  it("an expiry with a UTC offset", () => {
    expect(problemsOf(exampleWith((c) => (c.teams[0].token.expiresAt = "2027-06-30T00:00:00+02:00")))).toEqual([]);
  });
});

describe("validateConfig refuses, with one line naming the field, the value and what is allowed", () => {
  it("fails when the config is not an object", () => {
    expect(onlyProblem([])).toBe("config: must be an object, but [] was provided");
  });

  it("fails when the organization is missing", () => {
    expect(onlyProblem({})).toBe("organization: is required: it must be an object");
  });

  it("fails when the organization name or email is missing", () => {
    expect(problemsOf({ organization: {} })).toEqual([
      'organization.name: is required: it must be a name of at most 90 letters, digits, "-" or "_"',
      "organization.email: is required: it must be an email address such as facilitator@example.com",
    ]);
  });

  it("fails when the organization name has a space", () => {
    expect(onlyProblem(exampleWith((c) => (c.organization.name = "acme aws")))).toBe(
      'organization.name: must be a name of at most 90 letters, digits, "-" or "_", but "acme aws" was provided',
    );
  });

  it("fails when the email is not an email address", () => {
    expect(onlyProblem(exampleWith((c) => (c.organization.email = "facilitator")))).toBe(
      'organization.email: must be an email address such as facilitator@example.com, but "facilitator" was provided',
    );
  });

  it("fails when create is not a boolean", () => {
    expect(onlyProblem(exampleWith((c) => (c.organization.create = "yes")))).toBe(
      'organization.create: must be true or false, but "yes" was provided',
    );
  });

  it("fails when a key is unknown, at any depth", () => {
    // GIVEN a typo at every level of the config
    const json = exampleWith((c) => {
      c.organisation = {};
      c.organization.emial = "x";
      c.workspaces[0].executionmode = "local";
      c.teams[0].acess = {};
      c.teams[0].token.expires = "soon";
      c.teams[0].organizationAccess.manageEverything = true;
    });
    // WHEN validated THEN each typo is named, with the fields that are allowed there
    expect(problemsOf(json)).toEqual([
      'organization: "emial" is not a known field; the fields here are name, email, create, token',
      `workspaces[0]: "executionmode" is not a known field; the fields here are ${fieldsAt("workspaces[]")}`,
      'teams[0].organizationAccess: "manageEverything" is not a known field; the fields here are ' +
        "readWorkspaces, readProjects, manageWorkspaces, manageProjects, managePolicies, " +
        "managePolicyOverrides, manageRunTasks, manageVcsSettings, manageProviders, manageModules, " +
        "manageMembership, manageTeams, manageOrganizationAccess, manageAgentPools, accessSecretTeams",
      'teams[0].token: "expires" is not a known field; the fields here are description, expiresAt, rotationDays',
      `teams[0]: "acess" is not a known field; the fields here are ${fieldsAt("teams[]")}`,
      'config: "organisation" is not a known field; the fields here are $schema, organization, project, ' +
        "workspaces, teams, attendees, event, import, state, deleteWithState, policy, acknowledge",
    ]);
  });

  it("fails when a permissions object has an unknown key", () => {
    const permissions = {
      runs: "read",
      variables: "none",
      stateVersions: "none",
      sentinelMocks: "none",
      workspaceLocking: false,
      runTasks: false,
      admin: true,
    };
    expect(onlyProblem(exampleWith((c) => (c.teams[0].access.aws_workshop = permissions)))).toBe(
      'teams[0].access.aws_workshop: "admin" is not a known field; the fields here are ' +
        "runs, variables, stateVersions, sentinelMocks, workspaceLocking, runTasks",
    );
  });

  it("fails when lists and objects have the wrong type", () => {
    expect(problemsOf({ organization: "acme", workspaces: {}, teams: "ci" })).toEqual([
      'organization: must be an object, but "acme" was provided',
      "workspaces: must be a list of workspaces, but {} was provided",
      'teams: must be a list of teams, but "ci" was provided',
    ]);
  });

  it("fails when workspaces is an empty list", () => {
    expect(onlyProblem(exampleWith((c) => Object.assign(c, { workspaces: [], teams: [] })))).toBe(
      "workspaces: must list at least one workspace (leave it out for the default aws_workshop)",
    );
  });

  it("fails when a workspace name has a character Terraform Cloud refuses", () => {
    expect(onlyProblem(exampleWith((c) => c.workspaces.push({ name: "aws.workshop" })))).toBe(
      'workspaces[1].name: must be a name of at most 90 letters, digits, "-" or "_", but "aws.workshop" was provided',
    );
  });

  it("fails when a workspace name is longer than 90 characters", () => {
    expect(onlyProblem(exampleWith((c) => c.workspaces.push({ name: "w".repeat(91) })))).toMatch(
      /^workspaces\[1\]\.name: must be a name of at most 90 letters, digits, "-" or "_", but 91 characters were provided$/,
    );
  });

  it("fails when two workspaces share a name, whatever the case", () => {
    expect(onlyProblem(exampleWith((c) => c.workspaces.push({ name: "AWS_Workshop" })))).toBe(
      'workspaces[1].name: "AWS_Workshop" is already used by workspaces[0]; names must be unique',
    );
  });

  it("takes a team's visibility, secret or organization, and leaves it out when not given", () => {
    expect(validConfig(exampleWith((c) => (c.teams[0].visibility = "organization"))).teams[0]?.visibility).toBe(
      "organization",
    );
    expect(validConfig(exampleWith((c) => (c.teams[0].visibility = "secret"))).teams[0]?.visibility).toBe("secret");
    expect(validConfig(exampleWith(() => undefined)).teams[0]?.visibility).toBeUndefined();
  });

  it("fails when a team's visibility is neither secret nor organization", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].visibility = "public")))).toBe(
      'teams[0].visibility: "public" is not a team visibility; use secret, organization',
    );
  });

  it("fails when the execution mode is unknown", () => {
    expect(onlyProblem(exampleWith((c) => (c.workspaces[0].executionMode = "cloud")))).toBe(
      'workspaces[0].executionMode: "cloud" is not an execution mode; use local, remote, agent',
    );
  });

  it("fails when agent execution has no agent pool", () => {
    expect(onlyProblem(exampleWith((c) => (c.workspaces[0].executionMode = "agent")))).toBe(
      "workspaces[0].agentPoolId: is required when executionMode is " +
        '"agent": name the agent pool that runs this workspace',
    );
  });

  it("fails when an agent pool is given without agent execution", () => {
    expect(onlyProblem(exampleWith((c) => (c.workspaces[0].agentPoolId = "apool-abc123")))).toBe(
      'workspaces[0].agentPoolId: is only allowed when executionMode is "agent", but executionMode is "local"',
    );
  });

  it("fails when the agent pool id is not an agent pool id", () => {
    expect(
      onlyProblem(
        exampleWith((c) => Object.assign(c.workspaces[0], { executionMode: "agent", agentPoolId: "my pool" })),
      ),
    ).toBe(
      "workspaces[0].agentPoolId: must be an agent pool id such as " +
        '"apool-yoGUFz5zcRMMz53i", but "my pool" was provided',
    );
  });

  it("fails when a tag is not lower-case", () => {
    expect(onlyProblem(exampleWith((c) => (c.workspaces[0].tags = ["workshop", "Prod"])))).toBe(
      "workspaces[0].tags[1]: must be a tag of at most 255 lower-case " +
        'letters, digits, ":", "-" or "_", but "Prod" was provided',
    );
  });

  it("fails when the Terraform version is not a version or constraint", () => {
    expect(onlyProblem(exampleWith((c) => (c.workspaces[0].terraformVersion = "newest")))).toBe(
      "workspaces[0].terraformVersion: must be a Terraform version or constraint " +
        'such as "1.11.4", "~> 1.11" or "latest", but "newest" was provided',
    );
  });

  it("fails when the description is not a string", () => {
    expect(onlyProblem(exampleWith((c) => (c.workspaces[0].description = 42)))).toBe(
      "workspaces[0].description: must be a description (1 to 1000 characters), but 42 was provided",
    );
  });

  it("fails when a team name has a space", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].name = "workshop ci")))).toBe(
      'teams[0].name: must be a name of at most 90 letters, digits, "-" or "_", but "workshop ci" was provided',
    );
  });

  it("fails when two teams share a name, whatever the case", () => {
    expect(onlyProblem(exampleWith((c) => c.teams.push({ name: "Workshop-CI" })))).toBe(
      'teams[1].name: "Workshop-CI" is already used by teams[0]; names must be unique',
    );
  });

  it("fails when a team is granted access to a workspace that is not declared", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].access.sandbox = "read")))).toBe(
      'teams[0].access.sandbox: workspace "sandbox" is not declared in workspaces; declared: aws_workshop',
    );
  });

  it("fails when an access level is unknown", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].access.aws_workshop = "superuser")))).toBe(
      'teams[0].access.aws_workshop: "superuser" is not an access level; ' +
        "use read, plan, write, admin or a permissions object",
    );
  });

  it("fails when an access entry is neither a level nor an object", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].access.aws_workshop = 3)))).toBe(
      "teams[0].access.aws_workshop: 3 is not an access level; use read, plan, write, admin or a permissions object",
    );
  });

  it("fails when a permission value is unknown or a permission is missing", () => {
    // GIVEN a permissions object with a bad runs value and no runTasks
    const permissions = {
      runs: "destroy",
      variables: "read",
      stateVersions: "read",
      sentinelMocks: "none",
      workspaceLocking: "no",
    };
    // WHEN validated THEN each permission is blamed on its own path
    expect(problemsOf(exampleWith((c) => (c.teams[0].access.aws_workshop = permissions)))).toEqual([
      'teams[0].access.aws_workshop.runs: "destroy" is not a runs permission; use read, plan, apply',
      'teams[0].access.aws_workshop.workspaceLocking: must be true or false, but "no" was provided',
      "teams[0].access.aws_workshop.runTasks: is required: it must be true or false",
    ]);
  });

  it("fails when an organization access flag is not a boolean", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].organizationAccess.readWorkspaces = "true")))).toBe(
      'teams[0].organizationAccess.readWorkspaces: must be true or false, but "true" was provided',
    );
  });

  it("fails when a token has no description", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].token.description = "  ")))).toBe(
      "teams[0].token.description: must be a description of who uses the " +
        'token (1 to 255 characters), but "  " was provided',
    );
  });

  it("fails when expiresAt cannot be parsed as RFC 3339", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].token.expiresAt = "2027-06-30")))).toBe(
      "teams[0].token.expiresAt: must be an RFC 3339 date-time such as " +
        '"2027-06-30T00:00:00Z", but "2027-06-30" was provided',
    );
  });

  it("fails when a token has neither expiresAt nor rotationDays", () => {
    expect(onlyProblem(exampleWith((c) => delete c.teams[0].token.expiresAt))).toBe(
      "teams[0].token: must expire: set expiresAt (an RFC 3339 date-time such as " +
        '"2027-06-30T00:00:00Z") or rotationDays (a number of days)',
    );
  });

  it("fails when a token has both expiresAt and rotationDays", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].token.rotationDays = 30)))).toBe(
      "teams[0].token: has both expiresAt and rotationDays; keep one",
    );
  });

  it.each([0, 1.5, 3651, "30"])("fails when rotationDays is %j", (days) => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].token = { description: "ci", rotationDays: days })))).toBe(
      "teams[0].token.rotationDays: must be a whole number of days from " +
        `1 to 3650, but ${JSON.stringify(days)} was provided`,
    );
  });

  it(
    "fails when an organization token is asked for on an organization " +
      "that exists, unless it may replace the existing one",
    () => {
      // GIVEN an organization that is looked up, and one that is adopted
      const lookedUp = exampleWith(
        (c) => ((c.organization.create = false), (c.organization.token = { rotationDays: 7 })),
      );
      const adopted = exampleWith(
        (c) => ((c.import = { organization: true }), (c.organization.token = { rotationDays: 7 })),
      );
      // WHEN validated THEN both are refused, naming why and the way out
      expect(problemsOf(lookedUp)).toEqual([
        "organization.token: the organization exists already (organization.create is false) and may have " +
          "an organization token, which this one would have to replace, revoking it for whoever holds it; " +
          'set "replaceExisting": true to replace it, or remove organization.token',
      ]);
      expect(problemsOf(adopted)).toEqual([
        "organization.token: the organization exists already (import.organization is true) and may have " +
          "an organization token, which this one would have to replace, revoking it for whoever holds it; " +
          'set "replaceExisting": true to replace it, or remove organization.token',
      ]);
      expect(
        problemsOf(
          exampleWith(
            (c) => (
              (c.organization.create = false),
              (c.organization.token = { rotationDays: 7, replaceExisting: true })
            ),
          ),
        ),
      ).toEqual([]);
    },
  );

  it("fails when replaceExisting is set for an organization this config creates", () => {
    expect(problemsOf(exampleWith((c) => (c.organization.token = { rotationDays: 7, replaceExisting: true })))).toEqual(
      [
        "organization.token.replaceExisting: is only for an organization that exists already " +
          "(organization.create false, or import.organization true); a new organization has no token to " +
          "replace",
      ],
    );
  });

  it("fails when the organization token does not expire", () => {
    expect(problemsOf(exampleWith((c) => (c.organization.token = {})))).toEqual([
      "organization.token: must expire: set expiresAt (an RFC 3339 date-time such " +
        'as "2027-06-30T00:00:00Z") or rotationDays (a number of days)',
    ]);
  });

  it("fails when the maximum token lifetime is not a whole number of days", () => {
    expect(onlyProblem(exampleWith((c) => (c.policy = { maxTokenLifetimeDays: -1 })))).toBe(
      "policy.maxTokenLifetimeDays: must be a whole number of days from 1 to 3650, but -1 was provided",
    );
  });

  it("fails when the state workspace or host name is malformed", () => {
    expect(
      problemsOf(
        exampleWith(
          (c) => (c.state = { organization: "acme-admin", workspace: "aws workshop state", hostname: "https://tfe" }),
        ),
      ),
    ).toEqual([
      "state.workspace: must be a name of at most 90 letters, digits, " +
        '"-" or "_", but "aws workshop state" was provided',
      'state.hostname: must be a host name such as "tfe.example.com" or "tfe.example.com:8443": labels ' +
        'of 1 to 63 letters, digits or "-", port 1 to 65535, but "https://tfe" was provided',
    ]);
  });

  it("fails when an acknowledgement's reason is shorter than 10 characters", () => {
    const acknowledgement = { rule: "admin-workspace-access", resource: "aws-workshop/team-ci", reason: "needed   " };
    expect(onlyProblem(exampleWith((c) => (c.acknowledge = [acknowledgement])))).toBe(
      'acknowledge[0].reason: must be a reason of 10 to 500 characters, but "needed   " was provided',
    );
  });

  it("fails when an acknowledgement names no resource", () => {
    const acknowledgement = { rule: "admin-workspace-access", reason: "the facilitator needs it" };
    expect(onlyProblem(exampleWith((c) => (c.acknowledge = [acknowledgement])))).toBe(
      "acknowledge[0].resource: is required: it must be a construct path as printed in " +
        'the finding, such as "aws-workshop/team-ci/access-aws_workshop"',
    );
  });

  it("fails when a token is asked for the built-in owners team", () => {
    expect(onlyProblem(exampleWith((c) => (c.teams[0].name = "Owners")))).toBe(
      'teams[0].token: is refused for the built-in "owners" team: its token carries every ' +
        "organization-owner permission; give the token to a team with only the access it needs",
    );
  });

  it("fails when the built-in owners team is declared, since it already exists", () => {
    expect(onlyProblem(exampleWith((c) => Object.assign(c, { teams: [{ name: "owners" }] })))).toBe(
      'teams[0].name: "owners" is the built-in team every organization ' +
        "already has and cannot be created; choose another name",
    );
  });

  it("takes deleteWithState naming workspaces the config no longer creates", () => {
    expect(
      problemsOf({ ...exampleConfigJson(), attendees: ["alice"], deleteWithState: ["aws_workshop-carol"] }),
    ).toEqual([]);
  });

  it(
    "fails when deleteWithState names a workspace the config still " +
      "creates, or something that is no workspace name",
    () => {
      expect(
        problemsOf({ ...exampleConfigJson(), attendees: ["alice"], deleteWithState: ["aws_workshop-alice", "a b"] }),
      ).toEqual([
        'deleteWithState[1]: must be a name of at most 90 letters, digits, "-" or "_", but "a b" was provided',
      ]);
      expect(
        problemsOf({ ...exampleConfigJson(), attendees: ["alice"], deleteWithState: ["aws_workshop-alice"] }),
      ).toEqual([
        'deleteWithState[0]: workspace "aws_workshop-alice" is still created by this ' +
          "config; deleteWithState is only for workspaces the config removes",
      ]);
    },
  );

  it(
    "fails when the project name breaks tfe's project rule: too short, " +
      "too long, a space at an end, or another character",
    () => {
      const rule =
        'must be a project name of 3 to 40 letters, digits, "_", "-" or ' +
        "spaces, neither starting nor ending with a space";
      expect(onlyProblem(exampleWith((c) => (c.project = { name: "ab" })))).toBe(
        `project.name: ${rule}, but "ab" was provided`,
      );
      expect(onlyProblem(exampleWith((c) => (c.project = { name: "a".repeat(41) })))).toBe(
        `project.name: ${rule}, but 41 characters were provided`,
      );
      expect(onlyProblem(exampleWith((c) => (c.project = { name: " AWS workshop" })))).toBe(
        `project.name: ${rule}, but " AWS workshop" was provided`,
      );
      expect(onlyProblem(exampleWith((c) => (c.project = { name: "aws.workshop" })))).toBe(
        `project.name: ${rule}, but "aws.workshop" was provided`,
      );
    },
  );

  it(
    "fails when the project has no name, an unknown field, or a " +
      "description that is empty or longer than 256 characters",
    () => {
      expect(problemsOf(exampleWith((c) => (c.project = { owner: "me" })))).toEqual([
        "project.name: is required: it must be a project name of 3 to 40 letters, " +
          'digits, "_", "-" or spaces, neither starting nor ending with a space',
        'project: "owner" is not a known field; the fields here are name, description',
      ]);
      expect(onlyProblem(exampleWith((c) => (c.project = { name: "AWS workshop", description: "" })))).toBe(
        'project.description: must be a description (1 to 256 characters), but "" was provided',
      );
      expect(
        onlyProblem(exampleWith((c) => (c.project = { name: "AWS workshop", description: "x".repeat(257) }))),
      ).toBe("project.description: must be a description (1 to 256 characters), but 257 characters were provided");
    },
  );

  it("fails when import.project is no project id, or there is no project to adopt it into", () => {
    expect(
      onlyProblem(exampleWith((c) => ((c.project = { name: "AWS workshop" }), (c.import = { project: "project-1" })))),
    ).toBe('import.project: must be a project id such as "prj-niVoeESBXT8ZREhr", but "project-1" was provided');
    expect(onlyProblem(exampleWith((c) => (c.import = { project: "prj-niVoeESBXT8ZREhr" })))).toBe(
      "import.project: is only for the project this config creates; add " +
        '"project": { "name": ... } to adopt it, or remove import.project',
    );
  });

  it("fails with every problem at once, one line each", () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.organization.name = "a b";
        c.teams[0].access.aws_workshop = "owner";
      }),
    );
    expect(problems).toHaveLength(2);
    for (const problem of problems) expect(problem).not.toContain("\n");
  });
});

describe("validateConfig reports every mistake of a file in one round", () => {
  it("fails when an access level is wrong and an attendee is repeated, naming both at once", () => {
    // GIVEN a config the schema refuses (an access level) and whose relations are wrong too (a repeated attendee)
    const json = exampleWith((c) => {
      c.teams[0].access.aws_workshop = "superuser";
      c.attendees = ["alice", "Alice"];
    });
    // THEN both are reported, the schema's first
    expect(problemsOf(json)).toEqual([
      'teams[0].access.aws_workshop: "superuser" is not an access level; ' +
        "use read, plan, write, admin or a permissions object",
      'attendees[1]: "Alice" is already used by attendees[0]; names must be unique',
    ]);
  });

  it(
    "fails when a workspace is refused and an attendee repeated, " +
      "checking no relation that reads the refused workspaces",
    () => {
      // GIVEN a refused workspace, which the team's access names, and a repeated attendee
      const json = exampleWith((c) => {
        c.workspaces[0].executionMode = "fast";
        c.attendees = ["bob", "bob"];
      });
      // THEN the repeat is reported, and the team's access to the refused workspace is not called undeclared
      expect(problemsOf(json)).toEqual([
        'workspaces[0].executionMode: "fast" is not an execution mode; use local, remote, agent',
        'attendees[1]: "bob" is already used by attendees[0]; names must be unique',
      ]);
    },
  );
});

describe("a room of bare names, read without zod checking each", () => {
  it("takes as plain only names the schema takes as they are, as it would read them", () => {
    // GIVEN names at the bound and beyond it, with characters a name may not have, and shaped like a token
    const candidates: unknown[] = [
      "alice",
      "__proto__",
      "a".repeat(90),
      "a".repeat(91),
      "bad name",
      "dotted.name",
      "ab.atlasv1.cdefghijklmnop",
      "\u0001",
      "",
      5,
      { name: "bob" },
    ];
    // WHEN each is an attendee THEN each one taken as plain is what the schema reads, and the schema refuses the others
    const parsedAlone = (name: unknown) =>
      workshopConfigSchema.safeParse({ organization: { name: "acme", email: "f@example.com" }, attendees: [name] });
    const plain = candidates.filter(isPlainName);
    expect(plain).toEqual(["alice", "__proto__", "a".repeat(90)]);
    for (const name of plain) expect(parsedAlone(name).data?.attendees).toEqual([name]);
    for (const name of candidates.filter((candidate) => typeof candidate === "string" && !isPlainName(candidate)))
      expect(parsedAlone(name).success, String(name)).toBe(false);
  });

  it("reads the config as the schema alone does, in a list or under names, with what the room shares", () => {
    // GIVEN bare names, listed on their own and with the room's other fields
    const names = ["alice", "bob", "__proto__"];
    for (const attendees of [names, { names, workspacePrefix: "lab-", access: "read", shards: 2 }]) {
      const json = exampleWith((c) => {
        c.attendees = attendees;
      });
      // THEN the config read is the schema's own reading, field for field and in its order
      const config = validConfig(json);
      const bySchema = workshopConfigSchema.parse(json);
      expect(config).toEqual(bySchema);
      expect(JSON.stringify(config)).toBe(JSON.stringify(bySchema));
    }
  });

  it("fails with the schema's own words when the rest of the config is refused beside bare names", () => {
    // GIVEN bare names, and a shard count the schema refuses
    const json = exampleWith((c) => {
      c.attendees = { names: ["alice", "bob"], shards: 0 };
    });
    // THEN the refusal is the schema's
    expect(problemsOf(json)).toEqual(["attendees.shards: must be a whole number from 1 to 100, but 0 was provided"]);
  });
});

describe("loadConfig", () => {
  const directory = mkdtempSync(join(tmpdir(), "workshop-config-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function fileWith(name: string, text: string): string {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  }

  it("fails as the README's bad config shows, every mistake in one round", () => {
    // GIVEN the README's room.json: a wrong access level, a bad state host and a repeated attendee
    const json = exampleWith((c) => {
      c.teams[0].access.aws_workshop = "superuser";
      c.state = { organization: "acme-admin", workspace: "aws-workshop-state", hostname: "tfe..example.com:99999" };
      c.attendees = ["alice", "Alice"];
    });
    const path = fileWith("room.json", JSON.stringify(json));
    const result = loadConfig(path, NOW);
    const shown = (result.ok ? [] : result.problem).map((problem) => problem.replace(path, "room.json"));
    // THEN docs/config.md shows exactly those lines, in that order
    expect(shown).toHaveLength(3);
    expect(docText("docs/config.md")).toContain(`\`\`\`text\n${shown.join("\n")}\nNothing was written`);
  });

  it(
    "fails when a file has more mistakes than a screen, showing 20 of " +
      "schema and relations together and counting the rest",
    () => {
      // GIVEN 15 wrong access levels and 10 repeated attendees
      const json = exampleWith((c) =>
        Object.assign(c, {
          teams: Array.from({ length: 15 }, (_, index) => ({
            name: `team${index}`,
            access: { aws_workshop: "superuser" },
          })),
          attendees: Array.from({ length: 11 }, () => "bob"),
        }),
      );
      const path = fileWith("many.json", JSON.stringify(json));
      const result = loadConfig(path, NOW);
      // THEN the first 20 lines hold both kinds, and one more line counts the rest
      const problems = result.ok ? [] : result.problem;
      expect(problems).toHaveLength(21);
      expect(problems[14]).toBe(
        `${path}: teams[14].access.aws_workshop: "superuser" is not an access ` +
          "level; use read, plan, write, admin or a permissions object",
      );
      expect(problems[15]).toBe(`${path}: attendees[1]: "bob" is already used by attendees[0]; names must be unique`);
      expect(problems[20]).toBe("... and 5 more problems");
    },
  );

  it("reads WORKSHOP_CONFIG when set, the committed default otherwise", () => {
    expect(configPath({ WORKSHOP_CONFIG: "/tmp/room.json" })).toBe("/tmp/room.json");
    expect(configPath({})).toBe(DEFAULT_CONFIG_PATH);
    expect(configPath({ WORKSHOP_CONFIG: "" })).toBe(DEFAULT_CONFIG_PATH);
  });

  it("loads and validates a good file", () => {
    const result = loadConfig(fileWith("good.json", JSON.stringify(exampleConfigJson())), NOW);
    expect(result.ok).toBe(true);
  });

  it("loads the committed default config", () => {
    expect(loadConfig(DEFAULT_CONFIG_PATH, new Date()).ok).toBe(true);
  });

  it("fails when the file does not exist", () => {
    const path = join(directory, "missing.json");
    expect(loadConfig(path, NOW)).toEqual({
      ok: false,
      problem: [`${path}: cannot read the config file (no such file); set WORKSHOP_CONFIG to a readable JSON file`],
    });
  });

  it("fails when the path is a directory", () => {
    expect(loadConfig(directory, NOW)).toEqual({
      ok: false,
      problem: [
        `${directory}: cannot read the config file (a directory, not a ` +
          "regular file); set WORKSHOP_CONFIG to a readable JSON file",
      ],
    });
  });

  it("fails when the file is empty", () => {
    const path = fileWith("empty.json", " \n");
    expect(loadConfig(path, NOW)).toEqual({
      ok: false,
      problem: [`${path}: the config file is empty; it must hold a JSON object with at least organization`],
    });
  });

  it("fails when the file is not JSON, pointing at the line and column", () => {
    const path = fileWith(
      "broken.json",
      '{\n  "organization": {\n    "name": "acme"\n    "email": "a@example.com"\n  }\n}\n',
    );
    expect(loadConfig(path, NOW)).toEqual({
      ok: false,
      problem: [
        `${path}: is not valid JSON at line 4, column 5: unexpected string "email"; is a "," missing before it?`,
      ],
    });
  });

  it("fails on invalid JSON with one line even when the parser quotes the text", () => {
    const path = fileWith("token.json", '{"organization": }\n');
    expect(loadConfig(path, NOW)).toEqual({
      ok: false,
      problem: [`${path}: is not valid JSON at line 1, column 18: unexpected "}"`],
    });
  });

  it("prefixes every config problem with the file", () => {
    const path = fileWith("bad.json", JSON.stringify({ organization: { name: "a b", email: "a@example.com" } }));
    const result = loadConfig(path, NOW);
    expect(result).toEqual({
      ok: false,
      problem: [
        `${path}: organization.name: must be a name of at most 90 letters, digits, "-" or "_", but "a b" was provided`,
      ],
    });
  });
});

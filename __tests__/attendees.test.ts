import { describe, expect, it } from "vitest";
import { onlyResource, problemsOf, referenceTo, resourcesOf, synthesize, validConfig } from "./support";

const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const names = (count: number) => Array.from({ length: count }, (_, index) => `attendee${String(index).padStart(3, "0")}`);

describe("attendees in the config", () => {
  it("accepts a bare list of names and an object with names, emails and shared settings", () => {
    expect(problemsOf({ organization, attendees: ["alice", "bob"] })).toEqual([]);
    const config = validConfig({
      organization,
      attendees: { names: ["alice", { name: "bob", email: "bob@example.com" }], workspacePrefix: "lab-", access: "plan", token: { expiresAt: "2026-12-01T00:00:00Z" } },
    });
    expect(config.attendees).toMatchObject({ workspacePrefix: "lab-", access: "plan" });
  });

  it("fails when an attendee name breaks the team name rules", () => {
    expect(problemsOf({ organization, attendees: ["alice", "bob smith"] })).toEqual([
      'attendees[1]: must be a name of letters, digits, "-" or "_", but "bob smith" was provided',
    ]);
  });

  it("fails when an attendee's email is not an email address", () => {
    expect(problemsOf({ organization, attendees: { names: [{ name: "bob", email: "bob" }] } })).toEqual([
      'attendees.names[0].email: must be an email address such as alice@example.com, but "bob" was provided',
    ]);
  });

  it("fails when an attendee is neither a name nor an object", () => {
    expect(problemsOf({ organization, attendees: [42] })).toEqual([
      'attendees[0]: 42 is not an attendee; use a name of letters, digits, "-" or "_", or { "name": ..., "email": ... }',
    ]);
  });

  it("fails when attendees is neither a list nor an object with names", () => {
    expect(problemsOf({ organization, attendees: "alice,bob" })).toEqual([
      'attendees: must be a list of attendee names or { "names": [...], ... }, but "alice,bob" was provided',
    ]);
  });

  it("fails when the shared settings have an unknown key or a bad access level", () => {
    expect(problemsOf({ organization, attendees: { names: ["alice"], access: "owner", prefix: "x" } })).toEqual([
      'attendees.access: "owner" is not an access level; use read, plan, write, admin or a permissions object',
      'attendees: "prefix" is not a known field; the fields here are names, workspacePrefix, access, token',
    ]);
  });

  it("fails when two attendees share a name, whatever the case", () => {
    expect(problemsOf({ organization, attendees: ["alice", "bob", "Alice"] })).toEqual([
      'attendees[2]: "Alice" is already used by attendees[0]; names must be unique',
    ]);
  });

  it("fails when an attendee workspace collides with a declared workspace, naming both", () => {
    const json = { organization, workspaces: [{ name: "aws_workshop" }, { name: "aws_workshop-alice" }], attendees: ["bob", "alice"] };
    expect(problemsOf(json)).toEqual([
      'attendees[1]: workspace "aws_workshop-alice" of attendee "alice" is already used by workspaces[1]; names must be unique',
    ]);
  });

  it("fails when an attendee team collides with a declared team, naming both", () => {
    const json = { organization, teams: [{ name: "AWS_workshop-alice" }], attendees: ["alice"] };
    expect(problemsOf(json)).toEqual([
      'attendees[0]: team "aws_workshop-alice" of attendee "alice" is already used by teams[0]; names must be unique',
    ]);
  });

  it("fails when a generated workspace name is longer than 90 characters", () => {
    const json = { organization, attendees: { names: ["a".repeat(80)], workspacePrefix: "workshop-2026-" } };
    expect(problemsOf(json)).toEqual([
      expect.stringMatching(/^attendees\.names\[0\]: workspace name "workshop-2026-a+\.\.\. of attendee "a+\.\.\. is 94 characters; workspace names are at most 90$/),
    ]);
  });

  it("fails when two attendees share an email", () => {
    const json = { organization, attendees: { names: [{ name: "a", email: "x@example.com" }, { name: "b", email: "X@example.com" }] } };
    expect(problemsOf(json)).toEqual(['attendees.names[1].email: "X@example.com" is already used by attendees.names[0]; names must be unique']);
  });

  it("fails when the shared token expiry is in the past or missing", () => {
    expect(problemsOf({ organization, attendees: { names: ["a"], token: {} } })).toEqual([
      'attendees.token: must expire: set expiresAt (an RFC 3339 date-time such as "2027-06-30T00:00:00Z") or rotationDays (a number of days)',
    ]);
  });
});

describe("WorkshopStack for a room of 50 attendees", () => {
  // GIVEN 50 attendees WHEN synthesized
  const attendees = names(50);
  const { stack } = synthesize({ organization, attendees });

  it("creates 50 isolated, protected, local workspaces besides the base one", () => {
    const workspaces = Object.values(resourcesOf(stack, "tfe_workspace"));
    expect(workspaces.map((workspace) => workspace.name).sort()).toEqual(["aws_workshop", ...attendees.map((name) => `aws_workshop-${name}`)].sort());
    for (const workspace of workspaces) expect(workspace.lifecycle).toEqual({ prevent_destroy: true });
    const settings = Object.values(resourcesOf(stack, "tfe_workspace_settings"));
    expect(settings).toHaveLength(51);
    for (const setting of settings) expect(setting.execution_mode).toBe("local");
  });

  it("gives each attendee a team with write access to their own workspace only", () => {
    const accesses = Object.values(resourcesOf(stack, "tfe_team_access"));
    expect(accesses).toHaveLength(50);
    for (const name of attendees) {
      const team = onlyResource(stack, "tfe_team", { name: `aws_workshop-${name}` });
      const workspace = onlyResource(stack, "tfe_workspace", { name: `aws_workshop-${name}` });
      const grants = accesses.filter((access) => access.team_id === referenceTo(stack, "tfe_team", team, "id"));
      expect(grants).toEqual([expect.objectContaining({ access: "write", workspace_id: referenceTo(stack, "tfe_workspace", workspace, "id") })]);
    }
  });

  it("gives each attendee a token rotating every 30 days, the whole room together", () => {
    const tokens = Object.values(resourcesOf(stack, "tfe_team_token"));
    expect(tokens).toHaveLength(50);
    const rotation = onlyResource(stack, "time_rotating");
    expect(rotation).toMatchObject({ rotation_days: 30 });
    for (const token of tokens) expect(token.expired_at).toBe(referenceTo(stack, "time_rotating", rotation, "rotation_rfc3339"));
  });

  it("hands the tokens out through one sensitive output keyed by attendee name", () => {
    const handout = stack.output?.attendee_tokens;
    expect(handout?.sensitive).toBe(true);
    expect(Object.keys(handout?.value as object)).toEqual(attendees);
    const token = onlyResource(stack, "tfe_team_token", { description: "workshop attendee attendee007" });
    expect((handout?.value as Record<string, string>).attendee007).toBe(referenceTo(stack, "tfe_team_token", token, "token"));
    expect(Object.keys(stack.output ?? {}).filter((name) => name.includes("token"))).toEqual(["attendee_tokens"]);
  });
});

describe("WorkshopStack attendee options", () => {
  it("invites an attendee with an email and adds them to their team", () => {
    const { stack } = synthesize({ organization, attendees: { names: ["alice", { name: "bob", email: "bob@example.com" }] } });
    const membership = onlyResource(stack, "tfe_organization_membership");
    expect(membership.email).toBe("bob@example.com");
    const team = onlyResource(stack, "tfe_team", { name: "aws_workshop-bob" });
    expect(onlyResource(stack, "tfe_team_organization_member")).toMatchObject({
      team_id: referenceTo(stack, "tfe_team", team, "id"),
      organization_membership_id: referenceTo(stack, "tfe_organization_membership", membership, "id"),
    });
  });

  it("copies the base workspace's settings and applies the shared prefix, access and expiry", () => {
    // GIVEN a remote base workspace with tags, and shared attendee settings
    const json = {
      organization,
      workspaces: [{ name: "base", executionMode: "remote", tags: ["workshop"], terraformVersion: "1.11.4" }],
      attendees: { names: ["alice"], workspacePrefix: "lab-", access: "plan", token: { expiresAt: "2026-12-01T00:00:00Z" } },
    };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN
    expect(onlyResource(stack, "tfe_workspace", { name: "lab-alice" })).toMatchObject({ tag_names: ["workshop"], terraform_version: "1.11.4" });
    const workspace = onlyResource(stack, "tfe_workspace", { name: "lab-alice" });
    expect(onlyResource(stack, "tfe_workspace_settings", { workspace_id: referenceTo(stack, "tfe_workspace", workspace, "id") }).execution_mode).toBe("remote");
    expect(onlyResource(stack, "tfe_team_access").access).toBe("plan");
    expect(onlyResource(stack, "tfe_team_token").expired_at).toBe("2026-12-01T00:00:00Z");
    expect(resourcesOf(stack, "time_rotating")).toEqual({});
  });

  it("only adds when an attendee joins, and is byte-identical whatever the order of names", () => {
    const before = synthesize({ organization, attendees: ["bob", "carol"] });
    const after = synthesize({ organization, attendees: ["carol", "alice", "bob"] });
    for (const [type, resources] of Object.entries(before.stack.resource ?? {})) {
      for (const [name, resource] of Object.entries(resources)) expect(after.stack.resource?.[type]?.[name]).toEqual(resource);
    }
    expect(synthesize({ organization, attendees: ["carol", "bob"] }).text).toBe(before.text);
  });
});

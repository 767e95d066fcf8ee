import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamOrganizationMember } from "@cdktf/provider-tfe/lib/team-organization-member";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { describe, expect, it } from "vitest";
import { attendeeRoom } from "../config/attendees";
import {
  instancesOf,
  onlyResource,
  problemsOf,
  referenceTo,
  resourcesOf,
  synthesize,
  validConfig,
  type SynthesizedStack,
} from "./support";

const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const names = (count: number) =>
  Array.from({ length: count }, (_, index) => `attendee${String(index).padStart(3, "0")}`);

describe("attendees in the config", () => {
  it("accepts a bare list of names and an object with names, emails and shared settings", () => {
    expect(problemsOf({ organization, attendees: ["alice", "bob"] })).toEqual([]);
    const config = validConfig({
      organization,
      attendees: {
        names: ["alice", { name: "bob", email: "bob@example.com" }],
        workspacePrefix: "lab-",
        access: "plan",
        token: { expiresAt: "2026-12-01T00:00:00Z" },
      },
    });
    expect(config.attendees).toMatchObject({ workspacePrefix: "lab-", access: "plan" });
  });

  it("fails when an attendee name breaks the team name rules", () => {
    expect(problemsOf({ organization, attendees: ["alice", "bob smith"] })).toEqual([
      'attendees[1]: must be a name of at most 90 letters, digits, "-" or "_", but "bob smith" was provided',
    ]);
  });

  it("fails when an attendee's email is not an email address", () => {
    expect(problemsOf({ organization, attendees: { names: [{ name: "bob", email: "bob" }] } })).toEqual([
      'attendees.names[0].email: must be an email address such as alice@example.com, but "bob" was provided',
    ]);
  });

  it("accepts an attendee's token generation, and an attendee object without an email", () => {
    const config = validConfig({
      organization,
      attendees: [
        "alice",
        { name: "bob", tokenGeneration: 2 },
        { name: "carol", email: "carol@example.com", tokenGeneration: 1 },
      ],
    });
    expect(
      attendeeRoom(config).environments.map(({ name, email, tokenGeneration }) => ({ name, email, tokenGeneration })),
    ).toEqual([
      { name: "alice", email: undefined, tokenGeneration: 1 },
      { name: "bob", email: undefined, tokenGeneration: 2 },
      { name: "carol", email: "carol@example.com", tokenGeneration: 1 },
    ]);
  });

  it("fails when a token generation is not a whole number from 1 to 999, naming the field", () => {
    for (const generation of [0, -1, 1.5, "2", 1000, null]) {
      expect(
        problemsOf({ organization, attendees: { names: [{ name: "bob", tokenGeneration: generation }] } }),
      ).toEqual([
        "attendees.names[0].tokenGeneration: must be a whole number from 1 " +
          `to 999, but ${JSON.stringify(generation)} was provided`,
      ]);
    }
  });

  it("fails when an attendee is neither a name nor an object", () => {
    expect(problemsOf({ organization, attendees: [42] })).toEqual([
      'attendees[0]: 42 is not an attendee; use a name of letters, digits, "-" or ' +
        '"_", or { "name": ..., "email": ..., "tokenGeneration": ... }',
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
      'attendees: "prefix" is not a known field; the fields here are names, ' +
        "workspacePrefix, access, token, shards, migrateFromOneStack, migrateFromShards",
    ]);
  });

  it("expands one config's room once, and a room read with other workspaces under their prefix", () => {
    // GIVEN one config's attendees, read with its workspaces and with others
    const config = validConfig({ organization, attendees: ["alice", "bob"] });
    const renamed = { ...config, workspaces: [{ ...config.workspaces[0]!, name: "lab" }] };
    // WHEN the room is read twice, then with the other workspaces
    const first = attendeeRoom(config).environments;
    const again = attendeeRoom(config).environments;
    const other = attendeeRoom(renamed).environments;
    // THEN the same config gives the same expansion, and the other prefix its own workspace names
    expect(again).toBe(first);
    expect(first.map((attendee) => attendee.workspaceName)).toEqual(["aws_workshop-alice", "aws_workshop-bob"]);
    expect(other.map((attendee) => attendee.workspaceName)).toEqual(["lab-alice", "lab-bob"]);
  });

  it("fails when two attendees share a name, whatever the case", () => {
    expect(problemsOf({ organization, attendees: ["alice", "bob", "Alice"] })).toEqual([
      'attendees[2]: "Alice" is already used by attendees[0]; names must be unique',
    ]);
  });

  it("fails when an attendee workspace collides with a declared workspace, naming both", () => {
    const json = {
      organization,
      workspaces: [{ name: "aws_workshop" }, { name: "aws_workshop-alice" }],
      attendees: ["bob", "alice"],
    };
    expect(problemsOf(json)).toEqual([
      'attendees[1]: workspace "aws_workshop-alice" of attendee "alice" is ' +
        "already used by workspaces[1]; names must be unique",
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
      "attendees.names[0]: its workspace name, attendees.workspacePrefix and the " +
        "name together, is 94 characters; workspace names are at most 90",
    ]);
  });

  it("fails when an attendee's team would be the built-in owners team", () => {
    expect(problemsOf({ organization, attendees: { names: ["Owners"], workspacePrefix: "" } })).toEqual([
      'attendees.names[0]: team "Owners" of attendee "Owners" would be the built-in owners team, whose ' +
        "token carries every organization-owner permission; change the name or attendees.workspacePrefix",
    ]);
  });

  it("fails when two attendees share an email", () => {
    const json = {
      organization,
      attendees: {
        names: [
          { name: "a", email: "x@example.com" },
          { name: "b", email: "X@example.com" },
        ],
      },
    };
    expect(problemsOf(json)).toEqual([
      'attendees.names[1].email: "X@example.com" is already used by attendees.names[0]; names must be unique',
    ]);
  });

  it("fails when the shared token expiry is in the past or missing", () => {
    expect(problemsOf({ organization, attendees: { names: ["a"], token: {} } })).toEqual([
      "attendees.token: must expire: set expiresAt (an RFC 3339 date-time such as " +
        '"2027-06-30T00:00:00Z") or rotationDays (a number of days)',
    ]);
  });
});

/** The one resource of a type that iterates over the room, with its Terraform name. */
function roomResource(
  stack: SynthesizedStack,
  type: string,
): { readonly name: string; readonly resource: Record<string, unknown> } {
  const found = Object.entries(resourcesOf(stack, type)).filter(([, resource]) => "for_each" in resource);
  expect(found, type).toHaveLength(1);
  return { name: found[0]![0], resource: found[0]![1] };
}

describe("WorkshopStack for a room of 50 attendees", () => {
  // GIVEN 50 attendees WHEN synthesized
  const attendees = names(50);
  const { stack } = synthesize({ organization, attendees });
  const workspaces = roomResource(stack, Workspace.tfResourceType);
  const teams = roomResource(stack, Team.tfResourceType);

  it(
    "creates 50 isolated workspaces, one per attendee, keyed by " +
      "name, each removable alone and never force-deleted",
    () => {
      const instances = instancesOf(stack, Workspace.tfResourceType, workspaces.name);
      expect([...instances.keys()]).toEqual([...attendees].sort());
      expect(instances.get("attendee007")).toMatchObject({ name: "aws_workshop-attendee007" });
      expect(workspaces.resource).toMatchObject({ name: "aws_workshop-${each.key}" });
      expect(workspaces.resource).not.toHaveProperty("lifecycle.prevent_destroy");
      expect(workspaces.resource).not.toHaveProperty("force_delete");
      expect(workspaces.resource).not.toHaveProperty("vcs_repo");
      expect(Object.keys(resourcesOf(stack, Workspace.tfResourceType))).toHaveLength(2);
    },
  );

  it("sets each attendee workspace to local execution", () => {
    expect(roomResource(stack, WorkspaceSettings.tfResourceType).resource).toMatchObject({
      for_each: `\${tfe_workspace.${workspaces.name}}`,
      workspace_id: "${each.value.id}",
      execution_mode: "local",
    });
  });

  it("gives each attendee a team with write access to their own workspace only", () => {
    expect(teams.resource.for_each).toEqual(workspaces.resource.for_each);
    expect(teams.resource.name).toBe("aws_workshop-${each.key}");
    // One access per team instance, joining a team to the workspace of the same key and to no other.
    expect(roomResource(stack, TeamAccess.tfResourceType).resource).toEqual(
      expect.objectContaining({
        for_each: `\${tfe_team.${teams.name}}`,
        team_id: "${each.value.id}",
        workspace_id: `\${tfe_workspace.${workspaces.name}[each.key].id}`,
        access: "write",
      }),
    );
    expect(Object.keys(resourcesOf(stack, TeamAccess.tfResourceType))).toHaveLength(1);
  });

  it("gives each attendee a token rotating every 30 days, the whole room together", () => {
    const rotation = onlyResource(stack, Rotating.tfResourceType);
    expect(rotation).toMatchObject({ rotation_days: 30 });
    expect(roomResource(stack, TeamToken.tfResourceType).resource).toMatchObject({
      for_each: `\${tfe_team.${teams.name}}`,
      team_id: "${each.value.id}",
      description: "workshop attendee ${each.key}",
      expired_at: referenceTo(stack, Rotating.tfResourceType, rotation, "rotation_rfc3339"),
    });
  });

  it("hands the tokens out through one sensitive output keyed by attendee name", () => {
    const tokens = roomResource(stack, TeamToken.tfResourceType);
    expect(stack.output?.attendee_tokens).toEqual(
      expect.objectContaining({
        sensitive: true,
        value: `\${{ for key, val in tfe_team_token.${tokens.name}: key => val.token }}`,
      }),
    );
    expect(Object.keys(stack.output ?? {}).filter((name) => name.includes("token"))).toEqual(["attendee_tokens"]);
    expect(stack.output?.attendee_workspace_ids?.value).toBe(
      `\${{ for key, val in tfe_workspace.${workspaces.name}: key => val.id }}`,
    );
    expect(stack.output?.attendee_team_ids?.sensitive).toBeUndefined();
  });
});

describe("WorkshopStack attendee options", () => {
  it("invites attendees with an email and adds them to their team", () => {
    const { stack } = synthesize({
      organization,
      attendees: { names: ["alice", { name: "bob", email: "bob@example.com" }] },
    });
    const memberships = roomResource(stack, OrganizationMembership.tfResourceType);
    expect([...instancesOf(stack, OrganizationMembership.tfResourceType, memberships.name)]).toEqual([
      ["bob", expect.objectContaining({ email: "bob@example.com" })],
    ]);
    const teams = roomResource(stack, Team.tfResourceType);
    expect(roomResource(stack, TeamOrganizationMember.tfResourceType).resource).toMatchObject({
      for_each: `\${tfe_organization_membership.${memberships.name}}`,
      organization_membership_id: "${each.value.id}",
      team_id: `\${tfe_team.${teams.name}[each.key].id}`,
    });
  });

  it("invites nobody when no attendee has an email", () => {
    const { stack } = synthesize({ organization, attendees: ["alice"] });
    expect(resourcesOf(stack, OrganizationMembership.tfResourceType)).toEqual({});
    expect(resourcesOf(stack, TeamOrganizationMember.tfResourceType)).toEqual({});
  });

  it("copies the base workspace's settings and applies the shared prefix, access and expiry", () => {
    // GIVEN a remote base workspace with tags, and shared attendee settings
    const json = {
      organization,
      workspaces: [{ name: "base", executionMode: "remote", tags: ["workshop"], terraformVersion: "1.11.4" }],
      attendees: {
        names: ["alice"],
        workspacePrefix: "lab-",
        access: "plan",
        token: { expiresAt: "2026-12-01T00:00:00Z" },
      },
    };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN
    const workspaces = roomResource(stack, Workspace.tfResourceType);
    expect(instancesOf(stack, Workspace.tfResourceType, workspaces.name).get("alice")?.name).toBe("lab-alice");
    expect(workspaces.resource).toMatchObject({
      tag_names: ["workshop"],
      terraform_version: "1.11.4",
    });
    expect(roomResource(stack, WorkspaceSettings.tfResourceType).resource.execution_mode).toBe("remote");
    expect(roomResource(stack, TeamAccess.tfResourceType).resource.access).toBe("plan");
    expect(roomResource(stack, TeamToken.tfResourceType).resource.expired_at).toBe("2026-12-01T00:00:00Z");
    expect(resourcesOf(stack, Rotating.tfResourceType)).toEqual({});
  });

  it("gives the attendee tokens the event's end as their expiry when the room sets none of its own", () => {
    // GIVEN an event that ends on a date, and a room without a token of its own WHEN synthesized
    const { stack } = synthesize({
      organization,
      attendees: ["alice"],
      event: { endsAt: "2026-12-04T18:00:00+01:00" },
    });
    // THEN every attendee token expires at the event's end, in UTC, and nothing rotates
    expect(roomResource(stack, TeamToken.tfResourceType).resource.expired_at).toBe("2026-12-04T17:00:00Z");
    expect(resourcesOf(stack, Rotating.tfResourceType)).toEqual({});
    // AND a room's own token comes first
    const own = synthesize({
      organization,
      attendees: { names: ["alice"], token: { expiresAt: "2026-12-01T00:00:00Z" } },
      event: { endsAt: "2026-12-04T17:00:00Z" },
    }).stack;
    expect(roomResource(own, TeamToken.tfResourceType).resource.expired_at).toBe("2026-12-01T00:00:00Z");
  });

  it(
    "ends the attendees' access when the event has ended: no token, " +
      "invitation, membership or token output; the rest stays",
    () => {
      // GIVEN the same room before and after its event ended
      const names = ["alice", { name: "bob", email: "bob@example.com" }];
      const running = synthesize({ organization, attendees: names }).stack;
      const ended = synthesize({ organization, attendees: names, event: { ended: true } }).stack;
      // THEN the tokens, the invitation and the team membership are gone, with the tokens' output
      for (const type of [
        TeamToken.tfResourceType,
        OrganizationMembership.tfResourceType,
        TeamOrganizationMember.tfResourceType,
      ])
        expect(resourcesOf(ended, type), type).toEqual({});
      expect(ended.output).not.toHaveProperty("attendee_tokens");
      // AND every workspace, settings, team and access is synthesized exactly as before
      for (const type of [
        Workspace.tfResourceType,
        WorkspaceSettings.tfResourceType,
        Team.tfResourceType,
        TeamAccess.tfResourceType,
        Rotating.tfResourceType,
      ]) {
        expect(resourcesOf(ended, type), type).toEqual(resourcesOf(running, type));
      }
    },
  );

  it("fails when the event's end is not an RFC 3339 date-time, or ended is not true or false, naming the field", () => {
    expect(problemsOf({ organization, event: { endsAt: "Friday 5pm", ended: "yes" } })).toEqual([
      'event.endsAt: must be an RFC 3339 date-time such as "2026-12-04T17:00:00Z", but "Friday 5pm" was provided',
      'event.ended: must be true or false, but "yes" was provided',
    ]);
    expect(problemsOf({ organization, event: { end: "2026-12-04T17:00:00Z" } })).toEqual([
      'event: "end" is not a known field; the fields here are endsAt, ended',
    ]);
  });

  it("only adds when an attendee joins, and is byte-identical whatever the order of names", () => {
    // GIVEN a room WHEN an attendee joins
    const before = synthesize({ organization, attendees: ["bob", "carol"] }).stack;
    const after = synthesize({ organization, attendees: ["carol", "alice", "bob"] }).stack;
    // THEN every resource keeps its address, and every instance its key and values
    for (const [type, resources] of Object.entries(before.resource ?? {})) {
      for (const [name, resource] of Object.entries(resources)) {
        const grown = after.resource?.[type]?.[name];
        expect(grown, `${type}.${name}`).toBeDefined();
        expect(grown).toEqual(resource);
        if (resource.for_each === undefined) continue;
        const grownInstances = instancesOf(after, type, name);
        for (const [key, instance] of instancesOf(before, type, name))
          expect(grownInstances.get(key), `${type}.${name}["${key}"]`).toEqual(instance);
      }
    }
    expect(synthesize({ organization, attendees: ["carol", "bob"] }).text).toBe(
      synthesize({ organization, attendees: ["bob", "carol"] }).text,
    );
  });
});

import { DataTfeOrganization } from "@cdktf/provider-tfe/lib/data-tfe-organization";
import { DataTfeProjects } from "@cdktf/provider-tfe/lib/data-tfe-projects";
import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { OrganizationToken } from "@cdktf/provider-tfe/lib/organization-token";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectSettings } from "@cdktf/provider-tfe/lib/project-settings";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { DataResource, Lazy, TerraformIterator, TerraformLocal, TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { DestroyGuard } from "../constructs/destroy-guard";
import { ForgetInstance } from "../constructs/forget-instance";
import { ImportBlocks } from "../constructs/import-blocks";
import { ProjectLookup } from "../constructs/project-lookup";
import { StringListLocal } from "../constructs/string-list-local";
import { TokenExpiry } from "../constructs/token-expiry";
import { UNOWNED_ORGANIZATION_SETTINGS, WorkshopOrganization } from "../constructs/workshop-organization";
import { UNOWNED_PROJECT_SETTINGS, WorkshopProject } from "../constructs/workshop-project";
import { ValidationError } from "../constructs/validation-error";
import { WorkshopRoom } from "../constructs/workshop-room";
import { UNOWNED_TEAM_SETTINGS, WorkshopTeam } from "../constructs/workshop-team";
import {
  UNOWNED_EXECUTION_SETTINGS,
  UNOWNED_WORKSPACE_SETTINGS,
  WorkshopWorkspace,
} from "../constructs/workshop-workspace";
import { PLAN_REVIEW_PERMISSIONS } from "./support";

const parsed = (synthesized: string) =>
  JSON.parse(synthesized) as {
    import?: Array<{ to: string; id: string }>;
    removed?: Array<{ from: string }>;
    locals?: Record<string, unknown>;
    resource?: Record<string, Record<string, Record<string, unknown>>>;
  };

/** Matches the address of any resource of that type, whatever name cdktf derived for it. */
const anyAddressOf = (type: string): unknown => expect.stringMatching(new RegExp(`^${type}\\.`));

/** The only resource of a type in a synthesized scope. */
function only(synthesized: string, type: string): Record<string, unknown> {
  const resources = Object.values(parsed(synthesized).resource?.[type] ?? {});
  expect(resources, `one ${type}`).toHaveLength(1);
  return resources[0]!;
}

describe("WorkshopWorkspace", () => {
  it("is a CLI-driven workspace protected from destroy, in local execution by default", () => {
    // GIVEN a workspace with only its names WHEN synthesized
    const synthesized = Testing.synthScope(
      (scope) => new WorkshopWorkspace(scope, "ws", { organization: "acme", name: "aws_workshop" }),
    );
    // THEN
    expect(synthesized).toHaveResourceWithProperties(Workspace.tfResourceType, {
      name: "aws_workshop",
      organization: "acme",
      lifecycle: { prevent_destroy: true },
    });
    expect(synthesized).toHaveResourceWithProperties(WorkspaceSettings.tfResourceType, { execution_mode: "local" });
    expect(synthesized).not.toContain("vcs_repo");
    expect(only(synthesized, Workspace.tfResourceType)).not.toHaveProperty("force_delete");
  });

  it(
    "owns only its name, description, tags and Terraform version, and on " +
      "its settings only the execution mode and agent pool",
    () => {
      // GIVEN a workspace WHEN synthesized
      const synthesized = Testing.synthScope(
        (scope) => new WorkshopWorkspace(scope, "ws", { organization: "acme", name: "aws_workshop" }),
      );
      // THEN every other setting the provider would reset on an adopted workspace is left as it is
      expect(only(synthesized, Workspace.tfResourceType).lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: UNOWNED_WORKSPACE_SETTINGS,
      });
      expect(only(synthesized, WorkspaceSettings.tfResourceType).lifecycle).toEqual({
        ignore_changes: UNOWNED_EXECUTION_SETTINGS,
      });
      expect(UNOWNED_WORKSPACE_SETTINGS).toEqual(
        expect.arrayContaining([
          "allow_destroy_plan",
          "queue_all_runs",
          "speculative_enabled",
          "working_directory",
          "force_delete",
        ]),
      );
      expect(UNOWNED_WORKSPACE_SETTINGS).not.toEqual(expect.arrayContaining(["name"]));
      expect(UNOWNED_EXECUTION_SETTINGS).toEqual(
        expect.arrayContaining(["auto_apply", "global_remote_state", "remote_state_consumer_ids"]),
      );
      expect(UNOWNED_EXECUTION_SETTINGS).not.toContain("execution_mode");
    },
  );

  it("takes the agent execution mode with its pool, and imports the workspace and its settings by the id given", () => {
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopWorkspace(scope, "ws", {
          organization: "acme",
          name: "ws",
          executionMode: "agent",
          agentPoolId: "apool-1",
          tags: ["workshop"],
          importId: "acme/ws",
        }),
    );
    expect(synthesized).toHaveResourceWithProperties(WorkspaceSettings.tfResourceType, {
      execution_mode: "agent",
      agent_pool_id: "apool-1",
    });
    expect(synthesized).toHaveResourceWithProperties(Workspace.tfResourceType, { tag_names: ["workshop"] });
    expect(parsed(synthesized).import?.map((block) => block.id)).toEqual(["acme/ws", "acme/ws"]);
  });
});

describe("ProjectLookup", () => {
  it(
    "lists the organization's projects and picks the one named, without case, " + "failing the plan when it is missing",
    () => {
      // GIVEN a lookup of a project by name, and a workspace given its id WHEN synthesized
      const synthesized = Testing.synthScope((scope) => {
        const { id } = new ProjectLookup(scope, "project", { organization: "acme", name: "AWS workshop" });
        new Workspace(scope, "ws", { organization: "acme", name: "w", projectId: id });
      });
      const { data, locals, resource } = JSON.parse(synthesized) as {
        data: Record<string, Record<string, unknown>>;
        locals: Record<string, string>;
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      // THEN one tfe_projects data source lists the organization's projects, and nothing else is read
      expect(Object.keys(data)).toEqual([DataTfeProjects.tfResourceType]);
      const [[name, projects]] = Object.entries(data[DataTfeProjects.tfResourceType]!) as [[string, unknown]];
      const byLowerName = (list: string) => `{ for key, val in ${list}: lower(val.name) => val.id }`;
      // AND its postcondition fails the plan, in words, when no project of the list has the name in any case
      expect(projects).toEqual({
        organization: "acme",
        lifecycle: {
          postcondition: [
            {
              condition: `\${contains(keys(${byLowerName("self.projects")}), lower("AWS workshop"))}`,
              error_message:
                'Terraform Cloud has no project named "AWS workshop" (in any case) in the organization acme, to put ' +
                "the workspaces in: create the project first (in a sharded room, the shared stack does: deploy it " +
                "before the shards), or correct its name.",
            },
          ],
        },
      });
      // AND the workspace's project_id is the named project's id, indexed from the list, which errors rather than
      // giving null: a null project_id would move the workspace into the organization's default project
      const [[localName, expression]] = Object.entries(locals) as [[string, string]];
      expect(expression).toBe(`\${${byLowerName(`data.tfe_projects.${name}.projects`)}[lower("AWS workshop")]}`);
      expect(Object.values(resource[Workspace.tfResourceType]!)[0]!.project_id).toBe(`\${local.${localName}}`);
    },
  );
});

describe("WorkshopProject", () => {
  it("is a project of the organization named, protected from destroy, its description written as text", () => {
    // GIVEN a project with a description holding Terraform's template syntax WHEN synthesized
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopProject(scope, "project", { organization: "acme", name: "AWS workshop", description: "room ${1}" }),
    );
    // THEN the organization is named, never left to the provider's, and the description is kept literally
    expect(synthesized).toHaveResourceWithProperties(Project.tfResourceType, {
      organization: "acme",
      name: "AWS workshop",
      description: "room $${1}",
    });
    expect(only(synthesized, Project.tfResourceType).lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: UNOWNED_PROJECT_SETTINGS,
    });
    expect(parsed(synthesized)).not.toHaveProperty("import");
  });

  it("gives the project's workspaces local execution by default, through the project's settings", () => {
    // GIVEN a project WHEN synthesized
    const synthesized = Testing.synthScope(
      (scope) => new WorkshopProject(scope, "project", { organization: "acme", name: "AWS workshop" }),
    );
    // THEN its settings, on the project's own id, make local execution the default of its workspaces
    const projectName = Object.keys(parsed(synthesized).resource?.[Project.tfResourceType] ?? {})[0];
    expect(synthesized).toHaveResourceWithProperties(ProjectSettings.tfResourceType, {
      project_id: `\${tfe_project.${projectName}.id}`,
      default_execution_mode: "local",
    });
    // AND they choose no agent pool, which tfe refuses beside local execution
    expect(only(synthesized, ProjectSettings.tfResourceType)).not.toHaveProperty("default_agent_pool_id");
  });

  it(
    "owns neither tags nor auto-destroy, nor the description when it " +
      "is given none, and imports the project by its id",
    () => {
      const synthesized = Testing.synthScope(
        (scope) =>
          new WorkshopProject(scope, "project", {
            organization: "acme",
            name: "AWS workshop",
            importId: "prj-niVoeESBXT8ZREhr",
          }),
      );
      expect(only(synthesized, Project.tfResourceType)).not.toHaveProperty("description");
      expect(only(synthesized, Project.tfResourceType).lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: ["auto_destroy_activity_duration", "description", "tags"],
      });
      expect(UNOWNED_PROJECT_SETTINGS).not.toEqual(expect.arrayContaining(["name", "organization"]));
      // AND its settings are adopted with it, by the same id
      expect(parsed(synthesized).import).toEqual([
        { to: anyAddressOf(Project.tfResourceType), id: "prj-niVoeESBXT8ZREhr" },
        { to: anyAddressOf(ProjectSettings.tfResourceType), id: "prj-niVoeESBXT8ZREhr" },
      ]);
    },
  );

  it(
    "puts a workspace and the room's workspaces in the project " + "given, and leaves project_id to the project alone",
    () => {
      const synthesized = Testing.synthScope((scope) => {
        new WorkshopWorkspace(scope, "ws", { organization: "acme", name: "aws_workshop", projectId: "prj-1" });
        new WorkshopRoom(scope, "room", {
          organization: "acme",
          workspacePrefix: "lab-",
          projectId: "prj-1",
          attendees: [{ name: "ann" }],
          tokenExpiredAt: "2027-01-01T00:00:00Z",
        });
      });
      const workspaces = Object.values(parsed(synthesized).resource?.[Workspace.tfResourceType] ?? {});
      expect(workspaces.map((workspace) => workspace.project_id)).toEqual(["prj-1", "prj-1"]);
      // An ignored project_id would leave an adopted workspace where it is.
      expect(UNOWNED_WORKSPACE_SETTINGS).not.toContain("project_id");
    },
  );

  it("is forgotten, never destroyed, by a removed block at the address it had", () => {
    // GIVEN the address of a project, and what stands in its place once the config has none
    const created = Testing.synthScope(
      (scope) => new WorkshopProject(scope, "project", { organization: "acme", name: "AWS workshop" }),
    );
    const addressOf = (type: string) => `${type}.${Object.keys(parsed(created).resource?.[type] ?? {})[0]}`;
    const synthesized = Testing.synthScope((scope) => WorkshopProject.forgotten(scope, "project"));
    // THEN it names those very addresses, the project's and its settings', whose Delete would reset the default
    expect(parsed(synthesized).removed).toEqual([
      { from: addressOf(Project.tfResourceType), lifecycle: { destroy: false } },
      { from: addressOf(ProjectSettings.tfResourceType), lifecycle: { destroy: false } },
    ]);
  });
});

describe("WorkshopTeam", () => {
  it("grants each workspace its access, a level or a permissions block, and keeps its organization access", () => {
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopTeam(scope, "team", {
          organization: "acme",
          name: "ci",
          organizationAccess: { readWorkspaces: true },
          grants: [
            { workspaceName: "a", workspaceId: "ws-a", access: "write" },
            { workspaceName: "b", workspaceId: "ws-b", access: PLAN_REVIEW_PERMISSIONS, importId: "acme/b/tws-1" },
          ],
        }),
    );
    expect(synthesized).toHaveResourceWithProperties(Team.tfResourceType, {
      name: "ci",
      organization_access: { read_workspaces: true },
    });
    expect(synthesized).toHaveResourceWithProperties(TeamAccess.tfResourceType, {
      workspace_id: "ws-a",
      access: "write",
    });
    expect(synthesized).toHaveResourceWithProperties(TeamAccess.tfResourceType, {
      workspace_id: "ws-b",
      permissions: [
        {
          runs: "plan",
          variables: "read",
          state_versions: "read",
          sentinel_mocks: "none",
          workspace_locking: false,
          run_tasks: false,
        },
      ],
    });
    expect(parsed(synthesized).import).toEqual([{ to: anyAddressOf(TeamAccess.tfResourceType), id: "acme/b/tws-1" }]);
  });

  it("sets the team's visibility when given, and leaves it to Terraform Cloud when not", () => {
    // GIVEN a team visible to the organization, and one without a visibility
    const team = (visibility?: "organization") =>
      Testing.synthScope((scope) => new WorkshopTeam(scope, "team", { organization: "acme", name: "ci", visibility }));
    // THEN the first sets it; the second sets none, so an existing team keeps its own
    expect(team("organization")).toHaveResourceWithProperties(Team.tfResourceType, { visibility: "organization" });
    expect(only(team(), Team.tfResourceType)).not.toHaveProperty("visibility");
  });

  it("owns the team's member token setting when given, and ignores Terraform Cloud's when not", () => {
    // GIVEN a team whose members may not manage its tokens, and one that says nothing of it
    const team = (allowMemberTokenManagement?: boolean) =>
      Testing.synthScope(
        (scope) => new WorkshopTeam(scope, "team", { organization: "acme", name: "ci", allowMemberTokenManagement }),
      );
    // THEN the first sets it and stops ignoring it; the second leaves an existing team's setting as it is
    expect(team(false)).toHaveResourceWithProperties(Team.tfResourceType, {
      allow_member_token_management: false,
      lifecycle: { ignore_changes: ["sso_team_id"] },
    });
    const unset = only(team(), Team.tfResourceType);
    expect(unset).not.toHaveProperty("allow_member_token_management");
    expect(unset.lifecycle).toEqual({ ignore_changes: UNOWNED_TEAM_SETTINGS });
  });

  it("makes a described token, one of several of the team, expiring when asked", () => {
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopTeam(scope, "team", {
          organization: "acme",
          name: "ci",
          token: { description: "pipeline", expiresAt: "2027-06-30T00:00:00+02:00" },
        }),
    );
    expect(synthesized).toHaveResourceWithProperties(TeamToken.tfResourceType, {
      description: "pipeline",
      expired_at: "2027-06-29T22:00:00Z",
    });
  });
});

describe("TokenExpiry", () => {
  it("rotates through time_rotating, or spells a fixed date in UTC", () => {
    const rotating = Testing.synthScope((scope) => new TokenExpiry(scope, "expiry", { rotationDays: 30 }));
    expect(rotating).toHaveResourceWithProperties(Rotating.tfResourceType, { rotation_days: 30 });
    let fixed = "";
    Testing.synthScope((scope) => {
      fixed = new TokenExpiry(scope, "expiry", { expiresAt: "2027-01-01T01:00:00.000+01:00" }).expiredAt;
    });
    expect(fixed).toBe("2027-01-01T00:00:00Z");
  });

  it("fails when neither expiresAt nor rotationDays is given", () => {
    expect(() => Testing.synthScope((scope) => new TokenExpiry(scope, "expiry", {}))).toThrow(
      "a token needs expiresAt or rotationDays",
    );
  });

  it(
    "replaces the rotation when its period changes: the period is a " +
      "terraform_data that its replace_triggered_by names",
    () => {
      // GIVEN a 30-day rotation WHEN synthesized
      const synthesized = Testing.synthScope((scope) => new TokenExpiry(scope, "expiry", { rotationDays: 30 }));
      // THEN the period is held in a terraform_data
      expect(synthesized).toHaveResourceWithProperties(DataResource.tfResourceType, { input: { rotation_days: 30 } });
      const [periodName] = Object.keys(parsed(synthesized).resource![DataResource.tfResourceType]!);
      // AND the rotation names it by its address, the form Terraform's JSON syntax takes (it refuses "${...}" there)
      expect(synthesized).toHaveResourceWithProperties(Rotating.tfResourceType, {
        lifecycle: { replace_triggered_by: [`terraform_data.${periodName}`] },
      });
    },
  );
});

describe("WorkshopOrganization", () => {
  it("creates the organization protected from destroy, imported when it exists", () => {
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopOrganization(scope, "organization", { name: "acme", email: "f@example.com", importId: "acme" }),
    );
    expect(synthesized).toHaveResourceWithProperties(Organization.tfResourceType, {
      name: "acme",
      email: "f@example.com",
      lifecycle: { prevent_destroy: true },
    });
    expect(parsed(synthesized).import).toEqual([{ to: anyAddressOf(Organization.tfResourceType), id: "acme" }]);
  });

  it(
    "owns only the organization's name: its email is used when it is " +
      "created, and its authentication policy is the owner's",
    () => {
      const synthesized = Testing.synthScope(
        (scope) => new WorkshopOrganization(scope, "organization", { name: "acme", email: "f@example.com" }),
      );
      expect(only(synthesized, Organization.tfResourceType).lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: UNOWNED_ORGANIZATION_SETTINGS,
      });
      expect(UNOWNED_ORGANIZATION_SETTINGS).toEqual(expect.arrayContaining(["email", "collaborator_auth_policy"]));
      expect(UNOWNED_ORGANIZATION_SETTINGS).not.toContain("name");
    },
  );

  it("looks an existing organization up, forgetting rather than destroying one that was created before", () => {
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopOrganization(scope, "organization", { name: "acme", email: "f@example.com", create: false }),
    );
    expect(synthesized).toHaveDataSourceWithProperties(DataTfeOrganization.tfResourceType, { name: "acme" });
    expect(synthesized).not.toContain('"resource"');
    expect(parsed(synthesized).removed).toEqual([
      { from: anyAddressOf(Organization.tfResourceType), lifecycle: { destroy: false } },
    ]);
  });

  it("replaces an existing organization token only when told to", () => {
    const replacing = Testing.synthScope(
      (scope) =>
        new WorkshopOrganization(scope, "organization", {
          name: "acme",
          email: "f@example.com",
          create: false,
          token: { rotationDays: 7, replaceExisting: true },
        }),
    );
    expect(replacing).toHaveResourceWithProperties(OrganizationToken.tfResourceType, { force_regenerate: true });
    const plain = Testing.synthScope(
      (scope) =>
        new WorkshopOrganization(scope, "organization", {
          name: "acme",
          email: "f@example.com",
          token: { rotationDays: 7 },
        }),
    );
    expect(only(plain, OrganizationToken.tfResourceType)).not.toHaveProperty("force_regenerate");
    // force_regenerate is ForceNew but only matters at creation: a change of it must never replace the token
    expect(only(replacing, OrganizationToken.tfResourceType).lifecycle).toEqual({
      ignore_changes: ["force_regenerate"],
    });
    expect(only(plain, OrganizationToken.tfResourceType).lifecycle).toEqual({ ignore_changes: ["force_regenerate"] });
  });
});

describe("WorkshopRoom", () => {
  it(
    "gives each attendee, by name, a workspace removable alone, a team " +
      "writing to it only, a token and, with an email, an invitation",
    () => {
      // GIVEN two attendees, one with an email and an existing workspace
      const synthesized = Testing.synthScope(
        (scope) =>
          new WorkshopRoom(scope, "room", {
            organization: "acme",
            workspacePrefix: "lab-",
            attendees: [
              { name: "ann", importIds: { workspace: "acme/lab-ann" } },
              { name: "ben", email: "ben@example.com" },
            ],
            tokenExpiredAt: "2027-01-01T00:00:00Z",
          }),
      );
      // THEN every resource iterates over the names, and the workspace and team are named with the prefix
      expect(Object.values(parsed(synthesized).locals ?? {})).toContainEqual(["ann", "ben"]);
      expect(synthesized).toHaveResourceWithProperties(Workspace.tfResourceType, {
        name: "lab-${each.key}",
        lifecycle: { ignore_changes: UNOWNED_WORKSPACE_SETTINGS },
      });
      expect(only(synthesized, Workspace.tfResourceType)).not.toHaveProperty("force_delete");
      expect(synthesized).toHaveResourceWithProperties(WorkspaceSettings.tfResourceType, { execution_mode: "local" });
      // AND no attendee who joined their team may make or revoke its tokens: the room owns that setting
      expect(synthesized).toHaveResourceWithProperties(Team.tfResourceType, {
        name: "lab-${each.key}",
        allow_member_token_management: false,
        lifecycle: { ignore_changes: ["sso_team_id"] },
      });
      expect(synthesized).toHaveResourceWithProperties(TeamAccess.tfResourceType, { access: "write" });
      expect(synthesized).toHaveResourceWithProperties(TeamToken.tfResourceType, {
        description: "workshop attendee ${each.key}",
        expired_at: "2027-01-01T00:00:00Z",
      });
      expect(synthesized).toHaveResourceWithProperties(OrganizationMembership.tfResourceType, {
        email: "${each.value.email}",
      });
      expect(parsed(synthesized).import?.map((block) => block.to)).toEqual([
        expect.stringMatching(/^tfe_workspace\.room_workspaces_[A-Z0-9]+\["ann"\]$/),
        expect.stringMatching(/^tfe_workspace_settings\.room_settings_[A-Z0-9]+\["ann"\]$/),
      ]);
    },
  );
});

describe("WorkshopRoom token generations", () => {
  it("describes a reissued attendee's token by its generation, and every other attendee's as before", () => {
    // GIVEN ben's token reissued once, and ann's at its first generation, said or not
    const synthesized = Testing.synthScope(
      (scope) =>
        new WorkshopRoom(scope, "room", {
          organization: "acme",
          workspacePrefix: "lab-",
          attendees: [
            { name: "ann", tokenGeneration: 1 },
            { name: "ben", tokenGeneration: 2 },
          ],
          tokenExpiredAt: "2027-01-01T00:00:00Z",
        }),
    );
    // THEN the tokens read ben's generation from a map of the reissued only, and add nothing for the others
    const locals = parsed(synthesized).locals ?? {};
    const local = Object.keys(locals).find((name) => name.startsWith("room_token-generations_"))!;
    expect(locals[local]).toBe('${zipmap(["ben"], [", token 2"])}');
    expect(synthesized).toHaveResourceWithProperties(TeamToken.tfResourceType, {
      description: `workshop attendee \${each.key}\${lookup(local.${local}, each.key, "")}`,
    });
  });

  it("synthesizes a room whose tokens are all at their first generation exactly as before generations existed", () => {
    const room = (attendees: Array<{ name: string; tokenGeneration?: number }>) =>
      Testing.synthScope(
        (scope) =>
          new WorkshopRoom(scope, "room", {
            organization: "acme",
            workspacePrefix: "lab-",
            attendees,
            tokenExpiredAt: "2027-01-01T00:00:00Z",
          }),
      );
    expect(room([{ name: "ann", tokenGeneration: 1 }])).toBe(room([{ name: "ann" }]));
    expect(only(room([{ name: "ann" }]), TeamToken.tfResourceType).description).toBe("workshop attendee ${each.key}");
  });
});

describe("StringListLocal", () => {
  /** The JSON of a stack holding a list of `values`, as cdktf alone writes it, and as the stack's resolving does. */
  function bothWays(values: readonly string[], change: (stack: TerraformStack) => void = () => {}) {
    const stackWith = (list: (stack: TerraformStack) => void) => {
      const stack = new TerraformStack(Testing.app(), "stack");
      new TerraformLocal(stack, "other", "value");
      list(stack);
      change(stack);
      return stack;
    };
    const byCdktf: unknown = stackWith((stack) => new TerraformLocal(stack, "names", values)).toTerraform();
    const handedOver = stackWith((stack) => new StringListLocal(stack, "names", { values }));
    const resolved = StringListLocal.resolveWithStringLists(
      handedOver,
      () => handedOver.toTerraform() as Record<string, unknown>,
    );
    return { byCdktf: JSON.stringify(byCdktf), handedOver: JSON.stringify(resolved), locals: resolved.locals };
  }

  it("writes its strings byte for byte as cdktf resolves them, without cdktf resolving each", () => {
    // GIVEN names that look like numbers cdktf encodes, or like properties of a JavaScript object
    const values = ["alice", "1e5", "x1e-5", "__proto__", "constructor", "a-b_c"];
    // WHEN the stack is resolved both ways THEN the JSON is the same, the list in its place
    const { byCdktf, handedOver, locals } = bothWays(values);
    expect(handedOver).toBe(byCdktf);
    expect(Object.values(locals as Record<string, unknown>)).toEqual(["value", values]);
  });

  it("leaves a list holding what cdktf must read to cdktf: a token, or a literal ${", () => {
    // GIVEN a value known only when resolved, and a literal ${, which cdktf reads for escapes
    const token = Lazy.stringValue({ produce: () => "resolved" });
    const { byCdktf, handedOver, locals } = bothWays(["alice", token, "${literal}"]);
    // THEN cdktf resolved them, as without the handing over
    expect(handedOver).toBe(byCdktf);
    expect(Object.values(locals as Record<string, unknown>)).toContainEqual(["alice", "resolved", "${literal}"]);
  });

  it("resolves the stack again as cdktf alone would when an override writes to the same local", () => {
    // GIVEN an override of the stack adding a name to the list
    const { byCdktf, handedOver, locals } = bothWays(["alice", "bob"], (stack) => {
      const list = stack.node.findChild("names") as TerraformLocal;
      stack.addOverride(`locals.${list.friendlyUniqueId}`, ["carol"]);
    });
    // THEN the override is kept, after the list, as cdktf merges it
    expect(handedOver).toBe(byCdktf);
    expect(Object.values(locals as Record<string, unknown>)).toContainEqual(["alice", "bob", "carol"]);
  });
});

describe("DestroyGuard", () => {
  it("is a terraform_data with prevent_destroy and no argument that could change it", () => {
    // GIVEN a guard WHEN synthesized
    const synthesized = Testing.synthScope((scope) => new DestroyGuard(scope, "destroy-guard"));
    // THEN its lifecycle is all it has: no input or trigger to update or replace it
    expect(only(synthesized, DataResource.tfResourceType)).toEqual({ lifecycle: { prevent_destroy: true } });
  });
});

describe("ForgetInstance", () => {
  it("moves one instance to an address of its own and forgets it there, in JSON and in HCL", () => {
    // GIVEN bob's team, to forget while the other teams stay
    let forget: ForgetInstance | undefined;
    const synthesized = Testing.synthScope((scope) => {
      forget = new ForgetInstance(scope, "forget", { resource: "tfe_team.attendees_teams_8A27F6CF", key: "bob" });
    });
    // THEN a moved block takes tfe_team.x["bob"] to tfe_team.x--moved-out--bob, which a removed block forgets
    expect(JSON.parse(synthesized)).toMatchObject({
      moved: [
        { from: 'tfe_team.attendees_teams_8A27F6CF["bob"]', to: "tfe_team.attendees_teams_8A27F6CF--moved-out--bob" },
      ],
      removed: [{ from: "tfe_team.attendees_teams_8A27F6CF--moved-out--bob", lifecycle: { destroy: false } }],
    });
    expect(forget!.toHcl()).toBe(
      '\nmoved {\n  from = tfe_team.attendees_teams_8A27F6CF["bob"]\n' +
        "  to   = tfe_team.attendees_teams_8A27F6CF--moved-out--bob\n}\n\nremoved {\n" +
        "  from = tfe_team.attendees_teams_8A27F6CF--moved-out--bob\n  lifecycle {\n" +
        "    destroy = false\n  }\n}\n",
    );
  });
});

describe("the constructs refuse props they cannot build", () => {
  const refusal = (build: (scope: Construct) => unknown) => {
    try {
      Testing.synthScope((scope) => void build(scope));
    } catch (error) {
      // One error type for every construct, carrying the path its message starts with
      if (!(error instanceof ValidationError)) return `not a ValidationError: ${String(error)}`;
      expect(error.message.startsWith(`${error.path}: `), error.message).toBe(true);
      return error.message;
    }
    return "built";
  };

  const wholeWorkspace = (scope: Construct) => new Workspace(scope, "workspace", { name: "w" });
  const keyedWorkspaces = (scope: Construct) =>
    new Workspace(scope, "workspaces", {
      forEach: TerraformIterator.fromMap({ ann: "w-ann" }),
      name: "${each.value}",
    });
  const forget = (key: string) => (scope: Construct) =>
    new ForgetInstance(scope, "forget", { resource: "tfe_team.attendees_teams_8A27F6CF", key });
  const room = (scope: Construct, props: Partial<ConstructorParameters<typeof WorkshopRoom>[2]>) =>
    new WorkshopRoom(scope, "room", {
      organization: "acme",
      workspacePrefix: "w-",
      attendees: [{ name: "ann" }],
      tokenExpiredAt: "x",
      ...props,
    });
  const PROJECT_NAME_RULE = '3 to 40 letters, digits, "_", "-" and spaces, neither starting nor ending with a space';

  /** Props a construct refuses, with its message word for word; "built" for the props next to them that it takes. */
  const CASES: ReadonlyArray<{ name: string; build: (scope: Construct) => unknown; outcome: string }> = [
    {
      name: "fails when a token expires both on a date and by rotation",
      build: (scope) => new TokenExpiry(scope, "expiry", { expiresAt: "2027-01-01T00:00:00Z", rotationDays: 30 }),
      outcome: "stack/expiry: a token expires on a date or by rotation, not both",
    },
    {
      name: "fails when a token rotates by a rotation of no whole days",
      build: (scope) => new TokenExpiry(scope, "expiry", { rotationDays: 0.5 }),
      outcome: "stack/expiry: rotationDays must be a whole number of days, at least 1, but 0.5 was given",
    },
    {
      name: "fails when a token expires on what is no RFC 3339 date-time",
      build: (scope) => new TokenExpiry(scope, "expiry", { expiresAt: "next week" }),
      outcome: 'stack/expiry: expiresAt must be an RFC 3339 date-time, but "next week" was given',
    },
    {
      name: "fails when a token neither expires on a date nor by rotation",
      build: (scope) => new TokenExpiry(scope, "expiry", {}),
      outcome: "stack/expiry: a token needs expiresAt or rotationDays",
    },
    {
      name: "fails when a workspace takes an agent pool without the agent execution mode",
      build: (scope) => new WorkshopWorkspace(scope, "ws", { organization: "acme", name: "w", agentPoolId: "apool-1" }),
      outcome: "stack/ws: an agentPoolId goes with the agent execution mode only, not local",
    },
    {
      name: "fails when a workspace takes the agent execution mode without an agent pool",
      build: (scope) => new WorkshopWorkspace(scope, "ws", { organization: "acme", name: "w", executionMode: "agent" }),
      outcome: "stack/ws: the agent execution mode needs an agentPoolId",
    },
    {
      name: "fails when the room's workspaces take an agent pool without the agent execution mode",
      build: (scope) => room(scope, { workspace: { agentPoolId: "apool-1" } }),
      outcome: "stack/room: an agentPoolId goes with the agent execution mode only, not local",
    },
    {
      name: "fails when an import names an instance of a resource without for_each",
      build: (scope) =>
        new ImportBlocks(scope, "import", { imports: [{ resource: wholeWorkspace(scope), key: "ann", id: "ws-1" }] }),
      outcome: "stack/import: stack/workspace has no for_each: import into it without a key",
    },
    {
      name: "fails when an import names a whole for_each resource",
      build: (scope) =>
        new ImportBlocks(scope, "import", { imports: [{ resource: keyedWorkspaces(scope), id: "ws-1" }] }),
      outcome: "stack/import: stack/workspaces has for_each: import into one of its instances, by key",
    },
    {
      name: "imports into one instance of a for_each resource, by its key",
      build: (scope) =>
        new ImportBlocks(scope, "import", { imports: [{ resource: keyedWorkspaces(scope), key: "ann", id: "ws-1" }] }),
      outcome: "built",
    },
    {
      name: "fails when an instance to forget has a key that cannot be part of a Terraform name",
      build: forget("bob smith"),
      outcome:
        'stack/forget: cannot forget instance "bob smith" of ' +
        'tfe_team.attendees_teams_8A27F6CF: its key must be letters, digits, "-" ' +
        'or "_"',
    },
    {
      name: 'forgets an instance whose key is letters, digits, "-" and "_"',
      build: forget("bob_2-x"),
      outcome: "built",
    },
    ...[0, 2.5].map((tokenGeneration) => ({
      name: `fails when an attendee's token generation is ${tokenGeneration}, not a whole number from 1`,
      build: (scope: Construct) => room(scope, { attendees: [{ name: "ann", tokenGeneration }] }),
      outcome:
        `stack/room: attendee "ann" has token generation ` +
        `${tokenGeneration}; a generation is a whole number, at least 1`,
    })),
    {
      name: "fails when the room holds an attendee twice, in any case",
      build: (scope) => room(scope, { attendees: [{ name: "Ann" }, { name: "ann" }] }),
      outcome: 'stack/room: attendee "ann" is in the room twice; each attendee\'s name keys their environment',
    },
    {
      name: "fails when a project's name ends with a space, which tfe does not take",
      build: (scope) => new WorkshopProject(scope, "project", { organization: "acme", name: "AWS workshop " }),
      outcome: `stack/project: the project name "AWS workshop " is not one tfe accepts: ${PROJECT_NAME_RULE}`,
    },
    {
      name: "fails when a project's name is shorter than tfe takes",
      build: (scope) => new WorkshopProject(scope, "project", { organization: "acme", name: "ab" }),
      outcome: `stack/project: the project name "ab" is not one tfe accepts: ${PROJECT_NAME_RULE}`,
    },
    {
      name: "fails when a project to look up has a name tfe would not take, which no project has",
      build: (scope) => new ProjectLookup(scope, "lookup", { organization: "acme", name: 'AWS "workshop"' }),
      outcome: `stack/lookup: the project name "AWS \\"workshop\\"" is not one tfe accepts: ${PROJECT_NAME_RULE}`,
    },
    {
      name: "fails when a project's description is longer than Terraform Cloud takes",
      build: (scope) =>
        new WorkshopProject(scope, "project", {
          organization: "acme",
          name: "AWS workshop",
          description: "x".repeat(257),
        }),
      outcome: "stack/project: a project description is 1 to 256 characters, but this one has 257",
    },
    {
      name: "fails when a project's import id is not a project id",
      build: (scope) =>
        new WorkshopProject(scope, "project", {
          organization: "acme",
          name: "AWS workshop",
          importId: "acme/AWS workshop",
        }),
      outcome: 'stack/project: the import id "acme/AWS workshop" is not a project id (prj-...)',
    },
    {
      name: "fails when a team is granted one workspace twice",
      build: (scope) =>
        new WorkshopTeam(scope, "team", {
          organization: "acme",
          name: "ci",
          grants: [
            { workspaceName: "w", workspaceId: "ws-1", access: "read" },
            { workspaceName: "w", workspaceId: "ws-1", access: "write" },
          ],
        }),
      outcome: 'stack/team: workspace "w" is granted twice; a team has one access per workspace',
    },
    {
      name: "fails when the owners team gets a token",
      build: (scope) =>
        new WorkshopTeam(scope, "team", {
          organization: "acme",
          name: "Owners",
          token: { description: "x", rotationDays: 1 },
        }),
      outcome:
        "stack/team: a token of the built-in owners team is every owner's power; give the token to a team of its own",
    },
    {
      name: "fails when an organization token would replace one of an organization the stack creates, which has none",
      build: (scope) =>
        new WorkshopOrganization(scope, "organization", {
          name: "acme",
          email: "f@example.com",
          token: { rotationDays: 7, replaceExisting: true },
        }),
      outcome:
        "stack/organization: replaceExisting is for an organization that exists " +
        "(looked up or imported); a new one has no token to replace",
    },
    {
      name: "fails when an organization only looked up is given an import id",
      build: (scope) =>
        new WorkshopOrganization(scope, "organization", {
          name: "acme",
          email: "f@example.com",
          create: false,
          importId: "acme",
        }),
      outcome: "stack/organization: an organization only looked up is not imported; give importId only with create",
    },
  ];

  for (const { name, build, outcome } of CASES)
    it(name, () => {
      expect(refusal(build)).toBe(outcome);
    });
});

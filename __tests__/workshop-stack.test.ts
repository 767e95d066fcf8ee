import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { OrganizationToken } from "@cdktf/provider-tfe/lib/organization-token";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectSettings } from "@cdktf/provider-tfe/lib/project-settings";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { REQUIRED_TERRAFORM_VERSION } from "../constructs/required-version";
import { UNOWNED_PROJECT_SETTINGS } from "../constructs/workshop-project";
import { describe, expect, it } from "vitest";
import { exampleConfigJson, onlyResource, referenceTo, resourcesOf, synthesize } from "./support";

const minimalConfigJson = { organization: { name: "acme-aws-workshop", email: "facilitator@example.com" } };

/** The removed blocks of a stack that forget a resource of one type. */
const removedOf = (stack: unknown, type: string) =>
  ((stack as { removed?: Array<{ from: string }> }).removed ?? []).filter((block) => block.from.startsWith(`${type}.`));

describe("WorkshopStack with the minimal config", () => {
  // GIVEN only an organization WHEN synthesized
  const { text, stack } = synthesize(minimalConfigJson);

  it("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  it("configures the tfe provider without any credential, so the provider reads TFE_TOKEN or terraform login", () => {
    expect(stack.provider?.tfe).toEqual([{}]);
    expect(text).not.toMatch(/"token"\s*:/);
  });

  it("pins hashicorp/tfe 0.71.0", () => {
    expect(stack.terraform?.required_providers).toEqual({ tfe: { source: "hashicorp/tfe", version: "0.71.0" } });
  });

  it("creates the organization and protects it from destroy", () => {
    const organization = onlyResource(stack, Organization.tfResourceType);
    expect(organization).toMatchObject({ name: "acme-aws-workshop", email: "facilitator@example.com" });
    expect(organization.lifecycle).toMatchObject({ prevent_destroy: true });
  });

  it("creates exactly the default aws_workshop workspace in that organization, protected and without VCS", () => {
    const organization = onlyResource(stack, Organization.tfResourceType);
    const workspace = onlyResource(stack, Workspace.tfResourceType);
    expect(workspace.name).toBe("aws_workshop");
    expect(workspace.organization).toBe(referenceTo(stack, Organization.tfResourceType, organization, "name"));
    expect(workspace.lifecycle).toMatchObject({ prevent_destroy: true });
    expect(workspace).not.toHaveProperty("vcs_repo");
    expect(workspace).not.toHaveProperty("force_delete");
  });

  it("sets local execution through tfe_workspace_settings, never the deprecated tfe_workspace.execution_mode", () => {
    const workspace = onlyResource(stack, Workspace.tfResourceType);
    expect(workspace).not.toHaveProperty("execution_mode");
    const settings = onlyResource(stack, WorkspaceSettings.tfResourceType);
    expect(settings).toEqual(
      expect.objectContaining({
        workspace_id: referenceTo(stack, Workspace.tfResourceType, workspace, "id"),
        execution_mode: "local",
      }),
    );
    expect(settings).not.toHaveProperty("agent_pool_id");
  });

  it("creates no team, team access or token, so that it deploys on the free plan", () => {
    for (const type of [Team.tfResourceType, TeamAccess.tfResourceType, TeamToken.tfResourceType])
      expect(resourcesOf(stack, type)).toEqual({});
    expect(Object.keys(stack.output ?? {}).sort()).toEqual(["organization_name", "workspace_ids"]);
  });

  it("outputs the organization name and the workspace ids by name", () => {
    const organization = onlyResource(stack, Organization.tfResourceType);
    const workspace = onlyResource(stack, Workspace.tfResourceType);
    expect(stack.output?.organization_name?.value).toBe(
      referenceTo(stack, Organization.tfResourceType, organization, "name"),
    );
    expect(stack.output?.workspace_ids?.value).toBe(
      `\${zipmap(["aws_workshop"], [${referenceTo(stack, Workspace.tfResourceType, workspace, "id").slice(2, -1)}])}`,
    );
  });

  it("keeps state in a relative local path, identical on every machine", () => {
    expect(stack.terraform?.backend).toEqual({ local: { path: "../../../terraform.aws-workshop.tfstate" } });
    expect(text).not.toContain(process.cwd());
  });
});

describe("WorkshopStack with the contract's example config", () => {
  // GIVEN a team with write access, an organization permission and a token WHEN synthesized
  const { text, stack } = synthesize(exampleConfigJson());

  it("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  it("creates the team in the organization with its organization access", () => {
    const organization = onlyResource(stack, Organization.tfResourceType);
    const team = onlyResource(stack, Team.tfResourceType);
    expect(team).toMatchObject({
      name: "workshop-ci",
      organization: referenceTo(stack, Organization.tfResourceType, organization, "name"),
      organization_access: { read_workspaces: true },
    });
  });

  it("grants the team write access on aws_workshop", () => {
    const team = onlyResource(stack, Team.tfResourceType);
    const workspace = onlyResource(stack, Workspace.tfResourceType);
    const access = onlyResource(stack, TeamAccess.tfResourceType);
    expect(access).toMatchObject({
      access: "write",
      team_id: referenceTo(stack, Team.tfResourceType, team, "id"),
      workspace_id: referenceTo(stack, Workspace.tfResourceType, workspace, "id"),
    });
    expect(access).not.toHaveProperty("permissions");
  });

  it("creates a described, expiring team token", () => {
    const team = onlyResource(stack, Team.tfResourceType);
    const token = onlyResource(stack, TeamToken.tfResourceType);
    expect(token).toMatchObject({
      team_id: referenceTo(stack, Team.tfResourceType, team, "id"),
      description: "ci pipeline",
      expired_at: "2027-06-30T00:00:00Z",
    });
    expect(token).not.toHaveProperty("force_regenerate");
  });

  it("exposes the token only through a sensitive output", () => {
    const token = onlyResource(stack, TeamToken.tfResourceType);
    const tokenReference = referenceTo(stack, TeamToken.tfResourceType, token, "token");
    const carriers = Object.entries(stack.output ?? {}).filter(([, output]) =>
      JSON.stringify(output.value).includes(tokenReference),
    );
    expect(carriers.map(([name]) => name)).toEqual(["team_token_workshop-ci"]);
    expect(carriers[0]?.[1].sensitive).toBe(true);
  });

  it("outputs the team ids by name", () => {
    const team = onlyResource(stack, Team.tfResourceType);
    expect(stack.output?.team_ids?.value).toBe(
      `\${zipmap(["workshop-ci"], [${referenceTo(stack, Team.tfResourceType, team, "id").slice(2, -1)}])}`,
    );
  });
});

describe("WorkshopStack with richer configs", () => {
  it("looks an existing organization up instead of creating it when create is false", () => {
    // GIVEN an organization made by hand
    const json = { ...exampleConfigJson(), organization: { name: "hand-made", email: "a@example.com", create: false } };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN it is read, never created, and everything refers to the looked-up name
    expect(resourcesOf(stack, Organization.tfResourceType)).toEqual({});
    const [[dataName, organization]] = Object.entries(stack.data?.tfe_organization ?? {}) as [
      [string, Record<string, unknown>],
    ];
    expect(organization.name).toBe("hand-made");
    expect(onlyResource(stack, Workspace.tfResourceType).organization).toBe(
      `\${data.tfe_organization.${dataName}.name}`,
    );
    expect(onlyResource(stack, Team.tfResourceType).organization).toBe(`\${data.tfe_organization.${dataName}.name}`);
  });

  it("forgets, never destroys, an organization that was created before create became false", () => {
    // GIVEN an organization the stack no longer creates WHEN synthesized
    const json = {
      ...exampleConfigJson(),
      organization: { name: "acme-aws-workshop", email: "a@example.com", create: false },
    };
    const { stack } = synthesize(json);
    // THEN a removed block names the address it had when it was created, and keeps the object
    const createdName = Object.keys(resourcesOf(synthesize(exampleConfigJson()).stack, Organization.tfResourceType))[0];
    expect(removedOf(stack, Organization.tfResourceType)).toEqual([
      { from: `tfe_organization.${createdName}`, lifecycle: { destroy: false } },
    ]);
    expect(stack.terraform?.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
  });

  it("has no removed block for the organization while it creates it", () => {
    expect(removedOf(synthesize(exampleConfigJson()).stack, Organization.tfResourceType)).toEqual([]);
  });

  it("puts every declared and attendee workspace in the config's project, and outputs its id", () => {
    // GIVEN a project, two workspaces and a room WHEN synthesized
    const json = {
      ...exampleConfigJson(),
      project: { name: "AWS workshop", description: "the ${room}" },
      workspaces: [{ name: "aws_workshop" }, { name: "sandbox" }],
      attendees: ["alice"],
    };
    const { stack } = synthesize(json);
    // THEN the project is in the organization, protected, its description kept as text
    const organization = onlyResource(stack, Organization.tfResourceType);
    const project = onlyResource(stack, Project.tfResourceType);
    expect(project).toMatchObject({
      name: "AWS workshop",
      description: "the $${room}",
      organization: referenceTo(stack, Organization.tfResourceType, organization, "name"),
      lifecycle: { prevent_destroy: true, ignore_changes: UNOWNED_PROJECT_SETTINGS },
    });
    // AND every workspace, the room's included, is in it
    const projectId = referenceTo(stack, Project.tfResourceType, project, "id");
    const workspaces = Object.values(resourcesOf(stack, Workspace.tfResourceType));
    expect(workspaces).toHaveLength(3);
    for (const workspace of workspaces) expect(workspace.project_id).toBe(projectId);
    expect(stack.output?.project_id).toEqual({
      description: "Id of the project holding every workshop workspace",
      value: projectId,
    });
    // AND nothing forgets it
    expect(removedOf(stack, Project.tfResourceType)).toEqual([]);
  });

  it("owns the project's description only when the config gives one, and adopts the project by its id", () => {
    const { stack } = synthesize({
      ...exampleConfigJson(),
      project: { name: "AWS workshop" },
      import: { project: "prj-niVoeESBXT8ZREhr" },
    });
    const project = onlyResource(stack, Project.tfResourceType);
    expect(project).not.toHaveProperty("description");
    expect(project.lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["auto_destroy_activity_duration", "description", "tags"],
    });
    expect((stack as { import?: unknown }).import).toEqual([
      { to: `tfe_project.${Object.keys(resourcesOf(stack, Project.tfResourceType))[0]}`, id: "prj-niVoeESBXT8ZREhr" },
      {
        to: `tfe_project_settings.${Object.keys(resourcesOf(stack, ProjectSettings.tfResourceType))[0]}`,
        id: "prj-niVoeESBXT8ZREhr",
      },
    ]);
  });

  it(
    "forgets, never destroys, a project that was in the config before, at the " +
      "address it had; and leaves the workspaces' project alone",
    () => {
      // GIVEN the same config without its project WHEN synthesized
      const withProject = synthesize({ ...exampleConfigJson(), project: { name: "AWS workshop" } }).stack;
      const { stack } = synthesize(exampleConfigJson());
      // THEN a removed block names the project's address, and no workspace names a project
      const address = `tfe_project.${Object.keys(resourcesOf(withProject, Project.tfResourceType))[0]}`;
      expect(removedOf(stack, Project.tfResourceType)).toEqual([{ from: address, lifecycle: { destroy: false } }]);
      expect(resourcesOf(stack, Project.tfResourceType)).toEqual({});
      expect(onlyResource(stack, Workspace.tfResourceType)).not.toHaveProperty("project_id");
      expect(stack.output).not.toHaveProperty("project_id");
    },
  );

  it("requires the Terraform that reads its import and removed blocks, whatever blocks it has", () => {
    // GIVEN a stack with neither import nor removed blocks, and one with imports WHEN synthesized
    const plain = synthesize(exampleConfigJson()).stack;
    const importing = synthesize({ ...exampleConfigJson(), import: { organization: true } }).stack;
    // THEN both state the version that reads removed (1.7) and import (1.5) blocks
    expect(plain.terraform?.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
    expect(importing.terraform?.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
    expect(REQUIRED_TERRAFORM_VERSION).toBe(">= 1.7.0");
  });

  it("passes workspace description, tags, Terraform version and agent pool through", () => {
    // GIVEN a fully specified agent workspace
    const json = {
      ...minimalConfigJson,
      workspaces: [
        {
          name: "agent_ws",
          executionMode: "agent",
          agentPoolId: "apool-yoGUFz5zcRMMz53i",
          description: "runs on our agents",
          tags: ["workshop", "env:dev"],
          terraformVersion: "~> 1.11",
        },
      ],
    };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN each setting lands on the right resource
    expect(onlyResource(stack, Workspace.tfResourceType)).toMatchObject({
      name: "agent_ws",
      description: "runs on our agents",
      tag_names: ["workshop", "env:dev"],
      terraform_version: "~> 1.11",
    });
    expect(onlyResource(stack, WorkspaceSettings.tfResourceType)).toMatchObject({
      execution_mode: "agent",
      agent_pool_id: "apool-yoGUFz5zcRMMz53i",
    });
  });

  it("sets remote execution when asked", () => {
    const { stack } = synthesize({
      ...minimalConfigJson,
      workspaces: [{ name: "remote_ws", executionMode: "remote" }],
    });
    expect(onlyResource(stack, WorkspaceSettings.tfResourceType).execution_mode).toBe("remote");
  });

  it("writes custom permissions as a permissions block, without an access level", () => {
    // GIVEN a team with custom permissions
    const permissions = {
      runs: "plan",
      variables: "read",
      stateVersions: "read-outputs",
      sentinelMocks: "none",
      workspaceLocking: false,
      runTasks: true,
    };
    const json = { ...minimalConfigJson, teams: [{ name: "reviewers", access: { aws_workshop: permissions } }] };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN the block carries each permission in tfe's snake_case
    const access = onlyResource(stack, TeamAccess.tfResourceType);
    expect(access).not.toHaveProperty("access");
    expect(access.permissions).toEqual([
      {
        runs: "plan",
        variables: "read",
        state_versions: "read-outputs",
        sentinel_mocks: "none",
        workspace_locking: false,
        run_tasks: true,
      },
    ]);
  });

  it("writes every expiry in UTC, the form Terraform Cloud returns", () => {
    const json = exampleConfigJson();
    (json.teams as Array<{ token: { expiresAt: string } }>)[0]!.token.expiresAt = "2027-06-30T02:00:00+02:00";
    const { stack } = synthesize(json);
    expect(onlyResource(stack, TeamToken.tfResourceType).expired_at).toBe("2027-06-30T00:00:00Z");
  });

  it("creates one access per granted workspace and one token output per token", () => {
    // GIVEN two workspaces and two teams, one without a token
    const json = {
      ...minimalConfigJson,
      workspaces: [{ name: "aws_workshop" }, { name: "sandbox" }],
      teams: [
        {
          name: "ci",
          access: { aws_workshop: "write", sandbox: "read" },
          token: { description: "ci", expiresAt: "2027-02-01T00:00:00Z" },
        },
        { name: "viewers", access: { sandbox: "read" } },
      ],
    };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN
    expect(Object.keys(resourcesOf(stack, TeamAccess.tfResourceType))).toHaveLength(3);
    expect(Object.keys(resourcesOf(stack, TeamToken.tfResourceType))).toHaveLength(1);
    expect(Object.keys(stack.output ?? {}).filter((name) => name.startsWith("team_token_"))).toEqual(["team_token_ci"]);
  });
});

describe("WorkshopStack addresses and determinism", () => {
  const twoTeams = () => ({
    ...minimalConfigJson,
    workspaces: [{ name: "aws_workshop" }, { name: "sandbox" }],
    teams: [
      {
        name: "ci",
        access: { aws_workshop: "write", sandbox: "plan" },
        token: { description: "ci", expiresAt: "2027-01-01T00:00:00Z" },
      },
      { name: "viewers", access: { sandbox: "read" } },
    ],
  });

  it("synthesizes byte-identical output for the same config", () => {
    expect(synthesize(twoTeams()).text).toBe(synthesize(twoTeams()).text);
  });

  it("synthesizes byte-identical output when workspaces, teams and access entries are reordered", () => {
    // GIVEN the same config with every list and map reversed
    const reordered = twoTeams();
    reordered.workspaces.reverse();
    reordered.teams.reverse();
    reordered.teams[1]!.access = { sandbox: "plan", aws_workshop: "write" };
    // WHEN both are synthesized THEN nothing moves
    expect(synthesize(reordered).text).toBe(synthesize(twoTeams()).text);
  });

  it("only adds when a team is added: every existing address and its attributes stay as they were", () => {
    // GIVEN a synthesized config
    const before = synthesize(twoTeams()).stack;
    // WHEN a team is added at the front
    const grown = twoTeams();
    grown.teams.unshift({ name: "auditors", access: { aws_workshop: "read" } } as (typeof grown.teams)[number]);
    const after = synthesize(grown).stack;
    // THEN every earlier resource is still there, unchanged, under the same address
    for (const [type, resources] of Object.entries(before.resource ?? {})) {
      for (const [name, resource] of Object.entries(resources))
        expect(after.resource?.[type]?.[name]).toEqual(resource);
    }
    expect(Object.keys(resourcesOf(after, Team.tfResourceType))).toHaveLength(3);
    expect(Object.keys(resourcesOf(after, TeamAccess.tfResourceType))).toHaveLength(4);
  });
});

describe("WorkshopStack tokens that rotate", () => {
  const rotating = () => ({
    ...exampleConfigJson(),
    organization: { name: "acme-aws-workshop", email: "facilitator@example.com", token: { rotationDays: 7 } },
    teams: [
      {
        name: "workshop-ci",
        access: { aws_workshop: "write" },
        token: { description: "ci pipeline", rotationDays: 30 },
      },
    ],
  });

  it("feeds a time_rotating period into the team token's expired_at", () => {
    // GIVEN a team token rotating every 30 days WHEN synthesized
    const { stack } = synthesize(rotating());
    // THEN the token expires when its time_rotating rotates, as in HashiCorp's documented pattern
    const teamRotation = onlyResource(stack, Rotating.tfResourceType, { rotation_days: 30 });
    expect(onlyResource(stack, TeamToken.tfResourceType).expired_at).toBe(
      referenceTo(stack, Rotating.tfResourceType, teamRotation, "rotation_rfc3339"),
    );
    expect(stack.provider?.time).toEqual([{}]);
    expect((stack.terraform?.required_providers as Record<string, unknown>).time).toEqual({
      source: "hashicorp/time",
      version: "0.13.1",
    });
  });

  it("synthesizes byte-identical output twice, since the rotation time lives in the state, not in the output", () => {
    expect(synthesize(rotating()).text).toBe(synthesize(rotating()).text);
  });

  it("creates an expiring organization token exposed only by a sensitive output", () => {
    const { stack } = synthesize(rotating());
    const organization = onlyResource(stack, Organization.tfResourceType);
    const orgRotation = onlyResource(stack, Rotating.tfResourceType, { rotation_days: 7 });
    const token = onlyResource(stack, OrganizationToken.tfResourceType);
    expect(token).toEqual(
      expect.objectContaining({
        organization: referenceTo(stack, Organization.tfResourceType, organization, "name"),
        expired_at: referenceTo(stack, Rotating.tfResourceType, orgRotation, "rotation_rfc3339"),
      }),
    );
    expect(token).not.toHaveProperty("force_regenerate");
    expect(stack.output?.organization_token).toEqual(
      expect.objectContaining({
        value: referenceTo(stack, OrganizationToken.tfResourceType, token, "token"),
        sensitive: true,
      }),
    );
  });

  it("replaces the token of an existing organization only when the config says so", () => {
    // GIVEN a looked-up organization whose token may be replaced
    const json = {
      ...rotating(),
      organization: {
        name: "acme",
        email: "f@example.com",
        create: false,
        token: { rotationDays: 7, replaceExisting: true },
      },
    };
    // WHEN synthesized
    const { stack } = synthesize(json);
    // THEN the token forces its way past the existing one
    expect(onlyResource(stack, OrganizationToken.tfResourceType)).toMatchObject({ force_regenerate: true });
  });

  it("adds no organization token, time provider or rotation unless asked", () => {
    const { stack } = synthesize(exampleConfigJson());
    expect(resourcesOf(stack, OrganizationToken.tfResourceType)).toEqual({});
    expect(resourcesOf(stack, Rotating.tfResourceType)).toEqual({});
    expect(stack.provider).not.toHaveProperty("time");
    expect(stack.output).not.toHaveProperty("organization_token");
  });
});

describe("WorkshopStack state", () => {
  it("keeps the state in a Terraform Cloud workspace when the config names one, and no local file", () => {
    // GIVEN a state workspace WHEN synthesized
    const json = {
      ...exampleConfigJson(),
      state: { organization: "acme-admin", workspace: "aws-workshop-state", hostname: "tfe.example.com" },
    };
    const { stack } = synthesize(json);
    // THEN Terraform is pointed at it with a cloud block
    expect(stack.terraform?.cloud).toEqual({
      organization: "acme-admin",
      hostname: "tfe.example.com",
      workspaces: { name: "aws-workshop-state" },
    });
    expect(stack.terraform).not.toHaveProperty("backend");
  });
});

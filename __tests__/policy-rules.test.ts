import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { OrganizationToken } from "@cdktf/provider-tfe/lib/organization-token";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectSettings } from "@cdktf/provider-tfe/lib/project-settings";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import {
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from "cdktf";
import { describe, expect, it } from "vitest";
import type { PolicyRule } from "../policy/rule";
import { adminWorkspaceAccess } from "../policy/rules/admin-workspace-access";
import { autoApply } from "../policy/rules/auto-apply";
import { localStateHoldsTokens } from "../policy/rules/local-state-holds-tokens";
import { noOwnersToken } from "../policy/rules/no-owners-token";
import { organizationManageAccess } from "../policy/rules/organization-manage-access";
import { organizationPreventDestroy } from "../policy/rules/organization-prevent-destroy";
import { organizationTokenReplaces } from "../policy/rules/organization-token-replaces";
import { projectDefaultLocal } from "../policy/rules/project-default-local";
import { projectPreventDestroy } from "../policy/rules/project-prevent-destroy";
import { providerNoTokenLiteral } from "../policy/rules/provider-no-token-literal";
import { singleOrganizationToken } from "../policy/rules/single-organization-token";
import { tokenExpires } from "../policy/rules/token-expires";
import { tokenOutlivesEvent } from "../policy/rules/token-outlives-event";
import { tokenOutputSensitive } from "../policy/rules/token-output-sensitive";
import { workspaceInProject } from "../policy/rules/workspace-in-project";
import { workspaceNoForceDelete } from "../policy/rules/workspace-no-force-delete";
import { workspaceNoVcs } from "../policy/rules/workspace-no-vcs";
import { workspacePreventDestroy } from "../policy/rules/workspace-prevent-destroy";
import { describeFinding, WorkshopPolicy } from "../policy/workshop-policy";
import { NOW } from "./support";

const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY_MS).toISOString();

/**
 * Builds a stack with the tfe provider, lets the test add resources, and returns `path: detail` per finding of one
 * rule.
 */
function findingsOf(
  rule: PolicyRule,
  build: (stack: TerraformStack) => void,
  maxTokenLifetimeDays?: number,
  eventEndsAt?: string,
): string[] {
  const stack = new TerraformStack(Testing.app(), "test");
  new TfeProvider(stack, "tfe", {});
  build(stack);
  const report = new WorkshopPolicy({ rules: [rule], now: NOW, maxTokenLifetimeDays, eventEndsAt }).check(stack);
  for (const finding of report.findings) {
    // Every finding names its level, rule, resource and fix on one line.
    expect(describeFinding(finding)).toMatch(new RegExp(`^${rule.level} \\[${rule.id}\\] ${finding.element.path}: `));
    expect(describeFinding(finding)).toContain(`Fix: ${rule.fix}`);
  }
  return report.findings.map((finding) => `${finding.element.path}: ${finding.detail}`);
}

const protectedOrganization = (stack: TerraformStack) =>
  new Organization(stack, "org", { name: "acme", email: "a@example.com", lifecycle: { preventDestroy: true } });
const team = (stack: TerraformStack, name = "ci") => new Team(stack, `team-${name}`, { name, organization: "acme" });
const teamToken = (stack: TerraformStack, expiredAt?: string) =>
  new TeamToken(stack, "token", { teamId: team(stack).id, description: "ci", expiredAt });
const workspace = (stack: TerraformStack, config: Partial<ConstructorParameters<typeof Workspace>[2]> = {}) =>
  new Workspace(stack, "ws", {
    name: "aws_workshop",
    organization: "acme",
    lifecycle: { preventDestroy: true },
    ...config,
  });

describe("token-output-sensitive", () => {
  it("passes a sensitive output of a token", () => {
    expect(
      findingsOf(
        tokenOutputSensitive,
        (stack) => new TerraformOutput(stack, "t", { value: teamToken(stack, inDays(30)).token, sensitive: true }),
      ),
    ).toEqual([]);
  });

  it("fails when an output carries a token without being sensitive", () => {
    expect(
      findingsOf(
        tokenOutputSensitive,
        (stack) => new TerraformOutput(stack, "t", { value: { ci: teamToken(stack, inDays(30)).token } }),
      ),
    ).toEqual(["test/t: carries a token but is not sensitive"]);
  });

  it("fails when a for expression over token resources reads their tokens in a non-sensitive output", () => {
    expect(
      findingsOf(tokenOutputSensitive, (stack) => {
        const tokens = new TeamToken(stack, "tokens", {
          forEach: TerraformIterator.fromMap({ a: "team-1" }),
          teamId: "${each.value}",
          description: "${each.key}",
        });
        new TerraformOutput(stack, "handout", {
          value: TerraformIterator.fromResources(tokens).forExpressionForMap("key", "val.token"),
        });
      }),
    ).toEqual(["test/handout: carries a token but is not sensitive"]);
  });

  it("ignores outputs that carry no token", () => {
    expect(
      findingsOf(
        tokenOutputSensitive,
        (stack) => new TerraformOutput(stack, "id", { value: teamToken(stack, inDays(30)).id }),
      ),
    ).toEqual([]);
  });

  it("fails when a token reaches a non-sensitive output through locals", () => {
    expect(
      findingsOf(tokenOutputSensitive, (stack) => {
        // GIVEN a token passed through two locals, the second picking it out of a list
        const first = new TerraformLocal(stack, "first", teamToken(stack, inDays(30)).token);
        const second = new TerraformLocal(stack, "second", [first.asString, "x"]);
        new TerraformOutput(stack, "laundered", { value: second.asList });
      }),
    ).toEqual(["test/laundered: carries a token but is not sensitive"]);
  });

  it("fails when a non-sensitive output reads a variable, whose value it cannot see", () => {
    expect(
      findingsOf(tokenOutputSensitive, (stack) => {
        new TerraformOutput(stack, "passed-in", {
          value: new TerraformVariable(stack, "secret", { type: "string" }).stringValue,
        });
      }),
    ).toEqual(["test/passed-in: cannot be shown to carry no token: var.secret is only known when Terraform runs"]);
  });
});

describe("token-expires", () => {
  it("passes a token expiring within the maximum lifetime, or rotating within it", () => {
    expect(findingsOf(tokenExpires, (stack) => teamToken(stack, inDays(365)))).toEqual([]);
    expect(
      findingsOf(tokenExpires, (stack) => {
        new TimeProvider(stack, "time", {});
        teamToken(stack, new Rotating(stack, "rotation", { rotationDays: 30 }).rotationRfc3339);
      }),
    ).toEqual([]);
  });

  it("passes a token whose expiry has passed: after the workshop it always has, and preflight, not the policy, stops a deploy creating it", () => {
    expect(findingsOf(tokenExpires, (stack) => teamToken(stack, inDays(-1)))).toEqual([]);
  });

  it("fails when expired_at comes from a variable, whose value it cannot see", () => {
    expect(
      findingsOf(tokenExpires, (stack) =>
        teamToken(stack, new TerraformVariable(stack, "expiry", { type: "string" }).stringValue),
      ),
    ).toEqual([
      "test/token: expired_at cannot be known before Terraform runs: var.expiry is only known when Terraform runs",
    ]);
  });

  it("fails when a token has no expired_at", () => {
    expect(findingsOf(tokenExpires, (stack) => teamToken(stack))).toEqual([
      "test/token: has no expired_at, so the token lives two years (the Terraform Cloud default)",
    ]);
  });

  it("fails when a token expires beyond the maximum lifetime", () => {
    expect(findingsOf(tokenExpires, (stack) => teamToken(stack, inDays(400)))).toEqual([
      `test/token: expires ${inDays(400)}, 400 days from now, beyond the maximum lifetime of 365 days`,
    ]);
  });

  it("fails when an organization token rotates beyond a configured maximum lifetime", () => {
    expect(
      findingsOf(
        tokenExpires,
        (stack) => {
          new TimeProvider(stack, "time", {});
          const rotation = new Rotating(stack, "rotation", { rotationMonths: 2 });
          new OrganizationToken(stack, "org-token", { organization: "acme", expiredAt: rotation.rotationRfc3339 });
        },
        30,
      ),
    ).toEqual(["test/org-token: rotates every 62 days, beyond the maximum lifetime of 30 days"]);
  });
});

describe("no-owners-token", () => {
  it("passes a token of an ordinary team", () => {
    expect(findingsOf(noOwnersToken, (stack) => teamToken(stack, inDays(30)))).toEqual([]);
  });

  it("fails when the token belongs to the owners team", () => {
    expect(
      findingsOf(
        noOwnersToken,
        (stack) => new TeamToken(stack, "token", { teamId: team(stack, "Owners").id, description: "x" }),
      ),
    ).toEqual(['test/token: is a token for the built-in "owners" team']);
  });

  it("fails when the owners team's id reaches the token through a local", () => {
    expect(
      findingsOf(noOwnersToken, (stack) => {
        const teamId = new TerraformLocal(stack, "team-id", team(stack, "owners").id);
        new TeamToken(stack, "token", { teamId: teamId.asString, description: "x" });
      }),
    ).toEqual(['test/token: is a token for the built-in "owners" team']);
  });

  it("fails when the owners team's name reaches the team through a local", () => {
    expect(
      findingsOf(noOwnersToken, (stack) => {
        const name = new TerraformLocal(stack, "name", "owners");
        const owners = new Team(stack, "team", { name: name.asString, organization: "acme" });
        new TeamToken(stack, "token", { teamId: owners.id, description: "x" });
      }),
    ).toEqual(['test/token: is a token for the built-in "owners" team']);
  });

  it("fails when the team id cannot be traced to a team of the stack", () => {
    expect(
      findingsOf(noOwnersToken, (stack) => {
        new TeamToken(stack, "literal", { teamId: "team-abc123", description: "x" });
        new TeamToken(stack, "variable", {
          teamId: new TerraformVariable(stack, "team", { type: "string" }).stringValue,
          description: "x",
        });
      }),
    ).toEqual([
      'test/literal: team_id "team-abc123" is not a team of this stack, so it may be the owners team',
      "test/variable: team_id cannot be traced to a team: var.team is only known when Terraform runs",
    ]);
  });

  it("checks every attendee team of a room, passing a room without owners", () => {
    expect(
      findingsOf(noOwnersToken, (stack) => {
        const names = new TerraformLocal(stack, "names", [{ name: "alice" }, { name: "bob" }]);
        const teams = new Team(stack, "teams", {
          forEach: TerraformIterator.fromComplexList(Token.asAny(names.asList), "name"),
          name: "${each.value.name}",
          organization: "acme",
        });
        const each = TerraformIterator.fromResources(teams);
        new TeamToken(stack, "tokens", { forEach: each, teamId: each.getString("id"), description: "x" });
      }),
    ).toEqual([]);
  });
});

describe("single-organization-token", () => {
  it("passes one organization token", () => {
    expect(
      findingsOf(singleOrganizationToken, (stack) => new OrganizationToken(stack, "one", { organization: "acme" })),
    ).toEqual([]);
  });

  it("fails on the second organization token", () => {
    expect(
      findingsOf(singleOrganizationToken, (stack) => {
        new OrganizationToken(stack, "one", { organization: "acme" });
        new OrganizationToken(stack, "two", { organization: "acme" });
      }),
    ).toEqual(["test/two: is a second organization token besides tfe_organization_token.one"]);
  });
});

describe("organization-prevent-destroy", () => {
  it("passes a protected organization", () => {
    expect(findingsOf(organizationPreventDestroy, protectedOrganization)).toEqual([]);
  });

  it("fails when the organization can be destroyed", () => {
    expect(
      findingsOf(
        organizationPreventDestroy,
        (stack) => new Organization(stack, "org", { name: "acme", email: "a@example.com" }),
      ),
    ).toEqual(["test/org: can be destroyed by accident: prevent_destroy is not set"]);
  });
});

const project = (stack: TerraformStack, config: Partial<ConstructorParameters<typeof Project>[2]> = {}) =>
  new Project(stack, "project", {
    name: "AWS workshop",
    organization: "acme",
    lifecycle: { preventDestroy: true },
    ...config,
  });

describe("project-prevent-destroy", () => {
  it("passes a protected project", () => {
    expect(findingsOf(projectPreventDestroy, (stack) => project(stack))).toEqual([]);
  });

  it("fails when the project can be destroyed, even through an escape hatch", () => {
    expect(findingsOf(projectPreventDestroy, (stack) => project(stack, { lifecycle: undefined }))).toEqual([
      "test/project: can be destroyed by accident: prevent_destroy is not set",
    ]);
    expect(
      findingsOf(projectPreventDestroy, (stack) => project(stack).addOverride("lifecycle.prevent_destroy", false)),
    ).toEqual(["test/project: can be destroyed by accident: prevent_destroy is not set"]);
  });
});

describe("token-outlives-event", () => {
  const ENDS = inDays(3);
  const attendeeToken = (stack: TerraformStack, expiredAt: string, description = "workshop attendee ${each.key}") =>
    new TeamToken(stack, "attendee", { teamId: team(stack).id, description, expiredAt });
  const rotating = (stack: TerraformStack, rotationDays: number) =>
    new Rotating(stack, "rotation", { rotationDays }).rotationRfc3339;

  it("passes an attendee token that ends with the event, or within a day of it, and any token of a config without an end", () => {
    expect(findingsOf(tokenOutlivesEvent, (stack) => attendeeToken(stack, ENDS), undefined, ENDS)).toEqual([]);
    expect(
      findingsOf(tokenOutlivesEvent, (stack) => attendeeToken(stack, rotating(stack, 4)), undefined, ENDS),
    ).toEqual([]);
    expect(findingsOf(tokenOutlivesEvent, (stack) => attendeeToken(stack, rotating(stack, 30)))).toEqual([]);
  });

  it("passes a team's own token, which the event does not hold", () => {
    expect(
      findingsOf(
        tokenOutlivesEvent,
        (stack) => attendeeToken(stack, rotating(stack, 30), "workshop pipeline"),
        undefined,
        ENDS,
      ),
    ).toEqual([]);
  });

  it("fails when an attendee token rotates, or expires, more than a day after the event's end", () => {
    expect(
      findingsOf(tokenOutlivesEvent, (stack) => attendeeToken(stack, rotating(stack, 30)), undefined, ENDS),
    ).toEqual([
      "test/attendee: rotates every 30 days from the deploy, past the event's end (2026-10-04T00:00:00.000Z) and 24 hours",
    ]);
    expect(
      findingsOf(
        tokenOutlivesEvent,
        (stack) => attendeeToken(stack, inDays(5), "workshop attendee bob, token 2"),
        undefined,
        ENDS,
      ),
    ).toEqual([
      "test/attendee: expires 2026-10-06T00:00:00.000Z, past the event's end (2026-10-04T00:00:00.000Z) and 24 hours",
    ]);
  });
});

describe("project-default-local", () => {
  it("passes a project whose settings make local execution its workspaces' default, and a stack without a project", () => {
    expect(
      findingsOf(
        projectDefaultLocal,
        (stack) =>
          new ProjectSettings(stack, "settings", { projectId: project(stack).id, defaultExecutionMode: "local" }),
      ),
    ).toEqual([]);
    expect(findingsOf(projectDefaultLocal, (stack) => workspace(stack))).toEqual([]);
  });

  it("fails when the project has no settings, or settings of another project", () => {
    expect(findingsOf(projectDefaultLocal, (stack) => project(stack))).toEqual([
      "test/project: has no tfe_project_settings, so its workspaces fall back to the organization's default execution mode",
    ]);
    expect(
      findingsOf(projectDefaultLocal, (stack) => {
        project(stack);
        new ProjectSettings(stack, "settings", { projectId: "prj-other", defaultExecutionMode: "local" });
      }),
    ).toEqual([
      "test/project: has no tfe_project_settings, so its workspaces fall back to the organization's default execution mode",
    ]);
  });

  it("fails when the settings leave the default to the organization, pick another mode, or one the rule cannot follow", () => {
    const settingsOf = (mode: (stack: TerraformStack) => string | undefined) => (stack: TerraformStack) => {
      new ProjectSettings(stack, "settings", { projectId: project(stack).id, defaultExecutionMode: mode(stack) });
    };
    expect(
      findingsOf(
        projectDefaultLocal,
        settingsOf(() => "remote"),
      ),
    ).toEqual([
      'test/project: tfe_project_settings.settings gives its workspaces "remote" as their default execution mode, not "local"',
    ]);
    expect(
      findingsOf(
        projectDefaultLocal,
        settingsOf(() => undefined),
      ),
    ).toEqual([
      'test/project: tfe_project_settings.settings gives its workspaces no value as their default execution mode, not "local"',
    ]);
    expect(
      findingsOf(
        projectDefaultLocal,
        settingsOf((stack) => new TerraformVariable(stack, "mode", { type: "string" }).stringValue),
      ),
    ).toEqual([
      "test/project: tfe_project_settings.settings sets a default execution mode the rule cannot follow: var.mode is only known when Terraform runs",
    ]);
  });
});

describe("workspace-in-project", () => {
  it("passes a workspace and a room in the stack's project, and any workspace of a stack without a project", () => {
    expect(
      findingsOf(workspaceInProject, (stack) => {
        // GIVEN the project's id reaching one workspace through a local, and the room's directly
        const projectId = project(stack).id;
        workspace(stack, { projectId: new TerraformLocal(stack, "project-id", projectId).asString });
        new Workspace(stack, "room", {
          forEach: TerraformIterator.fromList(["alice"]),
          name: "aws_workshop-${each.key}",
          organization: "acme",
          projectId,
        });
      }),
    ).toEqual([]);
    expect(findingsOf(workspaceInProject, (stack) => workspace(stack))).toEqual([]);
  });

  it("fails when a workspace of a stack with a project is not in it", () => {
    expect(
      findingsOf(workspaceInProject, (stack) => {
        project(stack);
        workspace(stack);
      }),
    ).toEqual(["test/ws: has no project_id, so it is not in tfe_project.project"]);
  });

  it("fails when project_id names a project the stack does not hold, or one it cannot follow", () => {
    expect(
      findingsOf(workspaceInProject, (stack) => {
        project(stack);
        workspace(stack, { projectId: "prj-default" });
        new Workspace(stack, "by-team", { name: "by-team", organization: "acme", projectId: team(stack).id });
        new Workspace(stack, "by-variable", {
          name: "by-variable",
          organization: "acme",
          projectId: new TerraformVariable(stack, "project_id", { type: "string" }).stringValue,
        });
      }),
    ).toEqual([
      'test/ws: project_id "prj-default" is not a project of this stack',
      "test/by-team: project_id reads tfe_team.team-ci.id, which is not the id of a project of this stack",
      "test/by-variable: project_id cannot be traced to a project: var.project_id is only known when Terraform runs",
    ]);
  });
});

describe("workspace-prevent-destroy", () => {
  it("passes a protected workspace", () => {
    expect(findingsOf(workspacePreventDestroy, (stack) => workspace(stack))).toEqual([]);
  });

  it("fails when the workspace can be destroyed, even through an escape hatch", () => {
    expect(
      findingsOf(workspacePreventDestroy, (stack) => workspace(stack).addOverride("lifecycle.prevent_destroy", false)),
    ).toEqual(["test/ws: can be destroyed by accident: prevent_destroy is not set"]);
  });

  it("passes a room's workspaces, one for_each instance per attendee, which are removed one attendee at a time", () => {
    // GIVEN a for_each workspace without prevent_destroy, as the room writes it
    const room = (stack: TerraformStack) =>
      new Workspace(stack, "room", {
        forEach: TerraformIterator.fromList(["alice", "bob"]),
        name: "aws_workshop-${each.key}",
        organization: "acme",
      });
    // THEN it is no finding of this rule: safe delete and preflight protect it instead
    expect(findingsOf(workspacePreventDestroy, room)).toEqual([]);
  });

  it("fails when a room's workspaces are force-deleted, the protection they rely on", () => {
    const room = (stack: TerraformStack) =>
      new Workspace(stack, "room", {
        forEach: TerraformIterator.fromList(["alice"]),
        name: "aws_workshop-${each.key}",
        organization: "acme",
        forceDelete: true,
      });
    expect(findingsOf(workspaceNoForceDelete, room)).toEqual(["test/room: sets force_delete"]);
  });
});

describe("workspace-no-force-delete", () => {
  it("passes a workspace without force_delete", () => {
    expect(findingsOf(workspaceNoForceDelete, (stack) => workspace(stack, { forceDelete: false }))).toEqual([]);
  });

  it("fails when the workspace sets force_delete", () => {
    expect(findingsOf(workspaceNoForceDelete, (stack) => workspace(stack, { forceDelete: true }))).toEqual([
      "test/ws: sets force_delete",
    ]);
  });
});

describe("workspace-no-vcs", () => {
  it("passes a CLI-driven workspace", () => {
    expect(findingsOf(workspaceNoVcs, (stack) => workspace(stack))).toEqual([]);
  });

  it("fails when the workspace has a VCS connection", () => {
    const vcsRepo = { identifier: "acme/infra", oauthTokenId: "ot-123" };
    expect(findingsOf(workspaceNoVcs, (stack) => workspace(stack, { vcsRepo }))).toEqual([
      "test/ws: has a VCS connection (vcs_repo)",
    ]);
  });
});

describe("provider-no-token-literal", () => {
  it("passes a provider whose token comes from a variable", () => {
    expect(
      findingsOf(providerNoTokenLiteral, (stack) => {
        const token = new TerraformVariable(stack, "tfe_token", { type: "string", sensitive: true });
        new TfeProvider(stack, "tfe-from-variable", { alias: "v", token: token.stringValue });
      }),
    ).toEqual([]);
  });

  it("fails when the provider block holds a token literal", () => {
    expect(
      findingsOf(
        providerNoTokenLiteral,
        (stack) => new TfeProvider(stack, "tfe-literal", { alias: "l", token: "not-a-real-token" }),
      ),
    ).toEqual(["test/tfe-literal: has a token literal"]);
  });
});

describe("admin-workspace-access", () => {
  it("passes write access", () => {
    expect(
      findingsOf(
        adminWorkspaceAccess,
        (stack) =>
          new TeamAccess(stack, "access", {
            teamId: team(stack).id,
            workspaceId: workspace(stack).id,
            access: "write",
          }),
      ),
    ).toEqual([]);
  });

  it("warns about admin access", () => {
    expect(
      findingsOf(
        adminWorkspaceAccess,
        (stack) =>
          new TeamAccess(stack, "access", {
            teamId: team(stack).id,
            workspaceId: workspace(stack).id,
            access: "admin",
          }),
      ),
    ).toEqual(["test/access: grants admin access"]);
  });
});

describe("organization-manage-access", () => {
  it("passes read-only organization access", () => {
    expect(
      findingsOf(
        organizationManageAccess,
        (stack) =>
          new Team(stack, "t", { name: "t", organizationAccess: { readWorkspaces: true, manageWorkspaces: false } }),
      ),
    ).toEqual([]);
  });

  it("warns about every manage flag granted", () => {
    expect(
      findingsOf(
        organizationManageAccess,
        (stack) =>
          new Team(stack, "t", { name: "t", organizationAccess: { manageWorkspaces: true, manageTeams: true } }),
      ),
    ).toEqual(["test/t: grants organization access manage_teams, manage_workspaces"]);
  });
});

describe("auto-apply", () => {
  it("passes workspaces that wait for a review", () => {
    expect(
      findingsOf(
        autoApply,
        (stack) => new WorkspaceSettings(stack, "settings", { workspaceId: workspace(stack, { autoApply: false }).id }),
      ),
    ).toEqual([]);
  });

  it("warns about auto_apply on a workspace or its settings", () => {
    expect(
      findingsOf(
        autoApply,
        (stack) =>
          new WorkspaceSettings(stack, "settings", {
            workspaceId: workspace(stack, { autoApply: true }).id,
            autoApply: true,
          }),
      ),
    ).toEqual(["test/ws: sets auto_apply", "test/settings: sets auto_apply"]);
  });
});

describe("local-state-holds-tokens", () => {
  it("passes a local state without tokens, and tokens in a Terraform Cloud state", () => {
    expect(findingsOf(localStateHoldsTokens, (stack) => new LocalBackend(stack, { path: "x.tfstate" }))).toEqual([]);
    expect(
      findingsOf(localStateHoldsTokens, (stack) => {
        new CloudBackend(stack, { organization: "acme", workspaces: new NamedCloudWorkspace("workshop-admin") });
        teamToken(stack, inDays(30));
      }),
    ).toEqual([]);
  });

  it("warns when a local state would hold tokens", () => {
    expect(
      findingsOf(localStateHoldsTokens, (stack) => {
        new LocalBackend(stack, { path: "x.tfstate" });
        teamToken(stack, inDays(30));
      }),
    ).toEqual(["test/backend: keeps the tokens in plain text in a local file"]);
  });
});

describe("organization-token-replaces", () => {
  it("passes an organization token that replaces nothing", () => {
    expect(
      findingsOf(organizationTokenReplaces, (stack) => new OrganizationToken(stack, "token", { organization: "acme" })),
    ).toEqual([]);
  });

  it("warns when an organization token revokes the existing one", () => {
    expect(
      findingsOf(
        organizationTokenReplaces,
        (stack) => new OrganizationToken(stack, "token", { organization: "acme", forceRegenerate: true }),
      ),
    ).toEqual(["test/token: sets force_regenerate, so the organization's existing token will be revoked"]);
  });
});

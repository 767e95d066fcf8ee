import { DataTfeProjects } from "@cdktf/provider-tfe/lib/data-tfe-projects";
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
import { ProjectLookup } from "../constructs/project-lookup";
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
import { WORKSHOP_RULES } from "../policy/rules";
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
const project = (stack: TerraformStack, config: Partial<ConstructorParameters<typeof Project>[2]> = {}) =>
  new Project(stack, "project", {
    name: "AWS workshop",
    organization: "acme",
    lifecycle: { preventDestroy: true },
    ...config,
  });

/** The event's end for token-outlives-event, and an attendee token and a rotation to hold against it. */
const ENDS = inDays(3);
const attendeeToken = (stack: TerraformStack, expiredAt: string, description = "workshop attendee ${each.key}") =>
  new TeamToken(stack, "attendee", { teamId: team(stack).id, description, expiredAt });
const rotating = (stack: TerraformStack, rotationDays: number) =>
  new Rotating(stack, "rotation", { rotationDays }).rotationRfc3339;

/** Project settings whose default execution mode the case chooses. */
const projectSettingsOf = (mode: (stack: TerraformStack) => string | undefined) => (stack: TerraformStack) => {
  new ProjectSettings(stack, "settings", { projectId: project(stack).id, defaultExecutionMode: mode(stack) });
};

/** A room's workspaces, one for_each instance per attendee, as the room writes them. */
const roomWorkspaces = (stack: TerraformStack, config: Partial<ConstructorParameters<typeof Workspace>[2]> = {}) =>
  new Workspace(stack, "room", {
    forEach: TerraformIterator.fromList(["alice", "bob"]),
    name: "aws_workshop-${each.key}",
    organization: "acme",
    ...config,
  });

/** A stack a case builds and the findings of the rule on it, `path: detail`: none for a compliant stack. */
interface RuleCase {
  /** What the case shows, after the rule's id: "passes ..." when it finds nothing, "fails when ..." or "warns ...". */
  readonly name: string;
  readonly build: (stack: TerraformStack) => void;
  readonly findings: readonly string[];
  readonly maxTokenLifetimeDays?: number;
  readonly eventEndsAt?: string;
}

/** Each rule's cases, compliant and not. */
const RULE_CASES = new Map<PolicyRule, readonly RuleCase[]>([
  [
    tokenOutputSensitive,
    [
      {
        name: "passes a sensitive output of a token",
        build: (stack) =>
          new TerraformOutput(stack, "t", { value: teamToken(stack, inDays(30)).token, sensitive: true }),
        findings: [],
      },
      {
        name: "fails when an output carries a token without being sensitive",
        build: (stack) => new TerraformOutput(stack, "t", { value: { ci: teamToken(stack, inDays(30)).token } }),
        findings: ["test/t: carries a token but is not sensitive"],
      },
      {
        name: "fails when a for expression over token resources reads their tokens in a non-sensitive output",
        build: (stack) => {
          const tokens = new TeamToken(stack, "tokens", {
            forEach: TerraformIterator.fromMap({ a: "team-1" }),
            teamId: "${each.value}",
            description: "${each.key}",
          });
          new TerraformOutput(stack, "handout", {
            value: TerraformIterator.fromResources(tokens).forExpressionForMap("key", "val.token"),
          });
        },
        findings: ["test/handout: carries a token but is not sensitive"],
      },
      {
        name: "passes outputs that carry no token",
        build: (stack) => new TerraformOutput(stack, "id", { value: teamToken(stack, inDays(30)).id }),
        findings: [],
      },
      {
        name: "fails when a token reaches a non-sensitive output through locals",
        build: (stack) => {
          // GIVEN a token passed through two locals, the second picking it out of a list
          const first = new TerraformLocal(stack, "first", teamToken(stack, inDays(30)).token);
          const second = new TerraformLocal(stack, "second", [first.asString, "x"]);
          new TerraformOutput(stack, "laundered", { value: second.asList });
        },
        findings: ["test/laundered: carries a token but is not sensitive"],
      },
      {
        name: "fails when a non-sensitive output reads a variable, whose value it cannot see",
        build: (stack) => {
          new TerraformOutput(stack, "passed-in", {
            value: new TerraformVariable(stack, "secret", { type: "string" }).stringValue,
          });
        },
        findings: ["test/passed-in: cannot be shown to carry no token: var.secret is only known when Terraform runs"],
      },
    ],
  ],
  [
    tokenExpires,
    [
      {
        name: "passes a token expiring within the maximum lifetime",
        build: (stack) => teamToken(stack, inDays(365)),
        findings: [],
      },
      {
        name: "passes a token rotating within the maximum lifetime",
        build: (stack) => {
          new TimeProvider(stack, "time", {});
          teamToken(stack, new Rotating(stack, "rotation", { rotationDays: 30 }).rotationRfc3339);
        },
        findings: [],
      },
      {
        name:
          "passes a token whose expiry has passed: after the workshop it always has, " +
          "and preflight, not the policy, stops a deploy creating it",
        build: (stack) => teamToken(stack, inDays(-1)),
        findings: [],
      },
      {
        name: "fails when expired_at comes from a variable, whose value it cannot see",
        build: (stack) => teamToken(stack, new TerraformVariable(stack, "expiry", { type: "string" }).stringValue),
        findings: [
          "test/token: expired_at cannot be known before Terraform runs: var.expiry is only known when Terraform runs",
        ],
      },
      {
        name: "fails when a token has no expired_at",
        build: (stack) => teamToken(stack),
        findings: ["test/token: has no expired_at, so the token lives two years (the Terraform Cloud default)"],
      },
      {
        name: "fails when a token expires beyond the maximum lifetime",
        build: (stack) => teamToken(stack, inDays(400)),
        findings: [`test/token: expires ${inDays(400)}, 400 days from now, beyond the maximum lifetime of 365 days`],
      },
      {
        name: "fails when an organization token rotates beyond a configured maximum lifetime",
        build: (stack) => {
          new TimeProvider(stack, "time", {});
          const rotation = new Rotating(stack, "rotation", { rotationMonths: 2 });
          new OrganizationToken(stack, "org-token", { organization: "acme", expiredAt: rotation.rotationRfc3339 });
        },
        maxTokenLifetimeDays: 30,
        findings: ["test/org-token: rotates every 62 days, beyond the maximum lifetime of 30 days"],
      },
    ],
  ],
  [
    noOwnersToken,
    [
      {
        name: "passes a token of an ordinary team",
        build: (stack) => teamToken(stack, inDays(30)),
        findings: [],
      },
      {
        name: "fails when the token belongs to the owners team",
        build: (stack) => new TeamToken(stack, "token", { teamId: team(stack, "Owners").id, description: "x" }),
        findings: ['test/token: is a token for the built-in "owners" team'],
      },
      {
        name: "fails when the owners team's id reaches the token through a local",
        build: (stack) => {
          const teamId = new TerraformLocal(stack, "team-id", team(stack, "owners").id);
          new TeamToken(stack, "token", { teamId: teamId.asString, description: "x" });
        },
        findings: ['test/token: is a token for the built-in "owners" team'],
      },
      {
        name: "fails when the owners team's name reaches the team through a local",
        build: (stack) => {
          const name = new TerraformLocal(stack, "name", "owners");
          const owners = new Team(stack, "team", { name: name.asString, organization: "acme" });
          new TeamToken(stack, "token", { teamId: owners.id, description: "x" });
        },
        findings: ['test/token: is a token for the built-in "owners" team'],
      },
      {
        name: "fails when the team id cannot be traced to a team of the stack",
        build: (stack) => {
          new TeamToken(stack, "literal", { teamId: "team-abc123", description: "x" });
          new TeamToken(stack, "variable", {
            teamId: new TerraformVariable(stack, "team", { type: "string" }).stringValue,
            description: "x",
          });
        },
        findings: [
          'test/literal: team_id "team-abc123" is not a team of this stack, so it may be the owners team',
          "test/variable: team_id cannot be traced to a team: var.team is only known when Terraform runs",
        ],
      },
      {
        name: "checks every attendee team of a room, passing a room without owners",
        build: (stack) => {
          const names = new TerraformLocal(stack, "names", [{ name: "alice" }, { name: "bob" }]);
          const teams = new Team(stack, "teams", {
            forEach: TerraformIterator.fromComplexList(Token.asAny(names.asList), "name"),
            name: "${each.value.name}",
            organization: "acme",
          });
          const each = TerraformIterator.fromResources(teams);
          new TeamToken(stack, "tokens", { forEach: each, teamId: each.getString("id"), description: "x" });
        },
        findings: [],
      },
    ],
  ],
  [
    singleOrganizationToken,
    [
      {
        name: "passes one organization token",
        build: (stack) => new OrganizationToken(stack, "one", { organization: "acme" }),
        findings: [],
      },
      {
        name: "fails on the second organization token",
        build: (stack) => {
          new OrganizationToken(stack, "one", { organization: "acme" });
          new OrganizationToken(stack, "two", { organization: "acme" });
        },
        findings: ["test/two: is a second organization token besides tfe_organization_token.one"],
      },
    ],
  ],
  [
    organizationPreventDestroy,
    [
      { name: "passes a protected organization", build: protectedOrganization, findings: [] },
      {
        name: "fails when the organization can be destroyed",
        build: (stack) => new Organization(stack, "org", { name: "acme", email: "a@example.com" }),
        findings: ["test/org: can be destroyed by accident: prevent_destroy is not set"],
      },
    ],
  ],
  [
    projectPreventDestroy,
    [
      { name: "passes a protected project", build: (stack) => project(stack), findings: [] },
      {
        name: "fails when the project can be destroyed",
        build: (stack) => project(stack, { lifecycle: undefined }),
        findings: ["test/project: can be destroyed by accident: prevent_destroy is not set"],
      },
      {
        name: "fails when the project can be destroyed through an escape hatch",
        build: (stack) => project(stack).addOverride("lifecycle.prevent_destroy", false),
        findings: ["test/project: can be destroyed by accident: prevent_destroy is not set"],
      },
    ],
  ],
  [
    tokenOutlivesEvent,
    [
      {
        name: "passes an attendee token that ends with the event",
        build: (stack) => attendeeToken(stack, ENDS),
        eventEndsAt: ENDS,
        findings: [],
      },
      {
        name: "passes an attendee token that rotates within a day of the event's end",
        build: (stack) => attendeeToken(stack, rotating(stack, 4)),
        eventEndsAt: ENDS,
        findings: [],
      },
      {
        name: "passes any token of a config without an end",
        build: (stack) => attendeeToken(stack, rotating(stack, 30)),
        findings: [],
      },
      {
        name: "passes a team's own token, which the event does not hold",
        build: (stack) => attendeeToken(stack, rotating(stack, 30), "workshop pipeline"),
        eventEndsAt: ENDS,
        findings: [],
      },
      {
        name: "fails when an attendee token rotates more than a day after the event's end",
        build: (stack) => attendeeToken(stack, rotating(stack, 30)),
        eventEndsAt: ENDS,
        findings: [
          "test/attendee: rotates every 30 days from the deploy, past the " +
            "event's end (2026-10-04T00:00:00.000Z) and 24 hours",
        ],
      },
      {
        name: "fails when an attendee token expires more than a day after the event's end",
        build: (stack) => attendeeToken(stack, inDays(5), "workshop attendee bob, token 2"),
        eventEndsAt: ENDS,
        findings: [
          "test/attendee: expires 2026-10-06T00:00:00.000Z, past the " +
            "event's end (2026-10-04T00:00:00.000Z) and 24 hours",
        ],
      },
    ],
  ],
  [
    projectDefaultLocal,
    [
      {
        name: "passes a project whose settings make local execution its workspaces' default",
        build: projectSettingsOf(() => "local"),
        findings: [],
      },
      { name: "passes a stack without a project", build: (stack) => workspace(stack), findings: [] },
      {
        name: "fails when the project has no settings",
        build: (stack) => project(stack),
        findings: [
          "test/project: has no tfe_project_settings, so its workspaces fall " +
            "back to the organization's default execution mode",
        ],
      },
      {
        name: "fails when the project has only settings of another project",
        build: (stack) => {
          project(stack);
          new ProjectSettings(stack, "settings", { projectId: "prj-other", defaultExecutionMode: "local" });
        },
        findings: [
          "test/project: has no tfe_project_settings, so its workspaces fall " +
            "back to the organization's default execution mode",
        ],
      },
      {
        name: "fails when the settings pick another mode",
        build: projectSettingsOf(() => "remote"),
        findings: [
          "test/project: tfe_project_settings.settings gives its workspaces " +
            '"remote" as their default execution mode, not "local"',
        ],
      },
      {
        name: "fails when the settings leave the default to the organization",
        build: projectSettingsOf(() => undefined),
        findings: [
          "test/project: tfe_project_settings.settings gives its workspaces " +
            'no value as their default execution mode, not "local"',
        ],
      },
      {
        name: "fails when the settings set a mode the rule cannot follow",
        build: projectSettingsOf((stack) => new TerraformVariable(stack, "mode", { type: "string" }).stringValue),
        findings: [
          "test/project: tfe_project_settings.settings sets a default execution mode the " +
            "rule cannot follow: var.mode is only known when Terraform runs",
        ],
      },
    ],
  ],
  [
    workspaceInProject,
    [
      {
        name: "passes a workspace and a room in the stack's project",
        build: (stack) => {
          // GIVEN the project's id reaching one workspace through a local, and the room's directly
          const projectId = project(stack).id;
          workspace(stack, { projectId: new TerraformLocal(stack, "project-id", projectId).asString });
          new Workspace(stack, "room", {
            forEach: TerraformIterator.fromList(["alice"]),
            name: "aws_workshop-${each.key}",
            organization: "acme",
            projectId,
          });
        },
        findings: [],
      },
      {
        name: "passes a shard's room in the project its tfe_projects lookup picks by name",
        build: (stack) => {
          // GIVEN a shard's room whose project_id is the lookup's: a local picking from the data source's list
          roomWorkspaces(stack, {
            projectId: new ProjectLookup(stack, "project", { organization: "acme", name: "AWS workshop" }).id,
          });
        },
        findings: [],
      },
      { name: "passes any workspace of a stack without a project", build: (stack) => workspace(stack), findings: [] },
      {
        name: "fails when project_id reads the tfe_projects data source's own id, the organization's name",
        build: (stack) => {
          roomWorkspaces(stack, { projectId: new DataTfeProjects(stack, "projects", { organization: "acme" }).id });
        },
        findings: [
          "test/room: project_id reads data.tfe_projects.projects.id, which is not the id of a project of this stack",
        ],
      },
      {
        name: "fails when a workspace of a stack with a project is not in it",
        build: (stack) => {
          project(stack);
          workspace(stack);
        },
        findings: ["test/ws: has no project_id, so it is not in tfe_project.project"],
      },
      {
        name: "fails when project_id names a project the stack does not hold, or one it cannot follow",
        build: (stack) => {
          project(stack);
          workspace(stack, { projectId: "prj-default" });
          new Workspace(stack, "by-team", { name: "by-team", organization: "acme", projectId: team(stack).id });
          new Workspace(stack, "by-variable", {
            name: "by-variable",
            organization: "acme",
            projectId: new TerraformVariable(stack, "project_id", { type: "string" }).stringValue,
          });
        },
        findings: [
          'test/ws: project_id "prj-default" is not a project of this stack',
          "test/by-team: project_id reads tfe_team.team-ci.id, which is not the id of a project of this stack",
          "test/by-variable: project_id cannot be traced to a project: " +
            "var.project_id is only known when Terraform runs",
        ],
      },
    ],
  ],
  [
    workspacePreventDestroy,
    [
      { name: "passes a protected workspace", build: (stack) => workspace(stack), findings: [] },
      {
        name: "fails when the workspace can be destroyed, even through an escape hatch",
        build: (stack) => workspace(stack).addOverride("lifecycle.prevent_destroy", false),
        findings: ["test/ws: can be destroyed by accident: prevent_destroy is not set"],
      },
      {
        // GIVEN a for_each workspace without prevent_destroy THEN it is no finding of this rule: safe delete and
        // preflight protect it instead
        name:
          "passes a room's workspaces, one for_each instance per " +
          "attendee, which are removed one attendee at a time",
        build: (stack) => roomWorkspaces(stack),
        findings: [],
      },
    ],
  ],
  [
    workspaceNoForceDelete,
    [
      {
        name: "passes a workspace without force_delete",
        build: (stack) => workspace(stack, { forceDelete: false }),
        findings: [],
      },
      {
        name: "fails when the workspace sets force_delete",
        build: (stack) => workspace(stack, { forceDelete: true }),
        findings: ["test/ws: sets force_delete"],
      },
      {
        name: "fails when a room's workspaces are force-deleted, the protection they rely on without prevent_destroy",
        build: (stack) => roomWorkspaces(stack, { forceDelete: true }),
        findings: ["test/room: sets force_delete"],
      },
    ],
  ],
  [
    workspaceNoVcs,
    [
      { name: "passes a CLI-driven workspace", build: (stack) => workspace(stack), findings: [] },
      {
        name: "fails when the workspace has a VCS connection",
        build: (stack) => workspace(stack, { vcsRepo: { identifier: "acme/infra", oauthTokenId: "ot-123" } }),
        findings: ["test/ws: has a VCS connection (vcs_repo)"],
      },
    ],
  ],
  [
    providerNoTokenLiteral,
    [
      {
        name: "passes a provider whose token comes from a variable",
        build: (stack) => {
          const token = new TerraformVariable(stack, "tfe_token", { type: "string", sensitive: true });
          new TfeProvider(stack, "tfe-from-variable", { alias: "v", token: token.stringValue });
        },
        findings: [],
      },
      {
        name: "fails when the provider block holds a token literal",
        build: (stack) => new TfeProvider(stack, "tfe-literal", { alias: "l", token: "not-a-real-token" }),
        findings: ["test/tfe-literal: has a token literal"],
      },
    ],
  ],
  [
    adminWorkspaceAccess,
    [
      {
        name: "passes write access",
        build: (stack) =>
          new TeamAccess(stack, "access", {
            teamId: team(stack).id,
            workspaceId: workspace(stack).id,
            access: "write",
          }),
        findings: [],
      },
      {
        name: "warns about admin access",
        build: (stack) =>
          new TeamAccess(stack, "access", {
            teamId: team(stack).id,
            workspaceId: workspace(stack).id,
            access: "admin",
          }),
        findings: ["test/access: grants admin access"],
      },
    ],
  ],
  [
    organizationManageAccess,
    [
      {
        name: "passes read-only organization access",
        build: (stack) =>
          new Team(stack, "t", { name: "t", organizationAccess: { readWorkspaces: true, manageWorkspaces: false } }),
        findings: [],
      },
      {
        name: "warns about every manage flag granted",
        build: (stack) =>
          new Team(stack, "t", { name: "t", organizationAccess: { manageWorkspaces: true, manageTeams: true } }),
        findings: ["test/t: grants organization access manage_teams, manage_workspaces"],
      },
    ],
  ],
  [
    autoApply,
    [
      {
        name: "passes workspaces that wait for a review",
        build: (stack) =>
          new WorkspaceSettings(stack, "settings", { workspaceId: workspace(stack, { autoApply: false }).id }),
        findings: [],
      },
      {
        name: "warns about auto_apply on a workspace or its settings",
        build: (stack) =>
          new WorkspaceSettings(stack, "settings", {
            workspaceId: workspace(stack, { autoApply: true }).id,
            autoApply: true,
          }),
        findings: ["test/ws: sets auto_apply", "test/settings: sets auto_apply"],
      },
    ],
  ],
  [
    localStateHoldsTokens,
    [
      {
        name: "passes a local state without tokens",
        build: (stack) => new LocalBackend(stack, { path: "x.tfstate" }),
        findings: [],
      },
      {
        name: "passes tokens in a Terraform Cloud state",
        build: (stack) => {
          new CloudBackend(stack, { organization: "acme", workspaces: new NamedCloudWorkspace("workshop-admin") });
          teamToken(stack, inDays(30));
        },
        findings: [],
      },
      {
        name: "warns when a local state would hold tokens",
        build: (stack) => {
          new LocalBackend(stack, { path: "x.tfstate" });
          teamToken(stack, inDays(30));
        },
        findings: ["test/backend: keeps the tokens in plain text in a local file"],
      },
    ],
  ],
  [
    organizationTokenReplaces,
    [
      {
        name: "passes an organization token that replaces nothing",
        build: (stack) => new OrganizationToken(stack, "token", { organization: "acme" }),
        findings: [],
      },
      {
        name: "warns when an organization token revokes the existing one",
        build: (stack) => new OrganizationToken(stack, "token", { organization: "acme", forceRegenerate: true }),
        findings: ["test/token: sets force_regenerate, so the organization's existing token will be revoked"],
      },
    ],
  ],
]);

for (const [rule, cases] of RULE_CASES)
  describe(rule.id, () => {
    for (const { name, build, findings, maxTokenLifetimeDays, eventEndsAt } of cases)
      it(name, () => {
        expect(findingsOf(rule, build, maxTokenLifetimeDays, eventEndsAt)).toEqual(findings);
      });
  });

it("has a compliant and a non-compliant case for every rule of the workshop's policy", () => {
  for (const rule of WORKSHOP_RULES) {
    const cases = RULE_CASES.get(rule) ?? [];
    expect(
      cases.filter((ruleCase) => ruleCase.findings.length === 0),
      `${rule.id} has no compliant case`,
    ).not.toEqual([]);
    expect(
      cases.filter((ruleCase) => ruleCase.findings.length > 0),
      `${rule.id} has no non-compliant case`,
    ).not.toEqual([]);
  }
});

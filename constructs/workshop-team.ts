import { Team, type TeamOrganizationAccess } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess, type TeamAccessPermissions } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Construct } from "constructs";
import { nameKey, OWNERS_TEAM } from "../terraform-cloud/naming-rules";
import type { TeamVisibility } from "../terraform-cloud/team-settings";
import type { AccessLevel } from "../terraform-cloud/workspace-settings";
import { literalText } from "../terraform/template";
import { ImportBlocks, type ExistingObject } from "./import-blocks";
import { TokenExpiry, type TokenExpiryProps } from "./token-expiry";
import { ValidationError } from "./validation-error";

/** What a team may do on a workspace: a fixed level, or custom permissions (the provider's own block). */
export type WorkspaceAccess = AccessLevel | TeamAccessPermissions;

/** What a team may do on one workspace. */
export interface WorkspaceGrant {
  /** Name of the workspace; it names the grant's construct, so the grant keeps its address. */
  readonly workspaceName: string;
  /** Id of the workspace. */
  readonly workspaceId: string;
  /** A fixed access level, or custom permissions. */
  readonly access: WorkspaceAccess;
  /**
   * Import id of the access (`<organization>/<workspace>/<tws-...>`), when it exists already and is imported
   * instead of created.
   * @default not imported: the access is created
   */
  readonly importId?: string;
}

/** The tfe_team setting of whether the team's members may generate and revoke the team's tokens. */
const MEMBER_TOKEN_MANAGEMENT = "allow_member_token_management";

/**
 * The tfe_team settings this project does not own unless a prop sets them: tfe 0.71.0 plans them back to its default
 * (the member token setting) or clears them (the SSO team id) when a config leaves them out (resource_tfe_team.go).
 */
export const UNOWNED_TEAM_SETTINGS = [MEMBER_TOKEN_MANAGEMENT, "sso_team_id"];

/** The settings a tfe_team ignores: those this project does not own, but the member token setting when it is set. */
export function ignoredTeamSettings(allowMemberTokenManagement: boolean | undefined): string[] {
  return UNOWNED_TEAM_SETTINGS.filter(
    (setting) => setting !== MEMBER_TOKEN_MANAGEMENT || allowMemberTokenManagement === undefined,
  );
}

/** The tfe_team_access arguments for an access: the level, or a permissions block (never both). */
export function accessArguments(
  access: WorkspaceAccess,
): { access: string } | { permissions: [TeamAccessPermissions] } {
  return typeof access === "string" ? { access } : { permissions: [access] };
}

/** A team token: who it is for, and when it expires. */
export interface TeamTokenProps extends TokenExpiryProps {
  /** Who uses the token, as plain text (a `${` or `%{` in it is written for Terraform to keep); unique per team. */
  readonly description: string;
}

/** Properties of a {@link WorkshopTeam}. */
export interface WorkshopTeamProps {
  /** Name of the organization the team belongs to. */
  readonly organization: string;
  /** Name of the team. */
  readonly name: string;
  /**
   * Workspaces the team may reach, and how.
   * @default no workspace access
   */
  readonly grants?: readonly WorkspaceGrant[];
  /**
   * Organization-level permissions.
   * @default none: the team sees only the workspaces it is granted
   */
  readonly organizationAccess?: TeamOrganizationAccess;
  /**
   * Who sees the team in the organization: its members only (`secret`), or every member (`organization`).
   * @default left to Terraform Cloud: `secret` for a new team, unchanged for an existing one
   */
  readonly visibility?: TeamVisibility;
  /**
   * Whether the team's members may generate and revoke the team's tokens (owners and teams that manage teams may).
   * @default left to Terraform Cloud: `true` for a new team, unchanged for an existing one
   */
  readonly allowMemberTokenManagement?: boolean;
  /**
   * A team API token, one of possibly several for the team (it always has a description), expiring on a
   * date or rotating.
   * @default no token
   */
  readonly token?: TeamTokenProps;
  /**
   * Import id of the team (`<organization>/<team>`), when it exists already and is imported instead of created.
   * @default not imported: the team is created
   */
  readonly importId?: string;
}

/** A Terraform Cloud team with its workspace access and, optionally, an expiring API token. */
export class WorkshopTeam extends Construct {
  /** The team's id (`team-...`). */
  public readonly id: string;
  /** The token's secret value, when a token was asked for; only ever put it in a sensitive output. */
  public readonly token?: string;

  constructor(scope: Construct, id: string, props: WorkshopTeamProps) {
    super(scope, id);
    if (props.token !== undefined && nameKey(props.name) === OWNERS_TEAM)
      throw new ValidationError(
        `a token of the built-in owners team is every owner's power; give the token to a team of its own`,
        this,
      );
    const granted = new Set<string>();
    for (const grant of props.grants ?? []) {
      if (granted.has(grant.workspaceName))
        throw new ValidationError(
          `workspace ${JSON.stringify(grant.workspaceName)} is granted twice; a team has one access per workspace`,
          this,
        );
      granted.add(grant.workspaceName);
    }
    const team = new Team(this, "team", {
      organization: props.organization,
      name: props.name,
      organizationAccess: props.organizationAccess,
      visibility: props.visibility,
      allowMemberTokenManagement: props.allowMemberTokenManagement,
      lifecycle: { ignoreChanges: ignoredTeamSettings(props.allowMemberTokenManagement) },
    });
    // Every attribute read makes a new token for cdktf to resolve; read the id once.
    this.id = team.id;
    const imports: ExistingObject[] = props.importId === undefined ? [] : [{ resource: team, id: props.importId }];
    for (const grant of props.grants ?? []) {
      const access = new TeamAccess(this, `access-${grant.workspaceName}`, {
        teamId: this.id,
        workspaceId: grant.workspaceId,
        ...accessArguments(grant.access),
      });
      if (grant.importId !== undefined) imports.push({ resource: access, id: grant.importId });
    }
    if (imports.length > 0) new ImportBlocks(this, "import", { imports });
    if (props.token !== undefined) {
      this.token = new TeamToken(this, "token", {
        teamId: this.id,
        // A description makes this one of several tokens of the team instead of the legacy single token
        // that every new legacy token silently replaces.
        description: literalText(props.token.description),
        expiredAt: new TokenExpiry(this, "token-expiry", props.token).expiredAt,
      }).token;
    }
  }
}

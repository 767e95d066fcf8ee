import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { TeamOrganizationMember } from "@cdktf/provider-tfe/lib/team-organization-member";
import { Construct } from "constructs";
import type { TeamAccess } from "../config/schema";
import { WorkshopTeam } from "./workshop-team";
import { WorkshopWorkspace, type WorkshopWorkspaceProps } from "./workshop-workspace";

/** Properties of a {@link WorkshopAttendee}. */
export interface WorkshopAttendeeProps {
  /** Name of the organization. */
  readonly organization: string;
  /** The attendee's name, used in the token's description. */
  readonly name: string;
  /**
   * The attendee's email: with it, the attendee is invited to the organization and joins the team.
   * @default no invitation: the attendee uses the team token only
   */
  readonly email?: string;
  /** The attendee's own workspace: its name, and the settings shared with the base workspace. */
  readonly workspace: Omit<WorkshopWorkspaceProps, "organization">;
  /**
   * What the attendee's team may do on that workspace.
   * @default "write"
   */
  readonly access?: TeamAccess;
  /** The `expired_at` of the attendee's token, shared by the room so that its tokens rotate together. */
  readonly tokenExpiredAt: string;
  /**
   * Import ids of the attendee's team and its access, when they exist already (the workspace's import id
   * is part of `workspace`).
   * @default nothing imported: the team and its access are created
   */
  readonly imports?: { readonly team?: string; readonly access?: string };
}

/**
 * One attendee's isolated environment: a workspace of their own, a team (named after the workspace) that
 * reaches that workspace only, an expiring team token to hand out and, with an email, an invitation.
 */
export class WorkshopAttendee extends Construct {
  /** The attendee's name. */
  public readonly name: string;
  /** The name of the attendee's workspace and team. */
  public readonly workspaceName: string;
  /** The attendee's workspace. */
  public readonly workspace: WorkshopWorkspace;
  /** The attendee's team. */
  public readonly team: WorkshopTeam;
  /** The token to hand to the attendee; only ever put it in a sensitive output. */
  public readonly token: string;

  constructor(scope: Construct, id: string, props: WorkshopAttendeeProps) {
    super(scope, id);
    this.name = props.name;
    this.workspaceName = props.workspace.name;
    this.workspace = new WorkshopWorkspace(this, "workspace", { organization: props.organization, ...props.workspace });
    this.team = new WorkshopTeam(this, "team", {
      organization: props.organization,
      name: props.workspace.name,
      grants: [{ workspaceName: props.workspace.name, workspaceId: this.workspace.id, access: props.access ?? "write", importId: props.imports?.access }],
      token: { description: `workshop attendee ${props.name}`, expiredAt: props.tokenExpiredAt },
      importId: props.imports?.team,
    });
    this.token = this.team.token!;
    if (props.email !== undefined) {
      const membership = new OrganizationMembership(this, "membership", { organization: props.organization, email: props.email });
      new TeamOrganizationMember(this, "team-membership", { teamId: this.team.id, organizationMembershipId: membership.id });
    }
  }
}

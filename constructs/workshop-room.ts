import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamOrganizationMember } from "@cdktf/provider-tfe/lib/team-organization-member";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TerraformIterator, TerraformLocal, Token, type IResolvable } from "cdktf";
import { Construct } from "constructs";
import type { ImportPlan } from "../config/imports";
import type { TeamAccess as AccessToWorkspace } from "../config/schema";
import { KeyedImports, type KeyedImport } from "./keyed-imports";
import { accessArguments } from "./workshop-team";
import { executionArguments, workspaceArguments, type WorkshopWorkspaceProps } from "./workshop-workspace";

/** One attendee of the room. */
export interface RoomAttendee {
  /** The attendee's name: the key of each of their resources, so that their addresses never move. */
  readonly name: string;
  /**
   * The attendee's email: with it, they are invited to the organization and join their team.
   * @default no invitation: the attendee uses the team token only
   */
  readonly email?: string;
  /** Name of the attendee's workspace, and of their team. */
  readonly workspaceName: string;
}

/** Properties of a {@link WorkshopRoom}. */
export interface WorkshopRoomProps {
  /** Name of the organization. */
  readonly organization: string;
  /** The attendees. */
  readonly attendees: readonly RoomAttendee[];
  /**
   * Settings every attendee workspace shares, those of the base workspace.
   * @default local execution, no description, tags or Terraform version
   */
  readonly workspace?: Omit<WorkshopWorkspaceProps, "organization" | "name" | "importId">;
  /**
   * What each attendee's team may do on the attendee's workspace, and on nothing else.
   * @default "write"
   */
  readonly access?: AccessToWorkspace;
  /** The `expired_at` of every attendee token: the room rotates together. */
  readonly tokenExpiredAt: string;
  /**
   * What exists already and is adopted instead of created.
   * @default nothing: everything is created
   */
  readonly adopted?: ImportPlan;
}

/** A `for_each` over a local list of objects, one instance per object, keyed by its `name`. */
function keyedByName(scope: Construct, id: string, items: ReadonlyArray<{ readonly name: string }>): TerraformIterator {
  return TerraformIterator.fromComplexList(Token.asAny(new TerraformLocal(scope, id, items).asList), "name");
}

/**
 * A room of attendees, each with an isolated environment: a workspace of their own (protected from destroy,
 * never connected to VCS), a team that reaches that workspace only, an expiring team token to hand out and,
 * with an email, an invitation. Each resource is one `for_each` over the attendees, keyed by name: the
 * synth costs next to nothing per attendee, and adding one only adds instances.
 */
export class WorkshopRoom extends Construct {
  /** Attendee name to workspace id. */
  public readonly workspaceIds: IResolvable;
  /** Attendee name to team id. */
  public readonly teamIds: IResolvable;
  /** Attendee name to token; only ever put it in a sensitive output. */
  public readonly tokens: IResolvable;

  constructor(scope: Construct, id: string, props: WorkshopRoomProps) {
    super(scope, id);
    const settings = props.workspace ?? {};
    // Lists of objects keyed by name inside Terraform, not JavaScript objects keyed by name: an attendee may be
    // called `__proto__`, which a JavaScript object (and cdktf's resolver) would swallow.
    const attendees = keyedByName(this, "attendee-list", props.attendees.map((attendee) => ({ name: attendee.name, workspace: attendee.workspaceName })));

    const workspaces = new Workspace(this, "workspaces", {
      forEach: attendees,
      organization: props.organization,
      name: attendees.getString("workspace"),
      ...workspaceArguments(settings),
    });
    const eachWorkspace = TerraformIterator.fromResources(workspaces);
    const workspaceSettings = new WorkspaceSettings(this, "settings", {
      forEach: eachWorkspace,
      workspaceId: eachWorkspace.getString("id"),
      ...executionArguments(settings),
    });

    const teams = new Team(this, "teams", { forEach: attendees, organization: props.organization, name: attendees.getString("workspace") });
    const eachTeam = TerraformIterator.fromResources(teams);
    const grants = new TeamAccess(this, "access", {
      forEach: eachTeam,
      teamId: eachTeam.getString("id"),
      workspaceId: `\${${workspaces.fqn}[each.key].id}`,
      ...accessArguments(props.access ?? "write"),
    });
    const tokens = new TeamToken(this, "tokens", {
      forEach: eachTeam,
      teamId: eachTeam.getString("id"),
      // A description makes each one of several tokens of its team, never the legacy single token.
      description: "workshop attendee ${each.key}",
      expiredAt: props.tokenExpiredAt,
    });

    const invited = props.attendees.filter((attendee) => attendee.email !== undefined);
    if (invited.length > 0) {
      const invitations = keyedByName(this, "invitation-list", invited.map((attendee) => ({ name: attendee.name, email: attendee.email! })));
      const memberships = new OrganizationMembership(this, "memberships", { forEach: invitations, organization: props.organization, email: invitations.getString("email") });
      new TeamOrganizationMember(this, "team-memberships", {
        forEach: TerraformIterator.fromResources(memberships),
        teamId: `\${${teams.fqn}[each.key].id}`,
        organizationMembershipId: "${each.value.id}",
      });
    }

    const adopted = props.adopted;
    if (adopted !== undefined) {
      const imports: KeyedImport[] = props.attendees.flatMap((attendee) => {
        const workspace = adopted.workspace(attendee.workspaceName);
        const team = adopted.team(attendee.workspaceName);
        const teamAccess = adopted.teamAccess(attendee.workspaceName, attendee.workspaceName);
        return [
          ...(workspace === undefined ? [] : [{ resource: workspaces, key: attendee.name, id: workspace }, { resource: workspaceSettings, key: attendee.name, id: workspace }]),
          ...(team === undefined ? [] : [{ resource: teams, key: attendee.name, id: team }]),
          ...(teamAccess === undefined ? [] : [{ resource: grants, key: attendee.name, id: teamAccess }]),
        ];
      });
      if (imports.length > 0) new KeyedImports(this, "imports", { imports });
    }

    this.workspaceIds = eachWorkspace.forExpressionForMap("key", "val.id");
    this.teamIds = eachTeam.forExpressionForMap("key", "val.id");
    this.tokens = TerraformIterator.fromResources(tokens).forExpressionForMap("key", "val.token");
  }
}

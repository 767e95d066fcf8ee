import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamOrganizationMember } from "@cdktf/provider-tfe/lib/team-organization-member";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Fn, TerraformIterator, TerraformLocal, Token, type IResolvable, type TerraformResource } from "cdktf";
import { Construct } from "constructs";
import {
  attendeeTokenDescription,
  attendeeWorkspaceName,
  DEFAULT_ATTENDEE_ACCESS,
  FIRST_TOKEN_GENERATION,
  generationSuffix,
} from "../workshop/defaults";
import { ImportBlocks, type ExistingObject } from "./import-blocks";
import { StringListLocal } from "./string-list-local";
import { accessArguments, ignoredTeamSettings, type WorkspaceAccess } from "./workshop-team";
import {
  executionArguments,
  UNOWNED_WORKSPACE_SETTINGS,
  validateSettings,
  workspaceArguments,
  type WorkspaceSettingsProps,
} from "./workshop-workspace";
import { nameKey } from "../terraform-cloud/naming-rules";
import { ValidationError } from "./validation-error";

/** Import ids of what exists already for one attendee and is imported instead of created. */
export interface RoomImportIds {
  /**
   * The attendee's workspace (`<organization>/<workspace>`); its settings are imported with it.
   * @default created
   */
  readonly workspace?: string;
  /**
   * The attendee's team (`<organization>/<team>`).
   * @default created
   */
  readonly team?: string;
  /**
   * The team's access to the workspace (`<organization>/<workspace>/<tws-...>`).
   * @default created
   */
  readonly access?: string;
  /**
   * The attendee's organization membership (`<organization>/<email>`), when they have an email; their place in their
   * team is imported with it (`<organization>/<email>/<team>`).
   * @default created
   */
  readonly membership?: string;
}

/** One attendee of the room. */
export interface RoomAttendee {
  /** The attendee's name: the key of each of their resources, so that their addresses never move. */
  readonly name: string;
  /**
   * The attendee's email: with it, they are invited to the organization and join their team.
   * @default no invitation: the attendee uses the team token only
   */
  readonly email?: string;
  /**
   * Which of the attendee's tokens is the live one: a new number replaces that attendee's token, and nothing else.
   * @default 1, the first token
   */
  readonly tokenGeneration?: number;
  /**
   * What exists already for the attendee.
   * @default nothing: everything is created
   */
  readonly importIds?: RoomImportIds;
}

/** Properties of a {@link WorkshopRoom}. */
export interface WorkshopRoomProps {
  /** Name of the organization. */
  readonly organization: string;
  /** The attendees. */
  readonly attendees: readonly RoomAttendee[];
  /** What each attendee's workspace and team are named: the prefix, then the attendee's name. */
  readonly workspacePrefix: string;
  /**
   * Id of the project every attendee workspace is in (`project_id`); an existing one in another project is moved.
   * @default none given: new workspaces go to the organization's default project, existing ones stay where they are
   */
  readonly projectId?: string;
  /**
   * Settings every attendee workspace shares.
   * @default local execution, no description, tags or Terraform version
   */
  readonly workspace?: WorkspaceSettingsProps;
  /**
   * What each attendee's team may do on the attendee's workspace, and on nothing else.
   * @default "write"
   */
  readonly access?: WorkspaceAccess;
  /** The `expired_at` of every attendee token: the room rotates together. */
  readonly tokenExpiredAt: string;
  /**
   * Whether the attendees' access has ended: no token, no invitation and no membership, their workspaces, teams, team
   * access and state kept for review and the teardown.
   * @default false: every attendee has a token and, with an email, an invitation
   */
  readonly accessEnded?: boolean;
}

/** Whether an attendee who joined their team may generate and revoke the team's tokens: never. */
const ATTENDEE_MEMBER_TOKEN_MANAGEMENT = false;

/** A `for_each` over a local list of objects, one instance per object, keyed by its `name`. */
function keyedByName(scope: Construct, id: string, items: ReadonlyArray<{ readonly name: string }>): TerraformIterator {
  return TerraformIterator.fromComplexList(Token.asAny(new TerraformLocal(scope, id, items).asList), "name");
}

/**
 * A room of attendees, each with an isolated environment: a workspace of their own (removed one attendee at a
 * time with safe delete, never connected to VCS), a team that reaches that workspace only, an expiring team token to
 * hand out and, with an email, an invitation. Each resource is one `for_each` over the attendees, keyed by name: the
 * synth costs next to nothing per attendee, and adding one only adds instances.
 */
export class WorkshopRoom extends Construct {
  /** Attendee name to workspace id. */
  public readonly workspaceIds: IResolvable;
  /** Attendee name to team id. */
  public readonly teamIds: IResolvable;
  /** Attendee name to token; only ever put it in a sensitive output. Undefined once their access has ended. */
  public readonly tokens?: IResolvable;
  /** What a moving room leaves for its new stack to import: for every attendee, and for one with an email only. */
  private readonly importable: {
    readonly always: readonly TerraformResource[];
    readonly invited: readonly TerraformResource[];
  };

  constructor(scope: Construct, id: string, props: WorkshopRoomProps) {
    super(scope, id);
    const settings = props.workspace ?? {};
    validateSettings(this, settings);
    validateAttendees(this, props.attendees);
    // A list of names, made a set inside Terraform, not a JavaScript object keyed by name: an attendee may be
    // called `__proto__`, which a JavaScript object (and cdktf's resolver) would swallow. Strings, not objects,
    // because cdktf resolves every value of every object, and a room may have thousands.
    const attendees = TerraformIterator.fromList(
      new StringListLocal(this, "attendee-names", { values: props.attendees.map((attendee) => attendee.name) }).asList,
    );
    // cdktf types an iterator's key `any`: a list's iterator keys by its strings.
    const workspaceName = attendeeWorkspaceName(props.workspacePrefix, attendees.key as string);

    // No prevent_destroy: Terraform honours it per resource, so it would forbid removing any one attendee. A room
    // workspace is deleted with Terraform Cloud's safe delete (never force_delete), which refuses while it manages
    // resources, and preflight refuses beforehand to remove one that manages resources or holds state.
    const workspaces = new Workspace(this, "workspaces", {
      forEach: attendees,
      organization: props.organization,
      name: workspaceName,
      projectId: props.projectId,
      ...workspaceArguments(settings),
      lifecycle: { ignoreChanges: UNOWNED_WORKSPACE_SETTINGS },
    });
    const eachWorkspace = TerraformIterator.fromResources(workspaces);
    const workspaceSettings = new WorkspaceSettings(this, "settings", {
      forEach: eachWorkspace,
      workspaceId: eachWorkspace.getString("id"),
      ...executionArguments(settings),
    });

    const teams = new Team(this, "teams", {
      forEach: attendees,
      organization: props.organization,
      name: workspaceName,
      // A member could otherwise make tokens of their team that no config manages, and that keep reaching its
      // workspace after the event has ended, which deletes only the tokens and memberships the deploy made.
      allowMemberTokenManagement: ATTENDEE_MEMBER_TOKEN_MANAGEMENT,
      lifecycle: { ignoreChanges: ignoredTeamSettings(ATTENDEE_MEMBER_TOKEN_MANAGEMENT) },
    });
    const eachTeam = TerraformIterator.fromResources(teams);
    const grants = new TeamAccess(this, "access", {
      forEach: eachTeam,
      teamId: eachTeam.getString("id"),
      workspaceId: `\${${workspaces.fqn}[each.key].id}`,
      ...accessArguments(props.access ?? DEFAULT_ATTENDEE_ACCESS),
    });
    // An ended event keeps every attendee's workspace, team and access for review and the teardown, and nothing
    // anyone could sign in with: the tokens go, and the memberships, whose Delete withdraws a pending invitation and
    // takes a member who joined out of the organization (DELETE /organization-memberships/:id, go-tfe and tfe 0.71.0).
    if (props.accessEnded !== true) this.tokens = this.addTokens(eachTeam, props);
    const invitations = props.accessEnded === true ? undefined : this.addInvitations(teams, props);

    // Most attendees of a large room import nothing: theirs is skipped without a list made for it.
    const imports: ExistingObject[] = props.attendees.flatMap(({ name, email, importIds }) =>
      importIds === undefined
        ? []
        : [
            ...(importIds.workspace === undefined
              ? []
              : [
                  { resource: workspaces, key: name, id: importIds.workspace },
                  { resource: workspaceSettings, key: name, id: importIds.workspace },
                ]),
            ...(importIds.team === undefined ? [] : [{ resource: teams, key: name, id: importIds.team }]),
            ...(importIds.access === undefined ? [] : [{ resource: grants, key: name, id: importIds.access }]),
            ...(importIds.membership === undefined || invitations === undefined || email === undefined
              ? []
              : [
                  { resource: invitations.memberships, key: name, id: importIds.membership },
                  {
                    resource: invitations.teamMemberships,
                    key: name,
                    id: `${importIds.membership}/${attendeeWorkspaceName(props.workspacePrefix, name)}`,
                  },
                ]),
          ],
    );
    if (imports.length > 0) new ImportBlocks(this, "imports", { imports });

    this.importable = {
      always: [workspaces, workspaceSettings, teams],
      invited: invitations === undefined ? [] : [invitations.memberships, invitations.teamMemberships],
    };
    this.workspaceIds = eachWorkspace.forExpressionForMap("key", "val.id");
    this.teamIds = eachTeam.forExpressionForMap("key", "val.id");
  }

  /**
   * The addresses of the `for_each` resources holding what an attendee's room leaves in a stack's state when it moves
   * to another stack, which that stack imports by name (tfe 0.71.0): workspace, settings and team, and the memberships
   * of an attendee with an email (none once access has ended). The same in every stack: the room's construct ids are.
   */
  movedAddresses(withEmail: boolean): string[] {
    return [...this.importable.always, ...(withEmail ? this.importable.invited : [])].map(
      (resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
    );
  }

  /** Every attendee team's token, keyed by attendee; returns them by name. */
  private addTokens(eachTeam: TerraformIterator, props: WorkshopRoomProps): IResolvable {
    const tokens = new TeamToken(this, "tokens", {
      forEach: eachTeam,
      teamId: eachTeam.getString("id"),
      // A description makes each one of several tokens of its team, never the legacy single token. It is ForceNew
      // (tfe 0.71.0), so a reissued token's, which says its generation, replaces that attendee's token only.
      description: this.tokenDescriptions(props.attendees),
      expiredAt: props.tokenExpiredAt,
    });
    return TerraformIterator.fromResources(tokens).forExpressionForMap("key", "val.token");
  }

  /** The invitation of every attendee with an email, and their place in their team once they join. */
  private addInvitations(
    teams: Team,
    props: WorkshopRoomProps,
  ): { memberships: OrganizationMembership; teamMemberships: TeamOrganizationMember } | undefined {
    const invited = props.attendees.filter((attendee) => attendee.email !== undefined);
    if (invited.length === 0) return undefined;
    const invitations = keyedByName(
      this,
      "invitation-list",
      invited.map((attendee) => ({ name: attendee.name, email: attendee.email! })),
    );
    const memberships = new OrganizationMembership(this, "memberships", {
      forEach: invitations,
      organization: props.organization,
      email: invitations.getString("email"),
    });
    const teamMemberships = new TeamOrganizationMember(this, "team-memberships", {
      forEach: TerraformIterator.fromResources(memberships),
      teamId: `\${${teams.fqn}[each.key].id}`,
      organizationMembershipId: "${each.value.id}",
    });
    return { memberships, teamMemberships };
  }

  /**
   * Each attendee token's description, for a `for_each` keyed by name: the first generation's from the name, and a
   * reissued token's generation from a map of the few reissued, so that a room that reissues none synthesizes as
   * before.
   */
  private tokenDescriptions(attendees: readonly RoomAttendee[]): string {
    const first = attendeeTokenDescription("${each.key}");
    const reissued = attendees.filter(
      (attendee) => (attendee.tokenGeneration ?? FIRST_TOKEN_GENERATION) !== FIRST_TOKEN_GENERATION,
    );
    if (reissued.length === 0) return first;
    // Terraform's zipmap, not a JavaScript object, which would swallow an attendee called `__proto__`.
    const suffixes: unknown = Fn.zipmap(
      reissued.map((attendee) => attendee.name),
      reissued.map((attendee) => generationSuffix(attendee.tokenGeneration!)),
    );
    const local = new TerraformLocal(this, "token-generations", suffixes);
    return `${first}\${lookup(local.${local.friendlyUniqueId}, each.key, "")}`;
  }
}

/** Refuses a room whose attendees Terraform Cloud could not tell apart, or whose token generation is not one. */
function validateAttendees(scope: Construct, attendees: readonly RoomAttendee[]): void {
  const names = new Set<string>();
  for (const { name, tokenGeneration } of attendees) {
    if (
      tokenGeneration !== undefined &&
      !(Number.isInteger(tokenGeneration) && tokenGeneration >= FIRST_TOKEN_GENERATION)
    ) {
      throw new ValidationError(
        `attendee ${JSON.stringify(name)} has token generation ${tokenGeneration}; a ` +
          `generation is a whole number, at least ${FIRST_TOKEN_GENERATION}`,
        scope,
      );
    }
    // Terraform Cloud tells names apart without case: two such attendees would share a workspace name.
    const key = nameKey(name);
    if (names.has(key))
      throw new ValidationError(
        `attendee ${JSON.stringify(name)} is in the room twice; each attendee's name keys their environment`,
        scope,
      );
    names.add(key);
  }
}

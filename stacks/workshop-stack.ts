import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Fn, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { Unplaced } from "../config/exhaustive";
import type { WorkshopConfig } from "../config/schema";
import { attendeeRoom, type AttendeeRoom } from "../config/attendees";
import { importIds, type ImportIds } from "../config/imports";
import { movesRoom, type RoomPlace } from "../config/shards";
import {
  WorkshopOrganization,
  type OrganizationTokenProps,
  type WorkshopOrganizationProps,
} from "../constructs/workshop-organization";
import { WorkshopProject, type WorkshopProjectProps } from "../constructs/workshop-project";
import { WorkshopRoom, type RoomImportIds } from "../constructs/workshop-room";
import { WorkshopTeam, type TeamTokenProps, type WorkshopTeamProps } from "../constructs/workshop-team";
import { TokenExpiry } from "../constructs/token-expiry";
import { WorkshopWorkspace, type WorkspaceSettingsProps } from "../constructs/workshop-workspace";
import { shardName } from "../workshop/defaults";
import { stateFileOf, WorkshopBaseStack } from "./workshop-base-stack";

/**
 * The id of the shared stack (of the one stack, when the room is not sharded), which names its directory under
 * cdktf.out/stacks/ and its local state file.
 */
export const STACK_ID = "aws-workshop";

/** The id of the stack of one shard of the room, from 1. */
export const shardStackId = (shard: number) => shardName(STACK_ID, shard);

/** The id of the stack a room is in: its shard's, or the shared stack's (the one stack). */
export const roomStackId = (place: RoomPlace) => (place === undefined ? STACK_ID : shardStackId(place));

/** The construct id of the project, and so its Terraform address: never renamed. */
const PROJECT_ID = "project";

/** The local state file of the workshop stack. */
export const STATE_FILE = stateFileOf(STACK_ID);

/** Properties of a {@link WorkshopStack}. */
export interface WorkshopStackProps {
  /** The validated workshop config. */
  readonly config: WorkshopConfig;
}

/**
 * Sorts by name with a plain code-unit comparison: the output must not depend on the order of the
 * config, nor on the locale of the machine that synthesizes it.
 */
export function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A map output from names, built by Terraform's zipmap: a JavaScript object would swallow a name such as
 * `__proto__` (cdktf's resolver does).
 */
function nameToValue<T>(named: ReadonlyMap<string, T>, value: (item: T) => string): string {
  // cdktf types a function's result `any`: it is a token string.
  return Fn.zipmap([...named.keys()], [...named.values()].map(value)) as string;
}

/** Every field of a props type, each one required to be written (perhaps as undefined), so that none is forgotten. */
export type EveryField<T> = { [K in keyof Required<T>]: T[K] };

/** The settings of a workspace of the config, field by field. */
export function workspaceSettings(workspace: WorkshopConfig["workspaces"][number]): EveryField<WorkspaceSettingsProps> {
  const {
    name: _namedByCaller,
    executionMode,
    agentPoolId,
    description,
    tags,
    terraformVersion,
    ...unplaced
  } = workspace;
  unplaced satisfies Unplaced;
  return { executionMode, agentPoolId, description, tags, terraformVersion };
}

type OrganizationTokenConfig = NonNullable<WorkshopConfig["organization"]["token"]>;
type TeamTokenConfig = NonNullable<WorkshopConfig["teams"][number]["token"]>;

function organizationToken(token: OrganizationTokenConfig): EveryField<OrganizationTokenProps> {
  const { expiresAt, rotationDays, replaceExisting, ...unplaced } = token;
  unplaced satisfies Unplaced;
  return { expiresAt, rotationDays, replaceExisting };
}

function teamToken(token: TeamTokenConfig): EveryField<TeamTokenProps> {
  const { description, expiresAt, rotationDays, ...unplaced } = token;
  unplaced satisfies Unplaced;
  return { description, expiresAt, rotationDays };
}

/** What the import section adopts of an attendee's room, named by its workspace; undefined when nothing. */
function adoptedRoom(imports: ImportIds, workspaceName: string): RoomImportIds | undefined {
  const workspace = imports.workspaces.get(workspaceName);
  const team = imports.teams.get(workspaceName);
  const access = imports.teamAccess.get(workspaceName)?.get(workspaceName);
  // Most attendees of a large room adopt nothing: no object is made for them.
  return workspace === undefined && team === undefined && access === undefined
    ? undefined
    : { workspace, team, access };
}

/**
 * The attendees' rooms of a config, one environment each: a token expiry the room shares and a WorkshopRoom. The one
 * stack holds the whole room; a shard stack holds its part of it, under the same construct ids, so that an attendee's
 * addresses are the same in either.
 */
export function addRoom(
  scope: Construct,
  base: WorkshopConfig["workspaces"][number],
  room: AttendeeRoom,
  organization: string,
  projectId: string | undefined,
  imports: ImportIds,
): WorkshopRoom | undefined {
  if (room.environments.length === 0) return undefined;
  // Attendee workspaces copy the settings of the base workspace, the first one the config lists. The
  // attendee tokens share one expiry: the room rotates together, with one time_rotating for all.
  return new WorkshopRoom(scope, "attendees", {
    organization,
    attendees: byName(room.environments).map((attendee) => ({
      name: attendee.name,
      email: attendee.email,
      tokenGeneration: attendee.tokenGeneration,
      // A room a migration moves into this stack: its objects are imported by name (tfe 0.71.0's importers). Not the
      // team access, whose import needs its tws- id: the stack the room leaves deletes it with the token, and this one
      // creates both again.
      importIds: movesRoom(attendee.name, room)
        ? {
            workspace: `${organization}/${attendee.workspaceName}`,
            team: `${organization}/${attendee.workspaceName}`,
            membership: attendee.email === undefined ? undefined : `${organization}/${attendee.email}`,
          }
        : adoptedRoom(imports, attendee.workspaceName),
    })),
    workspacePrefix: room.workspacePrefix,
    projectId,
    workspace: workspaceSettings(base),
    access: room.access,
    accessEnded: room.ended,
    tokenExpiredAt: new TokenExpiry(scope, "attendee-token-expiry", {
      expiresAt: room.token.expiresAt,
      rotationDays: room.token.rotationDays,
    }).expiredAt,
  });
}

/** The room's outputs: ids and tokens by attendee name, the tokens sensitive; no tokens once the event has ended. */
export function addRoomOutputs(scope: Construct, room: WorkshopRoom): void {
  new TerraformOutput(scope, "attendee_workspace_ids", {
    description: "Workspace id by attendee name",
    value: room.workspaceIds,
  });
  new TerraformOutput(scope, "attendee_team_ids", { description: "Team id by attendee name", value: room.teamIds });
  if (room.tokens === undefined) return;
  new TerraformOutput(scope, "attendee_tokens", {
    description: "Token by attendee name, for the handout; read it with: terraform output -json attendee_tokens",
    value: room.tokens,
    sensitive: true,
  });
}

/** The time provider, for a stack whose tokens rotate. */
export function addTimeProviderFor(
  scope: Construct,
  tokens: ReadonlyArray<{ readonly rotationDays?: number } | undefined>,
): void {
  if (tokens.some((token) => token?.rotationDays !== undefined)) new TimeProvider(scope, "time", {});
}

/**
 * Everything the AWS workshop needs in Terraform Cloud: organization, workspaces, teams and tokens, and the attendees'
 * rooms unless they are sharded (then each shard is a RoomShardStack of its own).
 */
export class WorkshopStack extends WorkshopBaseStack {
  /** The attendees' rooms; undefined when the room is sharded, or has no attendee. */
  readonly room?: WorkshopRoom;

  constructor(scope: Construct, id: string, props: WorkshopStackProps) {
    super(scope, id, { state: props.config.state });
    const { config } = props;
    // Every field of the config has its reader; the stack maps those that become Terraform, field by field.
    const {
      organization: _mappedByAddOrganization,
      project: _mappedByAddProject,
      workspaces: _mappedByAddWorkspaces,
      teams: _mappedByAddTeams,
      attendees: _mappedByAttendeeRoom,
      event: _mappedByAttendeeRoomToo,
      import: _mappedByImportIds,
      state: _mappedByAddBackend,
      policy: _readByThePipelinesPolicy,
      acknowledge: _readByThePipelinesPolicyToo,
      deleteWithState: _readByPreflight,
      $schema: _readByEditorsOnly,
      ...unplaced
    } = config;
    unplaced satisfies Unplaced;

    const whole = attendeeRoom(config);
    // A sharded room is in the shards' stacks: this one has none of it.
    const room = whole.shards === undefined ? whole : { ...whole, environments: [] };
    addTimeProviderFor(this, [
      config.organization.token,
      ...config.teams.map((team) => team.token),
      ...(room.environments.length > 0 ? [room.token] : []),
    ]);

    const imports = importIds(config);
    const organization = this.addOrganization(config.organization, imports);
    const project = this.addProject(config.project, organization.name, imports);
    const workspaces = this.addWorkspaces(config.workspaces, organization.name, project?.id, imports);
    const teams = this.addTeams(config.teams, organization.name, workspaces, imports);
    this.room = addRoom(this, config.workspaces[0]!, room, organization.name, project?.id, imports);
    this.addOutputs(organization, project, workspaces, teams, this.room);
  }

  private addOrganization(organization: WorkshopConfig["organization"], imports: ImportIds): WorkshopOrganization {
    const { name, email, create, token, ...unplaced } = organization;
    unplaced satisfies Unplaced;
    return new WorkshopOrganization(this, "organization", {
      name,
      email,
      create,
      token: token === undefined ? undefined : organizationToken(token),
      importId: imports.organization,
    } satisfies EveryField<WorkshopOrganizationProps>);
  }

  /**
   * The project every workshop workspace is in. Without one in the config, a project the stack made before is
   * forgotten, never destroyed (its workspaces stay in it), as the organization is.
   */
  private addProject(
    project: WorkshopConfig["project"],
    organization: string,
    imports: ImportIds,
  ): WorkshopProject | undefined {
    if (project === undefined) {
      WorkshopProject.forgotten(this, PROJECT_ID);
      return undefined;
    }
    const { name, description, ...unplaced } = project;
    unplaced satisfies Unplaced;
    return new WorkshopProject(this, PROJECT_ID, {
      organization,
      name,
      description,
      importId: imports.project,
    } satisfies EveryField<WorkshopProjectProps>);
  }

  private addWorkspaces(
    workspaces: WorkshopConfig["workspaces"],
    organization: string,
    projectId: string | undefined,
    imports: ImportIds,
  ): Map<string, WorkshopWorkspace> {
    const created = new Map<string, WorkshopWorkspace>();
    for (const workspace of byName(workspaces)) {
      created.set(
        workspace.name,
        new WorkshopWorkspace(this, `workspace-${workspace.name}`, {
          organization,
          name: workspace.name,
          projectId,
          ...workspaceSettings(workspace),
          importId: imports.workspaces.get(workspace.name),
        }),
      );
    }
    return created;
  }

  private addTeams(
    teams: WorkshopConfig["teams"],
    organization: string,
    workspaces: Map<string, WorkshopWorkspace>,
    imports: ImportIds,
  ): Map<string, WorkshopTeam> {
    const created = new Map<string, WorkshopTeam>();
    for (const team of byName(teams)) {
      const grants = [...team.access]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([workspaceName, access]) => ({
          workspaceName,
          workspaceId: workspaces.get(workspaceName)!.id,
          access,
          importId: imports.teamAccess.get(team.name)?.get(workspaceName),
        }));
      const {
        name,
        access: _mappedAsGrants,
        organizationAccess,
        visibility,
        allowMemberTokenManagement,
        token,
        ...unplaced
      } = team;
      unplaced satisfies Unplaced;
      created.set(
        name,
        new WorkshopTeam(this, `team-${name}`, {
          organization,
          name,
          grants,
          organizationAccess,
          visibility,
          allowMemberTokenManagement,
          token: token === undefined ? undefined : teamToken(token),
          importId: imports.teams.get(name),
        } satisfies EveryField<WorkshopTeamProps>),
      );
    }
    return created;
  }

  private addOutputs(
    organization: WorkshopOrganization,
    project: WorkshopProject | undefined,
    workspaces: Map<string, WorkshopWorkspace>,
    teams: Map<string, WorkshopTeam>,
    room: WorkshopRoom | undefined,
  ): void {
    new TerraformOutput(this, "organization_name", { value: organization.name });
    if (project !== undefined)
      new TerraformOutput(this, "project_id", {
        description: "Id of the project holding every workshop workspace",
        value: project.id,
      });
    new TerraformOutput(this, "workspace_ids", {
      description: "Workspace id by workspace name",
      value: nameToValue(workspaces, (workspace) => workspace.id),
    });
    if (teams.size > 0) {
      new TerraformOutput(this, "team_ids", {
        description: "Team id by team name",
        value: nameToValue(teams, (team) => team.id),
      });
    }
    if (room !== undefined) addRoomOutputs(this, room);
    if (organization.token !== undefined) {
      new TerraformOutput(this, "organization_token", {
        description: "Organization API token; read it with: terraform output -raw organization_token",
        value: organization.token,
        sensitive: true,
      });
    }
    for (const [name, team] of teams) {
      if (team.token === undefined) continue;
      new TerraformOutput(this, `team_token_${name}`, {
        description: `API token of team ${name}; read it with: terraform output -raw team_token_${name}`,
        value: team.token,
        sensitive: true,
      });
    }
  }
}

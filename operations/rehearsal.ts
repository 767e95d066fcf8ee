import { DataResource } from "cdktf";
import { createHash } from "node:crypto";
import { attendeeRoom, type AttendeeEnvironment, type AttendeeRoom } from "../config/attendees";
import type { WorkshopConfig, WorkspaceAccess } from "../config/schema";
import { roomShards } from "../config/shards";
import { blockAt, type StackJson } from "../terraform/stack-json";
import { StackValues } from "../terraform/values";
import { STATE_FORMAT_VERSION } from "../terraform/state";
import { shardStackId } from "../stacks/workshop-stack";
import {
  attendeeTokenDescription,
  DEFAULT_EXECUTION_MODE,
  FIRST_TOKEN_GENERATION,
  shardName,
} from "../workshop/defaults";
import type {
  CustomPermissions,
  Level,
  StandInIdentity,
  StandInOrganization,
  StandInProject,
  StandInTeam,
  StandInWorkspace,
} from "../terraform-cloud/stand-in";

/**
 * A room as `npm run rehearse` serves it: the stand-in of Terraform Cloud seeded as if the config were deployed
 * (or not yet), with the outputs and the state the deploy would have left. Ids and tokens derive from names, so
 * that the same config rehearses the same way every time; the tokens are the rehearsal's, never secrets.
 */
export interface Rehearsal {
  readonly organizations: readonly StandInOrganization[];
  readonly tokens: ReadonlyMap<string, StandInIdentity>;
  /** The facilitator's token: a user token of the organization's owner. */
  readonly facilitatorToken: string;
  /** What `terraform output -json` would print after the deploy; undefined when not deployed. */
  readonly outputs?: Readonly<
    Record<string, { readonly sensitive: boolean; readonly type: unknown; readonly value: unknown }>
  >;
  /** The state file the deploy would have written (Terraform's format 4); undefined when not deployed. */
  readonly state?: string;
  /** The state each shard's deploy would have written, by stack id; undefined when not deployed. */
  readonly shardStates?: ReadonlyMap<string, string>;
}

/** Options of {@link rehearsal}. */
export interface RehearsalOptions {
  /** Whether the room is deployed already; otherwise Terraform Cloud has nothing of it yet. */
  readonly deployed: boolean;
  /** When the deploy happened, for the tokens' dates. */
  readonly now: Date;
  /**
   * The synthesized stacks of a sharded room's shards, by stack id.
   * @default none: the room is in the one stack
   */
  readonly shards?: ReadonlyMap<string, StackJson>;
}

const FACILITATOR = "facilitator";
const DAY_MS = 24 * 60 * 60 * 1000;

/** A time as Terraform Cloud writes it in its answers: to the second. */
const apiTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");

/** An id of Terraform Cloud's shape, derived from what it names: `ws-` and 16 letters and digits. */
function idOf(prefix: string, ...names: string[]): string {
  const digest = createHash("sha256")
    .update(names.join("\u0000"))
    .digest("base64")
    .replace(/[^A-Za-z0-9]/g, "");
  return `${prefix}-${digest.slice(0, 16)}`;
}

/**
 * The lineage of every state a rehearsal writes: a rehearsal replaces a state of this lineage only, never a real one.
 */
export const REHEARSAL_LINEAGE = "rehearsal";

/**
 * Every variable a rehearsal's env file sets, in its order: what a shell that sourced it has to lose to reach
 * Terraform Cloud itself.
 */
export const REHEARSAL_VARIABLES = [
  "TFE_ADDRESS",
  "TFE_TOKEN",
  "TFE_HOSTNAME",
  "WORKSHOP_CONFIG",
  "CDKTF_OUTDIR",
] as const;

/**
 * How every token a rehearsal hands out begins: the deploy knows one by it and refuses to take it to Terraform Cloud.
 */
export const REHEARSAL_TOKEN_PREFIX = "rehearsal-";

const tokenOf = (...names: string[]) =>
  `${REHEARSAL_TOKEN_PREFIX}${names.join("-")}-` +
  `${createHash("sha256").update(names.join("\u0000")).digest("hex").slice(0, 12)}`;

/** An attendee's token: a reissued one (a generation after the first) is another token. */
const attendeeToken = ({ name, tokenGeneration }: AttendeeEnvironment) =>
  tokenGeneration === FIRST_TOKEN_GENERATION
    ? tokenOf("attendee", name)
    : tokenOf("attendee", name, String(tokenGeneration));

/** A team's access as the stand-in models it: the level, or the permissions it reads. */
const access = (granted: WorkspaceAccess): Level | CustomPermissions =>
  typeof granted === "string"
    ? granted
    : { runs: granted.runs, stateVersions: granted.stateVersions, workspaceLocking: granted.workspaceLocking };

/** A value the synthesized stack writes as it is, not a reference to resolve at apply time. */
const literal = (value: unknown): value is string => typeof value === "string" && !value.includes("${");

/** When a rotation of `days` made at `now` falls due: its `rotation_rfc3339`, the `expired_at` of its tokens. */
const rotatesAt = (now: Date, days: number) => apiTime(new Date(now.getTime() + days * DAY_MS));

/** A token's `expired_at` as the stack writes it: a rotation's time, read from the state as it is applied. */
const ROTATION_TIME = /^\$\{(time_rotating\.[\w-]+)\.rotation_rfc3339\}$/;

/** What the deploy at `now` wrote of the tokens: their descriptions, by their team's id. */
interface DeployedTokens {
  readonly now: Date;
  readonly descriptions: ReadonlyMap<string, string>;
}

/**
 * The objects a synthesized stack makes, one per resource instance, with the ids the rehearsal gives them; a token's
 * expiry and description and a rotation's times as the providers write them, so that preflight tells which tokens a
 * changed config replaces.
 */
function stateOf(stack: StackJson, ids: ReadonlyMap<string, string>, tokens: DeployedTokens): string {
  const values = new StackValues(stack);
  const reference = (value: unknown) => {
    const match = /^\$\{(.+)\.id\}$/.exec(String(value));
    return match === null ? undefined : ids.get(match[1]!);
  };
  const rotationDays = (value: unknown) => (typeof value === "number" ? value : undefined);
  const expiredAt = (value: unknown) => {
    if (literal(value)) return value;
    const rotation = ROTATION_TIME.exec(String(value));
    const days = rotation === null ? undefined : rotationDays(blockAt(stack, rotation[1]!)?.rotation_days);
    return days === undefined ? undefined : rotatesAt(tokens.now, days);
  };
  const resources = Object.entries(stack.resource ?? {}).flatMap(([type, blocks]) =>
    Object.keys(blocks).map((name) => ({
      mode: "managed",
      type,
      name,
      provider:
        type === DataResource.tfResourceType
          ? 'provider["terraform.io/builtin/terraform"]'
          : `provider["registry.terraform.io/hashicorp/${type.startsWith("time_") ? "time" : "tfe"}"]`,
      instances: values.instances(`${type}.${name}`).map((instance) => {
        const key = /\["(.*)"\]$/.exec(instance.address)?.[1];
        const { name: objectName, team_id: teamId, workspace_id: workspaceId, email } = instance.attributes;
        const team = reference(teamId);
        const expiry = expiredAt(instance.attributes.expired_at);
        const description = team === undefined ? undefined : tokens.descriptions.get(team);
        const days = type === "time_rotating" ? rotationDays(instance.attributes.rotation_days) : undefined;
        const attributes = {
          id: ids.get(instance.address) ?? idOf(type.replace(/^tfe_/, ""), instance.address),
          ...(literal(objectName) ? { name: objectName } : {}),
          // tfe writes the email a membership was made with (and, on every read, the one Terraform Cloud holds).
          ...(literal(email) ? { email } : {}),
          ...(team === undefined ? {} : { team_id: team }),
          ...(reference(workspaceId) === undefined ? {} : { workspace_id: reference(workspaceId) }),
          ...(expiry === undefined ? {} : { expired_at: expiry }),
          ...(type === "tfe_team_token" && description !== undefined ? { description } : {}),
          // time 0.13.1: the base is the time of the deploy, the rotation time whole days after it.
          ...(days === undefined
            ? {}
            : { rfc3339: apiTime(tokens.now), rotation_days: days, rotation_rfc3339: rotatesAt(tokens.now, days) }),
        };
        return {
          ...(key === undefined ? {} : { index_key: JSON.parse(`"${key}"`) as string }),
          schema_version: 0,
          attributes,
        };
      }),
    })),
  );
  const state = {
    version: STATE_FORMAT_VERSION,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: REHEARSAL_LINEAGE,
    outputs: {},
    resources,
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * The workspaces that keep the stacks' states, when the config says where (`state`): the shared stack's, and each
 * shard's (`<state.workspace>-shard-N`), in an organization the facilitator owns, as the README's set-up has it,
 * each holding its stack's pretend state once deployed.
 */
function withStateWorkspaces(
  organizations: readonly StandInOrganization[],
  place: WorkshopConfig["state"],
  states: ReadonlyMap<string, string | undefined>,
): StandInOrganization[] {
  if (place === undefined) return [...organizations];
  const holders = [...states].map(([name, state]): StandInWorkspace => ({
    id: idOf("ws", place.organization, name),
    name,
    executionMode: "local",
    ...(state === undefined ? {} : { stateAt: STATE_AT, state }),
  }));
  const same = organizations.find((organization) => organization.name === place.organization);
  const others = organizations.filter((organization) => organization !== same);
  return [
    ...others,
    { ...(same ?? { name: place.organization, teams: true }), workspaces: [...(same?.workspaces ?? []), ...holders] },
  ];
}

/** When the pretend deploy wrote its state, for a state kept in a Terraform Cloud workspace. */
const STATE_AT = "2026-01-01T00:00:00Z";

/** Seeds the stand-in, the outputs and the state for a config, as its deploy would leave them. */
export function rehearsal(config: WorkshopConfig, stack: StackJson, options: RehearsalOptions): Rehearsal {
  const seeded = seededRoom(config, stack, options);
  const place = config.state;
  // Every shard of the config keeps its state in a workspace of its own, an empty shard's too, and so does each shard a
  // move to fewer shards drops (attendees.migrateFromShards), whose stack is synthesized while the move goes on.
  const shards = [...(roomShards(attendeeRoom(config))?.keys() ?? [])];
  const states = new Map(
    place === undefined
      ? []
      : [
          [place.workspace, seeded.state],
          ...shards.map(
            (shard) => [shardName(place.workspace, shard), seeded.shardStates?.get(shardStackId(shard))] as const,
          ),
        ],
  );
  return { ...seeded, organizations: withStateWorkspaces(seeded.organizations, place, states) };
}

/**
 * The facilitator's identity: the owner of the organization, and of the one that keeps the state too (the README's
 * set-up, and what preflight needs to read it).
 */
function facilitatorOf(config: WorkshopConfig): StandInIdentity {
  const organization = config.organization.name;
  const owns =
    config.state === undefined || config.state.organization === organization
      ? [organization]
      : [organization, config.state.organization];
  return { kind: "user", username: FACILITATOR, owns };
}

/** The config's project as deployed, when it has one: it holds every workspace. */
function projectOf(config: WorkshopConfig): StandInProject | undefined {
  return config.project === undefined
    ? undefined
    : {
        id: idOf("prj", config.project.name),
        name: config.project.name,
        description: config.project.description,
        defaultExecutionMode: DEFAULT_EXECUTION_MODE,
      };
}

/** The declared workspaces and the attendees', in the project when there is one. */
function workspacesOf(
  config: WorkshopConfig,
  room: AttendeeRoom,
  project: StandInProject | undefined,
): StandInWorkspace[] {
  const baseMode = config.workspaces[0]?.executionMode ?? DEFAULT_EXECUTION_MODE;
  const projectId = project === undefined ? {} : { projectId: project.id };
  return [
    ...config.workspaces.map((workspace) => ({
      id: idOf("ws", workspace.name),
      name: workspace.name,
      executionMode: workspace.executionMode,
      ...projectId,
    })),
    ...room.environments.map((attendee) => ({
      id: idOf("ws", attendee.workspaceName),
      name: attendee.workspaceName,
      executionMode: baseMode,
      ...projectId,
    })),
  ];
}

/** The declared teams and the attendees', each with its access. */
function teamsOf(config: WorkshopConfig, room: AttendeeRoom): StandInTeam[] {
  return [
    ...config.teams.map((team) => ({
      id: idOf("team", team.name),
      name: team.name,
      access: Object.fromEntries([...team.access].map(([workspace, level]) => [workspace, access(level)])),
    })),
    ...room.environments.map((attendee) => ({
      id: idOf("team", attendee.workspaceName),
      name: attendee.workspaceName,
      access: { [attendee.workspaceName]: access(room.access) },
    })),
  ];
}

/** The teams the deploy gave a token, with the token, its expiry and its description. */
function tokenHoldersOf(config: WorkshopConfig, room: AttendeeRoom) {
  return [
    ...config.teams.flatMap((team) =>
      team.token === undefined
        ? []
        : [
            {
              team: team.name,
              token: tokenOf("team", team.name),
              expiry: team.token,
              description: team.token.description,
            },
          ],
    ),
    // An ended event's deploy left the attendees no token and no membership.
    ...(room.ended ? [] : room.environments).map((attendee) => ({
      team: attendee.workspaceName,
      token: attendeeToken(attendee),
      expiry: room.token,
      description: attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
    })),
  ];
}

/**
 * Addresses to the ids the stand-in gives their objects, so that the state's references between objects match the
 * stand-in's: every stack's, since a shard's team access reads its own workspace's and team's ids.
 */
function idsOf(stacks: readonly StackJson[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const each of stacks) {
    const values = new StackValues(each);
    for (const [type, blocks] of Object.entries(each.resource ?? {})) {
      for (const name of Object.keys(blocks)) {
        for (const instance of values.instances(`${type}.${name}`)) {
          const email = instance.attributes.email;
          // A membership's id, so that preflight finds the state's membership among the stand-in's.
          if (type === "tfe_organization_membership" && literal(email)) ids.set(instance.address, idOf("ou", email));
          const objectName = instance.attributes.name;
          if (typeof objectName !== "string") continue;
          if (type === "tfe_workspace") ids.set(instance.address, idOf("ws", objectName));
          if (type === "tfe_team") ids.set(instance.address, idOf("team", objectName));
          if (type === "tfe_organization") ids.set(instance.address, objectName);
          if (type === "tfe_project") ids.set(instance.address, idOf("prj", objectName));
        }
      }
    }
  }
  return ids;
}

/** One output as `terraform output -json` prints it: a string, or a map of strings. */
const output = (value: unknown, sensitive = false) => ({
  sensitive,
  type: typeof value === "string" ? "string" : ["map", "string"],
  value,
});

/** The outputs the deploy would have left, the attendees' only when the room has any. */
function outputsOf(
  config: WorkshopConfig,
  room: AttendeeRoom,
  project: StandInProject | undefined,
): NonNullable<Rehearsal["outputs"]> {
  const workspaceIds = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, idOf("ws", name)]));
  return {
    organization_name: output(config.organization.name),
    ...(project === undefined ? {} : { project_id: output(project.id) }),
    workspace_ids: output(workspaceIds(config.workspaces.map((workspace) => workspace.name))),
    ...(config.teams.length > 0
      ? { team_ids: output(Object.fromEntries(config.teams.map((team) => [team.name, idOf("team", team.name)]))) }
      : {}),
    ...Object.fromEntries(
      config.teams.flatMap((team) =>
        team.token === undefined ? [] : [[`team_token_${team.name}`, output(tokenOf("team", team.name), true)]],
      ),
    ),
    ...(room.environments.length > 0 ? attendeeOutputs(room) : {}),
  };
}

/** The outputs of the attendees' workspaces, teams and, until the event ends, tokens. */
function attendeeOutputs(room: AttendeeRoom) {
  return {
    attendee_workspace_ids: output(
      Object.fromEntries(room.environments.map((attendee) => [attendee.name, idOf("ws", attendee.workspaceName)])),
    ),
    attendee_team_ids: output(
      Object.fromEntries(room.environments.map((attendee) => [attendee.name, idOf("team", attendee.workspaceName)])),
    ),
    ...(room.ended
      ? {}
      : {
          attendee_tokens: output(
            Object.fromEntries(room.environments.map((attendee) => [attendee.name, attendeeToken(attendee)])),
            true,
          ),
        }),
  };
}

/** The room of a rehearsal, without the workspace of the state. */
function seededRoom(config: WorkshopConfig, stack: StackJson, options: RehearsalOptions): Rehearsal {
  const organization = config.organization.name;
  const facilitatorToken = tokenOf(FACILITATOR);
  const owner = facilitatorOf(config);
  if (!options.deployed) {
    // Nothing of the room yet; a looked-up organization exists, since the config says so.
    const existing = config.organization.create ? [] : [{ name: organization, teams: true }];
    return { organizations: existing, tokens: new Map([[facilitatorToken, owner]]), facilitatorToken };
  }
  const room = attendeeRoom(config);
  const project = projectOf(config);
  const holders = tokenHoldersOf(config, room);
  const expiredAt = (expiry: { readonly expiresAt?: string; readonly rotationDays?: number }) =>
    expiry.expiresAt ?? rotatesAt(options.now, expiry.rotationDays ?? 0);
  const tokens: DeployedTokens = {
    now: options.now,
    descriptions: new Map(holders.map(({ team, description }) => [idOf("team", team), description])),
  };
  const ids = idsOf([stack, ...(options.shards?.values() ?? [])]);
  return {
    organizations: [
      {
        name: organization,
        teams: true,
        workspaces: workspacesOf(config, room, project),
        ...(project === undefined ? {} : { projects: [project] }),
        teamList: teamsOf(config, room),
        memberships: (room.ended ? [] : room.environments).flatMap((attendee) =>
          attendee.email === undefined
            ? []
            : [{ id: idOf("ou", attendee.email), email: attendee.email, status: "invited" as const }],
        ),
        teamTokens: holders.map(({ team, expiry, description }) => ({
          id: idOf("at", team),
          teamId: idOf("team", team),
          description,
          createdAt: apiTime(options.now),
          expiredAt: expiredAt(expiry),
        })),
      },
    ],
    tokens: new Map<string, StandInIdentity>([
      [facilitatorToken, owner],
      ...holders.map(
        ({ team, token }) =>
          [token, { kind: "team", organization, teamId: idOf("team", team), tokenId: idOf("at", team) }] as const,
      ),
    ]),
    facilitatorToken,
    outputs: outputsOf(config, room, project),
    state: stateOf(stack, ids, tokens),
    shardStates: new Map([...(options.shards ?? [])].map(([id, shard]) => [id, stateOf(shard, ids, tokens)])),
  };
}

/** How much a simulated attendee builds each time they push state: a few resources more each time. */
const RESOURCES_PER_PUSH = 7;

/**
 * The room one step of a rehearsed workshop later: the next attendee, in name order, goes one stage further
 * (accepts the invitation, uses their token, pushes state, builds more). The same step gives the same room, so
 * that a rehearsal, and the README's examples made from one, go the same way every time.
 */
export function advanceRoom(
  config: WorkshopConfig,
  organization: StandInOrganization,
  step: number,
  now: Date,
): StandInOrganization {
  const attendees = [...attendeeRoom(config).environments].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  if (attendees.length === 0) return organization;
  const attendee = attendees[step % attendees.length]!;
  const at = apiTime(now);
  const membership = organization.memberships?.find(
    (candidate) => attendee.email !== undefined && candidate.email === attendee.email,
  );
  const workspace = organization.workspaces?.find((candidate) => candidate.name === attendee.workspaceName);
  const token = organization.teamTokens?.find(
    (candidate) => candidate.description === attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
  );
  if (membership !== undefined && membership.status === "invited") {
    return {
      ...organization,
      memberships: organization.memberships!.map((candidate) =>
        candidate === membership ? { ...candidate, status: "active" } : candidate,
      ),
    };
  }
  if (token !== undefined && token.lastUsedAt === undefined) {
    return {
      ...organization,
      teamTokens: organization.teamTokens!.map((candidate) =>
        candidate === token ? { ...candidate, lastUsedAt: at } : candidate,
      ),
    };
  }
  if (workspace === undefined) return organization;
  return {
    ...organization,
    teamTokens: organization.teamTokens?.map((candidate) =>
      candidate === token ? { ...candidate, lastUsedAt: at } : candidate,
    ),
    workspaces: organization.workspaces!.map((candidate) =>
      candidate === workspace
        ? { ...candidate, stateAt: at, resourceCount: (candidate.resourceCount ?? 0) + RESOURCES_PER_PUSH }
        : candidate,
    ),
  };
}

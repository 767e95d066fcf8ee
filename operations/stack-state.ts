import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { OrganizationMembership } from "@cdktf/provider-tfe/lib/organization-membership";
import { OrganizationToken } from "@cdktf/provider-tfe/lib/organization-token";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { WorkshopConfig } from "../config/schema";
import { parseState, type TerraformState } from "../terraform/state";
import { timeOf } from "../terraform-cloud/dates";
import { DEFAULT_HOSTNAME } from "../terraform-cloud/hostname";
import { nameKey } from "../terraform-cloud/naming-rules";
import { STACK_RESOURCE_TYPES } from "../stacks/stack-resource-types";
import { stateFileOf } from "../stacks/workshop-base-stack";
import { shardName } from "../workshop/defaults";

/** A workspace this stack's state manages. */
export interface ManagedWorkspace {
  readonly name: string;
  readonly id?: string;
  /** The attendee it was made for: its instance key in the room; undefined for a declared workspace. */
  readonly attendee?: string;
}

/** A team this stack's state manages. */
export interface ManagedTeam {
  readonly name: string;
  readonly id?: string;
  readonly attendee?: string;
}

/** The project this stack's state manages. */
export interface ManagedProject {
  readonly name?: string;
  readonly id?: string;
}

/** An attendee's organization membership, as the state holds it. */
export interface ManagedInvitation {
  /** The membership's id, `ou-...`. */
  readonly id?: string;
  readonly email: string;
}

/** A token this stack's state holds: what tells whether a deploy keeps it or creates it again. */
export interface ManagedToken {
  /** The team it belongs to; undefined for the organization token. */
  readonly teamId?: string;
  readonly description?: string;
  /** Its `expired_at` as the state holds it. */
  readonly expiredAt?: string;
}

/** A `time_rotating` this stack's state holds: the time of its tokens' `expired_at`. */
export interface ManagedRotation {
  /** Its `rotation_rfc3339`: once it has passed, a deploy of the stack rotates its tokens. */
  readonly rotatesAt: string;
  /** Its `rotation_days`, the period it was made with; undefined when the state does not say. */
  readonly days?: number;
}

/** What this stack manages in Terraform Cloud, as its state says: by name, since names are what the config gives. */
export interface ManagedObjects {
  /** The organization's name, when the stack created or adopted it. */
  readonly organization?: string;
  /** The project, when the stack created or adopted it. */
  readonly project?: ManagedProject;
  readonly organizationToken: boolean;
  /** Every team token and the organization token. */
  readonly tokens: readonly ManagedToken[];
  /** By workspace name. */
  readonly workspaces: ReadonlyMap<string, ManagedWorkspace>;
  /** By team name, lower-cased: Terraform Cloud compares team names without case. */
  readonly teams: ReadonlyMap<string, ManagedTeam>;
  /** Which team reaches which workspace, by id. */
  readonly grants: ReadonlyArray<{ readonly teamId?: string; readonly workspaceId?: string }>;
  /** Each attendee's organization membership, by attendee. */
  readonly invitations: ReadonlyMap<string, ManagedInvitation>;
  /** Each `time_rotating`. */
  readonly rotations: readonly ManagedRotation[];
  /** The resource types of the state that no stack of the workshop makes, sorted: a state of something else. */
  readonly foreignTypes: readonly string[];
}

/** Reads what a state manages. Only names and ids: the tokens it holds never leave the parser. */
export function managedObjects(state: TerraformState): ManagedObjects {
  const of = (type: string) => state.instances.filter((instance) => instance.type === type);
  const organization = of(Organization.tfResourceType)[0]?.objectName;
  const project = of(Project.tfResourceType)[0];
  const named = <T>(
    type: string,
    make: (name: string, id: string | undefined, attendee: string | undefined) => [string, T],
  ) =>
    new Map(
      of(type).flatMap((instance) =>
        instance.objectName === undefined ? [] : [make(instance.objectName, instance.id, instance.key)],
      ),
    );
  return {
    organization,
    project: project === undefined ? undefined : { name: project.objectName, id: project.id },
    organizationToken: of(OrganizationToken.tfResourceType).length > 0,
    tokens: [...of(OrganizationToken.tfResourceType), ...of(TeamToken.tfResourceType)].map(
      ({ teamId, description, expiredAt }) => ({ teamId, description, expiredAt }),
    ),
    workspaces: named(Workspace.tfResourceType, (name, id, attendee) => [name, { name, id, attendee }]),
    teams: named(Team.tfResourceType, (name, id, attendee) => [nameKey(name), { name, id, attendee }]),
    grants: of(TeamAccess.tfResourceType).map((instance) => ({
      teamId: instance.teamId,
      workspaceId: instance.workspaceId,
    })),
    invitations: new Map(
      of(OrganizationMembership.tfResourceType).flatMap((instance) =>
        instance.key === undefined || instance.email === undefined
          ? []
          : [[instance.key, { id: instance.id, email: instance.email }]],
      ),
    ),
    rotations: of(Rotating.tfResourceType).flatMap(({ rotatesAt, rotationDays: days }) =>
      rotatesAt === undefined ? [] : [{ rotatesAt, days }],
    ),
    foreignTypes: [
      ...new Set(state.instances.map(({ type }) => type).filter((type) => !STACK_RESOURCE_TYPES.has(type))),
    ].sort(),
  };
}

/**
 * Whether a stack's rotation time has passed by `now`: its next deploy replaces its tokens, which expired then. A time
 * that is not an RFC 3339 date-time (read as status reads one) is not taken as passed.
 */
export const rotationDue = (managed: ManagedObjects, now: Date) =>
  managed.rotations.some(({ rotatesAt }) => (timeOf(rotatesAt) ?? Number.POSITIVE_INFINITY) <= now.getTime());

/** Where the stack's state lives: a local file, or a Terraform Cloud workspace (the config's `state`). */
export type StateLocation =
  | { readonly kind: "local"; readonly file: string }
  | { readonly kind: "cloud"; readonly hostname: string; readonly organization: string; readonly workspace: string };

/** The host of the config's `state` workspace, where Terraform needs a token of its own (TF_TOKEN_<host>). */
export const stateHostname = (state: NonNullable<WorkshopConfig["state"]>): string =>
  state.hostname ?? DEFAULT_HOSTNAME;

/**
 * Where Terraform keeps a stack's state: the config's `state` workspace (a shard's: named from it with the shard's
 * number), or the local backend's file.
 */
export function stateLocation(config: WorkshopConfig, outdir: string, stackId: string, shard?: number): StateLocation {
  if (config.state !== undefined) {
    const { workspace } = config.state;
    return {
      kind: "cloud",
      hostname: stateHostname(config.state),
      organization: config.state.organization,
      workspace: shard === undefined ? workspace : shardName(workspace, shard),
    };
  }
  return { kind: "local", file: localStateFile(outdir, stackId) };
}

/**
 * The local backend's state file of a stack: the synthesized stack names it relative to the directory Terraform runs
 * in (`<outdir>/stacks/<stack>`).
 */
export const localStateFile = (outdir: string, stackId: string): string =>
  resolve(outdir, "stacks", stackId, "..", "..", "..", stateFileOf(stackId));

/**
 * The shards whose local state files lie beside a stack's, by the shard's number: those of a room deployed with
 * more shards than the config has now, or with shards the config no longer has, are found there.
 */
export function localShardStates(sharedStateFile: string, sharedStackId: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dirname(sharedStateFile));
  } catch {
    return [];
  }
  // A shard's file is named from its number: each number in a name is tried as the shard's.
  const shards = names.flatMap((name) =>
    [...name.matchAll(/[1-9][0-9]*/g)]
      .map((digits) => Number(digits[0]))
      .filter((shard) => stateFileOf(shardName(sharedStackId, shard)) === name),
  );
  return [...new Set(shards)].sort((a, b) => a - b);
}

/**
 * What several stacks' states manage together: the shared stack's organization and project, and everything of every
 * stack.
 */
export function mergedObjects(shared: ManagedObjects, others: readonly ManagedObjects[]): ManagedObjects {
  return {
    ...shared,
    workspaces: new Map([shared, ...others].flatMap((managed) => [...managed.workspaces])),
    teams: new Map([shared, ...others].flatMap((managed) => [...managed.teams])),
    grants: [shared, ...others].flatMap((managed) => managed.grants),
    tokens: [shared, ...others].flatMap((managed) => managed.tokens),
    invitations: new Map([shared, ...others].flatMap((managed) => [...managed.invitations])),
    rotations: [shared, ...others].flatMap((managed) => managed.rotations),
    foreignTypes: [...new Set([shared, ...others].flatMap((managed) => managed.foreignTypes))].sort(),
  };
}

/**
 * The state as read: none yet (the first deploy), its contents, or why it could not be read. Not a `Result`: no state
 * yet is a third answer, neither contents nor a problem.
 */
export type StateReading =
  | { readonly kind: "none" }
  | { readonly kind: "read"; readonly managed: ManagedObjects; readonly serial?: number; readonly lineage?: string }
  | { readonly kind: "unreadable"; readonly problem: string };

/** Reads a state file's text, from disk or a download. */
export function stateFromText(text: string): StateReading {
  const parsed = parseState(text);
  return parsed.ok
    ? {
        kind: "read",
        managed: managedObjects(parsed.value),
        serial: parsed.value.serial,
        lineage: parsed.value.lineage,
      }
    : { kind: "unreadable", problem: parsed.problem };
}

/** The largest state this tool reads, from a file or Terraform Cloud: a room of thousands is a few MiB. */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

/** Reads the local state file: absent before the first deploy. */
export function readLocalState(file: string): StateReading {
  let size: number;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return { kind: "unreadable", problem: "is not a regular file" };
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
    return {
      kind: "unreadable",
      problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
  if (size > MAX_STATE_BYTES)
    return { kind: "unreadable", problem: `is ${size} bytes, more than the ${MAX_STATE_BYTES} this tool reads` };
  try {
    return stateFromText(readFileSync(file, "utf8"));
  } catch (error) {
    return {
      kind: "unreadable",
      problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
}

/**
 * Reads the local state file of a stack whose state is in Terraform Cloud now: an empty one holds no state, as
 * Terraform reads it, and as Terraform's move of a local state without a path leaves it. (The stack's own local state
 * is never read so: an empty one there is a state lost, which preflight asks to restore.)
 */
export function readLeftLocalState(file: string): StateReading {
  try {
    if (lstatSync(file).size === 0) return { kind: "none" };
  } catch {
    // readLocalState says what is wrong with it.
  }
  return readLocalState(file);
}

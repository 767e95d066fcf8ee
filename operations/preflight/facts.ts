import { attendeeRoom, createdTeamNames, createdTeamTokens } from "../../config/attendees";
import type { LocalStack, RoomIds } from "../deploy-record";
import { HCP_TERRAFORM_HOSTNAMES } from "../../terraform-cloud/hostname";
import { nameKey } from "../../terraform-cloud/naming-rules";
import type { WorkshopConfig } from "../../config/schema";
import {
  describeFailure,
  describeRefusal,
  refusalDetail,
  type ApiAnswer,
  type ApiClient,
  type FailedAnswer,
} from "../../terraform-cloud/api-client";
import {
  listOrganizationMemberships,
  listProjects,
  listTeams,
  listTeamTokens,
  listWorkspaces,
  readAccount,
  readCurrentStateVersion,
  readEntitlementSet,
  readOrganization,
  readOrganizationToken,
  readWorkspaceByName,
  searchWorkspaces,
  type Account,
  type Organization,
  type OrganizationMembership,
  type Project,
  type Team,
  type TeamToken,
  type Workspace,
} from "../../terraform-cloud/resources";
import {
  readLeftLocalState,
  readLocalState,
  stateFromText,
  type StateLocation,
  type StateReading,
} from "../stack-state";
import { fail, ok, type Result } from "../../text/result";
import { shardStackId } from "../../stacks/workshop-stack";
import { byShardNumber, shardNamePrefix, shardNumberOf } from "../../workshop/defaults";

/** What preflight learned; undefined: not asked, or the answer failed (see `failures`). */
export interface PreflightFacts {
  /** When preflight runs: the config's dates are compared with it. */
  readonly now: Date;
  /** The deploy runs on a machine thrown away afterwards, such as a CI runner. */
  readonly disposableMachine: boolean;
  /** Whether a token was found at all. */
  readonly hasToken: boolean;
  /** The host the tfe provider deploys to (TFE_HOSTNAME); undefined when not told. */
  readonly hostname?: string;
  /** Who the token is: rejected (401), or a kind and a name. */
  readonly account?: "rejected" | Account;
  /** The organization as this token sees it: not visible (404, free or someone else's), or visible. */
  readonly organization?: "not-visible" | Organization;
  /** Whether the organization's plan has the teams entitlement. */
  readonly teamsEntitlement?: boolean;
  /** The organization's workspaces this token sees, by name. */
  readonly workspaces?: ReadonlyMap<string, Workspace>;
  /** The organization's projects this token sees; asked only when the config has a project. */
  readonly projects?: readonly Project[];
  /** The organization's teams, by name lower-cased: Terraform Cloud compares them without case. */
  readonly teams?: ReadonlyMap<string, Team>;
  /**
   * What the organization token's endpoint answered: a token, or 404. Its docs document only POST and DELETE, and a
   * 404 there also means "not authorized": only for an owner's token does it mean none (go-tfe and tfe read it so).
   */
  readonly organizationToken?: "found" | "not-visible";
  /**
   * The organization's memberships as Terraform Cloud holds them now, by id: tfe reads each membership's email from
   * there at every plan; asked only when an attendee has an email. Not visible: 404, only owners and team managers see
   * them.
   */
  readonly memberships?: ReadonlyMap<string, OrganizationMembership> | "not-visible";
  /**
   * The organization's team tokens (without their secrets); asked only for a config that makes team tokens on a
   * Terraform Enterprise, or adopts a team it gives one. Not visible: 404.
   */
  readonly teamTokens?: readonly TeamToken[] | "not-visible";
  /** Where this stack's state is, and what it says the stack manages. */
  readonly state?: StackStateFact;
  /**
   * The state of each shard stack of the room, by stack id: the config's shards, and any other shard whose state
   * was found (of a room deployed with more shards, or sharded before); none for a room in one stack. A shard whose
   * read got no usable answer is kept, unanswered: nothing is concluded from the others alone.
   */
  readonly shardStates?: ReadonlyMap<string, ShardStateFact>;
  /**
   * Whether the state organization's shard state workspaces were listed, which finds those beyond the config's
   * shards (of a room deployed with more, or sharded before): listed, and whether the token sees every workspace
   * there (an owner's; another's may be shown only some); unanswered, reported once already (in
   * `failures`, or the shared state's line when no client could ask); or refused, with why; undefined for a state kept
   * elsewhere than in Terraform Cloud.
   */
  readonly shardSearch?:
    | { readonly kind: "listed"; readonly seesEveryWorkspace?: boolean }
    | { readonly kind: "unanswered" }
    | { readonly kind: "refused"; readonly problem: string };
  /**
   * The rooms a move's deploy from this machine found in the states of the stacks they leave (its deploy record): what
   * tells a room the move forgot from a workspace or team that only has its name.
   */
  readonly movedRooms?: ReadonlyMap<string, RoomIds>;
  /**
   * The local state files that stacks whose state is in Terraform Cloud now left beside the repository, by stack id:
   * what a move of the states there may have left behind.
   */
  readonly localStatesLeft?: ReadonlyMap<string, LocalStateLeft>;
  /**
   * Each stack of a sharded room as this machine holds it (against its deploy record, its directory initialized or
   * not), by stack id: what `npm run deploy` weighs with the states to choose the stacks it plans. Undefined for a
   * room in one stack, whose deploy keeps no record.
   * @default every stack not recorded
   */
  readonly locals?: ReadonlyMap<string, LocalStack>;
  /** Every request that got no usable answer, each reported once. */
  readonly failures: readonly FailedAnswer[];
}

/** Where a stack's state is, and what it says. */
export interface StackStateFact {
  readonly location: StateLocation;
  readonly reading: StateReading;
  /**
   * The Terraform Cloud workspace that keeps it: absent (to a token that sees every workspace), not visible (404 to a
   * token that may not see every workspace: absent, or hidden from it), or as the API gave it.
   * @default not known: a local state, or its workspace could not be read
   */
  readonly workspace?: "absent" | "not-visible" | Workspace;
}

/** The local state file of a stack whose state is kept in Terraform Cloud now (`state` set), as read. */
export interface LocalStateLeft extends StackStateFact {
  readonly location: Extract<StateLocation, { readonly kind: "local" }>;
  /** The Terraform Cloud workspace that keeps the stack's state now. */
  readonly keptIn: Extract<StateLocation, { readonly kind: "cloud" }>;
}

/**
 * A shard's state as read, or where it is when its read got no usable answer (reported once in `failures`, or not
 * asked for want of a token): what it holds is not known.
 */
export type ShardStateFact =
  | StackStateFact
  | { readonly location: StateLocation; readonly reading: { readonly kind: "unanswered" }; readonly workspace?: never };

/** What preflight read of a state in Terraform Cloud: what it says, and the workspace that keeps it. */
type CloudStateFact = Omit<StackStateFact, "location">;

/** The state of a stack as read; undefined when its request failed (in `failures`) or no client could ask. */
type StateRead = Promise<CloudStateFact | undefined>;

/** Options of {@link gatherFacts}. */
export interface GatherOptions {
  /** When preflight runs. */
  readonly now: Date;
  readonly disposableMachine: boolean;
  /**
   * The host the tfe provider deploys to (TFE_HOSTNAME).
   * @default not told: nothing is concluded from it
   */
  readonly hostname?: string;
  /** Where the state is. */
  readonly stateLocation: StateLocation;
  /**
   * Where each shard stack's state is, by stack id.
   * @default none: the room is in one stack
   */
  readonly shardStateLocations?: ReadonlyMap<string, StateLocation>;
  /** The API client of the state's host, or why there is none, for a state kept in Terraform Cloud. */
  readonly cloudState?: Result<ApiClient>;
  /**
   * The local state files to read of stacks whose state is in Terraform Cloud now, by stack id, with the workspace
   * that keeps each stack's state.
   * @default none
   */
  readonly localStatesLeft?: ReadonlyMap<string, { readonly file: string; readonly keptIn: LocalStateLeft["keptIn"] }>;
}

const OWNER_TOKEN_ADVICE = "run preflight with a user token of an organization owner";

type CloudLocation = Extract<StateLocation, { readonly kind: "cloud" }>;

/** A state that cannot be read, saying why. */
const unreadable = (problem: string): CloudStateFact => ({ reading: { kind: "unreadable", problem } });

/** Reads the state of a Terraform Cloud workspace, found by its name: its current state version, downloaded. */
async function readCloudState(
  location: CloudLocation,
  access: Result<ApiClient> | undefined,
  failures: FailedAnswer[],
): StateRead {
  if (access === undefined) return unreadable("no client for its host");
  if (!access.ok) return unreadable(access.problem);
  const client = access.value;
  const workspace = await readWorkspaceByName(client, location.organization, location.workspace);
  if (workspace.kind === "failed") return void failures.push(workspace);
  if (workspace.kind === "refused") {
    if (workspace.refusal !== "not-visible") return unreadable(describeRefusal(workspace));
    // Absent, or not visible: only an owner of the organization, who sees every workspace, may conclude absent.
    const organization = await readOrganization(client, location.organization);
    if (organization.kind === "failed") return void failures.push(organization);
    if (organization.kind === "ok" && organization.value.canUpdate)
      return { reading: { kind: "none" }, workspace: "absent" };
    return {
      ...unreadable("is not visible to this token, which cannot tell whether it exists"),
      workspace: "not-visible",
    };
  }
  return readWorkspaceState(client, workspace.value, failures);
}

/**
 * Reads one stack's state as preflight does, from its file or its Terraform Cloud workspace: deploy reads a shard's
 * again after its deploy, to see whether the rotation it was deployed for was applied.
 */
export async function readStackState(
  location: StateLocation,
  access: Result<ApiClient> | undefined,
): Promise<StateReading> {
  if (location.kind === "local") return readLocalState(location.file);
  const failures: FailedAnswer[] = [];
  const read = await readCloudState(location, access, failures);
  return read?.reading ?? { kind: "unreadable", problem: failures.map(describeFailure).join("; ") };
}

/** Reads the state a workspace keeps: its current state version, downloaded. */
async function readWorkspaceState(client: ApiClient, workspace: Workspace, failures: FailedAnswer[]): StateRead {
  const held = (reading: StateReading) => ({ reading, workspace });
  if (workspace.currentStateVersion === null) return held({ kind: "none" });
  const version = await readCurrentStateVersion(client, workspace.id);
  if (version.kind === "failed") return void failures.push(version);
  if (version.kind === "refused") return held({ kind: "unreadable", problem: describeRefusal(version) });
  if (version.value.downloadUrl === null)
    return held({ kind: "unreadable", problem: "its current state version has no download address" });
  const downloaded = await client.download(version.value.downloadUrl, "the current state version's download address");
  if (downloaded.kind === "failed") return void failures.push(downloaded);
  return held(stateFromText(downloaded.value));
}

/** A shard's state as read, kept unanswered when its read got no usable answer. */
const shardStateFact = (location: StateLocation, read: CloudStateFact | undefined): ShardStateFact =>
  read === undefined ? { location, reading: { kind: "unanswered" } } : { location, ...read };

/**
 * Every shard state workspace (`<state.workspace>-shard-N`) of the state's organization but those of `known` stacks,
 * with its state: a room deployed with more shards than the config's, or sharded before, keeps its rooms there. One
 * list, with the name searched for.
 */
async function otherShardStates(
  location: CloudLocation,
  access: Result<ApiClient> | undefined,
  known: ReadonlySet<string>,
  failures: FailedAnswer[],
): Promise<{ search: NonNullable<PreflightFacts["shardSearch"]>; states: Array<readonly [string, ShardStateFact]> }> {
  if (access === undefined || !access.ok) return { search: { kind: "unanswered" }, states: [] };
  const client = access.value;
  // Terraform Cloud compares workspace names without case: so does the search's filter.
  const shardOf = (name: string) => shardNumberOf(nameKey(location.workspace), nameKey(name));
  // Only a token that sees every workspace of the organization (an owner's) lists every shard there is.
  const [listed, organization] = await Promise.all([
    searchWorkspaces(
      client,
      location.organization,
      shardNamePrefix(location.workspace),
      (name) => shardOf(name) !== undefined,
    ),
    readOrganization(client, location.organization),
  ]);
  if (organization.kind === "failed") failures.push(organization);
  if (listed.kind === "failed") {
    failures.push(listed);
    return { search: { kind: "unanswered" }, states: [] };
  }
  if (listed.kind === "refused") return { search: { kind: "refused", problem: describeRefusal(listed) }, states: [] };
  const others = listed.value
    .map((workspace) => [shardStackId(shardOf(workspace.name)!), workspace] as const)
    .filter(([id]) => !known.has(id));
  const states = await Promise.all(
    others.map(async ([id, workspace]) => {
      const read = await readWorkspaceState(client, workspace, failures);
      return [id, shardStateFact({ ...location, workspace: workspace.name }, read)] as const;
    }),
  );
  // Undefined when the organization's answer failed: reported once, nothing concluded from it.
  const seesEveryWorkspace =
    organization.kind === "failed" ? undefined : organization.kind === "ok" && organization.value.canUpdate;
  return { search: { kind: "listed", seesEveryWorkspace }, states };
}

/**
 * Reads the stack's state and every shard's: those the options locate, and, for a state kept in Terraform Cloud, the
 * shard state workspaces found beyond them.
 */
async function readStates(
  client: ApiClient | undefined,
  options: GatherOptions,
  failures: FailedAnswer[],
): Promise<Pick<PreflightFacts, "state" | "shardStates" | "shardSearch">> {
  const location = options.stateLocation;
  const read = (where: StateLocation): StateRead =>
    where.kind === "local"
      ? Promise.resolve({ reading: readLocalState(where.file) })
      : client === undefined
        ? Promise.resolve(undefined)
        : readCloudState(where, options.cloudState, failures);
  const known = new Set(options.shardStateLocations?.keys());
  const [shared, located, others] = await Promise.all([
    read(location),
    Promise.all(
      [...(options.shardStateLocations ?? [])].map(async ([id, where]) => [id, where, await read(where)] as const),
    ),
    location.kind === "cloud" && client !== undefined
      ? otherShardStates(location, options.cloudState, known, failures)
      : undefined,
  ]);
  const shards = [
    ...located.map(([id, where, state]) => [id, shardStateFact(where, state)] as const),
    ...(others?.states ?? []),
  ].sort(([a], [b]) => byShardNumber(a, b));
  return {
    ...(shared === undefined ? {} : { state: { location, ...shared } }),
    ...(options.shardStateLocations === undefined && shards.length === 0 ? {} : { shardStates: new Map(shards) }),
    ...(others === undefined ? {} : { shardSearch: others.search }),
  };
}

/** Reads the local state files stacks whose state is in Terraform Cloud now may have left. */
const readLocalStatesLeft = (
  files: NonNullable<GatherOptions["localStatesLeft"]>,
): ReadonlyMap<string, LocalStateLeft> =>
  new Map(
    [...files].map(([id, { file, keptIn }]) => [
      id,
      { location: { kind: "local", file }, reading: readLeftLocalState(file), keptIn },
    ]),
  );

/** The value of an answer; a refusal preflight expects becomes its meaning, any other goes once into `failures`. */
function answerReader(failures: FailedAnswer[]) {
  return <T, R = T>(
    answer: ApiAnswer<T>,
    expected?: (refusal: Extract<ApiAnswer<T>, { readonly kind: "refused" }>) => R | undefined,
  ): T | R | undefined => {
    if (answer.kind === "ok") return answer.value;
    if (answer.kind === "failed") {
      failures.push(answer);
      return undefined;
    }
    const meaning = expected?.(answer);
    if (meaning === undefined)
      failures.push({
        kind: "failed",
        request: answer.request,
        detail: refusalDetail(answer),
        advice: OWNER_TOKEN_ADVICE,
      });
    return meaning;
  };
}

/** The workspaces as `PreflightFacts` holds them: by name. */
const workspacesByName = (list: readonly Workspace[]) => new Map(list.map((workspace) => [workspace.name, workspace]));

/** The teams as `PreflightFacts` holds them: by name lower-cased, as Terraform Cloud compares them. */
const teamsByName = (list: readonly Team[]) => new Map(list.map((team) => [nameKey(team.name), team]));

/** The organization's workspaces and teams as Terraform Cloud lists them now, in `PreflightFacts`' shape. */
export type ListedNames = Pick<PreflightFacts, "workspaces" | "teams">;

/**
 * The organization's workspaces, and its teams when `teams`, listed again as preflight lists them: deploy asks, after a
 * stack's deploy, whether a workspace or team its state holds has its name in Terraform Cloud now (renamed back in
 * place, or still renamed by hand). A list without a usable answer: why, in one line.
 */
export async function listNamesAgain(
  client: ApiClient,
  organization: string,
  teams: boolean,
): Promise<Result<ListedNames>> {
  const [workspaceList, teamList] = await Promise.all([
    listWorkspaces(client, organization),
    teams ? listTeams(client, organization) : undefined,
  ]);
  const unusable = (answer: Exclude<ApiAnswer<unknown>, { readonly kind: "ok" }>) =>
    fail(answer.kind === "failed" ? describeFailure(answer) : describeRefusal(answer));
  if (workspaceList.kind !== "ok") return unusable(workspaceList);
  if (teamList !== undefined && teamList.kind !== "ok") return unusable(teamList);
  return ok({ workspaces: workspacesByName(workspaceList.value), teams: teamList && teamsByName(teamList.value) });
}

/** Which lists preflight reads: only those a check of this config weighs, as each may be slow or refused. */
function listsWanted(config: WorkshopConfig, hostname: string | undefined) {
  const wantsTeams = createdTeamNames(config).length > 0;
  const wantsMemberships = attendeeRoom(config).environments.some((attendee) => attendee.email !== undefined);
  const adopted = new Set(config.import?.teams.map(nameKey));
  const tokens = createdTeamTokens(config);
  const onEnterprise = hostname !== undefined && !HCP_TERRAFORM_HOSTNAMES.includes(hostname);
  const wantsTeamTokens =
    tokens.length > 0 && (onEnterprise || tokens.some((token) => adopted.has(nameKey(token.team))));
  return { wantsTeams, wantsMemberships, wantsTeamTokens };
}

/**
 * Asks Terraform Cloud, read-only, what preflight needs to know: who the token is, the organization, and,
 * when the organization is visible, its plan, workspaces, teams, organization token and projects; and reads the stack's
 * state, to tell what the stack manages already. Every request is a GET.
 */
export async function gatherFacts(
  config: WorkshopConfig,
  client: ApiClient | undefined,
  options: GatherOptions,
): Promise<PreflightFacts> {
  const failures: FailedAnswer[] = [];
  const states = readStates(client, options, failures);
  const base = {
    now: options.now,
    disposableMachine: options.disposableMachine,
    hasToken: client !== undefined,
    hostname: options.hostname,
    ...(options.localStatesLeft === undefined ? {} : { localStatesLeft: readLocalStatesLeft(options.localStatesLeft) }),
    failures,
  };
  const withState = async <T extends object>(facts: T) => ({ ...base, ...facts, ...(await states) });
  if (client === undefined) return withState({});

  const usable = answerReader(failures);
  /** A 404 that a check weighs: absent, or not visible to this token. */
  const notVisible = (refused: { readonly refusal: string }) =>
    refused.refusal === "not-visible" ? ("not-visible" as const) : undefined;
  const organizationName = config.organization.name;

  const account = usable(await readAccount(client), (refused) =>
    refused.refusal === "token-refused" ? ("rejected" as const) : undefined,
  );
  if (account === undefined || account === "rejected") return withState({ account });

  const organization = usable(await readOrganization(client, organizationName), notVisible);
  if (organization === undefined || organization === "not-visible") return withState({ account, organization });

  const { wantsTeams, wantsMemberships, wantsTeamTokens } = listsWanted(config, options.hostname);
  const [entitlements, workspaces, teams, organizationToken, projects, memberships, teamTokens] = await Promise.all([
    wantsTeams ? readEntitlementSet(client, organizationName) : undefined,
    listWorkspaces(client, organizationName),
    wantsTeams ? listTeams(client, organizationName) : undefined,
    config.organization.token === undefined ? undefined : readOrganizationToken(client, organizationName),
    config.project === undefined ? undefined : listProjects(client, organizationName),
    wantsMemberships ? listOrganizationMemberships(client, organizationName) : undefined,
    wantsTeamTokens ? listTeamTokens(client, organizationName) : undefined,
  ]);
  const workspaceList = usable(workspaces);
  const tokenOf = (answer: typeof organizationToken) => {
    const found = answer === undefined ? undefined : usable(answer, notVisible);
    return found === undefined || found === "not-visible" ? found : ("found" as const);
  };
  const teamList = teams === undefined ? undefined : usable(teams);
  const memberList = memberships === undefined ? undefined : usable(memberships, notVisible);
  return withState({
    account,
    organization,
    teamsEntitlement: entitlements === undefined ? undefined : usable(entitlements)?.teams,
    workspaces: workspaceList === undefined ? undefined : workspacesByName(workspaceList),
    teams: teamList === undefined ? undefined : teamsByName(teamList),
    organizationToken: tokenOf(organizationToken),
    projects: projects === undefined ? undefined : usable(projects),
    memberships:
      memberList === undefined || memberList === "not-visible"
        ? memberList
        : new Map(memberList.map((membership) => [membership.id, membership])),
    teamTokens: teamTokens === undefined ? undefined : usable(teamTokens, notVisible),
  });
}

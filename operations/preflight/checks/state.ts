import { relative } from "node:path";
import { blocker, emptyDroppedShards, ok, warning, type CheckItem, type PreflightCheck } from "../check";
import type { WorkshopConfig } from "../../../config/schema";
import type { PreflightFacts, ShardStateFact, StackStateFact } from "../facts";
import type { ManagedObjects, StateLocation } from "../../stack-state";
import { STACK_ID } from "../../../stacks/workshop-stack";
import { LOCAL_EXECUTION } from "../../../terraform-cloud/workspace-settings";
import { count } from "../../../text/count";
import { shardNamePrefix } from "../../../workshop/defaults";

/** A local file as the user would type it: relative to where they are, unless it is above. */
export function shownFile(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith("..") ? file : shown;
}

/** How a state location reads in a line: the file as the user would type it, or the workspace. */
export function describeLocation(location: StateLocation): string {
  if (location.kind === "cloud")
    return `the Terraform Cloud workspace ${location.organization}/${location.workspace} on ${location.hostname}`;
  return `the local file ${shownFile(location.file)}`;
}

/**
 * The fix of a state preflight could not read: restore a file; for a workspace hidden from the token, one that sees
 * whether it exists (an owner's), or access to it, unless the token is also blocked for not seeing every shard state
 * workspace, which only an owner's token lifts; else a look at the workspace and the token.
 */
function unreadableFix(state: StackStateFact, facts: PreflightFacts): string {
  const { location } = state;
  if (location.kind === "local")
    return "restore the state file (Terraform keeps the previous one as .backup) and run preflight again";
  if (state.workspace !== "not-visible")
    return "check the state workspace and the token for its host, and run preflight again";
  const owner = `run preflight with a user token of an owner of ${location.organization}, who sees whether it exists`;
  return seesSomeWorkspaces(facts)
    ? owner
    : `${owner}, or give this token's team access to ${location.workspace} if it does`;
}

/** Whether the token listed the state organization's shard state workspaces without seeing every workspace there. */
const seesSomeWorkspaces = ({ shardSearch }: PreflightFacts): boolean =>
  shardSearch?.kind === "listed" && shardSearch.seesEveryWorkspace === false;

/** What the shared stack's state manages; in a sharded room it names that stack, the shards' being another line. */
function summary(managed: ManagedObjects, sharded: boolean): string {
  const whose = sharded ? `stack ${STACK_ID}` : "this stack";
  return `${count(managed.workspaces.size, "workspace")} and ${count(managed.teams.size, "team")} managed by ${whose}`;
}

/** Several Terraform Cloud workspaces that keep states, in a line; one is {@link describeLocation}'s. */
function describeWorkspaces(states: readonly StackStateFact[]): string {
  const cloud = states.flatMap(({ location }) => (location.kind === "cloud" ? [location] : []));
  const [first] = cloud;
  if (first === undefined || cloud.length === 1)
    return states.map(({ location }) => describeLocation(location)).join(", ");
  const names = cloud.map((location) => location.workspace).join(", ");
  return `the Terraform Cloud workspaces ${names} of ${first.organization} on ${first.hostname}`;
}

/**
 * What the line of local state files adds: Terraform keeps every token it creates there in plain text (`held`: they
 * hold some already; `one`: the shared stack's file, else the shards').
 */
const holdsTokens = (held: boolean, one: boolean) =>
  `; ${one ? "it" : "their local files"} ${held ? (one ? "holds" : "hold") : "will hold"} the tokens in plain text, ` +
  `keep ${one ? "it" : "them"} private`;

/** Where Terraform Cloud sets a workspace's own execution mode. */
const LOCAL_SETTING = 'Settings, General, Execution Mode: "Local"';

/** How to make a state workspace that runs nothing in Terraform Cloud. */
const CREATE_LOCAL =
  `with local execution before the deploy: in Terraform Cloud, New, Workspace, CLI-Driven Workflow, then in its ` +
  `${LOCAL_SETTING} (docs/large-rooms.md, "State workspaces in Terraform Cloud", has the API call)`;

/** What a state workspace that is not local would do to the deploy. */
const RUNS_REMOTELY = "the deploy's plan would run in Terraform Cloud";

/** Subject-verb agreement of a line about one or several workspaces. */
const agreeing = (n: number) =>
  n === 1
    ? { it: "it", its: "its", does: "does", is: "is", itself: "itself", s: "" }
    : { it: "them", its: "their", does: "do", is: "are", itself: "themselves", s: "s" };

/**
 * What is wrong with the Terraform Cloud workspaces that keep these states, one line for each kind of wrong: absent
 * (`terraform init` would create them in their project's default execution mode, remote unless the project says
 * otherwise); in remote or agent execution (the deploy's plan would run in Terraform Cloud, where the tfe provider has
 * no token of this machine's); local only by their project's default (API changelog 2025-07-11), which a change of
 * that default makes remote.
 */
function stateWorkspaceItems(subject: string, states: readonly StackStateFact[]): CheckItem[] {
  const absent = states.filter((state) => state.workspace === "absent");
  const listed = states.flatMap((state) =>
    typeof state.workspace === "object" ? [{ state, workspace: state.workspace }] : [],
  );
  const remote = listed.filter(({ workspace }) => workspace.executionMode !== LOCAL_EXECUTION);
  const inherited = listed.filter(
    ({ workspace }) => workspace.executionMode === LOCAL_EXECUTION && workspace.followsProjectExecutionMode,
  );
  const items: CheckItem[] = [];
  if (absent.length > 0) {
    const { it, does } = agreeing(absent.length);
    const finding =
      `${describeWorkspaces(absent)} ${does} not exist: terraform init would create ${it} in the project's default ` +
      `execution mode, remote unless the project says otherwise, and ${RUNS_REMOTELY}, without this machine's token`;
    items.push(blocker(subject, finding, `create ${it} ${CREATE_LOCAL}`));
  }
  if (remote.length > 0) {
    const { is, s } = agreeing(remote.length);
    const modes = [...new Set(remote.map(({ workspace }) => workspace.executionMode))].join(" and ");
    const where = describeWorkspaces(remote.map(({ state }) => state));
    items.push(
      blocker(
        subject,
        `${where} ${is} in ${modes} execution: ${RUNS_REMOTELY}, without this machine's token`,
        `choose ${LOCAL_SETTING} on the workspace${s}, so that Terraform only keeps the state there`,
      ),
    );
  }
  if (inherited.length > 0) {
    const { it, its, is, itself, s } = agreeing(inherited.length);
    const where = describeWorkspaces(inherited.map(({ state }) => state));
    items.push(
      warning(
        subject,
        `${where} ${is} in local execution only by ${its} project's default: a change of that default would make ` +
          `${it} remote, and ${RUNS_REMOTELY}`,
        `choose ${LOCAL_SETTING} on the workspace${s} ${itself}, not the project's default`,
      ),
    );
  }
  return items;
}

/**
 * The blocker of a state organization whose shard state workspaces could not be listed, or were listed by a token
 * that may not see them all. A shard state workspace beyond the config's shards (of a room deployed with more, or in
 * shards the config no longer has) may hold rooms, and no stack of this config deploys it: the attendees of its rooms
 * that the config removes would keep their workspaces and valid tokens while the deploy reports them removed, and those
 * it keeps would get rooms created again in their shards, under names Terraform Cloud has taken (a create that fails,
 * so nothing is duplicated, but after the stacks before it were applied). Found, it is the shards check's blocker;
 * hidden, only an owner's token, which sees every workspace, can show there is none: team access granted to each
 * workspace cannot, as no answer of the API says a token sees them all.
 */
function unlistedShards(facts: PreflightFacts): CheckItem[] {
  const { shardSearch } = facts;
  const location = facts.state?.location;
  if (location?.kind !== "cloud") return [];
  if (seesSomeWorkspaces(facts))
    return [
      blocker(
        "state of the shards",
        `this token may not see every workspace of ${location.organization} on ${location.hostname}, so a shard ` +
          `state workspace ${shardNamePrefix(location.workspace)}N hidden from it would not be found: one of a room ` +
          "deployed with more shards, or in shards this config no longer has, holds rooms no stack of this config " +
          "deploys, and the deploy would leave those it removes with their tokens valid, and create again those " +
          "it keeps, under names Terraform Cloud has taken",
        `run preflight with a user token of an owner of ${location.organization} on ${location.hostname}, who sees ` +
          "every workspace there",
      ),
    ];
  if (shardSearch?.kind !== "refused") return [];
  return [
    blocker(
      "state of the shards",
      `the workspaces ${shardNamePrefix(location.workspace)}N of ${location.organization} on ${location.hostname} ` +
        `could not be listed (${shardSearch.problem}): preflight cannot tell whether the room was deployed in more ` +
        "shards than this config has, or in shards it no longer has",
      `check the token for ${location.hostname} (it must see every workspace of ${location.organization}) and run ` +
        "preflight again",
    ),
  ];
}

/** A shard's state that got an answer, read or not. */
const answered = (state: ShardStateFact): state is StackStateFact => state.reading.kind !== "unanswered";

/**
 * The line of shards whose state's read got no usable answer (the request's own line says what came back): what they
 * hold is not known, so nothing is counted from the others alone.
 */
function unansweredShards(ids: readonly string[]): CheckItem[] {
  if (ids.length === 0) return [];
  const one = ids.length === 1;
  return [
    warning(
      "state of the shards",
      `${ids.join(", ")} ${one ? "was" : "were"} not read (no usable answer from Terraform Cloud): preflight ` +
        `cannot tell what ${one ? "this shard manages" : "these shards manage"}, and concludes nothing about the ` +
        "room's workspaces and teams",
      "run preflight again once Terraform Cloud answers",
    ),
  ];
}

/** The line of the states of shards the config does not have that hold no room: safe to delete, and not counted. */
function droppedShards(dropped: ReadonlyMap<string, StackStateFact>): CheckItem[] {
  if (dropped.size === 0) return [];
  const one = dropped.size === 1;
  const [are, shards, hold] = one ? ["is", "shard", "holds"] : ["are", "shards", "hold"];
  return [
    ok(
      "state of the shards",
      `${[...dropped.keys()].join(", ")} ${are} no ${shards} of this config and ${hold} no room: ` +
        `${describeWorkspaces([...dropped.values()])} ${are} safe to delete ` +
        "(docs/large-rooms.md, Changing the count of shards)",
    ),
  ];
}

/**
 * The shards' states: a blocker for each that cannot be read, a line for those not answered, else one for them all
 * but the empty states of shards the config does not have, which have a line of their own.
 */
function shardStateItems(config: WorkshopConfig, facts: PreflightFacts): CheckItem[] {
  const dropped = emptyDroppedShards(config, facts);
  const shards = [...(facts.shardStates ?? [])].filter(([id]) => !dropped.has(id));
  const unlisted = unlistedShards(facts);
  if (shards.length === 0) return [...unlisted, ...droppedShards(dropped)];
  const unreadable = shards.flatMap(([id, state]) =>
    answered(state) && state.reading.kind === "unreadable"
      ? [
          blocker(
            `state of ${id}`,
            `${describeLocation(state.location)} ${state.reading.problem}: preflight cannot ` +
              "tell what this shard manages, nor what the deploy would remove",
            unreadableFix(state, facts),
          ),
        ]
      : [],
  );
  const unanswered = shards.flatMap(([id, state]) => (answered(state) ? [] : [id]));
  const wrong = [
    ...unlisted,
    ...unreadable,
    ...unansweredShards(unanswered),
    ...stateWorkspaceItems(
      "state of the shards",
      shards.flatMap(([, state]) => (answered(state) ? [state] : [])),
    ),
  ];
  if (unanswered.length > 0 || wrong.some((item) => item.level === "blocker")) return wrong;
  const read = shards.flatMap(([, state]) => (state.reading.kind === "read" ? [state.reading.managed] : []));
  const workspaces = read.reduce((sum, managed) => sum + managed.workspaces.size, 0);
  const teams = read.reduce((sum, managed) => sum + managed.teams.size, 0);
  const fresh = shards.length - read.length;
  const local = shards.every(([, state]) => state.location.kind === "local");
  return [
    ...wrong,
    ok(
      "state of the shards",
      `${count(shards.length, "shard")}, each in a state of its own: ` +
        `${count(workspaces, "workspace")} and ${count(teams, "team")} managed by ` +
        "them" +
        `${fresh > 0 ? `; ${count(fresh, "shard")} without state yet, deployed for the first time` : ""}` +
        `${local ? holdsTokens(read.length > 0, false) : ""}`,
    ),
    ...droppedShards(dropped),
  ];
}

/** Where the state lives, what it says the stack manages, and whether it survives the machine that deploys. */
export const stateCheck: PreflightCheck = (config, facts) => [
  ...sharedStateItems(config, facts),
  ...shardStateItems(config, facts),
];

function sharedStateItems(config: Parameters<PreflightCheck>[0], facts: PreflightFacts): CheckItem[] {
  const subject = "state";
  const state = facts.state;
  if (config.state === undefined && facts.disposableMachine) {
    return [
      blocker(
        subject,
        "a local file on a machine that is thrown away after the job: the next deploy would start from nothing",
        'set "state" in the config to keep it in a Terraform Cloud workspace',
      ),
    ];
  }
  if (state === undefined) return [];
  const where = describeLocation(state.location);
  const { reading } = state;
  if (reading.kind === "unreadable") {
    return [
      blocker(
        subject,
        `${where} ${reading.problem}: preflight cannot tell what this stack manages, nor what the deploy would remove`,
        unreadableFix(state, facts),
      ),
    ];
  }
  const local = state.location.kind === "local";
  const wrong = stateWorkspaceItems(subject, [state]);
  if (wrong.some((item) => item.level === "blocker")) return wrong;
  return [...wrong, ...readState(subject, where, reading, local, facts)];
}

/** The line of the shared stack's state as read: what it manages, or none yet. */
function readState(
  subject: string,
  where: string,
  reading: Exclude<StackStateFact["reading"], { readonly kind: "unreadable" }>,
  local: boolean,
  facts: PreflightFacts,
): CheckItem[] {
  if (reading.kind === "none") {
    return [
      ok(subject, `${where}: no state yet, this is the first ` + "deploy" + `${local ? holdsTokens(false, true) : ""}`),
    ];
  }
  return [
    ok(
      subject,
      `${where}: ${summary(reading.managed, (facts.shardStates?.size ?? 0) > 0)}` +
        `${local ? holdsTokens(true, true) : ""}`,
    ),
  ];
}

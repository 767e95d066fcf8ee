import { relative } from "node:path";
import { blocker, ok, type CheckItem, type PreflightCheck } from "../check";
import type { PreflightFacts } from "../facts";
import type { ManagedObjects, StateLocation } from "../../stack-state";
import { STACK_ID } from "../../../stacks/workshop-stack";
import { count } from "../../../text/count";

/** How a state location reads in a line: the file as the user would type it, or the workspace. */
export function describeLocation(location: StateLocation): string {
  if (location.kind === "cloud")
    return `the Terraform Cloud workspace ${location.organization}/${location.workspace} on ${location.hostname}`;
  const shown = relative(process.cwd(), location.file);
  return `the local file ${shown.startsWith("..") ? location.file : shown}`;
}

/** What the shared stack's state manages; in a sharded room it names that stack, the shards' being another line. */
function summary(managed: ManagedObjects, sharded: boolean): string {
  const whose = sharded ? `stack ${STACK_ID}` : "this stack";
  return `${count(managed.workspaces.size, "workspace")} and ${count(managed.teams.size, "team")} managed by ${whose}`;
}

/** The shards' states: a blocker for each that cannot be read, else one line for them all. */
function shardStateItems(facts: PreflightFacts): CheckItem[] {
  const shards = [...(facts.shardStates ?? [])];
  if (shards.length === 0) return [];
  const unreadable = shards.flatMap(([id, state]) =>
    state.reading.kind === "unreadable"
      ? [
          blocker(
            `state of ${id}`,
            `${describeLocation(state.location)} ${state.reading.problem}: preflight cannot tell what this shard manages, nor what the deploy would remove`,
            state.location.kind === "local"
              ? "restore the state file (Terraform keeps the previous one as .backup) and run preflight again"
              : "check the state workspace and the token for its host, and run preflight again",
          ),
        ]
      : [],
  );
  if (unreadable.length > 0) return unreadable;
  const read = shards.flatMap(([, state]) => (state.reading.kind === "read" ? [state.reading.managed] : []));
  const workspaces = read.reduce((sum, managed) => sum + managed.workspaces.size, 0);
  const teams = read.reduce((sum, managed) => sum + managed.teams.size, 0);
  const fresh = shards.length - read.length;
  return [
    ok(
      "state of the shards",
      `${count(shards.length, "shard")}, each in a state of its own: ${count(workspaces, "workspace")} and ${count(teams, "team")} managed by them${fresh > 0 ? `; ${count(fresh, "shard")} without state yet, deployed for the first time` : ""}`,
    ),
  ];
}

/** Where the state lives, what it says the stack manages, and whether it survives the machine that deploys. */
export const stateCheck: PreflightCheck = (config, facts) => [
  ...sharedStateItems(config, facts),
  ...shardStateItems(facts),
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
        state.location.kind === "local"
          ? "restore the state file (Terraform keeps the previous one as .backup) and run preflight again"
          : "check the state workspace and the token for its host, and run preflight again",
      ),
    ];
  }
  const local = state.location.kind === "local";
  if (reading.kind === "none") {
    return [
      ok(
        subject,
        `${where}: no state yet, this is the first deploy${local ? "; it will hold the tokens in plain text, keep it private" : ""}`,
      ),
    ];
  }
  return [
    ok(
      subject,
      `${where}: ${summary(reading.managed, (facts.shardStates?.size ?? 0) > 0)}${local ? "; it holds the tokens in plain text, keep it private" : ""}`,
    ),
  ];
}

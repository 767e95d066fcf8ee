import { spawnSync } from "node:child_process";
import { REHEARSAL_LINEAGE, REHEARSAL_TOKEN_PREFIX, REHEARSAL_VARIABLES } from "../operations/rehearsal";
import { describeLocation } from "../operations/preflight/checks/state";
import { findTerraform } from "../terraform/binary";
import { accessProblem, apiAccess, withStateToken, type ApiAccess } from "../terraform-cloud/access";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, synthesize, type Workshop } from "./prepare-workshop";
import {
  deployRecordPath,
  deployRecordText,
  localStack,
  readDeployRecord,
  readMovedRooms,
} from "../operations/deploy-record";
import { managedIn, roomIdsHeld } from "../operations/preflight/check";
import { stackPlan, type PlanRule, type StackPlan } from "../operations/stack-plan";
import { listNamesAgain, readStackState, type ListedNames, type PreflightFacts } from "../operations/preflight/facts";
import { writeFileSafely } from "../files/write";
import { errnoReason } from "../files/read";
import { STACK_ID } from "../stacks/workshop-stack";
import type { WorkshopStacks } from "../stacks/workshop-stacks";
import { count } from "../text/count";
import { attendeeRoom } from "../config/attendees";
import { stackDirectory } from "../operations/outputs";
import {
  readLocalState,
  stateHostname,
  stateLocation,
  type ManagedObjects,
  type StateLocation,
  type StateReading,
} from "../operations/stack-state";
import { movesRoom, roomMoves } from "../config/shards";
import { preflight, type PreflightOptions } from "./preflight";
import { ApiSession } from "./api-session";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";
import { fail, ok, type Result } from "../text/result";

/** Terraform's parallelism for plan and apply: six requests in flight stay under Terraform Cloud's rate limit. */
export const DEPLOY_PARALLELISM = 6;

/** Options of {@link deploy}. */
export interface DeployOptions extends PreflightOptions {
  /** Arguments for `cdktf deploy`, such as `--auto-approve`. */
  readonly args: readonly string[];
  /**
   * Runs the cdktf CLI and returns its exit code; tests replace it.
   * @default the cdktf-cli of node_modules, in a child process sharing this terminal
   */
  readonly runCdktf?: (args: readonly string[], env: NodeJS.ProcessEnv) => number;
  /**
   * Where the terraform binary is, or undefined; tests replace it.
   * @default the first executable `terraform` on the PATH
   */
  readonly findTerraform?: (env: NodeJS.ProcessEnv) => string | undefined;
  /**
   * Runs terraform in a stack's directory and returns its exit code; tests replace it.
   * @default the terraform `findTerraform` finds, in a child process, its output discarded
   */
  readonly runTerraform?: (args: readonly string[], directory: string, env: NodeJS.ProcessEnv) => number;
}

/** The cdktf CLI a deploy runs: cdktf-cli's bin (its package has no other public entry). */
export const CDKTF_CLI = "cdktf-cli/bundle/bin/cdktf";

function runCdktf(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const cli = require.resolve(CDKTF_CLI);
  return spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env }).status ?? 1;
}

/** Runs the terraform binary given in a directory, its output discarded: its exit code says what is asked. */
const runTerraform =
  (terraform: string): NonNullable<DeployOptions["runTerraform"]> =>
  (args, directory, env) =>
    spawnSync(terraform, args, { cwd: directory, env, stdio: "ignore" }).status ?? 1;

/** A user's own TF_CLI_ARGS for a command, with the deploy's parallelism added unless they set one. */
function withParallelism(own: string | undefined): string {
  const parallelism = `-parallelism=${DEPLOY_PARALLELISM}`;
  if (own === undefined || own.trim() === "") return parallelism;
  return /(^|\s)-parallelism=/.test(own) ? own : `${own} ${parallelism}`;
}

/** Why the deploy cannot start without terraform. */
const NO_TERRAFORM =
  "terraform is not on the PATH: cdktf deploy runs it. " +
  "Install Terraform 1.7 or later (1.11 is tested) and run npm run deploy again.";

/**
 * What the deploy would get wrong that preflight cannot see: no terraform to run, a rehearsal's token, or a provider
 * that deploys to another host than the one preflight checked (the tfe provider reads TFE_HOSTNAME, never TFE_ADDRESS).
 */
function deployProblem(options: DeployOptions, terraform: string | undefined): string | undefined {
  const refused = accessProblem(options.env, options.home);
  if (refused !== undefined) return refused;
  if (terraform === undefined) return NO_TERRAFORM;
  const { hostname, token } = apiAccess(options.env, options.home);
  if (token?.startsWith(REHEARSAL_TOKEN_PREFIX) === true) {
    return (
      "the token is one npm run rehearse handed out, for its stand-in of Terraform Cloud, and the deploy " +
      "goes to Terraform Cloud itself. Against the rehearsal, run preflight, verify, status, handout and the " +
      `board; to deploy, open a new shell, or unset ${REHEARSAL_VARIABLES.join(" ")} (every variable the ` +
      "rehearsal's env file sets), and use your own token (terraform login, or TFE_TOKEN)."
    );
  }
  const address = options.env.TFE_ADDRESS;
  if (address) {
    let checked: string;
    try {
      checked = new URL(address).host;
    } catch {
      return undefined;
    }
    if (checked.toLowerCase() !== hostname.toLowerCase()) {
      return (
        `preflight checks ${checked} (TFE_ADDRESS), but the tfe provider deploys to ${hostname} ` +
        `(TFE_HOSTNAME${options.env.TFE_HOSTNAME ? "" : ", unset: its default"}), which it ` +
        `reads instead: unset TFE_ADDRESS, or set TFE_HOSTNAME to ${checked}.`
      );
    }
  }
  return undefined;
}

/**
 * `npm run deploy`: preflight first, and `cdktf deploy` only when it finds no blocker, with Terraform's
 * parallelism set for Terraform Cloud's rate limit (in the environment, so it works on every shell, kept beside
 * a user's own TF_CLI_ARGS_plan and TF_CLI_ARGS_apply).
 */
export async function deploy(given: DeployOptions): Promise<number> {
  const options = safeLines(given);
  const terraformFound = (options.findTerraform ?? findTerraform)(options.env);
  const problem = deployProblem(options, terraformFound);
  if (problem !== undefined || terraformFound === undefined) {
    options.report(`deploy: ${problem ?? NO_TERRAFORM}`);
    return 1;
  }
  // The config first, on its own: a refused config is no preflight finding, and says so.
  const workshop = prepareWorkshop(options);
  if (workshop === undefined) return 1;
  const stackName = workshop.shards.size === 0 ? undefined : stackNameGiven(workshop, options.args);
  if (stackName !== undefined) {
    options.report(
      `deploy: ${stackName} names a stack, and npm run deploy of a sharded room chooses its stacks itself, ` +
        "each in a cdktf deploy of its own, so it takes no stack name: run npm run deploy for the stacks that " +
        `changed, or npm run deploy -- ${ALL_SHARDS_OPTION} for every stack. npx cdktf deploy ${stackName} ` +
        `${ORDERED_BY_US} would deploy that stack alone, but without preflight, the record, or the deploy's ` +
        `parallelism (${DEPLOY_PARALLELISM}) and TFE_TOKEN.`,
    );
    return 1;
  }
  const output = options.args.find((arg) => /^(--output|-o)(=|$)/.test(arg));
  if (output !== undefined) {
    options.report(
      `deploy: ${output} is npm run deploy's own: it synthesizes the stacks preflight checked into the output ` +
        "directory (CDKTF_OUTDIR, cdktf.out when unset) and has cdktf deploy read them there. Set CDKTF_OUTDIR " +
        "instead, and run npm run deploy again.",
    );
    return 1;
  }
  let facts: PreflightFacts | undefined;
  const checked = await preflight({ ...options, prepared: workshop, gathered: (gathered) => (facts = gathered) });
  if (checked !== 0) {
    options.report(
      "Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.",
    );
    return checked;
  }
  const pretend = rehearsalState(facts);
  if (pretend !== undefined) {
    options.report(`deploy: ${pretend}`);
    return 1;
  }
  // cdktf deploy would run the app again, which reads the config as it is by then: it reads what preflight checked.
  if (!synthesize(workshop, options.report)) return 1;
  const access = apiAccess(options.env, options.home);
  const environment = deployEnvironment(
    options.env,
    access,
    workshop.config.state && stateHostname(workshop.config.state),
  );
  const run = options.runCdktf ?? runCdktf;
  const checkedSynth = [SKIP_SYNTH, "--output", workshop.app.outdir];
  if (workshop.shards.size === 0) return run(["deploy", ...checkedSynth, ...options.args], environment);
  const states = statesRead({ shared: workshop.stack, shards: workshop.shards }, facts);
  if (!states.ok) {
    options.report(`deploy: ${states.problem}`);
    return 1;
  }
  const terraform = options.runTerraform ?? runTerraform(terraformFound);
  return deployShards(workshop, states.value, { ...options, run, terraform, environment, checkedSynth });
}

/**
 * Why a real deploy must not apply over a state preflight read: one a rehearsal wrote (lineage `rehearsal`). Terraform
 * keeps a state's lineage across applies, so the room's real state would stay the rehearsal's, and the next
 * npm run rehearse would replace it as its own. Undefined when no state read is one.
 */
function rehearsalState(facts: PreflightFacts | undefined): string | undefined {
  const states = [facts?.state, ...(facts?.shardStates?.values() ?? [])];
  const pretend = states.find((state) => state?.reading.kind === "read" && state.reading.lineage === REHEARSAL_LINEAGE);
  if (pretend === undefined) return undefined;
  return (
    `${describeLocation(pretend.location)} holds a rehearsal's pretend state (lineage ${REHEARSAL_LINEAGE}), which ` +
    "a real apply would keep as the rehearsal's, for npm run rehearse to replace: when CDKTF_OUTDIR or " +
    "WORKSHOP_CONFIG is left from source rehearsal/env, open a new shell; otherwise give CDKTF_OUTDIR a directory " +
    "of its own."
  );
}

/**
 * Each stack of a sharded room is deployed by a cdktf deploy of its own, in the order `deployShards` chooses; cdktf
 * refuses to deploy a stack whose dependency (every shard depends on the shared stack, a receiving stack on the one a
 * room leaves) is not in the same run, unless told the order is the caller's with this flag.
 */
export const ORDERED_BY_US = "--ignore-missing-stack-dependencies";

/**
 * cdktf deploy's flag that reads the stacks synthesized in its `--output` directory (its manifest.json) instead of
 * running the app, which would read the config again as it is by then: npm run deploy synthesizes there what preflight
 * checked, and every cdktf deploy it starts deploys that.
 */
export const SKIP_SYNTH = "--skip-synth";

/** What `npm run deploy` takes itself, not passed on to cdktf deploy: plan every stack, changed or not. */
export const ALL_SHARDS_OPTION = "--all";

/**
 * The options of cdktf-cli 0.21's deploy (and its global `--log-level`) that take the next argument as their value,
 * as its yargs builder declares them: that value is not a stack name.
 */
const VALUE_OPTIONS = new Set([
  "--app",
  "-a",
  "--output",
  "-o",
  "--outputs-file",
  "--parallelism",
  "--terraform-parallelism",
  "--var",
  "--var-file",
  "--log-level",
]);

/** The arguments cdktf deploy takes as stack names: neither an option nor an option's separate value. */
const positionals = (args: readonly string[]) =>
  args.filter((arg, index) => !arg.startsWith("-") && !VALUE_OPTIONS.has(args[index - 1] ?? ""));

/**
 * The first argument that names stacks of the room for cdktf deploy (a stack id, or a pattern with `*` or `?` that
 * cdktf matches against them), or undefined: cdktf would add it to every deploy of a stack, and deploy it each time.
 */
function stackNameGiven(workshop: Workshop, args: readonly string[]): string | undefined {
  const ids = workshop.stacks.map((stack) => stack.node.id);
  const matches = (pattern: string) => {
    const glob = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
    );
    return ids.some((id) => glob.test(id));
  };
  return positionals(args).find(matches);
}

/**
 * The plan that tells whether a stack's `cdktf deploy` applied what was synthesized: cdktf-cli 0.21 exits 0 also when
 * the approval is declined (Dismiss and Stop end the run without an error), so its exit code cannot tell. With
 * `-detailed-exitcode`, exit 0 is "no change left to make"; 2 is changes, the plan that was not applied. The resources
 * are not refreshed (`-refresh=false`): the plan compares the config with the state the deploy left, and reads only
 * the data sources and the state, without taking the state's lock. Run only where it can change the record and
 * nothing cheaper tells: see `appliedOrNot`.
 */
export const APPLIED_CHECK = [
  "plan",
  "-refresh=false",
  "-detailed-exitcode",
  "-lock=false",
  "-input=false",
  "-no-color",
];

/** `terraform plan -detailed-exitcode`'s exit code for a plan with changes. */
const PLAN_HAS_CHANGES = 2;

/** One stack a sharded room's deploy runs, in its order. */
interface StackRun {
  readonly id: string;
  /** Its shard; undefined for the shared stack. */
  readonly shard?: number;
  /** What the record keeps of it once applied: the digest of its synthesized stack. */
  readonly digest: string;
  /** Whether the record holds that digest already: its deploy has nothing new to record (`--all`, a rotation). */
  readonly recorded: boolean;
  /** Why it is deployed though its stack did not change since this machine deployed it, in the progress's words. */
  readonly reason?: string;
  /** Those of its reasons that its state shows: read again after its deploy, it tells whether the deploy applied. */
  readonly shown: StackPlan["shown"];
  /** The ids of the stacks it depends on (the manifest's): not deployed after one of them was not applied. */
  readonly dependsOn: readonly string[];
}

/** How a progress line names a stack. */
const named = (run: Pick<StackRun, "id" | "shard">) =>
  run.shard === undefined ? `the shared stack ${run.id}` : `shard ${run.shard} (${run.id})`;

/** What `deployShards` runs with, besides the options. */
type ShardDeployOptions = DeployOptions & {
  readonly run: NonNullable<DeployOptions["runCdktf"]>;
  readonly terraform: NonNullable<DeployOptions["runTerraform"]>;
  readonly environment: NodeJS.ProcessEnv;
  /** The arguments that make cdktf deploy read the stacks synthesized from the config preflight checked. */
  readonly checkedSynth: readonly string[];
};

/** Why the progress says a shard is planned (without `--all`). */
const CHANGED_OR_DUE =
  "whose stack changed since this machine deployed it, whose state differs from the config or Terraform Cloud, " +
  "or whose rotation time has passed";

/** Why the progress says the shared stack is not planned: the same words, denied. */
const UNCHANGED_NOT_DUE =
  "whose stack did not change since this machine deployed it, whose state matches the config and Terraform Cloud, " +
  "and whose rotation time has not passed";

/** The stack's run when this deploy plans it, as `stackPlan` chooses; none otherwise. */
function runOf(
  { stack, shard, before }: StackState,
  plan: PlanRule & {
    readonly record: ReadonlyMap<string, string>;
    readonly outdir: string;
    /** The environment Terraform runs in: its TF_DATA_DIR says where an init keeps what it made. */
    readonly environment: NodeJS.ProcessEnv;
  },
): StackRun[] {
  const id = stack.node.id;
  const { digest, ...local } = localStack(stack, plan.record, plan.outdir, plan.environment);
  const planned = stackPlan(id, local, before, plan);
  if (planned === undefined) return [];
  const dependsOn = stack.dependencies.map((each) => each.node.id);
  return [{ id, shard, digest, recorded: local.recorded === "as recorded", ...planned, dependsOn }];
}

/** A stack of a sharded room, and what its state, as preflight read it, says it manages (nothing before a deploy). */
export interface StackState {
  readonly stack: Workshop["stacks"][number];
  /** Its shard; undefined for the shared stack. */
  readonly shard?: number;
  readonly before: ManagedObjects;
}

/** The stacks of a sharded room, each with its state as preflight read it, and what else preflight found. */
export interface StackStates {
  readonly facts: PreflightFacts;
  readonly shared: StackState;
  readonly shards: ReadonlyArray<StackState & { readonly shard: number }>;
}

/**
 * Each stack of a sharded room with its state as preflight read it. When preflight read not every one (no usable
 * answer, or not a state), why the deploy stops: nothing would tell whether such a stack is to deploy. Preflight stops
 * first, on the blocker of each (the request's, or the state's own).
 */
export function statesRead(stacks: WorkshopStacks, facts: PreflightFacts | undefined): Result<StackStates> {
  const shared = { stack: stacks.shared, shard: undefined, before: managedIn(facts?.state?.reading) };
  const shards = [...stacks.shards].map(([shard, stack]) => ({
    stack,
    shard,
    before: managedIn(facts?.shardStates?.get(stack.node.id)?.reading),
  }));
  const read = <T extends { readonly before?: ManagedObjects }>(state: T): state is T & StackState =>
    state.before !== undefined;
  if (facts !== undefined && read(shared) && shards.every(read)) return ok({ facts, shared, shards });
  const unread = [shared, ...shards]
    .filter((state) => !read(state))
    .map(({ stack, shard }) => named({ id: stack.node.id, shard }));
  const [states, them] = unread.length === 1 ? ["state", "it"] : ["states", "them"];
  return fail(
    `preflight did not read the ${states} of ${unread.join(", ")}: ` +
      `without ${them} nothing tells which stacks are to deploy, so nothing was deployed. Run npm run preflight to ` +
      "see why, then npm run deploy again",
  );
}

/**
 * The stacks of a sharded room this deploy runs, in order (see `runOf` for which): the shared stack first, or last
 * when the rooms move into it; the stacks rooms leave before those they move into. Also the progress line that names
 * them, and the shared stack when it is left out.
 */
function stackRuns(
  workshop: Workshop,
  states: StackStates,
  record: ReadonlyMap<string, string>,
  given: Pick<ShardDeployOptions, "now" | "environment"> & { readonly all: boolean },
) {
  const { all, now, environment } = given;
  const room = attendeeRoom(workshop.config);
  const moves = roomMoves(room);
  const sharedLast = moves.to.has(undefined);
  const plan = { record, all, now, room, facts: states.facts, outdir: workshop.app.outdir, environment };
  const shards = [...states.shards]
    .sort(({ shard: a }, { shard: b }) => Number(moves.from.has(b)) - Number(moves.from.has(a)) || a - b)
    .flatMap((state) => runOf(state, plan));
  const moving = sharedLast ? "rooms move into it" : moves.from.has(undefined) ? "rooms move out of it" : undefined;
  const shared = runOf(states.shared, { ...plan, moving })[0];
  const listed = shards.map(({ shard, reason }) => (reason === undefined ? `${shard}` : `${shard} (${reason})`));
  const why = all ? ` (${ALL_SHARDS_OPTION})` : ` ${CHANGED_OR_DUE}`;
  const which = `${shards.length} of ${count(workshop.shards.size, "shard")}${why}: ${listed.join(", ") || "none"}`;
  const leavingFirst = [...moves.from].some((place) => place !== undefined)
    ? ", the shards the rooms move out of first"
    : "";
  const runs = shared === undefined ? shards : sharedLast ? [...shards, shared] : [shared, ...shards];
  return { runs, shards, sharedLast, progress: progressOf(shared, { which, leavingFirst, sharedLast }) };
}

/** The progress line that names the stacks a sharded room's deploy runs; `shared` is the shared stack's run, if any. */
function progressOf(
  shared: StackRun | undefined,
  shards: { readonly which: string; readonly leavingFirst: string; readonly sharedLast: boolean },
): string {
  const { which, leavingFirst, sharedLast } = shards;
  if (shared === undefined)
    return `deploy: ${which}${leavingFirst}; not the shared stack ${STACK_ID}, ${UNCHANGED_NOT_DUE}`;
  if (sharedLast) return `deploy: ${which}, then the shared stack ${STACK_ID}, which the rooms move into`;
  const reason = shared.reason === undefined ? "" : ` (${shared.reason})`;
  return `deploy: the shared stack ${STACK_ID} first${reason}, then ${which}${leavingFirst}`;
}

/** The rooms a move takes out of their stacks, recorded before any stack forgets them; see `deployShards`. */
function keepMovedRooms(workshop: Workshop, facts: PreflightFacts, recordFile: string) {
  const room = attendeeRoom(workshop.config);
  const movedRooms = readMovedRooms(recordFile);
  const held = roomIdsHeld(facts);
  for (const { name } of room.environments) {
    const ids = held.get(name);
    if (movesRoom(name, room) && ids !== undefined) movedRooms.set(name, ids);
  }
  const unwritten =
    roomMoves(room).from.size > 0 && movedRooms.size > 0
      ? recordUnwritten(recordFile, deployRecordText(readDeployRecord(recordFile), movedRooms))
      : undefined;
  return { movedRooms, unwritten };
}

/** Writes the record; undefined once written, else why it could not be (a directory in its place, no permission). */
function recordUnwritten(recordFile: string, text: string): string | undefined {
  try {
    writeFileSafely(recordFile, text);
    return undefined;
  } catch (error) {
    return errnoReason(error);
  }
}

/**
 * A sharded room's deploy: the shared stack first (a shard looks its project up), then the shards, each stack only
 * when its synthesized stack differs from what this machine last deployed of it, or its state, as preflight read it,
 * shows a reason (`stateReasons`: its rotation time has passed, and its tokens would expire without new ones; it
 * differs from the config; it manages objects gone from Terraform Cloud), or, for the shared stack, rooms move into or
 * out of it; with `--all` every stack. Nothing to deploy: it says so, and runs nothing. One stack after the other,
 * each with the whole parallelism, so that the plans running together stay within the one rate limit; each stack's
 * approval, when cdktf asks for one, has the terminal to itself. A stack is recorded as deployed once `appliedOrNot`
 * finds it applied, at once, so that a deploy stopped halfway plans again only what it did not finish; one whose plan
 * was declined is not, and the stacks that depend on it are not deployed after it. While a migration moves rooms, the
 * stacks they leave deploy before those they move into: a leaving room's access and token are deleted before its new
 * stack creates them again, and the shared stack goes last when the rooms move into it.
 */
async function deployShards(workshop: Workshop, states: StackStates, options: ShardDeployOptions): Promise<number> {
  const all = options.args.includes(ALL_SHARDS_OPTION);
  const args = options.args.filter((arg) => arg !== ALL_SHARDS_OPTION);
  const recordFile = deployRecordPath(workshop.app.outdir);
  // Before any stack forgets a room: the ids its state holds, the evidence preflight later needs that a workspace or
  // team no state holds is this room's, forgotten by the move, and not a leftover of its name.
  const { movedRooms, unwritten } = keepMovedRooms(workshop, states.facts, recordFile);
  if (unwritten !== undefined) {
    options.report(
      `deploy: the record ${recordFile} could not be written (${unwritten}): it keeps the ids of the rooms the move ` +
        `takes out of their stacks before any stack forgets them, so nothing was deployed. ${RECORD_FIX}`,
    );
    return 1;
  }
  const record = readDeployRecord(recordFile);
  const { runs, shards, sharedLast, progress } = stackRuns(workshop, states, record, { ...options, all });
  if (runs.length === 0) {
    options.report(nothingToDeploy(workshop));
    return 0;
  }
  options.report(progress);
  const notApplied: StackRun[] = [];
  const skipped: StackRun[] = [];
  const planned: StackRun[] = [];
  const applied: StackRun[] = [];
  for (const [index, run] of runs.entries()) {
    if (run.dependsOn.some((id) => [...notApplied, ...skipped].some((each) => each.id === id))) {
      skipped.push(run);
      continue;
    }
    if (run.shard !== undefined)
      options.report(
        `deploy: ${named(run)}, ${shards.indexOf(run) + 1} of ${shards.length}` +
          (run.reason === undefined ? "" : `, ${run.reason}`),
      );
    const location = stateLocation(workshop.config, workshop.app.outdir, run.id, run.shard);
    const serial = localSerial(location);
    const code = options.run(["deploy", run.id, ORDERED_BY_US, ...options.checkedSynth, ...args], options.environment);
    if (code !== 0) {
      options.report(`deploy: ${failure(run, code, runs.slice(index + 1), sharedLast)}`);
      return code;
    }
    const outcome = await appliedOrNot(run, { location, serial }, workshop, options);
    if (typeof outcome === "object" && "problem" in outcome) {
      options.report(
        `deploy: ${named(run)}: ${outcome.problem}; not recorded as deployed, ` +
          `${notDeployed(runs.slice(index + 1))}. ${outcome.advice}`,
      );
      return 1;
    }
    if (outcome === "planned") {
      planned.push(run);
      continue;
    }
    if (typeof outcome === "object") {
      options.report(`deploy: ${named(run)} was not applied${outcome.left}; it stays to deploy`);
      notApplied.push(run);
      continue;
    }
    applied.push(run);
    record.set(run.id, run.digest);
    const failed = recordUnwritten(recordFile, deployRecordText(record, movedRooms));
    if (failed !== undefined) {
      options.report(
        `deploy: ${named(run)} was applied, but the record ${recordFile} could not be written (${failed}): ` +
          `it is not recorded as deployed, ${notDeployed(runs.slice(index + 1))}. ${RECORD_FIX}`,
      );
      return 1;
    }
  }
  if (notApplied.length > 0) {
    options.report(
      `deploy: not applied: ${notApplied.map(named).join(", ")}` +
        (skipped.length === 0 ? "" : `; ${DEPENDING} ${skipped.map(named).join(", ")}`) +
        ". They stay to deploy: run npm run deploy again and approve their plans",
    );
    return 1;
  }
  options.report(`deploy: ${done(applied, planned)}; recorded in ${recordFile}`);
  return 0;
}

/** What a sharded room's deploy says when no stack is to deploy. */
const nothingToDeploy = (workshop: Workshop) =>
  `deploy: nothing to deploy: the shared stack ${STACK_ID} and its ${count(workshop.shards.size, "shard")} did not ` +
  "change since this machine deployed them, their states match the config and Terraform Cloud, and no rotation " +
  `time of theirs has passed. npm run deploy -- ${ALL_SHARDS_OPTION} plans every stack, to look for drift`;

/** How the last line names the stacks left out after a stack they depend on was not applied. */
const DEPENDING = "not deployed, as they depend on a stack not applied:";

/** What to do when the record cannot be written. */
const RECORD_FIX =
  "Make it a file this user can write (a directory or a read-only file in its place, a full disk), then run npm run " +
  "deploy again: it plans again every stack not recorded as deployed";

/** How the last line names stacks: the shared stack, when among them, and how many shards. */
function stacksNamed(runs: readonly StackRun[]): string {
  const shards = runs.filter(({ shard }) => shard !== undefined).length;
  if (!runs.some(({ shard }) => shard === undefined)) return count(shards, "shard");
  return shards === 0 ? "the shared stack" : `the shared stack and ${count(shards, "shard")}`;
}

/**
 * What the last line says a deploy that ended well did: the stacks it knows applied, and, apart, those it only planned
 * (with `--all`, or during a move, unchanged since recorded), of which it cannot tell whether a drift fix shown was
 * declined.
 */
function done(applied: readonly StackRun[], planned: readonly StackRun[]): string {
  if (planned.length === 0) return `done, ${stacksNamed(applied)}`;
  const unchanged = `planned ${stacksNamed(planned)} unchanged since recorded, not checked for a declined drift fix`;
  return applied.length === 0 ? `done: ${unchanged}` : `done: applied ${stacksNamed(applied)}; ${unchanged}`;
}

/**
 * The serial of a stack's local state, which Terraform raises at each apply that changes anything; undefined before
 * the first deploy, and for a state in Terraform Cloud, where reading it would take requests more (the check runs).
 */
function localSerial(location: StateLocation): number | undefined {
  if (location.kind !== "local") return undefined;
  const reading = readLocalState(location.file);
  return reading.kind === "read" ? reading.serial : undefined;
}

/** A stack's deploy that exited 0 without applying: what its state still shows, if that is how it was told. */
interface NotApplied {
  readonly left: string;
}

/** Why a deploy stops after a stack's cdktf deploy exited 0, and what to do. */
interface Stop {
  readonly problem: string;
  readonly advice: string;
}

/**
 * Whether a stack's cdktf deploy that exited 0 applied its plan: cdktf-cli 0.21 exits 0 also when the approval is
 * declined (Dismiss and Stop end the run without an error). A stack deployed for what its state showed (a rotation,
 * rooms the state lacks or holds, objects gone from Terraform Cloud), which did not change, is applied once its state,
 * read again, shows none of it (`APPLIED_CHECK` cannot tell: it does not refresh, so it sees neither a `time_rotating`
 * due nor an object deleted by hand). A stack unchanged since recorded (`--all`, a move) has nothing new to record:
 * only planned, not checked. Any other stack is applied when its local state's serial moved
 * (an apply that failed halfway makes cdktf exit non-zero), and otherwise when `APPLIED_CHECK` finds no change left.
 */
async function appliedOrNot(
  run: StackRun,
  state: { readonly location: StateLocation; readonly serial?: number },
  workshop: Workshop,
  options: ShardDeployOptions,
): Promise<"applied" | NotApplied | "planned" | Stop> {
  if (run.shown.length > 0) {
    const reading = await readStateAgain(state.location, options);
    if (reading.kind !== "read")
      return {
        problem:
          "cdktf deploy exited 0, but its state, read again to tell whether the deploy applied, " +
          (reading.kind === "none" ? "is not there" : reading.problem),
        advice: "Run npm run preflight to see its state, then npm run deploy again",
      };
    let left = run.shown.filter((reason) => reason.shownBy(reading.managed));
    const weighed = left.find((reason) => reason.weighsNames !== undefined)?.weighsNames;
    if (weighed !== undefined) {
      const listed = await listNamesAfter(workshop, options, weighed.teams);
      if (!listed.ok)
        return {
          problem:
            "cdktf deploy exited 0, but Terraform Cloud, asked again for the workspaces and teams that tell whether " +
            `it applied, gave no usable answer (${listed.problem})`,
          advice: "Run npm run preflight to see Terraform Cloud, then npm run deploy again",
        };
      left = run.shown.filter((reason) => reason.shownBy(reading.managed, listed.value));
    }
    return left.length === 0 ? "applied" : { left: `: ${left.map((reason) => reason.left).join("; ")}` };
  }
  if (run.recorded) return "planned";
  const serial = localSerial(state.location);
  if (serial !== undefined && serial !== state.serial) return "applied";
  const directory = stackDirectory(workshop.app.outdir, run.id);
  const check = options.terraform(APPLIED_CHECK, directory, options.environment);
  if (check === 0) return "applied";
  if (check === PLAN_HAS_CHANGES) return { left: "" };
  return {
    problem:
      `cdktf deploy exited 0, but terraform ${APPLIED_CHECK.join(" ")} in ${directory}, ` +
      `which tells whether it applied, failed (exit ${check})`,
    advice: "Run that plan there to see why, then npm run deploy again",
  };
}

/**
 * The organization's workspaces, and its teams when told, listed again after a stack's deploy, as preflight lists them
 * (a page of 100 a request).
 */
async function listNamesAfter(
  workshop: Workshop,
  options: ShardDeployOptions,
  teams: boolean,
): Promise<Result<ListedNames>> {
  const session = new ApiSession(options.env, options, "deploy");
  try {
    const client = session.clientForHost(options.env, session.access.hostname);
    if (!client.ok) return fail(`the deploy ${client.problem}`);
    return await listNamesAgain(client.value, workshop.config.organization.name, teams);
  } finally {
    session.finish();
  }
}

/** A stack's state read again after its deploy, as preflight read it (a state in Terraform Cloud: 3 requests). */
async function readStateAgain(location: StateLocation, options: ShardDeployOptions): Promise<StateReading> {
  if (location.kind === "local") return readStackState(location, undefined);
  const session = new ApiSession(options.env, options, "deploy");
  try {
    return await readStackState(location, session.clientForHost(options.env, location.hostname));
  } finally {
    session.finish();
  }
}

/** The stacks a deploy stopped before: the shards by number, and the shared stack when it goes last. */
function notDeployed(left: readonly StackRun[]): string {
  const shards = left.flatMap(({ shard }) => (shard === undefined ? [] : [shard]));
  return (
    (shards.length === 0 ? "no shard is left" : `not deployed: ${shards.join(", ")}`) +
    (left.some(({ shard }) => shard === undefined) ? `, nor the shared stack ${STACK_ID}` : "")
  );
}

/** Why a sharded room's deploy stopped at a stack that failed, and what it left. */
function failure(run: StackRun, code: number, left: readonly StackRun[], sharedLast: boolean): string {
  if (run.shard === undefined)
    return (
      `the shared stack ${STACK_ID} failed (exit ${code}); ` +
      (sharedLast
        ? "the shards are deployed and recorded. Run npm run deploy again: it deploys the shared stack"
        : "no shard was deployed")
    );
  return (
    `shard ${run.shard} failed (exit ${code}); ${notDeployed(left)}` +
    ". Run npm run deploy again: it plans the shards not recorded as deployed"
  );
}

/**
 * The environment cdktf deploy, and the terraform that checks what it applied, run in: the user's, with Terraform's
 * parallelism added to their own TF_CLI_ARGS for plan and apply, and the token preflight checked where the tfe
 * provider reads it and, for a state on `stateHost`, where Terraform's `cloud` block reads it (`withStateToken`).
 */
export function deployEnvironment(
  env: NodeJS.ProcessEnv,
  access: ApiAccess,
  stateHost: string | undefined,
): NodeJS.ProcessEnv {
  return {
    ...withStateToken(env, access, stateHost),
    TF_CLI_ARGS_plan: withParallelism(env.TF_CLI_ARGS_plan),
    TF_CLI_ARGS_apply: withParallelism(env.TF_CLI_ARGS_apply),
    CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1",
    // The tfe provider reads TFE_TOKEN, never TF_TOKEN_<host> (not since 0.32): it gets the token preflight checked.
    ...(env.TFE_TOKEN === undefined && access.token !== undefined && access.tokenSource.startsWith("TF_TOKEN_")
      ? { TFE_TOKEN: access.token }
      : {}),
  };
}

/** `npm run deploy`: its spec and runner. */
export const DEPLOY_COMMAND = runnable(
  {
    name: "deploy",
    summary: "preflight, then cdktf deploy with Terraform's parallelism set for Terraform Cloud's rate limit",
    usage: "npm run deploy [-- --all] [cdktf deploy options]",
    options: {},
    positionals: { most: Number.POSITIVE_INFINITY, name: "cdktf deploy options" },
    passThrough: true,
    reads: [...CONFIG, "the state", ...TERRAFORM_CLOUD, "CI"],
    example: "npm run deploy -- --auto-approve",
  },
  (_, args, context) => deploy({ ...context, args }),
);

import { spawnSync } from "node:child_process";
import { REHEARSAL_TOKEN_PREFIX } from "../operations/rehearsal";
import { findTerraform } from "../terraform/binary";
import { accessProblem, apiAccess, type ApiAccess } from "../terraform-cloud/access";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, type Workshop } from "./prepare-workshop";
import {
  deployRecordPath,
  deployRecordText,
  readDeployRecord,
  readMovedRooms,
  stackDigest,
  type RoomIds,
} from "../operations/deploy-record";
import { roomIdsHeld } from "../operations/preflight/check";
import type { PreflightFacts } from "../operations/preflight/facts";
import { writeFileSafely } from "../files/write";
import { STACK_ID } from "../stacks/workshop-stack";
import { count } from "../text/count";
import { attendeeRoom } from "../config/attendees";
import { movesRoom, roomMoves } from "../config/shards";
import { preflight, type PreflightOptions } from "./preflight";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";

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
}

function runCdktf(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const cli = require.resolve("cdktf-cli/bundle/bin/cdktf");
  return spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env }).status ?? 1;
}

/** A user's own TF_CLI_ARGS for a command, with the deploy's parallelism added unless they set one. */
function withParallelism(own: string | undefined): string {
  const parallelism = `-parallelism=${DEPLOY_PARALLELISM}`;
  if (own === undefined || own.trim() === "") return parallelism;
  return /(^|\s)-parallelism=/.test(own) ? own : `${own} ${parallelism}`;
}

/**
 * What the deploy would get wrong that preflight cannot see: no terraform to run, a rehearsal's token, or a provider
 * that deploys to another host than the one preflight checked (the tfe provider reads TFE_HOSTNAME, never TFE_ADDRESS).
 */
function deployProblem(options: DeployOptions): string | undefined {
  const refused = accessProblem(options.env, options.home);
  if (refused !== undefined) return refused;
  if ((options.findTerraform ?? findTerraform)(options.env) === undefined) {
    return "terraform is not on the PATH: cdktf deploy runs it. Install Terraform 1.7 or later (1.11 is tested) and run npm run deploy again.";
  }
  const { hostname, token } = apiAccess(options.env, options.home);
  if (token?.startsWith(REHEARSAL_TOKEN_PREFIX) === true) {
    return "the token is one npm run rehearse handed out, for its stand-in of Terraform Cloud, and the deploy goes to Terraform Cloud itself. Against the rehearsal, run preflight, verify, status, handout and the board; to deploy, unset TFE_ADDRESS and TFE_TOKEN and use your own token (terraform login, or TFE_TOKEN).";
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
      return `preflight checks ${checked} (TFE_ADDRESS), but the tfe provider deploys to ${hostname} (TFE_HOSTNAME${options.env.TFE_HOSTNAME ? "" : ", unset: its default"}), which it reads instead: unset TFE_ADDRESS, or set TFE_HOSTNAME to ${checked}.`;
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
  const problem = deployProblem(options);
  if (problem !== undefined) {
    options.report(`deploy: ${problem}`);
    return 1;
  }
  // The config first, on its own: a refused config is no preflight finding, and says so.
  const workshop = prepareWorkshop(options);
  if (workshop === undefined) return 1;
  let facts: PreflightFacts | undefined;
  const checked = await preflight({ ...options, prepared: workshop, gathered: (gathered) => (facts = gathered) });
  if (checked !== 0) {
    options.report(
      "Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.",
    );
    return checked;
  }
  const access = apiAccess(options.env, options.home);
  const environment = deployEnvironment(options.env, access);
  const run = options.runCdktf ?? runCdktf;
  if (workshop.shards.size === 0) return run(["deploy", ...options.args], environment);
  return deployShards(workshop, { ...options, run, environment, facts });
}

/**
 * Each stack of a sharded room is deployed by a cdktf deploy of its own, in the order `deployShards` chooses; cdktf
 * refuses to deploy a stack whose dependency (every shard depends on the shared stack, a receiving stack on the one a
 * room leaves) is not in the same run, unless told the order is the caller's with this flag.
 */
export const ORDERED_BY_US = "--ignore-missing-stack-dependencies";

/** What `npm run deploy` takes itself, not passed on to cdktf deploy: plan every shard, changed or not. */
export const ALL_SHARDS_OPTION = "--all";

/**
 * A sharded room's deploy: the shared stack first (a shard looks its project up), then each shard whose synthesized
 * stack differs from what this machine last deployed of it (`--all`: every shard), one after the other, each with the
 * whole parallelism, so that the plans running together stay within the one rate limit; each shard's approval, when
 * cdktf asks for one, has the terminal to itself. A shard deployed is recorded at once, so that a deploy stopped
 * halfway plans again only what it did not finish. While a migration moves rooms, the stacks they leave deploy before
 * those they move into: a leaving room's access and token are deleted before its new stack creates them again, and
 * the shared stack goes last when the rooms move into it.
 */
function deployShards(
  workshop: Workshop,
  options: DeployOptions & {
    readonly run: NonNullable<DeployOptions["runCdktf"]>;
    readonly environment: NodeJS.ProcessEnv;
    readonly facts?: PreflightFacts;
  },
): number {
  const all = options.args.includes(ALL_SHARDS_OPTION);
  const args = options.args.filter((arg) => arg !== ALL_SHARDS_OPTION);
  const recordFile = deployRecordPath(workshop.app.outdir);
  const record = readDeployRecord(recordFile);
  const room = attendeeRoom(workshop.config);
  const moves = roomMoves(room);
  // Before any stack forgets a room: the ids its state holds, the evidence preflight later needs that a workspace or
  // team no state holds is this room's, forgotten by the move, and not a leftover of its name.
  const movedRooms = readMovedRooms(recordFile);
  const held = options.facts === undefined ? new Map<string, RoomIds>() : roomIdsHeld(options.facts);
  for (const { name } of room.environments) {
    const ids = held.get(name);
    if (movesRoom(name, room) && ids !== undefined) movedRooms.set(name, ids);
  }
  if (moves.from.size > 0 && movedRooms.size > 0) writeFileSafely(recordFile, deployRecordText(record, movedRooms));
  const sharedLast = moves.to.has(undefined);
  const shards = [...workshop.shards]
    .sort(([a], [b]) => Number(moves.from.has(b)) - Number(moves.from.has(a)) || a - b)
    .map(([shard, stack]) => ({ shard, id: stack.node.id, digest: stackDigest(stack.toTerraform()) }));
  const changed = shards.filter(({ id, digest }) => all || record.get(id) !== digest);
  const which = `${changed.length} of ${count(shards.length, "shard")}${all ? " (--all)" : " whose stack changed since this machine deployed it"}: ${changed.length === 0 ? "none" : changed.map(({ shard }) => shard).join(", ")}`;
  options.report(
    sharedLast
      ? `deploy: ${which}, then the shared stack ${STACK_ID}, which the rooms move into`
      : `deploy: the shared stack ${STACK_ID} first, then ${which}${[...moves.from].some((place) => place !== undefined) ? ", the shards the rooms move out of first" : ""}`,
  );
  const deployShared = () => {
    const code = options.run(["deploy", STACK_ID, ORDERED_BY_US, ...args], options.environment);
    if (code !== 0)
      options.report(
        `deploy: the shared stack ${STACK_ID} failed (exit ${code}); ${sharedLast ? "the shards are deployed and recorded. Run npm run deploy again: it deploys the shared stack" : "no shard was deployed"}`,
      );
    return code;
  };
  if (!sharedLast) {
    const code = deployShared();
    if (code !== 0) return code;
  }
  for (const [index, { shard, id, digest }] of changed.entries()) {
    options.report(`deploy: shard ${shard} (${id}), ${index + 1} of ${changed.length}`);
    const code = options.run(["deploy", id, ORDERED_BY_US, ...args], options.environment);
    if (code !== 0) {
      const left = changed.slice(index + 1).map((each) => each.shard);
      options.report(
        `deploy: shard ${shard} failed (exit ${code}); ${left.length === 0 ? "no shard is left" : `not deployed: ${left.join(", ")}`}${sharedLast ? `, nor the shared stack ${STACK_ID}` : ""}. Run npm run deploy again: it plans the shards not recorded as deployed`,
      );
      return code;
    }
    record.set(id, digest);
    writeFileSafely(recordFile, deployRecordText(record, movedRooms));
  }
  if (sharedLast) {
    const code = deployShared();
    if (code !== 0) return code;
  }
  options.report(`deploy: done, the shared stack and ${count(changed.length, "shard")}; recorded in ${recordFile}`);
  return 0;
}

/**
 * The environment cdktf deploy runs in: the user's, with Terraform's parallelism added to their own TF_CLI_ARGS
 * for plan and apply, and the token preflight checked where the tfe provider reads it.
 */
export function deployEnvironment(env: NodeJS.ProcessEnv, access: ApiAccess): NodeJS.ProcessEnv {
  return {
    ...env,
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

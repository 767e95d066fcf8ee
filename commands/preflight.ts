import { checklistLine, runChecks, verdict } from "../operations/preflight/checklist";
import { deployRecordPath, localStack, readDeployRecord, readMovedRooms } from "../operations/deploy-record";
import { gatherFacts, type GatherOptions, type PreflightFacts } from "../operations/preflight/facts";
import { rehearsalWithoutItsState } from "../operations/preflight/rehearsal";
import { localShardStates, localStateFile, stateLocation, type StateLocation } from "../operations/stack-state";
import { shardStackId, STACK_ID } from "../stacks/workshop-stack";
import { accessProblem, tokenPhrase } from "../terraform-cloud/access";
import { safeLines } from "../text/terminal";
import { ApiSession, type ApiOptions } from "./api-session";
import { prepareWorkshop, type PrepareOptions, type Workshop } from "./prepare-workshop";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";

/** Options of {@link preflight}. */
export interface PreflightOptions extends PrepareOptions, ApiOptions {
  /** Where the checklist goes. */
  readonly print: (line: string) => void;
  /**
   * The workshop the caller prepared already (deploy does), so that its config is read, and its findings printed, once.
   * @default prepared here
   */
  readonly prepared?: Workshop;
  /**
   * Given what preflight gathered, before its checks run (deploy records the rooms a move finds in the states).
   * @default nothing is done with them
   */
  readonly gathered?: (facts: PreflightFacts) => void;
}

/**
 * Where the shards' states are: each shard of the config's, and each other shard whose local state file lies beside
 * the shared one (a room deployed with more shards, or sharded before); undefined for a room never sharded.
 */
function shardStateLocations(
  workshop: Workshop,
  shared: StateLocation,
): ReadonlyMap<string, StateLocation> | undefined {
  const { config, app, shards } = workshop;
  const found = shared.kind === "local" ? localShardStates(shared.file, STACK_ID) : [];
  const numbers = [...new Set([...shards.keys(), ...found])].sort((a, b) => a - b);
  if (numbers.length === 0) return undefined;
  return new Map(
    numbers.map((shard) => [shardStackId(shard), stateLocation(config, app.outdir, shardStackId(shard), shard)]),
  );
}

/**
 * The local state files of the shared stack and of each shard whose file lies beside it, with the Terraform Cloud
 * workspace that keeps each stack's state now: for a state kept there, what a move of the states may have left.
 */
function localStatesLeft(workshop: Workshop, shared: StateLocation): GatherOptions["localStatesLeft"] {
  if (shared.kind !== "cloud") return undefined;
  const { config, app } = workshop;
  const stacks = [
    [STACK_ID, undefined] as const,
    ...localShardStates(localStateFile(app.outdir, STACK_ID), STACK_ID).map(
      (shard) => [shardStackId(shard), shard] as const,
    ),
  ];
  return new Map(
    stacks.flatMap(([id, shard]) => {
      const keptIn = stateLocation(config, app.outdir, id, shard);
      return keptIn.kind === "cloud" ? [[id, { file: localStateFile(app.outdir, id), keptIn }] as const] : [];
    }),
  );
}

/**
 * `npm run preflight`: asks Terraform Cloud, read-only, what the deploy would run into, and prints a checklist
 * with one fix per problem. Returns 1 on a blocker or a refused config.
 */
export async function preflight(given: PreflightOptions): Promise<number> {
  // Server answers reach these lines: the tokens of the run masked and every line safe for a terminal, whoever calls.
  const options = safeLines(given);
  const refused = accessProblem(options.env, options.home);
  if (refused !== undefined) {
    options.report(`preflight: ${refused}`);
    return 1;
  }
  const workshop = options.prepared ?? prepareWorkshop(options);
  if (workshop === undefined) return 1;
  const { config, configFile, app } = workshop;
  const session = new ApiSession(options.env, options, "preflight");
  const { address, token } = session.access;
  options.print(`Preflight of ${configFile} against ${address}, ${tokenPhrase(session.access)}:`);
  const location = stateLocation(config, app.outdir, STACK_ID);
  const answers = await gatherFacts(config, token === undefined ? undefined : session.client(token), {
    now: options.now,
    disposableMachine: options.env.CI === "true",
    hostname: session.access.hostname,
    stateLocation: location,
    shardStateLocations: shardStateLocations(workshop, location),
    localStatesLeft: localStatesLeft(workshop, location),
    cloudState: location.kind === "cloud" ? session.clientForHost(options.env, location.hostname) : undefined,
  });
  const recordFile = deployRecordPath(app.outdir);
  const record = workshop.shards.size === 0 ? undefined : readDeployRecord(recordFile);
  const facts = {
    ...answers,
    movedRooms: readMovedRooms(recordFile),
    locals:
      record &&
      new Map(workshop.stacks.map((stack) => [stack.node.id, localStack(stack, record, app.outdir, options.env)])),
  };
  options.gathered?.(facts);
  const misread = rehearsalWithoutItsState(config, facts, token);
  if (misread !== undefined) {
    options.print(misread);
    options.report(session.finish());
    return 1;
  }
  const items = runChecks(config, facts);
  const summary = session.finish();
  for (const item of items) options.print(checklistLine(item));
  options.print(verdict(items));
  options.report(summary);
  return items.some((item) => item.level === "blocker") ? 1 : 0;
}

/** `npm run preflight`: its spec and runner. */
export const PREFLIGHT_COMMAND = runnable(
  {
    name: "preflight",
    summary: "asks Terraform Cloud, read-only, what the deploy would run into",
    usage: "npm run preflight",
    options: {},
    positionals: { most: 0 },
    reads: [...CONFIG, "the state", ...TERRAFORM_CLOUD, "CI"],
    example: "source rehearsal/env && npm run preflight",
  },
  (_, __, context) => preflight(context),
);

import { join } from "node:path";
import { App, Aspects, Manifest } from "cdktf";
// Not part of cdktf's index, but the very function its synth applies Aspects with; cdktf is pinned exactly.
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { errnoReason } from "../files/read";
import { makeDirectory, placeProblem, placesProblem, removeMadeDirectories, type Place } from "../files/write";
import { configPath, loadConfig } from "../config/load-config";
import { WORKSHOP_RULES } from "../policy/rules";
import { PolicyReport, WorkshopPolicy, type Acknowledgement } from "../policy/workshop-policy";
import type { WorkshopConfig } from "../config/schema";
import type { RoomShardStack } from "../stacks/room-shard-stack";
import type { WorkshopBaseStack } from "../stacks/workshop-base-stack";
import { STACK_ID, type WorkshopStack } from "../stacks/workshop-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import { fail, ok, type Result } from "../text/result";
import { removeStaleStacks } from "./stale-stacks";

/** A config that passed validation and the policy (its findings already reported), built into its stack. */
export interface Workshop {
  /** Where the config was read from, for messages. */
  readonly configFile: string;
  readonly config: WorkshopConfig;
  readonly app: App;
  /** The one stack, or the shared stack of a sharded room. */
  readonly stack: WorkshopStack;
  /** The stacks of a sharded room's shards, by shard number; none when the room is not sharded. */
  readonly shards: ReadonlyMap<number, RoomShardStack>;
  /** Every stack: the shared one first, then the shards in their order. */
  readonly stacks: readonly WorkshopBaseStack[];
  /**
   * How many findings the policy reported: warnings, and errors accepted by an acknowledgement; and in how many lines,
   * a finding alike in several stacks being one line.
   */
  readonly findings: { readonly warnings: number; readonly acknowledged: number; readonly lines: number };
  /** The output directories this run made (outermost first), which a refusal removes again. */
  readonly madeDirectories: readonly string[];
}

/** What stopping on a refused config says last, the same for every command: nothing happened. */
export const NOTHING_DONE = "Nothing was written and nothing was asked of Terraform Cloud";

/** Options of {@link prepareWorkshop}. */
export interface PrepareOptions {
  /** The process environment: `WORKSHOP_CONFIG`, `CDKTF_OUTDIR`, `SYNTH_HCL_OUTPUT`. */
  readonly env: NodeJS.ProcessEnv;
  /** The time expiries are checked against. */
  readonly now: Date;
  /** Where every line for the user goes (problems, findings). */
  readonly report: (line: string) => void;
  /**
   * Whether to print the policy's warnings: a command that only reads Terraform Cloud leaves them to those that
   * write or deploy the stack.
   * @default true
   */
  readonly warnings?: boolean;
}

/**
 * An acknowledgement as it reads in a shard's stack: one of the room (`aws-workshop/attendees/...`, the path of the
 * one stack) covers the same construct in every shard, so that sharding a room keeps its acknowledgements valid.
 */
function inStack(acknowledgement: Acknowledgement, stackId: string): Acknowledgement {
  const { resource } = acknowledgement;
  const sharedPrefix = `${STACK_ID}/`;
  return stackId !== STACK_ID && resource.startsWith(sharedPrefix)
    ? { ...acknowledgement, resource: `${stackId}/${resource.slice(sharedPrefix.length)}` }
    : acknowledgement;
}

/**
 * Attaches the workshop policy to each stack, as an Aspect, and checks it: every other Aspect has been applied first,
 * so that the JSON checked is the JSON the synth writes (the stack resolves it again if the tree changes after). One
 * report for them all: an acknowledgement is unused only when it matched nothing in any stack.
 */
export function checkPolicy(stacks: readonly WorkshopBaseStack[], config: WorkshopConfig, now: Date): PolicyReport {
  const reports = stacks.map((stack) => {
    const acknowledgements = config.acknowledge.map((acknowledgement) => inStack(acknowledgement, stack.node.id));
    const policy = new WorkshopPolicy({
      rules: WORKSHOP_RULES,
      now,
      maxTokenLifetimeDays: config.policy.maxTokenLifetimeDays,
      eventEndsAt: config.event?.endsAt,
      acknowledgements,
    });
    Aspects.of(stack).add(policy);
    invokeAspects(stack);
    const report = policy.check(stack);
    const unused = new Set(report.unusedAcknowledgements);
    return {
      report,
      used: new Set(acknowledgements.flatMap((acknowledgement, index) => (unused.has(acknowledgement) ? [] : [index]))),
    };
  });
  return new PolicyReport(
    reports.flatMap(({ report }) => report.findings),
    config.acknowledge.filter((_, index) => !reports.some(({ used }) => used.has(index))),
  );
}

/**
 * The one way every command reads a config: load and validate it, build the stack, check the policy. A
 * refused config or a policy error is reported line by line, and the caller stops with exit code 1 before it
 * writes anything or calls Terraform Cloud.
 * @returns the workshop, or undefined when it is refused: every problem is reported already, so none is returned
 */
export function prepareWorkshop(options: PrepareOptions): Workshop | undefined {
  const configFile = configPath(options.env);
  const loaded = loadConfig(
    configFile,
    options.now,
    WORKSHOP_RULES.map((rule) => rule.id),
  );
  if (!loaded.ok) {
    for (const problem of loaded.problem) options.report(problem);
    options.report(`${NOTHING_DONE}: fix the config above and run again.`);
    return undefined;
  }
  const { config, warnings } = loaded.value;
  // Without stackTraces: false, cdktf writes the call stack of each warning, with this machine's paths, into
  // manifest.json, and the output would differ from one checkout to the next.
  // The output directory and the HCL switch come from the environment the command was given, as cdktf's CLI sets
  // them, never from this process's environment behind its back.
  const outdir = options.env.CDKTF_OUTDIR || "cdktf.out";
  // cdktf makes the directory and its stacks/ as the app is made, following a link and failing on a file there:
  // both are made first, without following links, and what was made is known, to be removed on a refusal.
  const stacksDirectory = join(outdir, Manifest.stacksFolder);
  const refused = placeProblem(outdir, "directory") ?? placeProblem(stacksDirectory, "directory");
  const made = refused === undefined ? madeDirectory(stacksDirectory) : fail(refused);
  if (!made.ok) {
    options.report(made.problem);
    options.report(`${NOTHING_DONE}: fix the output directory above (CDKTF_OUTDIR) and run again.`);
    return undefined;
  }
  const app = new App({ stackTraces: false, outdir, hclOutput: options.env.SYNTH_HCL_OUTPUT === "true" });
  const { shared, shards } = withHclSwitch(options.env, () => workshopStacks(app, config));
  const stacks = [shared, ...shards.values()];
  const report = checkPolicy(stacks, config, options.now);
  if (options.warnings !== false) for (const line of warnings) options.report(line);
  // Under the cdktf CLI, which prints the policy's annotations itself, only the errors, which stop the synth here.
  const byCdktf = options.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === "true";
  for (const line of report.lines({ warnings: options.warnings !== false && !byCdktf })) options.report(line);
  if (report.errors.length > 0) {
    removeMadeDirectories(made.value);
    options.report(`${NOTHING_DONE}: fix the policy errors above, or acknowledge them in the config with a reason.`);
    return undefined;
  }
  const findings = {
    warnings: report.findings.filter(
      (finding) => finding.rule.level === "warning" && finding.acknowledgement === undefined,
    ).length,
    acknowledged: report.findings.filter((finding) => finding.acknowledgement !== undefined).length,
    lines: report.lines({ warnings: true }).length,
  };
  return {
    configFile,
    config,
    app,
    stack: shared,
    shards,
    stacks,
    findings,
    madeDirectories: made.value,
  };
}

/**
 * Builds a stack with the HCL switch of the environment the command was given: cdktf's stack reads it from the
 * process's own environment as it is made, and a command run in-process must not depend on that.
 */
function withHclSwitch<T>(env: NodeJS.ProcessEnv, make: () => T): T {
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = env.SYNTH_HCL_OUTPUT === "true" ? "true" : "false";
  try {
    return make();
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

/** Makes a directory, with those above it, without following a link: those it made, or one line when it cannot. */
function madeDirectory(path: string): Result<readonly string[]> {
  try {
    return ok(makeDirectory(path));
  } catch (error) {
    return fail(`${path}: cannot be made (${errnoReason(error)})`);
  }
}

/**
 * Synthesizes a prepared workshop into its output directory once every place the synth writes (the stack's
 * directory and file, the manifest, and `more`, such as the diagram's file) is checked: one of them a link,
 * or a directory where a file goes or the other way round, is one line, and nothing is written.
 * @returns whether it was synthesized
 */
export function synthesize(
  workshop: Workshop,
  report: (line: string) => void,
  more: ReadonlyArray<readonly [string, Place]> = [],
): boolean {
  const { app, stacks } = workshop;
  const refused = placesProblem([
    ...stacks.flatMap((stack) => {
      const files = app.manifest.forStack(stack);
      return [
        [join(app.outdir, files.workingDirectory), "directory"] as const,
        [join(app.outdir, files.synthesizedStackPath), "file"] as const,
        ...(app.hclOutput ? [[join(app.outdir, files.stackMetadataPath), "file"] as const] : []),
      ];
    }),
    [join(app.outdir, Manifest.fileName), "file"],
    ...more,
  ]);
  if (refused !== undefined) {
    removeMadeDirectories(workshop.madeDirectories);
    report(refused);
    report(`${NOTHING_DONE}: fix the place above and run again.`);
    return false;
  }
  app.synth();
  removeStaleStacks(app.outdir, new Set(stacks.map((stack) => stack.node.id)), report);
  return true;
}

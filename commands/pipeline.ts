import { join } from "node:path";
import { App, Manifest } from "cdktf";
import { errnoReason } from "../files/read";
import { makeDirectory, placeProblem, placesProblem, type Place } from "../files/write";
import { configPath, loadConfig, type ConfigResult } from "../config/load-config";
import { atMostShown, problemLine, showValue } from "../config/messages";
import { WORKSHOP_RULES } from "../policy/rules";
import type { WorkshopConfig } from "../config/schema";
import { STACK_ID, WorkshopStack } from "../stacks/workshop-stack";

/** A config that passed validation and the policy (its findings already reported), built into its stack. */
export interface Workshop {
  /** Where the config was read from, for messages. */
  readonly configFile: string;
  readonly config: WorkshopConfig;
  readonly app: App;
  readonly stack: WorkshopStack;
}

/** What stopping on a refused config says last, the same for every command: nothing happened. */
export const NOTHING_DONE = "Nothing was written and nothing was asked of Terraform Cloud";

export type Prepared = { readonly ok: true; readonly workshop: Workshop } | { readonly ok: false };

/** Options of {@link prepareWorkshop}. */
export interface PrepareOptions {
  /** The process environment: `WORKSHOP_CONFIG`, `CDKTF_OUTDIR`, `SYNTH_HCL_OUTPUT`. */
  readonly env: NodeJS.ProcessEnv;
  /** The time expiries are checked against. */
  readonly now: Date;
  /** Where every line for the user goes (problems, findings). */
  readonly report: (line: string) => void;
}

/**
 * Refuses an acknowledgement of a rule the policy does not have: which rule ids exist is the policy's to say,
 * and the config layer does not know the policy.
 */
export function acknowledgingKnownRules(loaded: ConfigResult, configFile: string): ConfigResult {
  if (!loaded.ok) return loaded;
  const known = WORKSHOP_RULES.map((rule) => rule.id).sort();
  const problems = loaded.config.acknowledge.flatMap((acknowledgement, index) =>
    known.includes(acknowledgement.rule)
      ? []
      : [`${configFile}: ${problemLine(["acknowledge", index, "rule"], `${showValue(acknowledgement.rule)} is not a policy rule; use ${known.join(", ")}`)}`],
  );
  return problems.length > 0 ? { ok: false, problems: atMostShown(problems) } : loaded;
}

/**
 * The one way every command reads a config: load and validate it, build the stack, check the policy. A
 * refused config or a policy error is reported line by line, and the caller stops with exit code 1 before it
 * writes anything or calls Terraform Cloud.
 */
export function prepareWorkshop(options: PrepareOptions): Prepared {
  const configFile = configPath(options.env);
  const loaded = acknowledgingKnownRules(loadConfig(configFile, options.now), configFile);
  if (!loaded.ok) {
    for (const problem of loaded.problems) options.report(problem);
    options.report(`${NOTHING_DONE}: fix the config above and run again.`);
    return { ok: false };
  }
  // Without stackTraces: false, cdktf writes the call stack of each warning, with this machine's paths, into
  // manifest.json, and the output would differ from one checkout to the next.
  // The output directory and the HCL switch come from the environment the command was given, as cdktf's CLI sets
  // them, never from this process's environment behind its back.
  const outdir = options.env.CDKTF_OUTDIR || "cdktf.out";
  // cdktf makes the directory and its stacks/ as the app is made, following a link and failing on a file there.
  const refused = placeProblem(outdir, "directory") ?? placeProblem(join(outdir, Manifest.stacksFolder), "directory") ?? madeDirectory(outdir);
  if (refused !== undefined) {
    options.report(refused);
    options.report(`${NOTHING_DONE}: fix the output directory above (CDKTF_OUTDIR) and run again.`);
    return { ok: false };
  }
  const app = new App({ stackTraces: false, outdir, hclOutput: options.env.SYNTH_HCL_OUTPUT === "true" });
  const stack = new WorkshopStack(app, STACK_ID, { config: loaded.config, now: options.now });
  const report = stack.checkPolicy();
  for (const line of report.lines()) options.report(line);
  if (report.errors.length > 0) {
    options.report(`${NOTHING_DONE}: fix the policy errors above, or acknowledge them in the config with a reason.`);
    return { ok: false };
  }
  return { ok: true, workshop: { configFile, config: loaded.config, app, stack } };
}

/** Makes the output directory, with those above it, without following a link; one line when it cannot. */
function madeDirectory(path: string): string | undefined {
  try {
    makeDirectory(path);
    return undefined;
  } catch (error) {
    return `${path}: cannot be made (${errnoReason(error)})`;
  }
}

/**
 * Synthesizes a prepared workshop into its output directory once every place the synth writes (the stack's
 * directory and file, the manifest, and `more`, such as the diagram's file) is checked: one of them a link,
 * or a directory where a file goes or the other way round, is one line, and nothing is written.
 * @returns whether it was synthesized
 */
export function synthesize(workshop: Workshop, report: (line: string) => void, more: ReadonlyArray<readonly [string, Place]> = []): boolean {
  const { app, stack } = workshop;
  const files = app.manifest.forStack(stack);
  const refused = placesProblem([
    [join(app.outdir, files.workingDirectory), "directory"],
    [join(app.outdir, files.synthesizedStackPath), "file"],
    ...(app.hclOutput ? [[join(app.outdir, files.stackMetadataPath), "file"] as const] : []),
    [join(app.outdir, Manifest.fileName), "file"],
    ...more,
  ]);
  if (refused !== undefined) {
    report(refused);
    report(`${NOTHING_DONE}: fix the place above and run again.`);
    return false;
  }
  app.synth();
  return true;
}

import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ignoredDirectoryProblem } from "../files/git";
import { makeDirectory, placeProblem, placesProblem, writeFileSafely } from "../files/write";
import { attendeeRoom } from "../config/attendees";
import {
  endedHandoutsLine,
  handoutHolders,
  handoutStackIds,
  handoutText,
  namedHolders,
  notDeployedLine,
  staleHandouts,
  staleHandoutsLine,
  type HandoutHolder,
} from "../operations/handout";
import { readWorkshopOutputs, stackDirectory, type StackOutputs, type StackOutputsReader } from "../operations/outputs";
import { accessProblem, TOKEN_PLACES, tfeHostname } from "../terraform-cloud/access";
import { describeFailure, describeRefusal } from "../terraform-cloud/api-client";
import { listWorkspaces } from "../terraform-cloud/resources";
import { ok } from "../text/result";
import { safeLines } from "../text/terminal";
import { prepareWorkshop, type PrepareOptions } from "./prepare-workshop";
import { ApiSession, terraformEnvironment, type ApiOptions } from "./api-session";
import { rehearsalOutputsFix } from "./rehearse";
import { count } from "../text/count";
import { CONFIG, NAME_POSITIONAL, runnable, TERRAFORM_CLOUD, usageMistake } from "./usage";

/** Options of {@link handout}. */
export interface HandoutOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
  /** Whose handout: an attendee's name, or a team's. */
  readonly name?: string;
  /** Every handout, each to its own file in `out`. */
  readonly all?: boolean;
  readonly out?: string;
  /** Put the token in the handout. */
  readonly withToken?: boolean;
  /** A file holding `terraform output -json`, for the tokens. */
  readonly outputsFile?: string;
  /**
   * Reads a stack's outputs from its directory.
   * @default runs terraform output -json there
   */
  readonly readStackOutputs?: StackOutputsReader;
  /**
   * Where the command runs: `out` is relative to it, and must be inside its git repository.
   * @default the current directory
   */
  readonly cwd?: string;
}

/**
 * `npm run handout -- NAME` prints one handout; `--all --out DIR` writes every handout into DIR, which git must
 * ignore, each file readable by its owner only. Tokens only with `--with-token`. With a token, it asks Terraform
 * Cloud whether each handout's workspace exists, and warns of those the deploy has not made yet.
 */
export async function handout(given: HandoutOptions): Promise<number> {
  // File names and config values reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const fail = (message: string) => {
    options.report(`handout: ${message}`);
    return 1;
  };
  const misused = (message: string) => {
    options.report(usageMistake(HANDOUT_COMMAND, message));
    return 2;
  };
  if (options.all === true && options.name !== undefined) return misused("give either a name or --all, not both");
  if (options.all !== true && options.name === undefined)
    return misused("give the name of an attendee or a team with a token, or --all --out DIR");
  if (options.all === true && options.out === undefined)
    return misused("--all needs --out DIR, a directory that git ignores, such as handouts");
  if (options.all !== true && options.out !== undefined) return misused("--out goes with --all");
  const hostname = tfeHostname(options.env);
  if (!hostname.ok) return fail(hostname.problem);
  const refused = accessProblem(options.env, options.home);
  if (refused !== undefined) return fail(refused);
  // A link on the way to the handouts would take them, tokens included, wherever it points, and a directory git does
  // not ignore could bring them into a commit: refused before anything.
  const out = options.out === undefined || options.cwd === undefined ? options.out : resolve(options.cwd, options.out);
  const outProblem =
    out === undefined
      ? undefined
      : (placeProblem(out, "directory") ?? ignoredDirectoryProblem(out, "handouts", options.cwd));
  if (outProblem !== undefined) return fail(outProblem);
  // Only reads Terraform Cloud: the policy's warnings are for the commands that write or deploy the stack.
  const workshop = prepareWorkshop({ ...options, warnings: false });
  if (workshop === undefined) return 1;
  const { config, app } = workshop;
  const holders = handoutHolders(config);
  const named = options.all === true ? ok(holders) : namedHolders(holders, [options.name ?? ""]);
  if (!named.ok) return fail(named.problem);
  // An ended event's deploy deleted the attendees' tokens and memberships: a handout would give them no access.
  const ended = attendeeRoom(config).ended ? named.value.filter((holder) => holder.kind === "attendee") : [];
  const chosen = named.value.filter((holder) => !ended.includes(holder));
  if (ended.length > 0 && chosen.length === 0) return fail(endedHandoutsLine(ended));
  if (ended.length > 0) options.report(`handout: ${endedHandoutsLine(ended)}`);
  let outputs: StackOutputs | undefined;
  if (options.withToken === true) {
    // Only the stacks holding the chosen tokens: each read runs terraform, which downloads that stack's state.
    const needed = handoutStackIds(config, chosen);
    const read = await readWorkshopOutputs({
      file: options.outputsFile,
      stackDirectories: workshop.stacks
        .filter((stack) => needed.has(stack.node.id))
        .map((stack) => stackDirectory(app.outdir, stack.node.id)),
      read: options.readStackOutputs,
      fix: rehearsalOutputsFix(options.env, app.outdir),
      env: terraformEnvironment(options, config),
    });
    if (!read.ok) return fail(`the stack's outputs: ${read.problem}`);
    outputs = read.value;
  }
  const tokenOf = (holder: HandoutHolder) =>
    (holder.kind === "attendee" ? outputs?.attendeeTokens : outputs?.teamTokens)?.get(holder.name);
  const missing = outputs === undefined ? [] : chosen.filter((holder) => tokenOf(holder) === undefined);
  if (missing.length > 0)
    return fail(`no token in the stack's outputs for ${missing.map((holder) => holder.name).join(", ")}: deploy first`);
  const context = { organization: config.organization.name, hostname: hostname.value };
  const texts = chosen.map((holder) => ({ holder, text: handoutText(holder, { ...context, token: tokenOf(holder) }) }));
  if (out === undefined) {
    for (const line of texts[0]!.text.split("\n")) options.print(line);
    await warnOfMissingWorkspaces(options, chosen, config.organization.name);
    return 0;
  }
  const filesProblem = placesProblem(texts.map(({ holder }) => [join(out, holder.fileName), "file"] as const));
  if (filesProblem !== undefined) return fail(filesProblem);
  makeDirectory(out, 0o700);
  // Each file is new and the owner's only from the start, an old handout replaced, never written through.
  for (const { holder, text } of texts) writeFileSafely(join(out, holder.fileName), text, 0o600);
  const tokens =
    options.withToken === true ? ", tokens included: hand each to its holder only, then delete the directory" : "";
  const stale = staleHandoutFiles(out, handoutHolders(config));
  const staleLine = staleHandoutsLine(stale, options.out!);
  if (staleLine !== undefined) options.report(staleLine);
  const besides = stale.length > 0 ? `, beside ${count(stale.length, "stale handout")} named above` : "";
  options.print(`Wrote ${count(texts.length, "handout")} to ${options.out}${besides}${tokens}.`);
  await warnOfMissingWorkspaces(options, chosen, config.organization.name);
  return 0;
}

/** The stale handouts among the regular files of `out` ({@link staleHandouts}): never removed here, the user's. */
const staleHandoutFiles = (out: string, holders: readonly HandoutHolder[]) =>
  staleHandouts(
    readdirSync(out, { withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [entry.name] : [])),
    holders,
  );

/**
 * Asks Terraform Cloud, with the command's token, which of the handouts' workspaces exist, and warns in one line of
 * those that do not yet; without a token, says that it did not ask. The handouts are made either way.
 */
async function warnOfMissingWorkspaces(
  options: HandoutOptions,
  holders: readonly HandoutHolder[],
  organization: string,
): Promise<void> {
  const session = new ApiSession(options.env, options, "handout");
  const { token } = session.access;
  if (token === undefined) {
    options.report(`handout: whether the workspaces exist is not checked: no token in ${TOKEN_PLACES}`);
    return;
  }
  const listed = await listWorkspaces(session.client(token), organization);
  if (listed.kind === "ok") {
    const line = notDeployedLine(holders, new Set(listed.value.map((workspace) => workspace.name)), organization);
    if (line !== undefined) options.report(line);
  } else if (listed.kind === "refused" && listed.refusal === "not-visible") {
    options.report(notDeployedLine(holders, new Set(), organization)!);
  } else {
    options.report(
      "handout: whether the workspaces exist is not known: " +
        `${listed.kind === "refused" ? describeRefusal(listed) : describeFailure(listed)}`,
    );
  }
  options.report(session.finish());
}

/** `npm run handout`: its spec and runner. */
export const HANDOUT_COMMAND = runnable(
  {
    name: "handout",
    summary: "prints one attendee's or team's handout, or writes them all",
    usage: "npm run handout -- NAME [--with-token] [--outputs FILE] | --all --out DIR [--with-token] [--outputs FILE]",
    options: {
      all: { type: "boolean", help: "every handout, each to its own file in --out" },
      out: { type: "string", value: "DIR", help: "the directory --all writes to; git must ignore it" },
      "with-token": { type: "boolean", help: "put the token in the handout" },
      outputs: {
        type: "string",
        value: "FILE",
        help: "the stack's outputs, as terraform output -json prints them, for the tokens",
      },
    },
    positionals: { most: 1, name: NAME_POSITIONAL },
    reads: [...CONFIG, "terraform output -json", ...TERRAFORM_CLOUD],
    example: "npm run handout -- --all --out handouts --with-token",
  },
  (values, names, context) =>
    handout({
      ...context,
      name: names[0],
      all: values.all === true,
      out: values.out,
      withToken: values["with-token"] === true,
      outputsFile: values.outputs,
    }),
);

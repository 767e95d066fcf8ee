import { readWorkshopOutputs, stackDirectory, type StackOutputsReader } from "../operations/outputs";
import { endedLine, endedWithoutToken, tokenHolders, verdictLine, verifyToken } from "../operations/verify";
import { handoutHolders, namedHolders } from "../operations/handout";
import {
  namedVerifyRecordText,
  nextVerifyRecordText,
  readVerifyRecordFor,
  recordedTeams,
  recordLeftWarning,
  verifyRecordPath,
} from "../operations/verify-record";
import { errnoReason } from "../files/read";
import { writeFileSafely } from "../files/write";
import { safeLines } from "../text/terminal";
import { ApiSession, prepareReadOnly, terraformEnvironment, type ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";
import { count, listed } from "../text/count";
import { rehearsalOutputsFix } from "./rehearse";
import { CONFIG, NAME_POSITIONAL, runnable } from "./usage";

/** Options of {@link verify}. */
export interface VerifyOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
  /**
   * A file holding `terraform output -json` of the deployed stack.
   * @default run terraform output -json in the stack's directory
   */
  readonly outputsFile?: string;
  /**
   * Reads a stack's outputs from its directory.
   * @default runs terraform output -json there
   */
  readonly readStackOutputs?: StackOutputsReader;
  /**
   * The time each token's checks are done at, for the record of verify's use of the tokens.
   * @default the system's clock
   */
  readonly clock?: () => Date;
  /**
   * The attendees and teams whose tokens to check, by name as the config spells them: only theirs are used and
   * recorded, so that the others' uses since an earlier run stay their holders'.
   * @default every token of the stack
   */
  readonly names?: readonly string[];
}

/**
 * `npm run verify`: right after a deploy, checks every team and attendee token of the stack, or those named, read-only,
 * and prints one line per token. Returns 1 when anything fails, 2 for a name that holds no token.
 */
export async function verify(given: VerifyOptions): Promise<number> {
  // Server answers reach these lines: the tokens of the run masked and every line safe for a terminal, whoever calls.
  const options = safeLines(given);
  const workshop = prepareReadOnly("verify", options);
  if (workshop === undefined) return 1;
  const { config, configFile, app } = workshop;
  const named = options.names === undefined ? undefined : namedHolders(handoutHolders(config), options.names);
  if (named?.ok === false) {
    options.report(`verify: ${named.problem}`);
    return 2;
  }
  const read = await readWorkshopOutputs({
    file: options.outputsFile,
    stackDirectories: workshop.stacks.map((stack) => stackDirectory(app.outdir, stack.node.id)),
    read: options.readStackOutputs,
    fix: rehearsalOutputsFix(options.env, app.outdir),
    env: terraformEnvironment(options, config),
  });
  if (!read.ok) {
    options.report(`verify: the stack's outputs: ${read.problem}`);
    return 1;
  }
  const outputs = read.value;
  const chosen = named === undefined ? undefined : new Set(named.value.map((holder) => holder.name));
  const asked = tokenHolders(config, outputs).filter((holder) => chosen?.has(holder.name) ?? true);
  const ended = asked.filter(endedWithoutToken);
  const holders = asked.filter((holder) => !endedWithoutToken(holder));
  const session = new ApiSession(options.env, options, "verify");
  const which = chosen === undefined ? "" : `, by name: ${listed(holders.map((holder) => holder.label))}`;
  options.print(`Verify of ${configFile} against ${session.access.address}: ${count(holders.length, "token")}${which}`);
  let done = 0;
  const clock = options.clock ?? (() => new Date());
  // When verify last sent each token: Terraform Cloud shows it as the token's last use, not its holder's.
  const usedAt = new Map<string, string>();
  // The total from the start: at the pace, the first token's check ends only once every token's first request is sent.
  session.progress(0, holders.length);
  const verdicts = await Promise.all(
    holders.map(async (holder) => {
      const verdict = await verifyToken(
        holder,
        (token) => session.client(token),
        config.organization.name,
        options.now,
      );
      if (holder.token !== undefined) usedAt.set(holder.teamName, clock().toISOString());
      session.progress(++done, holders.length);
      return verdict;
    }),
  );
  const summary = session.finish();
  const recordFile = verifyRecordPath(app.outdir);
  try {
    const earlier = readVerifyRecordFor(config, app.outdir);
    const text =
      chosen === undefined
        ? nextVerifyRecordText(earlier, recordedTeams(config), usedAt, clock())
        : namedVerifyRecordText(earlier, recordedTeams(config), usedAt);
    if (text !== undefined) writeFileSafely(recordFile, text);
    else if (earlier.kind === "unreadable") options.report(recordLeftWarning(earlier));
  } catch (error) {
    options.report(
      `warning: ${recordFile}: cannot record when verify used the tokens (${errnoReason(error)}), so status and ` +
        "nudge cannot tell verify's use of a token from its holder's",
    );
  }
  for (const verdict of verdicts) options.print(verdictLine(verdict));
  if (ended.length > 0) options.print(endedLine(ended));
  const failed = verdicts.filter((verdict) => verdict.problems.length > 0).length;
  options.print(`${count(holders.length, "token")} checked: ${holders.length - failed} passed, ${failed} failed.`);
  options.report(summary);
  return failed > 0 ? 1 : 0;
}

/** `npm run verify`: its spec and runner. */
export const VERIFY_COMMAND = runnable(
  {
    name: "verify",
    summary: "checks every team and attendee token of the deployed stack, or the named ones', read-only",
    usage: "npm run verify [-- [NAME...] [--outputs FILE]]",
    options: {
      outputs: {
        type: "string",
        value: "FILE",
        help: "the stack's outputs, as terraform output -json prints them (default: terraform output -json)",
      },
    },
    positionals: { most: Infinity, name: NAME_POSITIONAL },
    reads: [...CONFIG, "terraform output -json", "TFE_HOSTNAME", "TFE_ADDRESS"],
    example: "npm run verify -- --outputs rehearsal/outputs.json",
  },
  (values, names, context) =>
    verify({ ...context, outputsFile: values.outputs, names: names.length === 0 ? undefined : names }),
);

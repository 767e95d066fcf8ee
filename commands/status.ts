import {
  eventLine,
  gatherStatus,
  statusComplete,
  statusSummary,
  statusTable,
  statusWarnings,
  type StatusReport,
} from "../operations/status";
import { readVerifyRecordFor } from "../operations/verify-record";
import { TOKEN_PLACES, tokenPhrase } from "../terraform-cloud/access";
import { safeLines } from "../text/terminal";
import { ApiSession, prepareReadOnly, type ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";

/** Options of {@link status}. */
export interface StatusOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
  /**
   * Print the rows as a JSON array instead of a table.
   * @default false
   */
  readonly json?: boolean;
  /**
   * The width of the terminal the table is printed on, which it is fitted to by leaving columns out.
   * @default the table at its full width, as for a file or a pipe
   */
  readonly terminalColumns?: number;
}

/** The room's status as a command read it, and the line of its requests, said last. */
export interface RoomStatus {
  readonly report: StatusReport;
  readonly requests: string;
}

/**
 * How a command that shows the room's status starts, read-only with the facilitator's token: the config read, its
 * first line (`heading`, the config file, the address and whose token), then every workspace read. Undefined when a
 * step fails, each said already in one line naming the command.
 */
export async function readRoomStatus(
  command: string,
  options: PrepareOptions & ApiOptions,
  heading: { readonly text: string; readonly say: (line: string) => void },
): Promise<RoomStatus | undefined> {
  const workshop = prepareReadOnly(command, options);
  if (workshop === undefined) return undefined;
  const session = new ApiSession(options.env, options, command);
  const { address, token } = session.access;
  heading.say(`${heading.text} ${workshop.configFile} against ${address}, ${tokenPhrase(session.access)}:`);
  if (token === undefined) {
    options.report(`${command}: no token found in ${TOKEN_PLACES}; run terraform login, or export TFE_TOKEN`);
    return undefined;
  }
  const reading = await gatherStatus(workshop.config, session.client(token), {
    now: options.now,
    verifyRecord: readVerifyRecordFor(workshop.config, workshop.app.outdir),
  });
  const requests = session.finish();
  if (!reading.ok) {
    options.report(`${command}: ${reading.problem}`);
    options.report(requests);
    return undefined;
  }
  return { report: reading.value, requests };
}

/** What a command that is one more view of the room's status prints from the report, and the exit code it ends with. */
export interface RoomView {
  /** The view's lines, on stdout. */
  readonly lines: (report: StatusReport) => readonly string[];
  /** What it could not see, on stderr. */
  readonly warnings: (report: StatusReport) => readonly string[];
  /** Its last line on stdout. */
  readonly summary: (report: StatusReport) => string;
  readonly exitCode: (report: StatusReport) => number;
}

/**
 * Runs a command that is one more view of the room's status (nudge, leftovers): its first line (`heading`, the config,
 * the address and whose token), the room read as status reads it, then the view's lines, its warnings, its summary
 * and the requests; exit code 1 when the room cannot be read, else the view's.
 */
export async function showRoomView(
  command: string,
  heading: string,
  given: PrepareOptions & ApiOptions & { readonly print: (line: string) => void },
  view: RoomView,
): Promise<number> {
  // Config values and server answers reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const read = await readRoomStatus(command, options, { text: heading, say: options.print });
  if (read === undefined) return 1;
  const { report, requests } = read;
  for (const line of view.lines(report)) options.print(line);
  for (const warning of view.warnings(report)) options.report(warning);
  options.print(view.summary(report));
  options.report(requests);
  return view.exitCode(report);
}

/**
 * `npm run status`: every workspace of the config as Terraform Cloud shows it now, read-only, with the facilitator's
 * token.
 */
export async function status(given: StatusOptions): Promise<number> {
  // Server answers reach these lines: the tokens of the run masked and every line safe for a terminal, whoever calls.
  const options = safeLines(given);
  // With --json, stdout carries the JSON only; every other line goes to the report.
  const say = options.json === true ? options.report : options.print;
  const read = await readRoomStatus("status", options, { text: "Status of", say });
  if (read === undefined) return 1;
  const { report, requests } = read;
  // Line by line, as every print is one line: the JSON's own line breaks are never inside its strings.
  if (options.json === true) for (const line of JSON.stringify(report.rows, null, 2).split("\n")) options.print(line);
  else {
    const table = statusTable(report.rows, options.terminalColumns);
    for (const line of table.lines) options.print(line);
    if (table.leftOut.length > 0)
      options.report(
        `status: left out ${table.leftOut.join(", ")} to fit ${options.terminalColumns} columns; a wider ` +
          "terminal shows them, and so does --json",
      );
  }
  for (const warning of statusWarnings(report)) options.report(warning);
  if (report.event !== undefined) say(eventLine(report.event));
  say(statusSummary(report));
  options.report(requests);
  // A room this token cannot see whole is no answer to "is it ready for teardown?".
  return statusComplete(report) ? 0 : 1;
}

/** `npm run status`: its spec and runner. */
export const STATUS_COMMAND = runnable(
  {
    name: "status",
    summary: "shows every workspace and token of the config as Terraform Cloud has them now",
    usage: "npm run status [-- --json]",
    options: { json: { type: "boolean", help: "print the rows as JSON on stdout, every other line on stderr" } },
    positionals: { most: 0 },
    reads: [...CONFIG, ...TERRAFORM_CLOUD],
    example: "npm run -s status -- --json | jq '.[] | select(.resources > 0) | .workspace'",
  },
  (values, _, context) => status({ ...context, json: values.json === true }),
);

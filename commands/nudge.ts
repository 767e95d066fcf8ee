import { nudgeLines, nudgeSummary, nudgeWarnings } from "../operations/nudge";
import { statusComplete } from "../operations/status";
import { safeLines } from "../text/terminal";
import type { ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";
import { readRoomStatus } from "./status";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";

/** Options of {@link nudge}. */
export interface NudgeOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
}

/**
 * `npm run nudge`: the attendees who have pushed no state yet, read-only with the facilitator's token, each with what
 * to tell them. Exit code 1 when it cannot read the room, or cannot see every attendee's workspace.
 */
export async function nudge(given: NudgeOptions): Promise<number> {
  // Config values and server answers reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const read = await readRoomStatus("nudge", options, { text: "Nudges for", say: options.print });
  if (read === undefined) return 1;
  const { report, requests } = read;
  for (const line of nudgeLines(report)) options.print(line);
  for (const warning of nudgeWarnings(report)) options.report(warning);
  options.print(nudgeSummary(report));
  options.report(requests);
  return statusComplete(report) ? 0 : 1;
}

/** `npm run nudge`: its spec and runner. */
export const NUDGE_COMMAND = runnable(
  {
    name: "nudge",
    summary: "lists the attendees who have pushed no state yet, read-only, each with what to tell them",
    usage: "npm run nudge",
    options: {},
    positionals: { most: 0 },
    reads: [...CONFIG, ...TERRAFORM_CLOUD],
    example: "source rehearsal/env && npm run nudge",
  },
  (_, __, context) => nudge(context),
);

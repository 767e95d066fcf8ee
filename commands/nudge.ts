import { nudgeLines, nudgeSummary, nudgeWarnings } from "../operations/nudge";
import { statusComplete } from "../operations/status";
import type { ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";
import { showRoomView } from "./status";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";

/** Options of {@link nudge}. */
export interface NudgeOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
}

/**
 * `npm run nudge`: the attendees who have pushed no state yet, read-only with the facilitator's token, each with what
 * to tell them. Exit code 1 when it cannot read the room, or cannot see every attendee's workspace.
 */
export function nudge(given: NudgeOptions): Promise<number> {
  return showRoomView("nudge", "Nudges for", given, {
    lines: nudgeLines,
    warnings: nudgeWarnings,
    summary: nudgeSummary,
    exitCode: (report) => (statusComplete(report) ? 0 : 1),
  });
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

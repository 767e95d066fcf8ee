import { leftoversLines, leftoversOutcome, leftoversSummary, leftoversWarnings } from "../operations/leftovers";
import type { ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";
import { showRoomView } from "./status";
import { CONFIG, runnable, TERRAFORM_CLOUD } from "./usage";

/** Options of {@link leftovers}. */
export interface LeftoversOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
}

/**
 * The exit code of each outcome: 3, not 1, for attendees who still manage resources, so that a script waiting for
 * them (`until npm run -s leftovers; ...`) tells "wait" from "cannot tell" (1, as every command's failure) and from a
 * usage mistake (2).
 */
const EXIT_CODES = { clean: 0, unknown: 1, leftovers: 3 } as const;

/**
 * `npm run leftovers`: the attendees whose workspace still manages resources, read-only with the facilitator's token,
 * each with what to tell them before the teardown. Exit code 0 when none does, 3 when some do, 1 when it cannot read
 * the room or see every attendee's workspace.
 */
export function leftovers(given: LeftoversOptions): Promise<number> {
  return showRoomView("leftovers", "Leftovers of", given, {
    lines: leftoversLines,
    warnings: leftoversWarnings,
    summary: leftoversSummary,
    exitCode: (report) => EXIT_CODES[leftoversOutcome(report)],
  });
}

/** `npm run leftovers`: its spec and runner. */
export const LEFTOVERS_COMMAND = runnable(
  {
    name: "leftovers",
    summary:
      "lists the attendees whose workspace still manages resources, read-only, each " +
      "with what to tell them before the teardown; exit code 3 while some do, 1 when it cannot tell (look)",
    usage: "npm run leftovers",
    options: {},
    positionals: { most: 0 },
    reads: [...CONFIG, ...TERRAFORM_CLOUD],
    example: "source rehearsal/env && npm run leftovers",
  },
  (_, __, context) => leftovers(context),
);

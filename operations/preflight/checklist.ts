import type { WorkshopConfig } from "../../config/schema";
import { withFix } from "../../text/fix";
import { PREFLIGHT_CHECKS } from "./checks";
import type { CheckItem } from "./check";
import type { PreflightFacts } from "./facts";
import { count } from "../../text/count";

/** Runs every check over the facts, in the checklist's order. */
export function runChecks(config: WorkshopConfig, facts: PreflightFacts): CheckItem[] {
  return PREFLIGHT_CHECKS.flatMap((check) => check(config, facts));
}

const MARKS = { ok: "ok     ", warning: "warning", blocker: "BLOCKER" } as const;

/** One line per item: a mark, the subject, the finding and the fix. */
export function checklistLine(item: CheckItem): string {
  const line = `${MARKS[item.level]} ${item.subject}: ${item.finding}`;
  return item.fix === undefined ? line : withFix(line, item.fix);
}

/** The last line: ready only when nothing blocks and nothing was left unconfirmed. */
export function verdict(items: readonly CheckItem[]): string {
  const blockers = items.filter((item) => item.level === "blocker").length;
  const warnings = items.filter((item) => item.level === "warning").length;
  if (blockers > 0) return `${count(blockers, "blocker")}: fix ${blockers === 1 ? "it" : "them"} before deploying.`;
  if (warnings > 0)
    return (
      `No blocker, ${count(warnings, "warning")}: read ` +
      `${warnings === 1 ? "it" : "them"}, since preflight could not confirm ` +
      "everything."
    );
  return "Ready to deploy.";
}

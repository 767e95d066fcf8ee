import { count } from "../text/count";
import { withFix } from "../text/fix";
import { ENDED_ACCESS_AGAIN } from "./access-again";
import type { StatusReport, StatusRow } from "./status";

/** An attendee's row of the status, with the workspace it is about. */
type AttendeeRow = StatusRow & { readonly attendee: string; readonly workspace: string };

const attendeeRows = (report: StatusReport): AttendeeRow[] =>
  report.rows.filter((row): row is AttendeeRow => row.attendee !== null && row.workspace !== null);

/**
 * What leftovers can conclude of the attendees' workspaces: none manages resources, some do, or it cannot tell, since
 * a workspace this token cannot see may manage resources as well as not (a list with one such is never "clean").
 */
export type LeftoversOutcome = "clean" | "leftovers" | "unknown";

/** The attendees whose workspace still manages resources, in the room's order, as far as this token sees. */
const withLeftovers = (report: StatusReport) => attendeeRows(report).filter((row) => (row.resources ?? 0) > 0);

/** The attendees whose workspace this token cannot see: whether it manages resources is not known. */
const unseen = (report: StatusReport) => attendeeRows(report).filter((row) => row.exists === null);

/** Unknown while a workspace is not visible, else whether any still manages resources. */
export function leftoversOutcome(report: StatusReport): LeftoversOutcome {
  if (unseen(report).length > 0) return "unknown";
  return withLeftovers(report).length > 0 ? "leftovers" : "clean";
}

/**
 * Why the attendees cannot destroy with the token they were handed, if so: the config ends the event (its deploy
 * deleted their tokens), or the event's end has passed (their tokens expired with it). Their resources still need
 * destroying either way.
 */
function tokensGone(report: StatusReport): string | undefined {
  const event = report.event;
  if (event?.ended === true)
    return withFix(
      "the event has ended (event.ended) and its deploy deleted the attendees' " +
        "tokens: those above need access again to run terraform destroy",
      ENDED_ACCESS_AGAIN,
    );
  if (event?.secondsLeft === 0)
    return withFix(
      `the event ended at ${event.endsAt} (event.endsAt) and the attendees' tokens ` +
        "expired then: those above need new ones to run terraform destroy",
      "give event.endsAt a later date and deploy, which replaces every attendee's token",
    );
  return undefined;
}

/**
 * One line for each attendee whose workspace still manages resources, saying what to tell them before the teardown,
 * then, once the event is over, how they get a token to do it with.
 */
export function leftoversLines(report: StatusReport): string[] {
  const lines = withLeftovers(report).map((row) =>
    withFix(
      `${row.attendee} (${row.workspace}) still manages ${count(row.resources!, "resource")}`,
      "have them destroy what they built before the teardown (terraform destroy in " +
        "their own project), so that their workspace manages nothing",
    ),
  );
  const gone = tokensGone(report);
  return lines.length === 0 || gone === undefined ? lines : [...lines, gone];
}

/**
 * What leftovers could not see, each once: the attendees' workspaces this token cannot see, and those whose current
 * state version it may not read (their count is the workspace list's `resource-count`, which it does see).
 */
export function leftoversWarnings(report: StatusReport): string[] {
  const hidden = unseen(report);
  const attendeeWorkspaces = new Set(attendeeRows(report).map((row) => row.workspace));
  const statesUnread = report.statesUnseen.filter((workspace) => attendeeWorkspaces.has(workspace));
  return [
    ...(hidden.length === 0
      ? []
      : [
          `warning: the workspace of ${count(hidden.length, "attendee")} is not visible to this token, ` +
            "so whether it still manages resources is not known " +
            `(${hidden.map((row) => row.attendee).join(", ")}). Run leftovers with a user token of an ` +
            "owner of the organization.",
        ]),
    ...(statesUnread.length === 0
      ? []
      : [
          `warning: the state of ${count(statesUnread.length, "workspace")} could ` +
            `not be read with this token (${statesUnread.join(", ")}): the resources ` +
            "counted there are the workspace list's resource-count.",
        ]),
  ];
}

/**
 * One line: how many attendees still manage resources, of how many, and whether their workspaces are ready for the
 * teardown; those whose workspace this token cannot see are counted apart, never as clean.
 */
export function leftoversSummary(report: StatusReport): string {
  const managing =
    `${withLeftovers(report).length} of ` +
    `${count(attendeeRows(report).length, "attendee")} still ` +
    "managing resources";
  const hidden = unseen(report).length;
  const verdict = {
    clean: "ready for the teardown",
    leftovers: "not ready for the teardown",
    unknown: "cannot tell whether the room is ready for the teardown",
  }[leftoversOutcome(report)];
  return `${managing}${hidden === 0 ? "" : `, ${hidden} not known (not visible to this token)`}: ${verdict}.`;
}

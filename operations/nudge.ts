import { UNREADABLE } from "../terraform-cloud/dates";
import { count } from "../text/count";
import { withFix } from "../text/fix";
import { usedByHolder, verifyUseWarnings, type StatusReport, type StatusRow } from "./status";

/** An attendee's row of the status, with the workspace it is about. */
type AttendeeRow = StatusRow & { readonly attendee: string; readonly workspace: string };

const isAttendee = (row: StatusRow): row is AttendeeRow => row.attendee !== null && row.workspace !== null;

/**
 * The step an attendee who has pushed no state has not taken, as far as their status row shows: their workspace is
 * missing; their token is unused (by them: verify's use is not theirs); or their state is missing, the token used, or
 * its use not seen (`tokensSeen` false). Undefined for an attendee with state, or whose workspace this token cannot
 * see. The one rule of who is behind: nudge says what to tell them, the board lists them once they stay behind.
 */
export type StepBehind = "workspace" | "token" | "state";
export function stepBehind(row: StatusRow, tokensSeen: boolean): StepBehind | undefined {
  if (row.exists === false) return "workspace";
  if (row.exists !== true || row.hasState !== false) return undefined;
  return tokensSeen && !usedByHolder(row) ? "token" : "state";
}

/** What to tell one attendee whose workspace has no state yet: the step they have not taken, as far as it shows. */
function nudgeOf(row: AttendeeRow, behind: StepBehind, tokensSeen: boolean): string {
  const who = `${row.attendee} (${row.workspace})`;
  const handout = `npm run handout -- ${row.attendee}`;
  if (behind === "workspace")
    return withFix(`${who}: the workspace does not exist`, "npm run deploy, then hand them their handout");
  if (!tokensSeen)
    return withFix(`${who} has pushed no state`, `have them follow their handout (${handout}) up to terraform apply`);
  if (behind === "token")
    return withFix(
      row.tokenLastUsedAt !== null && row.tokenVerifiedAt === UNREADABLE
        ? `${who} may not have used their token yet (its last use, ${row.tokenLastUsedAt}, may be verify's)`
        : `${who} has not used their token yet`,
      `hand them their handout again (${handout}): it says how to give Terraform the token, then terraform init`,
    );
  return withFix(
    `${who} has used their token (last ${row.tokenLastUsedAt}) but pushed no state`,
    "have them run terraform apply in their workshop folder",
  );
}

/**
 * Why no nudge could be followed, if so: the config ends the event (its deploy deletes the attendees' tokens), or the
 * event's end has passed (the attendees' tokens expired with it).
 */
function eventOver(report: StatusReport): string | undefined {
  const event = report.event;
  if (event?.ended === true)
    return (
      "the event has ended (event.ended), so nobody to nudge: an " +
      "ended event's deploy deletes the attendees' tokens"
    );
  if (event?.secondsLeft === 0)
    return `the event ended at ${event.endsAt} (event.endsAt), so nobody to nudge: the attendees' tokens expired then`;
  return undefined;
}

/**
 * One line for each attendee who has pushed no state yet, in the room's order, saying what to tell them; none for an
 * attendee with state, or whose workspace this token cannot see (the warning says so), and none once the event is
 * over.
 */
export function nudgeLines(report: StatusReport): string[] {
  if (eventOver(report) !== undefined) return [];
  return report.rows.filter(isAttendee).flatMap((row) => {
    const behind = stepBehind(row, report.tokensSeen);
    return behind === undefined ? [] : [nudgeOf(row, behind, report.tokensSeen)];
  });
}

/** The attendees whose workspace this token cannot see: it cannot tell whether they pushed state. */
export function nudgeWarnings(report: StatusReport): string[] {
  const unseen = report.rows.filter(isAttendee).filter((row) => row.exists === null);
  return [
    ...(unseen.length === 0
      ? []
      : [
          `warning: the workspace of ${count(unseen.length, "attendee")} is not visible to this ` +
            "token, so whether they pushed state is not known " +
            `(${unseen.map((row) => row.attendee).join(", ")}). Run nudge with a user token of an ` +
            "owner of the organization.",
        ]),
    ...verifyUseWarnings(report),
  ];
}

/**
 * One line: how many attendees have pushed state, of how many, and how many need a nudge; those whose workspace this
 * token cannot see are counted apart, never as without state.
 */
export function nudgeSummary(report: StatusReport): string {
  const attendees = report.rows.filter(isAttendee);
  const withState = attendees.filter((row) => row.hasState === true).length;
  const unseen = attendees.filter((row) => row.exists === null).length;
  const pushed =
    `${withState} of ${count(attendees.length, "attendee")} pushed ` +
    `state${unseen === 0 ? "" : `, ${unseen} not known (not visible to this token)`}`;
  const over = eventOver(report);
  if (over !== undefined) return `${pushed}; ${over}.`;
  const nudged = nudgeLines(report).length;
  return `${pushed}; ${nudged === 0 ? "nobody to nudge" : `${count(nudged, "nudge")} above`}.`;
}

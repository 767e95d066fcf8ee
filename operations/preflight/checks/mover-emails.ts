import { attendeeRoom } from "../../../config/attendees";
import { count, listed } from "../../../text/count";
import {
  blocker,
  migrationFlag,
  OWNER_TOKEN_FIX,
  roomsOf,
  warning,
  type CheckItem,
  type PreflightCheck,
} from "../check";
import { moverMemberships, type MoverMembershipProblem } from "../mover-memberships";

/** How many attendees a line names before it counts the rest. */
const NAMED = 3;

/** One attendee of the emails blocker: the email the importer would find first, then the config's. */
function emailShown(problem: MoverMembershipProblem): string {
  const { name, email } = problem.attendee;
  switch (problem.kind) {
    case "added":
      return `${name}: none deployed, "${email}" in the config`;
    case "changed":
      return `${name}: "${problem.held}" in Terraform Cloud, "${email}" in the config`;
    case "unmatched":
      return `${name}: "${email}" in the config, no membership's user has it in Terraform Cloud`;
    case "gone":
      return `${name}: "${problem.held}"`;
  }
}

/**
 * A move (attendees.migrateFromOneStack, migrateFromShards) imports each moving attendee's membership in the stack
 * their room goes to by the config's email, and tfe 0.71.0 finds it only by its user's email, byte for byte: an email
 * added or changed in the move's config, or a membership gone from Terraform Cloud, fails that stack's plan after the
 * stacks the rooms leave have revoked their tokens. Each is a blocker: the email changes in a deploy of its own. Only
 * Terraform Cloud's list tells: a list not visible to the token is a warning, one that got no usable answer is that
 * request's blocker, and the state's email is never taken for the user's.
 */
export const moverEmailsCheck: PreflightCheck = (config, facts) => {
  const { problems, unchecked } = moverMemberships(config, facts);
  if (problems.length === 0 && unchecked.length === 0) return [];
  const flag = migrationFlag(attendeeRoom(config));
  const gone = problems.filter((problem) => problem.kind === "gone");
  const emails = problems.filter((problem) => problem.kind !== "gone");
  const items: CheckItem[] = [];
  if (emails.length > 0)
    items.push(
      blocker(
        flag,
        `${roomsOf(emails.length)} ${emails.length === 1 ? "moves" : "move"} with an email no membership ` +
          `has for the stack ${emails.length === 1 ? "it goes" : "they go"} to import ` +
          `(${listed(emails.map(emailShown), NAMED)}): tfe 0.71.0 imports a membership by its user's email, ` +
          "byte for byte, and that stack's plan would fail after the stacks the rooms leave have revoked " +
          "their tokens",
        "move each with the email its membership's user has in Terraform Cloud (none where none was " +
          "deployed), and change it in a deploy of its own, before or after the move",
      ),
    );
  if (gone.length > 0)
    items.push(
      blocker(
        flag,
        `the membership of ${count(gone.length, "moving attendee")} is no longer in Terraform Cloud ` +
          `(${listed(gone.map(emailShown), NAMED)}): they left, or were removed by hand, and the stack ` +
          `${gone.length === 1 ? "their room goes" : "their rooms go"} to would import it and fail after ` +
          "the stacks the rooms leave have revoked their tokens",
        "leave their email out of the config for the move, and add it back in a deploy after the move to " +
          "invite them again, if they are to come back",
      ),
    );
  if (unchecked.length > 0)
    items.push(
      warning(
        flag,
        `preflight cannot see the user's email of the membership of ${count(unchecked.length, "moving attendee")} ` +
          `(${listed(
            unchecked.map((attendee) => attendee.name),
            NAMED,
          )}), which the stack their room goes to imports it by, byte for byte`,
        OWNER_TOKEN_FIX,
      ),
    );
  return items;
};

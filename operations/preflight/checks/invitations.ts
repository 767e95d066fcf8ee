import { attendeeRoom } from "../../../config/attendees";
import { managedBy, warning, type CheckItem, type PreflightCheck } from "../check";
import { count, listed as listedNames } from "../../../text/count";
import { moverMemberships } from "../mover-memberships";

interface EmailChange {
  readonly attendee: string;
  /**
   * The membership's email that tfe will compare the config's with: Terraform Cloud's, or the state's when it could not
   * be read.
   */
  readonly from: string;
  readonly to?: string;
}

const listed = (changes: readonly EmailChange[], show: (change: EmailChange) => string) =>
  listedNames(changes.map(show), 3);
const fromTo = (change: EmailChange) => `${change.attendee}: "${change.from}" to "${change.to}"`;

/** The attendees the deploy invites again, whose membership is gone, and those it removes, whose email left. */
function leavingWarnings(gone: readonly EmailChange[], dropped: readonly EmailChange[]): CheckItem[] {
  const attendee = (change: EmailChange) => change.attendee;
  return [
    ...(gone.length === 0
      ? []
      : [
          warning(
            "invitations",
            `the deploy invites ${count(gone.length, "attendee")} again, whose membership is no longer in ` +
              `Terraform Cloud (${listed(gone, attendee)}): they left, or were removed by hand`,
            "remove their email from the config if they are not to come back",
          ),
        ]),
    ...(dropped.length === 0
      ? []
      : [
          warning(
            "invitations",
            `the deploy removes ${count(dropped.length, "attendee")} from the organization, whose email ` +
              `left the config (${listed(dropped, attendee)}); their workspace, state and token stay`,
            "keep their email in the config while they need the organization's pages",
          ),
        ]),
  ];
}

/**
 * Attendees whose membership the deploy replaces or makes again. tfe 0.71.0's membership Read copies the email
 * Terraform Cloud holds into the state before the plan, and `email` is ForceNew: any difference from the config's, a
 * change of case included, replaces the membership, so the attendee leaves the organization and its teams and is
 * invited again (or not at all, when the config dropped the email), while their workspace, state and token stay. So
 * the config is compared with the live membership, found by the state's id; with the state's email only when the live
 * ones could not be read. A change of case alone is rarely meant: a mistake to undo; any other, a step to tell them.
 * A moving attendee whose membership the stack their room goes to would not find by the config's email, or whose
 * membership preflight could not compare, is the mover-emails check's: that stack imports it, never invites them.
 */
export const invitationsCheck: PreflightCheck = (config, facts) => {
  const deployed = managedBy(facts)?.invitations;
  if (deployed === undefined || deployed.size === 0) return [];
  const live = facts.memberships === "not-visible" ? undefined : facts.memberships;
  const changes: EmailChange[] = [];
  const changedLive: EmailChange[] = [];
  const gone: EmailChange[] = [];
  const movers = moverMemberships(config, facts);
  const theirs = new Set(
    [...movers.problems.map((problem) => problem.attendee), ...movers.unchecked, ...movers.unread].map(
      (attendee) => attendee.name,
    ),
  );
  for (const attendee of attendeeRoom(config).environments) {
    const invitation = deployed.get(attendee.name);
    if (invitation === undefined || theirs.has(attendee.name)) continue;
    const membership = live === undefined || invitation.id === undefined ? undefined : live.get(invitation.id);
    if (live !== undefined && invitation.id !== undefined && membership === undefined) {
      if (attendee.email !== undefined) gone.push({ attendee: attendee.name, from: invitation.email });
      continue;
    }
    const held = membership?.email ?? invitation.email;
    if (held === attendee.email) continue;
    // An email that changed in Terraform Cloud since the deploy, and that the config does not follow.
    const list = held !== invitation.email && attendee.email !== undefined ? changedLive : changes;
    list.push({ attendee: attendee.name, from: held, to: attendee.email });
  }
  const inCaseAlone = (change: EmailChange) => change.to?.toLowerCase() === change.from.toLowerCase();
  const caseOnly = changes.filter(inCaseAlone);
  const changed = changes.filter((change) => change.to !== undefined && !inCaseAlone(change));
  const dropped = changes.filter((change) => change.to === undefined);
  const items: CheckItem[] = [];
  if (caseOnly.length > 0) {
    items.push(
      warning(
        "invitations",
        `the deploy would remove ${count(caseOnly.length, "attendee")} from the organization ` +
          "and invite them again, for a change of case in their email alone " +
          `(${listed(caseOnly, fromTo)}): tfe replaces a membership on any change of its email`,
        `write each email as ${live === undefined ? "the state" : "Terraform Cloud"} ` +
          "holds it: a change of case alone is not worth a new invitation",
      ),
    );
  }
  if (changed.length > 0) {
    items.push(
      warning(
        "invitations",
        `the deploy removes ${count(changed.length, "attendee")} from the organization and invites them ` +
          `at a new email (${listed(changed, fromTo)}); their workspace, state and token stay`,
        "tell them to accept the new invitation to reach the organization's pages again",
      ),
    );
  }
  if (changedLive.length > 0) {
    const emails = listed(
      changedLive,
      (change) => `${change.attendee}: "${change.from}" in Terraform Cloud, "${change.to}" in the config`,
    );
    items.push(
      warning(
        "invitations",
        `the deploy removes ${count(changedLive.length, "attendee")} from the organization ` +
          "and invites them again at the config's email, no longer the one Terraform Cloud " +
          `holds (${emails}): tfe replaces a membership whose email differs`,
        "write the email Terraform Cloud holds into the config, unless they are to be invited at the config's",
      ),
    );
  }
  return [...items, ...leavingWarnings(gone, dropped)];
};

import { attendeeRoom } from "../../../config/attendees";
import { managedBy, warning, type CheckItem, type PreflightCheck } from "../check";
import { count } from "../../../text/count";

interface EmailChange {
  readonly attendee: string;
  readonly from: string;
  readonly to?: string;
}

const listed = (changes: readonly EmailChange[]) =>
  changes
    .slice(0, 3)
    .map((change) => (change.to === undefined ? change.attendee : `${change.attendee}: "${change.from}" to "${change.to}"`))
    .join(", ") + (changes.length > 3 ? `, and ${changes.length - 3} more` : "");

/**
 * Attendees whose email in the config differs from their membership's in the state, or is gone from it. tfe
 * replaces an organization membership on any change of its email, a change of case included: the attendee leaves
 * the organization and its teams, and is invited again at the new address (or not at all), while their workspace,
 * state and token stay. A change of case alone is rarely meant: a mistake to undo; any other, a step to tell them.
 */
export const invitationsCheck: PreflightCheck = (config, facts) => {
  const deployed = managedBy(facts)?.invitations;
  if (deployed === undefined || deployed.size === 0) return [];
  const changes = attendeeRoom(config).environments.flatMap((attendee): EmailChange[] => {
    const from = deployed.get(attendee.name);
    return from === undefined || from === attendee.email ? [] : [{ attendee: attendee.name, from, to: attendee.email }];
  });
  const inCaseAlone = (change: EmailChange) => change.to?.toLowerCase() === change.from.toLowerCase();
  const caseOnly = changes.filter(inCaseAlone);
  const changed = changes.filter((change) => change.to !== undefined && !inCaseAlone(change));
  const dropped = changes.filter((change) => change.to === undefined);
  const items: CheckItem[] = [];
  if (caseOnly.length > 0) {
    items.push(
      warning(
        "invitations",
        `the deploy would remove ${count(caseOnly.length, "attendee")} from the organization and invite them again, for a change of case in their email alone (${listed(caseOnly)}): tfe replaces a membership on any change of its email`,
        "write each email as the state holds it: a change of case alone is not worth a new invitation",
      ),
    );
  }
  if (changed.length > 0) {
    items.push(
      warning(
        "invitations",
        `the deploy removes ${count(changed.length, "attendee")} from the organization and invites them at a new email (${listed(changed)}); their workspace, state and token stay`,
        "tell them to accept the new invitation to reach the organization's pages again",
      ),
    );
  }
  if (dropped.length > 0) {
    items.push(
      warning(
        "invitations",
        `the deploy removes ${count(dropped.length, "attendee")} from the organization, whose email left the config (${listed(dropped)}); their workspace, state and token stay`,
        "keep their email in the config while they need the organization's pages",
      ),
    );
  }
  return items;
};

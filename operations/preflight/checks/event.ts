import { attendeeRoom } from "../../../config/attendees";
import { count } from "../../../text/count";
import { blocker, managedBy, ok, type CheckItem, type PreflightCheck } from "../check";

const listed = (names: readonly string[]) =>
  names.slice(0, 3).join(", ") + (names.length > 3 ? `, and ${names.length - 3} more` : "");

/**
 * The event's end and whether it has ended, against what the state says is deployed. An ended event creates nothing
 * for an attendee who has no environment yet, and a passed end would give the new ones tokens that never work: both
 * are blockers naming the field. An ended event's deploy says in one line what goes, and what stays.
 */
export const eventCheck: PreflightCheck = (config, facts) => {
  const event = config.event;
  const managed = managedBy(facts);
  if (event === undefined || managed === undefined) return [];
  const room = attendeeRoom(config);
  const deployed = new Set([...managed.workspaces.values()].flatMap((workspace) => workspace.attendee ?? []));
  const toCreate = room.environments
    .filter((attendee) => !deployed.has(attendee.name))
    .map((attendee) => attendee.name);
  const items: CheckItem[] = [];
  if (event.ended === true) {
    if (toCreate.length > 0) {
      items.push(
        blocker(
          "event.ended",
          `the event has ended, but ${count(toCreate.length, "attendee")} of the config ` +
            `${toCreate.length === 1 ? "has" : "have"} no environment yet (${listed(toCreate)}): an ` +
            "ended event gives them a workspace and a team, and no token to use them",
          'remove them from attendees.names, or leave out "ended" until they are deployed',
        ),
      );
    } else {
      items.push(
        ok(
          "event.ended",
          "after this deploy no attendee has a token, an invitation or a membership; " +
            "their workspaces, teams and state stay for review and the teardown",
        ),
      );
    }
  } else if (event.endsAt !== undefined && Date.parse(event.endsAt) <= facts.now.getTime() && toCreate.length > 0) {
    items.push(
      blocker(
        "event.endsAt",
        `${event.endsAt} has passed, and the deploy would create ` +
          `${count(toCreate.length, "attendee")} (${listed(toCreate)}) whose access ` +
          "ends then",
        "set event.endsAt to the end of the event to come",
      ),
    );
  }
  return items;
};

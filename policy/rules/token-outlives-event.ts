import { attendeeTokenDescription } from "../../workshop/defaults";
import { isResourceOf, type PolicyRule } from "../rule";
import { rotationPeriodDays } from "./token-expires";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long after the event's end an attendee token may still work: the evening's review, not the next week. */
export const EVENT_GRACE_HOURS = 24;

/** What every attendee token's description starts with, whichever attendee and generation. */
const ATTENDEE_TOKEN = attendeeTokenDescription("");

/**
 * No attendee token works for more than a day after the event's end: a rotation that starts at the deploy (the synth's
 * time stands for it) and runs past the end, or a fixed date past it, is a finding. A token whose expiry the rule
 * cannot follow is held by token-expires already.
 */
export const tokenOutlivesEvent: PolicyRule = {
  id: "token-outlives-event",
  level: "error",
  explanation: "An attendee token that works long after the event ends is access nobody is watching any more.",
  fix:
    "give the attendees a token that ends with the event: leave out attendees.token, so " +
    "that it expires at event.endsAt, or set its expiresAt to event.endsAt.",
  check: (element, context) => {
    const endsAt = context.eventEndsAt;
    if (
      endsAt === undefined ||
      !isResourceOf(element, "tfe_team_token") ||
      !String(element.attributes.description).startsWith(ATTENDEE_TOKEN)
    )
      return undefined;
    const latest = endsAt.getTime() + EVENT_GRACE_HOURS * 60 * 60 * 1000;
    const event = `the event's end (${endsAt.toISOString()}) and ${EVENT_GRACE_HOURS} hours`;
    for (const source of context.sources(element.attributes.expired_at, element)) {
      if (source.kind === "read") {
        const rotation = context.elementAt(source.address);
        const days = rotation?.type === "time_rotating" ? rotationPeriodDays(rotation.attributes) : undefined;
        if (days !== undefined && context.now.getTime() + days * DAY_MS > latest)
          return `rotates every ${days} days from the deploy, past ${event}`;
      } else if (source.kind === "literal" && Date.parse(String(source.value)) > latest) {
        return `expires ${String(source.value)}, past ${event}`;
      }
    }
    return undefined;
  },
};

/**
 * What gives the attendees access again once the config ended the event, whose deploy deleted their tokens and
 * memberships: one definition for every command that meets an attendee without one (leftovers, preflight, verify,
 * handout).
 */
export const ENDED_ACCESS_AGAIN =
  "remove event.ended and deploy, which issues new tokens and invitations (see Ending the event in docs/operations.md)";

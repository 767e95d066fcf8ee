import { attendeeRoom, type AttendeeEnvironment } from "../../config/attendees";
import { movesRoom, placeOf } from "../../config/shards";
import type { WorkshopConfig } from "../../config/schema";
import { roomStackId } from "../../stacks/workshop-stack";
import type { ManagedInvitation } from "../stack-state";
import { managedBy, roomHolders } from "./check";
import type { PreflightFacts } from "./facts";

/**
 * Why the stack a moving attendee's room goes to cannot import their membership by the config's email. It imports
 * `<organization>/<email>` (and `<organization>/<email>/<team>`), and tfe 0.71.0's importer
 * (`fetchOrganizationMemberByNameOrEmail`) lists the memberships with that email and takes only one whose included
 * user's email is the id's, byte for byte; else the import fails, and with it the whole plan of that stack, which
 * deploys after the stacks the rooms leave have forgotten them and revoked their tokens.
 */
export type MoverMembershipProblem =
  /** The deployed room has no membership: the email is new in this config. */
  | { readonly kind: "added"; readonly attendee: AttendeeEnvironment }
  /** The email the importer would find, the membership's user's in Terraform Cloud, is not the config's. */
  | { readonly kind: "changed"; readonly attendee: AttendeeEnvironment; readonly held: string }
  /** The membership the state holds is no longer in Terraform Cloud: they left, or were removed by hand. */
  | { readonly kind: "gone"; readonly attendee: AttendeeEnvironment; readonly held: string }
  /** No state holds the room (a move stopped halfway), and no membership's user in Terraform Cloud has the email. */
  | { readonly kind: "unmatched"; readonly attendee: AttendeeEnvironment };

/** What preflight found of the memberships the moves import. */
export interface MoverMemberships {
  readonly problems: readonly MoverMembershipProblem[];
  /** Moving attendees whose membership's user email preflight could not see (a token that is not an owner's). */
  readonly unchecked: readonly AttendeeEnvironment[];
  /**
   * Moving attendees whose membership preflight could not compare for want of the memberships' list, which got no
   * usable answer: that request's own blocker says so, and nothing is concluded from the state's email alone.
   */
  readonly unread: readonly AttendeeEnvironment[];
}

type LiveMemberships = PreflightFacts["memberships"];

/** Why a mover's membership could not be compared: the list not visible to the token, or not answered. */
type Undecided = "unchecked" | "unread";

/**
 * The problem of a mover whose room the state it leaves still holds, if any, or why it cannot be told. The importer
 * compares the user's email in Terraform Cloud, never the state's: without the memberships' list, a state's email
 * unlike the config's proves nothing (Terraform Cloud may hold the user's in another case, or a changed account's).
 */
function leavingProblem(
  attendee: AttendeeEnvironment & { readonly email: string },
  invitation: ManagedInvitation | undefined,
  live: LiveMemberships,
): MoverMembershipProblem | Undecided | undefined {
  if (invitation === undefined) return { kind: "added", attendee };
  if (live === undefined) return "unread";
  if (live === "not-visible" || invitation.id === undefined) return "unchecked";
  const membership = live.get(invitation.id);
  if (membership === undefined) return { kind: "gone", attendee, held: invitation.email };
  const { userEmail } = membership;
  if (userEmail === undefined) return "unchecked";
  return userEmail === attendee.email ? undefined : { kind: "changed", attendee, held: userEmail };
}

/** The problem of a mover whose room no state holds (forgotten by a move that stopped halfway), if any. */
function statelessProblem(
  attendee: AttendeeEnvironment & { readonly email: string },
  live: LiveMemberships,
): MoverMembershipProblem | Undecided | undefined {
  if (live === undefined) return "unread";
  if (live === "not-visible") return "unchecked";
  const users = [...live.values()].map((membership) => membership.userEmail);
  if (users.includes(attendee.email)) return undefined;
  return users.includes(undefined) ? "unchecked" : { kind: "unmatched", attendee };
}

/**
 * The moving attendees with an email whose membership the stack they go to would not find by it, and those preflight
 * could not tell of. A room its new stack's state holds already is imported: its email is the invitations check's.
 */
export function moverMemberships(config: WorkshopConfig, facts: PreflightFacts): MoverMemberships {
  const room = attendeeRoom(config);
  const invitations = managedBy(facts)?.invitations;
  // An ended room has no memberships to import.
  if (room.ended || invitations === undefined) return { problems: [], unchecked: [], unread: [] };
  const holders = roomHolders(facts);
  const problems: MoverMembershipProblem[] = [];
  const undecided = { unchecked: [] as AttendeeEnvironment[], unread: [] as AttendeeEnvironment[] };
  for (const attendee of room.environments) {
    const { email } = attendee;
    if (email === undefined || !movesRoom(attendee.name, room)) continue;
    const held = holders.get(attendee.name) ?? [];
    if (held.includes(roomStackId(placeOf(attendee.name, room)))) continue;
    const mover = { ...attendee, email };
    const problem =
      held.length === 0
        ? statelessProblem(mover, facts.memberships)
        : leavingProblem(mover, invitations.get(attendee.name), facts.memberships);
    if (problem === "unchecked" || problem === "unread") undecided[problem].push(attendee);
    else if (problem !== undefined) problems.push(problem);
  }
  return { problems, ...undecided };
}

// What the board's server sends its page, typed once for both: the page's script (browser/) imports these types
// and nothing else of the server, so that it type-checks without Node.js and bundles without the server's code.

/** How far an attendee has come, in the order a workshop goes: each step implies the ones before. */
export const STAGES = ["waiting", "invited", "joined", "connected", "pushed", "managing"] as const;
export type Stage = (typeof STAGES)[number];

/**
 * An attendee's invitation to the organization, as status reads it: none without an email or a membership, unknown
 * when the answer could not tell.
 */
export type Invitation = "invited" | "active" | "none" | "unknown";

/** One attendee's tile on the board. */
export interface BoardTile {
  readonly attendee: string;
  readonly workspace: string;
  readonly stage: Stage;
  readonly invitation: Invitation;
  /** Whether the workspace exists; null when the token cannot tell. */
  readonly exists: boolean | null;
  /** RFC 3339 text, or "unreadable" where Terraform Cloud gave no date; null when never used. */
  readonly tokenLastUsedAt: string | null;
  /** RFC 3339 text, or "unreadable" where Terraform Cloud gave no date; null without state. */
  readonly lastStateAt: string | null;
  readonly resources: number | null;
  /** When this board first saw the attendee at their stage: how long they have been there, as far as it knows. */
  readonly since: string;
}

/**
 * Why an attendee needs the facilitator: their workspace is missing; they have an email but no invitation; for a
 * while, they were invited and did not join, or did not use their token (joined, or without an email to join
 * with), or used it and pushed no state.
 */
export type AttentionReason = "no-workspace" | "not-invited" | "not-joined" | "token-unused" | "no-state";

/** An attendee in the "needs attention" list, most urgent first. */
export interface Attention {
  readonly attendee: string;
  readonly reason: AttentionReason;
  /** Since when, as far as the board saw; null where time does not matter (a missing workspace). */
  readonly since: string | null;
}

/** A declared workspace or team with a token, shown beside the room. */
export interface BoardSide {
  readonly name: string;
  readonly kind: "workspace" | "team";
  readonly exists: boolean | null;
  readonly resources: number | null;
  /** When the team last used its token; null when never, or only verify did. */
  readonly tokenLastUsedAt: string | null;
  readonly tokenExpiresAt: string | null;
}

/** The event the room is for, as status saw it: how long it has left, and the attendee tokens that still work. */
export interface EventStatus {
  /** When the event ends, as the config says; null when it says no end. */
  readonly endsAt: string | null;
  /** Whole seconds from the reading to the end, 0 once it has passed; null without an end. */
  readonly secondsLeft: number | null;
  /** Whether the config ends the event ("ended": true), which deletes every attendee token at the next deploy. */
  readonly ended: boolean;
  /** Attendee tokens not expired yet, of every attendee team; null when the tokens could not be read. */
  readonly liveAttendeeTokens: number | null;
}

/** What the board page shows: the room as the last successful refresh saw it. Never a token. */
export interface BoardSnapshot {
  readonly organization: string;
  /** When Terraform Cloud was read. */
  readonly readAt: string;
  /** How many attendees are at or past each stage. */
  readonly counts: Readonly<Record<Stage, number>>;
  readonly attendees: number;
  /** How many attendees have an email, and so an invitation to go through. */
  readonly invitable: number;
  readonly attention: readonly Attention[];
  readonly warnings: readonly string[];
  readonly tiles: readonly BoardTile[];
  readonly side: readonly BoardSide[];
  /** The event, when the config has one, and status's line about it. */
  readonly event?: EventStatus & { readonly line: string };
}

/** What the page fetches: the last room seen, and the last refresh that failed since. */
export interface BoardData {
  readonly snapshot?: BoardSnapshot;
  /**
   * When the last refresh failed, since the last that did not: the page says so in a sentence for the room, and the
   * cause and its fix go to the board's terminal, never to the wall.
   */
  readonly failure?: { readonly at: string };
  /** The server's time, so that the page tells the data's age without trusting its own clock. */
  readonly servedAt: string;
}

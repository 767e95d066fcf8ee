/**
 * The workshop's own choices, shared by the config (its defaults) and the constructs (theirs), so that each is
 * written once.
 */

/** Where a workspace's runs execute; the workshop page picks local: Terraform Cloud only stores the state. */
export const EXECUTION_MODES = ["local", "remote", "agent"] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
export const DEFAULT_EXECUTION_MODE: ExecutionMode = "local";

/** The fixed access levels of a team on a workspace. */
export const ACCESS_LEVELS = ["read", "plan", "write", "admin"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** What an attendee's team may do on the attendee's own workspace: push state, and no more. */
export const DEFAULT_ATTENDEE_ACCESS: AccessLevel = "write";

/** How often attendee tokens rotate when the config does not say. */
export const DEFAULT_ATTENDEE_ROTATION_DAYS = 30;

/** The name of an attendee's workspace, and of their team: the room's prefix, then the attendee's name. */
export const attendeeWorkspaceName = (prefix: string, attendee: string) => `${prefix}${attendee}`;

/** The description of an attendee's team token, which tells it from any other token of the team. */
export const attendeeTokenDescription = (attendee: string) => `workshop attendee ${attendee}`;

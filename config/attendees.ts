import type { TeamAccess, TokenExpiryConfig, WorkshopConfig } from "./schema";

/** How long an attendee token lives when the config does not say: it rotates every 30 days. */
export const DEFAULT_ATTENDEE_TOKEN: TokenExpiryConfig = { rotationDays: 30 };
const DEFAULT_ATTENDEE_ACCESS: TeamAccess = "write";

/** Everything one attendee gets, with the names it generates. */
export interface AttendeeEnvironment {
  readonly name: string;
  readonly email?: string;
  /** Where the attendee appears in the config, for messages: `attendees[2]` or `attendees.names[2]`. */
  readonly path: ReadonlyArray<PropertyKey>;
  /** Name of the attendee's own workspace, which its team is named after too. */
  readonly workspaceName: string;
  readonly access: TeamAccess;
  readonly token: TokenExpiryConfig;
}

/**
 * Expands the attendees of a config into their environments. The workspace prefix defaults to the first
 * workspace's name and "-", so `aws_workshop-alice`; the settings come from that workspace too.
 */
export function attendeeEnvironments(config: WorkshopConfig): AttendeeEnvironment[] {
  const attendees = config.attendees;
  const [entries, namesPath, shared] = Array.isArray(attendees) ? [attendees, ["attendees"], {}] : [attendees.names, ["attendees", "names"], attendees];
  const prefix = shared.workspacePrefix ?? `${config.workspaces[0]?.name ?? ""}-`;
  return entries.map((entry, index) => {
    const { name, email } = typeof entry === "string" ? { name: entry, email: undefined } : entry;
    return {
      name,
      email,
      path: [...namesPath, index],
      workspaceName: `${prefix}${name}`,
      access: shared.access ?? DEFAULT_ATTENDEE_ACCESS,
      token: shared.token ?? DEFAULT_ATTENDEE_TOKEN,
    };
  });
}

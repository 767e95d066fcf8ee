/** The values Terraform Cloud accepts for a workspace's execution mode and for a team's fixed access to a workspace. */

/** Where a workspace's runs execute. */
/** The execution mode in which Terraform runs on the user's machine, and the workspace only keeps the state. */
export const LOCAL_EXECUTION = "local";
export const EXECUTION_MODES = [LOCAL_EXECUTION, "remote", "agent"] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/** The fixed access levels of a team on a workspace. */
export const ACCESS_LEVELS = ["read", "plan", "write", "admin"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

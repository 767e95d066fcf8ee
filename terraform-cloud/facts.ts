/** Facts about Terraform Cloud that both the config checks and the policy rules rely on. */

/** The team every organization is born with; its members, and its token, are organization owners. */
export const OWNERS_TEAM = "owners";

/** The longest workspace name Terraform Cloud accepts. */
export const MAX_WORKSPACE_NAME_LENGTH = 90;

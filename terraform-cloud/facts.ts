/** Facts about Terraform Cloud that the config checks, the policy rules and the API client rely on. */

/** The team every organization is born with; its members, and its token, are organization owners. */
export const OWNERS_TEAM = "owners";

/**
 * How Terraform Cloud tells organization, workspace and team names apart: without case, so `Ops` and `ops` are
 * one team. Every comparison of names, and every map keyed by them, goes through this.
 */
export const nameKey = (name: string) => name.toLowerCase();

/** The longest workspace name Terraform Cloud accepts. */
export const MAX_WORKSPACE_NAME_LENGTH = 90;

/** Where Terraform Cloud answers when TFE_HOSTNAME does not name a Terraform Enterprise host. */
export const DEFAULT_HOSTNAME = "app.terraform.io";

/** Terraform Cloud's documented API rate limit, per user. */
export const RATE_LIMIT_PER_SECOND = 30;

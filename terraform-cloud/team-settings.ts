/** The values Terraform Cloud accepts for a team's own settings. */

/** Who sees a team in the organization: its members only (`secret`, a new team's), or every member. */
export const TEAM_VISIBILITIES = ["secret", "organization"] as const;
export type TeamVisibility = (typeof TEAM_VISIBILITIES)[number];

/**
 * How Terraform Cloud names things, and the lengths and patterns it accepts: what the config checks and the policy
 * rules rely on.
 */

/** The team every organization is born with; its members, and its token, are organization owners. */
export const OWNERS_TEAM = "owners";

/**
 * How Terraform Cloud tells organization, workspace and team names apart: without case, so `Ops` and `ops` are
 * one team. Every comparison of names, and every map keyed by them, goes through this.
 */
export const nameKey = (name: string) => name.toLowerCase();

/**
 * Terraform Cloud allows letters, digits, "-" and "_" in organization, workspace and team names; an attendee's name,
 * which is part of theirs, is held to it too, so it can also be part of a Terraform address.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The longest workspace name Terraform Cloud accepts. */
export const MAX_WORKSPACE_NAME_LENGTH = 90;

/**
 * A project name as tfe 0.71.0 validates it (resource_tfe_project.go, `\A[\w\-][\w\- ]+[\w\-]\z`, 3 to 40
 * characters): letters, digits, "_", "-" and spaces, neither starting nor ending with a space. Terraform Cloud
 * tells project names apart without case, as it does the others (data_source_project.go).
 */
export const PROJECT_NAME_PATTERN = /^[\w-][\w -]+[\w-]$/;
export const MIN_PROJECT_NAME_LENGTH = 3;
export const MAX_PROJECT_NAME_LENGTH = 40;

/** What is wrong with a project name, by the rules above; undefined for a name tfe accepts. */
export function projectNameProblem(name: string): string | undefined {
  return name.length < MIN_PROJECT_NAME_LENGTH ||
    name.length > MAX_PROJECT_NAME_LENGTH ||
    !PROJECT_NAME_PATTERN.test(name)
    ? `the project name ${JSON.stringify(name)} is not one tfe accepts: ` +
        `${MIN_PROJECT_NAME_LENGTH} to ${MAX_PROJECT_NAME_LENGTH} letters, digits, ` +
        `"_", "-" and spaces, neither starting nor ending with a space`
    : undefined;
}

/** The longest project description the Projects API documents. */
export const MAX_PROJECT_DESCRIPTION_LENGTH = 256;

/** A project's id, which is also its import id in tfe 0.71.0 (`prj-...`). */
export const PROJECT_ID_PATTERN = /^prj-[A-Za-z0-9]+$/;

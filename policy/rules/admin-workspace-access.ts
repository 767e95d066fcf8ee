import { isResourceOf, type PolicyRule } from "../rule";

/** Admin access lets a team delete the workspace and manage its access. */
export const adminWorkspaceAccess: PolicyRule = {
  id: "admin-workspace-access",
  level: "warning",
  explanation: "Admin lets the team delete the workspace, change its settings and grant access to others.",
  fix: "grant write, or a permissions object with only what the team needs.",
  check: (element) =>
    isResourceOf(element, "tfe_team_access") && element.attributes.access === "admin"
      ? "grants admin access"
      : undefined,
};

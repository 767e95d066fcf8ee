import { isResourceOf, type PolicyRule } from "../rule";

/** The organization's manage_* permissions reach far beyond one workshop workspace. */
export const organizationManageAccess: PolicyRule = {
  id: "organization-manage-access",
  level: "warning",
  explanation: "Organization manage permissions reach every workspace, team or setting of the organization.",
  fix: "grant workspace access instead, or acknowledge why the team needs it.",
  check: (element) => {
    if (!isResourceOf(element, "tfe_team")) return undefined;
    const block = element.attributes.organization_access;
    const access = (Array.isArray(block) ? block[0] : block) as Record<string, unknown> | undefined;
    const granted = Object.entries(access ?? {})
      .filter(([flag, value]) => flag.startsWith("manage_") && value === true)
      .map(([flag]) => flag);
    return granted.length > 0 ? `grants organization access ${granted.join(", ")}` : undefined;
  },
};

import { isResourceOf, type PolicyRule } from "../rule";

/** An organization has one valid organization token at a time: a second one silently revokes the first. */
export const singleOrganizationToken: PolicyRule = {
  id: "single-organization-token",
  level: "error",
  explanation:
    "Each organization token revokes the previous one, so whoever holds the first loses access without notice.",
  fix: "keep a single organization token; use team tokens for everything else.",
  check: (element, context) => {
    if (!isResourceOf(element, "tfe_organization_token")) return undefined;
    const first = context.elements.find((candidate) => isResourceOf(candidate, "tfe_organization_token"));
    return first === element ? undefined : `is a second organization token besides ${first?.address}`;
  },
};

import { isResourceOf, type PolicyRule } from "../rule";

/** force_regenerate replaces the organization's token: whoever holds the old one loses access at that moment. */
export const organizationTokenReplaces: PolicyRule = {
  id: "organization-token-replaces",
  level: "warning",
  explanation:
    "The organization's existing token is revoked when this one is created, and whatever uses it stops working.",
  fix:
    "tell whoever holds the current organization token before you " +
    "deploy, or remove the organization token from the config.",
  check: (element) =>
    isResourceOf(element, "tfe_organization_token") && element.attributes.force_regenerate === true
      ? "sets force_regenerate, so the organization's existing token will be revoked"
      : undefined,
};

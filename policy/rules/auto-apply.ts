import { isResourceOf, type PolicyRule } from "../rule";

/** auto_apply applies every successful plan without a human looking at it. */
export const autoApply: PolicyRule = {
  id: "auto-apply",
  level: "warning",
  explanation: "Auto-apply applies every successful plan without anyone reviewing it.",
  fix: "remove auto_apply, or acknowledge why nobody needs to review the plans.",
  check: (element) =>
    isResourceOf(element, "tfe_workspace", "tfe_workspace_settings") && element.attributes.auto_apply === true
      ? "sets auto_apply"
      : undefined,
};

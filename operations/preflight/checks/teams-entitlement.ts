import { createdTeamNames } from "../../../config/attendees";
import { blocker, ok, warning, type PreflightCheck } from "../check";

/** What to do on a plan without teams, as the workshop page itself does it. */
const FREE_PLAN_WAY =
  "or, on the free plan, remove teams and attendees and give the " +
  'workshop a user token, as its "Create API Token" page does';

/** Whether the organization's plan has the teams entitlement, when the config creates teams. */
export const teamsEntitlementCheck: PreflightCheck = (config, facts) => {
  if (createdTeamNames(config).length === 0) return [];
  const subject = "teams";
  if (facts.organization === "not-visible" && config.organization.create) {
    return [
      warning(
        subject,
        "a new organization starts on the free plan, without the teams entitlement: the deploy would " +
          "create the organization and workspaces, then stop at 'missing entitlements to create teams'",
        "deploy without teams and attendees first, upgrade the organization to the " +
          `Essentials plan (formerly Standard), then add them; ${FREE_PLAN_WAY}`,
      ),
    ];
  }
  if (facts.teamsEntitlement === undefined) return [];
  return [
    facts.teamsEntitlement
      ? ok(subject, "the organization's plan has the teams entitlement")
      : blocker(
          subject,
          "the organization's plan lacks the teams entitlement: the deploy would stop at " +
            "'missing entitlements to create teams', after creating the rest",
          "upgrade the organization to the Essentials plan (formerly " +
            `Standard), which has the teams entitlement; ${FREE_PLAN_WAY}`,
        ),
  ];
};

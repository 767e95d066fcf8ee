import {
  managedBy,
  ok,
  organizationSubject,
  OWNER_TOKEN_FIX,
  seesEverything,
  warning,
  type PreflightCheck,
} from "../check";

/**
 * Whether the organization has an organization token that the config's would replace (tfe_organization_token fails on
 * one without force_regenerate). Its endpoint is documented for POST and DELETE only, each answering 404 to whoever is
 * not authorized: tfe reads a 404 of its GET as "none", which holds only for a token that may see the organization
 * token at all, an owner's.
 */
export const organizationTokenCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (config.organization.token === undefined || facts.organizationToken === undefined || managed === undefined)
    return [];
  const subject = `${organizationSubject(config)} token`;
  if (managed.organizationToken) return [ok(subject, "managed by this stack: kept until it expires")];
  if (facts.organizationToken === "found") {
    return [
      warning(
        subject,
        "an organization token exists; the deploy replaces it (replaceExisting), and whoever holds it loses access",
        "tell the holder of the current organization token before you deploy",
      ),
    ];
  }
  if (seesEverything(facts)) return [ok(subject, "no organization token exists; the deploy creates one")];
  return [
    warning(
      subject,
      "preflight cannot tell whether one exists: its endpoint answers 404 to a token that is " +
        "not an owner's as well as when there is none, and only owners may create one",
      OWNER_TOKEN_FIX,
    ),
  ];
};

import { managedBy, ok, organizationSubject, warning, type PreflightCheck } from "../check";

/** Whether the organization has an organization token that the config's would replace (tfe_organization_token fails on one without force_regenerate). */
export const organizationTokenCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (config.organization.token === undefined || facts.organizationToken === undefined || managed === undefined) return [];
  const subject = `${organizationSubject(config)} token`;
  if (managed.organizationToken) return [ok(subject, "managed by this stack: kept until it expires")];
  return [
    facts.organizationToken
      ? warning(subject, "an organization token exists; the deploy replaces it (replaceExisting), and whoever holds it loses access", "tell the holder of the current organization token before you deploy")
      : ok(subject, "no organization token exists; the deploy creates one"),
  ];
};

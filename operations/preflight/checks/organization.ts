import { blocker, ok, organizationSubject, warning, type PreflightCheck } from "../check";

/** Whether the organization exists and is yours, or cannot be seen, and what that means for the deploy. */
export const organizationCheck: PreflightCheck = (config, facts) => {
  const organization = facts.organization;
  if (organization === undefined) return [];
  const subject = organizationSubject(config);
  const { create } = config.organization;
  const importing = config.import?.organization === true;
  if (organization === "not-visible") {
    return [
      create
        ? warning(subject, "not visible to this token: free, or owned by someone else; if it is taken, the deploy fails when it creates the organization", "if the deploy says 'name has already been taken', choose another organization.name")
        : blocker(subject, "does not exist, or this token cannot see it", "check organization.name and the token, or set organization.create to true to create it"),
    ];
  }
  if (!create || importing) return [ok(subject, importing ? "exists and will be adopted" : "exists and will be looked up")];
  return [
    organization.canUpdate
      ? blocker(subject, "exists already, and you own it: creating it would fail with 'name has already been taken'", 'set "import": { "organization": true } to adopt it, or organization.create to false to only look it up')
      : blocker(subject, "exists already, and this token may not update it: creating it would fail", "choose another organization.name, or deploy with a token of its owner"),
  ];
};

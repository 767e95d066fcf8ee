import { nameKey } from "../../../terraform-cloud/naming-rules";
import { blocker, managedBy, ok, organizationSubject, warning, type PreflightCheck } from "../check";

/**
 * Whether the organization exists and is yours, managed by this stack, or cannot be seen, and what that means for the
 * deploy.
 */
export const organizationCheck: PreflightCheck = (config, facts) => {
  const organization = facts.organization;
  const managed = managedBy(facts);
  if (organization === undefined || managed === undefined) return [];
  const subject = organizationSubject(config);
  const { create, name } = config.organization;
  const importing = config.import?.organization === true;
  if (managed.organization !== undefined && nameKey(managed.organization) !== nameKey(name)) {
    return [
      blocker(
        subject,
        `this stack manages the organization "${managed.organization}": renaming it would replace ` +
          "every workspace in it, which Terraform refuses for those that hold state",
        `set organization.name back to "${managed.organization}"; to move the ` +
          "workshop to another organization, tear this one down first",
      ),
    ];
  }
  if (organization === "not-visible") {
    if (managed.organization !== undefined) {
      return [
        blocker(
          subject,
          "managed by this stack, but not visible to this token",
          "deploy with a user token of the organization's owner",
        ),
      ];
    }
    return [
      create
        ? warning(
            subject,
            "not visible to this token: free, or owned by someone else; if it is " +
              "taken, the deploy fails when it creates the organization",
            "if the deploy says 'name has already been taken', choose another organization.name",
          )
        : blocker(
            subject,
            "does not exist, or this token cannot see it",
            "check organization.name and the token, or set organization.create to true to create it",
          ),
    ];
  }
  if (managed.organization !== undefined) {
    return [
      ok(
        subject,
        create
          ? "managed by this stack"
          : "managed by this stack until now: the deploy forgets it (a removed block) " +
              "and only looks it up from then on; nothing in it is destroyed",
      ),
    ];
  }
  if (!create || importing)
    return [ok(subject, importing ? "exists and will be adopted" : "exists and will be looked up")];
  return [
    organization.canUpdate
      ? blocker(
          subject,
          "exists already, and you own it: creating it would fail with 'name has already been taken'",
          'set "import": { "organization": true } to adopt it, or organization.create to false to only look it up',
        )
      : blocker(
          subject,
          "exists already, and this token may not update it: creating it would fail",
          "choose another organization.name, or deploy with a token of its owner",
        ),
  ];
};

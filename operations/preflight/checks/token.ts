import { TOKEN_PLACES } from "../../../terraform-cloud/access";
import { blocker, ok, warning, type PreflightCheck } from "../check";

const NOUNS = { teams: "a team token", organizations: "an organization token" } as const;

/** Whether there is a token, whether Terraform Cloud accepts it, and whether its kind may do what the config asks. */
export const tokenCheck: PreflightCheck = (config, facts) => {
  const subject = "token";
  if (!facts.hasToken)
    return [
      blocker(subject, `none found in ${TOKEN_PLACES}`, "run terraform login, or export TFE_TOKEN with a user token"),
    ];
  const account = facts.account;
  if (account === undefined) return [];
  if (account === "rejected")
    return [
      blocker(
        subject,
        "rejected (401): it is wrong, expired or revoked",
        "run terraform login again, or create a new user token and export it as TFE_TOKEN",
      ),
    ];
  if (account.kind === "users") return [ok(subject, `a user token of ${account.username}`)];
  const noun = NOUNS[account.kind];
  if (config.organization.create && config.import?.organization !== true) {
    return [
      blocker(
        subject,
        `${noun}, and only user tokens may create organizations`,
        "use a user token (terraform login), or set organization.create to false if the organization exists",
      ),
    ];
  }
  return [
    warning(
      subject,
      `${noun}: it can only do what its team or organization may`,
      "prefer a user token of an organization owner for the deploy",
    ),
  ];
};

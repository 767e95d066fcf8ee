import { createdTeamTokens } from "../../../config/attendees";
import { HCP_TERRAFORM_HOSTNAMES } from "../../../terraform-cloud/hostname";
import { count } from "../../../text/count";
import { ok, warning, type PreflightCheck } from "../check";

/**
 * Whether a Terraform Enterprise makes the described team tokens that every token of this project is. HCP Terraform
 * documents them (api-docs/team-tokens.mdx, `POST /teams/:team_id/authentication-tokens`); the docs of Terraform
 * Enterprise's releases document one undescribed token per team only, and tfe 0.71.0 (resource_tfe_team_token.go)
 * does not ask first: it posts, and reads a 404 as "team does not exist or version of Terraform Enterprise does not
 * support multiple team tokens with descriptions". Read-only, the one answer that settles it is a token of the
 * organization that has a description; without one, preflight cannot tell.
 */
export const enterpriseTeamTokensCheck: PreflightCheck = (config, facts) => {
  const { hostname, teamTokens } = facts;
  const created = createdTeamTokens(config);
  if (
    created.length === 0 ||
    hostname === undefined ||
    HCP_TERRAFORM_HOSTNAMES.includes(hostname) ||
    teamTokens === undefined
  )
    return [];
  const subject = "team tokens";
  const described = teamTokens === "not-visible" ? [] : teamTokens.filter((token) => token.description !== null);
  if (described.length > 0) {
    return [
      ok(
        subject,
        `${hostname} is a Terraform Enterprise that makes described team tokens: ${count(
          described.length,
          "token",
        )} of the organization ${described.length === 1 ? "has" : "have"} a description`,
      ),
    ];
  }
  const seen =
    teamTokens === "not-visible"
      ? "this token cannot see the organization's team tokens"
      : `none of the organization's ${count(teamTokens.length, "team token")} has a description`;
  const teams = config.teams.filter((team) => team.token !== undefined).map((team) => team.name);
  const remove = [
    ...(teams.length === 0 ? [] : [`"token" from teams ${teams.join(", ")}`]),
    ...(created.length > teams.length ? ['"attendees"'] : []),
  ].join(" and ");
  const tokens = count(created.length, "token");
  return [
    warning(
      subject,
      `${hostname} is a Terraform Enterprise, whose releases' docs document one undescribed ` +
        `token per team, and ${seen}: preflight cannot tell whether it makes described ones. Each ` +
        `of the config's ${tokens} has a description, and on a release without them the deploy ` +
        "stops at 'does not support multiple team tokens with descriptions'",
      "ask its administrators whether the release has multiple team tokens; if not, remove " +
        `${remove} from the config, since every token this project makes has a description`,
    ),
  ];
};

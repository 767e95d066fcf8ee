import { OWNERS_TEAM } from "../../config/terraform-cloud";
import { isResourceOf, type PolicyRule } from "../rule";

/** The owners team's token is an organization owner's token; never mint one. */
export const noOwnersToken: PolicyRule = {
  id: "no-owners-token",
  level: "error",
  explanation: "An owners team token can do everything an organization owner can, including deleting the organization.",
  fix: "give the token to a team with only the workspace access it needs.",
  check: (element, context) => {
    if (!isResourceOf(element, "tfe_team_token")) return undefined;
    const team = context.referencedElement(element.attributes.team_id);
    return String(team?.attributes.name).toLowerCase() === OWNERS_TEAM ? 'is a token for the built-in "owners" team' : undefined;
  },
};

import { nameKey, OWNERS_TEAM } from "../../terraform-cloud/naming-rules";
import { typeOf } from "../../terraform/stack-json";
import { firstUnknown, isResourceOf, type PolicyContext, type PolicyElement, type PolicyRule } from "../rule";

const TEAM_TYPES = new Set(["tfe_team"]);

/** Why a token's team is, or may be, the owners team; undefined when every team it can belong to is named otherwise. */
function ownersProblem(token: PolicyElement, context: PolicyContext): string | undefined {
  for (const source of context.sources(token.attributes.team_id, token)) {
    if (source.kind === "unknown") return `team_id cannot be traced to a team: ${source.reason}`;
    if (source.kind === "literal")
      return `team_id ${JSON.stringify(source.value)} is not a team of this stack, so it may be the owners team`;
    const team = context.elementAt(source.address);
    if (team === undefined || !TEAM_TYPES.has(typeOf(source.address)) || source.attribute !== "id") {
      return (
        `team_id reads ${source.address}` +
        `${source.attribute === undefined ? "" : `.${source.attribute}`}, which ` +
        "is not the id of a team"
      );
    }
    const names = context.sources(team.attributes.name, team);
    if (names.some((name) => name.kind === "literal" && nameKey(String(name.value)) === OWNERS_TEAM))
      return 'is a token for the built-in "owners" team';
    const unknown = firstUnknown(names) ?? names.find((name) => name.kind !== "literal");
    if (unknown !== undefined)
      return `the name of ${team.address} cannot be known before Terraform runs, so it may be the owners team`;
  }
  return undefined;
}

/** The owners team's token is an organization owner's token; never mint one. */
export const noOwnersToken: PolicyRule = {
  id: "no-owners-token",
  level: "error",
  explanation: "An owners team token can do everything an organization owner can, including deleting the organization.",
  fix: "give the token to a team with only the workspace access it needs.",
  check: (element, context) => (isResourceOf(element, "tfe_team_token") ? ownersProblem(element, context) : undefined),
};

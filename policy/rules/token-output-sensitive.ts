import { TOKEN_RESOURCE_TYPES, type PolicyRule } from "../rule";

const TYPES = TOKEN_RESOURCE_TYPES.join("|");
/** `tfe_team_token.ci.token`, `tfe_team_token.room["alice"].token`, or `for key, val in tfe_team_token.room: ... val.token`. */
const TOKEN_READS = [
  new RegExp(String.raw`\b(?:${TYPES})\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.token\b`),
  new RegExp(String.raw`\bin (?:${TYPES})\.[A-Za-z0-9_-]+\s*:[^}]*\.token\b`),
];

/**
 * An output that carries a token must be sensitive, or Terraform prints the secret on every apply. A value
 * carries one when it reads the `token` attribute of a token resource, directly or in a for expression.
 */
export const tokenOutputSensitive: PolicyRule = {
  id: "token-output-sensitive",
  level: "error",
  explanation: "A token in a non-sensitive output is printed by every apply and every `cdktf output`.",
  fix: "set sensitive: true on the output.",
  check: (element) => {
    if (element.kind !== "output" || element.attributes.sensitive === true) return undefined;
    const value = JSON.stringify(element.attributes.value);
    return TOKEN_READS.some((read) => read.test(value)) ? "carries a token but is not sensitive" : undefined;
  },
};

import { isResourceOf, TOKEN_RESOURCE_TYPES, type PolicyRule } from "../rule";

/** Tokens are kept in plain text in the state: a local state file is a file full of secrets. */
export const localStateHoldsTokens: PolicyRule = {
  id: "local-state-holds-tokens",
  level: "warning",
  explanation:
    "Terraform keeps every token in plain text in the state, here a local file that must never be committed or shared.",
  fix: 'set "state" in the config, or guard the file (docs/operations.md says how).',
  check: (element, context) => {
    if (element.kind !== "backend" || element.type !== "local") return undefined;
    const createsTokens = context.elements.some((candidate) => isResourceOf(candidate, ...TOKEN_RESOURCE_TYPES));
    return createsTokens ? "keeps the tokens in plain text in a local file" : undefined;
  },
};

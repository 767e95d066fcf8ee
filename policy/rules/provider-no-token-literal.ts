import type { PolicyRule } from "../rule";

/** A token written into the provider block ends up in the synthesized JSON and in git. */
export const providerNoTokenLiteral: PolicyRule = {
  id: "provider-no-token-literal",
  level: "error",
  explanation: "A token literal in the provider block is written into cdktf.out and travels with every copy of it.",
  fix: "remove token from the provider; use TFE_TOKEN or terraform login.",
  check: (element) => {
    const token = element.attributes.token;
    const isLiteral = typeof token === "string" && !token.startsWith("${");
    return element.kind === "provider" && element.type === "tfe" && isLiteral ? "has a token literal" : undefined;
  },
};

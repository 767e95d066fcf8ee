import { firstUnknown, readsToken, type PolicyRule } from "../rule";

/**
 * An output that carries a token must be sensitive, or Terraform prints the secret on every apply. The
 * output's value is followed through locals and for expressions to what it reads; a value that cannot be
 * followed (a variable, say) cannot be shown to be free of tokens, and is a finding too.
 */
export const tokenOutputSensitive: PolicyRule = {
  id: "token-output-sensitive",
  level: "error",
  explanation: "A token in a non-sensitive output is printed by every apply and every `cdktf output`.",
  fix: "set sensitive: true on the output.",
  check: (element, context) => {
    if (element.kind !== "output" || element.attributes.sensitive === true) return undefined;
    const sources = context.sources(element.attributes.value, element);
    if (sources.some(readsToken)) return "carries a token but is not sensitive";
    const unknown = firstUnknown(sources);
    return unknown === undefined ? undefined : `cannot be shown to carry no token: ${unknown.reason}`;
  },
};

import { TOKEN_RESOURCE_TYPES, type PolicyRule } from "../rule";

const TOKEN_REFERENCE = new RegExp(String.raw`\$\{(?:${TOKEN_RESOURCE_TYPES.join("|")})\.[^.}]+\.token\}`);

/** An output that carries a token must be sensitive, or Terraform prints the secret on every apply. */
export const tokenOutputSensitive: PolicyRule = {
  id: "token-output-sensitive",
  level: "error",
  explanation: "A token in a non-sensitive output is printed by every apply and every `cdktf output`.",
  fix: "set sensitive: true on the output.",
  check: (element) =>
    element.kind === "output" && element.attributes.sensitive !== true && TOKEN_REFERENCE.test(JSON.stringify(element.attributes.value))
      ? "carries a token but is not sensitive"
      : undefined,
};

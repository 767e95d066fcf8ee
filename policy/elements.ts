import {
  TerraformBackend,
  TerraformDataSource,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  type TerraformStack,
} from "cdktf";
import { own, type StackJson } from "../terraform/stack-json";
import type { PolicyElement } from "./rule";

function describe(element: TerraformElement, json: StackJson): Omit<PolicyElement, "path" | "node"> | undefined {
  // Cached by cdktf once the stack's JSON is built, where getLogicalId would hash the path again.
  const name = element.friendlyUniqueId;
  if (element instanceof TerraformResource) {
    const type = element.terraformResourceType;
    return {
      kind: "resource",
      type,
      address: `${type}.${name}`,
      attributes: own(own(json.resource, type), name) ?? {},
    };
  }
  if (element instanceof TerraformDataSource) {
    const type = element.terraformResourceType;
    return { kind: "data", type, address: `data.${type}.${name}`, attributes: own(own(json.data, type), name) ?? {} };
  }
  if (element instanceof TerraformOutput) {
    return { kind: "output", type: "", address: `output.${name}`, attributes: own(json.output, name) ?? {} };
  }
  if (element instanceof TerraformProvider) {
    const type = element.terraformResourceType;
    const attributes = (own(json.provider, type) ?? []).find((provider) => provider.alias === element.alias) ?? {};
    return { kind: "provider", type, address: `provider.${type}`, attributes };
  }
  if (element instanceof TerraformBackend) {
    const [type, attributes] =
      json.terraform?.cloud !== undefined
        ? ["cloud", json.terraform.cloud]
        : (Object.entries(json.terraform?.backend ?? {})[0] ?? ["", {}]);
    return { kind: "backend", type, address: `backend.${type}`, attributes };
  }
  return undefined;
}

/**
 * Every checkable element of a stack, with its attributes exactly as they will be synthesized: resolved by
 * cdktf from the construct tree, overrides applied.
 */
export function policyElements(stack: TerraformStack, json: StackJson): PolicyElement[] {
  return stack.node.findAll().flatMap((node) => {
    if (!TerraformElement.isTerraformElement(node)) return [];
    const described = describe(node, json);
    return described === undefined ? [] : [{ ...described, path: node.node.path, node }];
  });
}

import { TerraformBackend, TerraformDataSource, TerraformElement, TerraformOutput, TerraformProvider, TerraformResource, type TerraformStack } from "cdktf";
import type { PolicyElement } from "./rule";

type Attributes = Record<string, unknown>;
type Blocks = Record<string, Record<string, Attributes>>;

/** The synthesized JSON of a stack, in the parts the policy reads. */
interface StackJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Record<string, Attributes>;
  readonly provider?: Record<string, Attributes[]>;
  readonly terraform?: { readonly backend?: Record<string, Attributes>; readonly cloud?: Attributes };
}

function describe(element: TerraformElement, json: StackJson): Omit<PolicyElement, "path" | "node"> | undefined {
  // Cached by cdktf once the stack's JSON is built, where getLogicalId would hash the path again.
  const name = element.friendlyUniqueId;
  if (element instanceof TerraformResource) {
    const type = element.terraformResourceType;
    return { kind: "resource", type, address: `${type}.${name}`, attributes: json.resource?.[type]?.[name] ?? {} };
  }
  if (element instanceof TerraformDataSource) {
    const type = element.terraformResourceType;
    return { kind: "data", type, address: `data.${type}.${name}`, attributes: json.data?.[type]?.[name] ?? {} };
  }
  if (element instanceof TerraformOutput) {
    return { kind: "output", type: "", address: `output.${name}`, attributes: json.output?.[name] ?? {} };
  }
  if (element instanceof TerraformProvider) {
    const type = element.terraformResourceType;
    const attributes = (json.provider?.[type] ?? []).find((provider) => provider.alias === element.alias) ?? {};
    return { kind: "provider", type, address: `provider.${type}`, attributes };
  }
  if (element instanceof TerraformBackend) {
    const [type, attributes] = json.terraform?.cloud !== undefined ? ["cloud", json.terraform.cloud] : (Object.entries(json.terraform?.backend ?? {})[0] ?? ["", {}]);
    return { kind: "backend", type, address: `backend.${type}`, attributes };
  }
  return undefined;
}

/** Every checkable element of a stack, with its attributes exactly as they will be synthesized. */
export function policyElements(stack: TerraformStack): PolicyElement[] {
  const json = stack.toTerraform() as StackJson;
  return stack.node.findAll().flatMap((node) => {
    if (!TerraformElement.isTerraformElement(node)) return [];
    const described = describe(node, json);
    return described === undefined ? [] : [{ ...described, path: node.node.path, node }];
  });
}

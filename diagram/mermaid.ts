import { referencedAddress } from "../stacks/references";

/** The parts of a synthesized stack the diagram reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

type Attributes = Record<string, unknown>;

/** One object Terraform will create: a resource, or one instance of a `for_each` resource. */
interface Instance {
  /** `tfe_team.x`, or `tfe_team.x["alice"]` for an instance. */
  readonly address: string;
  /** Its attributes with `each.key` and `each.value` filled in, as Terraform will see them. */
  readonly attributes: Attributes;
}

/** The address a reference points at, or an empty string, which draws as no node. */
function target(reference: unknown): string {
  return referencedAddress(reference) ?? "";
}

/** Fills `each.key` and `each.value` into one attribute value of one instance. */
function fillIn(value: unknown, key: string, each: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value === "${each.value}") return each;
  return value
    .replace(/\$\{each\.key\}/g, key)
    .replace(/\[each\.key\]/g, `[${JSON.stringify(key)}]`)
    .replace(/\$\{each\.value\.([a-z_]+)\}/g, (_, property: string) =>
      typeof each === "string" ? `\${${each}.${property}}` : String((each as Attributes)[property]),
    );
}

/**
 * Expands a resource into the objects it creates. A `for_each` over a literal map gives one instance per
 * key; a `for_each` over another resource gives one per instance of that resource, `each.value` being it.
 */
function instances(stack: StackJson, type: string, name: string, attributes: Attributes): Instance[] {
  const address = `${type}.${name}`;
  const forEach = attributes.for_each;
  if (forEach === undefined) return [{ address, attributes }];
  const source = /^\$\{([a-z0-9_]+)\.([^.}]+)\}$/.exec(String(forEach));
  const keys: Array<[string, unknown]> = source
    ? instances(stack, source[1]!, source[2]!, stack.resource?.[source[1]!]?.[source[2]!] ?? {}).map((instance) => [/\["(.*)"\]$/.exec(instance.address)?.[1] ?? "", instance.address])
    : Object.entries(forEach as Attributes);
  return keys.map(([key, each]) => ({
    address: `${address}[${JSON.stringify(key)}]`,
    attributes: Object.fromEntries(Object.entries(attributes).map(([attribute, value]) => [attribute, fillIn(value, key, each)])),
  }));
}

function all(stack: StackJson, type: string): Instance[] {
  return Object.entries(stack.resource?.[type] ?? {}).flatMap(([name, attributes]) => instances(stack, type, name, attributes));
}

/** A Mermaid node id for an address. */
const nodeId = (address: string) => address.replace(/[^A-Za-z0-9_]/g, "_");

/** Text safe inside a Mermaid `["..."]` label. */
const label = (text: unknown) => String(text).replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

/** How a token's expiry reads: its date, or the rotation behind it. */
function expiry(token: Attributes, rotations: Map<string, Attributes>): string {
  const rotation = rotations.get(target(token.expired_at));
  if (rotation !== undefined) return `rotates every ${String(rotation.rotation_days)} days`;
  return token.expired_at === undefined ? "never set" : `expires ${String(token.expired_at)}`;
}

/**
 * Renders what a synthesized stack creates, read from its resources (never from the config, so that the
 * picture cannot disagree with what deploys): the organization, workspaces with their execution mode,
 * teams with their access levels, tokens with their expiry, and invitations.
 */
export function mermaidDiagram(stack: StackJson): string {
  const lines = ["flowchart LR"];
  const add = (line: string) => lines.push(`  ${line}`);
  const rotations = new Map(all(stack, "time_rotating").map((rotation) => [rotation.address, rotation.attributes]));

  for (const { address, attributes } of all(stack, "tfe_organization")) add(`${nodeId(address)}[["organization ${label(attributes.name)}"]]`);
  for (const [name, attributes] of Object.entries(stack.data?.tfe_organization ?? {})) {
    add(`${nodeId(`data.tfe_organization.${name}`)}[["organization ${label(attributes.name)} (existing)"]]`);
  }
  const modes = new Map(all(stack, "tfe_workspace_settings").map((settings) => [target(settings.attributes.workspace_id), settings.attributes.execution_mode]));
  for (const { address, attributes } of all(stack, "tfe_workspace")) {
    add(`${nodeId(address)}[("workspace ${label(attributes.name)}<br/>${label(modes.get(address) ?? "remote")} execution")]`);
    add(`${nodeId(target(attributes.organization))} --> ${nodeId(address)}`);
  }
  for (const { address, attributes } of all(stack, "tfe_team")) add(`${nodeId(address)}{{"team ${label(attributes.name)}"}}`);
  for (const { attributes } of all(stack, "tfe_team_access")) {
    const level = typeof attributes.access === "string" ? attributes.access : "custom";
    add(`${nodeId(target(attributes.team_id))} -- ${level} --> ${nodeId(target(attributes.workspace_id))}`);
  }
  for (const { address, attributes } of all(stack, "tfe_team_token")) {
    add(`${nodeId(address)}>"token: ${label(attributes.description)}<br/>${label(expiry(attributes, rotations))}"]`);
    add(`${nodeId(address)} -. for .-> ${nodeId(target(attributes.team_id))}`);
  }
  for (const { address, attributes } of all(stack, "tfe_organization_token")) {
    add(`${nodeId(address)}>"organization token<br/>${label(expiry(attributes, rotations))}"]`);
    add(`${nodeId(address)} -. for .-> ${nodeId(target(attributes.organization))}`);
  }
  const invitations = new Map(all(stack, "tfe_organization_membership").map((membership) => [membership.address, membership.attributes.email]));
  for (const { attributes } of all(stack, "tfe_team_organization_member")) {
    const membership = target(attributes.organization_membership_id);
    add(`${nodeId(membership)}(["invite ${label(invitations.get(membership))}"]) --> ${nodeId(target(attributes.team_id))}`);
  }
  return `${lines.join("\n")}\n`;
}

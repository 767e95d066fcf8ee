/** The parts of a synthesized stack the diagram reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

type Attributes = Record<string, unknown>;

/** A Mermaid node id for a Terraform address. */
const nodeId = (address: string) => address.replace(/[^A-Za-z0-9_]/g, "_");

/** Text safe inside a Mermaid `["..."]` label. */
const label = (text: string) => text.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

/** The address a `${type.name.attribute}` reference points at, without the attribute. */
function target(reference: unknown): string | undefined {
  return /^\$\{((?:data\.)?[a-z0-9_]+\.[^.}]+)\.[^}]+\}$/.exec(String(reference))?.[1];
}

function entries(blocks: StackJson["resource"], type: string, prefix = ""): Array<[string, Attributes]> {
  return Object.entries(blocks?.[type] ?? {}).map(([name, attributes]) => [`${prefix}${type}.${name}`, attributes]);
}

/** How a token's expiry reads: its date, or the rotation behind it. */
function expiry(token: Attributes, rotations: Map<string, Attributes>): string {
  const rotation = rotations.get(target(token.expired_at) ?? "");
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
  const rotations = new Map(entries(stack.resource, "time_rotating"));

  for (const [address, organization] of entries(stack.resource, "tfe_organization")) add(`${nodeId(address)}[["organization ${label(String(organization.name))}"]]`);
  for (const [address, organization] of entries(stack.data, "tfe_organization", "data.")) add(`${nodeId(address)}[["organization ${label(String(organization.name))} (existing)"]]`);

  const modes = new Map(entries(stack.resource, "tfe_workspace_settings").map(([, settings]) => [target(settings.workspace_id), settings.execution_mode]));
  for (const [address, workspace] of entries(stack.resource, "tfe_workspace")) {
    add(`${nodeId(address)}[("workspace ${label(String(workspace.name))}<br/>${String(modes.get(address) ?? "remote")} execution")]`);
    add(`${nodeId(target(workspace.organization) ?? "")} --> ${nodeId(address)}`);
  }
  for (const [address, team] of entries(stack.resource, "tfe_team")) add(`${nodeId(address)}{{"team ${label(String(team.name))}"}}`);
  for (const [, access] of entries(stack.resource, "tfe_team_access")) {
    const level = typeof access.access === "string" ? access.access : "custom";
    add(`${nodeId(target(access.team_id) ?? "")} -- ${level} --> ${nodeId(target(access.workspace_id) ?? "")}`);
  }
  for (const [address, token] of entries(stack.resource, "tfe_team_token")) {
    add(`${nodeId(address)}>"token: ${label(String(token.description))}<br/>${label(expiry(token, rotations))}"]`);
    add(`${nodeId(address)} -. for .-> ${nodeId(target(token.team_id) ?? "")}`);
  }
  for (const [address, token] of entries(stack.resource, "tfe_organization_token")) {
    add(`${nodeId(address)}>"organization token<br/>${label(expiry(token, rotations))}"]`);
    add(`${nodeId(address)} -. for .-> ${nodeId(target(token.organization) ?? "")}`);
  }
  const invitations = new Map(entries(stack.resource, "tfe_organization_membership"));
  for (const [, member] of entries(stack.resource, "tfe_team_organization_member")) {
    const membership = target(member.organization_membership_id) ?? "";
    add(`${nodeId(membership)}(["invite ${label(String(invitations.get(membership)?.email))}"]) --> ${nodeId(target(member.team_id) ?? "")}`);
  }
  return `${lines.join("\n")}\n`;
}

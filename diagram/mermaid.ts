import { basename } from "node:path";
import { referencedAddress } from "../terraform/expressions";
import { readLiteral } from "../terraform/template";
import { count } from "../text/count";
import { escapeUnsafe } from "../text/terminal";
import type { Attributes, StackJson } from "../terraform/stack-json";
import { StackValues, type Instance } from "../terraform/values";

/** The address a reference points at, or an empty string, which draws as no node. */
function target(reference: unknown): string {
  return referencedAddress(reference) ?? "";
}

/**
 * How many instances of one `for_each` block are drawn: a picture of 10,000 workspaces is neither readable nor
 * cheap to write on every synth, and the first few show how each attendee's part looks. The room's blocks share
 * their keys in one order, so the drawn instances of each are the same attendees'.
 */
export const DRAWN_PER_BLOCK = 12;

/** A settings resource's attribute `value`, by the address of the resource its `reference` attribute points at. */
function byTarget(settings: readonly Instance[], reference: string, value: string): Map<string, unknown> {
  return new Map(settings.map(({ attributes }) => [target(attributes[reference]), attributes[value]]));
}

/** The drawn instances of every block of a type; a block with more says how many it leaves out in `notDrawn`. */
function allOf(values: StackValues, type: string, notDrawn: Map<string, number>): Instance[] {
  return Object.keys(values.json.resource?.[type] ?? {}).flatMap((name) => {
    const address = `${type}.${name}`;
    const instances = values.instanceCount(address);
    if (instances > DRAWN_PER_BLOCK) notDrawn.set(address, instances - DRAWN_PER_BLOCK);
    return values.instances(address, DRAWN_PER_BLOCK);
  });
}

/** A Mermaid node id for an address. */
/**
 * The text of a value as far as the synth knows it: an interpolation left (a reissued attendee token's generation,
 * looked up by Terraform) is drawn as "…".
 */
const knownText = (value: string) => readLiteral(value.replace(/(?<![$%])\$\{[^}]*\}/g, "…"));

const nodeId = (address: string) => address.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * Text safe inside a Mermaid `["..."]` label: its syntax as Mermaid's entity codes, and what no reader of the file
 * should get raw (a bidirectional override, an invisible character) as a numeric one, which Mermaid draws.
 */
const label = (text: unknown) =>
  escapeUnsafe(
    String(text).replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;"),
    (character) => `#${character.codePointAt(0)};`,
  );

/** How a token's expiry reads: its date, or the rotation behind it. */
function expiry(token: Attributes, rotations: Map<string, Attributes>): string {
  const rotation = rotations.get(target(token.expired_at));
  if (rotation !== undefined) return `rotates every ${String(rotation.rotation_days)} days`;
  if (token.expired_at === undefined) return "never set";
  return `expires ${typeof token.expired_at === "string" ? token.expired_at : JSON.stringify(token.expired_at)}`;
}

/** Where a stack keeps its state, as its backend says: a local file by its name, or a Terraform Cloud workspace. */
function stateOf(stack: StackJson): string {
  const { backend, cloud } = stack.terraform ?? {};
  const workspace = (cloud?.workspaces as Attributes | undefined)?.name;
  if (cloud !== undefined) return `state in workspace ${String(cloud.organization)}/${String(workspace)}`;
  const path = backend?.local?.path;
  return typeof path === "string" ? `local state ${basename(path)}` : "default state";
}

/**
 * One node a shard of a sharded room: its stack, how many attendees' rooms it holds and where its state is, reached
 * from where its workspaces go: the shared stack's project, which it looks up in the organization's projects, else
 * the organization.
 */
function shardNodes(shards: ReadonlyMap<string, StackJson>, values: StackValues, add: (line: string) => void): void {
  // The shared stack makes one project at most: the one a shard's lookup in the organization's projects finds.
  const project = Object.keys(values.json.resource?.tfe_project ?? {}).map((name) => `tfe_project.${name}`)[0];
  const organization = [
    ...Object.keys(values.json.resource?.tfe_organization ?? {}).map((name) => `tfe_organization.${name}`),
    ...Object.keys(values.json.data?.tfe_organization ?? {}).map((name) => `data.tfe_organization.${name}`),
  ][0];
  for (const [id, shard] of shards) {
    const rooms = StackValues.of(shard);
    const attendees = Object.keys(shard.resource?.tfe_workspace ?? {}).reduce(
      (sum, name) => sum + rooms.instanceCount(`tfe_workspace.${name}`),
      0,
    );
    const node = nodeId(`stack.${id}`);
    add(`${node}[/"stack ${label(id)}<br/>${count(attendees, "attendee")}<br/>${label(stateOf(shard))}"/]`);
    const from = (shard.data?.tfe_projects === undefined ? undefined : project) ?? organization;
    if (from !== undefined) add(`${nodeId(from)} -. rooms .-> ${node}`);
  }
}

/**
 * Renders what a synthesized stack creates, read from its resources (never from the config, so that the
 * picture cannot disagree with what deploys): the organization, its project around the workspaces it holds (with
 * their default execution mode), workspaces with their execution mode, teams with their access levels, tokens with
 * their expiry, and invitations; and, for a sharded room, each shard's stack (`shards`, by stack id, in their order)
 * with its count of attendees and its state.
 */
export function mermaidDiagram(stack: StackJson, shards: ReadonlyMap<string, StackJson> = new Map()): string {
  const values = StackValues.of(stack);
  const lines = ["flowchart LR"];
  const add = (line: string) => lines.push(`  ${line}`);
  const notDrawn = new Map<string, number>();
  const all = (type: string) => allOf(values, type, notDrawn);
  const rotations = new Map(all("time_rotating").map((rotation) => [rotation.address, rotation.attributes]));

  for (const { address, attributes } of all("tfe_organization"))
    add(`${nodeId(address)}[["organization ${label(attributes.name)}"]]`);
  for (const [name, attributes] of Object.entries(stack.data?.tfe_organization ?? {})) {
    add(`${nodeId(`data.tfe_organization.${name}`)}[["organization ${label(attributes.name)} (existing)"]]`);
  }
  const modes = byTarget(all("tfe_workspace_settings"), "workspace_id", "execution_mode");
  const workspaceNode = ({ address, attributes }: Instance) =>
    `${nodeId(address)}[("workspace ` +
    `${label(attributes.name)}<br/` +
    `>${label(modes.get(address) ?? "remote")} execution")]`;
  const workspaces = all("tfe_workspace");
  const projects = all("tfe_project");
  const defaults = byTarget(all("tfe_project_settings"), "project_id", "default_execution_mode");
  // A project is a box around the workspaces it holds; the organization holds the project.
  for (const { address, attributes } of projects) {
    const fallback = defaults.get(address);
    add(
      `subgraph ${nodeId(address)}["project ` +
        `${label(attributes.name)}` +
        `${fallback === undefined ? "" : `<br/>${label(fallback)} execution by default`}"` +
        "]",
    );
    for (const workspace of workspaces)
      if (target(workspace.attributes.project_id) === address) add(`  ${workspaceNode(workspace)}`);
    add("end");
    add(`${nodeId(target(attributes.organization))} --> ${nodeId(address)}`);
  }
  const boxed = new Set(projects.map((project) => project.address));
  for (const workspace of workspaces) {
    if (boxed.has(target(workspace.attributes.project_id))) continue;
    add(workspaceNode(workspace));
    add(`${nodeId(target(workspace.attributes.organization))} --> ${nodeId(workspace.address)}`);
  }
  for (const { address, attributes } of all("tfe_team")) add(`${nodeId(address)}{{"team ${label(attributes.name)}"}}`);
  for (const { attributes } of all("tfe_team_access")) {
    const level = typeof attributes.access === "string" ? attributes.access : "custom";
    add(`${nodeId(target(attributes.team_id))} -- ${level} --> ${nodeId(target(attributes.workspace_id))}`);
  }
  for (const { address, attributes } of all("tfe_team_token")) {
    add(
      `${nodeId(address)}>"token: ` +
        `${label(knownText(String(attributes.description)))}<br/` +
        `>${label(expiry(attributes, rotations))}"]`,
    );
    add(`${nodeId(address)} -. for .-> ${nodeId(target(attributes.team_id))}`);
  }
  for (const { address, attributes } of all("tfe_organization_token")) {
    add(`${nodeId(address)}>"organization token<br/>${label(expiry(attributes, rotations))}"]`);
    add(`${nodeId(address)} -. for .-> ${nodeId(target(attributes.organization))}`);
  }
  const invitations = new Map(
    all("tfe_organization_membership").map((membership) => [membership.address, membership.attributes.email]),
  );
  for (const { attributes } of all("tfe_team_organization_member")) {
    const membership = target(attributes.organization_membership_id);
    add(
      `${nodeId(membership)}(["invite ` +
        `${label(invitations.get(membership))}"]) --> ` +
        `${nodeId(target(attributes.team_id))}`,
    );
  }
  shardNodes(shards, values, add);
  for (const [address, left] of notDrawn)
    add(`${nodeId(address)}__not_drawn["${left} more ${label(address)}, drawn alike"]`);
  return `${lines.join("\n")}\n`;
}

// What a sharded room's stacks cost a plan, counted from the synthesized stacks that bench/shards.ts writes: the
// resource instances each refreshes, and the requests those ask of Terraform Cloud.
import type { StackJson } from "../terraform/stack-json";
import { StackValues } from "../terraform/values";

/** Resource types refreshed from the state alone (time's, and Terraform's own): they ask Terraform Cloud nothing. */
const LOCAL_TYPES: ReadonlySet<string> = new Set(["time_rotating", "terraform_data"]);
/** The tfe provider's resources, each refreshed by at least one read from Terraform Cloud. */
const TFE_PREFIX = "tfe_";
/** The page size tfe 0.71.0's `tfe_projects` lists the organization's projects with (data_source_projects.go). */
const PROJECTS_DATA_PAGE = 100;
/** The projects of an organization besides those the stacks make: its default project, which Terraform Cloud keeps. */
const DEFAULT_PROJECTS = 1;

/** What one plan of a stack, or of several, refreshes and asks. */
export interface Load {
  /** Resource instances: one per block, or one per `for_each` key. */
  readonly instances: number;
  /** The least it asks of Terraform Cloud: one read per tfe_* instance, and the pages its data sources list. */
  readonly requests: number;
}

/** A room of attendees, synthesized in one stack and in shards, as a late attendee's plan sees it. */
export interface ShardMeasures {
  readonly attendees: number;
  readonly shards: number;
  /** The same attendees without shards: everything in one state. */
  readonly oneStack: Load;
  /** The room as deployed in shards: the shared stack and every shard. */
  readonly sharded: Load;
  /** The shared stack, which `npm run deploy` plans before any shard. */
  readonly shared: Load;
  /** The shards' mean: a late attendee lands in any shard alike, by the hash of their name. */
  readonly meanShard: Load;
  /** The shard with the most instances, and how many attendees it holds. */
  readonly largestShard: Load & { readonly attendees: number };
}

/** The attendees whose rooms a synthesized stack holds: its local list of the attendees' names. */
function attendeesIn(stack: StackJson): number {
  const names = Object.entries(stack.locals ?? {}).find(([name]) => name.startsWith("attendees_attendee-names"))?.[1];
  return Array.isArray(names) ? names.length : 0;
}

/**
 * The requests a data source's read costs. The organization's projects, by tfe 0.71.0's data_source_projects.go: one
 * per page of them, the first asked even when there is none.
 */
function dataRequests(type: string, projectsInOrganization: number): number {
  if (type === "tfe_projects") return Math.max(1, Math.ceil(projectsInOrganization / PROJECTS_DATA_PAGE));
  throw new Error(`the bench does not know what a data source ${type} asks of Terraform Cloud`);
}

/** What a plan of one stack refreshes and asks, the organization holding `projectsInOrganization` projects. */
function loadOf(stack: StackJson, projectsInOrganization: number): Load {
  let instances = 0;
  let requests = 0;
  for (const [type, count] of new StackValues(stack).resourceInstances()) {
    if (!type.startsWith(TFE_PREFIX) && !LOCAL_TYPES.has(type))
      throw new Error(`the bench does not know whether refreshing a ${type} asks Terraform Cloud`);
    instances += count;
    if (type.startsWith(TFE_PREFIX)) requests += count;
  }
  for (const [type, blocks] of Object.entries(stack.data ?? {}))
    requests += Object.keys(blocks).length * dataRequests(type, projectsInOrganization);
  return { instances, requests };
}

const sum = (loads: readonly Load[]): Load => ({
  instances: loads.reduce((total, load) => total + load.instances, 0),
  requests: loads.reduce((total, load) => total + load.requests, 0),
});

/** The projects of the organization a room's stacks are in: those they make, and its default project. */
const projectsOf = (stacks: readonly StackJson[]) =>
  stacks.reduce(
    (total, stack) => total + (new StackValues(stack).resourceInstances().get("tfe_project") ?? 0),
    DEFAULT_PROJECTS,
  );

/**
 * Counts a room synthesized in one stack (`oneStack`) and in shards (`shared` and `shards`, the same attendees):
 * nothing is computed from the other, each side is what its own stacks hold.
 */
export function shardMeasures(oneStack: StackJson, shared: StackJson, shards: readonly StackJson[]): ShardMeasures {
  const projects = projectsOf([shared, ...shards]);
  const shardLoads = shards.map((stack) => ({ ...loadOf(stack, projects), attendees: attendeesIn(stack) }));
  const sharedLoad = loadOf(shared, projects);
  const total = sum(shardLoads);
  const largestShard = shardLoads.reduce((largest, load) => (load.instances > largest.instances ? load : largest));
  return {
    attendees: attendeesIn(oneStack),
    shards: shards.length,
    oneStack: loadOf(oneStack, projectsOf([oneStack])),
    sharded: sum([sharedLoad, total]),
    shared: sharedLoad,
    meanShard: { instances: total.instances / shards.length, requests: total.requests / shards.length },
    largestShard,
  };
}

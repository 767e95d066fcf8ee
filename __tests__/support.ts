import { Testing } from "cdktf";
import { validateConfig } from "../config/load-config";
import { configJsonSchema, type WorkshopConfig } from "../config/schema";
import { WorkshopStack } from "../stacks/workshop-stack";
import { StackValues } from "../terraform/values";

/** Deeply readonly: the type of a frozen fixture. */
export type Frozen<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<K, Frozen<V>>
    : T extends object
      ? { readonly [K in keyof T]: Frozen<T[K]> }
      : T;

/**
 * Freezes a fixture shared between test files, all the way down (a map's keys and values too; the map itself is a
 * ReadonlyMap to its readers): the files of a worker share their modules, so a test that changed a shared fixture
 * instead of changing its own copy would change it for every test after it. Now it throws where it changes it.
 */
export function deepFreeze<T>(value: T): Frozen<T> {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const entry of value) deepFreeze(entry);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value as Frozen<T>;
}

/** The clock every validation in the tests runs against, so that expiries never rot. */
export const NOW = new Date("2026-10-01T00:00:00Z");

/** The contract's example config: one organization, the aws_workshop workspace and one CI team. */
export function exampleConfigJson(): Record<string, unknown> {
  return {
    organization: { name: "acme-aws-workshop", email: "facilitator@example.com", create: true },
    workspaces: [{ name: "aws_workshop", executionMode: "local" }],
    teams: [
      {
        name: "workshop-ci",
        access: { aws_workshop: "write" },
        organizationAccess: { readWorkspaces: true },
        token: { description: "ci pipeline", expiresAt: "2027-06-30T00:00:00Z" },
      },
    ],
  };
}

/** A team's custom permissions on a workspace, every one given: it may plan and read, not apply. */
export const PLAN_REVIEW_PERMISSIONS = deepFreeze({
  runs: "plan",
  variables: "read",
  stateVersions: "read",
  sentinelMocks: "none",
  workspaceLocking: false,
  runTasks: false,
} as const);

/** Validates a config as the app does, failing the test with the problems when it is refused. */
export function validConfig(json: unknown): WorkshopConfig {
  const result = validateConfig(json, NOW);
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.problem.join("\n")}`);
  return result.value.config;
}

/** The problems a config is refused with (an empty list when it is accepted). */
export function problemsOf(json: unknown): readonly string[] {
  const result = validateConfig(json, NOW);
  return result.ok ? [] : result.problem;
}

export type SynthesizedStack = {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly terraform?: Record<string, unknown>;
};

/** Synthesizes the workshop stack for a config, as text (for snapshots) and parsed. */
export function synthesize(json: unknown): { readonly text: string; readonly stack: SynthesizedStack } {
  const stack = new WorkshopStack(Testing.app(), "aws-workshop", { config: validConfig(json) });
  const text = Testing.synth(stack);
  return { text, stack: JSON.parse(text) as SynthesizedStack };
}

/** The resources of one type, keyed by their Terraform name. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** The only resource of a type whose attribute has a value; fails when there is not exactly one. */
export function onlyResource(
  stack: SynthesizedStack,
  type: string,
  where: Record<string, unknown> = {},
): Record<string, unknown> {
  const matches = Object.values(resourcesOf(stack, type)).filter((resource) =>
    Object.entries(where).every(([key, value]) => resource[key] === value),
  );
  if (matches.length !== 1)
    throw new Error(`expected one ${type} with ${JSON.stringify(where)}, found ${matches.length}`);
  return matches[0]!;
}

/** The `${type.name.attribute}` reference Terraform resolves at apply time. */
export function referenceTo(
  stack: SynthesizedStack,
  type: string,
  resource: Record<string, unknown>,
  attribute: string,
): string {
  const name = Object.entries(resourcesOf(stack, type)).find(([, candidate]) => candidate === resource)?.[0];
  return `\${${type}.${name}.${attribute}}`;
}

/**
 * The instances a resource makes, by instance key, each with `each.key` and `each.value` filled in, as Terraform sees
 * them.
 */
export function instancesOf(stack: SynthesizedStack, type: string, name: string): Map<string, Record<string, unknown>> {
  const instances = new StackValues(stack).instances(`${type}.${name}`);
  return new Map(
    instances.map((instance) => [
      JSON.parse(/\[(".*")\]$/.exec(instance.address)![1]!) as string,
      { ...instance.attributes },
    ]),
  );
}

/** A node of the config's JSON Schema, as far as `fieldsAt` reads it. */
interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
}

/**
 * The fields the config's JSON Schema has at a path (`teams[]`, `teams[].token`), in its order, as the message of
 * an unknown field lists them: a field added to the schema is in that message with no test to edit.
 */
export function fieldsAt(path: string): string {
  let node = configJsonSchema() as SchemaNode;
  for (const step of path.split(".")) {
    node = node.properties![step.replace(/\[\]$/, "")]!;
    if (step.endsWith("[]")) node = node.items!;
  }
  return Object.keys(node.properties!).join(", ");
}

/**
 * The example config with its optional sections that have required fields given too (so that a field set in one has
 * its neighbours), and one field set by its keys from the top (a list's item as 0), the objects and lists on the way
 * made.
 */
export function exampleConfigWith(keys: readonly string[], value: unknown): Record<string, unknown> {
  const config: Record<string, unknown> = {
    ...exampleConfigJson(),
    project: { name: "AWS workshop" },
    state: { organization: "acme-admin", workspace: "state" },
    acknowledge: [{ rule: "auto-apply", resource: "aws-workshop", reason: "a good reason" }],
  };
  let parent = config;
  for (const [index, key] of keys.slice(0, -1).entries())
    parent = (parent[key] ??= keys[index + 1] === "0" ? [] : {}) as Record<string, unknown>;
  parent[keys.at(-1)!] = value;
  return config;
}

/** A field's path as a problem names it: `teams[0].visibility`, `["$schema"]`. */
export const fieldPath = (keys: readonly string[]) =>
  keys
    .map((key, index) => {
      if (key === "0") return "[0]";
      if (!/^[A-Za-z_]\w*$/.test(key)) return `[${JSON.stringify(key)}]`;
      return index === 0 ? key : `.${key}`;
    })
    .join("");

/** One resource of a Terraform state, with the attributes of each of its instances. */
export interface StateResource {
  readonly type: string;
  readonly name: string;
  readonly instances: ReadonlyArray<{ readonly index_key?: string; readonly attributes: Record<string, unknown> }>;
}

/** A state as Terraform writes it (format 4), holding the managed resources given. */
export const stateText = (resources: readonly StateResource[]): string =>
  JSON.stringify({ version: 4, resources: resources.map((resource) => ({ mode: "managed", ...resource })) });

/**
 * The workspaces and teams of a room deployed for the attendees given, as the room's resources hold them: keyed by
 * attendee, named `aws_workshop-<attendee>`, with the ids `ws-<attendee>` and `team-<attendee>`.
 */
export function roomResources(attendees: readonly string[]): StateResource[] {
  const instances = (prefix: string) =>
    attendees.map((name) => ({
      index_key: name,
      attributes: { id: `${prefix}-${name}`, name: `aws_workshop-${name}` },
    }));
  return [
    { type: "tfe_workspace", name: "attendees_workspaces_D5E9DB06", instances: instances("ws") },
    { type: "tfe_team", name: "attendees_teams_5CBAB2CE", instances: instances("team") },
  ];
}

import type { Attributes, StackJson } from "../../terraform/stack-json";
import { dataSourceSchemaKey, PROVIDER_SCHEMAS, type ProviderSchema } from "./provider-schemas";
import { asExpression, maskStrings, rewriteTemplate } from "./templates";

/**
 * The synthesized stack made plannable without the providers: every provider resource becomes Terraform's
 * built-in `terraform_data`, its arguments (with the provider's defaults for those the config leaves out) in
 * `input`, its ForceNew arguments in `triggers_replace`; references, `for_each`, `lifecycle`, `import`, `removed`
 * and outputs are kept, pointed at the stand-ins. Data sources become Terraform's own `terraform_remote_state`, reading
 * an empty state and so giving its `defaults`: the stand-in's attributes, read at plan time as a data source of known
 * arguments is, from what `StandInCloud` says Terraform Cloud holds; their pre- and postconditions are checked by
 * Terraform as the data source's. What Terraform then plans between two versions is what it would plan with the
 * providers, as far as the table of `provider-schemas.ts` describes them.
 */
export interface Plannable {
  /** The Terraform JSON to plan; `terraform_data.<type>__<name>` stands for `<type>.<name>`. */
  readonly json: Record<string, unknown>;
}

/** Terraform's own resource type: the stack's own ones are planned as they are, next to the stand-ins. */
const NATIVE = "terraform_data";
/** Terraform's own data source that stands in for every data source: its `outputs` are the stand-in's attributes. */
const DATA_STAND_IN = "terraform_remote_state";
/** The empty state every data source's stand-in reads, written beside the configuration (`PlannerDirectory`). */
export const EMPTY_STATE_FILE = "data-sources.tfstate";

/** What Terraform Cloud holds that the stack's data sources read, as the planner's stand-ins answer them. */
export interface StandInCloud {
  /** The organization's projects: what `tfe_projects` lists and `tfe_project` finds by name. */
  readonly projects: ReadonlyArray<{ readonly id: string; readonly name: string; readonly description: string }>;
}

/** Terraform Cloud when a plan names none: the project the rooms of the planner's tests are in, made already. */
export const PLANNER_CLOUD: StandInCloud = {
  projects: [{ id: "prj-PlannerWorkshop1", name: "AWS workshop", description: "" }],
};
/**
 * The time of every apply and plan that names none: a fixed instant, so that the same question gets the same answer.
 */
export const PLANNER_NOW = "2026-12-01T09:00:00Z";

/** Top-level arguments of a resource block that are Terraform's, not the provider's. */
const META_ARGUMENTS = new Set([
  "//",
  "for_each",
  "count",
  "depends_on",
  "lifecycle",
  "provider",
  "provisioner",
  "connection",
]);
const TRAVERSAL = /(?<![\w.\]-])([A-Za-z_][\w-]*)((?:\.[A-Za-z_*][\w-]*|\[[^\]]*\])*)/g;
const FOR_HEADER = /\bfor\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([A-Za-z_][\w-]*\.[\w-]+)\s*:/g;

const standInName = (type: string, name: string) => `${type}__${name}`;
/** The stand-in of the arguments a resource ignores. */
export const unownedName = (standIn: string) => `${standIn}__unowned`;
/** The stand-in of one argument the provider keeps when the config leaves it out (`keptWhenOmitted`). */
export const keptName = (standIn: string, argument: string) => `${standIn}__kept_${argument}`;
/** The stand-in of the time the provider took at Create (`createdAt`). */
export const createdName = (standIn: string) => `${standIn}__created`;
/**
 * Whether a stand-in's name is a part of another's: the ignored arguments, an argument kept when omitted, the creation
 * time.
 */
export const SIDE_PART = /__(?:unowned|created|kept_[a-z_]+)$/;

function schemaOf(type: string): ProviderSchema {
  const schema = PROVIDER_SCHEMAS.get(type);
  if (schema === undefined)
    throw new Error(`the planner has no schema for ${type}: add it to provider-schemas.ts from the provider's source`);
  return schema;
}

/** A resource's lifecycle block without its ignore_changes, and the arguments that names, each checked. */
function lifecycleOf(
  type: string,
  name: string,
  block: Attributes,
  schema: ProviderSchema,
): { readonly lifecycle: Record<string, unknown>; readonly ignored: ReadonlySet<string> } {
  const { ignore_changes: ignoreChanges, ...lifecycle } = (block.lifecycle ?? {}) as {
    readonly ignore_changes?: unknown;
    readonly [key: string]: unknown;
  };
  if (ignoreChanges !== undefined && !Array.isArray(ignoreChanges))
    throw new Error(`${type}.${name} ignores ${JSON.stringify(ignoreChanges)}: the planner takes a list of arguments`);
  const ignored = new Set<string>(ignoreChanges ?? []);
  for (const argument of ignored)
    if (!schema.arguments.includes(argument))
      throw new Error(`${type}.${name} ignores changes of ${argument}, which is not an argument of ${type}`);
  return { lifecycle, ignored };
}

/** The steps of a traversal's rest: `.name`, `[index]`. */
function steps(rest: string): string[] {
  return rest.match(/\.[A-Za-z_*][\w-]*|\[[^\]]*\]/g) ?? [];
}

/**
 * What rewriting one block's expressions needs: the block's own `for_each` source, and where to record a dependency.
 */
interface Scope {
  /** The resource a `for_each = <resource>` iterates, whose instance `each.value` is. */
  readonly eachOver?: { readonly type: string; readonly name: string };
  /** Called with the stand-in address of a resource whose argument was written in place of a reference to it. */
  readonly dependsOn: (standIn: string) => void;
  /** Whether `self` is a data source's stand-in, whose attributes are its `outputs`. */
  readonly selfIsData?: boolean;
  /**
   * Whether an argument read stays a reference, to the stand-in's input, where it is otherwise written in place: in an
   * import id, which Terraform must know at plan time, so that it is asked to evaluate the very reference.
   */
  readonly keepsReferences?: boolean;
}

class Rewriter {
  private readonly resources: Readonly<Record<string, Readonly<Record<string, Attributes>>>>;

  constructor(
    stack: StackJson,
    /** The time of the apply or plan, for what a provider takes from the clock. */
    private readonly now: string,
    /** What the data sources read. */
    private readonly cloud: StandInCloud,
  ) {
    this.resources = stack.resource ?? {};
    for (const type of Object.keys(this.resources)) if (type !== NATIVE) schemaOf(type);
    for (const name of Object.keys(this.resources[NATIVE] ?? {})) {
      if (name.includes("__")) throw new Error(`${NATIVE}.${name}: a name with "__" could be taken for a stand-in's`);
    }
  }

  private isResource(type: string, name: string | undefined): name is string {
    return (
      name !== undefined &&
      type !== NATIVE &&
      Object.hasOwn(this.resources, type) &&
      Object.hasOwn(this.resources[type]!, name)
    );
  }

  /**
   * An attribute read of an instance of a resource type, on the stand-in instance `base`; `inline` writes an argument
   * of it in place, and `created` is the stand-in instance of its creation time, where it has one.
   */
  private attributeOf(
    type: string,
    base: string,
    attribute: string,
    further: readonly string[],
    inline: (argument: string) => string,
    created?: string,
  ): string {
    const schema = schemaOf(type);
    if (further.length > 0)
      throw new Error(`${base}.${attribute}${further.join("")}: the planner does not read into an attribute`);
    const derived = schema.derived?.[attribute];
    if (derived !== undefined) {
      if (created === undefined || schema.createdAt === undefined)
        throw new Error(`${base}.${attribute}: the planner derives it only from a resource read by its address`);
      // The output: unknown until the apply for an object created or replaced, as the provider plans it (ModifyPlan
      // computes nothing without a state), known from the state for one updated in place.
      return derived.planned(inline, `${created}.output.${schema.createdAt}`);
    }
    if (attribute === "id" || schema.computed[attribute] === "replace") return `${base}.id`;
    if (schema.computed[attribute] === "update") return `jsonencode(${base}.output)`;
    if (schema.arguments.includes(attribute)) return inline(attribute);
    throw new Error(
      `${type}.${attribute} is not in the planner's schema of ${type}: add ` +
        "it to provider-schemas.ts from the provider's source",
    );
  }

  /** A read of a resource `type.name` with the steps after it. */
  private resourceRead(type: string, name: string, rest: readonly string[], scope: Scope): string {
    const standIn = `terraform_data.${standInName(type, name)}`;
    const [first, ...others] = rest;
    const index = first?.startsWith("[") === true ? first : undefined;
    const [attributeStep, ...further] = index === undefined ? rest : others;
    const indexed = index === undefined ? "" : rewriteIndex(index, (expression) => this.expression(expression, scope));
    const base = `${standIn}${indexed}`;
    if (attributeStep === undefined) return base;
    const inline = (attribute: string) => {
      const block = this.resources[type]![name]!;
      if (scope.keepsReferences === true) return this.inputRead(type, name, base, attribute);
      if (index !== undefined || block.for_each !== undefined)
        throw new Error(
          `${type}.${name}.${attribute}: the planner writes arguments in place only for resources without for_each`,
        );
      scope.dependsOn(standIn);
      const schema = schemaOf(type);
      const value = Object.hasOwn(block, attribute)
        ? block[attribute]
        : Object.hasOwn(schema.defaults, attribute)
          ? schema.defaults[attribute]
          : null;
      return typeof value === "string"
        ? asExpression(this.template(value, { dependsOn: scope.dependsOn }))
        : JSON.stringify(value);
    };
    return this.attributeOf(type, base, attributeStep.slice(1), further, inline, `${createdName(standIn)}${indexed}`);
  }

  /** An argument read from the stand-in's input, which holds it unless it is ignored or kept (`resource`). */
  private inputRead(type: string, name: string, base: string, attribute: string): string {
    const { ignored } = lifecycleOf(type, name, this.resources[type]![name]!, schemaOf(type));
    if (ignored.has(attribute) || schemaOf(type).keptWhenOmitted?.includes(attribute) === true)
      throw new Error(`${type}.${name}.${attribute}: the planner reads by reference only an argument it owns`);
    return `${base}.input.${attribute}`;
  }

  /** Rewrites the references of one expression. */
  expression(expression: string, scope: Scope): string {
    const masked = maskStrings(expression);
    const forVariables = new Map<string, { readonly type: string; readonly name: string }>();
    for (const [, first, second, collection] of masked.matchAll(FOR_HEADER)) {
      const [type, name] = collection!.split(".");
      if (this.isResource(type!, name)) forVariables.set(second ?? first!, { type: type!, name });
    }
    let rewritten = "";
    let done = 0;
    for (const match of masked.matchAll(TRAVERSAL)) {
      const [text, root, rest] = match;
      const start = match.index;
      if (masked.charAt(start + text.length) === "(") continue;
      const parts = steps(rest ?? "");
      const replacement = this.traversal(root!, parts, forVariables, scope);
      if (replacement === undefined) continue;
      rewritten += expression.slice(done, start) + replacement;
      done = start + text.length;
    }
    return rewritten + expression.slice(done);
  }

  private traversal(
    root: string,
    parts: readonly string[],
    forVariables: ReadonlyMap<string, { readonly type: string; readonly name: string }>,
    scope: Scope,
  ): string | undefined {
    const [first, second, ...others] = parts;
    const name = first?.slice(1);
    if (first?.startsWith(".") === true && this.isResource(root, name))
      return this.resourceRead(root, name, parts.slice(1), scope);
    if (root === "data" && first?.startsWith(".") === true && second?.startsWith(".") === true) {
      const standIn = `data.${DATA_STAND_IN}.${standInName(first.slice(1), second.slice(1))}`;
      return `${standIn}${others[0]?.startsWith(".") === true ? ".outputs" : ""}${others.join("")}`;
    }
    if (root === "self" && scope.selfIsData === true && first?.startsWith(".") === true)
      return `self.outputs${parts.join("")}`;
    const bound = forVariables.get(root);
    if (bound !== undefined && first?.startsWith(".") === true) {
      return this.attributeOf(bound.type, root, first.slice(1), parts.slice(1), () => {
        throw new Error(`${root}${first}: the planner does not write arguments of for_each instances in place`);
      });
    }
    if (root === "each" && first === ".value" && scope.eachOver !== undefined && second?.startsWith(".") === true) {
      return this.attributeOf(scope.eachOver.type, "each.value", second.slice(1), others, () => {
        throw new Error(`each.value${second}: the planner does not write arguments of for_each instances in place`);
      });
    }
    return undefined;
  }

  /** Rewrites every interpolation of a template string. */
  template(text: string, scope: Scope): string {
    return rewriteTemplate(text, (expression) => this.expression(expression, scope));
  }

  /** Rewrites every string inside a value. */
  value(value: unknown, scope: Scope): unknown {
    if (typeof value === "string") return this.template(value, scope);
    if (Array.isArray(value)) return value.map((item) => this.value(item, scope));
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.value(item, scope)]));
    return value;
  }

  /**
   * An address as `import`, `removed` and `depends_on` write it, `tfe_team.x["bob"]`, at its stand-in; a `removed`
   * block names a resource that has left the config, so any type of the table is taken.
   */
  address(address: string): string {
    const match = /^([a-z0-9_]+)\.([\w-]+)(.*)$/.exec(address);
    if (match === null) throw new Error(`${address} is not a resource address`);
    const [, type, name, rest] = match;
    schemaOf(type!);
    return `terraform_data.${standInName(type!, name!)}${rest}`;
  }

  /**
   * The stand-ins of one resource. Terraform applies ignore_changes to `terraform_data.input` as a whole (its type is
   * dynamic), so the arguments the resource ignores go to a second stand-in, `<stand-in>__unowned`, that ignores its
   * whole input and is replaced with the first: Terraform still decides, argument by argument, what changes. Each
   * argument the provider keeps when the config leaves it out has a stand-in of its own, `<stand-in>__kept_<argument>`,
   * holding it when the config sets it and ignoring its input when the config does not, so that a config that stops
   * setting it plans no change, as the provider does. An argument the provider takes from the clock at Create
   * (`createdAt`) has a stand-in of its own, `<stand-in>__created`, holding the time of the apply that created the
   * object and ignoring its input from then on.
   */
  resource(type: string, name: string, block: Attributes): Record<string, Record<string, unknown>> {
    const schema = schemaOf(type);
    const dependencies = new Set<string>();
    const forEach = typeof block.for_each === "string" ? /^\$\{([a-z0-9_]+)\.([\w-]+)\}$/.exec(block.for_each) : null;
    const scope: Scope = {
      eachOver:
        forEach !== null && this.isResource(forEach[1]!, forEach[2])
          ? { type: forEach[1]!, name: forEach[2] }
          : undefined,
      dependsOn: (standIn) => dependencies.add(standIn),
    };
    const input: Record<string, unknown> = {};
    for (const [argument, value] of Object.entries(block)) {
      if (META_ARGUMENTS.has(argument)) continue;
      if (!schema.arguments.includes(argument))
        throw new Error(`${type}.${name} sets ${argument}, which is not an argument of ${type} in provider-schemas.ts`);
      input[argument] = this.value(value, scope);
    }
    for (const [argument, value] of Object.entries(schema.defaults))
      if (!Object.hasOwn(input, argument)) input[argument] = value;
    const { lifecycle, ignored } = lifecycleOf(type, name, block, schema);
    const kept = (schema.keptWhenOmitted ?? []).filter((argument) => !ignored.has(argument));
    const createdAt = schema.createdAt;
    if (createdAt !== undefined && Object.hasOwn(input, createdAt))
      throw new Error(`${type}.${name} sets ${createdAt}: the planner takes it from the clock only`);
    const owned = Object.fromEntries(
      Object.entries(input).filter(([argument]) => !ignored.has(argument) && !kept.includes(argument)),
    );
    const unowned = Object.fromEntries(Object.entries(input).filter(([argument]) => ignored.has(argument)));
    const triggers = Object.fromEntries(
      schema.forceNew
        .filter((argument) => Object.hasOwn(owned, argument))
        .map((argument) => [argument, owned[argument]]),
    );
    const dependsOn = [
      ...(Array.isArray(block.depends_on) ? block.depends_on.map((address: string) => this.address(address)) : []),
    ];
    const allDependencies = [...new Set([...dependsOn, ...dependencies])].sort();
    const forEachValue = block.for_each === undefined ? {} : { for_each: this.value(block.for_each, scope) };
    const standIn = standInName(type, name);
    const main: Record<string, unknown> = {
      ...forEachValue,
      input: owned,
      ...(Object.keys(triggers).length === 0 ? {} : { triggers_replace: triggers }),
      ...(Object.keys(lifecycle).length === 0 ? {} : { lifecycle }),
      ...(allDependencies.length === 0 ? {} : { depends_on: allDependencies }),
    };
    const instance = `terraform_data.${standIn}${block.for_each === undefined ? "" : "[each.key]"}`;
    const part = (partInput: Record<string, unknown>, ignoresInput: boolean) => ({
      ...forEachValue,
      input: partInput,
      lifecycle: {
        ...lifecycle,
        ...(ignoresInput ? { ignore_changes: ["input"] } : {}),
        replace_triggered_by: [`${instance}.id`],
      },
      depends_on: [`terraform_data.${standIn}`],
    });
    return {
      [standIn]: main,
      ...(ignored.size === 0 ? {} : { [unownedName(standIn)]: part(unowned, true) }),
      ...Object.fromEntries(
        kept.map((argument) => [
          keptName(standIn, argument),
          Object.hasOwn(input, argument) ? part({ [argument]: input[argument] }, false) : part({}, true),
        ]),
      ),
      ...(createdAt === undefined ? {} : { [createdName(standIn)]: part({ [createdAt]: this.now }, true) }),
    };
  }

  /**
   * A data source's stand-in: `terraform_remote_state` of an empty state, whose outputs default to the data source's
   * arguments and what it reads of the planner's Terraform Cloud (a placeholder for each attribute computed from
   * nothing the planner holds); its lifecycle's conditions kept, reading those outputs as `self`.
   */
  dataSource(type: string, name: string, block: Attributes): Record<string, unknown> {
    const schema = schemaOf(dataSourceSchemaKey(type));
    const scope: Scope = { dependsOn: () => undefined, selfIsData: true };
    const computed = Object.fromEntries(
      ["id", ...Object.keys(schema.computed)].map((attribute) => [attribute, `data ${type} ${attribute}`]),
    );
    const argumentsOf = Object.fromEntries(
      Object.entries(block)
        .filter(([argument]) => !META_ARGUMENTS.has(argument))
        .map(([argument, value]) => [argument, this.value(value, scope)]),
    );
    const read = DATA_READS[type]?.(argumentsOf, this.cloud, `data.${type}.${name}`) ?? {};
    return {
      backend: "local",
      config: { path: EMPTY_STATE_FILE },
      defaults: { ...computed, ...argumentsOf, ...read },
      ...(block.lifecycle === undefined ? {} : { lifecycle: this.value(block.lifecycle, scope) }),
    };
  }
}

/**
 * What a data source reads of Terraform Cloud, as tfe 0.71.0 reads it, from its arguments: `tfe_project` the project
 * whose name equals its `name` without case (data_source_project.go, strings.EqualFold), `tfe_projects` every project
 * of the organization, with the organization as its id (data_source_projects.go).
 */
const DATA_READS: Readonly<
  Record<string, (argumentsOf: Attributes, cloud: StandInCloud, address: string) => Record<string, unknown>>
> = {
  tfe_project: (argumentsOf, cloud, address) => {
    const name = String(argumentsOf.name);
    const project = cloud.projects.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (project === undefined)
      throw new Error(`${address}: the planner's Terraform Cloud has no project ${name}, which tfe_project fails on`);
    return { id: project.id, name: project.name, description: project.description };
  },
  tfe_projects: (argumentsOf, cloud) => ({
    id: argumentsOf.organization,
    projects: cloud.projects.map((project) => ({ ...project, organization: argumentsOf.organization })),
  }),
};

/** Rewrites the expression inside an index step, `[each.key]`. */
function rewriteIndex(index: string, rewrite: (expression: string) => string): string {
  return `[${rewrite(index.slice(1, -1))}]`;
}

/**
 * What exists in Terraform Cloud before this stack manages it, as the state holds it right after an import: the
 * stand-ins of the named resources, with the arguments the stack would give them except where `actual` says what
 * the existing object has instead (an argument the stack leaves out may be there too). A `for_each` resource over
 * a list of names keeps only the instance keys named, with the stack's arguments.
 */
export function existingObjects(
  stack: StackJson,
  actual: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
): Record<string, unknown> {
  const { json } = plannable(stack);
  const standIns = (json.resource as { terraform_data: Record<string, Record<string, unknown>> }).terraform_data;
  const chosen = new Map<string, { keys: string[]; overrides: Readonly<Record<string, unknown>> }>();
  for (const [address, overrides] of actual) {
    const match = /^([a-z0-9_]+)\.([\w-]+)(?:\[("[^"]*")\])?$/.exec(address);
    if (match === null || stack.resource?.[match[1]!]?.[match[2]!] === undefined)
      throw new Error(`${address} is not a resource of the stack`);
    const standIn = standInName(match[1]!, match[2]!);
    const entry = chosen.get(standIn) ?? { keys: [], overrides: {} };
    if (match[3] !== undefined && Object.keys(overrides).length > 0)
      throw new Error(`${address}: the planner takes actual arguments of single resources only`);
    if (match[3] !== undefined) entry.keys.push(JSON.parse(match[3]) as string);
    chosen.set(standIn, match[3] === undefined ? { ...entry, overrides } : entry);
  }
  const resources: Record<string, unknown> = {};
  for (const [standIn, { keys, overrides }] of chosen) {
    const type = standIn.slice(0, standIn.indexOf("__"));
    const schema = schemaOf(type);
    const unownedStandIn = standIns[unownedName(standIn)];
    const ignored = new Set(Object.keys((unownedStandIn?.input as Record<string, unknown> | undefined) ?? {}));
    const ignoredByBlock =
      (stack.resource?.[type]?.[standIn.slice(type.length + 2)]?.lifecycle as { ignore_changes?: string[] } | undefined)
        ?.ignore_changes ?? [];
    for (const argument of ignoredByBlock) ignored.add(argument);
    const kept = (schema.keptWhenOmitted ?? []).filter((argument) => !ignored.has(argument));
    // Which stand-in holds an argument: the one of the ignored arguments, its own when kept, or the main one.
    const partOf = (argument: string) =>
      ignored.has(argument) ? unownedName(standIn) : kept.includes(argument) ? keptName(standIn, argument) : standIn;
    const parts: Array<[string, Record<string, unknown>]> = [
      standIn,
      unownedName(standIn),
      ...kept.map((argument) => keptName(standIn, argument)),
    ].flatMap((name) =>
      standIns[name] === undefined ? [] : [[name, standIns[name]] as [string, Record<string, unknown>]],
    );
    for (const [name, block] of parts) {
      const isUnowned = name !== standIn;
      const picked = Object.fromEntries(Object.entries(overrides).filter(([argument]) => partOf(argument) === name));
      const input = { ...(block.input as Record<string, unknown>), ...picked };
      const forceNew = isUnowned ? [] : schema.forceNew.filter((argument) => Object.hasOwn(input, argument));
      const dependencies = (block.depends_on as string[] | undefined)?.filter(
        (dependency) =>
          chosen.has(dependency.replace(/^terraform_data\./, "")) || dependency === `terraform_data.${standIn}`,
      );
      resources[name] = {
        ...(keys.length > 0
          ? { for_each: `\${toset(${JSON.stringify(keys)})}` }
          : block.for_each === undefined
            ? {}
            : { for_each: block.for_each }),
        input,
        ...(forceNew.length === 0
          ? {}
          : { triggers_replace: Object.fromEntries(forceNew.map((argument) => [argument, input[argument]])) }),
        ...(dependencies === undefined || dependencies.length === 0 ? {} : { depends_on: dependencies }),
      };
    }
  }
  return {
    ...(json.locals === undefined ? {} : { locals: json.locals }),
    ...(json.data === undefined ? {} : { data: json.data }),
    resource: { terraform_data: resources },
  };
}

/**
 * Every stand-in of an address, `tfe_team.x["bob"]`: the main one and each part it may have (rewrite.ts), each with
 * the address's instance key, in the same order for every address of a type.
 */
function standInParts(rewriter: Rewriter, address: string): string[] {
  const standIn = rewriter.address(address);
  const bracket = standIn.indexOf("[");
  const [resource, key] = bracket < 0 ? [standIn, ""] : [standIn.slice(0, bracket), standIn.slice(bracket)];
  const schema = schemaOf(address.split(".")[0]!);
  const kept = (schema.keptWhenOmitted ?? []).map((argument) => keptName(resource, argument));
  const created = schema.createdAt === undefined ? [] : [createdName(resource)];
  return [resource, unownedName(resource), ...kept, ...created].map((part) => `${part}${key}`);
}

/**
 * The stack as `terraform_data` stand-ins, with the state kept in `terraform.tfstate` of the directory Terraform runs
 * in; `now` is the time of the apply or plan, for what a provider takes from the clock, and `cloud` what its data
 * sources read.
 */
export function plannable(stack: StackJson, now: string = PLANNER_NOW, cloud: StandInCloud = PLANNER_CLOUD): Plannable {
  const rewriter = new Rewriter(stack, now, cloud);
  const resources: Record<string, unknown> = {};
  const noDependencies: Scope = { dependsOn: () => undefined };
  for (const [type, blocks] of Object.entries(stack.resource ?? {})) {
    for (const [name, block] of Object.entries(blocks)) {
      if (type === NATIVE)
        resources[name] = Object.fromEntries(
          Object.entries(block)
            .filter(([argument]) => argument !== "//")
            .map(([argument, value]) => [argument, rewriter.value(value, noDependencies)]),
        );
      else Object.assign(resources, rewriter.resource(type, name, block));
    }
  }
  const locals: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(stack.locals ?? {})) locals[name] = rewriter.value(value, noDependencies);
  const dataSources: Record<string, unknown> = {};
  for (const [type, blocks] of Object.entries(stack.data ?? {})) {
    for (const [name, block] of Object.entries(blocks))
      dataSources[standInName(type, name)] = rewriter.dataSource(type, name, block);
  }
  const outputs = Object.fromEntries(
    Object.entries(stack.output ?? {}).map(([name, output]) => [
      name,
      { ...output, value: rewriter.value(output.value, noDependencies) },
    ]),
  );
  const { required_version: requiredVersion } = (stack.terraform ?? {}) as { readonly required_version?: string };
  const json: Record<string, unknown> = {
    terraform: requiredVersion === undefined ? {} : { required_version: requiredVersion },
    ...(Object.keys(locals).length === 0 ? {} : { locals }),
    ...(Object.keys(dataSources).length === 0 ? {} : { data: { [DATA_STAND_IN]: dataSources } }),
    ...(Object.keys(resources).length === 0 ? {} : { resource: { terraform_data: resources } }),
    ...(Object.keys(outputs).length === 0 ? {} : { output: outputs }),
    ...(stack.import === undefined
      ? {}
      : {
          // An id may name a resource's attribute (the organization's name, in the one stack): its stand-in's, read
          // by reference as Terraform reads the provider's at plan time.
          import: stack.import.map((block) => ({
            to: rewriter.address(block.to),
            id: rewriter.value(block.id, { ...noDependencies, keepsReferences: true }),
          })),
        }),
    // A removed or moved resource may have had ignored or kept arguments: all of its stand-ins are forgotten or
    // moved, whichever exist.
    ...(stack.removed === undefined
      ? {}
      : {
          removed: stack.removed.flatMap((block) =>
            standInParts(rewriter, String(block.from)).map((from) => ({ ...block, from })),
          ),
        }),
    ...(stack.moved === undefined
      ? {}
      : {
          moved: stack.moved.flatMap((block) => {
            const to = standInParts(rewriter, block.to);
            return standInParts(rewriter, block.from).map((from, index) => ({ from, to: to[index] }));
          }),
        }),
  };
  return { json };
}

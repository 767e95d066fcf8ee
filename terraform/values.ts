import { expressionReferences, interpolations, type Reference } from "./expressions";
import { blockAt, own, type Attributes, type StackJson } from "./stack-json";

/** Where a value comes from, once references are followed as far as synthesized Terraform says. */
export type Source =
  /** A value written in the configuration. */
  | { readonly kind: "literal"; readonly value: unknown }
  /** An attribute of a resource or data source, known at apply time (`attribute` undefined: the whole object). */
  | { readonly kind: "read"; readonly address: string; readonly attribute?: string }
  /** Something the synthesized configuration cannot tell, such as a variable's value. */
  | { readonly kind: "unknown"; readonly reason: string };

/** One object Terraform will create: a resource, or one instance of a `for_each` resource. */
export interface Instance {
  /** `tfe_team.x`, or `tfe_team.x["alice"]` for an instance. */
  readonly address: string;
  /** Its attributes with `each.key` and `each.value` filled in, as Terraform will see them. */
  readonly attributes: Attributes;
}

/**
 * The for expression cdktf writes for a `for_each` over a list of objects:
 * `{ for key, val in local.x: val.name => val }`.
 */
const KEYED_LIST = /^\$\{\{ for key, val in (local\.[\w-]+): val\.([\w-]+) => val \}\}$/;
/** The for_each cdktf writes for a list of strings: `${toset(local.x)}`, each key and value a string of the list. */
const STRING_SET = /^\$\{toset\((local\.[\w-]+)\)\}$/;
/** A `for_each` over another resource's instances: `${tfe_team.teams}`. */
const OVER_RESOURCE = /^\$\{((?:data\.)?[a-z0-9_]+\.[\w-]+)\}$/;

/** The `for_each` of a block, as instance key to `each.value`; a resource's instances stand as read sources. */
type Each =
  | { readonly kind: "keys"; readonly entries: ReadonlyArray<readonly [string, unknown]> }
  /** Over another resource: each instance of it, `each.value` being that instance. */
  | { readonly kind: "resource"; readonly address: string; readonly keys: readonly string[] }
  | { readonly kind: "unknown"; readonly reason: string };

/** The reader of each stack's JSON, by the object: see {@link StackValues.of}. */
const readers = new WeakMap<StackJson, StackValues>();

/** Reads values out of a synthesized stack: locals, `for_each` instances and references, followed to their source. */
export class StackValues {
  /**
   * Each block's `for_each` entries, once read: the diagram, the summary and every policy rule ask for a room's
   * blocks, and of 10,000 attendees each answer is 10,000 entries.
   */
  private readonly eachByAddress = new Map<string, Each>();

  constructor(readonly json: StackJson) {}

  /**
   * The values of a stack's JSON, one reader for every reader of that object: the policy, the diagram and the
   * summary each ask for a room's blocks. A synthesized stack's JSON is never changed: a changed tree is resolved anew.
   */
  static of(json: StackJson): StackValues {
    let values = readers.get(json);
    if (values === undefined) {
      values = new StackValues(json);
      readers.set(json, values);
    }
    return values;
  }

  /** The `for_each` entries of the block at `address`, whose attributes are given, or why they cannot be known. */
  private each(address: string, attributes: Attributes): Each {
    const known = this.eachByAddress.get(address);
    if (known !== undefined) return known;
    const each = this.readEach(address, attributes);
    this.eachByAddress.set(address, each);
    return each;
  }

  private readEach(address: string, attributes: Attributes): Each {
    const forEach = attributes.for_each;
    if (typeof forEach === "object" && forEach !== null && !Array.isArray(forEach))
      return { kind: "keys", entries: Object.entries(forEach) };
    const text = String(forEach);
    const strings = STRING_SET.exec(text);
    if (strings !== null) {
      const list = this.local(strings[1]!);
      if (!Array.isArray(list) || !list.every((item) => typeof item === "string"))
        return {
          kind: "unknown",
          reason: `the for_each of ${address} reads ${strings[1]}, which is not a list of strings`,
        };
      return { kind: "keys", entries: list.map((item: string) => [item, item]) };
    }
    const keyed = KEYED_LIST.exec(text);
    if (keyed !== null) {
      const list = this.local(keyed[1]!);
      if (!Array.isArray(list))
        return { kind: "unknown", reason: `the for_each of ${address} reads ${keyed[1]}, which is not a list` };
      return { kind: "keys", entries: list.map((item: Attributes) => [String(own(item, keyed[2])), item]) };
    }
    const source = OVER_RESOURCE.exec(text);
    const sourceBlock = source === null ? undefined : blockAt(this.json, source[1]!);
    if (source !== null && sourceBlock !== undefined) {
      return { kind: "resource", address: source[1]!, keys: this.instanceKeys(source[1]!) };
    }
    return {
      kind: "unknown",
      reason: `the for_each of ${address} is ${JSON.stringify(forEach)}, which this check cannot expand`,
    };
  }

  private local(reference: string): unknown {
    return own(this.json.locals, reference.slice("local.".length));
  }

  /** The keys of a `for_each` resource's instances, without building the instances. */
  private instanceKeys(address: string): string[] {
    const attributes = blockAt(this.json, address) ?? {};
    const each = attributes.for_each === undefined ? undefined : this.each(address, attributes);
    if (each === undefined || each.kind === "unknown") return [];
    return each.kind === "keys" ? each.entries.map(([key]) => key) : [...each.keys];
  }

  /** How many objects a resource or data source creates, without building them or their keys. */
  instanceCount(address: string): number {
    const attributes = blockAt(this.json, address);
    if (attributes?.for_each === undefined) return 1;
    const each = this.each(address, attributes);
    return each.kind === "keys" ? each.entries.length : each.kind === "resource" ? each.keys.length : 0;
  }

  /** The resource instances the stack makes, data sources aside, by resource type: `tfe_team` to 1,000. */
  resourceInstances(): Map<string, number> {
    const byType = new Map<string, number>();
    for (const [type, blocks] of Object.entries(this.json.resource ?? {}))
      for (const name of Object.keys(blocks))
        byType.set(type, (byType.get(type) ?? 0) + this.instanceCount(`${type}.${name}`));
    return byType;
  }

  /** The objects a resource or data source creates: itself, or one instance per `for_each` key (the first `limit`). */
  instances(address: string, limit = Number.POSITIVE_INFINITY): Instance[] {
    const attributes = blockAt(this.json, address) ?? {};
    if (attributes.for_each === undefined) return [{ address, attributes }];
    const each = this.each(address, attributes);
    if (each.kind === "unknown") return [];
    const entries =
      each.kind === "keys"
        ? each.entries
        : each.keys.map(
            (key) =>
              [key, { kind: "read", address: `${each.address}[${JSON.stringify(key)}]` } satisfies Source] as const,
          );
    return entries.slice(0, limit).map(([key, value]) => ({
      address: `${address}[${JSON.stringify(key)}]`,
      attributes: Object.fromEntries(
        Object.entries(attributes).map(([name, attribute]) => [name, fillIn(attribute, key, value)]),
      ),
    }));
  }

  /**
   * Where a block's attribute value comes from: the literals it can take and the attributes it reads,
   * following locals, `each.key` and `each.value` to their sources. `owner` is the address of the block
   * the value belongs to, for its `each`.
   */
  sources(value: unknown, owner?: string, seen: ReadonlySet<string> = new Set()): Source[] {
    if (typeof value !== "string") {
      if (Array.isArray(value)) return value.flatMap((item) => this.sources(item, owner, seen));
      if (typeof value === "object" && value !== null)
        return Object.values(value).flatMap((item) => this.sources(item, owner, seen));
      return [{ kind: "literal", value }];
    }
    const expressions = interpolations(value);
    if (expressions.length === 0) return [{ kind: "literal", value }];
    const whole = expressions.length === 1 && value === `\${${expressions[0]}}`;
    const references = expressions.flatMap(expressionReferences);
    const followed = references.flatMap((reference) => this.follow(reference, owner, seen));
    if (whole) return followed;
    // Text around one interpolation that can only be literals, such as `aws_workshop-${each.key}`: each literal
    // spelled into the text. Anything more is a new string only the instances can spell out.
    const [expression] = expressions;
    if (expressions.length === 1 && references.length === 1 && followed.every((source) => source.kind === "literal")) {
      const [before, after] = value.split(`\${${expression}}`);
      return followed.map((source) => ({
        kind: "literal",
        value: `${before}${String((source as { readonly value: unknown }).value)}${after}`,
      }));
    }
    return [
      ...followed.filter((source) => source.kind !== "literal"),
      { kind: "unknown", reason: `${JSON.stringify(value)} is built from text and references` },
    ];
  }

  private follow(reference: Reference, owner: string | undefined, seen: ReadonlySet<string>): Source[] {
    const { root, attribute } = reference;
    if (root.startsWith("local.")) {
      if (seen.has(root)) return [{ kind: "unknown", reason: `${root} refers to itself` }];
      const local = this.local(root);
      if (local === undefined) return [{ kind: "unknown", reason: `${root} is not defined` }];
      const picked =
        attribute === undefined || !Array.isArray(local)
          ? local
          : local.map((item: Attributes) => own(item, attribute));
      return this.sources(picked, owner, new Set([...seen, root]));
    }
    if (root === "each.key" || root === "each.value") {
      const block = owner === undefined ? undefined : blockAt(this.json, owner);
      const each = block === undefined || owner === undefined ? undefined : this.each(owner, block);
      if (each === undefined) return [{ kind: "unknown", reason: `${root} is used outside a for_each` }];
      if (each.kind === "unknown") return [each];
      if (each.kind === "resource") {
        return root === "each.key"
          ? each.keys.map((key) => ({ kind: "literal", value: key }))
          : [{ kind: "read", address: each.address, attribute }];
      }
      return each.entries.flatMap(([key, entry]): Source[] => {
        if (root === "each.key") return [{ kind: "literal", value: key }];
        const picked = attribute === undefined ? entry : own(entry as Attributes, attribute);
        return this.sources(picked, undefined, seen);
      });
    }
    if (root.startsWith("var.")) return [{ kind: "unknown", reason: `${root} is only known when Terraform runs` }];
    if (blockAt(this.json, root) !== undefined) return [{ kind: "read", address: root, attribute }];
    return [{ kind: "unknown", reason: `${root} is not a resource, data source or local of this stack` }];
  }
}

function isSource(value: unknown): value is Extract<Source, { readonly kind: "read" }> {
  return typeof value === "object" && value !== null && "kind" in value && (value as Source).kind === "read";
}

/** Fills `each.key` and `each.value` into one attribute value of one instance. */
function fillIn(value: unknown, key: string, each: unknown): unknown {
  if (typeof value !== "string") return value;
  const read = isSource(each) ? each.address : undefined;
  if (value === "${each.value}") return read === undefined ? each : `\${${read}}`;
  return value
    .replace(/(?<!\$)\$\{each\.key\}/g, key)
    .replace(/\[each\.key\]/g, `[${JSON.stringify(key)}]`)
    .replace(/(?<!\$)\$\{each\.value\.([\w-]+)\}/g, (_, property: string) =>
      read !== undefined ? `\${${read}.${property}}` : String(own(each as Attributes, property)),
    );
}

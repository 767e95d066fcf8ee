import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONFIG_SCHEMA_FILE, configSchemaText } from "../commands/schema";
import { docText } from "./docs";
import { workshopConfigSchema } from "../config/schema";
import { exampleConfigWith, fieldPath, problemsOf } from "./support";

const ROOT = join(__dirname, "..");

/** The parts of a JSON Schema these tests walk through; every other keyword is kept as it is, for toEqual. */
interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly string[];
}
const schemaNode: z.ZodType<SchemaNode> = z.lazy(() =>
  z.looseObject({
    type: z.string().optional(),
    properties: z.record(z.string(), schemaNode).optional(),
    items: schemaNode.optional(),
    additionalProperties: z.union([schemaNode, z.boolean()]).optional(),
    anyOf: z.array(schemaNode).optional(),
    enum: z.array(z.string()).optional(),
  }),
);
/** What a map's values must be: its additionalProperties, when a schema. */
const valuesOf = (node?: SchemaNode) =>
  typeof node?.additionalProperties === "object" ? node.additionalProperties : undefined;

/** A field of an object of the config (or of a list's first item), with its part of the schema. */
interface ReachedField {
  /** Its keys from the config's top, a list's item as its index 0. */
  readonly keys: readonly string[];
  readonly node: SchemaNode;
}

/** Every field the schema's objects and lists hold (those inside maps and unions are tested by hand). */
function reachedFields(node: SchemaNode, keys: readonly string[] = []): ReachedField[] {
  return [
    ...Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
      { keys: [...keys, key], node: child },
      ...reachedFields(child, [...keys, key]),
    ]),
    ...(node.items === undefined ? [] : reachedFields(node.items, [...keys, "0"])),
  ];
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const REACHED = reachedFields(schemaNode.parse(JSON.parse(configSchemaText())));
/** Every choice of values a config file can make, with its values. */
const CHOICES = REACHED.flatMap(({ keys, node }) => (node.enum === undefined ? [] : [{ keys, values: node.enum }]));
/** Every field that is true or false. */
const FLAGS = REACHED.filter(({ node }) => node.type === "boolean").map(({ keys }) => keys);

/**
 * Expects the field's own rule, the schema's, to take `value` at `keys`, and the config to read it back; the
 * relations between fields (agent and its pool, replaceExisting and an existing organization) are not this test's.
 */
function expectTaken(keys: readonly string[], value: string | boolean): void {
  const parsed = workshopConfigSchema.safeParse(exampleConfigWith(keys, value));
  expect(parsed.error?.issues, `${fieldPath(keys)} = ${value}`).toBeUndefined();
  const read = keys.reduce<unknown>((part, key) => (part as Record<string, unknown>)[key], parsed.data);
  expect(read, fieldPath(keys)).toBe(value);
}

describe("every choice of values in the config, from its JSON Schema", () => {
  it("finds the choices a config file can make, so that a new one is tested here without a row", () => {
    expect(CHOICES.map(({ keys }) => fieldPath(keys))).toEqual(
      expect.arrayContaining(["workspaces[0].executionMode", "teams[0].visibility"]),
    );
  });

  it.each(CHOICES.map((choice) => [fieldPath(choice.keys), choice] as const))(
    "takes each value of %s, and refuses any other in one line naming the field and every value",
    (path, { keys, values }) => {
      for (const value of values) expectTaken(keys, value);
      const refused = problemsOf(exampleConfigWith(keys, "not-a-choice"));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(
        new RegExp(`^${escaped(path)}: "not-a-choice" is not an? [a-z ]+; use ${escaped(values.join(", "))}$`),
      );
    },
  );
});

describe("every true-or-false field in the config, from its JSON Schema", () => {
  it("finds the fields that are true or false, so that a new one is tested here without a row", () => {
    expect(FLAGS.map(fieldPath)).toEqual(
      expect.arrayContaining(["organization.create", "teams[0].organizationAccess.readWorkspaces", "event.ended"]),
    );
  });

  it.each(FLAGS.map((keys) => [fieldPath(keys), keys] as const))(
    "takes true and false for %s, and refuses any other value in one line naming the field",
    (path, keys) => {
      for (const value of [true, false]) expectTaken(keys, value);
      expect(problemsOf(exampleConfigWith(keys, "yes"))).toEqual([
        `${path}: must be true or false, but "yes" was provided`,
      ]);
    },
  );
});

/** Every field of the schema, by its path in the docs' form (`teams[].token.description`), with its own key. */
function fieldsOf(node: SchemaNode, path = ""): Array<readonly [string, string]> {
  return [
    ...Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
      const below = path === "" ? key : `${path}.${key}`;
      return [[below, key] as const, ...fieldsOf(child, below)];
    }),
    ...(node.items === undefined ? [] : fieldsOf(node.items, `${path}[]`)),
    ...(node.anyOf ?? []).flatMap((alternative) => fieldsOf(alternative, path)),
  ];
}

describe("docs/config.md's fields table", () => {
  /** Each row of the page's tables, by every name its first cell gives in backticks. */
  const rows = new Map(
    docText("docs/config.md")
      .split("\n")
      .flatMap((line) => {
        const first = /^\| (`[^|]*`) \|/.exec(line)?.[1];
        return first === undefined ? [] : [...first.matchAll(/`([^`]+)`/g)].map(([, name]) => [name!, line] as const);
      }),
  );
  /**
   * Whether a field is in the table: a row of its own, or rows below it, or the nearest row above it names it (as
   * `organizationAccess` lists its permissions), or, for a permission of an access object, a row of the table below.
   */
  const documented = (path: string, key: string) => {
    if (rows.has(path) || [...rows.keys()].some((name) => name.startsWith(`${path}.`) || name.startsWith(`${path}[`)))
      return true;
    if (/\.access\.\w+$/.test(path) && rows.has(key)) return true;
    for (let above = path; /[.[]/.test(above);) {
      above = above.endsWith("[]") ? above.slice(0, -2) : above.replace(/\.[^.]+$/, "");
      const row = rows.get(above);
      if (row !== undefined) return row.includes(`\`${key}\``) || row.includes(`"${key}"`);
    }
    return false;
  };

  it("documents every field of the config's JSON Schema, so a new field fails here until it has its row", () => {
    const fields = fieldsOf(schemaNode.parse(JSON.parse(configSchemaText())));
    expect(fields.length).toBeGreaterThan(60);
    expect(fields.filter(([path, key]) => !documented(path, key)).map(([path]) => path)).toEqual([]);
  });

  it("fails for a field it does not name", () => {
    expect(documented("teams[].nickname", "nickname")).toBe(false);
    expect(documented("teams[].organizationAccess.manageEverything", "manageEverything")).toBe(false);
  });
});

describe("the config's JSON Schema", () => {
  it("is written by npm run build as npm run schema writes it: the build's last step is that script's command", () => {
    // GIVEN the project's scripts
    const { scripts } = z
      .object({ scripts: z.object({ build: z.string(), schema: z.string() }) })
      .parse(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")));
    // WHEN the build's steps are read THEN the last one is the schema command itself
    expect(scripts.build.split(" && ").at(-1)).toBe(scripts.schema);
  });

  it(
    "is the file the build wrote, current with the zod schema " + "(npm ci builds it; after a change, npm run build)",
    () => {
      // GIVEN the file next to the config WHEN compared with the schema generated in-process THEN
      // they are the same text
      const file = join(ROOT, CONFIG_SCHEMA_FILE);
      const written = existsSync(file) ? readFileSync(file, "utf8") : "(missing)";
      expect(written, `${CONFIG_SCHEMA_FILE} is missing or stale: run npm run build`).toBe(configSchemaText());
    },
  );

  it("is ignored by git, since the build writes it", () => {
    expect(readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n")).toContain(CONFIG_SCHEMA_FILE);
  });

  it("is what the committed config names in $schema", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "workshop.config.json"), "utf8")) as { $schema?: string };
    expect(config.$schema).toBe(`./${CONFIG_SCHEMA_FILE}`);
  });

  it("is in docs/config.md as the committed default, word for word", () => {
    // GIVEN the first JSON block of the config's page WHEN compared with the committed config THEN they are the same
    // text
    const shown = /```json\n([\s\S]*?)```/.exec(docText("docs/config.md"))?.[1];
    expect(shown).toBe(readFileSync(join(ROOT, "workshop.config.json"), "utf8"));
  });

  it("describes maps by their values, so editors check access levels and team access ids", () => {
    const schema = schemaNode.parse(JSON.parse(configSchemaText()));
    const access = schema.properties?.teams?.items?.properties?.access;
    expect(access?.type).toBe("object");
    expect(valuesOf(access)?.anyOf?.[0]).toEqual({
      type: "string",
      enum: ["read", "plan", "write", "admin"],
    });
    expect(valuesOf(valuesOf(schema.properties?.import?.properties?.teamAccess))).toMatchObject({
      type: "string",
      pattern: "^tws-[A-Za-z0-9]+$",
    });
  });
});

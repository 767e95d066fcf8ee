import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONFIG_SCHEMA_FILE, configSchemaText } from "../commands/schema";
import { docText } from "./docs";

const ROOT = join(__dirname, "..");

/** The parts of a JSON Schema these tests walk through; every other keyword is kept as it is, for toEqual. */
interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly anyOf?: readonly SchemaNode[];
}
const schemaNode: z.ZodType<SchemaNode> = z.lazy(() =>
  z.looseObject({
    type: z.string().optional(),
    properties: z.record(z.string(), schemaNode).optional(),
    items: schemaNode.optional(),
    additionalProperties: z.union([schemaNode, z.boolean()]).optional(),
    anyOf: z.array(schemaNode).optional(),
  }),
);
/** What a map's values must be: its additionalProperties, when a schema. */
const valuesOf = (node?: SchemaNode) =>
  typeof node?.additionalProperties === "object" ? node.additionalProperties : undefined;

describe("the config's JSON Schema", () => {
  it("is committed exactly as generated from the zod schema (run npm run schema after changing it)", () => {
    expect(readFileSync(join(ROOT, CONFIG_SCHEMA_FILE), "utf8")).toBe(configSchemaText());
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

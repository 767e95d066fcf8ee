import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_FILE, configSchemaText } from "../commands/schema";
import { docText } from "./docs";

const ROOT = join(__dirname, "..");

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
    const schema = JSON.parse(configSchemaText());
    const access = schema.properties.teams.items.properties.access;
    expect(access.type).toBe("object");
    expect(access.additionalProperties.anyOf[0]).toEqual({ type: "string", enum: ["read", "plan", "write", "admin"] });
    expect(schema.properties.import.properties.teamAccess.additionalProperties.additionalProperties).toMatchObject({
      type: "string",
      pattern: "^tws-[A-Za-z0-9]+$",
    });
  });
});

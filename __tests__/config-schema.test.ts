import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_FILE, configSchemaText } from "../commands/schema";

const ROOT = join(__dirname, "..");

describe("the config's JSON Schema", () => {
  it("is committed exactly as generated from the zod schema (run npm run schema after changing it)", () => {
    expect(readFileSync(join(ROOT, CONFIG_SCHEMA_FILE), "utf8")).toBe(configSchemaText());
  });

  it("is what the committed config names in $schema", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "workshop.config.json"), "utf8")) as { $schema?: string };
    expect(config.$schema).toBe(`./${CONFIG_SCHEMA_FILE}`);
  });

  it("is in the README as the committed default, word for word", () => {
    // GIVEN the README's first JSON block under "The config" WHEN compared with the committed config THEN they are the same text
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## The config\n"));
    const shown = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(shown).toBe(readFileSync(join(ROOT, "workshop.config.json"), "utf8"));
  });

  it("describes maps by their values, so editors check access levels and team access ids", () => {
    const schema = JSON.parse(configSchemaText());
    const access = schema.properties.teams.items.properties.access;
    expect(access.type).toBe("object");
    expect(access.additionalProperties.anyOf[0]).toEqual({ type: "string", enum: ["read", "plan", "write", "admin"] });
    expect(schema.properties.import.properties.teamAccess.additionalProperties.additionalProperties).toMatchObject({ type: "string", pattern: "^tws-[A-Za-z0-9]+$" });
  });
});

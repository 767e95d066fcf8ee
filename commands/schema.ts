import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../config/schema";

/** Where the committed JSON Schema of the config lives, next to the config that names it in `$schema`. */
export const CONFIG_SCHEMA_FILE = "workshop.config.schema.json";

/** The committed file's text: the generated schema, two-space indented, one trailing newline. */
export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** `npm run schema`: writes the JSON Schema editors use to complete and check the config as it is typed. */
export function writeConfigSchema(print: (line: string) => void): number {
  writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText());
  print(`Wrote ${CONFIG_SCHEMA_FILE}`);
  return 0;
}

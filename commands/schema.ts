import { configJsonSchema } from "../config/schema";
import { placeProblem, writeFileSafely } from "../files/write";
import { safeLines } from "../text/terminal";
import { runnable } from "./usage";

/**
 * Where the JSON Schema of the config is written, next to the config that names it in `$schema`: by every
 * `npm run build` (so by `npm ci`), never committed.
 */
export const CONFIG_SCHEMA_FILE = "workshop.config.schema.json";

/** The file's text: the generated schema, two-space indented, one trailing newline. */
export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/**
 * `npm run schema`, and the last step of `npm run build`: writes the JSON Schema editors use to complete and check
 * the config as it is typed.
 */
export function writeConfigSchema(given: {
  readonly print: (line: string) => void;
  readonly report: (line: string) => void;
  readonly file?: string;
}): number {
  const options = safeLines(given);
  const file = options.file ?? CONFIG_SCHEMA_FILE;
  const refused = placeProblem(file, "file");
  if (refused !== undefined) {
    options.report(`schema: ${refused}`);
    return 1;
  }
  writeFileSafely(file, configSchemaText());
  options.print(`Wrote ${file}`);
  return 0;
}

/** `npm run schema`: its spec and runner. */
export const SCHEMA_COMMAND = runnable(
  {
    name: "schema",
    summary: "writes workshop.config.schema.json, the config's JSON Schema for editors",
    usage: "npm run schema",
    options: {},
    positionals: { most: 0 },
    reads: [],
    example: "npm run schema",
  },
  (_, __, context) => writeConfigSchema(context),
);

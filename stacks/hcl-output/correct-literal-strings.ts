import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import { writeFileSafely } from "../../files/write";
import { interpolations } from "../../terraform/expressions";

/** Every string in a JSON value. */
function stringsOf(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === "string") found.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, found);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) stringsOf(item, found);
  return found;
}

/** A string with neither an interpolation nor a directive: text, Terraform's escapes (`$${`, `%%{`) included. */
const isLiteral = (text: string) => interpolations(text).length === 0 && !/(?<!%)%\{/.test(text);

/**
 * How cdktf 0.21's HCL renderer writes a one-line string: its quotes escaped only when no `${` is in it, its
 * backslashes never.
 */
const asCdktfRenders = (text: string) => `"${text.includes("${") ? text : text.replace(/(?<!\\)"/g, '\\"')}"`;

/**
 * Corrects the literal strings of an HCL synth. cdktf's renderer leaves the quotes of a string holding `${` as
 * they are, which is right for its own expressions, and never escapes a backslash; so text with a quote and an
 * escaped `$${`, or with a backslash (`C:\new` reads as a line break), would break the HCL or change in it. Each
 * such string is written again as a JSON string, whose escapes HCL reads the same. A JSON synth needs nothing.
 */
export function correctLiteralStrings(app: App, stack: TerraformStack): void {
  if (!app.hclOutput) return;
  const literals = [...stringsOf(stack.toTerraform())]
    .filter((text) => /["\\]/.test(text) && !/[\r\n]/.test(text) && isLiteral(text))
    .sort((a, b) => b.length - a.length);
  if (literals.length === 0) return;
  const file = join(app.outdir, app.manifest.forStack(stack).synthesizedStackPath);
  let hcl = readFileSync(file, "utf8");
  for (const text of literals) hcl = hcl.split(asCdktfRenders(text)).join(JSON.stringify(text));
  writeFileSafely(file, hcl);
}

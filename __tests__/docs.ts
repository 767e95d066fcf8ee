import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/**
 * The documentation, as paths from the repository root: the README, the pages of docs/ and the bench's README.
 * Each example in them is checked by a test: the tests find an example on whichever page it is.
 */
export const DOC_PAGES: readonly string[] = Object.freeze([
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => `docs/${file}`),
  "bench/README.md",
]);

/** The text of a page of the documentation (a path from the repository root). */
export function docText(page: string): string {
  return readFileSync(join(ROOT, page), "utf8");
}

/** Every page of the documentation, one after the other: for an example that must appear on one of them. */
export function allDocsText(): string {
  return DOC_PAGES.map(docText).join("\n");
}

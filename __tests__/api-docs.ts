import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Where HashiCorp's documented sample responses are kept, one file per page of the API documentation. */
export const API_DOCS_DIRECTORY = join(__dirname, "fixtures", "api-docs");

/** One page's samples, by the heading of each (`GET /account/details`), with the page's source and departures. */
export interface DocumentedPage {
  readonly file: string;
  readonly source: string;
  readonly departures: string;
  readonly samples: ReadonlyMap<string, string>;
}

/**
 * JSON as the documentation writes it: its `//` comments and the trailing commas before a `}` or `]`, neither of
 * which JSON allows, are removed, and nothing else; strings are kept as they are.
 */
export function documentedJson(text: string): unknown {
  let json = "";
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === '"') {
      const end = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(index));
      if (end === null) throw new Error(`an unterminated string at ${index}`);
      json += end[0];
      index += end[0].length - 1;
    } else if (character === "/" && text[index + 1] === "/") {
      while (index < text.length && text[index] !== "\n") index++;
      index--;
    } else if (character === "," && /^,\s*[}\]]/.test(text.slice(index))) {
      continue;
    } else json += character;
  }
  return JSON.parse(json);
}

/** Every page of the fixtures, its samples read from the `## METHOD path` headings and the json block under each. */
export function documentedPages(): DocumentedPage[] {
  return readdirSync(API_DOCS_DIRECTORY)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .sort()
    .map((file) => {
      const text = readFileSync(join(API_DOCS_DIRECTORY, file), "utf8");
      const samples = new Map(
        [...text.matchAll(/^## (.+)\n[\s\S]*?^```json\n([\s\S]*?)^```$/gm)].map(
          (match) => [match[1]!, match[2]!] as const,
        ),
      );
      return {
        file,
        source: /^Source: (.+)$/m.exec(text)?.[1] ?? "",
        departures: /^Departures: (.+)$/m.exec(text)?.[1] ?? "",
        samples,
      };
    });
}

/** The sample under a heading of a page, as a JSON value; throws when the fixtures have none. */
export function documentedSample(file: string, heading: string): Record<string, unknown> {
  const text = documentedPages()
    .find((page) => page.file === file)
    ?.samples.get(heading);
  if (text === undefined) throw new Error(`no sample "${heading}" in ${file}`);
  return documentedJson(text) as Record<string, unknown>;
}

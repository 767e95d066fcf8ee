import { looksLikeToken, MASK } from "./secrets";
import { unicodeEscape } from "./terminal";

const MAX_QUOTED_LENGTH = 60;

/** One escape of a JSON string, or one character, so that shortening never cuts an escape in two. */
const JSON_UNIT = /\\u[0-9a-f]{4}|\\.|[\s\S]/g;

/** What a message says in place of a value that looks like a Terraform Cloud token. */
export const TOKEN_WITHHELD = "a value that looks like a Terraform Cloud token (not shown)";

/** Options of {@link quote}. */
export interface QuoteOptions {
  /**
   * The longest quote, shortened with "..." beyond.
   * @default 60 characters
   */
  readonly maxLength?: number;
  /**
   * The longest string quoted at all: a longer one is named by its length, never shown in part.
   * @default any length
   */
  readonly longestString?: number;
}

/**
 * What stands in a quote for a string that is never shown: `<token>` for one that looks like a Terraform Cloud
 * token, `<56 characters>` for one longer than `longest`; undefined for a string that may be shown.
 */
export function withheld(text: string, longest = Number.POSITIVE_INFINITY): string | undefined {
  if (looksLikeToken(text)) return MASK;
  return text.length > longest ? `<${text.length} characters>` : undefined;
}

/**
 * A value as the user wrote it, quoted for a message: JSON, with every character outside printable ASCII
 * escaped (`"p\u0430ypal"`), so that a look-alike, an invisible or a control character shows as what it is;
 * numbers JSON cannot write (Infinity) by their name; shortened to fit one line. A string that looks like a
 * token, or is longer than `longestString`, is never quoted, not even in part: it is named by what it is, and
 * inside an array or object (as a value or a key) it stands as {@link withheld} writes it.
 */
export function quote(value: unknown, { maxLength = MAX_QUOTED_LENGTH, longestString }: QuoteOptions = {}): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "string" && looksLikeToken(value)) return TOKEN_WITHHELD;
  if (typeof value === "string" && longestString !== undefined && value.length > longestString)
    return `a string of ${value.length} characters`;
  // JSON.stringify gives undefined only for a function or a symbol, which String() writes whole.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- never an object here: see above
  const text = JSON.stringify(value, (_key, item: unknown) => withholding(item, longestString)) ?? String(value);
  const json = text.replace(/[^\x20-\x7e]/g, unicodeEscape);
  if (json.length <= maxLength) return json;
  let shown = "";
  for (const [unit] of json.matchAll(JSON_UNIT)) {
    if (shown.length + unit.length > maxLength - 3) break;
    shown += unit;
  }
  return `${shown}...`;
}

/** A part of a value as JSON writes it, with each string and each key that is never shown {@link withheld}. */
function withholding(item: unknown, longest: number | undefined): unknown {
  if (typeof item === "string") return withheld(item, longest) ?? item;
  if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
  return Object.fromEntries(Object.entries(item).map(([key, entry]) => [withheld(key, longest) ?? key, entry]));
}

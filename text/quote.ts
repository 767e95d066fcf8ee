import { unicodeEscape } from "./terminal";

const MAX_QUOTED_LENGTH = 60;

/** One escape of a JSON string, or one character, so that shortening never cuts an escape in two. */
const JSON_UNIT = /\\u[0-9a-f]{4}|\\.|[\s\S]/g;

/**
 * A value as the user wrote it, quoted for a message: JSON, with every character outside printable ASCII
 * escaped (`"p\u0430ypal"`), so that a look-alike, an invisible or a control character shows as what it is;
 * numbers JSON cannot write (Infinity) by their name; shortened to fit one line.
 */
export function quote(value: unknown, maxLength = MAX_QUOTED_LENGTH): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const json = (JSON.stringify(value) ?? String(value)).replace(/[^\x20-\x7e]/g, unicodeEscape);
  if (json.length <= maxLength) return json;
  let shown = "";
  for (const [unit] of json.matchAll(JSON_UNIT)) {
    if (shown.length + unit.length > maxLength - 3) break;
    shown += unit;
  }
  return `${shown}...`;
}

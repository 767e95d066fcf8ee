/** The most characters of one value from a server that a line shows: a name, an id or a date is far shorter. */
export const MAX_SHOWN_LENGTH = 200;

/** Text of at most `max` characters, a longer one cut and marked with "...", never inside a surrogate pair. */
export function bounded(text: string, max = MAX_SHOWN_LENGTH): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 3);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}...`;
}

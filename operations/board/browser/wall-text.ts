// What of a long line the wall shows: whole sentences, never one cut where the side column ends. Pure, so that the
// tests can ask it about any line.

/** The most characters of a warning the wall shows: some four lines of its side column on a 1280x720 projector. */
export const WALL_WARNING_CHARACTERS = 140;

/** Where the rest of a shortened warning is, for the facilitator. */
const MORE = "npm run status says more.";

/** Between two sentences: a full stop, then a space before a capital or an opening bracket. */
const SENTENCE_BREAK = /(?<=\.)\s+(?=[A-Z(])/;

/**
 * A warning as the wall shows it: whole when it fits in `most` characters; else its first sentences that fit, then
 * where the rest is; else its first sentence without its asides in brackets, if that fits; else, that sentence too
 * long (a list of names), the clause that says what is wrong, before the list.
 */
export function wallWarning(line: string, most = WALL_WARNING_CHARACTERS): string {
  if (line.length <= most) return line;
  const room = most - MORE.length - 1;
  const sentences = line.split(SENTENCE_BREAK);
  let shown = "";
  for (const sentence of sentences) {
    const next = shown === "" ? sentence : `${shown} ${sentence}`;
    if (next.length > room) break;
    shown = next;
  }
  if (shown !== "") return `${shown} ${MORE}`;
  // A first sentence too long: without its asides in brackets, which add to what is wrong, never say it.
  const first = sentences[0]!.replaceAll(/ \([^()]*\)/g, "");
  if (first.length <= room) return `${first} ${MORE}`;
  const colon = first.indexOf(": ", first.startsWith("warning: ") ? "warning: ".length : 0);
  if (colon > 0 && colon + 1 <= room) return `${first.slice(0, colon)}. ${MORE}`;
  const words = first.slice(0, room - 1);
  return `${words.slice(0, Math.max(words.lastIndexOf(" "), 1))}\u2026 ${MORE}`;
}

/** What a POSIX shell reads as one word without quotes: nothing it expands, splits or globs. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/** A value as one word of a POSIX shell: as it is when nothing in it is special, otherwise in single quotes. */
export function shellWord(value: string): string {
  return PLAIN_WORD.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

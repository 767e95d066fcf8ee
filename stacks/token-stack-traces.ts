/**
 * Runs `work` while V8 formats captured stack traces as empty text.
 *
 * cdktf records the complete call stack of every token it creates (every reference between resources),
 * only to decorate the message of an error about that token. For a room of a thousand attendees that is
 * about a fifth of the synth and a good part of its memory. Formatting is what costs, so it is skipped for
 * the duration and restored afterwards; set `keep` to have them when debugging a token error.
 */
export function withoutTokenStackTraces<T>(work: () => T, keep = false): T {
  if (keep) return work();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

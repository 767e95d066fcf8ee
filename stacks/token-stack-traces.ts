/**
 * Runs `work` without the call stacks cdktf records for every token.
 *
 * cdktf captures the complete call stack of every token it creates (every reference between resources),
 * only to decorate the message of an error about that token. For a room of a thousand attendees that is
 * about a tenth of the synth and much of its garbage. For the duration of `work`, V8's
 * `Error.captureStackTrace` records an empty stack instead; it is restored afterwards, so an error that
 * escapes still prints in full. Set `keep` to have the token stacks when debugging a token error.
 */
export function withoutTokenStackTraces<T>(work: () => T, keep = false): T {
  if (keep) return work();
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object) => {
    Object.defineProperty(target, "stack", { value: "", configurable: true, writable: true });
  };
  try {
    return work();
  } finally {
    Error.captureStackTrace = capture;
  }
}

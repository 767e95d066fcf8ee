/** Marks the wrapper, so that it is installed once per worker. */
export const PLAIN = Symbol.for("workshop-tests.plain-object-traces");

type PrepareStackTrace = NonNullable<typeof Error.prepareStackTrace> & { [PLAIN]?: true };

/**
 * cdktf records where each token was made: it captures a full stack trace into a plain object for every token, and
 * only the message of a token that cannot be resolved ever shows one. vitest maps every stack trace through the
 * source maps of the modules it transformed, about 0.7 s of CPU a run for these alone. This formats the traces of
 * plain objects as Node.js does; those of errors, a failed test's included, are still mapped.
 */
export function formatPlainObjectTracesUnmapped(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- V8 calls this hook unbound: it has no this to lose
  const current = Error.prepareStackTrace as PrepareStackTrace | undefined;
  // vitest runs the setup before each test file, in the same worker: wrap once.
  if (current === undefined || current[PLAIN] === true) return;
  const prepare: PrepareStackTrace = (error, frames) =>
    error instanceof Error
      ? (current(error, frames) as unknown)
      : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- V8's CallSite has a toString: Node.js's line
        [String(error), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n");
  prepare[PLAIN] = true;
  Error.prepareStackTrace = prepare;
}

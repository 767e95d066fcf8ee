/**
 * What a step that can fail gives back: its value, or the problem that stopped it (by default one line for the
 * user, which the caller may prefix with where it happened). Every such answer in this project has this one shape.
 */
export type Result<T, E = string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: E };

/** A success holding its value. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** A failure holding its problem. */
export const fail = <E>(problem: E): Result<never, E> => ({ ok: false, problem });

/**
 * What a date from Terraform Cloud reads as when it is not an RFC 3339 date-time, as its API writes them: shown and
 * passed on as this word, never as the server's text, never as NaN.
 */
export const UNREADABLE = "unreadable";

/**
 * An RFC 3339 date-time (`2026-11-24T09:30:00.000Z`, `2026-11-24T10:30:00+01:00`); seconds up to 60, for a leap second.
 */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * The instant of an RFC 3339 date-time, in milliseconds; undefined for anything else, a date that does not exist
 * included.
 */
export function timeOf(text: string): number | undefined {
  const match = RFC_3339.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second, , offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const calendar = new Date(Date.UTC(year!, month! - 1, day));
  if (
    calendar.getUTCMonth() !== month! - 1 ||
    calendar.getUTCDate() !== day ||
    hour! > 23 ||
    minute! > 59 ||
    second! > 60 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  )
    return undefined;
  // A leap second is read as the last second before it: Date.parse knows none.
  const time = Date.parse(second === 60 ? text.replace(/:60(?=[.Zz+-])/, ":59") : text);
  return Number.isFinite(time) ? time : undefined;
}

/** A date as Terraform Cloud gave it when it is one, else {@link UNREADABLE}. */
export function readDate(text: string): string {
  return timeOf(text) === undefined ? UNREADABLE : text;
}

import type { Source } from "../../terraform/values";
import { isResourceOf, TOKEN_RESOURCE_TYPES, type PolicyContext, type PolicyElement, type PolicyRule } from "../rule";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The longest a time_rotating period can last, in days (a month counted as 31 days, a year as 366). */
export function rotationPeriodDays(rotation: Readonly<Record<string, unknown>>): number | undefined {
  const unitsInDays: Record<string, number> = {
    rotation_minutes: 1 / 1440,
    rotation_hours: 1 / 24,
    rotation_days: 1,
    rotation_months: 31,
    rotation_years: 366,
  };
  const periods = Object.entries(unitsInDays)
    .filter(([attribute]) => typeof rotation[attribute] === "number")
    .map(([attribute, days]) => (rotation[attribute] as number) * days);
  return periods.length === 0 ? undefined : Math.max(...periods);
}

/** What is wrong with one source of a token's expiry: a date too far away, a rotation too long, or no known expiry. */
function sourceProblem(source: Source, expiredAt: unknown, context: PolicyContext): string | undefined {
  const max = context.maxTokenLifetimeDays;
  if (source.kind === "unknown") return `expired_at cannot be known before Terraform runs: ${source.reason}`;
  if (source.kind === "read") {
    const rotation = context.elementAt(source.address);
    const days = rotation?.type === "time_rotating" ? rotationPeriodDays(rotation.attributes) : undefined;
    if (days === undefined) return `expired_at comes from ${source.address}, which is not a time_rotating period`;
    return days > max ? `rotates every ${days} days, beyond the maximum lifetime of ${max} days` : undefined;
  }
  const expiry = Date.parse(String(source.value));
  if (Number.isNaN(expiry))
    return `expired_at ${JSON.stringify(expiredAt)} is neither a date nor a time_rotating reference`;
  const days = Math.ceil((expiry - context.now.getTime()) / DAY_MS);
  return days > max
    ? `expires ${String(source.value)}, ${days} days from now, beyond the maximum lifetime of ${max} days`
    : undefined;
}

function lifetimeProblem(element: PolicyElement, context: PolicyContext): string | undefined {
  const expiredAt = element.attributes.expired_at;
  if (expiredAt === undefined) return "has no expired_at, so the token lives two years (the Terraform Cloud default)";
  for (const source of context.sources(expiredAt, element)) {
    const problem = sourceProblem(source, expiredAt, context);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Team and organization tokens must expire within the maximum lifetime. */
export const tokenExpires: PolicyRule = {
  id: "token-expires",
  level: "error",
  explanation: "A handed-out token that outlives the workshop is a standing credential nobody watches.",
  fix:
    "give the token expiresAt within the maximum lifetime, or " +
    "rotationDays (policy.maxTokenLifetimeDays sets the maximum).",
  check: (element, context) =>
    isResourceOf(element, ...TOKEN_RESOURCE_TYPES) ? lifetimeProblem(element, context) : undefined,
};

import { z } from "zod";
import { bounded } from "../../text/bound";
import { fail, ok, type Result } from "../../text/result";
import { readDate } from "../dates";

/**
 * What every resource module of this folder shares: a JSON:API resource, and a parser from a zod schema of what the
 * documentation promises, so that each resource is parsed once into a type, as go-tfe does: a resource that lacks
 * what its documentation promises is a malformed answer, never a guess.
 */

/** One JSON:API resource object, as Terraform Cloud returns them. */
export interface ApiResource {
  readonly id: string;
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly relationships?: Readonly<Record<string, unknown>>;
}

/** Reads one resource of a JSON:API type into a value, or says what it lacks, for the message. */
export interface ResourceParser<T> {
  /** The JSON:API type, `workspaces`. */
  readonly type: string;
  parse(resource: ApiResource, included: readonly ApiResource[]): Result<T>;
}

export const notAsDocumented = (type: string, issue: z.core.$ZodIssue | undefined) =>
  `a "${type}" resource whose ${issue?.path.join(".") || "body"} is not as documented`;

/** A parser from a zod schema of the resource: its message names the first field that is not as documented. */
export function parser<T>(type: string, schema: z.ZodType<T>): ResourceParser<T> {
  return {
    type,
    parse: (resource) => {
      const parsed = schema.safeParse(resource);
      return parsed.success ? ok(parsed.data) : fail(notAsDocumented(type, parsed.error.issues[0]));
    },
  };
}

/**
 * Text from the server, bounded: a name, an id or a description is shown, and a megabyte of it would be a line of a
 * megabyte. Compared with the config's own values it still tells them apart, since those are far shorter.
 */
export const text = z.string().transform((value) => bounded(value));
export const nullableText = text.nullable();
/** A date from the server: its RFC 3339 text, or "unreadable" (`terraform-cloud/dates.ts`). */
export const date = z.string().transform(readDate);
export const nullableDate = date.nullable();
export const related = (type?: string) =>
  z.object({ data: z.object({ id: text, type: type === undefined ? z.string() : z.literal(type) }).nullable() });

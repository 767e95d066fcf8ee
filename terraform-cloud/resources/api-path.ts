import { quote } from "../../text/quote";
import { fail, ok, type Result } from "../../text/result";

/** The names of a path template's parameters: `organization` of `/organizations/:organization/teams`. */
export type PathParameters<Template extends string> = Template extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParameters<`/${Rest}`>
  : Template extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * A value that may stand in a path segment: go-tfe's `validStringID` (not empty, no "/" and no white space), and not
 * "." or "..", which an address reads as a step along the path.
 */
function isSegmentValue(value: string): boolean {
  return /^[^/\s]+$/.test(value) && value !== "." && value !== "..";
}

/**
 * One path of the Terraform Cloud API below `/api/v2`, such as `/organizations/:organization/teams`: the client
 * builds it with each value checked and escaped (`encodeURIComponent`), and the stand-in matches a request against
 * it, each value unescaped, so that both speak of one definition.
 */
export class ApiPath<Template extends string> {
  private readonly segments: readonly string[];

  constructor(readonly template: Template) {
    this.segments = template.split("/").slice(1);
  }

  /** The path with the values in place, or which value cannot stand in it. */
  build(values: Readonly<Record<PathParameters<Template>, string>>): Result<string> {
    const built: string[] = [];
    for (const segment of this.segments) {
      if (!segment.startsWith(":")) {
        built.push(segment);
        continue;
      }
      const value = (values as Readonly<Record<string, string>>)[segment.slice(1)] ?? "";
      if (!isSegmentValue(value)) {
        return fail(
          `its ${segment.slice(1)} ${quote(value)} cannot stand in the path: it must ` +
            `not be empty, hold a "/" or white space, or be "." or ".."`,
        );
      }
      built.push(encodeURIComponent(value));
    }
    return ok(`/${built.join("/")}`);
  }

  /** The values of a request's path (below `/api/v2`) that this template matches, unescaped; else undefined. */
  match(pathname: string): Readonly<Record<PathParameters<Template>, string>> | undefined {
    const parts = pathname.split("/").slice(1);
    if (parts.length !== this.segments.length) return undefined;
    const values: Record<string, string> = {};
    for (const [index, segment] of this.segments.entries()) {
      const part = parts[index]!;
      if (!segment.startsWith(":")) {
        if (part !== segment) return undefined;
        continue;
      }
      try {
        values[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      if (values[segment.slice(1)] === "") return undefined;
    }
    return values as Record<PathParameters<Template>, string>;
  }
}

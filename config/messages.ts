import type { z } from "zod";
import { count } from "../text/count";
import { quote, withheld } from "../text/quote";

/** How many problem lines a command prints before it only counts the rest: enough to fix, few enough to read. */
export const MAX_SHOWN_PROBLEMS = 20;

/** The first {@link MAX_SHOWN_PROBLEMS} problems, and a line counting the rest. */
export function atMostShown(problems: readonly string[]): string[] {
  if (problems.length <= MAX_SHOWN_PROBLEMS) return [...problems];
  const rest = problems.length - MAX_SHOWN_PROBLEMS;
  return [...problems.slice(0, MAX_SHOWN_PROBLEMS), `... and ${count(rest, "more problem")}`];
}

/**
 * The longest config string a message quotes: a longer one is named by its length, so that a secret pasted into
 * the config (a token is about 90 characters) never reaches a refusal, a terminal or a CI log, not even in part.
 */
export const MAX_SHOWN_STRING = 40;

/**
 * Renders a value the user wrote the way they wrote it, short enough for one line, with every character outside
 * printable ASCII escaped: a look-alike or an invisible character shows as what it is. A string longer than
 * {@link MAX_SHOWN_STRING} or that looks like a token is named, never quoted.
 */
export function showValue(value: unknown): string {
  return quote(value, { longestString: MAX_SHOWN_STRING });
}

/**
 * What a config string may never hold, raw or JSON-escaped: control characters (C0, DEL, C1), lone surrogates,
 * non-characters.
 */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Noncharacter_Code_Point}]|\p{Cs}/u;

/**
 * What is wrong with a string of the config, or undefined: the first character it may never hold, named by its
 * code point and its position (in the string at `location`, when the file says where), and what is not allowed.
 */
export function characterProblem(text: string, location?: string): string | undefined {
  const found = FORBIDDEN_CHARACTER.exec(text);
  if (found === null) return undefined;
  const character = found[0];
  const kind = /\p{Cs}/u.test(character)
    ? "a lone surrogate"
    : /\p{Cc}/u.test(character)
      ? "the control character"
      : "the Unicode non-character";
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  const position =
    `at character ${[...text.slice(0, found.index)].length + 1}` +
    `${location === undefined ? "" : ` of the string at ${location}`}`;
  return (
    `holds ${kind} ${code} ${position}; control characters, lone ` +
    "surrogates and Unicode non-characters are not allowed"
  );
}

/**
 * A zod error function for a field whose rule reads "must be <expectation>".
 * A missing field says so instead of quoting `undefined`.
 */
export function mustBe(expectation: string): (issue: { readonly input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined
      ? `is required: it must be ${expectation}`
      : `must be ${expectation}, but ${showValue(issue.input)} was provided`;
}

/** Formats a config path the way a user would write it in JavaScript: `teams[1].access.aws_workshop`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(segment)))
      text += text === "" ? String(segment) : `.${String(segment)}`;
    else text += `[${withheld(String(segment), MAX_SHOWN_STRING) ?? quote(String(segment))}]`;
  }
  return text === "" ? "config" : text;
}

/** One line for one problem: where it is, then what is wrong and what is allowed. */
export function problemLine(path: ReadonlyArray<PropertyKey>, message: string): string {
  return `${formatPath(path)}: ${message}`;
}

/**
 * Turns zod issues into problem lines. A failed union is reported through the one alternative the
 * input reached into (an object whose fields were checked), so that `access.ws.runs` is blamed rather
 * than the whole access entry; otherwise the union's own message stands.
 */
export function issuesToProblems(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  prefix: ReadonlyArray<PropertyKey> = [],
): string[] {
  // One problem, one line: a number beyond 2^53 fails both "whole number" and the maximum, with the same words.
  return [
    ...new Set(
      issues.flatMap((issue) => {
        const path = [...prefix, ...issue.path];
        if (issue.code === "invalid_union") {
          const reached = issue.errors.filter((branch) =>
            branch.every((inner) => inner.path.length > 0 || inner.code === "unrecognized_keys"),
          );
          if (reached.length === 1) return issuesToProblems(reached[0] ?? [], path);
        }
        return [problemLine(path, issue.message)];
      }),
    ),
  ];
}

import { parse, tokenize, type DocumentNode, type Token, type ValueNode } from "@humanwhocodes/momoa";
import { withheld } from "../text/quote";
import { fail, ok, type Result } from "../text/result";
import { characterProblem, formatPath, MAX_SHOWN_STRING, problemLine } from "./messages";

/**
 * How deep a config may nest objects and arrays. The deepest place the schema has is 5 levels down
 * (`teams[0].access.<workspace>.runs`); anything far deeper is not a config, and refusing it before
 * parsing keeps a recursive parser from running out of stack.
 */
export const MAX_NESTING = 16;

const BYTE_ORDER_MARK = "\uFEFF";

/** A JSON value, or every problem of its text. */
type JsonReading = Result<unknown, readonly string[]>;

const where = (line: number, column: number) => `line ${line}, column ${column}`;
const invalid = (line: number, column: number, reason: string): JsonReading =>
  fail([`is not valid JSON at ${where(line, column)}: ${reason}`]);

/** Text from the file, quoted with control characters escaped, so that one line stays one line. */
const quoted = (text: string) => JSON.stringify(text.length > 20 ? `${text.slice(0, 17)}...` : text);

/** Momoa's error, without its own "(line:column)", about what it found where. */
interface LocatedError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

function isLocated(error: unknown): error is LocatedError & Error {
  return (
    error instanceof Error &&
    typeof (error as Partial<LocatedError>).line === "number" &&
    typeof (error as Partial<LocatedError>).offset === "number"
  );
}

function syntaxProblem(text: string, error: unknown, tokens: readonly Token[] = []): JsonReading {
  if (!isLocated(error)) throw error;
  const kind = error.constructor.name;
  if (/EOF/.test(kind) || error.offset >= text.length)
    return invalid(error.line, error.column, "the file ends before the JSON does; a value, a } or a ] is missing");
  const index = tokens.findIndex((candidate) => candidate.loc.start.offset === error.offset);
  const token = tokens[index];
  const found =
    token === undefined ? text.charAt(error.offset) : text.slice(token.loc.start.offset, token.loc.end.offset);
  if (/Identifier/.test(kind)) {
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(error.offset))?.[0] ?? found;
    return invalid(error.line, error.column, `unexpected word ${quoted(word)}; JSON knows only true, false and null`);
  }
  if (token === undefined) return invalid(error.line, error.column, `unexpected ${quoted(found)}`);
  const closing = token.type === "RBrace" || token.type === "RBracket";
  if (closing && tokens[index - 1]?.type === "Comma")
    return invalid(
      error.line,
      error.column,
      `unexpected ${quoted(found)} after ","; JSON allows no comma after the last item`,
    );
  const shown =
    token.type === "String" ? `string ${withheld(found.slice(1, -1), MAX_SHOWN_STRING) ?? found}` : quoted(found);
  return invalid(
    error.line,
    error.column,
    closing || token.type === "Colon" || token.type === "Comma"
      ? `unexpected ${shown}`
      : `unexpected ${shown}; is a "," missing before it?`,
  );
}

/** What one pass over a text finds for the reading: how many keys it gives, and whether a number has a fraction. */
interface Scan {
  readonly keys: number;
  /** Whether a number is written with a point or an exponent, which JSON.parse may round into a whole number. */
  readonly fractions: boolean;
}

/**
 * Refuses nesting deeper than {@link MAX_NESTING}: one pass over the characters, skipping strings, without
 * recursion and without building tokens, which only a text that fails to parse needs. Otherwise, how many keys
 * the text gives (in JSON, each ":" outside a string follows one), and whether a number has a fraction (outside a
 * string, a "." is in a number, and so is an "e" after a digit).
 */
function scanned(text: string): Result<Scan, readonly string[]> {
  let keys = 0;
  let fractions = false;
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    const newLine = character === "\n" || (character === "\r" && text[index + 1] !== "\n");
    if (newLine) {
      line += 1;
      lineStart = index + 1;
    }
    if (inString) {
      if (character === "\\") index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === ":") keys += 1;
    else if (character === "." || ((character === "e" || character === "E") && /\d/.test(text[index - 1] ?? "")))
      fractions = true;
    else if (character === "{" || character === "[") {
      depth += 1;
      if (depth > MAX_NESTING) {
        return fail([
          `nests objects and arrays deeper than ${MAX_NESTING} levels at ` +
            `${where(line, index - lineStart + 1)}; a config is at most 5 levels deep`,
        ]);
      }
    } else if (character === "}" || character === "]") depth -= 1;
  }
  return ok({ keys, fractions });
}

/**
 * The keys of a value JSON.parse made, or undefined when a string in it holds a character that is never text or a
 * number became Infinity: a problem for {@link valueOf} to name.
 */
function keysOfPlain(value: unknown): number | undefined {
  if (typeof value === "string") return characterProblem(value) === undefined ? 0 : undefined;
  if (typeof value === "number") return Number.isFinite(value) ? 0 : undefined;
  if (typeof value !== "object" || value === null) return 0;
  // An object's keys are strings to check as its values are.
  const inner: readonly unknown[] = Array.isArray(value)
    ? value
    : [...Object.keys(value), ...Object.values(value as Record<string, unknown>)];
  let keys = Array.isArray(value) ? 0 : inner.length / 2;
  for (const item of inner) {
    const inside = keysOfPlain(item);
    if (inside === undefined) return undefined;
    keys += inside;
  }
  return keys;
}

/**
 * The value of a text that needs no message, read by JSON.parse, which is many times faster than building the
 * document: undefined when there is anything to say (a syntax error, a key given twice, which JSON.parse would
 * silently drop and so leaves fewer keys than the text gives, a forbidden character, a number too large) or a
 * number with a fraction, whose written digits only the document keeps, which the document then says. JSON.parse
 * makes every key an own property, as valueOf does.
 */
function plainValue(text: string, { keys, fractions }: Scan): { readonly value: unknown } | undefined {
  if (fractions) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return keysOfPlain(value) === keys ? { value } : undefined;
}

const NUMBER_LITERAL = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Whether a number is whole as written, whatever a double makes of it: 3.0 and 1e2 are, 2.9999999999999999 not. */
function writtenWhole(literal: string): boolean {
  const [, integer = "", fraction = "", exponent = "0"] = NUMBER_LITERAL.exec(literal) ?? [];
  const significant = `${integer}${fraction}`.replace(/^0+/, "");
  if (significant === "") return true;
  const trailingZeros = significant.length - significant.replace(/0+$/, "").length;
  return Number(exponent) - fraction.length + trailingZeros >= 0;
}

/** A node of the document, by where it starts. */
type Located = { readonly loc: { readonly start: { readonly line: number; readonly column: number } } };

/**
 * Builds the value of a node. Every key becomes an own property, as JSON.parse makes them, so that a key
 * such as `__proto__` is data, never the object's prototype; a key given twice is a problem, since the
 * later one would silently win. A string, key or value, holding a character that is never text, raw or
 * escaped, a number too large to be read (it would become Infinity) and one with a fraction that a double rounds
 * into a whole number (the config's numbers are whole numbers, and `2.9999999999999999` would pass as 3) are
 * problems naming their field.
 */
function valueOf(node: ValueNode, path: PropertyKey[], problems: string[], text: string): unknown {
  const location = (located: Located) => where(located.loc.start.line, located.loc.start.column);
  switch (node.type) {
    case "Object": {
      const object: Record<string, unknown> = {};
      const lines = new Map<string, number>();
      for (const member of node.members) {
        const key = member.name.type === "String" ? member.name.value : member.name.name;
        const line = member.name.loc.start.line;
        const keyProblem = characterProblem(key, location(member.name));
        if (keyProblem !== undefined) {
          problems.push(problemLine([...path, key], `the key ${keyProblem}`));
          continue;
        }
        const first = lines.get(key);
        if (first !== undefined) {
          problems.push(
            problemLine(
              [...path, key],
              `is given twice, on line ${first} and line ${line}; keep one, since JSON readers disagree on which wins`,
            ),
          );
          continue;
        }
        lines.set(key, line);
        Object.defineProperty(object, key, {
          value: valueOf(member.value, [...path, key], problems, text),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case "Array":
      return node.elements.map((element, index) => valueOf(element.value, [...path, index], problems, text));
    case "Null":
      return null;
    case "String": {
      const problem = characterProblem(node.value, location(node));
      if (problem !== undefined) problems.push(problemLine(path, problem));
      return node.value;
    }
    case "Number": {
      const literal = text.slice(node.loc.start.offset, node.loc.end.offset);
      const written = `the number ${quoted(literal).slice(1, -1)} at ${location(node)}`;
      if (!Number.isFinite(node.value))
        problems.push(problemLine(path, `${written} is too large to be read: it would become Infinity`));
      else if (Number.isInteger(node.value) && !writtenWhole(literal))
        problems.push(
          problemLine(
            path,
            `${written} is not a whole number, but would be read as ${node.value}, its fraction rounded away; ` +
              "every number of the config must be a whole number",
          ),
        );
      return node.value;
    }
    case "Boolean":
      return node.value;
    default:
      // JSON mode never produces the JSON5 nodes (NaN, Infinity, identifiers as values).
      throw new Error(`unexpected ${node.type} node at ${formatPath(path)}`);
  }
}

/**
 * Reads JSON text into a value, or into problems that each name a line and column, or the path of a key
 * given twice. A leading UTF-8 byte order mark, as some Windows editors write, is accepted.
 */
export function readJson(source: string): JsonReading {
  const text = source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source;
  const keys = scanned(text);
  if (!keys.ok) return keys;
  const plain = plainValue(text, keys.value);
  if (plain !== undefined) return ok(plain.value);
  let document: DocumentNode;
  try {
    document = parse(text, { mode: "json" });
  } catch (error) {
    // The tokens name what was found where; a text that does not even tokenize is said from the tokenizer's error.
    let tokens: Token[];
    try {
      tokens = tokenize(text, { mode: "json" });
    } catch (tokenError) {
      return syntaxProblem(text, tokenError);
    }
    return syntaxProblem(text, error, tokens);
  }
  const problems: string[] = [];
  const value = valueOf(document.body, [], problems, text);
  return problems.length > 0 ? fail(problems) : ok(value);
}

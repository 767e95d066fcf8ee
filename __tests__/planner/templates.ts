/**
 * Terraform's template strings, as the JSON syntax writes them: literal text with `${ expression }`
 * interpolations, `$${` and `%%{` standing for the literal characters.
 */

/** One part of a template: literal text (escapes kept as written), or an interpolation's expression. */
export type TemplatePart =
  { readonly kind: "text"; readonly text: string } | { readonly kind: "expression"; readonly expression: string };

/** The index just past a quoted string that starts at `start` (a `"`), escapes and nested templates included. */
function endOfQuoted(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index];
    if (char === "\\") index += 1;
    else if (char === '"') return index + 1;
    else if (text.startsWith("$${", index)) index += 2;
    else if (char === "$" && text[index + 1] === "{") index = endOfBraces(text, index + 1) - 1;
  }
  throw new Error(`unterminated string in ${JSON.stringify(text)}`);
}

/** The index just past the `}` that closes the `{` at `open`, skipping braces inside quoted strings. */
function endOfBraces(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      index = endOfQuoted(text, index) - 1;
    } else if (char === "{") {
      depth += 1;
    } else if (char === "}" && --depth === 0) {
      return index + 1;
    }
  }
  throw new Error(`unbalanced braces in ${JSON.stringify(text)}`);
}

/** Splits a template into literal text and interpolations; a directive is refused, since the stack writes none. */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  for (let index = 0; index < text.length;) {
    if (text.startsWith("$${", index) || text.startsWith("%%{", index)) {
      literal += text.slice(index, index + 3);
      index += 3;
    } else if (text.startsWith("${", index)) {
      const end = endOfBraces(text, index + 1);
      if (literal !== "") parts.push({ kind: "text", text: literal });
      literal = "";
      parts.push({ kind: "expression", expression: text.slice(index + 2, end - 1) });
      index = end;
    } else if (text.startsWith("%{", index)) {
      throw new Error(`a template directive in ${JSON.stringify(text)}: the planner does not rewrite directives`);
    } else {
      literal += text[index];
      index += 1;
    }
  }
  if (literal !== "") parts.push({ kind: "text", text: literal });
  return parts;
}

/** Rewrites every interpolation's expression of a template, the text around it untouched. */
export function rewriteTemplate(text: string, rewrite: (expression: string) => string): string {
  return templateParts(text)
    .map((part) => (part.kind === "text" ? part.text : `\${${rewrite(part.expression)}}`))
    .join("");
}

/**
 * The same value written as an expression: a whole-string interpolation's own expression, any other template
 * as a quoted template, which Terraform evaluates to the same string.
 */
export function asExpression(text: string): string {
  const parts = templateParts(text);
  const [only] = parts;
  if (parts.length === 1 && only?.kind === "expression") return `(${only.expression})`;
  return JSON.stringify(text);
}

/**
 * Masks quoted strings in an expression with spaces of the same length, so that a traversal is never found
 * inside one and indices stay where they are. A quoted string with an interpolation would hide references: refused.
 */
export function maskStrings(expression: string): string {
  let masked = "";
  for (let index = 0; index < expression.length;) {
    if (expression[index] === '"') {
      const end = endOfQuoted(expression, index);
      const quoted = expression.slice(index, end);
      if (templateParts(JSON.parse(quoted) as string).some((part) => part.kind === "expression")) {
        throw new Error(
          `an interpolation inside a quoted string of ${JSON.stringify(expression)}: the planner does not rewrite it`,
        );
      }
      masked += `"${" ".repeat(end - index - 2)}"`;
      index = end;
    } else {
      masked += expression[index];
      index += 1;
    }
  }
  return masked;
}

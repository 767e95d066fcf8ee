/**
 * The references an expression of synthesized Terraform reads, as cdktf writes them: whole-string
 * interpolations such as `${tfe_team.ci.id}`, function calls such as `${zipmap([...], [tfe_workspace.w.id])}`
 * and for expressions such as `${{ for key, val in tfe_team_token.room: key => val.token }}`.
 */

/** One reference: what it starts from, and what it reads of it. */
export interface Reference {
  /** `tfe_team.ci`, `data.tfe_organization.o`, `local.attendees`, `var.x`, `each.value`, `each.key`, `count.index`. */
  readonly root: string;
  /**
   * The attribute read, `id` in `tfe_team.ci.id` or `tfe_team.room["a"].id`; undefined when the whole object is read.
   */
  readonly attribute?: string;
}

const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** A traversal: a name, then attribute names, index keys or splats. */
const TRAVERSAL = /(?<![\w.\]])([A-Za-z_][\w-]*)((?:\.[\w-]+|\.\*|\[[^\]]*\])*)/g;
/** The header of a for expression: `for key, val in <collection> :` or `for val in <collection> :`. */
const FOR_HEADER = /\bfor\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([^:]+?)\s*:/g;
const KEYWORDS = new Set(["for", "in", "if", "true", "false", "null"]);

/** The expressions inside every `${...}` of a string, braces balanced. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 2)) {
    // `$${` is Terraform's escape for a literal `${` (see template.ts): text, not an interpolation.
    if (text[start - 1] === "$") continue;
    let depth = 0;
    for (let index = start + 1; index < text.length; index++) {
      const char = text[index];
      if (char === "{") depth += 1;
      else if (char === "}" && --depth === 0) {
        found.push(text.slice(start + 2, index));
        start = index - 1;
        break;
      }
    }
  }
  return found;
}

/** Splits `.a["k"].b` into its steps, without splats and index keys. */
function attributeSteps(rest: string): string[] {
  return [...rest.matchAll(/\.([\w-]+)/g)].map((match) => match[1]!);
}

/** The references of one traversal's text, `tfe_team.ci.id` or `local.x`, for the roots Terraform knows. */
function reference(name: string, rest: string, variables: ReadonlyMap<string, Reference>): Reference | undefined {
  const steps = attributeSteps(rest);
  const bound = variables.get(name);
  // An element of a resource's instances reads the attribute named; an element of an attribute's list reads that list.
  if (bound !== undefined)
    return steps.length === 0 || bound.attribute !== undefined ? bound : { root: bound.root, attribute: steps[0] };
  if (name === "data")
    return steps.length < 2 ? undefined : { root: `data.${steps[0]}.${steps[1]}`, attribute: steps[2] };
  if (["local", "var", "each", "count", "path", "terraform", "module"].includes(name)) {
    return steps.length === 0 ? undefined : { root: `${name}.${steps[0]}`, attribute: steps[1] };
  }
  // A resource: `type.name`, the type always carrying its provider's prefix.
  return name.includes("_") && steps.length > 0 ? { root: `${name}.${steps[0]}`, attribute: steps[1] } : undefined;
}

/**
 * Every reference an expression reads. In a for expression, the value variable stands for each element of
 * the collection, so `val.token` in `for key, val in tfe_team_token.room` reads `tfe_team_token.room`'s token, and
 * `val.id` in `for key, val in data.tfe_projects.p.projects` reads `data.tfe_projects.p`'s `projects`, not its `id`.
 */
export function expressionReferences(expression: string): Reference[] {
  const code = expression.replace(QUOTED, '""');
  const variables = new Map<string, Reference>();
  const references: Reference[] = [];
  for (const [, first, second, collection] of code.matchAll(FOR_HEADER)) {
    const source = expressionReferences(collection!)[0];
    const [keyName, valueName] = second === undefined ? [undefined, first!] : [first!, second];
    if (source !== undefined) variables.set(valueName, source);
    if (keyName !== undefined) variables.set(keyName, { root: "for.key" });
  }
  for (const match of code.matchAll(TRAVERSAL)) {
    const [, name, rest] = match;
    const followsCall = code.charAt(match.index + match[0].length) === "(";
    if (KEYWORDS.has(name!) || followsCall) continue;
    const found = reference(name!, rest ?? "", variables);
    if (found !== undefined && found.root !== "for.key") references.push(found);
  }
  return references;
}

/** The address of a `${type.name.attribute}` reference (instance key kept), or undefined for anything else. */
export function referencedAddress(value: unknown): string | undefined {
  const match = /^\$\{((?:data\.)?[a-z0-9_]+\.[^.}[]+(?:\["[^"]*"\])?)\.[^}]+\}$/.exec(String(value));
  return match?.[1];
}

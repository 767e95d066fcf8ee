/** `${type.name.attribute}`, `${data.type.name.attribute}` or `${type.name["key"].attribute}`, as cdktf synthesizes references. */
const REFERENCE = /^\$\{((?:data\.)?[a-z0-9_]+\.[^.}[]+(?:\["[^"]*"\])?)\.[^}]+\}$/;

/** The address a synthesized reference points at, without the attribute; undefined for anything else. */
export function referencedAddress(reference: unknown): string | undefined {
  return REFERENCE.exec(String(reference))?.[1];
}

import { TerraformLocal, Token, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/** Properties of a {@link StringListLocal}. */
export interface StringListLocalProps {
  /** The strings, written in this order. */
  readonly values: readonly string[];
}

/**
 * Whether cdktf's resolver would write a string as it is: every token's marker and every escape it reads has a "{",
 * and the two strings that stand for a map token are refused.
 */
const needsNoResolving = (value: string) =>
  !value.includes("{") && value !== Token.STRING_MAP_TOKEN_VALUE && value !== Token.ANY_MAP_TOKEN_VALUE;

/**
 * A local list of strings, which a stack resolving through {@link resolveWithStringLists} writes as they are. cdktf
 * resolves a list element by element, each with a context of its own, twice a synth (each element's part, then the
 * whole stack): for a room of 10,000 attendees' names, a tenth of the synth's time, and its garbage.
 */
export class StringListLocal extends TerraformLocal {
  /** The strings, when each of them needs no resolving; otherwise cdktf resolves them as any local's value. */
  private readonly plain?: readonly string[];
  /** Whether the stack resolving now writes the strings itself: this local's part holds an empty list meanwhile. */
  private handedOver = false;

  constructor(scope: Construct, id: string, props: StringListLocalProps) {
    super(scope, id, props.values);
    if (props.values.every(needsNoResolving)) this.plain = [...props.values];
  }

  override toTerraform(): Record<string, unknown> {
    return this.handedOver
      ? { locals: { [this.friendlyUniqueId]: [] } }
      : (super.toTerraform() as Record<string, unknown>);
  }

  /**
   * Resolves `stack`'s JSON with `resolve` (cdktf's own), each of the stack's lists of plain strings left out of
   * cdktf's resolving and written into the JSON afterwards, where cdktf would have written it. When another part of the
   * stack wrote to the same local (an override), the stack is resolved again as cdktf alone would.
   */
  static resolveWithStringLists(
    stack: TerraformStack,
    resolve: () => Record<string, unknown>,
  ): Record<string, unknown> {
    const lists = stack.node
      .findAll()
      .filter((node): node is StringListLocal => node instanceof StringListLocal && node.plain !== undefined);
    if (lists.length === 0) return resolve();
    for (const list of lists) list.handedOver = true;
    let json: Record<string, unknown>;
    try {
      json = resolve();
    } finally {
      for (const list of lists) list.handedOver = false;
    }
    const locals = json.locals as Record<string, unknown> | undefined;
    const intact = lists.every((list) => {
      const value = locals?.[list.friendlyUniqueId];
      return Array.isArray(value) && value.length === 0;
    });
    if (!intact) return resolve();
    for (const list of lists) locals![list.friendlyUniqueId] = [...list.plain!];
    return json;
  }
}

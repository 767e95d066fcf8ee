import type { IConstruct } from "constructs";
import { typeOf } from "../terraform/stack-json";
import type { Source } from "../terraform/values";

/** One element of a synthesized stack, as Terraform will read it. */
export interface PolicyElement {
  /** The construct path, e.g. `aws-workshop/team-ci/token`: what an acknowledgement names. */
  readonly path: string;
  /** The Terraform address, e.g. `tfe_team_token.team-ci_token_1A2B3C4D`, `output.x`, `provider.tfe`. */
  readonly address: string;
  readonly kind: "resource" | "data" | "output" | "provider" | "backend";
  /**
   * The resource, data source or provider type (`tfe_team_token`, `tfe`) or backend name (`local`); empty for outputs.
   */
  readonly type: string;
  /** The synthesized attributes, references resolved to `${type.name.attribute}`, overrides applied. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly node: IConstruct;
}

/** What every rule may consult besides the element it checks. */
export interface PolicyContext {
  /** The time the synth runs at, for expiries written as dates. */
  readonly now: Date;
  /** The longest a token may live. */
  readonly maxTokenLifetimeDays: number;
  /** When the event ends, if the config says. */
  readonly eventEndsAt?: Date;
  /** Every element of the stack. */
  readonly elements: readonly PolicyElement[];
  /** The element at a Terraform address; an instance address (`x["alice"]`) gives its resource. */
  elementAt(address: string): PolicyElement | undefined;
  /**
   * Where a value of an element comes from: the literals it can take and the attributes it reads, following
   * locals, `each` and the resources they name. A variable, or anything the synthesized stack cannot tell,
   * is an `unknown` source, which a rule that needs the value reports (fail closed).
   */
  sources(value: unknown, element: PolicyElement): Source[];
}

/** A synth-time check in the manner of cdk-nag: an id, a one-line explanation, a level and a fix. */
export interface PolicyRule {
  /** Stable id, used in findings and acknowledgements. */
  readonly id: string;
  /** "error" fails the synth unless acknowledged; "warning" is printed and the synth goes on. */
  readonly level: "error" | "warning";
  /** Why the rule exists, in one line. */
  readonly explanation: string;
  /** What to change to comply. */
  readonly fix: string;
  /** Returns what is wrong with the element, or undefined when it complies or the rule does not apply. */
  check(element: PolicyElement, context: PolicyContext): string | undefined;
}

/** True when an element is a resource of one of the given types. */
export function isResourceOf(element: PolicyElement, ...types: string[]): boolean {
  return element.kind === "resource" && types.includes(element.type);
}

/** The token resources of the tfe provider whose `token` attribute is a secret. */
export const TOKEN_RESOURCE_TYPES: readonly string[] = ["tfe_team_token", "tfe_organization_token"];

/** True when a source reads the secret of a token resource: its `token`, or the whole object holding it. */
export function readsToken(source: Source): boolean {
  return (
    source.kind === "read" &&
    TOKEN_RESOURCE_TYPES.includes(typeOf(source.address)) &&
    (source.attribute === undefined || source.attribute === "token")
  );
}

/** The first source a rule cannot see through, to report it: a value the rule needs is never assumed. */
export function firstUnknown(sources: readonly Source[]): Extract<Source, { readonly kind: "unknown" }> | undefined {
  return sources.find((source): source is Extract<Source, { readonly kind: "unknown" }> => source.kind === "unknown");
}

/** A rule requiring `prevent_destroy` on the resources of a type that hold other people's work. */
export function preventDestroyRule(props: {
  readonly id: string;
  readonly type: string;
  readonly explanation: string;
  /** Resources of the type that are protected otherwise, and need no prevent_destroy. */
  readonly exempt?: (element: PolicyElement) => boolean;
}): PolicyRule {
  return {
    id: props.id,
    level: "error",
    explanation: props.explanation,
    fix: `set lifecycle { prevent_destroy = true } on the ${props.type} resource.`,
    check: (element) => {
      const lifecycle = element.attributes.lifecycle as { readonly prevent_destroy?: unknown } | undefined;
      return isResourceOf(element, props.type) &&
        lifecycle?.prevent_destroy !== true &&
        props.exempt?.(element) !== true
        ? "can be destroyed by accident: prevent_destroy is not set"
        : undefined;
    },
  };
}

import { Annotations, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { StackJson } from "../terraform/stack-json";
import { withoutInstanceKey } from "../terraform/stack-json";
import { withFix } from "../text/fix";
import { StackValues } from "../terraform/values";
import { policyElements } from "./elements";
import type { PolicyContext, PolicyElement, PolicyRule } from "./rule";

/** A reviewed decision to accept one rule's finding on one resource (or everything below it). */
export interface Acknowledgement {
  readonly rule: string;
  /** Construct path as printed in the finding, e.g. `aws-workshop/team-ci/access-aws_workshop`. */
  readonly resource: string;
  readonly reason: string;
}

/** A rule that an element breaks. */
export interface Finding {
  readonly rule: PolicyRule;
  readonly element: PolicyElement;
  readonly detail: string;
  /** The acknowledgement that accepts the finding, if any. */
  readonly acknowledgement?: Acknowledgement;
}

/** Properties of a {@link WorkshopPolicy}. */
export interface WorkshopPolicyProps {
  /** The rules to enforce. */
  readonly rules: readonly PolicyRule[];
  /** The time the synth runs at, for expiries written as dates. */
  readonly now: Date;
  /**
   * The longest a token may live, in days.
   * @default 365
   */
  readonly maxTokenLifetimeDays?: number;
  /**
   * When the event the room is for ends, as an RFC 3339 date-time: no attendee token should outlive it.
   * @default no end: attendee tokens are held to the maximum lifetime only
   */
  readonly eventEndsAt?: string;
  /**
   * Findings accepted on purpose, each with a reason.
   * @default none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
}

/** The outcome of checking a stack. */
export class PolicyReport {
  constructor(
    readonly findings: readonly Finding[],
    /** Acknowledgements that matched no finding: stale, or naming the wrong resource. */
    readonly unusedAcknowledgements: readonly Acknowledgement[],
  ) {}

  /** Unacknowledged error findings: any of them fails the synth. */
  get errors(): Finding[] {
    return this.findings.filter((finding) => finding.rule.level === "error" && finding.acknowledgement === undefined);
  }

  /**
   * One line per finding and per unused acknowledgement, errors first; without the warnings and acknowledged
   * findings when told, for a caller that prints only what stops it.
   */
  lines(options: { readonly warnings?: boolean } = {}): string[] {
    const rank = (finding: Finding) =>
      finding.acknowledgement !== undefined ? 2 : finding.rule.level === "error" ? 0 : 1;
    if (options.warnings === false) return alikeAcrossStacks(this.errors).map(describeAlike);
    return [
      ...alikeAcrossStacks([...this.findings].sort((a, b) => rank(a) - rank(b))).map(describeAlike),
      ...this.unusedAcknowledgements.map(
        (ack) =>
          `warning [policy] acknowledgement of ${ack.rule} for ${ack.resource} ` +
          "matched no finding; remove it or correct the resource path",
      ),
    ];
  }
}

/**
 * One short line: the level, the rule, where (`where`, by default the element's path), what is wrong, and the fix or
 * the reason it was accepted. Why the rule exists is in docs/guardrails.md, under the rule's id.
 */
export function describeFinding(finding: Finding, where = finding.element.path): string {
  const { rule, detail, acknowledgement } = finding;
  return acknowledgement === undefined
    ? withFix(`${rule.level} [${rule.id}] ${where}: ${detail}`, rule.fix)
    : `acknowledged [${rule.id}] ${where}: ${detail}. Reason: ${acknowledgement.reason}`;
}

/** A construct path split into its stack's id (its first part) and the path within that stack. */
function inItsStack(path: string): { readonly stack: string; readonly within: string } {
  const slash = path.indexOf("/");
  return slash < 0 ? { stack: path, within: "" } : { stack: path.slice(0, slash), within: path.slice(slash + 1) };
}

/**
 * The findings in groups that say the same but for their stack, in the order each group first appears: a sharded
 * room's shards are built alike, so a rule one shard breaks the others break the same way, and ten shards are one
 * line, not ten.
 */
function alikeAcrossStacks(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const { rule, element, detail, acknowledgement } = finding;
    const key = JSON.stringify([rule.id, inItsStack(element.path).within, detail, acknowledgement?.reason]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return [...groups.values()];
}

/** "aws-workshop, aws-workshop-shard-1 to aws-workshop-shard-10": ids numbered one after the other as one range. */
function stackRanges(ids: readonly string[]): string {
  const runs: { first: string; last: string; prefix?: string; number: number }[] = [];
  for (const id of ids) {
    const [, prefix, digits] = /^(.*\D)(\d+)$/.exec(id) ?? [];
    const run = runs.at(-1);
    if (prefix !== undefined && run?.prefix === prefix && run.number + 1 === Number(digits)) {
      run.last = id;
      run.number += 1;
    } else runs.push({ first: id, last: id, prefix, number: Number(digits) });
  }
  return runs.map(({ first, last }) => (first === last ? first : `${first} to ${last}`)).join(", ");
}

/** The line of findings alike across stacks: one finding's own, or the path within them and which stacks. */
function describeAlike(findings: readonly Finding[]): string {
  const [first] = findings;
  if (findings.length === 1) return describeFinding(first!);
  const stacks = findings.map((finding) => inItsStack(finding.element.path).stack);
  return describeFinding(
    first!,
    `${inItsStack(first!.element.path).within} in ${findings.length} stacks (${stackRanges(stacks)})`,
  );
}

function covers(acknowledgement: Acknowledgement, rule: PolicyRule, element: PolicyElement): boolean {
  return (
    acknowledgement.rule === rule.id &&
    (element.path === acknowledgement.resource || element.path.startsWith(`${acknowledgement.resource}/`))
  );
}

const DEFAULT_MAX_TOKEN_LIFETIME_DAYS = 365;

/**
 * Checks a whole stack against the rules at synth time, as an Aspect: findings become error, warning or
 * info annotations on the offending constructs, so `cdktf synth` refuses a stack with an unacknowledged
 * error. `check` gives the same result beforehand, so that a caller can report it and write nothing.
 */
export class WorkshopPolicy implements IAspect {
  private readonly reports = new WeakMap<TerraformStack, PolicyReport>();

  constructor(private readonly props: WorkshopPolicyProps) {}

  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) this.check(node);
  }

  /** Checks the stack once, annotating it; later calls return the same report. */
  check(stack: TerraformStack): PolicyReport {
    const known = this.reports.get(stack);
    if (known !== undefined) return known;
    const report = this.evaluate(stack);
    for (const finding of report.findings) {
      const annotations = Annotations.of(finding.element.node);
      const line = describeFinding(finding);
      if (finding.acknowledgement !== undefined) annotations.addInfo(line);
      else if (finding.rule.level === "error") annotations.addError(line);
      else annotations.addWarning(line);
    }
    this.reports.set(stack, report);
    return report;
  }

  private evaluate(stack: TerraformStack): PolicyReport {
    const json = stack.toTerraform() as StackJson;
    const elements = policyElements(stack, json);
    const byAddress = new Map(elements.map((element) => [element.address, element]));
    const values = StackValues.of(json);
    const context: PolicyContext = {
      now: this.props.now,
      maxTokenLifetimeDays: this.props.maxTokenLifetimeDays ?? DEFAULT_MAX_TOKEN_LIFETIME_DAYS,
      eventEndsAt: this.props.eventEndsAt === undefined ? undefined : new Date(this.props.eventEndsAt),
      elements,
      elementAt: (address) => byAddress.get(withoutInstanceKey(address)),
      sources: (value, element) => values.sources(value, element.address),
    };
    const acknowledgements = this.props.acknowledgements ?? [];
    const used = new Set<Acknowledgement>();
    const findings: Finding[] = [];
    for (const element of elements) {
      for (const rule of this.props.rules) {
        const detail = rule.check(element, context);
        if (detail === undefined) continue;
        const acknowledgement = acknowledgements.find((ack) => covers(ack, rule, element));
        if (acknowledgement !== undefined) used.add(acknowledgement);
        findings.push({ rule, element, detail, acknowledgement });
      }
    }
    return new PolicyReport(
      findings,
      acknowledgements.filter((ack) => !used.has(ack)),
    );
  }
}

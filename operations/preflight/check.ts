import type { WorkshopConfig } from "../../config/schema";
import type { ManagedObjects } from "../stack-state";
import type { PreflightFacts } from "./facts";

/** One line of the checklist. */
export interface CheckItem {
  /** "ok" passes; "warning" is what preflight could not confirm or deserves a look; "blocker" would make the deploy fail. */
  readonly level: "ok" | "warning" | "blocker";
  /** What was checked, e.g. `organization "acme"`. */
  readonly subject: string;
  readonly finding: string;
  /** The one thing to do about it. */
  readonly fix?: string;
}

/**
 * One preflight check: a pure function from the config and what Terraform Cloud answered to checklist items.
 * A fact that could not be fetched is undefined; a check that needs it says nothing, since the failed request
 * is reported once, and nothing is guessed from a missing answer.
 */
export type PreflightCheck = (config: WorkshopConfig, facts: PreflightFacts) => readonly CheckItem[];

export const ok = (subject: string, finding: string): CheckItem => ({ level: "ok", subject, finding });
export const warning = (subject: string, finding: string, fix: string): CheckItem => ({ level: "warning", subject, finding, fix });
export const blocker = (subject: string, finding: string, fix: string): CheckItem => ({ level: "blocker", subject, finding, fix });

/** The subject of the organization's lines. */
export const organizationSubject = (config: WorkshopConfig) => `organization "${config.organization.name}"`;

const NOTHING_MANAGED: ManagedObjects = { organizationToken: false, workspaces: new Map(), teams: new Map(), grants: [] };

/** What the stack manages as its state says: nothing before the first deploy; undefined when the state could not be read. */
export function managedBy(facts: PreflightFacts): ManagedObjects | undefined {
  const reading = facts.state?.reading;
  if (reading?.kind === "read") return reading.managed;
  return reading?.kind === "none" ? NOTHING_MANAGED : undefined;
}

import type { StackJson } from "../../terraform/stack-json";
import { deepFreeze, synthesize } from "../support";
import type { Plan } from "./terraform";

/** The five instances every attendee of a room has, as a person reads their addresses in a plan. */
export const attendeeInstances = (name: string) => [
  `tfe_team.attendees_teams["${name}"]`,
  `tfe_team_access.attendees_access["${name}"]`,
  `tfe_team_token.attendees_tokens["${name}"]`,
  `tfe_workspace.attendees_workspaces["${name}"]`,
  `tfe_workspace_settings.attendees_settings["${name}"]`,
];

/** The README's organization, created by the stack. */
export const ORGANIZATION = deepFreeze({ name: "acme-aws-workshop", email: "facilitator@example.com" });

/** The README's pipeline team: write on the workshop's workspace, its token rotated every 30 days. */
export const PIPELINE = deepFreeze({
  name: "workshop-pipeline",
  access: { aws_workshop: "write" },
  token: { description: "workshop pipeline", rotationDays: 30 },
});

/** The README's room, with the changes a case makes: the workshop's workspace, its pipeline team, three attendees. */
export function readmeRoom(
  change: {
    names?: unknown[];
    teams?: unknown[];
    organization?: Record<string, unknown>;
    import?: unknown;
    workspaces?: unknown[];
    project?: unknown;
    attendeeToken?: unknown;
    event?: unknown;
    deleteWithState?: string[];
  } = {},
) {
  return {
    organization: change.organization ?? ORGANIZATION,
    ...(change.project === undefined ? {} : { project: change.project }),
    workspaces: change.workspaces ?? [{ name: "aws_workshop", executionMode: "local" }],
    teams: change.teams ?? [PIPELINE],
    attendees: {
      // One of the three invited by email.
      names: change.names ?? ["alice", { name: "bob", email: "bob@example.com" }, "carol"],
      ...(change.attendeeToken === undefined ? {} : { token: change.attendeeToken }),
    },
    ...(change.import === undefined ? {} : { import: change.import }),
    ...(change.event === undefined ? {} : { event: change.event }),
    ...(change.deleteWithState === undefined ? {} : { deleteWithState: change.deleteWithState }),
  };
}

/** Each config's synthesized stack, by the config's JSON: the planner's tests plan the same rooms again and again. */
const synthesized = new Map<string, string>();

/**
 * A config's stack, synthesized, as the planner takes it: a copy of its own for each call, synthesized once per config
 * in a worker (the same config synthesizes byte for byte the same, which workshop-stack.test.ts holds).
 */
export function stackOf(config: unknown): StackJson {
  const key = JSON.stringify(config);
  const text = synthesized.get(key) ?? synthesize(config).text;
  synthesized.set(key, text);
  return JSON.parse(text) as StackJson;
}

/**
 * An address without cdktf's hash, `tfe_team.attendees_teams["dave"]`: what a person reads in a plan; an instance
 * moved out to be forgotten (`x--moved-out--dave`, ForgetInstance) under the address it had.
 */
export const readable = (address: string) =>
  address.replace(/_[0-9A-F]{8}(?=\[|$|--moved-out--)/, "").replace(/--moved-out--(.+)$/, '["$1"]');

/**
 * Every change that is not a no-op, and every import, as `action address` in its readable form (`import action
 * address` for an import), sorted; a plan Terraform refused fails the test with its error.
 */
export function changesOf(plan: Plan): string[] {
  if (!plan.ok) throw new Error(`Terraform refused the plan:\n${plan.error}`);
  return [...plan.changes]
    .filter(([, change]) => change.action !== "no-op" || change.importing)
    .map(([address, change]) => `${change.importing ? "import " : ""}${change.action} ${readable(address)}`)
    .sort();
}

/**
 * The objects of an attendee's room a migration moves, forgotten by the stack it leaves and imported by the one it
 * goes to: the workspace, its settings, the team and, for an attendee with an email, their memberships.
 */
export const movedObjects = (name: string, invited: boolean) => [
  `tfe_team.attendees_teams["${name}"]`,
  `tfe_workspace.attendees_workspaces["${name}"]`,
  `tfe_workspace_settings.attendees_settings["${name}"]`,
  ...(invited
    ? [
        `tfe_organization_membership.attendees_memberships["${name}"]`,
        `tfe_team_organization_member.attendees_team-memberships["${name}"]`,
      ]
    : []),
];

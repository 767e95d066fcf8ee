import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig, WorkspaceAccess } from "../config/schema";
import { describeFailure, type ApiClient, type ApiResource } from "../terraform-cloud/api-client";
import type { StackOutputs } from "./outputs";

/** A workspace a token was granted, with what the config says it must find there. */
interface Grant {
  readonly name: string;
  readonly id?: string;
  readonly executionMode: string;
  /** Whether the access lets the token create state versions (write, admin, or stateVersions write). */
  readonly mayWriteState: boolean;
}

/** A token of the stack, and what it must and must not reach. */
export interface TokenHolder {
  /** `attendee alice` or `team workshop-pipeline`. */
  readonly label: string;
  readonly token?: string;
  readonly teamName: string;
  readonly teamId?: string;
  readonly grants: readonly Grant[];
  /** The team's organization access lets it read every workspace, so seeing them is no leak. */
  readonly seesEverything: boolean;
}

const mayWriteState = (access: WorkspaceAccess) => (typeof access === "string" ? access === "write" || access === "admin" : access.stateVersions === "write");

/** Every token the config creates, with the ids and tokens the outputs hold for it. */
export function tokenHolders(config: WorkshopConfig, outputs: StackOutputs): TokenHolder[] {
  const modes = new Map(config.workspaces.map((workspace) => [workspace.name, workspace.executionMode]));
  const teams = config.teams
    .filter((team) => team.token !== undefined)
    .map((team) => ({
      label: `team ${team.name}`,
      token: outputs.teamTokens.get(team.name),
      teamName: team.name,
      teamId: outputs.teamIds.get(team.name),
      grants: [...team.access].map(([name, access]) => ({ name, id: outputs.workspaceIds.get(name), executionMode: modes.get(name) ?? "local", mayWriteState: mayWriteState(access) })),
      seesEverything: team.organizationAccess?.readWorkspaces === true || team.organizationAccess?.manageWorkspaces === true,
    }));
  const room = attendeeRoom(config);
  const baseMode = config.workspaces[0]?.executionMode ?? "local";
  const attendees = room.environments.map((attendee) => ({
    label: `attendee ${attendee.name}`,
    token: outputs.attendeeTokens.get(attendee.name),
    teamName: attendee.workspaceName,
    teamId: outputs.attendeeTeamIds.get(attendee.name),
    grants: [{ name: attendee.workspaceName, id: outputs.attendeeWorkspaceIds.get(attendee.name), executionMode: baseMode, mayWriteState: mayWriteState(room.access) }],
    seesEverything: false,
  }));
  return [...teams, ...attendees];
}

/** The result for one token: one line. */
export interface TokenVerdict {
  readonly label: string;
  readonly problems: readonly string[];
  readonly passed: string;
}

function authenticatedTeam(account: ApiResource): { readonly type?: unknown; readonly id?: unknown } | undefined {
  return account.relationships?.["authenticated-resource"]?.data as { readonly type?: unknown; readonly id?: unknown } | undefined;
}

/**
 * Checks one token, read-only: it authenticates as its own team, reads each granted workspace in the
 * configured execution mode with the state permission its access gives, lists no workspace it was not granted,
 * and cannot read another's directly (404).
 */
export async function verifyToken(holder: TokenHolder, client: (token: string) => ApiClient, organization: string, allWorkspaces: ReadonlyMap<string, string>): Promise<TokenVerdict> {
  const problems: string[] = [];
  const result = (passed: string): TokenVerdict => ({ label: holder.label, problems, passed });
  if (holder.token === undefined) return { label: holder.label, problems: ["no token in the stack's outputs: deploy first"], passed: "" };
  if (holder.teamId === undefined) return { label: holder.label, problems: [`team ${holder.teamName} is not in the stack's outputs: deploy first`], passed: "" };
  const api = client(holder.token);

  const account = await api.get("/account/details", "users");
  if (account.kind === "failed") return { label: holder.label, problems: [describeFailure(account)], passed: "" };
  if (account.kind === "refused") return { label: holder.label, problems: [`the token is refused (${account.status}): revoked or expired`], passed: "" };
  const authenticated = authenticatedTeam(account.resources[0]!);
  if (authenticated?.type !== "teams" || authenticated.id !== holder.teamId) {
    problems.push(`authenticates as ${String(authenticated?.type ?? "nobody")} ${String(authenticated?.id ?? "")}, not team ${holder.teamName} (${holder.teamId})`);
  }

  const granted = new Set(holder.grants.map((grant) => grant.name));
  for (const grant of holder.grants) {
    if (grant.id === undefined) {
      problems.push(`workspace ${grant.name} is not in the stack's outputs: deploy first`);
      continue;
    }
    const answer = await api.get(`/workspaces/${encodeURIComponent(grant.id)}`, "workspaces");
    if (answer.kind === "failed") problems.push(describeFailure(answer));
    else if (answer.kind === "refused") problems.push(`cannot read its workspace ${grant.name} (${answer.status})`);
    else {
      const attributes = answer.resources[0]!.attributes;
      const mode = attributes["execution-mode"];
      const mayCreate = (attributes.permissions as Record<string, unknown> | undefined)?.["can-create-state-versions"];
      if (mode !== grant.executionMode) problems.push(`workspace ${grant.name} runs in ${String(mode)} execution mode, not ${grant.executionMode}`);
      if (mayCreate !== grant.mayWriteState) problems.push(`${mayCreate === true ? "may" : "may not"} create state versions in ${grant.name}, where its access says it ${grant.mayWriteState ? "may" : "may not"}`);
    }
  }
  if (holder.seesEverything) return result(`reads ${[...granted].join(", ")}; its organization access shows it every workspace`);

  const listed = await api.list(`/organizations/${encodeURIComponent(organization)}/workspaces`, "workspaces");
  if (listed.kind === "failed") problems.push(describeFailure(listed));
  else if (listed.kind === "refused") problems.push(`cannot list the organization's workspaces (${listed.status})`);
  else {
    const leaks = listed.resources.map((workspace) => String(workspace.attributes.name)).filter((name) => !granted.has(name)).sort();
    if (leaks.length > 0) problems.push(`can see ${leaks.join(", ")}, which it was not granted`);
  }
  const neighbour = [...allWorkspaces].find(([name]) => !granted.has(name));
  if (neighbour !== undefined) {
    const [name, id] = neighbour;
    const answer = await api.get(`/workspaces/${encodeURIComponent(id)}`, "workspaces");
    if (answer.kind === "failed") problems.push(describeFailure(answer));
    else if (answer.kind === "ok") problems.push(`can read ${name}, which it was not granted`);
  }
  const modes = holder.grants.map((grant) => `${grant.name} (${grant.executionMode} execution${grant.mayWriteState ? ", may create state versions" : ""})`);
  return result(`authenticates as team ${holder.teamName}, reads ${modes.join(", ")}, and sees no other workspace`);
}

/** One line per token: pass, or FAIL with what failed. The token itself is never part of it. */
export function verdictLine(verdict: TokenVerdict): string {
  return verdict.problems.length === 0 ? `pass  ${verdict.label}: ${verdict.passed}` : `FAIL  ${verdict.label}: ${verdict.problems.join("; ")}`;
}

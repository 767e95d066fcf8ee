import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig, WorkspaceAccess } from "../config/schema";
import { describeFailure, describeRefusal, type ApiAnswer, type ApiClient } from "../terraform-cloud/api-client";
import { ACCOUNT, WORKSPACE } from "../terraform-cloud/resources";
import { DEFAULT_EXECUTION_MODE } from "../terraform-cloud/workshop";
import type { StackOutputs } from "./outputs";

/** A workspace a token was granted, with what the config says it must find there. */
interface Grant {
  readonly name: string;
  readonly id?: string;
  readonly executionMode: string;
  /** Whether the access lets the token push state: create state versions and lock the workspace. */
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

/**
 * Whether an access lets its token push state: create state versions, and lock the workspace, which the
 * state-versions API requires of whoever creates one. write and admin include both.
 */
const mayWriteState = (access: WorkspaceAccess) => (typeof access === "string" ? access === "write" || access === "admin" : access.stateVersions === "write" && access.workspaceLocking);

/**
 * The organization permissions that show a team every workspace, per the permissions documentation: view all
 * workspaces, manage all workspaces, manage all projects (which cascades to workspaces), manage agent pools
 * (which reads every workspace), and view all projects (which requires view all workspaces).
 */
const SEES_EVERY_WORKSPACE = ["readWorkspaces", "manageWorkspaces", "manageProjects", "manageAgentPools", "readProjects"] as const;

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
      grants: [...team.access].map(([name, access]) => ({ name, id: outputs.workspaceIds.get(name), executionMode: modes.get(name) ?? DEFAULT_EXECUTION_MODE, mayWriteState: mayWriteState(access) })),
      seesEverything: SEES_EVERY_WORKSPACE.some((flag) => team.organizationAccess?.[flag] === true),
    }));
  const room = attendeeRoom(config);
  const baseMode = config.workspaces[0]?.executionMode ?? DEFAULT_EXECUTION_MODE;
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

/** What a refusal of the token's own request means for the token. */
function refusedProblem(answer: Extract<ApiAnswer<unknown>, { readonly kind: "refused" }>): string {
  return answer.refusal === "token-refused" ? `the token is refused (${answer.status}): revoked or expired` : describeRefusal(answer);
}

/**
 * Checks one token, read-only, in two requests: it authenticates as its own team (the account), and the
 * organization's workspace list, as this token sees it, holds exactly its granted workspaces, each in the
 * configured execution mode with the state permissions its access gives (the list's entries carry them). Any
 * refusal of the token, at either step, fails it.
 */
export async function verifyToken(holder: TokenHolder, client: (token: string) => ApiClient, organization: string): Promise<TokenVerdict> {
  const failed = (problem: string): TokenVerdict => ({ label: holder.label, problems: [problem], passed: "" });
  if (holder.token === undefined) return failed("no token in the stack's outputs: deploy first");
  if (holder.teamId === undefined) return failed(`team ${holder.teamName} is not in the stack's outputs: deploy first`);
  const api = client(holder.token);

  const account = await api.get("/account/details", ACCOUNT);
  if (account.kind === "failed") return failed(describeFailure(account));
  if (account.kind === "refused") return failed(refusedProblem(account));
  const problems: string[] = [];
  if (account.value.kind !== "teams" || account.value.authenticatedId !== holder.teamId) {
    problems.push(`authenticates as ${account.value.kind} ${account.value.authenticatedId}, not team ${holder.teamName} (${holder.teamId})`);
  }

  const listed = await api.list(`/organizations/${encodeURIComponent(organization)}/workspaces`, WORKSPACE);
  if (listed.kind === "failed") return { label: holder.label, problems: [...problems, describeFailure(listed)], passed: "" };
  if (listed.kind === "refused") return { label: holder.label, problems: [...problems, refusedProblem(listed)], passed: "" };
  const byId = new Map(listed.value.map((workspace) => [workspace.id, workspace]));
  const granted = new Set(holder.grants.map((grant) => grant.name));
  for (const grant of holder.grants) {
    const found = grant.id === undefined ? undefined : byId.get(grant.id);
    if (grant.id === undefined) problems.push(`workspace ${grant.name} is not in the stack's outputs: deploy first`);
    else if (found === undefined) problems.push(`cannot see its workspace ${grant.name}`);
    else {
      const maySave = found.permissions.canCreateStateVersions && found.permissions.canLock;
      if (found.executionMode !== grant.executionMode) problems.push(`workspace ${grant.name} runs in ${found.executionMode} execution mode, not ${grant.executionMode}`);
      if (maySave !== grant.mayWriteState) {
        problems.push(`${maySave ? "may" : "may not"} create state versions in ${grant.name} (create ${found.permissions.canCreateStateVersions}, lock ${found.permissions.canLock}), where its access says it ${grant.mayWriteState ? "may" : "may not"}`);
      }
    }
  }
  const modes = holder.grants.map((grant) => `${grant.name} (${grant.executionMode} execution, ${grant.mayWriteState ? "may" : "may not"} create state versions)`);
  if (holder.seesEverything) return { label: holder.label, problems, passed: `authenticates as team ${holder.teamName}, reads ${modes.join(", ")}; its organization access shows it every workspace` };
  const leaks = listed.value.map((workspace) => workspace.name).filter((name) => !granted.has(name)).sort();
  if (leaks.length > 0) problems.push(`can see ${leaks.join(", ")}, which it was not granted`);
  return { label: holder.label, problems, passed: `authenticates as team ${holder.teamName}, reads ${modes.join(", ")}, and sees no other workspace` };
}

/** One line per token: pass, or FAIL with what failed. The token itself is never part of it. */
export function verdictLine(verdict: TokenVerdict): string {
  return verdict.problems.length === 0 ? `pass  ${verdict.label}: ${verdict.passed}` : `FAIL  ${verdict.label}: ${verdict.problems.join("; ")}`;
}

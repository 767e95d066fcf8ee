import { problemLine, showValue } from "./messages";
import type { TokenExpiryConfig, WorkshopConfig } from "./schema";

/** The team every organization is born with; its members, and its token, are organization owners. */
export const OWNERS_TEAM = "owners";

type Named = { readonly name: string };

/**
 * Terraform Cloud treats names that differ only in case as the same name, so two such entries would
 * collide at deploy time; refuse them now and point at the first use.
 */
function duplicateNames(list: ReadonlyArray<Named>, field: string): string[] {
  const firstIndexByName = new Map<string, number>();
  return list.flatMap((item, index) => {
    const key = item.name.toLowerCase();
    const first = firstIndexByName.get(key);
    if (first === undefined) {
      firstIndexByName.set(key, index);
      return [];
    }
    return [problemLine([field, index, "name"], `${showValue(item.name)} is already used by ${field}[${first}]; names must be unique`)];
  });
}

/** A token expires either on a date in the future or by rotation, never both, never neither. */
function expiryProblems(path: ReadonlyArray<PropertyKey>, expiry: TokenExpiryConfig, now: Date): string[] {
  if (expiry.expiresAt !== undefined && expiry.rotationDays !== undefined) {
    return [problemLine(path, "has both expiresAt and rotationDays; keep one")];
  }
  if (expiry.expiresAt === undefined && expiry.rotationDays === undefined) {
    return [problemLine(path, 'must expire: set expiresAt (an RFC 3339 date-time such as "2027-06-30T00:00:00Z") or rotationDays (a number of days)')];
  }
  if (expiry.expiresAt !== undefined && Date.parse(expiry.expiresAt) <= now.getTime()) {
    return [problemLine([...path, "expiresAt"], `${showValue(expiry.expiresAt)} is not in the future (now is ${now.toISOString()}); use a later RFC 3339 date-time`)];
  }
  return [];
}

function workspaceProblems(config: WorkshopConfig): string[] {
  return config.workspaces.flatMap((workspace, index) => {
    if (workspace.executionMode === "agent" && workspace.agentPoolId === undefined) {
      return [problemLine(["workspaces", index, "agentPoolId"], 'is required when executionMode is "agent": name the agent pool that runs this workspace')];
    }
    if (workspace.executionMode !== "agent" && workspace.agentPoolId !== undefined) {
      return [problemLine(["workspaces", index, "agentPoolId"], `is only allowed when executionMode is "agent", but executionMode is ${showValue(workspace.executionMode)}`)];
    }
    return [];
  });
}

function teamProblems(config: WorkshopConfig, now: Date): string[] {
  const declared = new Set(config.workspaces.map((workspace) => workspace.name));
  const declaredList = [...declared].join(", ");
  return config.teams.flatMap((team, index) => {
    const problems: string[] = [];
    const isOwners = team.name.toLowerCase() === OWNERS_TEAM;
    if (isOwners && team.token !== undefined) {
      problems.push(problemLine(["teams", index, "token"], 'is refused for the built-in "owners" team: its token carries every organization-owner permission; give the token to a team with only the access it needs'));
    } else if (isOwners) {
      problems.push(problemLine(["teams", index, "name"], '"owners" is the built-in team every organization already has and cannot be created; choose another name'));
    }
    for (const workspaceName of Object.keys(team.access)) {
      if (!declared.has(workspaceName)) {
        problems.push(problemLine(["teams", index, "access", workspaceName], `workspace ${showValue(workspaceName)} is not declared in workspaces; declared: ${declaredList}`));
      }
    }
    if (team.token !== undefined) problems.push(...expiryProblems(["teams", index, "token"], team.token, now));
    return problems;
  });
}

/** Checks what the schema cannot see field by field: uniqueness, references between parts, time. */
export function checkRelations(config: WorkshopConfig, now: Date): string[] {
  const organizationToken = config.organization.token;
  return [
    ...(organizationToken === undefined ? [] : expiryProblems(["organization", "token"], organizationToken, now)),
    ...duplicateNames(config.workspaces, "workspaces"),
    ...workspaceProblems(config),
    ...duplicateNames(config.teams, "teams"),
    ...teamProblems(config, now),
  ];
}

import type { CustomPermissions, Level, StandInIdentity, StandInOrganization, StandInWorkspace } from "./model";
import type { StandInWorld } from "./route";

const ACCESS_RANK: Record<Level, number> = { read: 1, plan: 2, write: 3, admin: 4 };

/** What a team's access lets it do, as the workspace `permissions` show it. */
export function permissionsOf(access: Level | CustomPermissions): {
  readonly read: boolean;
  readonly queue: boolean;
  readonly createState: boolean;
  readonly lock: boolean;
  readonly update: boolean;
} {
  if (typeof access === "string") {
    const rank = ACCESS_RANK[access];
    return {
      read: true,
      queue: rank >= ACCESS_RANK.plan,
      createState: rank >= ACCESS_RANK.write,
      lock: rank >= ACCESS_RANK.write,
      update: rank >= ACCESS_RANK.admin,
    };
  }
  return {
    read: true,
    queue: access.runs !== "read",
    createState: access.stateVersions === "write",
    lock: access.workspaceLocking,
    update: false,
  };
}

/** What an identity may do on a workspace, or undefined when it cannot see it. */
export function accessTo(
  identity: StandInIdentity,
  organization: StandInOrganization,
  workspace: StandInWorkspace,
): Level | CustomPermissions | undefined {
  if (identity.kind === "user") return identity.owns.includes(organization.name) ? "admin" : undefined;
  if (identity.organization !== organization.name) return undefined;
  if (identity.kind === "organization") return "admin";
  // Permissions add up (permissions.mdx: "a team's effective permissions is the sum"): managing all workspaces or
  // projects is admin on each, whatever the workspace's own access; reading all adds read, which any access has.
  const team = organization.teamList?.find((candidate) => candidate.id === identity.teamId);
  const everything = team?.organizationAccess;
  if (everything?.["manage-workspaces"] === true || everything?.["manage-projects"] === true) return "admin";
  const granted = team?.access?.[workspace.name];
  if (granted !== undefined) return granted;
  return everything?.["read-workspaces"] === true || everything?.["manage-agent-pools"] === true ? "read" : undefined;
}

/**
 * The organization as an identity sees it: undefined when it is absent or the identity is no member of it (the API's
 * 404); an owner (a user owning it, or its organization token) sees what only owners see.
 */
export function organizationSeen(
  world: StandInWorld,
  identity: StandInIdentity,
  name: string,
): { readonly organization: StandInOrganization; readonly owner: boolean } | undefined {
  const organization = world.organizations.get(name);
  if (organization === undefined) return undefined;
  const owner =
    (identity.kind === "user" && identity.owns.includes(organization.name)) ||
    (identity.kind === "organization" && identity.organization === organization.name);
  const member = owner || (identity.kind === "team" && identity.organization === organization.name);
  return member ? { organization, owner } : undefined;
}

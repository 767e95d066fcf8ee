import { createHash } from "node:crypto";
import { WORKSPACE_BY_ID_PATH, WORKSPACE_BY_NAME_PATH, WORKSPACES_PATH } from "../resources/workspaces";
import { badInclude, includesDocumented, notFound, one, page, resource } from "./documents";
import type { CustomPermissions, Level, StandInIdentity, StandInOrganization, StandInWorkspace } from "./model";
import { route, type StandInWorld } from "./route";
import { accessTo, organizationSeen, permissionsOf } from "./visibility";

/** The related resources the workspaces API documents for `include`; anything else is a bad request (400). */
const WORKSPACE_INCLUDES = new Set([
  "current_configuration_version",
  "current_configuration_version.ingress_attributes",
  "current_run",
  "current_run.configuration_version",
  "current_run.configuration_version.ingress_attributes",
  "current_run.plan",
  "locked_by",
  "organization",
  "outputs",
  "project",
  "readme",
]);

/** A push makes a new state version: its id changes with the time of the state, as Terraform Cloud's do. */
export const stateVersionId = (workspace: StandInWorkspace) =>
  `sv-${workspace.id}-${createHash("sha256")
    .update(workspace.stateAt ?? "")
    .digest("hex")
    .slice(0, 12)}`;

/**
 * The execution mode a workspace runs in: its own, else its project's default (API changelog 2025-07-11), else the
 * organization's, remote.
 */
function executionModeOf(workspace: StandInWorkspace, organization: StandInOrganization): string {
  const project = organization.projects?.find((candidate) => candidate.id === workspace.projectId);
  return workspace.executionMode ?? project?.defaultExecutionMode ?? "remote";
}

/**
 * Whether a workspace's name matches `search[name]`, documented as "a fuzzy search": here every character of the
 * search in order, without case, so that the client must keep the names it wants itself.
 */
function fuzzyMatch(name: string, search: string): boolean {
  let at = 0;
  for (const character of name.toLowerCase()) if (character === search.toLowerCase()[at]) at += 1;
  return at === search.length;
}

/** A workspace as the API documents it, with the permissions the access gives. */
function workspaceResource(
  workspace: StandInWorkspace,
  access: Level | CustomPermissions,
  organization: StandInOrganization,
) {
  const can = permissionsOf(access);
  return resource(
    "workspaces",
    workspace.id,
    {
      name: workspace.name,
      "execution-mode": executionModeOf(workspace, organization),
      "setting-overwrites": { "execution-mode": workspace.executionMode !== undefined, "agent-pool": false },
      "resource-count": workspace.resourceCount ?? 0,
      "latest-change-at": workspace.stateAt ?? "2026-01-01T00:00:00.000Z",
      permissions: {
        "can-update": can.update,
        "can-destroy": can.update,
        "can-queue-run": can.queue,
        "can-read-state-versions": can.read,
        "can-create-state-versions": can.createState,
        "can-lock": can.lock,
        "can-unlock": can.lock,
        "can-read-settings": can.read,
      },
    },
    {
      "current-state-version": {
        data: workspace.stateAt === undefined ? null : { id: stateVersionId(workspace), type: "state-versions" },
      },
      ...(workspace.projectId === undefined
        ? {}
        : { project: { data: { id: workspace.projectId, type: "projects" } } }),
    },
  );
}

/** The workspace of that id in any organization, with the identity's access, when the identity sees it. */
export function findWorkspace(world: StandInWorld, identity: StandInIdentity, id: string) {
  for (const organization of world.organizations.values()) {
    const workspace = organization.workspaces?.find((candidate) => candidate.id === id);
    const access = workspace === undefined ? undefined : accessTo(identity, organization, workspace);
    if (workspace !== undefined && access !== undefined) return { workspace, access, organization };
  }
  return undefined;
}

/** The organization's workspaces the identity sees, each with its access; undefined when it sees no organization. */
function visibleWorkspaces(world: StandInWorld, identity: StandInIdentity, name: string) {
  const seen = organizationSeen(world, identity, name);
  if (seen === undefined) return undefined;
  return (seen.organization.workspaces ?? []).flatMap((workspace) => {
    const access = accessTo(identity, seen.organization, workspace);
    return access === undefined ? [] : [{ workspace, access, organization: seen.organization }];
  });
}

/** An organization's workspaces, one by its name, one by its id: each as far as the identity sees it. */
export const WORKSPACE_ROUTES = [
  route(WORKSPACES_PATH, ({ world, identity, url, values }) => {
    const visible = visibleWorkspaces(world, identity, values.organization);
    if (visible === undefined) return notFound;
    if (!includesDocumented(url, WORKSPACE_INCLUDES)) return badInclude;
    const search = url.searchParams.get("search[name]") ?? "";
    return page(
      visible
        .filter(({ workspace }) => fuzzyMatch(workspace.name, search))
        .map(({ workspace, access, organization }) => workspaceResource(workspace, access, organization)),
      url,
    );
  }),
  route(WORKSPACE_BY_NAME_PATH, ({ world, identity, values }) => {
    const found = visibleWorkspaces(world, identity, values.organization)?.find(
      ({ workspace }) => workspace.name === values.workspace,
    );
    return found === undefined ? notFound : one(workspaceResource(found.workspace, found.access, found.organization));
  }),
  route(WORKSPACE_BY_ID_PATH, ({ world, identity, values }) => {
    const found = findWorkspace(world, identity, values.workspace_id);
    return found === undefined ? notFound : one(workspaceResource(found.workspace, found.access, found.organization));
  }),
];

import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readAll, readOne } from "./requests";
import { parser, text, related } from "./resource";

/** The Workspaces API: an organization's workspaces, one by its name, one by its id. */

/** `GET /organizations/:organization_name/workspaces`. */
export const WORKSPACES_PATH = new ApiPath("/organizations/:organization/workspaces");
/** `GET /organizations/:organization_name/workspaces/:name`. */
export const WORKSPACE_BY_NAME_PATH = new ApiPath("/organizations/:organization/workspaces/:workspace");
/** `GET /workspaces/:workspace_id`. */
export const WORKSPACE_BY_ID_PATH = new ApiPath("/workspaces/:workspace_id");

/** What the token may do on a workspace, as the workspace's `permissions` say. */
export interface WorkspacePermissions {
  readonly canUpdate: boolean;
  readonly canLock: boolean;
  readonly canReadStateVersions: boolean;
  readonly canCreateStateVersions: boolean;
}

/** A workspace, from the workspaces list or `GET /workspaces/:id`. */
export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly executionMode: string;
  /** How many resources its current state manages. */
  readonly resourceCount: number;
  /** Its current state version's id; null without state. */
  readonly currentStateVersion: string | null;
  readonly permissions: WorkspacePermissions;
  /** The project it is in, where the answer says. */
  readonly projectId?: string;
  /**
   * Whether its execution mode is its project's default (`setting-overwrites.execution-mode` false; API changelog
   * 2025-07-11), which a change of that default changes, rather than its own; false where the answer does not say.
   */
  readonly followsProjectExecutionMode: boolean;
}

export const WORKSPACE = parser<Workspace>(
  "workspaces",
  z
    .object({
      id: text,
      attributes: z.object({
        name: text,
        "execution-mode": text,
        "resource-count": z.number().int().nonnegative(),
        permissions: z.object({
          "can-update": z.boolean(),
          "can-lock": z.boolean(),
          "can-read-state-versions": z.boolean(),
          "can-create-state-versions": z.boolean(),
        }),
        "setting-overwrites": z.object({ "execution-mode": z.boolean().nullish() }).nullish(),
      }),
      relationships: z.object({
        "current-state-version": related("state-versions"),
        project: related("projects").optional(),
      }),
    })
    .transform(({ id, attributes, relationships }) => ({
      id,
      name: attributes.name,
      executionMode: attributes["execution-mode"],
      resourceCount: attributes["resource-count"],
      currentStateVersion: relationships["current-state-version"].data?.id ?? null,
      permissions: {
        canUpdate: attributes.permissions["can-update"],
        canLock: attributes.permissions["can-lock"],
        canReadStateVersions: attributes.permissions["can-read-state-versions"],
        canCreateStateVersions: attributes.permissions["can-create-state-versions"],
      },
      projectId: relationships.project?.data?.id,
      followsProjectExecutionMode: attributes["setting-overwrites"]?.["execution-mode"] === false,
    })),
);

/** Every workspace of the organization the token sees. */
export const listWorkspaces = (client: ApiClient, organization: string): Promise<ApiAnswer<Workspace[]>> =>
  readAll(client, WORKSPACES_PATH, { organization }, WORKSPACE);

/**
 * The list's `search[name]` filter. The documentation promises only "a name that matches the search string using a
 * fuzzy search" (List workspaces), no exact rule: what it lists is taken for candidates, a name holding the search
 * string among them, and the names wanted are kept exactly by the caller's test.
 */
const SEARCH_NAME = "search%5Bname%5D";

/** The organization's workspaces that `wanted` keeps of those the token sees whose names hold `search`, in one list. */
export async function searchWorkspaces(
  client: ApiClient,
  organization: string,
  search: string,
  wanted: (name: string) => boolean,
): Promise<ApiAnswer<Workspace[]>> {
  const listed = await readAll(
    client,
    WORKSPACES_PATH,
    { organization },
    WORKSPACE,
    `?${SEARCH_NAME}=${encodeURIComponent(search)}`,
  );
  return listed.kind === "ok"
    ? { ...listed, value: listed.value.filter((workspace) => wanted(workspace.name)) }
    : listed;
}

/** The organization's workspace of that name. */
export const readWorkspaceByName = (
  client: ApiClient,
  organization: string,
  workspace: string,
): Promise<ApiAnswer<Workspace>> => readOne(client, WORKSPACE_BY_NAME_PATH, { organization, workspace }, WORKSPACE);

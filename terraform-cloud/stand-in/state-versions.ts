import { randomBytes } from "node:crypto";
import { CURRENT_STATE_VERSION_PATH } from "../resources/state-versions";
import { notFound, one, resource } from "./documents";
import type { Reply, StandInWorkspace } from "./model";
import { route, type StandInWorld } from "./route";
import { findWorkspace, stateVersionId } from "./workspaces";

/** Where the blob storage serves a state file: a secret in the address, and no token. */
export const DOWNLOAD_PREFIX = "/_archivist/v1/object/";

/** The workspace's current state version, its download address made once per workspace. */
function stateVersion(world: StandInWorld, workspace: StandInWorkspace): Reply {
  let secret = world.secretFor.get(workspace.id);
  if (secret === undefined) {
    secret = randomBytes(16).toString("hex");
    world.secretFor.set(workspace.id, secret);
  }
  world.downloads.set(secret, workspace.state ?? "");
  return one(
    resource("state-versions", stateVersionId(workspace), {
      "created-at": workspace.stateAt,
      "hosted-state-download-url": workspace.state === undefined ? null : `${world.address}${DOWNLOAD_PREFIX}${secret}`,
      "resources-processed": true,
      serial: 1,
    }),
  );
}

/** A workspace's current state version: 404 without state. */
export const STATE_VERSION_ROUTES = [
  route(CURRENT_STATE_VERSION_PATH, ({ world, identity, values }) => {
    const found = findWorkspace(world, identity, values.workspace_id);
    return found === undefined || found.workspace.stateAt === undefined
      ? notFound
      : stateVersion(world, found.workspace);
  }),
];

/** The state file behind a download address, which needs no token: the secret is in the address. */
export function download(world: StandInWorld, pathname: string): Reply {
  const text = world.downloads.get(pathname.slice(DOWNLOAD_PREFIX.length));
  return text === undefined ? notFound : { status: 200, text, headers: { "Content-Type": "application/octet-stream" } };
}

import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readOne } from "./requests";
import { parser, text, date } from "./resource";

/** The State Versions API: a workspace's current state version. */

/** `GET /workspaces/:workspace_id/current-state-version`. */
export const CURRENT_STATE_VERSION_PATH = new ApiPath("/workspaces/:workspace_id/current-state-version");

/**
 * A state version: when it was made (RFC 3339, or "unreadable"), and where its state file can be downloaded (a
 * secret URL).
 */
export interface StateVersion {
  readonly id: string;
  readonly createdAt: string;
  readonly downloadUrl: string | null;
}

export const STATE_VERSION = parser<StateVersion>(
  "state-versions",
  z
    // The download address is never shown, and cut short it would be no address.
    .object({
      id: text,
      attributes: z.object({ "created-at": date, "hosted-state-download-url": z.string().nullable() }),
    })
    .transform(({ id, attributes }) => ({
      id,
      createdAt: attributes["created-at"],
      downloadUrl: attributes["hosted-state-download-url"],
    })),
);

/** The workspace's current state version. */
export const readCurrentStateVersion = (client: ApiClient, workspaceId: string): Promise<ApiAnswer<StateVersion>> =>
  readOne(client, CURRENT_STATE_VERSION_PATH, { workspace_id: workspaceId }, STATE_VERSION);

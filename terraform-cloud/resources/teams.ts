import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readAll } from "./requests";
import { parser, text } from "./resource";

/** The Teams API: an organization's teams. */

/** `GET /organizations/:organization_name/teams`. */
export const TEAMS_PATH = new ApiPath("/organizations/:organization/teams");

/** A team of the organization. */
export interface Team {
  readonly id: string;
  readonly name: string;
}

export const TEAM = parser<Team>(
  "teams",
  z
    .object({ id: text, attributes: z.object({ name: text }) })
    .transform(({ id, attributes }) => ({ id, name: attributes.name })),
);

/** Every team of the organization. */
export const listTeams = (client: ApiClient, organization: string): Promise<ApiAnswer<Team[]>> =>
  readAll(client, TEAMS_PATH, { organization }, TEAM);

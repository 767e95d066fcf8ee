import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readAll } from "./requests";
import { parser, text, nullableText } from "./resource";

/** The Projects API: an organization's projects. */

/** `GET /organizations/:organization_name/projects`. */
export const PROJECTS_PATH = new ApiPath("/organizations/:organization/projects");

/** A project of the organization, from `GET /organizations/:name/projects`. */
export interface Project {
  readonly id: string;
  readonly name: string;
  /**
   * After how long without activity each workspace of the project gets an auto-destroy run (`14d`, `24h`); undefined
   * when it has none, or the answer does not say (Terraform Enterprise before the setting).
   */
  readonly autoDestroyActivityDuration?: string;
}

export const PROJECT = parser<Project>(
  "projects",
  z
    .object({
      id: text,
      attributes: z.object({ name: text, "auto-destroy-activity-duration": nullableText.optional() }),
    })
    .transform(({ id, attributes }) => ({
      id,
      name: attributes.name,
      autoDestroyActivityDuration: attributes["auto-destroy-activity-duration"] ?? undefined,
    })),
);

/** Every project of the organization the token sees. */
export const listProjects = (client: ApiClient, organization: string): Promise<ApiAnswer<Project[]>> =>
  readAll(client, PROJECTS_PATH, { organization }, PROJECT);

import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readOne } from "./requests";
import { parser, text } from "./resource";

/** The Organizations API: one organization, as the token sees it. */

/** `GET /organizations/:organization_name`. */
export const ORGANIZATION_PATH = new ApiPath("/organizations/:organization");

/** `GET /organizations/:name`. */
export interface Organization {
  readonly name: string;
  /** Whether the token may change its settings: an owner's. */
  readonly canUpdate: boolean;
}

export const ORGANIZATION = parser<Organization>(
  "organizations",
  z
    .object({ attributes: z.object({ name: text, permissions: z.object({ "can-update": z.boolean() }) }) })
    .transform(({ attributes }) => ({ name: attributes.name, canUpdate: attributes.permissions["can-update"] })),
);

/** The organization, as the token sees it. */
export const readOrganization = (client: ApiClient, organization: string): Promise<ApiAnswer<Organization>> =>
  readOne(client, ORGANIZATION_PATH, { organization }, ORGANIZATION);

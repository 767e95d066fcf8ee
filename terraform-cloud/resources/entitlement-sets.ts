import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readOne } from "./requests";
import { parser } from "./resource";

/** The Organizations API's entitlement set: what the organization's plan allows. */

/** `GET /organizations/:organization_name/entitlement-set`. */
export const ENTITLEMENT_SET_PATH = new ApiPath("/organizations/:organization/entitlement-set");

/** `GET /organizations/:name/entitlement-set`: what the organization's plan allows. */
export interface EntitlementSet {
  readonly teams: boolean;
}

export const ENTITLEMENT_SET = parser<EntitlementSet>(
  "entitlement-sets",
  z
    .object({ attributes: z.object({ teams: z.boolean() }) })
    .transform(({ attributes }) => ({ teams: attributes.teams })),
);

/** What the organization's plan allows. */
export const readEntitlementSet = (client: ApiClient, organization: string): Promise<ApiAnswer<EntitlementSet>> =>
  readOne(client, ENTITLEMENT_SET_PATH, { organization }, ENTITLEMENT_SET);

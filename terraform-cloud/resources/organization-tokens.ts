import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readOne } from "./requests";
import { parser, text } from "./resource";

/** The Organization Tokens API: whether an organization has its token. */

/**
 * `/organizations/:organization_name/authentication-token`: its docs document POST and DELETE; a GET answers the
 * token, or 404 (go-tfe's `OrganizationTokens.Read`).
 */
export const ORGANIZATION_TOKEN_PATH = new ApiPath("/organizations/:organization/authentication-token");

/** The organization's token: only that it exists. */
export const ORGANIZATION_TOKEN = parser<{ readonly id: string }>(
  "authentication-tokens",
  z.object({ id: text }).transform(({ id }) => ({ id })),
);

/** The organization's token, if the token may see it. */
export const readOrganizationToken = (
  client: ApiClient,
  organization: string,
): Promise<ApiAnswer<{ readonly id: string }>> =>
  readOne(client, ORGANIZATION_TOKEN_PATH, { organization }, ORGANIZATION_TOKEN);

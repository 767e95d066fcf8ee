import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readOne } from "./requests";
import { parser, text } from "./resource";

/** The Account API: who a token is. */

/** `GET /account/details`. */
export const ACCOUNT_DETAILS_PATH = new ApiPath("/account/details");

/** The kinds of token the Account API tells apart by `authenticated-resource`. */
export const TOKEN_KINDS = ["users", "teams", "organizations"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** `GET /account/details`: who the token is. Team and organization tokens answer as a service user. */
export interface Account {
  readonly username: string;
  /** What the token authenticates as: a user, or the team or organization behind the service user. */
  readonly kind: TokenKind;
  /** The user's, team's or organization's id. */
  readonly authenticatedId: string;
}

export const ACCOUNT = parser<Account>(
  "users",
  z
    .object({
      attributes: z.object({ username: text }),
      relationships: z.object({
        "authenticated-resource": z.object({ data: z.object({ id: text, type: z.enum(TOKEN_KINDS) }) }),
      }),
    })
    .transform(({ attributes, relationships }) => ({
      username: attributes.username,
      kind: relationships["authenticated-resource"].data.type,
      authenticatedId: relationships["authenticated-resource"].data.id,
    })),
);

/** Who the token is. */
export const readAccount = (client: ApiClient): Promise<ApiAnswer<Account>> =>
  readOne(client, ACCOUNT_DETAILS_PATH, {}, ACCOUNT);

import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { ApiPath } from "./api-path";
import { readAll } from "./requests";
import { parser, text, nullableText, date, nullableDate, related } from "./resource";

/** The Team Tokens API: an organization's team tokens, never their secrets. */

/** `GET /organizations/:organization_name/team-tokens`. */
export const TEAM_TOKENS_PATH = new ApiPath("/organizations/:organization/team-tokens");

/** A team token, from the list: its dates (RFC 3339, or "unreadable"), never its secret. */
export interface TeamToken {
  readonly id: string;
  readonly teamId: string;
  readonly description: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiredAt: string | null;
}

export const TEAM_TOKEN = parser<TeamToken>(
  "authentication-tokens",
  z
    .object({
      id: text,
      attributes: z.object({
        description: nullableText.optional(),
        "created-at": date,
        "last-used-at": nullableDate,
        "expired-at": nullableDate,
      }),
      relationships: z.object({ team: related("teams") }),
    })
    .refine((token) => token.relationships.team.data !== null, { path: ["relationships", "team"] })
    .transform(({ id, attributes, relationships }) => ({
      id,
      teamId: relationships.team.data!.id,
      description: attributes.description ?? null,
      createdAt: attributes["created-at"],
      lastUsedAt: attributes["last-used-at"],
      expiredAt: attributes["expired-at"],
    })),
);

/** Every team token of the organization. */
export const listTeamTokens = (client: ApiClient, organization: string): Promise<ApiAnswer<TeamToken[]>> =>
  readAll(client, TEAM_TOKENS_PATH, { organization }, TEAM_TOKEN);

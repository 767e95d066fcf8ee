import { TEAM_TOKENS_PATH } from "../resources/team-tokens";
import { dataOnlyPage, notFound, resource } from "./documents";
import type { StandInTeamToken } from "./model";
import { route } from "./route";
import { organizationSeen } from "./visibility";

/** A team token as the list documents it: its dates and team, never its secret. */
const tokenResource = (token: StandInTeamToken) =>
  resource(
    "authentication-tokens",
    token.id,
    {
      description: token.description,
      "created-at": token.createdAt,
      "last-used-at": token.lastUsedAt ?? null,
      "expired-at": token.expiredAt ?? null,
      token: null,
    },
    { team: { data: { id: token.teamId, type: "teams" } }, "created-by": { data: { id: "user-1", type: "users" } } },
  );

/** An organization's team tokens, to its owners. */
export const TEAM_TOKEN_ROUTES = [
  route(TEAM_TOKENS_PATH, ({ world, identity, url, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined || !seen.owner) return notFound;
    return dataOnlyPage((seen.organization.teamTokens ?? []).map(tokenResource), url);
  }),
];

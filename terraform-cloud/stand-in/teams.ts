import { TEAMS_PATH } from "../resources/teams";
import { dataOnlyPage, notFound, resource } from "./documents";
import { route } from "./route";
import { organizationSeen } from "./visibility";

/** An organization's teams, to its owners. */
export const TEAM_ROUTES = [
  route(TEAMS_PATH, ({ world, identity, url, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined || !seen.owner) return notFound;
    return dataOnlyPage(
      (seen.organization.teamList ?? []).map((team) => resource("teams", team.id, { name: team.name })),
      url,
    );
  }),
];

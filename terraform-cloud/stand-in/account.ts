import { ACCOUNT_DETAILS_PATH } from "../resources/account";
import { one, resource } from "./documents";
import { route } from "./route";

/** `GET /account/details`: a user, or the service user behind a team or organization token. */
export const ACCOUNT_ROUTES = [
  route(ACCOUNT_DETAILS_PATH, ({ identity }) => {
    const authenticated =
      identity.kind === "user"
        ? { id: "user-1", type: "users" }
        : identity.kind === "team"
          ? { id: identity.teamId, type: "teams" }
          : { id: identity.organization, type: "organizations" };
    const username =
      identity.kind === "user"
        ? identity.username
        : identity.kind === "team"
          ? `api-team_${identity.teamId}`
          : `api-org-${identity.organization}`;
    return one(
      resource(
        "users",
        "user-1",
        { username, "is-service-account": identity.kind !== "user" },
        { "authenticated-resource": { data: authenticated } },
      ),
    );
  }),
];

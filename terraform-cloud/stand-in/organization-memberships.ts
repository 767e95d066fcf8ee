import { ORGANIZATION_MEMBERSHIPS_PATH } from "../resources/organization-memberships";
import { badInclude, includesDocumented, notFound, page, resource } from "./documents";
import { route } from "./route";
import { organizationSeen } from "./visibility";

/** The related resources the memberships API documents for `include`. */
const MEMBERSHIP_INCLUDES = new Set(["user", "teams"]);

/**
 * An organization's memberships, to its owners: the documented list shows only the status; the email comes with the
 * included user.
 */
export const ORGANIZATION_MEMBERSHIP_ROUTES = [
  route(ORGANIZATION_MEMBERSHIPS_PATH, ({ world, identity, url, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined || !seen.owner) return notFound;
    if (!includesDocumented(url, MEMBERSHIP_INCLUDES)) return badInclude;
    const withUsers = url.searchParams.get("include")?.split(",").includes("user") === true;
    const memberships = seen.organization.memberships ?? [];
    const user = (index: number) => ({ data: { id: `user-m${index}`, type: "users" } });
    return page(
      memberships.map((membership, index) =>
        resource(
          "organization-memberships",
          membership.id ?? `ou-${index}`,
          { status: membership.status },
          { user: user(index) },
        ),
      ),
      url,
      withUsers
        ? memberships.map((membership, index) =>
            resource("users", `user-m${index}`, { username: `member${index}`, email: membership.email }),
          )
        : [],
    );
  }),
];

import { ENTITLEMENT_SET_PATH } from "../resources/entitlement-sets";
import { ORGANIZATION_TOKEN_PATH } from "../resources/organization-tokens";
import { ORGANIZATION_PATH } from "../resources/organizations";
import { notFound, one, resource } from "./documents";
import { route } from "./route";
import { organizationSeen } from "./visibility";

/** An organization, its plan's entitlements, and its token, each to its members (the token to its owners). */
export const ORGANIZATION_ROUTES = [
  route(ORGANIZATION_PATH, ({ world, identity, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined) return notFound;
    return one(
      resource("organizations", seen.organization.name, {
        name: seen.organization.name,
        permissions: { "can-update": seen.owner },
      }),
    );
  }),
  route(ENTITLEMENT_SET_PATH, ({ world, identity, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined) return notFound;
    return one(
      resource("entitlement-sets", `org-${seen.organization.name}`, {
        teams: seen.organization.teams ?? false,
        "state-storage": true,
      }),
    );
  }),
  route(ORGANIZATION_TOKEN_PATH, ({ world, identity, values }) => {
    const seen = organizationSeen(world, identity, values.organization);
    if (seen === undefined || !seen.owner || seen.organization.organizationToken !== true) return notFound;
    return one(resource("authentication-tokens", "at-organization", { "created-at": "2026-01-01T00:00:00Z" }));
  }),
];

import { z } from "zod";
import type { ApiAnswer, ApiClient } from "../api-client";
import { bounded } from "../../text/bound";
import { fail, ok } from "../../text/result";
import { ApiPath } from "./api-path";
import { readAll } from "./requests";
import { notAsDocumented, text, related, type ResourceParser } from "./resource";

/** The Organization Memberships API: who is invited to, or in, an organization. */

/** `GET /organizations/:organization_name/organization-memberships`. */
export const ORGANIZATION_MEMBERSHIPS_PATH = new ApiPath("/organizations/:organization/organization-memberships");

/** The statuses of an organization membership the Organization Memberships API documents. */
export const MEMBERSHIP_STATUSES = ["invited", "active"] as const;

/** Someone invited to, or in, the organization. */
export interface OrganizationMembership {
  readonly id: string;
  /** As documented, or unknown: a status the documentation does not list says neither invited nor not. */
  readonly status: (typeof MEMBERSHIP_STATUSES)[number] | "unknown";
  /** The member's email: the membership's own, or its included user's; undefined when the answer has neither. */
  readonly email?: string;
  /**
   * The included user's email, the only email the documentation shows: what tfe 0.71.0's importer compares a
   * `<organization>/<email>` import id with, byte for byte (`fetchOrganizationMemberByNameOrEmail`); undefined when
   * the answer did not include the user.
   */
  readonly userEmail?: string;
}

const documentedStatus = (status: string): OrganizationMembership["status"] =>
  MEMBERSHIP_STATUSES.find((known) => known === status) ?? "unknown";

const membershipSchema = z.object({
  id: text,
  attributes: z.object({ status: z.string().transform(documentedStatus), email: text.optional() }),
  relationships: z.object({ user: related("users").optional() }).optional(),
});

export const ORGANIZATION_MEMBERSHIP: ResourceParser<OrganizationMembership> = {
  type: "organization-memberships",
  parse: (resource, included) => {
    const parsed = membershipSchema.safeParse(resource);
    if (!parsed.success) return fail(notAsDocumented("organization-memberships", parsed.error.issues[0]));
    const { id, attributes, relationships } = parsed.data;
    const userId = relationships?.user?.data?.id;
    const user =
      userId === undefined
        ? undefined
        : included.find((candidate) => candidate.type === "users" && candidate.id === userId);
    const userEmail = typeof user?.attributes.email === "string" ? bounded(user.attributes.email) : undefined;
    return ok({ id, status: attributes.status, email: attributes.email ?? userEmail, userEmail });
  },
};

/** Every membership of the organization, with its user included for the email. */
export const listOrganizationMemberships = (
  client: ApiClient,
  organization: string,
): Promise<ApiAnswer<OrganizationMembership[]>> =>
  readAll(client, ORGANIZATION_MEMBERSHIPS_PATH, { organization }, ORGANIZATION_MEMBERSHIP, "?include=user");

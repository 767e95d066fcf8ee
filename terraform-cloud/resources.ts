import { z } from "zod";
import { bounded } from "../text/bound";
import { readDate } from "./dates";

/**
 * The JSON:API resources this project reads from Terraform Cloud, each parsed once into a type, as go-tfe does:
 * a resource that lacks what its documentation promises is a malformed answer, never a guess.
 */

/** One JSON:API resource object, as Terraform Cloud returns them. */
export interface ApiResource {
  readonly id: string;
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly relationships?: Readonly<Record<string, unknown>>;
}

/** A resource read into its type, or what it lacks, for the message. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Reads one resource of a JSON:API type into a value, or says what is missing. */
export interface ResourceParser<T> {
  /** The JSON:API type, `workspaces`. */
  readonly type: string;
  parse(resource: ApiResource, included: readonly ApiResource[]): Parsed<T>;
}

const notAsDocumented = (type: string, issue: z.core.$ZodIssue | undefined) => `a "${type}" resource whose ${issue?.path.join(".") || "body"} is not as documented`;

/** A parser from a zod schema of the resource: its message names the first field that is not as documented. */
function parser<T>(type: string, schema: z.ZodType<T>): ResourceParser<T> {
  return {
    type,
    parse: (resource) => {
      const parsed = schema.safeParse(resource);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: notAsDocumented(type, parsed.error.issues[0]) };
    },
  };
}

/**
 * Text from the server, bounded: a name, an id or a description is shown, and a megabyte of it would be a line of a
 * megabyte. Compared with the config's own values it still tells them apart, since those are far shorter.
 */
const text = z.string().transform((value) => bounded(value));
const nullableText = text.nullable();
/** A date from the server: its RFC 3339 text, or "unreadable" (`terraform-cloud/dates.ts`). */
const date = z.string().transform(readDate);
const nullableDate = date.nullable();
const related = (type?: string) =>
  z.object({ data: z.object({ id: text, type: type === undefined ? z.string() : z.literal(type) }).nullable() });

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
      relationships: z.object({ "authenticated-resource": z.object({ data: z.object({ id: text, type: z.enum(TOKEN_KINDS) }) }) }),
    })
    .transform(({ attributes, relationships }) => ({
      username: attributes.username,
      kind: relationships["authenticated-resource"].data.type,
      authenticatedId: relationships["authenticated-resource"].data.id,
    })),
);

/** `GET /organizations/:name`. */
export interface Organization {
  readonly name: string;
  /** Whether the token may change its settings: an owner's. */
  readonly canUpdate: boolean;
}

export const ORGANIZATION = parser<Organization>(
  "organizations",
  z
    .object({ attributes: z.object({ name: text, permissions: z.object({ "can-update": z.boolean() }) }) })
    .transform(({ attributes }) => ({ name: attributes.name, canUpdate: attributes.permissions["can-update"] })),
);

/** `GET /organizations/:name/entitlement-set`: what the organization's plan allows. */
export interface EntitlementSet {
  readonly teams: boolean;
}

export const ENTITLEMENT_SET = parser<EntitlementSet>(
  "entitlement-sets",
  z.object({ attributes: z.object({ teams: z.boolean() }) }).transform(({ attributes }) => ({ teams: attributes.teams })),
);

/** What the token may do on a workspace, as the workspace's `permissions` say. */
export interface WorkspacePermissions {
  readonly canUpdate: boolean;
  readonly canLock: boolean;
  readonly canReadStateVersions: boolean;
  readonly canCreateStateVersions: boolean;
}

/** A workspace, from the workspaces list or `GET /workspaces/:id`. */
export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly executionMode: string;
  /** How many resources its current state manages. */
  readonly resourceCount: number;
  /** Its current state version's id; null without state. */
  readonly currentStateVersion: string | null;
  readonly permissions: WorkspacePermissions;
  /** The project it is in, where the answer says. */
  readonly projectId?: string;
}

export const WORKSPACE = parser<Workspace>(
  "workspaces",
  z
    .object({
      id: text,
      attributes: z.object({
        name: text,
        "execution-mode": text,
        "resource-count": z.number().int().nonnegative(),
        permissions: z.object({
          "can-update": z.boolean(),
          "can-lock": z.boolean(),
          "can-read-state-versions": z.boolean(),
          "can-create-state-versions": z.boolean(),
        }),
      }),
      relationships: z.object({ "current-state-version": related("state-versions"), project: related("projects").optional() }),
    })
    .transform(({ id, attributes, relationships }) => ({
      id,
      name: attributes.name,
      executionMode: attributes["execution-mode"],
      resourceCount: attributes["resource-count"],
      currentStateVersion: relationships["current-state-version"].data?.id ?? null,
      permissions: {
        canUpdate: attributes.permissions["can-update"],
        canLock: attributes.permissions["can-lock"],
        canReadStateVersions: attributes.permissions["can-read-state-versions"],
        canCreateStateVersions: attributes.permissions["can-create-state-versions"],
      },
      projectId: relationships.project?.data?.id,
    })),
);

/** A team of the organization. */
export interface Team {
  readonly id: string;
  readonly name: string;
}

export const TEAM = parser<Team>(
  "teams",
  z.object({ id: text, attributes: z.object({ name: text }) }).transform(({ id, attributes }) => ({ id, name: attributes.name })),
);

/** The statuses of an organization membership the Organization Memberships API documents. */
export const MEMBERSHIP_STATUSES = ["invited", "active"] as const;

/** Someone invited to, or in, the organization. */
export interface OrganizationMembership {
  readonly id: string;
  /** As documented, or unknown: a status the documentation does not list says neither invited nor not. */
  readonly status: (typeof MEMBERSHIP_STATUSES)[number] | "unknown";
  /** The member's email: the membership's own, or its included user's; undefined when the answer has neither. */
  readonly email?: string;
}

const documentedStatus = (status: string): OrganizationMembership["status"] => MEMBERSHIP_STATUSES.find((known) => known === status) ?? "unknown";

const membershipSchema = z.object({
  id: text,
  attributes: z.object({ status: z.string().transform(documentedStatus), email: text.optional() }),
  relationships: z.object({ user: related("users").optional() }).optional(),
});

export const ORGANIZATION_MEMBERSHIP: ResourceParser<OrganizationMembership> = {
  type: "organization-memberships",
  parse: (resource, included) => {
    const parsed = membershipSchema.safeParse(resource);
    if (!parsed.success) return { ok: false, problem: notAsDocumented("organization-memberships", parsed.error.issues[0]) };
    const { id, attributes, relationships } = parsed.data;
    const userId = relationships?.user?.data?.id;
    const user = userId === undefined ? undefined : included.find((candidate) => candidate.type === "users" && candidate.id === userId);
    const userEmail = user?.attributes.email;
    return { ok: true, value: { id, status: attributes.status, email: attributes.email ?? (typeof userEmail === "string" ? bounded(userEmail) : undefined) } };
  },
};

/** A team token, from `GET /organizations/:name/team-tokens`: its dates (RFC 3339, or "unreadable"), never its secret. */
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
      attributes: z.object({ description: nullableText.optional(), "created-at": date, "last-used-at": nullableDate, "expired-at": nullableDate }),
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

/** The organization's token: only that it exists. */
export const ORGANIZATION_TOKEN = parser<{ readonly id: string }>("authentication-tokens", z.object({ id: text }).transform(({ id }) => ({ id })));

/** A state version: when it was made (RFC 3339, or "unreadable"), and where its state file can be downloaded (a secret URL). */
export interface StateVersion {
  readonly id: string;
  readonly createdAt: string;
  readonly downloadUrl: string | null;
}

export const STATE_VERSION = parser<StateVersion>(
  "state-versions",
  z
    // The download address is never shown, and cut short it would be no address.
    .object({ id: text, attributes: z.object({ "created-at": date, "hosted-state-download-url": z.string().nullable() }) })
    .transform(({ id, attributes }) => ({ id, createdAt: attributes["created-at"], downloadUrl: attributes["hosted-state-download-url"] })),
);

/** A project of the organization, from `GET /organizations/:name/projects`. */
export interface Project {
  readonly id: string;
  readonly name: string;
  /**
   * After how long without activity each workspace of the project gets an auto-destroy run (`14d`, `24h`); undefined
   * when it has none, or the answer does not say (Terraform Enterprise before the setting).
   */
  readonly autoDestroyActivityDuration?: string;
}

export const PROJECT = parser<Project>(
  "projects",
  z
    .object({ id: text, attributes: z.object({ name: text, "auto-destroy-activity-duration": nullableText.optional() }) })
    .transform(({ id, attributes }) => ({ id, name: attributes.name, autoDestroyActivityDuration: attributes["auto-destroy-activity-duration"] ?? undefined })),
);

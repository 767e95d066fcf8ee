import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Terraform Cloud on 127.0.0.1, written from HashiCorp's API documentation: it answers the GET
 * endpoints this project reads, with the documented document shapes, from a small model of organizations,
 * workspaces, teams and their access, tokens, memberships and state. The tests run against it, and
 * `npm run rehearse` serves it for a facilitator to try the workshop day on. Faults (HTML, stalls, 429, 5xx) can
 * be injected per path. It listens on the loopback address only.
 */

export type Level = "read" | "plan" | "write" | "admin";

/** Custom workspace permissions of a team, as `tfe_team_access.permissions` gives them. */
export interface CustomPermissions {
  readonly runs: "read" | "plan" | "apply";
  readonly stateVersions: "none" | "read-outputs" | "read" | "write";
  readonly workspaceLocking: boolean;
}

export interface StandInWorkspace {
  readonly id: string;
  readonly name: string;
  readonly executionMode?: string;
  /** How many resources its current state holds. */
  readonly resourceCount?: number;
  /** When its current state version was created; none: no state yet. */
  readonly stateAt?: string;
  /** The current state version's file, served at its download address. */
  readonly state?: string;
  readonly projectId?: string;
}

export interface StandInTeam {
  readonly id: string;
  readonly name: string;
  /** Workspace name to the team's access. */
  readonly access?: Readonly<Record<string, Level | CustomPermissions>>;
  /** Organization permissions that show the team every workspace, as the teams API names them. */
  readonly organizationAccess?: { readonly "read-workspaces"?: boolean; readonly "manage-workspaces"?: boolean; readonly "manage-projects"?: boolean; readonly "manage-agent-pools"?: boolean };
}

export interface StandInTeamToken {
  readonly id: string;
  readonly teamId: string;
  /** Null for a legacy token, the only kind the docs of Terraform Enterprise's releases show. */
  readonly description: string | null;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly expiredAt?: string;
}

export interface StandInOrganization {
  readonly name: string;
  /** Whether the plan has the teams entitlement. */
  readonly teams?: boolean;
  /** Whether it has an organization token. */
  readonly organizationToken?: boolean;
  readonly workspaces?: readonly StandInWorkspace[];
  readonly teamList?: readonly StandInTeam[];
  /** Each membership's email, and its id (`ou-<index>` unless given). */
  readonly memberships?: ReadonlyArray<{ readonly id?: string; readonly email: string; readonly status: "invited" | "active" }>;
  readonly teamTokens?: readonly StandInTeamToken[];
  readonly projects?: readonly StandInProject[];
}

export interface StandInProject {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** After how long without activity its workspaces get an auto-destroy run: `14d`, `24h`. */
  readonly autoDestroyActivityDuration?: string;
  /**
   * The execution mode its workspaces fall back to, set on the project (tfe_project_settings).
   * @default none set: the organization's, remote
   */
  readonly defaultExecutionMode?: "local" | "remote" | "agent";
}

/** Who a token authenticates as: a user (owner of the organizations listed), a team, or an organization. */
export type StandInIdentity =
  | { readonly kind: "user"; readonly username: string; readonly owns: readonly string[] }
  | { readonly kind: "team"; readonly organization: string; readonly teamId: string }
  | { readonly kind: "organization"; readonly organization: string };

/** `stall` sends the start of the body and waits; `cut` sends it and closes the connection. */
export type Reply = { readonly status: number; readonly body?: unknown; readonly text?: string; readonly headers?: Record<string, string>; readonly stall?: boolean; readonly cut?: boolean };
/** A fault for a path: a reply that replaces the model's, or undefined to let the model answer. */
export type Fault = (hit: number) => Reply | undefined;

export interface StandInOptions {
  readonly organizations: readonly StandInOrganization[];
  readonly tokens: ReadonlyMap<string, StandInIdentity>;
  readonly faults?: Readonly<Record<string, Fault>>;
  /**
   * The port to listen on.
   * @default 0: a free one
   */
  readonly port?: number;
}

export interface StandIn {
  /** `http://127.0.0.1:<port>`. */
  readonly address: string;
  /** Every path asked, with its query, in order. */
  readonly requests: string[];
  /** Replaces an organization of the model, as Terraform Cloud changes while the workshop goes on. */
  update(name: string, change: (organization: StandInOrganization) => StandInOrganization): void;
  close(): Promise<void>;
}

const ACCESS_RANK: Record<Level, number> = { read: 1, plan: 2, write: 3, admin: 4 };
/** The related resources the workspaces API documents for `include`; anything else is a bad request (400). */
const WORKSPACE_INCLUDES = new Set([
  "current_configuration_version",
  "current_configuration_version.ingress_attributes",
  "current_run",
  "current_run.configuration_version",
  "current_run.configuration_version.ingress_attributes",
  "current_run.plan",
  "locked_by",
  "organization",
  "outputs",
  "project",
  "readme",
]);
const MEMBERSHIP_INCLUDES = new Set(["user", "teams"]);
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

function resource(type: string, id: string, attributes: Record<string, unknown>, relationships?: Record<string, unknown>) {
  return { id, type, attributes, ...(relationships === undefined ? {} : { relationships }) };
}

const errors = (status: number, title: string): Reply => ({ status, body: { errors: [{ status: String(status), title }] } });
const notFound = errors(404, "not found");
const unauthorized = errors(401, "unauthorized");
const badInclude = errors(400, "Invalid include parameter");

/** The page asked for, as the documentation's query parameters give it: the first of 20 when not said, at most 100. */
function pageAsked(url: URL): { readonly size: number; readonly number: number } {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(url.searchParams.get("page[size]") ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
  return { size, number: Math.max(1, Number(url.searchParams.get("page[number]") ?? 1) || 1) };
}

/** The `links` of a list page, as the pagination section of the API documentation shows them: full addresses. */
function pageLinks(url: URL, number: number, totalPages: number): Record<string, string | null> {
  const to = (target: number) => {
    const link = new URL(url);
    link.searchParams.set("page[number]", String(target));
    return link.href;
  };
  return { self: to(number), first: to(1), prev: number > 1 ? to(number - 1) : null, next: number < totalPages ? to(number + 1) : null, last: to(totalPages) };
}

/** A page of a list, as the pagination section of the API documentation shows it: `links` and `meta.pagination`. */
function page(items: unknown[], url: URL, included: unknown[] = []): Reply {
  const { size, number } = pageAsked(url);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  return {
    status: 200,
    body: {
      data: items.slice((number - 1) * size, number * size),
      ...(included.length > 0 ? { included } : {}),
      links: pageLinks(url, number, totalPages),
      meta: {
        pagination: {
          "current-page": number,
          "page-size": size,
          "prev-page": number > 1 ? number - 1 : null,
          "next-page": number < totalPages ? number + 1 : null,
          "total-pages": totalPages,
          "total-count": items.length,
        },
      },
    },
  };
}

/**
 * A page of a list whose documented sample response carries `data` only (teams, team tokens): so is a list that
 * fits on one page; a longer one has the `links` the pagination section shows, and no `meta`.
 */
function dataOnlyPage(items: unknown[], url: URL): Reply {
  const { size, number } = pageAsked(url);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const data = items.slice((number - 1) * size, number * size);
  return { status: 200, body: totalPages === 1 ? { data } : { data, links: pageLinks(url, number, totalPages) } };
}

/** What a team's access lets it do, as the workspace `permissions` show it. */
function permissionsOf(access: Level | CustomPermissions): { readonly read: boolean; readonly queue: boolean; readonly createState: boolean; readonly lock: boolean; readonly update: boolean } {
  if (typeof access === "string") {
    const rank = ACCESS_RANK[access];
    return { read: true, queue: rank >= ACCESS_RANK.plan, createState: rank >= ACCESS_RANK.write, lock: rank >= ACCESS_RANK.write, update: rank >= ACCESS_RANK.admin };
  }
  return { read: true, queue: access.runs !== "read", createState: access.stateVersions === "write", lock: access.workspaceLocking, update: false };
}

/** Starts the stand-in on 127.0.0.1; its owner closes it. */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const requests: string[] = [];
  const hits = new Map<string, number>();
  const organizations = new Map(options.organizations.map((organization) => [organization.name, organization]));
  // Download addresses of state files: a secret per workspace, as the blob storage's are.
  const downloads = new Map<string, string>();
  const secretFor = new Map<string, string>();
  let address = "";

  const teamOf = (organization: StandInOrganization, teamId: string) => organization.teamList?.find((team) => team.id === teamId);

  /** What an identity may do on a workspace, or undefined when it cannot see it. */
  const accessTo = (identity: StandInIdentity, organization: StandInOrganization, workspace: StandInWorkspace): Level | CustomPermissions | undefined => {
    if (identity.kind === "user") return identity.owns.includes(organization.name) ? "admin" : undefined;
    if (identity.organization !== organization.name) return undefined;
    if (identity.kind === "organization") return "admin";
    // Permissions add up (permissions.mdx: "a team's effective permissions is the sum"): managing all workspaces or
    // projects is admin on each, whatever the workspace's own access; reading all adds read, which any access has.
    const team = teamOf(organization, identity.teamId);
    const everything = team?.organizationAccess;
    if (everything?.["manage-workspaces"] === true || everything?.["manage-projects"] === true) return "admin";
    const granted = team?.access?.[workspace.name];
    if (granted !== undefined) return granted;
    return everything?.["read-workspaces"] === true || everything?.["manage-agent-pools"] === true ? "read" : undefined;
  };

  // A push makes a new state version: its id changes with the time of the state, as Terraform Cloud's do.
  const stateVersionId = (workspace: StandInWorkspace) => `sv-${workspace.id}-${createHash("sha256").update(workspace.stateAt ?? "").digest("hex").slice(0, 12)}`;

  const workspaceResource = (workspace: StandInWorkspace, access: Level | CustomPermissions) => {
    const can = permissionsOf(access);
    return resource(
      "workspaces",
      workspace.id,
      {
        name: workspace.name,
        "execution-mode": workspace.executionMode ?? "remote",
        "resource-count": workspace.resourceCount ?? 0,
        "latest-change-at": workspace.stateAt ?? "2026-01-01T00:00:00.000Z",
        permissions: {
          "can-update": can.update,
          "can-destroy": can.update,
          "can-queue-run": can.queue,
          "can-read-state-versions": can.read,
          "can-create-state-versions": can.createState,
          "can-lock": can.lock,
          "can-unlock": can.lock,
          "can-read-settings": can.read,
        },
      },
      {
        "current-state-version": { data: workspace.stateAt === undefined ? null : { id: stateVersionId(workspace), type: "state-versions" } },
        ...(workspace.projectId === undefined ? {} : { project: { data: { id: workspace.projectId, type: "projects" } } }),
      },
    );
  };

  const findWorkspace = (identity: StandInIdentity, id: string) => {
    for (const organization of organizations.values()) {
      const workspace = organization.workspaces?.find((candidate) => candidate.id === id);
      const access = workspace === undefined ? undefined : accessTo(identity, organization, workspace);
      if (workspace !== undefined && access !== undefined) return { workspace, access };
    }
    return undefined;
  };

  const stateVersion = (workspace: StandInWorkspace) => {
    let secret = secretFor.get(workspace.id);
    if (secret === undefined) {
      secret = randomBytes(16).toString("hex");
      secretFor.set(workspace.id, secret);
    }
    downloads.set(secret, workspace.state ?? "");
    return {
      status: 200,
      body: {
        data: resource("state-versions", stateVersionId(workspace), {
          "created-at": workspace.stateAt,
          "hosted-state-download-url": workspace.state === undefined ? null : `${address}/_archivist/v1/object/${secret}`,
          "resources-processed": true,
          serial: 1,
        }),
      },
    };
  };

  function answer(identity: StandInIdentity, url: URL): Reply {
    const parts = url.pathname.replace(/^\/api\/v2\//, "").split("/").map(decodeURIComponent);
    if (parts[0] === "account" && parts[1] === "details" && parts.length === 2) {
      const authenticated =
        identity.kind === "user" ? { id: "user-1", type: "users" } : identity.kind === "team" ? { id: identity.teamId, type: "teams" } : { id: identity.organization, type: "organizations" };
      const username = identity.kind === "user" ? identity.username : identity.kind === "team" ? `api-team_${identity.teamId}` : `api-org-${identity.organization}`;
      return {
        status: 200,
        body: { data: resource("users", "user-1", { username, "is-service-account": identity.kind !== "user" }, { "authenticated-resource": { data: authenticated } }) },
      };
    }
    if (parts[0] === "workspaces" && parts[1] !== undefined) {
      const found = findWorkspace(identity, parts[1]);
      if (found === undefined) return notFound;
      if (parts.length === 2) return { status: 200, body: { data: workspaceResource(found.workspace, found.access) } };
      if (parts.length === 3 && parts[2] === "current-state-version") return found.workspace.stateAt === undefined ? notFound : stateVersion(found.workspace);
      return notFound;
    }
    if (parts[0] !== "organizations" || parts[1] === undefined) return notFound;
    const organization = organizations.get(parts[1]);
    if (organization === undefined) return notFound;
    const owner = (identity.kind === "user" && identity.owns.includes(organization.name)) || (identity.kind === "organization" && identity.organization === organization.name);
    const member = owner || (identity.kind === "team" && identity.organization === organization.name);
    if (!member) return notFound;
    switch (parts[2]) {
      case undefined:
        return { status: 200, body: { data: resource("organizations", organization.name, { name: organization.name, permissions: { "can-update": owner } }) } };
      case "entitlement-set":
        return { status: 200, body: { data: resource("entitlement-sets", `org-${organization.name}`, { teams: organization.teams ?? false, "state-storage": true }) } };
      case "workspaces": {
        const visible = (organization.workspaces ?? []).flatMap((workspace) => {
          const access = accessTo(identity, organization, workspace);
          return access === undefined ? [] : [{ workspace, access }];
        });
        if (parts[3] !== undefined) {
          const one = visible.find(({ workspace }) => workspace.name === parts[3]);
          return one === undefined ? notFound : { status: 200, body: { data: workspaceResource(one.workspace, one.access) } };
        }
        const include = url.searchParams.get("include");
        if (include !== null && !include.split(",").every((item) => WORKSPACE_INCLUDES.has(item))) return badInclude;
        return page(visible.map(({ workspace, access }) => workspaceResource(workspace, access)), url);
      }
      case "teams":
        return owner ? dataOnlyPage((organization.teamList ?? []).map((team) => resource("teams", team.id, { name: team.name })), url) : notFound;
      case "authentication-token":
        return owner && organization.organizationToken === true ? { status: 200, body: { data: resource("authentication-tokens", "at-organization", { "created-at": "2026-01-01T00:00:00Z" }) } } : notFound;
      case "organization-memberships": {
        if (!owner) return notFound;
        const include = url.searchParams.get("include");
        if (include !== null && !include.split(",").every((item) => MEMBERSHIP_INCLUDES.has(item))) return badInclude;
        const withUsers = include?.split(",").includes("user") === true;
        const memberships = organization.memberships ?? [];
        // The documented list shows only the status; the member's email comes with the included user.
        return page(
          memberships.map((membership, index) =>
            resource("organization-memberships", membership.id ?? `ou-${index}`, { status: membership.status }, { user: { data: { id: `user-m${index}`, type: "users" } } }),
          ),
          url,
          withUsers ? memberships.map((membership, index) => resource("users", `user-m${index}`, { username: `member${index}`, email: membership.email })) : [],
        );
      }
      case "team-tokens":
        return owner
          ? dataOnlyPage(
              (organization.teamTokens ?? []).map((token) =>
                resource(
                  "authentication-tokens",
                  token.id,
                  { description: token.description, "created-at": token.createdAt, "last-used-at": token.lastUsedAt ?? null, "expired-at": token.expiredAt ?? null, token: null },
                  { team: { data: { id: token.teamId, type: "teams" } }, "created-by": { data: { id: "user-1", type: "users" } } },
                ),
              ),
              url,
            )
          : notFound;
      case "projects":
        // The list's attributes and relationships as the Projects API documents them.
        return page(
          (organization.projects ?? []).map((project) =>
            resource(
              "projects",
              project.id,
              {
                name: project.name,
                description: project.description ?? null,
                "workspace-count": (organization.workspaces ?? []).filter((workspace) => workspace.projectId === project.id).length,
                "team-count": 0,
                "auto-destroy-activity-duration": project.autoDestroyActivityDuration ?? null,
                "default-execution-mode": project.defaultExecutionMode ?? "remote",
                "setting-overwrites": { "execution-mode": project.defaultExecutionMode !== undefined, "stacks-execution-mode": false },
                permissions: { "can-update": owner, "can-destroy": owner, "can-create-workspace": owner },
              },
              { organization: { data: { id: organization.name, type: "organizations" } } },
            ),
          ),
          url,
        );
      default:
        return notFound;
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Its own address as the base, so that the links of a list page point back to it.
    const url = new URL(request.url ?? "/", address);
    requests.push(`${url.pathname}${url.search}`);
    const hit = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, hit);
    const fault = options.faults?.[url.pathname]?.(hit);
    let reply: Reply;
    if (fault !== undefined) reply = fault;
    else if (url.pathname.startsWith("/_archivist/v1/object/")) {
      // The blob store needs no token: the secret is in the address.
      const text = downloads.get(url.pathname.slice("/_archivist/v1/object/".length));
      reply = text === undefined ? notFound : { status: 200, text, headers: { "Content-Type": "application/octet-stream" } };
    } else {
      const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      const identity = options.tokens.get(token);
      reply = identity === undefined ? unauthorized : answer(identity, url);
    }
    response.writeHead(reply.status, { "Content-Type": "application/vnd.api+json", ...reply.headers });
    if (reply.stall === true || reply.cut === true) {
      // Closed once the start is sent, so that the client has the headers and half a body.
      response.write(reply.text ?? '{"data": ', () => {
        if (reply.cut === true) response.socket?.destroy();
      });
      return;
    }
    response.end(reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address,
    requests,
    update: (name, change) => {
      const organization = organizations.get(name);
      if (organization === undefined) throw new Error(`the stand-in has no organization ${name}`);
      organizations.set(name, change(organization));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

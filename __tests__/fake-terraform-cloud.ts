import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Terraform Cloud on 127.0.0.1, answering the GET endpoints this project reads with the
 * document shapes of HashiCorp's API documentation, from a small model of organizations, workspaces, teams,
 * team access, tokens and memberships. Faults (HTML, stalls, 429, 5xx) are injected per path.
 */

/** A token-shaped value made at run time, so that tests can prove it is never printed. */
export function fakeToken(seed: string): string {
  return [seed.padEnd(14, "x").slice(0, 14), ["atlas", "v1"].join(""), seed.repeat(64).slice(0, 64)].join(".");
}

export type Level = "read" | "plan" | "write" | "admin";

export interface FakeWorkspace {
  readonly id: string;
  readonly name: string;
  readonly executionMode?: string;
  /** How many resources its current state holds. */
  readonly resourceCount?: number;
  /** When its current state version was created; none: no state yet. */
  readonly stateAt?: string;
}

export interface FakeOrganization {
  readonly name: string;
  /** Whether the plan has the teams entitlement. */
  readonly teams?: boolean;
  /** Whether it has an organization token. */
  readonly organizationToken?: boolean;
  readonly workspaces?: readonly FakeWorkspace[];
  readonly teamList?: ReadonlyArray<{ readonly id: string; readonly name: string; readonly access?: Readonly<Record<string, Level>> }>;
  readonly memberships?: ReadonlyArray<{ readonly email: string; readonly status: "invited" | "active" }>;
}

/** Who a token authenticates as: a user (owner of the organizations listed), a team, or an organization. */
export type FakeIdentity =
  | { readonly kind: "user"; readonly username: string; readonly owns: readonly string[] }
  | { readonly kind: "team"; readonly organization: string; readonly teamId: string }
  | { readonly kind: "organization"; readonly organization: string };

/** `stall` sends the start of the body and waits; `cut` sends it and closes the connection. */
export type Reply = { readonly status: number; readonly body?: unknown; readonly text?: string; readonly headers?: Record<string, string>; readonly stall?: boolean; readonly cut?: boolean };
/** A fault for a path: a reply that replaces the model's, or undefined to let the model answer. */
export type Fault = (hit: number) => Reply | undefined;

export interface FakeCloud {
  readonly address: string;
  readonly requests: string[];
  close(): Promise<void>;
}

const ACCESS_RANK: Record<Level, number> = { read: 1, plan: 2, write: 3, admin: 4 };

function resource(type: string, id: string, attributes: Record<string, unknown>, relationships?: Record<string, unknown>) {
  return { id, type, attributes, ...(relationships === undefined ? {} : { relationships }) };
}

function page(items: unknown[], url: URL, included: unknown[] = []) {
  const size = Number(url.searchParams.get("page[size]") ?? 20);
  const number = Number(url.searchParams.get("page[number]") ?? 1);
  const slice = items.slice((number - 1) * size, number * size);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  return {
    status: 200,
    body: {
      data: slice,
      ...(included.length > 0 ? { included } : {}),
      meta: { pagination: { "current-page": number, "next-page": number < totalPages ? number + 1 : null, "total-pages": totalPages, "total-count": items.length } },
    },
  };
}

const notFound: Reply = { status: 404, body: { errors: [{ status: "404", title: "not found" }] } };
const unauthorized: Reply = { status: 401, body: { errors: [{ status: "401", title: "unauthorized" }] } };

/** Starts the fake; every test closes it. */
export async function fakeTerraformCloud(options: {
  readonly organizations: readonly FakeOrganization[];
  readonly tokens: ReadonlyMap<string, FakeIdentity>;
  readonly faults?: Readonly<Record<string, Fault>>;
}): Promise<FakeCloud> {
  const requests: string[] = [];
  const hits = new Map<string, number>();
  const organizations = new Map(options.organizations.map((organization) => [organization.name, organization]));

  /** The level a team has on a workspace, by the organization's team list. */
  const levelOf = (organization: FakeOrganization, teamId: string, workspace: FakeWorkspace): Level | undefined =>
    organization.teamList?.find((team) => team.id === teamId)?.access?.[workspace.name];

  const canSee = (identity: FakeIdentity, organization: FakeOrganization, workspace: FakeWorkspace): Level | undefined => {
    if (identity.kind === "user") return identity.owns.includes(organization.name) ? "admin" : undefined;
    if (identity.organization !== organization.name) return undefined;
    return identity.kind === "organization" ? "admin" : levelOf(organization, identity.teamId, workspace);
  };

  const workspaceResource = (workspace: FakeWorkspace, level: Level) =>
    resource(
      "workspaces",
      workspace.id,
      {
        name: workspace.name,
        "execution-mode": workspace.executionMode ?? "remote",
        "resource-count": workspace.resourceCount ?? 0,
        permissions: {
          "can-update": ACCESS_RANK[level] >= ACCESS_RANK.admin,
          "can-queue-run": ACCESS_RANK[level] >= ACCESS_RANK.plan,
          "can-read-state-versions": ACCESS_RANK[level] >= ACCESS_RANK.read,
          "can-create-state-versions": ACCESS_RANK[level] >= ACCESS_RANK.write,
        },
      },
      { "current-state-version": { data: workspace.stateAt === undefined ? null : { id: `sv-${workspace.id}`, type: "state-versions" } } },
    );

  function answer(identity: FakeIdentity, url: URL): Reply {
    const parts = url.pathname.replace(/^\/api\/v2\//, "").split("/").map(decodeURIComponent);
    if (parts[0] === "account" && parts[1] === "details") {
      const authenticated =
        identity.kind === "user" ? { id: "user-1", type: "users" } : identity.kind === "team" ? { id: identity.teamId, type: "teams" } : { id: identity.organization, type: "organizations" };
      const username = identity.kind === "user" ? identity.username : identity.kind === "team" ? `api-team_${identity.teamId}` : `api-org-${identity.organization}`;
      return {
        status: 200,
        body: { data: resource("users", "user-1", { username, "is-service-account": identity.kind !== "user" }, { "authenticated-resource": { data: authenticated } }) },
      };
    }
    if (parts[0] === "workspaces" && parts.length === 2) {
      for (const organization of organizations.values()) {
        const workspace = organization.workspaces?.find((candidate) => candidate.id === parts[1]);
        const level = workspace === undefined ? undefined : canSee(identity, organization, workspace);
        if (workspace !== undefined && level !== undefined) return { status: 200, body: { data: workspaceResource(workspace, level) } };
      }
      return notFound;
    }
    if (parts[0] !== "organizations" || parts[1] === undefined) return notFound;
    const organization = organizations.get(parts[1]);
    if (organization === undefined) return notFound;
    const owner = identity.kind === "user" && identity.owns.includes(organization.name);
    const member = owner || (identity.kind !== "user" && identity.organization === organization.name);
    if (!member) return notFound;
    switch (parts[2]) {
      case undefined:
        return { status: 200, body: { data: resource("organizations", organization.name, { name: organization.name, permissions: { "can-update": owner } }) } };
      case "entitlement-set":
        return { status: 200, body: { data: resource("entitlement-sets", `org-${organization.name}`, { teams: organization.teams ?? false, "state-storage": true }) } };
      case "workspaces": {
        const visible = (organization.workspaces ?? []).flatMap((workspace) => {
          const level = canSee(identity, organization, workspace);
          return level === undefined ? [] : [{ workspace, level }];
        });
        const included = url.searchParams.get("include") === "current_state_version"
          ? visible.flatMap(({ workspace }) => (workspace.stateAt === undefined ? [] : [resource("state-versions", `sv-${workspace.id}`, { "created-at": workspace.stateAt })]))
          : [];
        return page(visible.map(({ workspace, level }) => workspaceResource(workspace, level)), url, included);
      }
      case "teams":
        return owner ? page((organization.teamList ?? []).map((team) => resource("teams", team.id, { name: team.name })), url) : notFound;
      case "authentication-token":
        return owner && organization.organizationToken === true ? { status: 200, body: { data: resource("authentication-tokens", "at-1", { "created-at": "2026-01-01T00:00:00Z" }) } } : notFound;
      case "organization-memberships":
        return owner
          ? page((organization.memberships ?? []).map((membership, index) => resource("organization-memberships", `ou-${index}`, { status: membership.status, email: membership.email })), url)
          : notFound;
      default:
        return notFound;
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    const hit = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, hit);
    const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
    const identity = options.tokens.get(token);
    const reply = options.faults?.[url.pathname]?.(hit) ?? (identity === undefined ? unauthorized : answer(identity, url));
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    address: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

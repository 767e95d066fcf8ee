import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { API_PREFIX } from "../api-client";
import { ACCOUNT_ROUTES } from "./account";
import { methodNotAllowed, notFound, READ_METHODS, unauthorized } from "./documents";
import type { Reply, StandIn, StandInIdentity, StandInOptions } from "./model";
import { ORGANIZATION_MEMBERSHIP_ROUTES } from "./organization-memberships";
import { ORGANIZATION_ROUTES } from "./organizations";
import { PROJECT_ROUTES } from "./projects";
import type { Route, StandInWorld } from "./route";
import { DOWNLOAD_PREFIX, download, STATE_VERSION_ROUTES } from "./state-versions";
import { TEAM_TOKEN_ROUTES } from "./team-tokens";
import { TEAM_ROUTES } from "./teams";
import { WORKSPACE_ROUTES } from "./workspaces";

export type * from "./model";

/**
 * A stand-in for Terraform Cloud on 127.0.0.1, written from HashiCorp's API documentation: it answers the GET
 * endpoints this project reads, with the documented document shapes, from a small model of organizations, workspaces,
 * teams and their access, tokens, memberships and state (`model.ts`), one file per resource, each route matched by
 * the path the client builds its requests from (`../resources/`), and any other method with 405. The tests run
 * against it, and `npm run rehearse` serves it for a facilitator to try the workshop day on. Faults (HTML, stalls,
 * 429, 5xx) can be injected per path. It listens on the loopback address only.
 */

const ROUTES: readonly Route[] = [
  ...ACCOUNT_ROUTES,
  ...ORGANIZATION_ROUTES,
  ...WORKSPACE_ROUTES,
  ...STATE_VERSION_ROUTES,
  ...TEAM_ROUTES,
  ...TEAM_TOKEN_ROUTES,
  ...ORGANIZATION_MEMBERSHIP_ROUTES,
  ...PROJECT_ROUTES,
];

/** The model's answer to an API request of an identity: the first route whose path matches, else 404. */
function answer(world: StandInWorld, identity: StandInIdentity, url: URL): Reply {
  if (!url.pathname.startsWith(`${API_PREFIX}/`)) return notFound;
  const pathname = url.pathname.slice(API_PREFIX.length);
  for (const route of ROUTES) {
    const reply = route.answer(pathname, { world, identity, url });
    if (reply !== undefined) return reply;
  }
  return notFound;
}

/** Sends a reply; a stalled or cut one closes once the start of its body is sent, with the headers and half a body. */
function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { "Content-Type": "application/vnd.api+json", ...reply.headers });
  if (reply.stall === true || reply.cut === true) {
    response.write(reply.text ?? '{"data": ', () => {
      if (reply.cut === true) response.socket?.destroy();
    });
    return;
  }
  response.end(reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)));
}

/** Whether a token has expired at `now`. */
const expired = (identity: StandInIdentity, now: Date) =>
  identity.expiredAt !== undefined && Date.parse(identity.expiredAt) <= now.getTime();

/**
 * A team token's use, as its `last-used-at` (the samples of the user tokens API show that attribute move, to the
 * millisecond, once the token has been used; no page says more): set by every request the token authenticates.
 */
function recordUse(world: StandInWorld, identity: StandInIdentity, at: Date): void {
  if (identity.kind !== "team" || identity.tokenId === undefined) return;
  const organization = world.organizations.get(identity.organization);
  if (organization?.teamTokens === undefined) return;
  world.organizations.set(identity.organization, {
    ...organization,
    teamTokens: organization.teamTokens.map((token) =>
      token.id === identity.tokenId ? { ...token, lastUsedAt: at.toISOString() } : token,
    ),
  });
}

/** Starts the stand-in on 127.0.0.1; its owner closes it. */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const now = options.now ?? (() => new Date());
  const requests: string[] = [];
  const hits = new Map<string, number>();
  const world: StandInWorld = {
    organizations: new Map(options.organizations.map((organization) => [organization.name, organization])),
    downloads: new Map(),
    secretFor: new Map(),
    address: "",
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Its own address as the base, so that the links of a list page point back to it.
    const url = new URL(request.url ?? "/", world.address);
    requests.push(`${url.pathname}${url.search}`);
    const hit = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, hit);
    const fault = options.faults?.[url.pathname]?.(hit);
    if (fault !== undefined) return send(response, fault);
    if (!READ_METHODS.has(request.method ?? "")) return send(response, methodNotAllowed);
    if (url.pathname.startsWith(DOWNLOAD_PREFIX)) return send(response, download(world, url.pathname));
    const identity = options.tokens.get((request.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (identity === undefined || expired(identity, now())) return send(response, unauthorized);
    recordUse(world, identity, now());
    send(response, answer(world, identity, url));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  world.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address: world.address,
    requests,
    update: (name, change) => {
      const organization = world.organizations.get(name);
      if (organization === undefined) throw new Error(`the stand-in has no organization ${name}`);
      world.organizations.set(name, change(organization));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

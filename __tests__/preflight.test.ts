import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { checklistLine, preflight, type CheckItem } from "../preflight/checks";
import { ApiClient } from "../preflight/client";
import { apiAccess } from "../preflight/credentials";
import { exampleConfigJson, validConfig } from "./support";

/** A token-shaped value made at run time, so that the test can prove it is never printed. */
const TOKEN = ["Pr3fl1ghtT0k3n", ["atlas", "v1"].join(""), "p".repeat(64)].join(".");

type Reply = { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> };
type Route = (request: IncomingMessage, hit: number) => Reply;

/** Response shapes of the public API documentation (Account, Organizations, Entitlement Sets, Workspaces). */
const user = (type = "users"): Reply => ({
  status: 200,
  body: {
    data: {
      id: "user-V3R563qtJNcExAkN",
      type: "users",
      attributes: { username: type === "users" ? "facilitator" : "api-org-acme", "is-service-account": type !== "users" },
      relationships: { "authenticated-resource": { data: { id: "acme", type } } },
    },
  },
});
const organization = (canUpdate: boolean): Reply => ({
  status: 200,
  body: { data: { id: "acme-aws-workshop", type: "organizations", attributes: { name: "acme-aws-workshop", permissions: { "can-update": canUpdate } } } },
});
const entitlements = (teams: boolean): Reply => ({ status: 200, body: { data: { id: "org-1", type: "entitlement-sets", attributes: { teams, operations: true } } } });
const workspaces = (...names: Array<[string, string]>): Reply => ({
  status: 200,
  body: {
    data: names.map(([name, mode]) => ({ id: `ws-${name}`, type: "workspaces", attributes: { name, "execution-mode": mode } })),
    meta: { pagination: { "current-page": 1, "next-page": null, "total-pages": 1 } },
  },
});
const notFound: Reply = { status: 404, body: { errors: [{ status: "404", title: "not found" }] } };
const unauthorized: Reply = { status: 401, body: { errors: [{ status: "401", title: "unauthorized" }] } };

const ORG = "/api/v2/organizations/acme-aws-workshop";

/** A local stand-in for Terraform Cloud on 127.0.0.1, answering by path; it records every request. */
async function fakeTerraformCloud(routes: Record<string, Route>) {
  const requests: string[] = [];
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0]!;
    requests.push(request.url ?? "");
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const reply = request.headers.authorization === `Bearer ${TOKEN}` ? (routes[path]?.(request, hit) ?? notFound) : unauthorized;
    response.writeHead(reply.status, { "Content-Type": "application/vnd.api+json", ...reply.headers });
    response.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { address, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Runs the preflight of a config against a fake Terraform Cloud; waits are recorded, not slept. */
async function check(json: unknown, routes: Record<string, Route>, token = TOKEN) {
  const server = await fakeTerraformCloud(routes);
  close = server.close;
  const waits: number[] = [];
  const items = await preflight(validConfig(json), { address: server.address, token, tokenSource: "TFE_TOKEN" }, {
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { items, waits, requests: server.requests, lines: items.map(checklistLine) };
}

const blockers = (items: readonly CheckItem[]) => items.filter((item) => item.level === "blocker").map((item) => `${item.subject}: ${item.fix}`);
const minimal = { organization: { name: "acme-aws-workshop", email: "facilitator@example.com" } };

describe("preflight against a local Terraform Cloud", () => {
  it("passes a healthy setup: a user token and an organization to create", async () => {
    const { items, lines } = await check(minimal, { "/api/v2/account/details": () => user(), [ORG]: () => notFound });
    expect(blockers(items)).toEqual([]);
    expect(lines).toEqual([
      "ok      state: the local file terraform.aws-workshop.tfstate: it holds the tokens in plain text, keep it private",
      "ok      token: a user token of facilitator",
      'ok      organization "acme-aws-workshop": does not exist yet, or belongs to an account this token cannot see: it will be created',
    ]);
  });

  it("fails on an organization token, which cannot create organizations", async () => {
    const { items } = await check(minimal, { "/api/v2/account/details": () => user("organizations"), [ORG]: () => notFound });
    expect(blockers(items)).toEqual([
      "token: use a user token (terraform login), or set organization.create to false if the organization exists",
    ]);
  });

  it("fails on an organization name taken by someone else", async () => {
    const { items } = await check(minimal, { "/api/v2/account/details": () => user(), [ORG]: () => organization(false), [`${ORG}/workspaces`]: () => workspaces() });
    expect(blockers(items)).toEqual(['organization "acme-aws-workshop": choose another organization.name']);
  });

  it("fails on an organization that exists and is yours, pointing at the import", async () => {
    const { items } = await check(minimal, { "/api/v2/account/details": () => user(), [ORG]: () => organization(true), [`${ORG}/workspaces`]: () => workspaces() });
    expect(blockers(items)).toEqual([
      'organization "acme-aws-workshop": set "import": { "organization": true } to adopt it, or organization.create to false to only look it up',
    ]);
  });

  it("reports existing workspaces with their execution mode, adopted or in the way", async () => {
    // GIVEN the organization and aws_workshop made by hand, and a second workspace the config also creates
    const json = { ...minimal, workspaces: [{ name: "aws_workshop" }, { name: "sandbox" }], import: { organization: true, workspaces: ["aws_workshop"] } };
    const routes = {
      "/api/v2/account/details": () => user(),
      [ORG]: () => organization(true),
      [`${ORG}/workspaces`]: () => workspaces(["aws_workshop", "remote"], ["sandbox", "local"]),
    };
    // WHEN checked
    const { items, lines } = await check(json, routes);
    // THEN
    expect(lines).toContain('ok      workspace "aws_workshop": exists (execution mode remote) and will be adopted');
    expect(blockers(items)).toEqual(['workspace "sandbox": add "sandbox" to import.workspaces to adopt it']);
  });

  /** An existing organization of the user, on a plan with or without teams, holding the given workspaces. */
  const existingOrganization = (teams: boolean, ...names: Array<[string, string]>): Record<string, Route> => ({
    "/api/v2/account/details": () => user(),
    [ORG]: () => organization(true),
    [`${ORG}/entitlement-set`]: () => entitlements(teams),
    [`${ORG}/workspaces`]: () => workspaces(...names),
  });
  const withTeamsLookedUp = { ...exampleConfigJson(), organization: { name: "acme-aws-workshop", email: "f@example.com", create: false } };

  it("fails on a free plan when the config has teams", async () => {
    const { items } = await check(withTeamsLookedUp, existingOrganization(false, ["aws_workshop", "local"]));
    expect(blockers(items)).toEqual([
      "teams: upgrade the organization to the Essentials plan (formerly Standard), which has the teams entitlement, or remove teams and attendees from the config",
      'workspace "aws_workshop": add "aws_workshop" to import.workspaces to adopt it',
    ]);
  });

  it("passes teams on a plan that has them", async () => {
    const { items } = await check(withTeamsLookedUp, existingOrganization(true));
    expect(blockers(items)).toEqual([]);
    expect(items.map(checklistLine)).toContain("ok      teams: the organization's plan includes teams");
  });

  it("fails on a rejected token (401) and asks nothing more", async () => {
    const { items, requests } = await check(minimal, {}, "not-the-token");
    expect(blockers(items)).toEqual(["token: run terraform login again, or create a new user token and export it as TFE_TOKEN"]);
    expect(requests).toEqual(["/api/v2/account/details"]);
  });

  it("waits out a rate limit for as long as Retry-After asks, then goes on", async () => {
    // GIVEN a server that answers the first request with 429 and Retry-After: 3
    const routes = {
      "/api/v2/account/details": (_: IncomingMessage, hit: number) => (hit === 1 ? { status: 429, headers: { "Retry-After": "3" } } : user()),
      [ORG]: () => notFound,
    };
    // WHEN checked
    const { items, waits, requests } = await check(minimal, routes);
    // THEN it waited 3 s once, asked again, and passed
    expect(waits).toEqual([3000]);
    expect(requests.filter((path) => path === "/api/v2/account/details")).toHaveLength(2);
    expect(blockers(items)).toEqual([]);
  });

  it("never prints the token", async () => {
    const { lines } = await check(minimal, { "/api/v2/account/details": () => user("teams"), [ORG]: () => organization(false) });
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("fails on a local state when the deploy runs on a disposable machine such as a CI runner", async () => {
    const items = await preflight(validConfig(minimal), { address: "http://127.0.0.1:9", tokenSource: "none" }, { disposableMachine: true });
    expect(blockers(items)[0]).toBe('state: set "state" in the config to keep it in a Terraform Cloud workspace');
    const kept = await preflight(validConfig({ ...minimal, state: { organization: "acme-admin", workspace: "state" } }), { address: "http://127.0.0.1:9", tokenSource: "none" }, { disposableMachine: true });
    expect(kept.map(checklistLine)[0]).toBe("ok      state: in Terraform Cloud workspace acme-admin/state");
  });

  it("fails when there is no token at all, without asking anything", async () => {
    const items = await preflight(validConfig(minimal), { address: "http://127.0.0.1:9", tokenSource: "none" });
    expect(blockers(items)).toEqual(["token: run terraform login, or export TFE_TOKEN with a user token"]);
  });
});

describe("ApiClient", () => {
  it("follows every page of a list", async () => {
    const server = await fakeTerraformCloud({
      "/api/v2/organizations/acme/workspaces": (request) => {
        const page = new URL(request.url ?? "", "http://x").searchParams.get("page[number]");
        return page === "1"
          ? { status: 200, body: { data: [{ id: "ws-1" }], meta: { pagination: { "next-page": 2 } } } }
          : { status: 200, body: { data: [{ id: "ws-2" }], meta: { pagination: { "next-page": null } } } };
      },
    });
    close = server.close;
    const listed = await new ApiClient({ address: server.address, token: TOKEN }).list("/organizations/acme/workspaces");
    expect(listed.items).toEqual([{ id: "ws-1" }, { id: "ws-2" }]);
  });

  it("gives up on a server that does not answer in time, without the token in the message", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    close = () => new Promise<void>((resolve) => silent.close(() => resolve()));
    const address = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const client = new ApiClient({ address, token: TOKEN, timeoutMs: 200 });
    await expect(client.get("/account/details")).rejects.toThrow(`cannot reach ${address} (no answer within 0.2 s)`);
    silent.closeAllConnections();
  });
});

describe("apiAccess", () => {
  const home = mkdtempSync(join(tmpdir(), "workshop-home-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("prefers TFE_TOKEN, then TF_TOKEN_<host>, then the terraform login credentials", () => {
    mkdirSync(join(home, ".terraform.d"));
    writeFileSync(join(home, ".terraform.d", "credentials.tfrc.json"), JSON.stringify({ credentials: { "app.terraform.io": { token: "stored" } } }));
    expect(apiAccess({ TFE_TOKEN: "env", TF_TOKEN_app_terraform_io: "host" }, home)).toEqual({ address: "https://app.terraform.io", token: "env", tokenSource: "TFE_TOKEN" });
    expect(apiAccess({ TF_TOKEN_app_terraform_io: "host" }, home).tokenSource).toBe("TF_TOKEN_app_terraform_io");
    expect(apiAccess({}, home)).toEqual({ address: "https://app.terraform.io", token: "stored", tokenSource: "terraform login" });
  });

  it("uses TFE_HOSTNAME or TFE_ADDRESS for Terraform Enterprise", () => {
    expect(apiAccess({ TFE_HOSTNAME: "tfe.example.com" }, home)).toEqual({ address: "https://tfe.example.com", tokenSource: "none" });
    expect(apiAccess({ TFE_ADDRESS: "http://127.0.0.1:8080/" }, home).address).toBe("http://127.0.0.1:8080");
  });

});

describe("npm run preflight", () => {
  it("prints the checklist without the token and exits 1 on a blocker", async () => {
    const server = await fakeTerraformCloud({ "/api/v2/account/details": () => user("teams"), [ORG]: () => notFound });
    close = server.close;
    const child = spawn("node", [join("bin", "preflight.js")], {
      cwd: join(__dirname, ".."),
      env: { ...process.env, TFE_TOKEN: TOKEN, TFE_ADDRESS: server.address, WORKSHOP_CONFIG: "workshop.config.json" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(output).toContain("BLOCKER token: a team token, and only user tokens may create organizations");
    expect(output).not.toContain(TOKEN);
  });
});

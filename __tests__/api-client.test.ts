import { describe, expect, it } from "vitest";
import { ApiClient, MAX_LIST_READS, MAX_PAGES, RequestPacer, type ApiAnswer } from "../terraform-cloud/api-client";
import {
  ACCOUNT,
  listTeams,
  ORGANIZATION_MEMBERSHIP,
  readCurrentStateVersion,
  readWorkspaceByName,
  TEAM,
  WORKSPACE,
} from "../terraform-cloud/resources";
import { isLoopbackAddress } from "../terraform-cloud/hostname";
import { ApiPath } from "../terraform-cloud/resources/api-path";
import type { Fault, Reply, StandInOrganization } from "../terraform-cloud/stand-in";
import { fakeClouds, fakeToken, movedClock } from "./workshop-day-support";
import { readDate, timeOf, UNREADABLE } from "../terraform-cloud/dates";
import { bounded } from "../text/bound";

const TOKEN = fakeToken("Cl1entTestUser");
const ORG = "acme";
const LIST = `/api/v2/organizations/${ORG}/workspaces`;
const cloud = fakeClouds();

/** A workspace entry as the documentation shows one in the list. */
const workspace = (index: number) => ({
  id: `ws-${index}`,
  type: "workspaces",
  attributes: {
    name: `w${index}`,
    "execution-mode": "local",
    "resource-count": 0,
    permissions: {
      "can-update": true,
      "can-lock": true,
      "can-read-state-versions": true,
      "can-create-state-versions": true,
    },
  },
  relationships: { "current-state-version": { data: null } },
});

const pageOf = (items: unknown[], pagination: Record<string, unknown> | undefined): Reply => ({
  status: 200,
  body: { data: items, ...(pagination === undefined ? {} : { meta: { pagination } }) },
});

/** A client of a stand-in with the faults given, on a clock of its own that records the pacer's waits. */
async function client(
  faults: Record<string, Fault> = {},
  organizations: StandInOrganization[] = [{ name: ORG, workspaces: [{ id: "ws-1", name: "w1" }] }],
) {
  const fake = await cloud({
    organizations,
    tokens: new Map([[TOKEN, { kind: "user", username: "facilitator", owns: [ORG] }]]),
    faults,
  });
  const { waits, pacing } = movedClock();
  const pacer = new RequestPacer(pacing);
  return { api: new ApiClient({ address: fake.address, token: TOKEN, pacer, timeoutMs: 2000 }), fake, waits };
}

const failure = (answer: ApiAnswer<unknown>) =>
  answer.kind === "failed" ? `${answer.request} ${answer.detail}` : answer.kind;

describe("the resource modules' paths", () => {
  it("escape each value, and the stand-in reads the same path back to the value", async () => {
    // GIVEN an organization whose workspace name needs escaping in a path
    const { api, fake } = await client({}, [{ name: ORG, workspaces: [{ id: "ws-1", name: "w?1#%" }] }]);
    // WHEN it is read by its name
    const answer = await readWorkspaceByName(api, ORG, "w?1#%");
    // THEN the request escaped it, and the stand-in matched it through the same path definition
    expect(fake.requests).toEqual([`/api/v2/organizations/${ORG}/workspaces/w%3F1%23%25`]);
    expect(answer.kind === "ok" ? answer.value.id : answer).toBe("ws-1");
  });

  it.each(["", "ws-1/../../account", "ws 1", ".", ".."])(
    "fails when an id from an answer (%j) cannot stand in a path, sending nothing",
    async (id) => {
      // GIVEN a workspace id as a server could answer it WHEN its current state version is read
      const { api, fake } = await client();
      const answer = await readCurrentStateVersion(api, id);
      // THEN no request went out, and the line names the value and the rule, go-tfe's validStringID and no step
      expect(fake.requests).toEqual([]);
      expect(answer.kind === "failed" ? `${answer.request} ${answer.detail}` : answer).toBe(
        "GET /api/v2/workspaces/:workspace_id/current-state-version was not sent: " +
          `its workspace_id ${JSON.stringify(id)} cannot stand in the path: it must ` +
          `not be empty, hold a "/" or white space, or be "." or ".."`,
      );
    },
  );

  it("fails the same way for a list, before its first page", async () => {
    const { api, fake } = await client();
    const answer = await listTeams(api, "..");
    expect(fake.requests).toEqual([]);
    expect(answer.kind === "failed" ? answer.detail : answer).toMatch(
      /^was not sent: its organization "\.\." cannot stand in the path/,
    );
  });

  it("match a request only with every fixed segment and a value in each parameter", () => {
    const path = new ApiPath("/organizations/:organization/teams");
    expect(path.match("/organizations/a%2Fb/teams")).toEqual({ organization: "a/b" });
    expect(path.match("/organizations//teams")).toBeUndefined();
    expect(path.match("/organizations/acme/teams/extra")).toBeUndefined();
    expect(path.match("/organizations/acme/projects")).toBeUndefined();
    expect(path.match("/organizations/%E0%A4%A/teams")).toBeUndefined();
  });
});

describe("the API client's lists", () => {
  it("reads every page it is pointed to, 100 to a page", async () => {
    const { api, fake } = await client({}, [
      { name: ORG, workspaces: Array.from({ length: 250 }, (_, index) => ({ id: `ws-${index}`, name: `w${index}` })) },
    ]);
    const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
    expect(answer.kind === "ok" ? answer.value.length : answer).toBe(250);
    expect(fake.requests).toEqual([1, 2, 3].map((page) => `${LIST}?page%5Bnumber%5D=${page}&page%5Bsize%5D=100`));
  });

  it(
    "takes a page with neither meta nor links as the whole list when it holds " +
      "fewer than 100, as the team tokens' documented sample is",
    async () => {
      const { api, fake } = await client({ [LIST]: () => pageOf([workspace(1), workspace(2)], undefined) });
      const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
      expect(answer.kind === "ok" ? answer.value.map((item) => item.name) : answer).toEqual(["w1", "w2"]);
      expect(fake.requests).toHaveLength(1);
    },
  );

  it(
    "fails when a full page of 100 has neither meta.pagination nor " +
      "links.next, saying which list cannot be read whole",
    async () => {
      const { api, fake } = await client({
        [LIST]: () =>
          pageOf(
            Array.from({ length: 100 }, (_, index) => workspace(index)),
            undefined,
          ),
      });
      expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
        new RegExp(
          `^GET ${LIST.replaceAll("/", "\\/")}\\?page%5Bnumber%5D=1&page%5Bsize%5D=100 answered 200 ` +
            `\\(application/vnd\\.api\\+json\\) with a body that holds a full page of 100 and neither ` +
            `meta\\.pagination nor links\\.next says whether more follow, so the list cannot be read whole: `,
        ),
      );
      expect(fake.requests).toHaveLength(1);
    },
  );

  it("follows links.next where a list has no meta, as the stand-in's teams of more than a page are", async () => {
    const teamList = Array.from({ length: 250 }, (_, index) => ({ id: `team-${index}`, name: `t${index}` }));
    const { api, fake } = await client({}, [{ name: ORG, teamList }]);
    const answer = await api.list(`/organizations/${ORG}/teams`, TEAM);
    expect(answer.kind === "ok" ? answer.value.length : answer).toBe(250);
    expect(fake.requests).toEqual(
      [1, 2, 3].map((page) => `/api/v2/organizations/${ORG}/teams?page%5Bnumber%5D=${page}&page%5Bsize%5D=100`),
    );
  });

  it("fails when links.next leads away from the API's address, sending the token nowhere else", async () => {
    const away = {
      data: Array.from({ length: 100 }, (_, index) => workspace(index)),
      links: { next: "http://127.0.0.1:1/api/v2/steal?page%5Bnumber%5D=2" },
    };
    const { api, fake } = await client({ [LIST]: () => ({ status: 200, body: away }) });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      / with a body that has a links\.next away from http:\/\/127\.0\.0\.1:\d+\/api\/v2\/, where the token is not sent: /,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("ends the list where links.next is null", async () => {
    const { api, fake } = await client({
      [LIST]: () => ({
        status: 200,
        body: { data: Array.from({ length: 100 }, (_, index) => workspace(index)), links: { next: null } },
      }),
    });
    const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
    expect(answer.kind === "ok" ? answer.value.length : answer).toBe(100);
    expect(fake.requests).toHaveLength(1);
  });

  it("fails when next-page jumps, instead of paging on without end", async () => {
    const { api, fake } = await client({
      [LIST]: (hit) => pageOf([workspace(hit)], { "current-page": hit, "next-page": hit * 2, "total-pages": 1000 }),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      / with a body that has a pagination next-page 4 that is not page 3 of 1000: /,
    );
    expect(fake.requests).toHaveLength(2);
  });

  it("fails when next-page points beyond total-pages", async () => {
    const { api } = await client({
      [LIST]: () => pageOf([workspace(1)], { "current-page": 1, "next-page": 2, "total-pages": 1 }),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      /has a pagination next-page 2 that is not page 2 of 1: /,
    );
  });

  it("fails when a page is another than the one asked", async () => {
    const { api } = await client({
      [LIST]: () => pageOf([workspace(1)], { "current-page": 1, "next-page": 2, "total-pages": 5 }),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      /page2.*is page 1 where page 2 was asked|is page 1 where page 2 was asked/,
    );
  });

  it("reads a null setting-overwrites, or a null execution mode in it, as the workspace's own mode", async () => {
    // GIVEN a list whose workspaces say null where the docs show an object, as go-tfe's pointer allows
    const overwrites = [null, { "execution-mode": null }, { "execution-mode": false }];
    const items = overwrites.map((value, index) => {
      const item = workspace(index);
      return { ...item, attributes: { ...item.attributes, "setting-overwrites": value } };
    });
    const { api } = await client({ [LIST]: () => pageOf(items, undefined) });
    // WHEN listed THEN the list is read, only the explicit false following the project's default
    const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
    expect(answer.kind === "ok" ? answer.value.map((item) => item.followsProjectExecutionMode) : answer).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("ends the list at an empty page, whatever next-page says", async () => {
    const { api, fake } = await client({
      [LIST]: (hit) =>
        pageOf(hit === 1 ? [workspace(1)] : [], { "current-page": hit, "next-page": hit + 1, "total-pages": 9 }),
    });
    const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
    expect(answer.kind === "ok" ? answer.value.map((item) => item.name) : answer).toEqual(["w1"]);
    expect(fake.requests).toHaveLength(2);
  });

  it(`fails when a list goes on beyond ${MAX_PAGES} pages, having asked no more`, async () => {
    const { api, fake } = await client({
      [LIST]: (hit) => pageOf([workspace(hit)], { "current-page": hit, "next-page": hit + 1, "total-pages": 100_000 }),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toBe(
      `GET ${LIST} has more than ${MAX_PAGES} pages of 100`,
    );
    expect(fake.requests).toHaveLength(MAX_PAGES);
  });

  it("fails when an item lacks what the documentation promises, naming it", async () => {
    const { api } = await client({
      [LIST]: () =>
        pageOf([{ ...workspace(1), attributes: { name: "w1" } }], {
          "current-page": 1,
          "next-page": null,
          "total-pages": 1,
        }),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      /with a body that holds a "workspaces" resource whose attributes\.execution-mode is not as documented: /,
    );
  });
});

describe("the API client's lists, read as a set", () => {
  /** The workspace list in two pages of one item each, as a page function of the hit. */
  const twoPages =
    (
      pages: (hit: number) => [Record<string, unknown>, Record<string, unknown>],
      counts: (hit: number) => [number, number] = () => [2, 2],
    ): Fault =>
    (hit) => {
      const index = (hit - 1) % 2;
      const read = Math.floor((hit - 1) / 2) + 1;
      return pageOf([pages(read)[index]!], {
        "current-page": index + 1,
        "next-page": index === 0 ? 2 : null,
        "total-pages": 2,
        "total-count": counts(read)[index],
      });
    };
  const resources = (count: number) => ({
    ...workspace(1),
    attributes: { ...workspace(1).attributes, "resource-count": count },
  });

  it(
    "keeps an item repeated with the same contents once, as " + "page-number lists repeat one when the room grows",
    async () => {
      const { api } = await client({
        [LIST]: twoPages(
          () => [workspace(1), workspace(1)],
          () => [1, 1],
        ),
      });
      const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
      expect(answer.kind === "ok" ? answer.value.map((item) => item.id) : answer).toEqual(["ws-1"]);
    },
  );

  it(
    "reads the list again when an id comes twice with different " + "contents, and takes the read that holds still",
    async () => {
      // GIVEN alice's workspace on both pages of the first read, managing 7 resources, then 0; a second read is whole
      const { api, fake } = await client({
        [LIST]: twoPages((read) => (read === 1 ? [resources(7), resources(0)] : [resources(0), workspace(2)])),
      });
      // WHEN the list is read THEN the second read is the answer
      const answer = await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE);
      expect(answer.kind === "ok" ? answer.value.map((item) => `${item.id} ${item.resourceCount}`) : answer).toEqual([
        "ws-1 0",
        "ws-2 0",
      ]);
      expect(fake.requests).toHaveLength(4);
    },
  );

  it(
    "fails when an id keeps coming twice with different contents, " +
      `after ${MAX_LIST_READS} reads, saying the room changed`,
    async () => {
      const { api, fake } = await client({ [LIST]: twoPages(() => [resources(7), resources(0)]) });
      expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toBe(
        `GET ${LIST} changed while it was read, 3 times in a row ("ws-1" came twice with different contents; ` +
          `"ws-1" came twice with different contents; "ws-1" came twice with different contents)`,
      );
      expect(fake.requests).toHaveLength(2 * MAX_LIST_READS);
    },
  );

  it("fails when the total-count changes between pages at every read", async () => {
    const { api } = await client({
      [LIST]: twoPages(
        () => [workspace(1), workspace(2)],
        () => [2, 3],
      ),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      / changed while it was read, 3 times in a row \(its total-count went from 2 to 3 between pages; /,
    );
  });

  it("fails when the total-count disagrees with what arrived, instead of ignoring it", async () => {
    const { api } = await client({
      [LIST]: () =>
        pageOf([workspace(1)], { "current-page": 1, "next-page": null, "total-pages": 1, "total-count": 2 }),
    });
    expect(failure(await api.list(`/organizations/${ORG}/workspaces`, WORKSPACE))).toMatch(
      / changed while it was read, 3 times in a row \(its total-count says 2 and 1 arrived; /,
    );
  });
});

describe("the API client's statuses", () => {
  it(
    "tells a refused token (401), a forbidden request (403) " + "and an absent or invisible object (404) apart",
    async () => {
      const { api } = await client({
        "/api/v2/a": () => ({ status: 401 }),
        "/api/v2/b": () => ({ status: 403 }),
        "/api/v2/c": () => ({ status: 404 }),
      });
      const refusals = await Promise.all(["/a", "/b", "/c"].map((path) => api.get(path, ACCOUNT)));
      expect(refusals.map((answer) => (answer.kind === "refused" ? answer.refusal : answer.kind))).toEqual([
        "token-refused",
        "forbidden",
        "not-visible",
      ]);
    },
  );

  it("fails on a 400 or 422 as a fault of this tool, never as a refusal of the token", async () => {
    const { api } = await client({
      "/api/v2/account/details": () => ({
        status: 400,
        body: { errors: [{ status: "400", title: "Invalid include parameter" }] },
      }),
    });
    const answer = await api.get("/account/details", ACCOUNT);
    expect(answer).toEqual({
      kind: "failed",
      request: "GET /api/v2/account/details",
      detail: "answered 400: Terraform Cloud calls this request malformed",
      advice: "this is a fault of this tool, not of your setup: report it with this line",
    });
  });

  it("refuses a redirect, which could carry the token elsewhere", async () => {
    const { api } = await client({
      "/api/v2/account/details": () => ({ status: 302, headers: { Location: "http://127.0.0.1:1/steal" } }),
    });
    expect(failure(await api.get("/account/details", ACCOUNT))).toBe(
      "GET /api/v2/account/details answered 302, a redirect, which this endpoint does not make",
    );
  });

  it("says a body that cannot be decoded could not be read, instead of calling it no connection", async () => {
    const { api } = await client({
      "/api/v2/account/details": () => ({
        status: 200,
        text: "not gzip at all",
        headers: { "Content-Encoding": "gzip" },
      }),
    });
    expect(failure(await api.get("/account/details", ACCOUNT))).toMatch(
      /^GET \/api\/v2\/account\/details answered 200 \(application\/vnd\.api\+json\) with a body that could not be decoded \(Content-Encoding gzip: .+\)$/,
    );
  });
});

describe("the stand-in's methods", () => {
  it("fails a write with 405 and a JSON:API error, creating nothing, and still answers GET and HEAD", async () => {
    // GIVEN a stand-in of one organization with one workspace
    const { fake } = await client();
    const asOwner = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/vnd.api+json" };
    const creation = { data: { type: "workspaces", attributes: { name: "room-state", "execution-mode": "local" } } };
    // WHEN the docs' state-workspace creation is POSTed to the workspaces list, and the list is then read
    const posted = await fetch(`${fake.address}${LIST}`, {
      method: "POST",
      headers: asOwner,
      body: JSON.stringify(creation),
    });
    const read = await fetch(`${fake.address}${LIST}`, { headers: asOwner });
    const head = await fetch(`${fake.address}${LIST}`, { method: "HEAD", headers: asOwner });
    // THEN the POST is refused as the API documents errors, naming what is allowed, and the list is as it was
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET, HEAD");
    expect(await posted.json()).toEqual({ errors: [{ status: "405", title: "method not allowed" }] });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: Array<{ id: string }> }).data.map((item) => item.id)).toEqual(["ws-1"]);
    expect(head.status).toBe(200);
  });

  it.each(["PATCH", "DELETE", "PUT"])("fails a %s with 405 too", async (method) => {
    // GIVEN a stand-in of one organization with one workspace
    const { fake } = await client();
    // WHEN the workspace is asked to change or go
    const answer = await fetch(`${fake.address}/api/v2/workspaces/ws-1`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    // THEN the stand-in refuses
    expect(answer.status).toBe(405);
    expect(await answer.json()).toEqual({ errors: [{ status: "405", title: "method not allowed" }] });
  });
});

describe("an address on this machine", () => {
  it.each([
    ["http://127.0.0.1:42775", true],
    ["http://localhost:8080", true],
    ["http://[::1]:8080", true],
    ["http://127.10.0.1", true],
    ["https://app.terraform.io", false],
    ["https://127.0.0.1.example.com", false],
    ["not an address", false],
  ])("is a stand-in's, not Terraform Cloud's: %s, %s", (address, onThisMachine) => {
    expect(isLoopbackAddress(address)).toBe(onThisMachine);
  });
});

describe("the API client under a rate limit", () => {
  it("holds every queued request while a 429 lasts, and lets the request that got it go first", async () => {
    // GIVEN the first request limited for 2 seconds, and three more queued behind it, on the pacer's own clock
    const clock = movedClock();
    const arrived: string[] = [];
    const record =
      (path: string): Fault =>
      (hit) => {
        arrived.push(`${clock.now()} ${path}`);
        return path === "account" && hit === 1 ? { status: 429, headers: { "Retry-After": "2" } } : { status: 404 };
      };
    const fake = await cloud({
      organizations: [],
      tokens: new Map([[TOKEN, { kind: "user", username: "f", owns: [] }]]),
      faults: {
        "/api/v2/account/details": record("account"),
        "/api/v2/x": record("x"),
        "/api/v2/y": record("y"),
        "/api/v2/z": record("z"),
      },
    });
    const pacer = new RequestPacer({ ...clock.pacing, concurrency: 1 });
    const api = new ApiClient({ address: fake.address, token: TOKEN, pacer });
    // WHEN they run
    await Promise.all(["/account/details", "/x", "/y", "/z"].map((path) => api.get(path, ACCOUNT)));
    // THEN nothing went out during the hold, and the retry went before the queue
    expect(arrived).toEqual(["0 account", "2000 account", "2000 x", "2000 y", "2000 z"]);
    expect(pacer.started).toBe(5);
  });
});

describe("the API client's downloads", () => {
  it("downloads without the token, and never names the address, which is a secret", async () => {
    const { api, fake } = await client({ "/blob/secret-1": () => ({ status: 404 }) });
    const answer = await api.download(`${fake.address}/blob/secret-1`, "the state's download address");
    expect(answer).toEqual({
      kind: "failed",
      request: "GET the state's download address",
      detail: "answered 404",
      advice: "the download address may have expired (it is valid for a day); run the command again",
    });
  });

  it("never quotes the address in a failure, even when the error it got quotes it", async () => {
    // GIVEN a download address that fetch cannot even parse, whose error message repeats it (nothing is sent)
    const { api } = await client({});
    const address = "http://[archivist/v1/object/secret-2";
    // WHEN downloaded THEN the failure says where, never the address
    const answer = await api.download(address, "the state's download address");
    expect(answer.kind).toBe("failed");
    expect(JSON.stringify(answer)).not.toContain("secret-2");
  });
});

describe("the membership parser", () => {
  it(
    "takes the member's email from the included user when the " + "membership has none, as the documentation shows it",
    () => {
      const membership = {
        id: "ou-1",
        type: "organization-memberships",
        attributes: { status: "active" },
        relationships: { user: { data: { id: "user-1", type: "users" } } },
      };
      const user = { id: "user-1", type: "users", attributes: { email: "alice@example.com" } };
      expect(ORGANIZATION_MEMBERSHIP.parse(membership, [user])).toEqual({
        ok: true,
        value: { id: "ou-1", status: "active", email: "alice@example.com", userEmail: "alice@example.com" },
      });
      expect(ORGANIZATION_MEMBERSHIP.parse(membership, [])).toEqual({
        ok: true,
        value: { id: "ou-1", status: "active", email: undefined, userEmail: undefined },
      });
    },
  );

  it("keeps the included user's email apart from the membership's own, for the importer's comparison", () => {
    // GIVEN a membership whose own email (the invitation's, which tfe's Read copies into the state) differs from its
    // user's account email (which tfe's importer compares, byte for byte)
    const membership = {
      id: "ou-2",
      type: "organization-memberships",
      attributes: { status: "active", email: "bob@example.com" },
      relationships: { user: { data: { id: "user-2", type: "users" } } },
    };
    const user = { id: "user-2", type: "users", attributes: { email: "Bob@Example.com" } };
    // THEN both are read, each for what it is
    expect(ORGANIZATION_MEMBERSHIP.parse(membership, [user])).toEqual({
      ok: true,
      value: { id: "ou-2", status: "active", email: "bob@example.com", userEmail: "Bob@Example.com" },
    });
  });
});

describe("the values of an answer", () => {
  it("reads RFC 3339 date-times as dates, with any offset, fraction or leap second", () => {
    expect(
      ["2026-11-24T09:30:00Z", "2026-11-24T09:30:00.123456Z", "2026-11-24t10:30:00+01:00", "2016-12-31T23:59:60Z"].map(
        timeOf,
      ),
    ).toEqual([
      Date.UTC(2026, 10, 24, 9, 30),
      Date.UTC(2026, 10, 24, 9, 30, 0, 123),
      Date.UTC(2026, 10, 24, 9, 30),
      Date.UTC(2016, 11, 31, 23, 59, 59),
    ]);
  });

  it(
    "fails to read as a date what is none, a date that does not " + "exist included, and passes it on as unreadable",
    () => {
      const notDates = [
        "not-a-date",
        "yesterday",
        "2026-02-30T00:00:00Z",
        "2026-11-24 09:30",
        "2026-11-24T24:00:00Z",
        "1764000000",
        "",
      ];
      expect(notDates.map(timeOf)).toEqual(notDates.map(() => undefined));
      expect(notDates.map(readDate)).toEqual(notDates.map(() => UNREADABLE));
    },
  );

  it("bounds a string from the server to 200 characters with an ellipsis, never cutting a surrogate pair", () => {
    expect(bounded("a".repeat(200))).toBe("a".repeat(200));
    expect(bounded("a".repeat(1024 * 1024))).toBe(`${"a".repeat(197)}...`);
    expect(bounded(`${"a".repeat(196)}\u{1F600}bbb`)).toBe(`${"a".repeat(196)}...`);
  });
});

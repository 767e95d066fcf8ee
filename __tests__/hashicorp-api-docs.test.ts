import { describe, expect, it } from "vitest";
import { ApiClient, RequestPacer, type ApiAnswer } from "../terraform-cloud/api-client";
import {
  ACCOUNT,
  ENTITLEMENT_SET,
  ORGANIZATION,
  ORGANIZATION_MEMBERSHIP,
  ORGANIZATION_TOKEN,
  PROJECT,
  STATE_VERSION,
  TEAM,
  TEAM_TOKEN,
  WORKSPACE,
  type ResourceParser,
} from "../terraform-cloud/resources";
import type { StandInOrganization } from "../terraform-cloud/stand-in";
import { documentedPages, documentedSample } from "./api-docs";
import { fakeClouds, fakeToken } from "./workshop-day-support";

const TOKEN = fakeToken("D0cumentedSmpl");
const cloud = fakeClouds();

/** An endpoint the commands read: its sample, where it is asked, how, and what the parser makes of the sample. */
interface Read {
  readonly page: string;
  readonly heading: string;
  readonly path: string;
  readonly how: "get" | "list";
  readonly parser: ResourceParser<unknown>;
  readonly parsed: unknown;
}

/** The workspace both workspace samples show, the list's and the read's, as the parser makes it. */
const documentedWorkspace = {
  id: "ws-6jrRyVDv1J8zQMB5",
  name: "workspace-1",
  executionMode: "agent",
  resourceCount: 10,
  currentStateVersion: "sv-hjy7ndEkmCtn31ps",
  permissions: { canUpdate: true, canLock: true, canReadStateVersions: true, canCreateStateVersions: true },
  projectId: "prj-hjy7ndEkmCtn31ps",
  // The samples' setting-overwrites.execution-mode is true: the workspace's own mode, not its project's.
  followsProjectExecutionMode: false,
};
const READS: readonly Read[] = [
  {
    page: "account.md",
    heading: "GET /account/details",
    path: "/account/details",
    how: "get",
    parser: ACCOUNT,
    parsed: { username: "admin", kind: "users", authenticatedId: "user-V3R563qtJNcExAkN" },
  },
  {
    page: "organizations.md",
    heading: "GET /organizations/:organization_name",
    path: "/organizations/hashicorp",
    how: "get",
    parser: ORGANIZATION,
    parsed: { name: "hashicorp", canUpdate: true },
  },
  {
    page: "organizations.md",
    heading: "GET /organizations/:organization_name/entitlement-set",
    path: "/organizations/hashicorp/entitlement-set",
    how: "get",
    parser: ENTITLEMENT_SET,
    parsed: { teams: false },
  },
  {
    page: "workspaces.md",
    heading: "GET /organizations/:organization_name/workspaces",
    path: "/organizations/my-organization/workspaces",
    how: "list",
    parser: WORKSPACE,
    parsed: [documentedWorkspace],
  },
  {
    page: "workspaces.md",
    heading: "GET /organizations/:organization_name/workspaces/:name",
    path: "/organizations/my-organization/workspaces/workspace-1",
    how: "get",
    parser: WORKSPACE,
    parsed: documentedWorkspace,
  },
  {
    page: "teams.md",
    heading: "GET /organizations/:organization_name/teams",
    path: "/organizations/my-organization/teams",
    how: "list",
    parser: TEAM,
    parsed: [{ id: "team-6p5jTwJQXwqZBncC", name: "team-creation-test" }],
  },
  {
    page: "organization-memberships.md",
    heading: "GET /organizations/:organization_name/organization-memberships",
    path: "/organizations/my-organization/organization-memberships?include=user",
    how: "list",
    parser: ORGANIZATION_MEMBERSHIP,
    parsed: [
      { id: "ou-tTJph1AQVK5ZmdND", status: "active", email: undefined },
      { id: "ou-D6HPYFt4GzeBt3gB", status: "active", email: undefined },
      { id: "ou-x1E2eBwYwusLDC7h", status: "invited", email: undefined },
    ],
  },
  {
    page: "organization-memberships.md",
    heading: "POST /organizations/:organization_name/organization-memberships",
    path: "/organization-memberships/ou-nX7inDHhmC3quYgy",
    how: "get",
    parser: ORGANIZATION_MEMBERSHIP,
    parsed: { id: "ou-nX7inDHhmC3quYgy", status: "invited", email: "test@example.com", userEmail: "test@example.com" },
  },
  {
    page: "team-tokens.md",
    heading: "GET /organizations/:organization_name/team-tokens",
    path: "/organizations/my-organization/team-tokens",
    how: "list",
    parser: TEAM_TOKEN,
    parsed: [
      {
        id: "at-TLhN8cc6ro6qYDvp",
        teamId: "team-Y7RyjccPVBKVEdp7",
        description: "Team API token for team ABC",
        createdAt: "2017-11-29T19:18:09.976Z",
        lastUsedAt: null,
        expiredAt: "2023-04-06T12:00:00.000Z",
      },
      {
        id: "at-qfc2wqqJ1T5sCamM",
        teamId: "team-58pFiBffTLMxLphR",
        description: "Team API token for team XYZ",
        createdAt: "2024-06-19T18:44:44.051Z",
        lastUsedAt: null,
        expiredAt: "2024-07-19T18:44:43.818Z",
      },
    ],
  },
  {
    page: "state-versions.md",
    heading: "GET /workspaces/:workspace_id/current-state-version",
    path: "/workspaces/ws-6jrRyVDv1J8zQMB5/current-state-version",
    how: "get",
    parser: STATE_VERSION,
    parsed: {
      id: "sv-g4rqST72reoHMM5a",
      createdAt: "2021-06-08T01:22:03.794Z",
      downloadUrl: "https://archivist.terraform.io/v1/object/...",
    },
  },
  {
    page: "projects.md",
    heading: "GET /organizations/:organization_name/projects",
    path: "/organizations/my-organization/projects",
    how: "list",
    parser: PROJECT,
    parsed: [
      { id: "prj-W6k9K23oSXRHGpj3", name: "Default Project", autoDestroyActivityDuration: undefined },
      { id: "prj-YoriCxAawTMDLswn", name: "Infrastructure Project", autoDestroyActivityDuration: undefined },
    ],
  },
  {
    page: "projects.md",
    heading: "GET /projects/:project_id",
    path: "/projects/prj-WsVcWRr7SfxRci1v",
    how: "get",
    parser: PROJECT,
    parsed: { id: "prj-WsVcWRr7SfxRci1v", name: "Infrastructure Project", autoDestroyActivityDuration: "2d" },
  },
  {
    page: "organization-tokens.md",
    heading: "POST /organizations/:organization_name/authentication-token",
    path: "/organizations/my-organization/authentication-token",
    how: "get",
    parser: ORGANIZATION_TOKEN,
    parsed: { id: "4111756" },
  },
];

/** A client of a stand-in that answers the path with the documented sample, exactly as the page writes it. */
async function clientServing(read: Read) {
  const body = documentedSample(read.page, read.heading);
  const pathname = `/api/v2${read.path.split("?")[0]}`;
  const fake = await cloud({
    organizations: [],
    tokens: new Map(),
    faults: { [pathname]: () => ({ status: 200, body }) },
  });
  return new ApiClient({
    address: fake.address,
    token: TOKEN,
    pacer: new RequestPacer({ requestsPerSecond: Number.POSITIVE_INFINITY }),
  });
}

const valueOf = (answer: ApiAnswer<unknown>) => (answer.kind === "ok" ? answer.value : answer);

describe("HashiCorp's documented sample responses", () => {
  it("are kept one file per page, each naming its source, its commit and its departures", () => {
    const pages = documentedPages();
    expect(pages.map((page) => page.file)).toEqual([
      "account.md",
      "organization-memberships.md",
      "organization-tokens.md",
      "organizations.md",
      "projects.md",
      "state-versions.md",
      "team-tokens.md",
      "teams.md",
      "workspaces.md",
    ]);
    for (const page of pages) {
      expect(page.source, page.file).toMatch(
        /web-unified-docs\b.*, `content\/terraform-docs-common\/docs\/cloud-docs\/api-docs\/[a-z-]+\.mdx`.*, commit [0-9a-f]{40}/,
      );
      expect(page.departures, page.file).not.toBe("");
    }
  });

  it("cover every endpoint the commands read, each sample read here", () => {
    const headings = documentedPages().flatMap((page) =>
      [...page.samples.keys()].map((heading) => `${page.file} ${heading}`),
    );
    expect(READS.map((read) => `${read.page} ${read.heading}`).sort()).toEqual(headings.sort());
  });

  // A loop, not it.each: its names would cut the headings short, and two of them alike.
  for (const read of READS)
    it(`${read.heading} (${read.page}) is read by the client's parser as documented`, async () => {
      const api = await clientServing(read);
      const answer =
        read.how === "get" ? await api.get(read.path, read.parser) : await api.list(read.path, read.parser);
      expect(valueOf(answer)).toEqual(read.parsed);
    });
});

/** The organization the stand-in serves for the comparison: one of everything the commands read. */
const organization: StandInOrganization = {
  name: "my-organization",
  teams: true,
  organizationToken: true,
  workspaces: [
    {
      id: "ws-1",
      name: "workspace-1",
      executionMode: "local",
      resourceCount: 3,
      stateAt: "2026-11-24T09:30:00Z",
      state: "{}",
      projectId: "prj-1",
    },
  ],
  teamList: [{ id: "team-1", name: "team-1", access: { "workspace-1": "write" } }],
  memberships: [{ email: "alice@example.com", status: "active" }],
  teamTokens: [
    {
      id: "at-1",
      teamId: "team-1",
      description: "workshop attendee alice",
      createdAt: "2026-11-20T08:00:00Z",
      lastUsedAt: "2026-11-24T09:29:00Z",
      expiredAt: "2026-12-20T08:00:00Z",
    },
  ],
  projects: [{ id: "prj-1", name: "Workshop", autoDestroyActivityDuration: "14d" }],
};

type Resource = {
  readonly type: string;
  readonly attributes?: Record<string, unknown>;
  readonly relationships?: Record<string, unknown>;
};
const resourcesOf = (document: Record<string, unknown>): Resource[] =>
  [document.data, document.included]
    .flat()
    .filter((item): item is Resource => typeof item === "object" && item !== null);
const namesOf = (documents: readonly Record<string, unknown>[], type: string, part: "attributes" | "relationships") =>
  new Set(
    documents.flatMap((document) =>
      resourcesOf(document)
        .filter((resource) => resource.type === type)
        .flatMap((resource) => Object.keys(resource[part] ?? {})),
    ),
  );

describe("the stand-in of Terraform Cloud", () => {
  const standInReads = READS.filter(
    (read) => !read.heading.startsWith("POST") || read.page === "organization-tokens.md",
  );
  for (const read of standInReads.filter((candidate) => !candidate.path.startsWith("/projects/")))
    it(
      `answers ${read.heading} with the documented document shape, and ` +
        "only attributes and relationships the page documents",
      async () => {
        const fake = await cloud({
          organizations: [organization],
          tokens: new Map([[TOKEN, { kind: "user", username: "facilitator", owns: ["my-organization"] }]]),
        });
        const path = read.path
          .replace("/organizations/hashicorp", "/organizations/my-organization")
          .replace("ws-6jrRyVDv1J8zQMB5", "ws-1");
        const response = await fetch(`${fake.address}/api/v2${path}`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        const served = (await response.json()) as Record<string, unknown>;
        const page = documentedPages().find((candidate) => candidate.file === read.page)!;
        const documented = [...page.samples.keys()].map((heading) => documentedSample(read.page, heading));
        const sample = documentedSample(read.page, read.heading);
        expect(response.status).toBe(200);
        // The list of memberships is asked with its users included, which the list's sample leaves out.
        expect(
          Object.keys(served)
            .filter((key) => key !== "included")
            .sort(),
        ).toEqual(Object.keys(sample).sort());
        for (const resource of resourcesOf(served)) {
          for (const part of ["attributes", "relationships"] as const) {
            const undocumented = Object.keys(resource[part] ?? {}).filter(
              (name) => !namesOf(documented, resource.type, part).has(name),
            );
            expect(undocumented, `${resource.type} ${part}`).toEqual([]);
          }
        }
        const paginationOf = (document: Record<string, unknown>) =>
          Object.keys((document.meta as { pagination?: object } | undefined)?.pagination ?? {});
        // The pages document their pagination alike, page-size on some of them only.
        const documentedPagination = new Set(
          documentedPages().flatMap((any) =>
            [...any.samples.keys()].flatMap((heading) => paginationOf(documentedSample(any.file, heading))),
          ),
        );
        expect(paginationOf(served).filter((key) => !documentedPagination.has(key))).toEqual([]);
      },
    );
});

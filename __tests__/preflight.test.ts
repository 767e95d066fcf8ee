import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { preflight } from "../commands/preflight";
import { NOTHING_MANAGED } from "../operations/preflight/check";
import { checklistLine } from "../operations/preflight/checklist";
import { answersCheck } from "../operations/preflight/checks/answers";
import { eventCheck } from "../operations/preflight/checks/event";
import { removalsCheck } from "../operations/preflight/checks/removals";
import { foreignResourcesCheck } from "../operations/preflight/checks/foreign-resources";
import { invitationsCheck } from "../operations/preflight/checks/invitations";
import { takenTokenDescriptionsCheck } from "../operations/preflight/checks/taken-token-descriptions";
import { passedExpiriesCheck } from "../operations/preflight/checks/passed-expiries";
import { stateFromText, type ManagedObjects, type StateReading } from "../operations/stack-state";
import type { Workspace } from "../terraform-cloud/resources/workspaces";
import type { PreflightFacts } from "../operations/preflight/facts";
import { STATE_FILE } from "../stacks/workshop-stack";
import { stateFileOf } from "../stacks/workshop-base-stack";
import { apiAccess } from "../terraform-cloud/access";
import { ACCOUNT } from "../terraform-cloud/resources";
import { ApiClient, type FailedAnswer, RequestPacer, type Timer } from "../terraform-cloud/api-client";
import { run } from "./cli";
import { docText } from "./docs";
import type {
  Fault,
  Reply,
  StandInIdentity as FakeIdentity,
  StandInOrganization as FakeOrganization,
} from "../terraform-cloud/stand-in";
import { shardOf } from "../config/shards";
import { NOW, validConfig } from "./support";
import {
  capture,
  configFile,
  deployedSeed,
  fakeClouds,
  fakeToken,
  heldTimer,
  scratchDirectory,
} from "./workshop-day-support";

const USER = fakeToken("Pr3fl1ghtUser");
const TEAM = fakeToken("Pr3fl1ghtTeam");
const ORG = "acme-aws-workshop";
const ORG_PATH = `/api/v2/organizations/${ORG}`;
const minimal = { organization: { name: ORG, email: "facilitator@example.com" } };
const withTeam = { ...minimal, teams: [{ name: "workshop-pipeline", access: { aws_workshop: "write" } }] };
const tokens = new Map<string, FakeIdentity>([
  [USER, { kind: "user", username: "facilitator", owns: [ORG] }],
  [TEAM, { kind: "team", organization: ORG, teamId: "team-1" }],
]);

const directory = scratchDirectory();
const cloud = fakeClouds();

/** What a case changes of a preflight run: by default a user token of the organization's owner, and no state. */
interface PreflightRun {
  /** The token in TFE_TOKEN, null for none at all. @default USER */
  readonly token?: string | null;
  /** @default USER and TEAM */
  readonly tokens?: ReadonlyMap<string, FakeIdentity>;
  readonly faults?: Record<string, Fault>;
  /** The timer of each request's timeout. @default a real one */
  readonly timer?: Timer;
  readonly hostname?: string;
  /** The text of the local state file. @default none, the first deploy */
  readonly state?: string;
  /** More files beside it, by name, such as the shards' local state files. @default none */
  readonly files?: Readonly<Record<string, string>>;
  /** More of the environment, such as CI. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `npm run preflight`'s command against a fake Terraform Cloud holding the organizations given, in a directory of
 * its own, which holds the config as config.json and the state given.
 */
async function runPreflight(json: unknown, organizations: readonly FakeOrganization[], options: PreflightRun = {}) {
  const own = mkdtempSync(join(directory, "run-"));
  if (options.state !== undefined) writeFileSync(join(own, STATE_FILE), options.state);
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(own, name), text);
  const fake = await cloud({ organizations, tokens: options.tokens ?? tokens, faults: options.faults });
  const captured = capture(own);
  const file = configFile(own, "config.json", json);
  // The outdir decides where the local state is read: never the repository's own, which may hold a real deploy.
  const env = {
    WORKSHOP_CONFIG: file,
    TFE_ADDRESS: fake.address,
    ...(options.token === null ? {} : { TFE_TOKEN: options.token ?? USER }),
    CDKTF_OUTDIR: join(own, "cdktf.out"),
    ...(options.hostname === undefined ? {} : { TFE_HOSTNAME: options.hostname }),
    ...options.env,
  };
  const code = await preflight({ env, now: new Date(), timer: options.timer, ...captured.options });
  const lines = captured.printed;
  return {
    code,
    lines,
    checklist: lines.slice(1, -1),
    verdict: lines.at(-1),
    requests: fake.requests,
    waits: captured.waits,
    reported: captured.reported,
    address: fake.address,
    directory: own,
    file,
  };
}

/**
 * Resolves once the answer to the request for `path` has its headers, a turn of the event loop later, when the client
 * is reading its body: fetch is watched until then.
 */
function headersArrived(path: string): Promise<void> {
  const realFetch = globalThis.fetch;
  return new Promise((resolve) => {
    const watched = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if ((input instanceof Request ? input.url : input.toString()).endsWith(path)) {
        watched.mockRestore();
        setImmediate(resolve);
      }
      return response;
    });
  });
}

/** An organization owned by the user, on a plan with the teams entitlement unless told otherwise. */
const existing = (extra: Partial<FakeOrganization> = {}): FakeOrganization => ({ name: ORG, teams: true, ...extra });
const html: Fault = () => ({
  status: 200,
  text: "<html><head><title>Sign in</title></head><body>Please sign in to continue</body></html>",
  headers: { "Content-Type": "text/html" },
});

/** What preflight knows before it has read anything, at `now`, with what a case adds. */
const factsWith = (known: Partial<PreflightFacts> = {}, now = NOW): PreflightFacts => ({
  now,
  disposableMachine: false,
  hasToken: true,
  failures: [],
  ...known,
});
/** A state that holds the objects given, and none of the others. */
const stateHolding = (objects: Partial<ManagedObjects> = {}): StateReading => ({
  kind: "read",
  managed: { ...NOTHING_MANAGED, ...objects },
});
/** A state as read from a local file, by default the workshop stack's. */
const localState = (reading: StateReading, file = STATE_FILE) => ({
  location: { kind: "local" as const, file },
  reading,
});

describe("preflight against a local Terraform Cloud", () => {
  it(
    "names the address it checks on its first line, and passes " + "a user token with an organization to create",
    async () => {
      const { code, lines, address, directory } = await runPreflight(
        { ...minimal, organization: { ...minimal.organization, create: false } },
        [existing()],
      );
      expect(lines[0]).toBe(`Preflight of ${join(directory, "config.json")} against ${address}, token from TFE_TOKEN:`);
      expect(lines.slice(1)).toEqual([
        `ok      state: the local file ${join(directory, STATE_FILE)}: no state yet, this is ` +
          "the first deploy; it will hold the tokens in plain text, keep it private",
        "ok      token: a user token of facilitator",
        'ok      organization "acme-aws-workshop": exists and will be looked up',
        "ok      workspaces: 1 to create (aws_workshop)",
        "Ready to deploy.",
      ]);
      expect(code).toBe(0);
    },
  );

  it(
    "bounds a user name of a megabyte from Terraform Cloud to 200 " + "characters, an ellipsis included, on its line",
    async () => {
      // GIVEN the account answered with a user name of 1 MiB
      const account = {
        data: {
          id: "user-1",
          type: "users",
          attributes: { username: "u".repeat(1024 * 1024) },
          relationships: { "authenticated-resource": { data: { id: "user-1", type: "users" } } },
        },
      };
      const { lines } = await runPreflight(
        { ...minimal, organization: { ...minimal.organization, create: false } },
        [existing()],
        { faults: { "/api/v2/account/details": () => ({ status: 200, body: account }) } },
      );
      // THEN its line shows 197 characters of it and "..."
      expect(lines).toContain(`ok      token: a user token of ${"u".repeat(197)}...`);
    },
  );

  it("warns, and never claims the name is free, when the organization is not visible (404)", async () => {
    // GIVEN an organization name that answers 404: free, or somebody else's
    const { code, checklist, verdict } = await runPreflight(minimal, []);
    // THEN it says it cannot know, and does not say "Ready to deploy"
    expect(checklist).toContain(
      'warning organization "acme-aws-workshop": not visible to this token: free, or owned by ' +
        "someone else; if it is taken, the deploy fails when it creates the organization. Fix: if the " +
        "deploy says 'name has already been taken', choose another organization.name",
    );
    expect(verdict).toBe("No blocker, 1 warning: read it, since preflight could not confirm everything.");
    expect(code).toBe(0);
  });

  it(
    "fails when a 200 answer is not JSON, naming the request, status, " +
      "content type and the first 80 characters, and guesses nothing",
    async () => {
      // GIVEN a proxy that answers the account with a login page
      const { code, checklist } = await runPreflight(withTeam, [existing()], {
        faults: { "/api/v2/account/details": html },
      });
      // THEN one blocker says what came back, and no line claims anything about the token, organization, plan or
      // workspaces
      expect(checklist.slice(1)).toEqual([
        "BLOCKER Terraform Cloud: GET /api/v2/account/details answered 200 (text/html) with a body " +
          'that is not JSON: "<html><head><title>Sign in</title></head><body>Please sign in to ' +
          'continue</body>"; nothing is concluded from it. Fix: check that TFE_HOSTNAME or TFE_ADDRESS ' +
          "names Terraform Cloud and not a proxy or login page; then try again",
      ]);
      expect(code).toBe(1);
    },
  );

  it(
    "fails when the organization, plan or workspace list answers " + "HTML, without concluding anything from them",
    async () => {
      const json = {
        ...withTeam,
        organization: { ...minimal.organization, create: false },
        import: { workspaces: ["aws_workshop"] },
      };
      const { checklist } = await runPreflight(json, [existing()], {
        faults: { [`${ORG_PATH}/entitlement-set`]: html, [`${ORG_PATH}/workspaces`]: html },
      });
      const text = checklist.join("\n");
      expect(checklist.filter((line) => line.startsWith("BLOCKER Terraform Cloud: "))).toHaveLength(2);
      expect(text).toContain("GET /api/v2/organizations/acme-aws-workshop/entitlement-set answered 200 (text/html)");
      expect(text).not.toMatch(/teams entitlement|does not exist|will be adopted/);
    },
  );

  it("reports a stalled body as no answer within the timeout, and still prints the checklist", async () => {
    // GIVEN an answer whose headers come at once and whose body never does, on a timer only the test moves
    const stall: Fault = () => ({ status: 200, stall: true });
    const time = heldTimer();
    const answered = headersArrived("/api/v2/account/details");
    const ran = runPreflight(minimal, [], { faults: { "/api/v2/account/details": stall }, timer: time.timer });
    // WHEN its headers are in, and the timeout's 10 s pass while the body is read
    await answered;
    time.move(9_999);
    expect(time.running()).toBe(1);
    time.move(1);
    // THEN that request is no answer, said once, and the checklist is printed
    const { code, checklist, verdict } = await ran;
    expect(checklist).toContain(
      "BLOCKER Terraform Cloud: GET /api/v2/account/details answered 200 (application/vnd.api+json) with a " +
        "body that did not arrive within 10 s; nothing is concluded from it. Fix: check that TFE_HOSTNAME or " +
        "TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again",
    );
    expect(verdict).toBe("1 blocker: fix it before deploying.");
    expect(code).toBe(1);
  });

  it.each<[string, Fault, string]>([
    [
      // An answer that says it is gzip and is not.
      "cannot be decoded",
      () => ({ status: 200, text: "this is not gzip", headers: { "Content-Encoding": "gzip" } }),
      "could not be decoded (Content-Encoding gzip: incorrect header check)",
    ],
    ["breaks off", () => ({ status: 200, cut: true }), "broke off before its end (other side closed)"],
  ])("fails on a body that %s, saying so instead of no connection", async (_what, fault, said) => {
    const { checklist } = await runPreflight(minimal, [], { faults: { "/api/v2/account/details": fault } });
    expect(checklist).toContain(
      "BLOCKER Terraform Cloud: GET /api/v2/account/details answered 200 (application/vnd.api+json) " +
        `with a body that ${said}; nothing is concluded from it. Fix: check that TFE_HOSTNAME or ` +
        "TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again",
    );
  });

  it("fails on a body larger than the client reads, reading no more of it", async () => {
    // GIVEN an answer of 2,000 bytes to a client that reads at most 1,000
    const large: Fault = () => ({
      status: 200,
      text: JSON.stringify({ data: { id: "x".repeat(2000), type: "users", attributes: {} } }),
    });
    const fake = await cloud({ organizations: [], tokens, faults: { "/api/v2/account/details": large } });
    const client = new ApiClient({ address: fake.address, token: USER, pacer: new RequestPacer(), maxBodyBytes: 1000 });
    // WHEN asked THEN it is no answer, said so
    expect(await client.get("/account/details", ACCOUNT)).toEqual({
      kind: "failed",
      request: "GET /api/v2/account/details",
      detail: "answered 200 (application/vnd.api+json) with a body that is larger than 1000 bytes, so it was not read",
      advice:
        "check that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again",
    });
  });

  it(
    "waits out a 429 for as long as X-RateLimit-Reset says, or " +
      "Retry-After in seconds or as a date, bounded to a minute",
    async () => {
      // GIVEN four 429s: one with Retry-After the date 2 s after the start of the pacer's clock (at 0, the epoch), one
      // with X-RateLimit-Reset only, one with Retry-After in seconds, one asking for an hour
      const replies: Reply[] = [
        { status: 429, headers: { "Retry-After": new Date(2000).toUTCString() } },
        {
          status: 429,
          headers: { "X-RateLimit-Limit": "30", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0.75" },
        },
        { status: 429, headers: { "Retry-After": "3" } },
        { status: 429, headers: { "Retry-After": "3600" } },
      ];
      const limited: Fault = (hit) => replies[hit - 1];
      const { code, waits, requests } = await runPreflight(minimal, [], {
        faults: { "/api/v2/account/details": limited },
      });
      // THEN it waited each out, then went on
      expect(waits).toEqual([2000, 750, 3000, 60_000]);
      expect(requests.filter((path) => path === "/api/v2/account/details")).toHaveLength(5);
      expect(code).toBe(0);
    },
  );

  it("fails when the rate limit never lifts, after five waits", async () => {
    const { checklist } = await runPreflight(minimal, [], {
      faults: { "/api/v2/account/details": () => ({ status: 429 }) },
    });
    expect(checklist).toContain(
      "BLOCKER Terraform Cloud: GET /api/v2/account/details still rate limited (429) after 5 waits; " +
        "nothing is concluded from it. Fix: wait a minute, stop other tools using the same account, and try " +
        "again",
    );
  });

  it("reports a 5xx once with try again, and builds no guess on the missing answer", async () => {
    const { checklist } = await runPreflight(withTeam, [], {
      faults: { [ORG_PATH]: () => ({ status: 500, text: "oops" }) },
    });
    expect(checklist.slice(1)).toEqual([
      "ok      token: a user token of facilitator",
      "BLOCKER Terraform Cloud: GET /api/v2/organizations/acme-aws-workshop answered 500: " +
        "Terraform Cloud could not answer; nothing is concluded from it. Fix: try again in a " +
        "few minutes; if it persists, check the Terraform Cloud status page",
    ]);
  });

  it("fails on a team token when the config creates the organization", async () => {
    const { checklist } = await runPreflight(minimal, [], { token: TEAM });
    expect(checklist).toContain(
      "BLOCKER token: a team token, and only user tokens may create organizations. Fix: use a user token " +
        "(terraform login), or set organization.create to false if the organization exists",
    );
  });

  it("fails on an organization that exists and is yours, pointing at the import", async () => {
    const { checklist } = await runPreflight(minimal, [existing()]);
    expect(checklist).toContain(
      'BLOCKER organization "acme-aws-workshop": exists already, and you own it: creating it ' +
        'would fail with \'name has already been taken\'. Fix: set "import": { "organization": ' +
        "true } to adopt it, or organization.create to false to only look it up",
    );
  });

  it("fails on an organization that exists and that this token may not update", async () => {
    const { checklist } = await runPreflight(minimal, [existing()], { token: TEAM });
    expect(checklist).toContain(
      'BLOCKER organization "acme-aws-workshop": exists already, and this token may not update it: ' +
        "creating it would fail. Fix: choose another organization.name, or deploy with a token of its owner",
    );
  });

  it("reports existing workspaces and teams, adopted or in the way", async () => {
    // GIVEN aws_workshop and the pipeline team made by hand, a sandbox made too, and only aws_workshop adopted
    const json = {
      ...withTeam,
      workspaces: [{ name: "aws_workshop" }, { name: "sandbox" }],
      import: { organization: true, workspaces: ["aws_workshop"] },
    };
    const organization = existing({
      workspaces: [
        { id: "ws-1", name: "aws_workshop", executionMode: "remote" },
        { id: "ws-2", name: "sandbox", executionMode: "local" },
      ],
      teamList: [{ id: "team-1", name: "Workshop-Pipeline" }],
    });
    const { checklist } = await runPreflight(json, [organization]);
    expect(checklist).toContain('ok      workspace "aws_workshop": exists (execution mode remote) and will be adopted');
    expect(checklist).toContain(
      'BLOCKER workspace "sandbox": exists already (execution mode local) and this stack does not ' +
        'manage it: creating it would fail. Fix: add "sandbox" to import.workspaces to adopt it',
    );
    expect(checklist).toContain(
      'BLOCKER team "workshop-pipeline": exists already and this stack does not manage it: ' +
        'creating it would fail. Fix: add "workshop-pipeline" to import.teams to adopt it',
    );
  });

  it("reports an existing organization token that the config's will replace", async () => {
    const json = {
      ...minimal,
      organization: { ...minimal.organization, create: false, token: { rotationDays: 7, replaceExisting: true } },
    };
    const { checklist } = await runPreflight(json, [existing({ organizationToken: true })]);
    expect(checklist).toContain(
      'warning organization "acme-aws-workshop" token: an organization token exists; the ' +
        "deploy replaces it (replaceExisting), and whoever holds it loses access. Fix: tell " +
        "the holder of the current organization token before you deploy",
    );
    const none = await runPreflight(json, [existing({ organizationToken: false })]);
    expect(none.checklist).toContain(
      'ok      organization "acme-aws-workshop" token: no organization token exists; the deploy creates one',
    );
  });

  it(
    "cannot tell whether an organization token exists with a token that is " +
      "not an owner's, since its 404 also means not authorized",
    async () => {
      // GIVEN an organization that has a token, and a team token, to which the endpoint answers 404 as the docs say
      // (hashicorp/web-unified-docs, content/terraform-docs-common/docs/cloud-docs/api-docs/organization-tokens.mdx:
      // POST and DELETE only, "404 ... User not authorized")
      const json = {
        ...minimal,
        organization: { ...minimal.organization, create: false, token: { rotationDays: 7, replaceExisting: true } },
      };
      for (const organizationToken of [true, false]) {
        const { checklist } = await runPreflight(json, [existing({ organizationToken })], { token: TEAM });
        // THEN it says it cannot tell, and why, whether there is one or not
        expect(checklist.filter((line) => line.includes("token: "))).toContain(
          'warning organization "acme-aws-workshop" token: preflight cannot tell whether one exists: its ' +
            "endpoint answers 404 to a token that is not an owner's as well as when there is none, and only " +
            "owners may create one. Fix: run preflight with a user token of an owner of the organization",
        );
        expect(checklist.join("\n")).not.toContain("no organization token exists");
      }
    },
  );

  it("fails on a plan without the teams entitlement, saying what to do on a free organization", async () => {
    const json = { ...withTeam, organization: { ...minimal.organization, create: false } };
    const { checklist } = await runPreflight(json, [existing({ teams: false })]);
    expect(checklist).toContain(
      "BLOCKER teams: the organization's plan lacks the teams entitlement: the deploy would stop at " +
        "'missing entitlements to create teams', after creating the rest. Fix: upgrade the organization to " +
        "the Essentials plan (formerly Standard), which has the teams entitlement; or, on the free plan, " +
        'remove teams and attendees and give the workshop a user token, as its "Create API Token" page does',
    );
  });

  it("warns that a new organization starts without teams, only when its absence was actually answered", async () => {
    const { checklist } = await runPreflight(withTeam, []);
    expect(
      checklist.some((line) =>
        line.startsWith("warning teams: a new organization starts on the free plan, without the teams entitlement"),
      ),
    ).toBe(true);
  });

  it("fails on a rejected token (401) and asks nothing more", async () => {
    const { checklist, requests } = await runPreflight(minimal, [], { token: "not-a-known-token" });
    expect(checklist.slice(1)).toEqual([
      "BLOCKER token: rejected (401): it is wrong, expired or revoked. Fix: run terraform " +
        "login again, or create a new user token and export it as TFE_TOKEN",
    ]);
    expect(requests).toEqual(["/api/v2/account/details"]);
  });

  it("never prints the token, even when the server echoes it", async () => {
    const echo: Fault = () => ({
      status: 200,
      text: `token ${USER} is fine`,
      headers: { "Content-Type": "text/plain" },
    });
    const { lines, reported } = await runPreflight(minimal, [], { faults: { "/api/v2/account/details": echo } });
    expect([...lines, ...reported].join("\n")).not.toContain(USER);
    expect(lines.join("\n")).toContain('"token <token> is fine"');
  });

  it("fails on a local state when the deploy runs on a disposable machine such as a CI runner", async () => {
    const { lines } = await runPreflight(minimal, [], { env: { CI: "true" } });
    expect(lines[1]).toBe(
      "BLOCKER state: a local file on a machine that is thrown away after the job: the next deploy would " +
        'start from nothing. Fix: set "state" in the config to keep it in a Terraform Cloud workspace',
    );
  });

  it("fails when there is no token at all, without asking anything", async () => {
    const { code, lines, requests } = await runPreflight(minimal, [], { token: null });
    expect(lines).toContain(
      "BLOCKER token: none found in TFE_TOKEN, TF_TOKEN_<host> or the terraform login " +
        "credentials. Fix: run terraform login, or export TFE_TOKEN with a user token",
    );
    expect(requests).toEqual([]);
    expect(code).toBe(1);
  });

  it("fails on a refused config like every command, asking nothing", async () => {
    const { code, reported, requests, file } = await runPreflight(
      { organization: { name: "a b", email: "f@example.com" } },
      [],
    );
    expect(code).toBe(1);
    expect(reported).toEqual([
      `${file}: organization.name: must be a name of at most 90 letters, digits, "-" or "_", but "a b" was provided`,
      "Nothing was written and nothing was asked of Terraform Cloud: fix the config above and run again.",
    ]);
    expect(requests).toEqual([]);
  });
});

describe("preflight and the team tokens the config makes", () => {
  const TEAM_TOKENS_PATH = `${ORG_PATH}/team-tokens`;
  const pipeline = {
    name: "workshop-pipeline",
    access: { aws_workshop: "write" },
    token: { description: "pipeline", rotationDays: 30 },
  };
  const lookedUp = { ...minimal.organization, create: false };
  const adopting = {
    ...minimal,
    organization: lookedUp,
    teams: [pipeline],
    import: { workspaces: ["aws_workshop"], teams: ["workshop-pipeline"] },
  };
  const token = (id: string, description: string | null, teamId = "team-1") => ({
    id,
    teamId,
    description,
    createdAt: "2026-11-20T08:00:00Z",
  });
  const handMade = (...teamTokens: ReturnType<typeof token>[]) =>
    existing({
      workspaces: [{ id: "ws-1", name: "aws_workshop", executionMode: "local" }],
      teamList: [{ id: "team-1", name: "Workshop-Pipeline" }],
      teamTokens,
    });

  it(
    "fails when an adopted team already has a token with the " + "description the config gives its token, naming both",
    async () => {
      // GIVEN the pipeline team made by hand, with a token described "pipeline", as the config describes its own
      const { checklist, code } = await runPreflight(adopting, [
        handMade(token("at-hand", "pipeline"), token("at-other", "laptop")),
      ]);
      // THEN descriptions being unique per team (team-tokens API docs), creating the config's would fail
      expect(checklist).toContain(
        'BLOCKER team "workshop-pipeline": is adopted with a token at-hand described "pipeline", ' +
          "the description the config gives its token, and descriptions are unique per team: " +
          "creating the config's token would fail. Fix: delete token at-hand in the team's API " +
          "tokens, or give the team's token another description in the config",
      );
      expect(code).toBe(1);
    },
  );

  it(
    "says nothing of an adopted team's tokens of other descriptions, " +
      "or of another team's token with that description",
    async () => {
      const { checklist, verdict } = await runPreflight(adopting, [
        handMade(token("at-other", "laptop"), token("at-elsewhere", "pipeline", "team-2")),
      ]);
      expect(checklist.join("\n")).not.toContain("descriptions are unique");
      expect(verdict).toBe("Ready to deploy.");
    },
  );

  it("names an adopted attendee team's token by the attendee, whose description is the project's", async () => {
    const json = {
      ...minimal,
      organization: lookedUp,
      attendees: ["alice"],
      import: { teams: ["aws_workshop-alice"] },
    };
    const organization = existing({
      teamList: [{ id: "team-alice", name: "aws_workshop-alice" }],
      teamTokens: [token("at-hand", "workshop attendee alice", "team-alice")],
    });
    const { checklist } = await runPreflight(json, [organization]);
    expect(checklist).toContain(
      'BLOCKER team "aws_workshop-alice": is adopted with a token at-hand described "workshop ' +
        'attendee alice", the description the config gives its token, and descriptions are unique ' +
        "per team: creating the config's token would fail. Fix: delete token at-hand in the " +
        "team's API tokens: attendee alice's token is always described so",
    );
  });

  it("cannot tell, and says so, when the team is visible and its tokens are not", () => {
    // GIVEN the team to adopt seen, and the team tokens answering 404
    const facts = factsWith({
      teams: new Map([["workshop-pipeline", { id: "team-1", name: "Workshop-Pipeline" }]]),
      teamTokens: "not-visible",
    });
    // AND no state yet: the team is not this stack's
    const firstDeploy: PreflightFacts = { ...facts, state: localState({ kind: "none" }) };
    expect(takenTokenDescriptionsCheck(validConfig(adopting), firstDeploy).map(checklistLine)).toEqual([
      'warning team "workshop-pipeline": this token cannot see the team\'s tokens: preflight cannot ' +
        'tell whether one is described "pipeline" already, which would make creating the config\'s ' +
        "fail. Fix: run preflight with a user token of an owner of the organization",
    ]);
  });

  it("asks for the team tokens only when a team to adopt gets a token, or on a Terraform Enterprise", async () => {
    const { requests } = await runPreflight({ ...adopting, import: { workspaces: ["aws_workshop"] } }, [handMade()]);
    expect(requests.filter((path) => path.startsWith(TEAM_TOKENS_PATH))).toEqual([]);
    const adopted = await runPreflight(adopting, [handMade()]);
    expect(adopted.requests.filter((path) => path.startsWith(TEAM_TOKENS_PATH))).toEqual([
      `${TEAM_TOKENS_PATH}?page%5Bnumber%5D=1&page%5Bsize%5D=100`,
    ]);
  });

  it(
    "cannot tell whether a Terraform Enterprise makes described team tokens when none " +
      "of the organization's has a description, and says what to change",
    async () => {
      // GIVEN a host other than HCP Terraform's, whose organization has one undescribed (legacy) token
      const json = { ...adopting, attendees: ["alice"] };
      const { checklist, code } = await runPreflight(json, [handMade(token("at-legacy", null))], {
        hostname: "tfe.example.com",
      });
      // THEN preflight says it cannot tell, why, and what to remove from the config if the release has none
      expect(checklist).toContain(
        "warning team tokens: tfe.example.com is a Terraform Enterprise, whose releases' docs document " +
          "one undescribed token per team, and none of the organization's 1 team token has a description: " +
          "preflight cannot tell whether it makes described ones. Each of the config's 2 tokens has a " +
          "description, and on a release without them the deploy stops at 'does not support multiple team " +
          "tokens with descriptions'. Fix: ask its administrators whether the release has multiple team " +
          'tokens; if not, remove "token" from teams workshop-pipeline and "attendees" from the config, ' +
          "since every token this project makes has a description",
      );
      expect(code).toBe(0);
    },
  );

  it(
    "passes a Terraform Enterprise one of whose team tokens has a " + "description, and says nothing on HCP Terraform",
    async () => {
      const described = await runPreflight(adopting, [handMade(token("at-other", "laptop"))], {
        hostname: "tfe.example.com",
      });
      expect(described.checklist).toContain(
        "ok      team tokens: tfe.example.com is a Terraform Enterprise that makes " +
          "described team tokens: 1 token of the organization has a description",
      );
      for (const hostname of ["app.terraform.io", "app.eu.terraform.io"]) {
        const hcp = await runPreflight(adopting, [handMade()], { hostname });
        expect(hcp.checklist.join("\n")).not.toContain("Terraform Enterprise");
      }
    },
  );

  it(
    "fails when the team tokens answer HTML or 500, once, " + "concluding nothing about descriptions or the release",
    async () => {
      for (const fault of [html, () => ({ status: 500, text: "oops" })]) {
        const { checklist, code } = await runPreflight(adopting, [handMade(token("at-hand", "pipeline"))], {
          hostname: "tfe.example.com",
          faults: { [TEAM_TOKENS_PATH]: fault },
        });
        expect(checklist.filter((line) => line.startsWith("BLOCKER"))).toEqual([
          expect.stringMatching(
            /^BLOCKER Terraform Cloud: GET \/api\/v2\/organizations\/acme-aws-workshop\/team-tokens\?\S+ answered /,
          ),
        ]);
        expect(checklist.join("\n")).not.toMatch(/team tokens:|descriptions are unique/);
        expect(code).toBe(1);
      }
    },
  );
});

describe("apiAccess", () => {
  const home = join(directory, "home");

  it("prefers TFE_TOKEN, then TF_TOKEN_<host>, then the terraform login credentials of the host", () => {
    mkdirSync(join(home, ".terraform.d"), { recursive: true });
    writeFileSync(
      join(home, ".terraform.d", "credentials.tfrc.json"),
      JSON.stringify({ credentials: { "app.terraform.io": { token: "stored" } } }),
    );
    expect(apiAccess({ TFE_TOKEN: "env", TF_TOKEN_app_terraform_io: "host" }, home)).toEqual({
      address: "https://app.terraform.io",
      hostname: "app.terraform.io",
      token: "env",
      tokenSource: "TFE_TOKEN",
    });
    expect(apiAccess({ TF_TOKEN_app_terraform_io: "host" }, home).tokenSource).toBe("TF_TOKEN_app_terraform_io");
    expect(apiAccess({}, home)).toEqual({
      address: "https://app.terraform.io",
      hostname: "app.terraform.io",
      token: "stored",
      tokenSource: "terraform login",
    });
  });

  it("takes the host from TFE_HOSTNAME, as the tfe provider does, always over https", () => {
    expect(apiAccess({ TFE_HOSTNAME: "tfe.example.com", TF_TOKEN_tfe_example_com: "t" }, home)).toEqual({
      address: "https://tfe.example.com",
      hostname: "tfe.example.com",
      token: "t",
      tokenSource: "TF_TOKEN_tfe_example_com",
    });
  });

  it("lets TFE_ADDRESS, a full URL, override the address for test servers and proxies", () => {
    expect(apiAccess({ TFE_HOSTNAME: "tfe.example.com", TFE_ADDRESS: "http://127.0.0.1:8080/" }, home).address).toBe(
      "http://127.0.0.1:8080",
    );
  });
});

describe("npm run preflight", () => {
  it("prints the checklist without the token and exits 1 on a blocker", async () => {
    const fake = await cloud({ organizations: [], tokens });
    const result = await run("node", [join("bin", "cli.js"), "preflight"], {
      TFE_TOKEN: TEAM,
      TFE_ADDRESS: fake.address,
      WORKSHOP_CONFIG: "workshop.config.json",
      CDKTF_OUTDIR: join(directory, "cli.out"),
    });
    const output = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(output).toContain(`Preflight of workshop.config.json against ${fake.address}, token from TFE_TOKEN:`);
    expect(output).toContain("BLOCKER token: a team token, and only user tokens may create organizations");
    expect(output).not.toContain(TEAM);
  });
});

/** A state as the providers write it, format 4, holding the objects given. */
function stateWith(
  objects: ReadonlyArray<{
    readonly type: string;
    readonly name: string;
    readonly key?: string;
    readonly attributes: Record<string, unknown>;
  }>,
): string {
  const resources = new Map<string, { type: string; name: string; instances: unknown[] }>();
  for (const { type, name, key, attributes } of objects) {
    const entry = resources.get(`${type}.${name}`) ?? { type, name, instances: [] };
    entry.instances.push({ ...(key === undefined ? {} : { index_key: key }), schema_version: 0, attributes });
    resources.set(`${type}.${name}`, entry);
  }
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.4",
    serial: 3,
    lineage: "l",
    outputs: {},
    resources: [...resources.values()].map((resource) => ({ mode: "managed", provider: "p", ...resource })),
  });
}

describe("preflight with the stack's state", () => {
  const withPipeline = {
    ...minimal,
    teams: [
      {
        name: "workshop-pipeline",
        access: { aws_workshop: "write" },
        token: { description: "pipeline", rotationDays: 30 },
      },
    ],
  };
  const deployedObjects = [
    {
      type: "tfe_organization",
      name: "organization_DC53FF14",
      attributes: { id: ORG, name: ORG, token: "never read" },
    },
    { type: "tfe_workspace", name: "w", attributes: { id: "ws-base", name: "aws_workshop" } },
    { type: "tfe_team", name: "t", attributes: { id: "team-pipe", name: "workshop-pipeline" } },
    { type: "tfe_team_access", name: "a", attributes: { id: "tws-1", team_id: "team-pipe", workspace_id: "ws-base" } },
    { type: "tfe_team_token", name: "k", attributes: { id: "at-1", team_id: "team-pipe", token: USER } },
  ];
  const deployedState = stateWith(deployedObjects);
  const deployedOrganization = (resourceCount = 0) =>
    existing({
      workspaces: [
        {
          id: "ws-base",
          name: "aws_workshop",
          executionMode: "local",
          resourceCount,
          ...(resourceCount > 0 ? { stateAt: "2026-11-30T10:00:00Z" } : {}),
        },
      ],
      teamList: [{ id: "team-pipe", name: "workshop-pipeline" }],
    });

  /** Preflight in a directory of its own holding the state text given. */
  const withState = (json: unknown, state: string, organizations: FakeOrganization[], faults?: Record<string, Fault>) =>
    runPreflight(json, organizations, { state, faults });

  describe("and the room's live memberships", () => {
    // tfe 0.71.0 (internal/provider/resource_tfe_organization_membership.go): Read copies the membership's email from
    // Terraform Cloud into the state before the plan, and email is ForceNew.
    const MEMBERSHIPS_PATH = `${ORG_PATH}/organization-memberships`;
    const invitedObjects = (emails: Record<string, string>) =>
      Object.entries(emails).map(([attendee, email]) => ({
        type: "tfe_organization_membership",
        name: "room_memberships",
        key: attendee,
        attributes: { id: `ou-${attendee}`, email, organization: ORG },
      }));
    const invited = (emails: Record<string, string>) => ({
      ...withPipeline,
      attendees: Object.entries(emails).map(([name, email]) => ({ name, email })),
    });
    const live = (emails: Record<string, string>, extra: Partial<FakeOrganization> = {}) => ({
      ...deployedOrganization(),
      memberships: Object.entries(emails).map(([attendee, email]) => ({
        id: `ou-${attendee}`,
        email,
        status: "active" as const,
      })),
      ...extra,
    });
    const deployed = stateWith([
      ...deployedObjects,
      ...invitedObjects({ alice: "alice@example.com", bob: "bob@example.com" }),
    ]);

    it(
      "warns when an attendee's email in Terraform Cloud differs from the " +
        "state's and the config's: the deploy replaces their membership",
      async () => {
        // GIVEN alice changed her email in Terraform Cloud after the deploy, and the config still has the old one
        const { checklist, requests } = await withState(
          invited({ alice: "alice@example.com", bob: "bob@example.com" }),
          deployed,
          [live({ alice: "alice@new.example.com", bob: "bob@example.com" })],
        );
        // THEN preflight names her, both emails, and what the deploy does
        expect(checklist.filter((line) => line.includes("invitations"))).toEqual([
          "warning invitations: the deploy removes 1 attendee from the organization and invites " +
            "them again at the config's email, no longer the one Terraform Cloud holds (alice: " +
            '"alice@new.example.com" in Terraform Cloud, "alice@example.com" in the config): tfe ' +
            "replaces a membership whose email differs. Fix: write the email Terraform Cloud holds " +
            "into the config, unless they are to be invited at the config's",
        ]);
        expect(requests.filter((path) => path.startsWith(MEMBERSHIPS_PATH))).toEqual([
          `${MEMBERSHIPS_PATH}?include=user&page%5Bnumber%5D=1&page%5Bsize%5D=100`,
        ]);
      },
    );

    it(
      "says nothing when the config already has the email Terraform " + "Cloud holds, though the state has the old one",
      async () => {
        const { checklist, verdict } = await withState(
          invited({ alice: "alice@new.example.com", bob: "bob@example.com" }),
          deployed,
          [live({ alice: "alice@new.example.com", bob: "bob@example.com" })],
        );
        expect(checklist.join("\n")).not.toContain("invitations");
        expect(verdict).toBe("Ready to deploy.");
      },
    );

    it("warns that the deploy invites again an attendee whose membership is gone from Terraform Cloud", async () => {
      const { checklist } = await withState(invited({ alice: "alice@example.com", bob: "bob@example.com" }), deployed, [
        live({ bob: "bob@example.com" }),
      ]);
      expect(checklist).toContain(
        "warning invitations: the deploy invites 1 attendee again, whose membership is no " +
          "longer in Terraform Cloud (alice): they left, or were removed by hand. Fix: " +
          "remove their email from the config if they are not to come back",
      );
    });

    it("reads the memberships of a room of 250, 100 to a page, in three requests", async () => {
      const names = Array.from({ length: 250 }, (_, index) => `a${index}`);
      const emails = Object.fromEntries(names.map((name) => [name, `${name}@example.com`]));
      const { checklist, requests } = await withState(
        invited(emails),
        stateWith([...deployedObjects, ...invitedObjects(emails)]),
        [live({ ...emails, a7: "seven@example.com" })],
      );
      expect(requests.filter((path) => path.startsWith(MEMBERSHIPS_PATH))).toHaveLength(3);
      expect(checklist.filter((line) => line.includes("invitations"))).toEqual([
        expect.stringContaining('(a7: "seven@example.com" in Terraform Cloud, "a7@example.com" in the config)'),
      ]);
    });

    it(
      "fails when the membership list answers HTML or 500, once, and " +
        "compares the config with the state's emails only",
      async () => {
        for (const fault of [html, () => ({ status: 500, text: "oops" })]) {
          const { checklist, code } = await withState(
            invited({ alice: "alice@example.com", bob: "robert@example.com" }),
            deployed,
            [live({ alice: "alice@new.example.com" })],
            { [MEMBERSHIPS_PATH]: fault },
          );
          expect(checklist.filter((line) => line.startsWith("BLOCKER"))).toEqual([
            expect.stringMatching(
              /^BLOCKER Terraform Cloud: GET \/api\/v2\/organizations\/acme-aws-workshop\/organization-memberships\?\S+ answered /,
            ),
          ]);
          expect(checklist.filter((line) => line.includes("invitations"))).toEqual([
            expect.stringMatching(
              /^warning invitations: the deploy removes 1 attendee from the organization and invites them at a new email \(bob: /,
            ),
          ]);
          expect(code).toBe(1);
        }
      },
    );
  });

  it(
    "calls what the state holds managed by this stack, never in " + "the way, and is ready for an unchanged config",
    async () => {
      const { code, checklist, verdict } = await withState(withPipeline, deployedState, [deployedOrganization()]);
      expect(checklist.slice(1)).toEqual([
        "ok      token: a user token of facilitator",
        'ok      organization "acme-aws-workshop": managed by this stack',
        "ok      teams: the organization's plan has the teams entitlement",
        "ok      workspaces: 1 managed by this stack",
        "ok      teams: 1 managed by this stack",
      ]);
      expect(verdict).toBe("Ready to deploy.");
      expect(code).toBe(0);
    },
  );

  for (const { by, listed, lines } of [
    {
      by: "renamed by hand (listed, by id, under another name): the deploy renames them back, in place",
      listed: { workspace: "aws_workshop-by-hand", team: "pipeline-by-hand" },
      lines: [
        'warning workspace "aws_workshop": is managed by this stack, and Terraform Cloud lists it (ws-base) as ' +
          '"aws_workshop-by-hand" (renamed by hand?): the deploy renames it back, in place, with its state and runs. ' +
          "Fix: nothing to do, unless the new name is meant to stay: then give it to the config before the deploy",
        'warning team "workshop-pipeline": is managed by this stack, and Terraform Cloud lists it (team-pipe) as ' +
          '"pipeline-by-hand" (renamed by hand?): the deploy renames it back, in place, with its members and any ' +
          "token. Fix: nothing to do, unless the new name is meant to stay: then give it to the config before the " +
          "deploy",
      ],
    },
    {
      by: "deleted by hand (not listed at all): the deploy creates them again",
      listed: undefined,
      lines: [
        'warning workspace "aws_workshop": is managed by this stack but not in Terraform Cloud (deleted by hand?): ' +
          "the deploy creates it again, empty. Fix: if it was deleted on purpose, nothing to do; its state history " +
          "is gone",
        'warning team "workshop-pipeline": is managed by this stack but not in Terraform Cloud (deleted by hand?): ' +
          "the deploy creates it again, with a new token. Fix: hand out the new token after the deploy",
      ],
    },
  ])
    it(`warns of the workspace and team the stack manages ${by}`, async () => {
      // GIVEN the stack's state holding its workspace and team WHEN Terraform Cloud lists neither by that name
      const organization = existing({
        workspaces: listed && [{ id: "ws-base", name: listed.workspace, executionMode: "local" }],
        teamList: listed && [{ id: "team-pipe", name: listed.team }],
      });
      const { checklist, code } = await withState(withPipeline, deployedState, [organization]);
      // THEN each gets its line, a warning: the deploy goes on
      expect(checklist.filter((line) => /^warning (workspace|team) "/.test(line))).toEqual(lines);
      expect(code).toBe(0);
    });

  it("never prints a token the state holds", async () => {
    const { lines, reported } = await withState(withPipeline, deployedState, [deployedOrganization()]);
    expect([...lines, ...reported].join("\n")).not.toContain(USER);
  });

  it(
    "fails when the config renames the organization the stack " + "manages, which would replace every workspace",
    async () => {
      const renamed = { ...withPipeline, organization: { ...minimal.organization, name: "acme-renamed" } };
      const { checklist } = await withState(renamed, deployedState, [deployedOrganization(), { name: "acme-renamed" }]);
      expect(checklist).toContain(
        'BLOCKER organization "acme-renamed": this stack manages the organization ' +
          '"acme-aws-workshop": renaming it would replace every workspace in it, which Terraform ' +
          "refuses for those that hold state. Fix: set organization.name back to " +
          '"acme-aws-workshop"; to move the workshop to another organization, tear this one down ' +
          "first",
      );
    },
  );

  it("says that switching to a looked-up organization forgets it and destroys nothing", async () => {
    const lookedUp = { ...withPipeline, organization: { ...minimal.organization, create: false } };
    const { checklist, code } = await withState(lookedUp, deployedState, [deployedOrganization()]);
    expect(checklist).toContain(
      'ok      organization "acme-aws-workshop": managed by this stack until now: the deploy forgets ' +
        "it (a removed block) and only looks it up from then on; nothing in it is destroyed",
    );
    expect(code).toBe(0);
  });

  it("fails when a removed team's token reaches a workspace that still manages resources", async () => {
    const { checklist } = await withState(minimal, deployedState, [deployedOrganization(7)]);
    expect(checklist).toContain(
      'BLOCKER team "workshop-pipeline": is removed by this config, and its access and token reach ' +
        '"aws_workshop" (7 resources), which still manages resources: whoever holds its token could no ' +
        "longer destroy them. Fix: have them destroy first, then deploy; or keep the team until then",
    );
  });

  it("fails when a removed workspace cannot be seen by a token that does not see everything", async () => {
    const removed = stateWith([
      { type: "tfe_workspace", name: "room", key: "carol", attributes: { id: "ws-carol", name: "aws_workshop-carol" } },
    ]);
    const json = { ...minimal, organization: { ...minimal.organization, create: false } };
    const { lines } = await runPreflight(
      json,
      [existing({ workspaces: [{ id: "ws-carol", name: "aws_workshop-carol" }] })],
      { token: TEAM, state: removed },
    );
    expect(lines).toContain(
      'BLOCKER attendee carol (workspace "aws_workshop-carol"): is removed by this config, ' +
        "and this token cannot see it: preflight cannot tell whether it still holds work. Fix: " +
        "run preflight with a user token of an owner of the organization",
    );
  });

  describe("and a room whose workspace names change", () => {
    // A room of alice and bob, deployed with the default prefix: their workspaces and teams keyed by their names.
    const roomObjects = ["alice", "bob"].flatMap((attendee) => [
      {
        type: "tfe_workspace",
        name: "room",
        key: attendee,
        attributes: { id: `ws-${attendee}`, name: `aws_workshop-${attendee}` },
      },
      {
        type: "tfe_team",
        name: "room_teams",
        key: attendee,
        attributes: { id: `team-${attendee}`, name: `aws_workshop-${attendee}` },
      },
    ]);
    const roomState = stateWith([...deployedObjects, ...roomObjects]);
    const roomOrganization = (aliceResources: number) =>
      existing({
        workspaces: [
          { id: "ws-base", name: "aws_workshop", executionMode: "local" },
          {
            id: "ws-alice",
            name: "aws_workshop-alice",
            executionMode: "local",
            resourceCount: aliceResources,
            ...(aliceResources > 0 ? { stateAt: "2026-11-30T10:00:00Z" } : {}),
          },
          { id: "ws-bob", name: "aws_workshop-bob", executionMode: "local" },
        ],
        teamList: [
          { id: "team-pipe", name: "workshop-pipeline" },
          { id: "team-alice", name: "aws_workshop-alice" },
          { id: "team-bob", name: "aws_workshop-bob" },
        ],
      });
    const renamedRoom = { ...withPipeline, attendees: { names: ["alice", "bob"], workspacePrefix: "ws-" } };

    it(
      "fails when a new workspacePrefix would rename attendee workspaces " +
        "that hold state, and counts nothing as created or removed",
      async () => {
        // GIVEN alice's workspace manages 3 resources WHEN the prefix changes
        const { checklist, code } = await withState(renamedRoom, roomState, [roomOrganization(3)]);
        // THEN one blocker names the rename that strands her, and the room is neither to create nor removed
        expect(checklist).toContain(
          "BLOCKER attendee workspaces: the deploy would rename 1 that hold state or that this " +
            'token cannot see ("aws_workshop-alice" to "ws-alice"): each attendee\'s cloud block and ' +
            "handout name the old workspace, and their next plan would find none. Fix: set " +
            "attendees.workspacePrefix (or the first workspace's name, its default) back to what " +
            "was deployed until these attendees have destroyed what they made",
        );
        expect(checklist).toContain(
          'warning attendee workspaces: the deploy renames 1 workspace without state ("aws_workshop-bob" to ' +
            '"ws-bob") in place, with their teams: handouts already given name the old workspaces. Fix: hand ' +
            "out the room again after the deploy (npm run handout -- --all --out handouts)",
        );
        expect(checklist.join("\n")).not.toMatch(/to create|removed by this/);
        expect(code).toBe(1);
      },
    );

    it("passes an unchanged room, renaming nothing", async () => {
      const { checklist, code } = await withState({ ...withPipeline, attendees: ["alice", "bob"] }, roomState, [
        roomOrganization(3),
      ]);
      expect(checklist.join("\n")).not.toMatch(/rename/);
      expect(code).toBe(0);
    });
  });

  it(
    "fails when a workspace this stack manages is not visible to a " +
      "token that does not see everything, concluding nothing",
    async () => {
      // GIVEN the pipeline team's token, which sees only its own workspace, on an organization the config looks up
      const state = stateWith([
        { type: "tfe_workspace", name: "w", attributes: { id: "ws-base", name: "aws_workshop" } },
        {
          type: "tfe_workspace",
          name: "room",
          key: "carol",
          attributes: { id: "ws-carol", name: "aws_workshop-carol" },
        },
      ]);
      const json = { ...minimal, organization: { ...minimal.organization, create: false }, attendees: ["carol"] };
      // WHEN preflight runs with it
      const { lines } = await runPreflight(
        json,
        [existing({ workspaces: [{ id: "ws-carol", name: "aws_workshop-carol" }] })],
        { token: TEAM, state },
      );
      // THEN the workspace it cannot see is not called deleted
      expect(lines).toContain(
        'BLOCKER workspace "aws_workshop": is managed by this stack and not visible to this ' +
          "token: preflight cannot tell whether it was deleted or is only hidden from it. Fix: " +
          "run preflight with a user token of an owner of the organization",
      );
      expect(lines.join("\n")).not.toMatch(/deleted by hand/);
    },
  );

  it("fails when the state cannot be read, concluding nothing about what exists", async () => {
    const { checklist, code } = await withState(withPipeline, '{"version": 4, "resources": "broken"', [
      deployedOrganization(),
    ]);
    expect(checklist[0]).toMatch(
      /^BLOCKER state: the local file .+ is not JSON: preflight cannot tell what this stack manages, nor what the deploy would remove\. Fix: restore the state file \(Terraform keeps the previous one as \.backup\) and run preflight again$/,
    );
    expect(checklist.join("\n")).not.toMatch(/in the way|does not manage|to create/);
    expect(code).toBe(1);
  });

  it("fails on a state of another format than Terraform's format 4, saying which", async () => {
    const { checklist } = await withState(withPipeline, JSON.stringify({ version: 3, modules: [] }), [
      deployedOrganization(),
    ]);
    expect(checklist[0]).toMatch(
      / is a Terraform state of format 3; this project reads format 4, which Terraform 0\.12 and later write: preflight cannot tell /,
    );
  });

  /** The facilitator's token, owner of the workshop's organization and of the one that keeps its state. */
  const ownerOfBoth = new Map<string, FakeIdentity>([
    [USER, { kind: "user", username: "facilitator", owns: [ORG, "acme-admin"] }],
  ]);

  it(
    "reads the state kept in a Terraform Cloud workspace: its " + "current state version, downloaded without the token",
    async () => {
      // GIVEN the state in a workspace of another organization, as the README advises
      const inCloud = { ...withPipeline, state: { organization: "acme-admin", workspace: "aws-workshop-state" } };
      const stateWorkspace = {
        id: "ws-state",
        name: "aws-workshop-state",
        executionMode: "local",
        stateAt: "2026-11-30T09:00:00Z",
        state: deployedState,
      };
      const { code, lines, requests } = await runPreflight(
        inCloud,
        [deployedOrganization(), { name: "acme-admin", workspaces: [stateWorkspace] }],
        { tokens: ownerOfBoth },
      );
      // THEN what it holds is managed by this stack
      expect(lines).toContain(
        "ok      state: the Terraform Cloud workspace acme-admin/aws-workshop-state on " +
          "app.terraform.io: 1 workspace and 1 team managed by this stack",
      );
      expect(code).toBe(0);
      expect(requests.filter((path) => path.startsWith("/_archivist/"))).toHaveLength(1);
    },
  );

  it(
    "fails when the one stack's local state file, left when the state was set to Terraform Cloud, holds what the " +
      "workspace there does not: the deploy would create it again",
    async () => {
      // GIVEN the deployed room's local state, and "state" set to a workspace created empty, the state not moved
      const inCloud = { ...withPipeline, state: { organization: "acme-admin", workspace: "aws-workshop-state" } };
      const empty = { id: "ws-state", name: "aws-workshop-state", executionMode: "local" };
      const {
        code,
        lines,
        directory: own,
      } = await runPreflight(inCloud, [deployedOrganization(), { name: "acme-admin", workspaces: [empty] }], {
        tokens: ownerOfBoth,
        state: deployedState,
      });
      // THEN the local file is the blocker, with the directory to move it from; no token of it is printed
      expect(lines.filter((line) => line.includes("local state files"))).toEqual([
        `BLOCKER local state files: ${join(own, STATE_FILE)} (1 workspace, 1 team and 1 token; aws-workshop-state ` +
          "has no state) manages what its stack's state in Terraform Cloud does not hold: the deploy reads the " +
          "states there alone, and would create all of it again, failing on each name still taken in Terraform " +
          "Cloud (preflight did not look up whether what the file manages still exists). Fix: move it there " +
          "before the deploy: terraform init -migrate-state in cdktf.out/stacks/aws-workshop (docs/operations.md, " +
          '"The state holds the tokens", step 3); if what it manages was deleted from Terraform Cloud, delete it ' +
          "instead",
      ]);
      expect(lines.join("\n")).not.toContain(USER);
      expect(code).toBe(1);
    },
  );

  describe("a state workspace that would run the deploy's plan in Terraform Cloud", () => {
    const inCloud = {
      ...minimal,
      organization: { ...minimal.organization, create: false },
      state: { organization: "acme-admin", workspace: "aws-workshop-state" },
    };
    const stateWorkspace = { id: "ws-state", name: "aws-workshop-state" };
    const run = (admin: FakeOrganization) => runPreflight(inCloud, [existing(), admin], { tokens: ownerOfBoth });

    it(
      "fails when the state workspace does not exist, where terraform init " +
        "would create it in remote execution, saying how to create it",
      async () => {
        // GIVEN the state organization's owner, who sees every workspace, and no state workspace
        const { lines, code } = await run({ name: "acme-admin" });
        // THEN the state line is the blocker, with the fix: create it with local execution
        expect(lines[1]).toBe(
          "BLOCKER state: the Terraform Cloud workspace acme-admin/aws-workshop-state on app.terraform.io " +
            "does not exist: terraform init would create it in the project's default execution mode, remote " +
            "unless the project says otherwise, and the deploy's plan would run in Terraform Cloud, without " +
            "this machine's token. Fix: create it with local execution before the deploy: in Terraform Cloud, " +
            'New, Workspace, CLI-Driven Workflow, then in its Settings, General, Execution Mode: "Local" ' +
            '(docs/large-rooms.md, "State workspaces in Terraform Cloud", has the API call)',
        );
        expect(code).toBe(1);
      },
    );

    it("fails when the state workspace is in remote execution, whether its own or its project's default", async () => {
      for (const admin of [
        { name: "acme-admin", workspaces: [{ ...stateWorkspace, executionMode: "remote" }] },
        // No mode of its own: it takes its project's default (API changelog 2025-07-11), here remote
        {
          name: "acme-admin",
          projects: [{ id: "prj-admin", name: "Admin", defaultExecutionMode: "remote" as const }],
          workspaces: [{ ...stateWorkspace, projectId: "prj-admin" }],
        },
      ]) {
        const { lines, code } = await run(admin);
        expect(lines[1]).toBe(
          "BLOCKER state: the Terraform Cloud workspace acme-admin/aws-workshop-state on " +
            "app.terraform.io is in remote execution: the deploy's plan would run in Terraform " +
            "Cloud, without this machine's token. Fix: choose Settings, General, Execution Mode: " +
            '"Local" on the workspace, so that Terraform only keeps the state there',
        );
        expect(code).toBe(1);
      }
    });

    it(
      "warns when the state workspace is in local execution only by its " +
        "project's default, and passes one set to local itself",
      async () => {
        const inherited = await run({
          name: "acme-admin",
          projects: [{ id: "prj-admin", name: "Admin", defaultExecutionMode: "local" }],
          workspaces: [{ ...stateWorkspace, projectId: "prj-admin" }],
        });
        expect(inherited.lines.slice(1, 3)).toEqual([
          "warning state: the Terraform Cloud workspace acme-admin/aws-workshop-state on app.terraform.io " +
            "is in local execution only by its project's default: a change of that default would make it " +
            "remote, and the deploy's plan would run in Terraform Cloud. Fix: choose Settings, General, " +
            'Execution Mode: "Local" on the workspace itself, not the project\'s default',
          "ok      state: the Terraform Cloud workspace acme-admin/aws-workshop-state " +
            "on app.terraform.io: no state yet, this is the first deploy",
        ]);
        const own = await run({ name: "acme-admin", workspaces: [{ ...stateWorkspace, executionMode: "local" }] });
        expect(own.lines[1]).toBe(
          "ok      state: the Terraform Cloud workspace acme-admin/aws-workshop-state " +
            "on app.terraform.io: no state yet, this is the first deploy",
        );
        expect(own.code).toBe(0);
      },
    );
  });

  describe("a sharded room's state workspaces in Terraform Cloud", () => {
    const ADMIN_WORKSPACES = "/api/v2/organizations/acme-admin/workspaces";
    const room = {
      ...minimal,
      organization: { ...minimal.organization, create: false },
      attendees: { names: ["alice", "bob", "carol", "dave"], shards: 2 },
      state: { organization: "acme-admin", workspace: "room-state" },
    };
    const local = (name: string, state?: string) => ({
      id: `ws-${name}`,
      name,
      executionMode: "local",
      ...(state === undefined ? {} : { stateAt: "2026-11-30T09:00:00Z", state }),
    });
    /** A shard's state holding the room of one attendee. */
    const holding = (attendee: string) =>
      stateWith(
        ["tfe_workspace", "tfe_team"].map((type) => ({
          type,
          name: type === "tfe_team" ? "attendees_teams_5CBAB2CE" : "attendees_workspaces_D5E9DB06",
          key: attendee,
          attributes: { id: `${type}-${attendee}`, name: `aws_workshop-${attendee}` },
        })),
      );
    const shardsOf = (workspaces: NonNullable<FakeOrganization["workspaces"]>): FakeOrganization => ({
      name: "acme-admin",
      workspaces: [local("room-state"), ...workspaces],
    });
    const run = (admin: FakeOrganization, faults?: PreflightRun["faults"]) =>
      runPreflight(room, [existing(), admin], { tokens: ownerOfBoth, faults });

    it(
      "fails when a shard's state workspace holds the state of something else, naming it and the types " +
        "no stack of the workshop makes",
      async () => {
        // GIVEN room-state-shard-1, reused, holding someone's AWS resources beside a workspace of its own
        const foreign = stateWith([
          { type: "aws_instance", name: "web", attributes: { id: "i-123" } },
          { type: "aws_s3_bucket", name: "data", attributes: { id: "bucket" } },
          { type: "tfe_workspace", name: "w", attributes: { id: "ws-other", name: "other" } },
        ]);
        const { lines, code } = await run(
          shardsOf([local("room-state-shard-1", foreign), local("room-state-shard-2")]),
        );
        // THEN its deploy, which would plan to destroy them, is blocked
        expect(lines.filter((line) => line.startsWith("BLOCKER"))).toEqual([
          "BLOCKER state of aws-workshop-shard-1: the Terraform Cloud workspace acme-admin/room-state-shard-1 on " +
            "app.terraform.io holds 2 resource types that no stack of the workshop makes (aws_instance, " +
            "aws_s3_bucket): it is the state of something else, and the deploy of aws-workshop-shard-1 would plan " +
            'to destroy what it manages. Fix: give "state.workspace" a name whose workspaces hold no other state, ' +
            "or delete that workspace if its state is no longer needed (docs/operations.md, Tearing down after " +
            "the workshop)",
        ]);
        expect(lines.at(-1)).not.toMatch(/Ready to deploy/);
        expect(code).toBe(1);
        // AND docs/large-rooms.md quotes that line in its own words, but for what it leaves out ("...")
        const quoted = /`(BLOCKER state of aws-workshop-shard-1: [^`]*)`/.exec(
          docText("docs/large-rooms.md").replace(/\s+/g, " "),
        )![1]!;
        for (const part of quoted.split(" ... ")) expect(lines.join("\n")).toContain(part);
      },
    );

    it(
      "finds a shard state workspace beyond the config's count in one list searched by name, " +
        "keeping only shards' names, and fails on the rooms it holds naming attendees.shards",
      async () => {
        // GIVEN shards 1 and 2 of the config, shard 3 of a room deployed in 3 holding alice's room, and names that the
        // fuzzy search also lists
        const admin = shardsOf([
          local("room-state-shard-1"),
          local("room-state-shard-2"),
          local("room-state-shard-3", holding("alice")),
          local("room-state-shard-03", holding("bob")),
          local("room-state-shard-1-old", holding("carol")),
        ]);
        const { lines, requests, code } = await run(admin);
        // THEN one list asks for the shards' names, and only shard 3's state is read beyond the config's
        expect(requests.filter((path) => path.startsWith(ADMIN_WORKSPACES + "?"))).toEqual([
          `${ADMIN_WORKSPACES}?search%5Bname%5D=room-state-shard-&page%5Bnumber%5D=1&page%5Bsize%5D=100`,
        ]);
        // AND the organization is read beside it: only an owner's token lists every shard there is
        expect(requests).toContain("/api/v2/organizations/acme-admin");
        expect(lines.join("\n")).not.toMatch(/may not see every workspace/);
        expect(requests.filter((path) => path.endsWith("/current-state-version"))).toEqual([
          "/api/v2/workspaces/ws-room-state-shard-3/current-state-version",
        ]);
        // AND the room deployed in 3 shards is the one blocker
        expect(lines.filter((line) => line.startsWith("BLOCKER"))).toEqual([
          "BLOCKER attendees.shards: 1 attendee's room is deployed in another stack than this config " +
            "puts them in (alice in aws-workshop-shard-3, now aws-workshop-shard-2): a deploy cannot move " +
            "a room, it would create it again in its new stack, under names Terraform Cloud has taken, " +
            "and delete it where it is. Fix: keep attendees.shards as the room was deployed (3), or move " +
            "it with attendees.migrateFromShards 3 (docs/large-rooms.md)",
        ]);
        expect(code).toBe(1);
      },
    );

    it("finds a shard state workspace named as the config's in another case, as Terraform Cloud does", async () => {
      // GIVEN shard 3 of a room deployed in 3, its workspace named in other letters' case
      const admin = shardsOf([
        local("room-state-shard-1"),
        local("room-state-shard-2"),
        local("Room-State-Shard-3", holding("alice")),
      ]);
      const { lines, code } = await run(admin);
      // THEN the room it holds is the blocker, as for a name of the same case
      expect(lines.filter((line) => line.startsWith("BLOCKER"))).toEqual([
        expect.stringMatching(
          /^BLOCKER attendees\.shards: 1 attendee's room is deployed in another stack .*\(alice in /,
        ),
      ]);
      expect(code).toBe(1);
    });

    it(
      "fails when the shard state workspaces cannot be listed " + "(404), and concludes nothing about the shards",
      async () => {
        const admin = shardsOf([local("room-state-shard-1"), local("room-state-shard-2")]);
        const { lines, code } = await run(admin, {
          [ADMIN_WORKSPACES]: () => ({ status: 404, body: { errors: [{ status: "404", title: "not found" }] } }),
        });
        expect(lines).toContain(
          "BLOCKER state of the shards: the workspaces room-state-shard-N of acme-admin on " +
            "app.terraform.io could not be listed (GET " +
            "/api/v2/organizations/acme-admin/workspaces?search%5Bname%5D=room-state-shard-&" +
            "page%5Bnumber%5D=1&page%5Bsize%5D=100 answered 404: absent, or not visible to this token): " +
            "preflight cannot tell whether the room was deployed in more shards than this config has, or in " +
            "shards it no longer has. Fix: check the token for app.terraform.io (it must see every " +
            "workspace of acme-admin) and run preflight again",
        );
        expect(lines.join("\n")).not.toMatch(/ shards: (no shard|this config adds)/);
        expect(code).toBe(1);
      },
    );

    it("reports a list that answers 500 once, and concludes nothing about the shards", async () => {
      const admin = shardsOf([local("room-state-shard-1"), local("room-state-shard-2")]);
      const { lines, code } = await run(admin, { [ADMIN_WORKSPACES]: () => ({ status: 500, text: "oops" }) });
      expect(lines.filter((line) => line.includes(ADMIN_WORKSPACES))).toHaveLength(1);
      expect(lines.join("\n")).not.toMatch(/ shards: (no shard|this config adds)/);
      expect(code).toBe(1);
    });

    it(
      "fails on the config's shard state workspaces that do not exist or " +
        "are not in local execution, each kind in one line",
      async () => {
        // GIVEN shard 1's state workspace missing and shard 2's in remote execution
        const admin = shardsOf([{ ...local("room-state-shard-2"), executionMode: "remote" }]);
        const { lines, code } = await run(admin);
        expect(lines.filter((line) => line.includes("state of the shards"))).toEqual([
          "BLOCKER state of the shards: the Terraform Cloud workspace acme-admin/room-state-shard-1 on " +
            "app.terraform.io does not exist: terraform init would create it in the project's default " +
            "execution mode, remote unless the project says otherwise, and the deploy's plan would run in " +
            "Terraform Cloud, without this machine's token. Fix: create it with local execution before the " +
            "deploy: in Terraform Cloud, New, Workspace, CLI-Driven Workflow, then in its Settings, General, " +
            'Execution Mode: "Local" (docs/large-rooms.md, "State workspaces in Terraform Cloud", has the API ' +
            "call)",
          "BLOCKER state of the shards: the Terraform Cloud workspace acme-admin/room-state-shard-2 " +
            "on app.terraform.io is in remote execution: the deploy's plan would run in Terraform " +
            "Cloud, without this machine's token. Fix: choose Settings, General, Execution Mode: " +
            '"Local" on the workspace, so that Terraform only keeps the state there',
        ]);
        expect(code).toBe(1);
      },
    );
    it(
      "fails on a token of a team that sees only some state workspaces: on the config's shard hidden from it, " +
        "and on the shards beyond the config it cannot show absent",
      async () => {
        // GIVEN a team token of acme-admin whose team has access to the shared state workspace and shard 2's only
        const keeper = fakeToken("St4teKeeperTeam");
        const admin: FakeOrganization = {
          ...shardsOf([local("room-state-shard-1"), local("room-state-shard-2"), local("room-state-shard-3")]),
          teamList: [
            {
              id: "team-keepers",
              name: "state-keepers",
              access: { "room-state": "write", "room-state-shard-2": "write" },
            },
          ],
        };
        const teamOfAdmin = new Map<string, FakeIdentity>([
          [keeper, { kind: "team", organization: "acme-admin", teamId: "team-keepers" }],
        ]);
        const { lines, code } = await runPreflight(room, [existing(), admin], { token: keeper, tokens: teamOfAdmin });
        // THEN shard 1's hidden workspace and the search that may miss shard 3 are each a blocker naming the fix
        expect(lines.filter((line) => / state of /.test(line))).toEqual([
          "BLOCKER state of the shards: this token may not see every workspace of acme-admin on app.terraform.io, " +
            "so a shard state workspace room-state-shard-N hidden from it would not be found: one of a room " +
            "deployed with more shards, or in shards this config no longer has, holds rooms no stack of this " +
            "config deploys, and the deploy would leave those it removes with their tokens valid, and create " +
            "again those it keeps, under names Terraform Cloud has taken. Fix: run preflight with a user token " +
            "of an owner of acme-admin on app.terraform.io, who sees every workspace there",
          "BLOCKER state of aws-workshop-shard-1: the Terraform Cloud workspace acme-admin/room-state-shard-1 on " +
            "app.terraform.io is not visible to this token, which cannot tell whether it exists: preflight cannot " +
            "tell what this shard manages, nor what the deploy would remove. Fix: run preflight with a user token " +
            "of an owner of acme-admin, who sees whether it exists",
        ]);
        expect(code).toBe(1);
      },
    );
    it(
      "fails on the shards' local state files a move to Terraform Cloud left holding rooms, naming each; an empty " +
        "one, as Terraform's move leaves, is safe",
      async () => {
        // GIVEN the shared stack's local file emptied, and shards 1 and 2 holding rooms, their workspaces empty
        const files = {
          [stateFileOf("aws-workshop")]: "",
          [stateFileOf("aws-workshop-shard-1")]: holding("alice"),
          [stateFileOf("aws-workshop-shard-2")]: holding("bob"),
        };
        const admin = shardsOf([local("room-state-shard-1"), local("room-state-shard-2")]);
        const {
          lines,
          code,
          directory: own,
        } = await runPreflight(room, [existing(), admin], {
          tokens: ownerOfBoth,
          files,
        });
        // THEN one blocker names the shards' files and where to move each
        const shard = (n: number) => join(own, stateFileOf(`aws-workshop-shard-${n}`));
        expect(lines.filter((line) => line.includes("local state files"))).toEqual([
          `BLOCKER local state files: ${shard(1)} (1 workspace, 1 team and 0 tokens; room-state-shard-1 has no ` +
            `state), ${shard(2)} (1 workspace, 1 team and 0 tokens; room-state-shard-2 has no state) manage what ` +
            "their stacks' states in Terraform Cloud do not hold: the deploy reads the states there alone, and " +
            "would create all of it again, failing on each name still taken in Terraform Cloud (preflight did not " +
            "look up whether what the files manage still exists). Fix: move them there before the deploy: " +
            "terraform init -migrate-state in cdktf.out/stacks/aws-workshop-shard-1, " +
            'cdktf.out/stacks/aws-workshop-shard-2 (docs/operations.md, "The state holds the tokens", step 3); if ' +
            "what they manage was deleted from Terraform Cloud, delete them instead",
        ]);
        expect(code).toBe(1);
      },
    );

    for (const [answer, path, fault] of [
      ["503", "/api/v2/workspaces/ws-room-state-shard-1/current-state-version", { status: 503, text: "down" }],
      ["429", `${ADMIN_WORKSPACES}/room-state-shard-1`, { status: 429 }],
    ] as const)
      it(
        `concludes nothing about the room's workspaces and teams when a shard's state read answers ${answer}, ` +
          "and says which shard was not read",
        async () => {
          // GIVEN each shard's state holding the rooms of its attendees, and Terraform Cloud listing shard 1's
          const inShard = (shard: number) => room.attendees.names.filter((name) => shardOf(name, 2) === shard);
          const held = (shard: number) =>
            stateWith(
              inShard(shard).flatMap((attendee) =>
                ["tfe_workspace", "tfe_team"].map((type) => ({
                  type,
                  name: type === "tfe_team" ? "attendees_teams_5CBAB2CE" : "attendees_workspaces_D5E9DB06",
                  key: attendee,
                  attributes: { id: `${type}-${attendee}`, name: `aws_workshop-${attendee}` },
                })),
              ),
            );
          const admin = shardsOf([local("room-state-shard-1", held(1)), local("room-state-shard-2", held(2))]);
          const listed = inShard(1).map((name) => ({ id: `ws-${name}`, name: `aws_workshop-${name}` }));
          // WHEN shard 1's state read gets no usable answer
          const { lines, code } = await runPreflight(room, [existing({ workspaces: listed }), admin], {
            tokens: ownerOfBoth,
            faults: { [path]: () => fault },
          });
          // THEN the shards' line names the shard not read and counts nothing from the other alone
          expect(lines.filter((line) => line.includes("state of the shards"))).toEqual([
            "warning state of the shards: aws-workshop-shard-1 was not read (no usable answer from Terraform " +
              "Cloud): preflight cannot tell what this shard manages, and concludes nothing about the room's " +
              "workspaces and teams. Fix: run preflight again once Terraform Cloud answers",
          ]);
          // AND no workspace of shard 1 is taken for one to adopt, and no count of workspaces, teams or shards is drawn
          expect(lines.join("\n")).not.toMatch(/exists already|^ok {6}(workspaces|shards|removals):|^ok {6}teams: \d/m);
          expect(lines.filter((line) => line.startsWith("BLOCKER"))).toEqual([
            expect.stringMatching(new RegExp(`^BLOCKER Terraform Cloud: GET ${path} .*${answer}`)),
          ]);
          expect(code).toBe(1);
        },
      );
  });

  describe("and the workshop's project", () => {
    const withProject = { ...withPipeline, project: { name: "AWS workshop" } };
    const DEFAULT_PROJECT = { id: "prj-default", name: "Default Project" };
    const ROOM_PROJECT = { id: "prj-room", name: "AWS workshop" };
    const PROJECTS_PATH = `${ORG_PATH}/projects`;
    /** The deployed organization, its workspace in the project given, with these projects. */
    const deployedIn = (projectId: string, projects: FakeOrganization["projects"]) => {
      const organization = deployedOrganization();
      return {
        ...organization,
        projects,
        workspaces: organization.workspaces!.map((workspace) => ({ ...workspace, projectId })),
      };
    };
    const stateWithProject = stateWith([
      ...deployedObjects,
      { type: "tfe_project", name: "project_22F52B9F", attributes: { id: "prj-room", name: "AWS workshop" } },
    ]);
    const MOVES_ONE =
      'warning workspaces: 1 workspace is in another project (1 in "Default Project"): the deploy ' +
      'moves it into project "AWS workshop", where what it had from the old one (its team access, ' +
      'variable sets and policy sets) no longer reaches it. Fix: give project "AWS workshop" what it ' +
      "needs of the old one, if anything; its own team access moves with it";

    it("asks for the projects in one list only when the config has a project", async () => {
      const without = await runPreflight({ ...minimal, organization: { ...minimal.organization, create: false } }, [
        existing({ projects: [DEFAULT_PROJECT] }),
      ]);
      expect(without.requests.filter((path) => path.includes("/projects"))).toEqual([]);
      const withOne = await runPreflight(
        { ...minimal, organization: { ...minimal.organization, create: false }, project: { name: "AWS workshop" } },
        [existing({ projects: [DEFAULT_PROJECT] })],
      );
      expect(withOne.requests.filter((path) => path.includes("/projects"))).toEqual([
        `${PROJECTS_PATH}?page%5Bnumber%5D=1&page%5Bsize%5D=100`,
      ]);
      expect(withOne.checklist.slice(1)).toEqual([
        "ok      token: a user token of facilitator",
        'ok      organization "acme-aws-workshop": exists and will be looked up',
        'ok      project "AWS workshop": to create',
        "ok      workspaces: 1 to create (aws_workshop)",
      ]);
      expect(withOne.verdict).toBe("Ready to deploy.");
    });

    it(
      "adding a project to the deployed room: it is to create, and the deploy " +
        "moves the room's workspaces into it, said with how many",
      async () => {
        const { code, checklist, verdict } = await withState(withProject, deployedState, [
          deployedIn("prj-default", [DEFAULT_PROJECT]),
        ]);
        expect(checklist.slice(1)).toEqual([
          "ok      token: a user token of facilitator",
          'ok      organization "acme-aws-workshop": managed by this stack',
          "ok      teams: the organization's plan has the teams entitlement",
          'ok      project "AWS workshop": to create',
          "ok      workspaces: 1 managed by this stack",
          MOVES_ONE,
          "ok      teams: 1 managed by this stack",
        ]);
        expect(verdict).toBe("No blocker, 1 warning: read it, since preflight could not confirm everything.");
        expect(code).toBe(0);
      },
    );

    it(
      "calls the project in the state managed by this stack, with " + "nothing to move when the workspaces are in it",
      async () => {
        const { checklist, verdict } = await withState(withProject, stateWithProject, [
          deployedIn("prj-room", [DEFAULT_PROJECT, ROOM_PROJECT]),
        ]);
        expect(checklist).toContain('ok      project "AWS workshop": managed by this stack');
        expect(checklist.join("\n")).not.toContain("another project");
        expect(verdict).toBe("Ready to deploy.");
      },
    );

    it(
      "says a renamed project is renamed in place, and fails when " + "another project has the new name, in any case",
      async () => {
        const renamed = { ...withPipeline, project: { name: "AWS workshop 2026" } };
        const inPlace = await withState(renamed, stateWithProject, [deployedIn("prj-room", [ROOM_PROJECT])]);
        expect(inPlace.checklist).toContain(
          'ok      project "AWS workshop 2026": managed by this stack as "AWS ' +
            'workshop": the deploy renames it, its workspaces staying in it',
        );
        const taken = await withState(renamed, stateWithProject, [
          deployedIn("prj-room", [ROOM_PROJECT, { id: "prj-other", name: "aws WORKSHOP 2026" }]),
        ]);
        expect(taken.checklist).toContain(
          'BLOCKER project "AWS workshop 2026": is managed by this stack as "AWS workshop", ' +
            'and renaming it would fail: project prj-other is named "aws WORKSHOP 2026". Fix: ' +
            'set project.name back to "AWS workshop", or choose another name',
        );
      },
    );

    it(
      "says a project dropped from the config is forgotten, " + "never destroyed, its workspaces staying in it",
      async () => {
        const { checklist, code } = await withState(withPipeline, stateWithProject, [
          deployedIn("prj-room", [ROOM_PROJECT]),
        ]);
        expect(checklist).toContain(
          'ok      project "AWS workshop": managed by this stack until now: the deploy forgets it (a removed ' +
            "block) and its workspaces stay in it; nothing is destroyed, delete it by hand once it is empty",
        );
        expect(code).toBe(0);
      },
    );

    it("warns when the project the stack manages was deleted by hand: the deploy makes it again", async () => {
      const { checklist } = await withState(withProject, stateWithProject, [
        deployedIn("prj-default", [DEFAULT_PROJECT]),
      ]);
      expect(checklist).toContain(
        'warning project "AWS workshop": is managed by this stack (prj-room) but not in ' +
          "Terraform Cloud (deleted by hand?): the deploy creates it again and moves the " +
          "workspaces into it. Fix: if it was deleted on purpose, nothing to do",
      );
      expect(checklist).toContain(MOVES_ONE);
    });

    it(
      "fails when a project of the name exists, in any case, and is neither " +
        "managed nor adopted: the fix adopts it or picks another name",
      async () => {
        const json = { ...withProject, organization: { ...minimal.organization, create: false } };
        const { checklist, code } = await runPreflight(json, [
          existing({ projects: [DEFAULT_PROJECT, { id: "prj-hand", name: "aws workshop" }] }),
        ]);
        expect(checklist).toContain(
          'BLOCKER project "AWS workshop": exists already (prj-hand, as "aws workshop") and ' +
            'this stack does not manage it: creating it would fail. Fix: set "import": { ' +
            '"project": "prj-hand" } to adopt it, or choose another project.name',
        );
        expect(code).toBe(1);
      },
    );

    it(
      "adopts an existing project with the adopted workspace, saying the " +
        "workspace moves and the project's auto-destroy reaches it",
      async () => {
        // GIVEN the project and aws_workshop made by hand, the workspace still in the Default Project, the project
        // destroying idle workspaces
        const json = {
          ...minimal,
          organization: { ...minimal.organization, create: false },
          project: { name: "AWS workshop" },
          import: { project: "prj-hand", workspaces: ["aws_workshop"] },
        };
        const organization = existing({
          projects: [DEFAULT_PROJECT, { id: "prj-hand", name: "AWS workshop", autoDestroyActivityDuration: "14d" }],
          workspaces: [{ id: "ws-1", name: "aws_workshop", executionMode: "local", projectId: "prj-default" }],
        });
        const { checklist, code } = await runPreflight(json, [organization]);
        expect(checklist.slice(1)).toEqual([
          "ok      token: a user token of facilitator",
          'ok      organization "acme-aws-workshop": exists and will be looked up',
          'ok      project "AWS workshop": exists (prj-hand) and will be adopted',
          'warning project "AWS workshop": gives each of its workspaces an auto-destroy run ' +
            "after 14d without activity, the workshop's workspaces included. Fix: clear the " +
            "project's auto-destroy setting in Terraform Cloud, unless the room's " +
            "infrastructure should be destroyed after that long without activity",
          'ok      workspace "aws_workshop": exists (execution mode local) and will be adopted',
          MOVES_ONE,
        ]);
        expect(code).toBe(0);
      },
    );

    it(
      "warns that an adopted project of another name is renamed, and " +
        "fails when import.project names no project it sees",
      async () => {
        const json = {
          ...minimal,
          organization: { ...minimal.organization, create: false },
          project: { name: "AWS workshop" },
          import: { project: "prj-hand" },
        };
        const renamed = await runPreflight(json, [existing({ projects: [{ id: "prj-hand", name: "Workshop" }] })]);
        expect(renamed.checklist).toContain(
          'warning project "AWS workshop": exists as "Workshop" (prj-hand) and will be adopted: the deploy ' +
            'renames it to "AWS workshop". Fix: set project.name to "Workshop" to keep its name',
        );
        const missing = await runPreflight(json, [existing({ projects: [DEFAULT_PROJECT] })]);
        expect(missing.checklist).toContain(
          'BLOCKER project "AWS workshop": import.project names prj-hand, which is not a project of ' +
            "the organization this token sees. Fix: check the id in the project's settings in " +
            "Terraform Cloud, or remove import.project so that the project is created",
        );
      },
    );

    it(
      "finds a rehearsed room in its project ready: the project and its " +
        "workspaces managed by this stack, nothing to move",
      async () => {
        // GIVEN the room in its project, as npm run rehearse seeds Terraform Cloud and the state after the deploy
        const json = { ...withProject, attendees: ["alice", "bob"] };
        const { seed } = deployedSeed(json, { now: new Date() });
        const { code, lines } = await runPreflight(json, seed.organizations, {
          state: seed.state!,
          tokens: seed.tokens,
          token: seed.facilitatorToken,
        });
        // THEN
        expect(lines).toContain('ok      project "AWS workshop": managed by this stack');
        expect(lines).toContain("ok      workspaces: 3 managed by this stack");
        expect(lines.join("\n")).not.toContain("another project");
        expect(lines.at(-1)).toBe("Ready to deploy.");
        expect(code).toBe(0);
      },
    );

    it(
      "fails when the project list answers HTML or 500, once, " + "concluding nothing about the project or what moves",
      async () => {
        const json = {
          ...withProject,
          organization: { ...minimal.organization, create: false },
          import: { workspaces: ["aws_workshop"] },
        };
        for (const fault of [html, () => ({ status: 500, text: "oops" })]) {
          const { checklist, code } = await runPreflight(
            json,
            [
              existing({
                projects: [DEFAULT_PROJECT],
                workspaces: [{ id: "ws-1", name: "aws_workshop", projectId: "prj-default" }],
              }),
            ],
            { faults: { [PROJECTS_PATH]: fault } },
          );
          expect(checklist.filter((line) => line.includes(PROJECTS_PATH))).toHaveLength(1);
          expect(checklist.join("\n")).not.toMatch(/project "AWS workshop"|another project/);
          expect(checklist.filter((line) => line.startsWith("BLOCKER"))).toEqual([
            expect.stringMatching(
              /^BLOCKER Terraform Cloud: GET \/api\/v2\/organizations\/acme-aws-workshop\/projects\?\S+ answered /,
            ),
          ]);
          expect(code).toBe(1);
        }
      },
    );
  });
});

describe("the invitations check", () => {
  /**
   * What preflight knows once it read a state whose memberships hold these emails, by attendee (each membership's id
   * `ou-<attendee>`), and, when given, the emails Terraform Cloud holds now, by membership id.
   */
  const deployedWith = (invitations: Record<string, string>, live?: Record<string, string>): PreflightFacts =>
    factsWith({
      state: localState(
        stateHolding({
          invitations: new Map(
            Object.entries(invitations).map(([attendee, email]) => [attendee, { id: `ou-${attendee}`, email }]),
          ),
        }),
      ),
      ...(live === undefined
        ? {}
        : { memberships: new Map(Object.entries(live).map(([id, email]) => [id, { id, status: "active", email }])) }),
    });
  const roomOf = (names: unknown[]) =>
    validConfig({ organization: { name: "acme", email: "f@example.com" }, attendees: names });
  const lines = (names: unknown[], deployed: Record<string, string>, live?: Record<string, string>) =>
    invitationsCheck(roomOf(names), deployedWith(deployed, live)).map(
      (item) => `${item.level} ${item.finding} Fix: ${item.fix}`,
    );

  it(
    "says nothing when every email is as the state holds it, an " +
      "attendee gains one, or one who had one leaves the room",
    () => {
      expect(
        lines(
          [
            { name: "ann", email: "ann@example.com" },
            { name: "bob", email: "bob@example.com" },
          ],
          { ann: "ann@example.com" },
        ),
      ).toEqual([]);
      expect(lines(["bob"], { ann: "ann@example.com" })).toEqual([]);
      expect(invitationsCheck(roomOf(["ann"]), factsWith())).toEqual([]);
    },
  );

  it("fails when emails changed in case alone, naming three and counting the rest", () => {
    const names = ["ann", "bob", "cid", "dee", "eve"];
    expect(
      lines(
        names.map((name) => ({ name, email: `${name.toUpperCase()}@example.com` })),
        Object.fromEntries(names.map((name) => [name, `${name}@example.com`])),
      ),
    ).toEqual([
      "warning the deploy would remove 5 attendees from the organization and invite them again, for " +
        'a change of case in their email alone (ann: "ann@example.com" to "ANN@example.com", bob: ' +
        '"bob@example.com" to "BOB@example.com", cid: "cid@example.com" to "CID@example.com", and 2 ' +
        "more): tfe replaces a membership on any change of its email Fix: write each email as the " +
        "state holds it: a change of case alone is not worth a new invitation",
    ]);
  });

  it(
    "compares the config with the email Terraform Cloud holds, found " +
      "by the state's id, and says nothing when they agree",
    () => {
      expect(
        lines(
          [{ name: "bob", email: "robert@example.com" }],
          { bob: "bob@example.com" },
          { "ou-bob": "robert@example.com" },
        ),
      ).toEqual([]);
      expect(
        lines([{ name: "bob", email: "Bob@example.com" }], { bob: "bob@example.com" }, { "ou-bob": "bob@example.com" }),
      ).toEqual([
        "warning the deploy would remove 1 attendee from the organization and invite them again, for " +
          'a change of case in their email alone (bob: "bob@example.com" to "Bob@example.com"): tfe ' +
          "replaces a membership on any change of its email Fix: write each email as Terraform Cloud " +
          "holds it: a change of case alone is not worth a new invitation",
      ]);
    },
  );

  it("fails when an email changed in Terraform Cloud and in the config both, naming what Terraform Cloud holds", () => {
    expect(
      lines(
        [{ name: "bob", email: "robert@example.com" }],
        { bob: "bob@example.com" },
        { "ou-bob": "rob@example.com" },
      ),
    ).toEqual([
      "warning the deploy removes 1 attendee from the organization and invites them again at the config's " +
        'email, no longer the one Terraform Cloud holds (bob: "rob@example.com" in Terraform Cloud, ' +
        '"robert@example.com" in the config): tfe replaces a membership whose email differs Fix: write the ' +
        "email Terraform Cloud holds into the config, unless they are to be invited at the config's",
    ]);
  });

  it("says nothing of a gone membership whose email left the config too", () => {
    expect(lines(["bob"], { bob: "bob@example.com" }, {})).toEqual([]);
  });

  it("fails with one line for each kind of change at once: a case, an address, an email dropped", () => {
    const deployed = { ann: "ann@example.com", bob: "bob@example.com", cid: "cid@example.com" };
    const changed = lines(
      [{ name: "ann", email: "Ann@example.com" }, { name: "bob", email: "robert@example.com" }, "cid"],
      deployed,
    );
    expect(changed.map((line) => line.slice(0, line.indexOf(" (")))).toEqual([
      "warning the deploy would remove 1 attendee from the organization and " +
        "invite them again, for a change of case in their email alone",
      "warning the deploy removes 1 attendee from the organization and invites them at a new email",
      "warning the deploy removes 1 attendee from the organization, whose email left the config",
    ]);
  });
});

describe("the removals check, after the event ended", () => {
  // GIVEN alice's workspace, removed by the config, still manages 7 resources
  const config = validConfig({ organization: { name: "acme", email: "f@example.com" }, attendees: ["bob"] });
  const lines = (tokens: ManagedObjects["tokens"]) =>
    removalsCheck(
      config,
      factsWith({
        organization: { name: "acme", canUpdate: true },
        workspaces: new Map([
          [
            "aws_workshop-alice",
            {
              id: "ws-alice",
              name: "aws_workshop-alice",
              executionMode: "local",
              resourceCount: 7,
              currentStateVersion: "sv-alice",
              permissions: { canUpdate: true, canCreateStateVersions: true, canLock: true, canReadStateVersions: true },
              followsProjectExecutionMode: false,
            } satisfies Workspace,
          ],
        ]),
        state: localState(
          stateHolding({
            workspaces: new Map([
              ["aws_workshop-alice", { name: "aws_workshop-alice", id: "ws-alice", attendee: "alice" }],
            ]),
            teams: new Map([
              ["aws_workshop-alice", { name: "aws_workshop-alice", id: "team-alice", attendee: "alice" }],
            ]),
            tokens,
          }),
        ),
      }),
    )
      .filter((item) => item.level === "blocker")
      .map((item) => `${item.level} ${item.subject}: ${item.fix}`);

  it("has alice destroy first while her token is in the state", () => {
    expect(lines([{ teamId: "team-alice", description: "workshop attendee alice" }])).toEqual([
      'blocker attendee alice (workspace "aws_workshop-alice"): have alice run terraform destroy in their project ' +
        "first, then deploy; or keep it in the config until then",
    ]);
  });

  it("fails with the way to give alice a token again, as leftovers says, when the event's end deleted hers", () => {
    // WHEN the state holds her team and no token of it, as an ended event's deploy left it
    // THEN the fix gives her access again before she destroys, instead of telling her to destroy
    expect(lines([])).toEqual([
      'blocker attendee alice (workspace "aws_workshop-alice"): alice has no token to run terraform destroy with ' +
        "(the event's end deleted it): keep them in the config and remove event.ended and deploy, which issues new " +
        "tokens and invitations (see Ending the event in docs/operations.md); once they have destroyed, remove " +
        "them and deploy",
    ]);
  });
});

describe("the event check", () => {
  /** What preflight knows once it read a state holding these attendees' environments; none: the first deploy. */
  const deployedFor = (attendees: string[]): PreflightFacts =>
    factsWith({
      state: localState(
        attendees.length === 0
          ? { kind: "none" }
          : stateHolding({
              workspaces: new Map(
                attendees.map((name) => [`aws_workshop-${name}`, { name: `aws_workshop-${name}`, attendee: name }]),
              ),
            }),
      ),
    });
  const lines = (event: unknown, names: string[], deployed: string[]) =>
    eventCheck(
      validConfig({ organization: { name: "acme", email: "f@example.com" }, attendees: names, event }),
      deployedFor(deployed),
    ).map(
      (item) => `${item.level} ${item.subject}: ${item.finding}${item.fix === undefined ? "" : ` Fix: ${item.fix}`}`,
    );
  const PASSED = new Date(NOW.getTime() - 60_000).toISOString();
  const AHEAD = new Date(NOW.getTime() + 86_400_000).toISOString();

  it(
    "says the ended event's deploy ends every attendee's access and " +
      "keeps the rest, once every attendee is deployed",
    () => {
      expect(lines({ ended: true }, ["ann", "bob"], ["ann", "bob"])).toEqual([
        "ok event.ended: after this deploy no attendee has a token, an invitation or a " +
          "membership; their workspaces, teams and state stay for review and the teardown",
      ]);
    },
  );

  it("says nothing of an end ahead, of a passed end once the room is deployed, or of a config without an event", () => {
    expect(lines({ endsAt: AHEAD }, ["ann"], [])).toEqual([]);
    expect(lines({ endsAt: PASSED }, ["ann"], ["ann"])).toEqual([]);
    expect(lines(undefined, ["ann"], [])).toEqual([]);
  });

  it("fails when the event has ended with attendees still to create, naming them", () => {
    expect(lines({ ended: true }, ["ann", "bob", "cid", "dee", "eve"], ["ann"])).toEqual([
      "blocker event.ended: the event has ended, but 4 attendees of the config have no environment yet " +
        "(bob, cid, dee, and 1 more): an ended event gives them a workspace and a team, and no token to use " +
        'them Fix: remove them from attendees.names, or leave out "ended" until they are deployed',
    ]);
  });

  it("fails when the event's end has passed at the first deploy", () => {
    expect(lines({ endsAt: PASSED }, ["ann"], [])).toEqual([
      `blocker event.endsAt: ${PASSED} has passed, and the deploy would create 1 attendee (ann) ` +
        "whose access ends then Fix: set event.endsAt to the end of the event to come",
    ]);
  });
});

describe("the token expiries check", () => {
  const NOW = new Date("2026-07-01T00:00:00Z");
  const PASSED = "2026-06-30T00:00:00Z";
  const withOrganizationToken = (expiresAt: string) =>
    validConfig({ organization: { name: "acme", email: "f@example.com", token: { expiresAt } } });
  const factsAt = (reading: StateReading) => factsWith({ state: localState(reading) }, NOW);
  const deployedWith = (expiredAt: string) => stateHolding({ organizationToken: true, tokens: [{ expiredAt }] });
  const lines = (expiresAt: string, reading: StateReading) =>
    passedExpiriesCheck(withOrganizationToken(expiresAt), factsAt(reading)).map(
      (item) => `${item.level} ${item.finding}${item.fix === undefined ? "" : ` Fix: ${item.fix}`}`,
    );

  it("keeps a token the state holds with that very expiry, however the date is written", () => {
    expect(lines("2026-06-30T02:00:00+02:00", deployedWith(PASSED))).toEqual([
      "ok 1 token whose expiresAt has passed is kept as the state holds it: the deploy creates none",
    ]);
  });

  it(
    "fails when the first deploy would create a token whose " +
      "expiresAt has passed, or one of another date replaces it",
    () => {
      const blocked =
        "blocker the deploy would create 1 token with an expiresAt that has passed, " +
        "expired from the start (the organization: 2026-06-30T00:00:00Z) Fix: give a " +
        "later expiresAt, or take the token out of the config";
      expect(lines(PASSED, { kind: "none" })).toEqual([blocked]);
      expect(lines(PASSED, deployedWith("2026-06-29T00:00:00Z"))).toEqual([blocked]);
    },
  );

  it("reads a sharded room's tokens from its shards' states", () => {
    // GIVEN a room of one shard, whose state holds ann's team and, when deployed before the date, her token
    const sharded = validConfig({
      organization: { name: "acme", email: "f@example.com" },
      attendees: { names: ["ann"], shards: 1, token: { expiresAt: PASSED } },
    });
    const shardWith = (tokens: ManagedObjects["tokens"]) =>
      stateHolding({
        tokens,
        teams: new Map([["aws_workshop-ann", { name: "aws_workshop-ann", id: "team-ann", attendee: "ann" }]]),
      });
    const factsOf = (shard: StateReading): PreflightFacts => ({
      ...factsAt(stateHolding()),
      shardStates: new Map([["aws-workshop-shard-1", localState(shard, "terraform.aws-workshop-shard-1.tfstate")]]),
    });
    const shown = (shard: StateReading) =>
      passedExpiriesCheck(sharded, factsOf(shard)).map((item) => `${item.level} ${item.finding}`);
    // THEN her token in the shard's state is kept, and without it the deploy would create it
    expect(shown(shardWith([{ teamId: "team-ann", description: "workshop attendee ann", expiredAt: PASSED }]))).toEqual(
      ["ok 1 token whose expiresAt has passed is kept as the state holds it: the deploy creates none"],
    );
    expect(shown(shardWith([]))).toEqual([
      "blocker the deploy would create 1 token with an expiresAt that has " +
        `passed, expired from the start (attendee ann: ${PASSED})`,
    ]);
  });

  it("says nothing when no expiresAt has passed, the state could not be read, or the event has ended", () => {
    const ended = validConfig({
      organization: { name: "acme", email: "f@example.com" },
      event: { ended: true },
      attendees: { names: ["ann"], token: { expiresAt: PASSED } },
    });
    expect(passedExpiriesCheck(ended, factsAt({ kind: "none" }))).toEqual([]);
    expect(lines("2026-07-01T00:00:01Z", { kind: "none" })).toEqual([]);
    expect(lines(PASSED, { kind: "unreadable", problem: "is not JSON" })).toEqual([]);
  });
});

describe("the answers check", () => {
  const config = validConfig({ organization: { name: "acme", email: "f@example.com" } });
  const failed = (request: string): FailedAnswer => ({
    kind: "failed",
    request,
    detail: "answered 500",
    advice: "try again in a minute",
  });

  it("is one blocker for each request without an answer, and one for two reads that failed alike", () => {
    // GIVEN the organization read twice (the config's and the state's) and a workspace list, each failing
    const facts = factsWith({
      failures: [failed("GET /organizations/acme"), failed("GET /workspaces"), failed("GET /organizations/acme")],
    });
    // THEN each request is one blocker
    expect(answersCheck(config, facts).map((item) => `${item.level} ${item.finding}`)).toEqual([
      "blocker GET /organizations/acme answered 500; nothing is concluded from it",
      "blocker GET /workspaces answered 500; nothing is concluded from it",
    ]);
    expect(answersCheck(config, factsWith())).toEqual([]);
  });
});

describe("the foreign resources check", () => {
  const config = validConfig({ organization: { name: "acme", email: "f@example.com" } });
  /** The check's lines for the shared stack's local state and shard 1's, each holding the resources given. */
  const lines = (shared: readonly string[], shard: readonly string[]) =>
    foreignResourcesCheck(
      config,
      factsWith({
        state: localState(holdingTypes(shared)),
        shardStates: new Map([
          ["aws-workshop-shard-1", localState(holdingTypes(shard), "terraform.aws-workshop-shard-1.tfstate")],
        ]),
      }),
    ).map((item) => `${item.level} ${item.subject}: ${item.finding} Fix: ${item.fix}`);
  /** A state read from its text, holding one resource of each type given. */
  const holdingTypes = (types: readonly string[]) =>
    stateFromText(stateWith(types.map((type) => ({ type, name: "x", attributes: { id: `${type}-1` } }))));

  it("passes states holding only what the workshop's stacks make, a shard's destroy guard among them", () => {
    expect(lines(["tfe_organization", "tfe_workspace", "terraform_data"], ["terraform_data", "time_rotating"])).toEqual(
      [],
    );
  });

  it("fails when a state holds a resource type no stack of the workshop makes, one line for each such state", () => {
    expect(lines(["tfe_organization", "null_resource"], ["terraform_data", "aws_instance", "aws_instance"])).toEqual([
      "blocker state of aws-workshop: the local file terraform.aws-workshop.tfstate holds 1 resource type that no " +
        "stack of the workshop makes (null_resource): it is the state of something else, and the deploy of " +
        "aws-workshop would plan to destroy what it manages Fix: move that file away if it is another project's " +
        "state, or run the workshop from a directory of its own",
      "blocker state of aws-workshop-shard-1: the local file terraform.aws-workshop-shard-1.tfstate holds 1 " +
        "resource type that no stack of the workshop makes (aws_instance): it is the state of something else, and " +
        "the deploy of aws-workshop-shard-1 would plan to destroy what it manages Fix: move that file away if it " +
        "is another project's state, or run the workshop from a directory of its own",
    ]);
  });

  it("says nothing of a state not read, not there yet or unreadable", () => {
    const unreadable: StateReading = { kind: "unreadable", problem: "is not JSON" };
    expect(foreignResourcesCheck(config, factsWith())).toEqual([]);
    expect(foreignResourcesCheck(config, factsWith({ state: localState({ kind: "none" }) }))).toEqual([]);
    expect(foreignResourcesCheck(config, factsWith({ state: localState(unreadable) }))).toEqual([]);
  });
});

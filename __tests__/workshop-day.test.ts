import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { deploy, deployEnvironment } from "../commands/deploy";
import { handout } from "../commands/handout";
import { rehearse } from "../commands/rehearse";
import { status } from "../commands/status";
import { ignoredDirectoryProblem } from "../files/git";
import { eventLine, type EventStatus } from "../operations/status";
import { STATE_FILE } from "../stacks/workshop-stack";
import { ApiSession, prepareReadOnly } from "../commands/api-session";
import { synth } from "../commands/synth";
import { boardSnapshot } from "../operations/board/snapshot";
import { gatherStatus } from "../operations/status";
import { verify } from "../commands/verify";
import { TERRAFORM_DATA_DIRECTORY, terraformOutputs } from "../operations/outputs";
import { REHEARSAL_LINEAGE, REHEARSAL_TOKEN_PREFIX } from "../operations/rehearsal";
import type {
  Fault,
  Level,
  StandInIdentity as FakeIdentity,
  StandInOrganization as FakeOrganization,
  StandInWorkspace as FakeWorkspace,
} from "../terraform-cloud/stand-in";
import {
  capture,
  configFile,
  fakeClouds,
  fakeToken,
  ignoringRepository,
  ROOM,
  scratchDirectory,
} from "./workshop-day-support";

const ORG = ROOM.organization.name;
const FACILITATOR = fakeToken("Fac1l1tat0rUsr");
const PIPELINE = fakeToken("P1pel1neTeamTk");
const ALICE = fakeToken("Al1ceAttendeeT");
const BOB = fakeToken("B0bAttendeeTok");
const ALL_TOKENS = [FACILITATOR, PIPELINE, ALICE, BOB];

/** What `terraform output -json` prints after the room's deploy. */
const outputs = {
  organization_name: { sensitive: false, type: "string", value: ORG },
  workspace_ids: { sensitive: false, type: ["map", "string"], value: { aws_workshop: "ws-base" } },
  team_ids: { sensitive: false, type: ["map", "string"], value: { "workshop-pipeline": "team-pipeline" } },
  "team_token_workshop-pipeline": { sensitive: true, type: "string", value: PIPELINE },
  attendee_workspace_ids: { sensitive: false, type: ["map", "string"], value: { alice: "ws-alice", bob: "ws-bob" } },
  attendee_team_ids: { sensitive: false, type: ["map", "string"], value: { alice: "team-alice", bob: "team-bob" } },
  attendee_tokens: { sensitive: true, type: ["map", "string"], value: { alice: ALICE, bob: BOB } },
};

const tokens = new Map<string, FakeIdentity>([
  [FACILITATOR, { kind: "user", username: "facilitator", owns: [ORG] }],
  [PIPELINE, { kind: "team", organization: ORG, teamId: "team-pipeline" }],
  [ALICE, { kind: "team", organization: ORG, teamId: "team-alice" }],
  [BOB, { kind: "team", organization: ORG, teamId: "team-bob" }],
]);

/** The room as deployed, with the changes a scenario makes. */
function deployedRoom(
  change: {
    workspaces?: (workspaces: FakeWorkspace[]) => FakeWorkspace[];
    bobAlsoSees?: Level;
    memberships?: FakeOrganization["memberships"];
    bobExpiresAt?: string;
    bobLastUsedAt?: string;
  } = {},
): FakeOrganization {
  const workspaces: FakeWorkspace[] = [
    { id: "ws-base", name: "aws_workshop", executionMode: "local" },
    {
      id: "ws-alice",
      name: "aws_workshop-alice",
      executionMode: "local",
      resourceCount: 0,
      stateAt: "2026-11-24T09:30:00Z",
    },
    { id: "ws-bob", name: "aws_workshop-bob", executionMode: "local" },
  ];
  return {
    name: ORG,
    teams: true,
    workspaces: change.workspaces?.(workspaces) ?? workspaces,
    teamList: [
      { id: "team-pipeline", name: "workshop-pipeline", access: { aws_workshop: "write" } },
      { id: "team-alice", name: "aws_workshop-alice", access: { "aws_workshop-alice": "write" } },
      {
        id: "team-bob",
        name: "aws_workshop-bob",
        access: {
          "aws_workshop-bob": "write",
          ...(change.bobAlsoSees === undefined ? {} : { "aws_workshop-alice": change.bobAlsoSees }),
        },
      },
    ],
    memberships: change.memberships ?? [
      { email: "alice@example.com", status: "active" },
      { email: "bob@example.com", status: "active" },
    ],
    teamTokens: [
      {
        id: "at-pipeline",
        teamId: "team-pipeline",
        description: "workshop pipeline",
        createdAt: "2026-11-20T08:00:00Z",
        lastUsedAt: "2026-11-24T09:00:00Z",
        expiredAt: "2026-12-20T08:00:00Z",
      },
      {
        id: "at-alice",
        teamId: "team-alice",
        description: "workshop attendee alice",
        createdAt: "2026-11-20T08:00:00Z",
        lastUsedAt: "2026-11-24T09:29:00Z",
        expiredAt: "2026-12-20T08:00:00Z",
      },
      {
        id: "at-bob",
        teamId: "team-bob",
        description: "workshop attendee bob",
        createdAt: "2026-11-20T08:00:00Z",
        lastUsedAt: change.bobLastUsedAt,
        expiredAt: change.bobExpiresAt ?? "2026-12-20T08:00:00Z",
      },
    ],
  };
}

const directory = ignoringRepository(scratchDirectory());

/** A fresh repository inside {@link directory} whose .gitignore holds `pattern`. */
const repositoryIgnoring = (pattern: string) =>
  ignoringRepository(mkdtempSync(join(directory, "repository-")), pattern);
const cloud = fakeClouds();
const roomFile = configFile(directory, "room.json", ROOM);
const outputsFile = join(directory, "outputs.json");
writeFileSync(outputsFile, JSON.stringify(outputs));

/** The environment of a command that reads the room's config, against the stand-in at `address`. */
const environmentAt = (address: string) => ({
  WORKSHOP_CONFIG: roomFile,
  TFE_ADDRESS: address,
  TFE_TOKEN: FACILITATOR,
  CDKTF_OUTDIR: join(directory, "cdktf.out"),
});

/** A stand-in that holds the organization, answering with the faults given, and the environment pointing at it. */
async function environment(organization: FakeOrganization, faults?: Record<string, Fault>) {
  return environmentAt((await cloud({ organizations: [organization], tokens, faults })).address);
}

/**
 * The environment of a verify run, with an output directory of its own: the record it writes beside it
 * (verified-tokens.json) is then no other test's.
 */
const verifying = (env: Record<string, string>) => ({
  ...env,
  CDKTF_OUTDIR: join(mkdtempSync(join(directory, "verify-")), "cdktf.out"),
});

const neverPrintsATokenIn = (lines: readonly string[]) => {
  for (const token of ALL_TOKENS) expect(lines.join("\n")).not.toContain(token);
};

describe("npm run verify", () => {
  /**
   * Verify of the room as `organization` has it; `given` another outputs file or config, other tokens, or a clock for
   * verify and the stand-in alike.
   */
  async function runVerify(
    organization: FakeOrganization,
    given: {
      readonly outputs?: string;
      readonly config?: string;
      readonly tokens?: ReadonlyMap<string, FakeIdentity>;
      readonly now?: () => Date;
    } = {},
  ) {
    const captured = capture(directory);
    const fake = await cloud({ organizations: [organization], tokens: given.tokens ?? tokens, now: given.now });
    const env = verifying(environmentAt(fake.address));
    const code = await verify({
      env: given.config === undefined ? env : { ...env, WORKSHOP_CONFIG: given.config },
      now: given.now?.() ?? new Date(),
      outputsFile: given.outputs ?? outputsFile,
      ...captured.options,
    });
    neverPrintsATokenIn([...captured.printed, ...captured.reported]);
    return { code, lines: captured.printed.slice(1), reported: captured.reported };
  }

  it(
    "passes a healthy room: each token is its own team, reads its " +
      "workspace and may create state there, and sees nothing else",
    async () => {
      const { code, lines } = await runVerify(deployedRoom());
      expect(lines).toEqual([
        "pass  team workshop-pipeline: authenticates as team workshop-pipeline, reads aws_workshop " +
          "(local execution, may create state versions), and sees no other workspace",
        "pass  attendee alice: authenticates as team aws_workshop-alice, reads aws_workshop-alice " +
          "(local execution, may create state versions), and sees no other workspace",
        "pass  attendee bob: authenticates as team aws_workshop-bob, reads aws_workshop-bob " +
          "(local execution, may create state versions), and sees no other workspace",
        "3 tokens checked: 3 passed, 0 failed.",
      ]);
      expect(code).toBe(0);
    },
  );

  it("fails when a token can see a neighbour's workspace, naming the attendee", async () => {
    const { code, lines } = await runVerify(deployedRoom({ bobAlsoSees: "read" }));
    expect(lines).toContain("FAIL  attendee bob: can see aws_workshop-alice, which it was not granted");
    expect(lines.at(-1)).toBe("3 tokens checked: 2 passed, 1 failed.");
    expect(code).toBe(1);
  });

  it("fails when an attendee's workspace is missing", async () => {
    const { code, lines } = await runVerify(
      deployedRoom({ workspaces: (all) => all.filter((workspace) => workspace.id !== "ws-alice") }),
    );
    expect(lines).toContain("FAIL  attendee alice: cannot see its workspace aws_workshop-alice");
    expect(code).toBe(1);
  });

  it("fails when a workspace runs in another execution mode than the config's", async () => {
    const { lines } = await runVerify(
      deployedRoom({
        workspaces: (all) =>
          all.map((workspace) => (workspace.id === "ws-bob" ? { ...workspace, executionMode: "remote" } : workspace)),
      }),
    );
    expect(lines).toContain("FAIL  attendee bob: workspace aws_workshop-bob runs in remote execution mode, not local");
  });

  it("fails when a token authenticates as another team", async () => {
    const swapped = {
      ...outputs,
      attendee_team_ids: { ...outputs.attendee_team_ids, value: { alice: "team-bob", bob: "team-bob" } },
    };
    const file = join(directory, "swapped.json");
    writeFileSync(file, JSON.stringify(swapped));
    const { lines } = await runVerify(deployedRoom(), { outputs: file });
    expect(lines).toContain(
      "FAIL  attendee alice: authenticates as teams team-alice, not team aws_workshop-alice (team-bob)",
    );
  });

  it(
    "says once the event ended that its deploy deleted the attendees' tokens on purpose, and how to give access " +
      "again, not to deploy; it checks the team's",
    async () => {
      // GIVEN the config ends the event, and its deploy left no attendee_tokens output
      const { attendee_tokens: _deleted, ...afterTheEnd } = outputs;
      const file = join(directory, "ended-outputs.json");
      writeFileSync(file, JSON.stringify(afterTheEnd));
      const config = configFile(directory, "ended.json", { ...ROOM, event: { ended: true } });
      // WHEN verify runs
      const { code, lines } = await runVerify(deployedRoom(), { outputs: file, config });
      // THEN it checks the pipeline's token, and says in one line why the attendees' are not there, passing
      expect(lines).toEqual([
        "pass  team workshop-pipeline: authenticates as team workshop-pipeline, reads aws_workshop " +
          "(local execution, may create state versions), and sees no other workspace",
        "ended 2 attendee tokens not checked: the event has ended (event.ended) and its deploy deleted them, as it " +
          "should (alice, bob). Fix: only if they need access again: remove event.ended and deploy, which issues " +
          "new tokens and invitations (see Ending the event in docs/operations.md)",
        "1 token checked: 1 passed, 0 failed.",
      ]);
      expect(code).toBe(0);
    },
  );

  describe("a team whose organization access reaches every workspace", () => {
    // Organization permissions (hashicorp/web-unified-docs,
    // content/terraform-docs-common/docs/cloud-docs/users-teams-organizations/permissions/organization.mdx):
    // "Manage all workspaces" is admin on every workspace, "Manage all projects" adds to it, "Manage agent pools"
    // "implicitly grants access to read all workspaces"; and permissions.mdx: effective permissions are the sum.
    const OPS = fakeToken("0psTeamT0kenXx");
    const AGENTS = fakeToken("AgentP00lTeamX");
    const teams = [
      {
        name: "ops",
        access: { aws_workshop: "read" },
        organizationAccess: { readWorkspaces: true, manageWorkspaces: true },
        token: { description: "ops", rotationDays: 30 },
      },
      {
        name: "builders",
        access: { aws_workshop: "read" },
        organizationAccess: { readWorkspaces: true, readProjects: true, manageWorkspaces: true, manageProjects: true },
        token: { description: "builders", rotationDays: 30 },
      },
      {
        name: "agents",
        access: { aws_workshop: "write" },
        organizationAccess: { manageAgentPools: true },
        token: { description: "agents", rotationDays: 30 },
      },
    ];
    const teamOutputs = {
      ...outputs,
      team_ids: { ...outputs.team_ids, value: { ops: "team-ops", builders: "team-builders", agents: "team-agents" } },
      team_token_ops: { sensitive: true, type: "string", value: OPS },
      team_token_builders: { sensitive: true, type: "string", value: fakeToken("Bu1ldersTeamXx") },
      team_token_agents: { sensitive: true, type: "string", value: AGENTS },
      attendee_workspace_ids: { ...outputs.attendee_workspace_ids, value: {} },
      attendee_team_ids: { ...outputs.attendee_team_ids, value: {} },
      attendee_tokens: { ...outputs.attendee_tokens, value: {} },
    };
    const teamsFile = configFile(directory, "organization-access.json", { ...ROOM, teams, attendees: [] });
    const teamsOutputsFile = join(directory, "organization-access-outputs.json");
    writeFileSync(teamsOutputsFile, JSON.stringify(teamOutputs));
    const teamTokens = new Map<string, FakeIdentity>([
      [OPS, { kind: "team", organization: ORG, teamId: "team-ops" }],
      [teamOutputs.team_token_builders.value, { kind: "team", organization: ORG, teamId: "team-builders" }],
      [AGENTS, { kind: "team", organization: ORG, teamId: "team-agents" }],
    ]);
    type OrganizationAccess = NonNullable<FakeOrganization["teamList"]>[number]["organizationAccess"];

    /** Verify of the three teams, each with the organization access given in Terraform Cloud. */
    async function verifyTeams(access: {
      ops: OrganizationAccess;
      builders: OrganizationAccess;
      agents: OrganizationAccess;
    }) {
      const organization: FakeOrganization = {
        ...deployedRoom(),
        teamList: [
          { id: "team-ops", name: "ops", access: { aws_workshop: "read" }, organizationAccess: access.ops },
          {
            id: "team-builders",
            name: "builders",
            access: { aws_workshop: "read" },
            organizationAccess: access.builders,
          },
          { id: "team-agents", name: "agents", access: { aws_workshop: "write" }, organizationAccess: access.agents },
        ],
      };
      const fake = await cloud({ organizations: [organization], tokens: teamTokens });
      const captured = capture(directory);
      const env = verifying({ ...environmentAt(fake.address), WORKSHOP_CONFIG: teamsFile });
      const code = await verify({ env, now: new Date(), outputsFile: teamsOutputsFile, ...captured.options });
      return { code, lines: captured.printed.slice(1), requests: fake.requests };
    }
    const asConfigured = {
      ops: { "read-workspaces": true, "manage-workspaces": true },
      builders: { "read-workspaces": true, "manage-workspaces": true, "manage-projects": true },
      agents: { "manage-agent-pools": true },
    };

    it(
      "passes each, naming the permission that reaches the workspace and the " +
        "one that shows it every workspace, in two requests a token",
      async () => {
        const { code, lines, requests } = await verifyTeams(asConfigured);
        expect(lines).toEqual([
          "pass  team ops: authenticates as team ops, reads aws_workshop (local " +
            "execution, may create state versions by organizationAccess.manageWorkspaces), " +
            "and sees every workspace by organizationAccess.manageWorkspaces",
          "pass  team builders: authenticates as team builders, reads aws_workshop (local " +
            "execution, may create state versions by organizationAccess.manageProjects), and " +
            "sees every workspace by organizationAccess.manageProjects",
          "pass  team agents: authenticates as team agents, reads aws_workshop (local execution, may create " +
            "state versions), and sees every workspace by organizationAccess.manageAgentPools",
          "3 tokens checked: 3 passed, 0 failed.",
        ]);
        expect(code).toBe(0);
        expect(requests).toHaveLength(6);
      },
    );

    it(
      "fails a team whose config manages every workspace when Terraform " +
        "Cloud does not let it push state, naming the permission",
      async () => {
        const { code, lines } = await verifyTeams({ ...asConfigured, ops: { "read-workspaces": true } });
        expect(lines[0]).toBe(
          "FAIL  team ops: may not create state versions in aws_workshop (create false, " +
            "lock false), where organizationAccess.manageWorkspaces says it may",
        );
        expect(code).toBe(1);
      },
    );
  });

  describe("a token Terraform Cloud refuses (401), which it does to an expired one as to any invalid one", () => {
    const ENDED_AT = "2026-11-30T17:00:00Z";
    const THE_NEXT_MORNING = new Date("2026-12-01T09:00:00Z");
    /** Verify on the next morning, by verify's clock and the stand-in's, of `config` with the room's tokens. */
    const verifyNextMorning = (name: string, config: unknown, roomTokens: ReadonlyMap<string, FakeIdentity>) =>
      runVerify(deployedRoom(), {
        config: configFile(directory, name, config),
        tokens: roomTokens,
        now: () => THE_NEXT_MORNING,
      });
    const expiringAt = (expiredAt: string) =>
      new Map([...tokens].map(([token, identity]) => [token, { ...identity, expiredAt }]));

    it(
      "fails a token whose configured expiry has passed, saying when " +
        "it expired, by which field, and what renews it",
      async () => {
        // GIVEN the pipeline's token expiring at a date of its own, the attendees' at the event's end, both passed
        const config = {
          ...ROOM,
          teams: [{ ...ROOM.teams[0], token: { description: "workshop pipeline", expiresAt: ENDED_AT } }],
          event: { endsAt: ENDED_AT },
        };
        // WHEN verified the next morning, Terraform Cloud refusing every expired token
        const { code, lines } = await verifyNextMorning("expired-tokens.json", config, expiringAt(ENDED_AT));
        // THEN each line says the token expired, when, by which field, and which later date renews it
        expect(lines).toEqual([
          "FAIL  team workshop-pipeline: the token is refused (401): it expired at " +
            "2026-11-30T17:00:00Z (teams[0].token.expiresAt). Fix: give " +
            "teams[0].token.expiresAt a later date and deploy, which replaces this token",
          "FAIL  attendee alice: the token is refused (401): it expired at 2026-11-30T17:00:00Z " +
            "(event.endsAt). Fix: give event.endsAt a later date and deploy, which replaces every attendee's " +
            "token",
          "FAIL  attendee bob: the token is refused (401): it expired at 2026-11-30T17:00:00Z " +
            "(event.endsAt). Fix: give event.endsAt a later date and deploy, which replaces every attendee's " +
            "token",
          "3 tokens checked: 0 passed, 3 failed.",
        ]);
        expect(code).toBe(1);
      },
    );

    it("fails a refused token whose configured expiry is still to come as refused, never as expired", async () => {
      // GIVEN the attendees' tokens expiring next summer, and bob's no longer known to Terraform Cloud
      const config = { ...ROOM, attendees: { ...ROOM.attendees, token: { expiresAt: "2027-06-30T00:00:00Z" } } };
      const roomTokens = new Map([...expiringAt("2027-06-30T00:00:00Z")].filter(([token]) => token !== BOB));
      // WHEN verified the next morning
      const { code, lines } = await verifyNextMorning("refused-token.json", config, roomTokens);
      // THEN alice's token, before its expiry, still works, and bob's is refused, with its expiry to come
      expect(lines.slice(1, 3)).toEqual([
        "pass  attendee alice: authenticates as team aws_workshop-alice, reads aws_workshop-alice " +
          "(local execution, may create state versions), and sees no other workspace",
        "FAIL  attendee bob: the token is refused (401), though its expiry, " +
          "2027-06-30T00:00:00Z (attendees.token.expiresAt), is still to come",
      ]);
      expect(code).toBe(1);
    });
  });

  it("fails with one line when the outputs cannot be read, asking nothing", async () => {
    const { code, reported } = await runVerify(deployedRoom(), { outputs: join(directory, "none.json") });
    expect(reported.at(-1)).toBe(
      `verify: the stack's outputs: ${join(directory, "none.json")}: cannot be read (no such file)`,
    );
    expect(code).toBe(1);
  });

  it(
    "fails saying there is no stack when the stack's directory " + "does not exist, not that terraform is missing",
    async () => {
      // GIVEN a directory where no stack was synthesized
      const missing = join(directory, "cdktf.out", "stacks", "aws-workshop");
      // WHEN the outputs are read from it
      const read = await terraformOutputs(missing);
      // THEN the line names the missing stack
      expect(read).toEqual({
        ok: false,
        problem: `no synthesized or deployed stack in ${missing}; deploy first, or pass --outputs FILE`,
      });
    },
  );

  it("fails saying terraform is not installed when the stack exists and terraform is not on the PATH", async () => {
    // GIVEN a synthesized stack's directory and a PATH without terraform
    const stack = mkdtempSync(join(directory, "stack-"));
    mkdirSync(join(stack, TERRAFORM_DATA_DIRECTORY));
    vi.stubEnv("PATH", mkdtempSync(join(directory, "empty-path-")));
    try {
      // WHEN the outputs are read from it
      const read = await terraformOutputs(stack);
      // THEN the line says terraform is missing
      expect(read).toEqual({
        ok: false,
        problem:
          `terraform output -json in ${stack} could not run: terraform is not ` +
          "installed (not on the PATH); install it, or pass --outputs FILE",
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("npm run status", () => {
  /** The time of the status runs: a week after the room's deploy. */
  const NOW = new Date("2026-11-27T08:00:00Z");
  /** Status of a stand-in holding the organization; by default the room's config, the facilitator's token. */
  async function runStatus(
    organization: FakeOrganization,
    options: {
      json?: boolean;
      token?: string;
      faults?: Record<string, Fault>;
      config?: unknown;
      terminalColumns?: number;
    } = {},
  ) {
    const fake = await cloud({ organizations: [organization], tokens, faults: options.faults });
    const captured = capture(directory);
    const env = {
      ...environmentAt(fake.address),
      TFE_TOKEN: options.token ?? FACILITATOR,
      ...(options.config === undefined
        ? {}
        : { WORKSHOP_CONFIG: configFile(directory, "status.json", options.config) }),
    };
    const { terminalColumns } = options;
    const code = await status({ env, now: NOW, json: options.json ?? false, terminalColumns, ...captured.options });
    return {
      code,
      printed: captured.printed,
      reported: captured.reported,
      address: fake.address,
      requests: fake.requests,
    };
  }

  it("fits the table to a terminal of 80 or 120 columns, leaving out what is said elsewhere, and says so", async () => {
    // GIVEN the healthy room, whose full table is 155 columns wide
    const widest = async (terminalColumns?: number) => {
      const { printed, reported } = await runStatus(deployedRoom(), { terminalColumns });
      const table = printed.slice(1, -1);
      return { width: Math.max(...table.map((line) => line.length)), header: table[0], reported };
    };
    expect((await widest()).width).toBe(155);
    // WHEN it is printed on a terminal of 120 columns THEN the attendee (in the workspace's name), exists and
    // lastStateAt go
    const wide = await widest(120);
    expect(wide.width).toBeLessThanOrEqual(120);
    expect(wide.header!.split(/ +/)).toEqual([
      "workspace",
      "team",
      "invitation",
      "hasState",
      "resources",
      "tokenLastUsedAt",
      "tokenExpiresAt",
    ]);
    expect(wide.reported).toContain(
      "status: left out attendee, exists, lastStateAt to fit 120 columns; a wider terminal shows them, and so " +
        "does --json",
    );
    // AND on 80, what is left is who has state, how much, and the token's use
    const narrow = await widest(80);
    expect(narrow.width).toBeLessThanOrEqual(80);
    expect(narrow.header!.split(/ +/)).toEqual(["workspace", "invitation", "hasState", "resources", "tokenLastUsedAt"]);
    expect(narrow.reported).toContain(
      "status: left out attendee, exists, lastStateAt, team, tokenExpiresAt to fit 80 columns; a wider terminal " +
        "shows them, and so does --json",
    );
    // AND a terminal wide enough leaves nothing out, and says nothing of it
    expect((await widest(200)).reported.join("\n")).not.toContain("left out");
  });

  it("fails when no token is found, saying where it looked", async () => {
    // GIVEN no token in the environment, nor in the terraform login credentials of the (test) home
    const { TFE_TOKEN: _facilitator, ...withoutToken } = await environment(deployedRoom());
    const captured = capture(directory);
    // WHEN the status is asked for
    const code = await status({ env: withoutToken, now: new Date(), ...captured.options });
    // THEN it says where it looked and what to do
    expect(captured.reported).toContain(
      "status: no token found in TFE_TOKEN, TF_TOKEN_<host> or the terraform " +
        "login credentials; run terraform login, or export TFE_TOKEN",
    );
    expect(code).toBe(1);
  });

  it("fails before the first deploy saying the organization is absent or hidden, and concluding neither", async () => {
    // GIVEN a Terraform Cloud without the config's organization, and the token of the user who will own it
    const { code, reported } = await runStatus({ ...deployedRoom(), name: "another-organization" });
    // THEN its 404 reads as both, with the fix of each
    expect(reported[0]).toBe(
      `status: GET /api/v2/organizations/${ORG} answered 404: the organization ${ORG} does not ` +
        "exist yet (not deployed?) or this token cannot see it. Fix: deploy first if it is not " +
        "deployed; otherwise use a user token of an owner of the organization",
    );
    expect(code).toBe(1);
  });

  it("shows a healthy room, one row per workspace, and counts what manages resources, not teardown", async () => {
    const { code, printed, address } = await runStatus(deployedRoom());
    expect(printed).toEqual([
      `Status of ${roomFile} against ${address}, token from TFE_TOKEN:`,
      "workspace           attendee  team                invitation  exists  hasState  " +
        "resources  lastStateAt           tokenLastUsedAt       tokenExpiresAt",
      "aws_workshop        -         -                   none        true    false " +
        "    0          -                     -                     -",
      "-                   -         workshop-pipeline   none        true    -         -     " +
        "     -                     2026-11-24T09:00:00Z  2026-12-20T08:00:00Z",
      "aws_workshop-alice  alice     aws_workshop-alice  active      true    true      0     " +
        "     2026-11-24T09:30:00Z  2026-11-24T09:29:00Z  2026-12-20T08:00:00Z",
      "aws_workshop-bob    bob       aws_workshop-bob    active      true    false     0     " +
        "     -                     -                     2026-12-20T08:00:00Z",
      "3 workspaces, 2 of 2 invited attendees joined, 1 with state, none managing resources.",
    ]);
    expect(code).toBe(0);
  });

  it(
    "shows a pending invitation, a missing workspace and one still " +
      "managing resources, as JSON with exactly the row keys",
    async () => {
      // GIVEN bob has not accepted, alice's workspace is gone, and the base workspace still manages 12 resources
      const organization = deployedRoom({
        memberships: [
          { email: "alice@example.com", status: "active" },
          { email: "BOB@example.com", status: "invited" },
        ],
        workspaces: (all) =>
          all
            .filter((workspace) => workspace.id !== "ws-alice")
            .map((workspace) =>
              workspace.id === "ws-base"
                ? { ...workspace, resourceCount: 12, stateAt: "2026-11-24T10:00:00Z" }
                : workspace,
            ),
      });
      // WHEN asked for JSON
      const { printed, reported } = await runStatus(organization, { json: true });
      // THEN stdout is the rows only, and the summary counts what manages resources
      const noToken = { team: null, tokenLastUsedAt: null, tokenVerifiedAt: null, tokenExpiresAt: null };
      expect(JSON.parse(printed.join("\n"))).toEqual([
        {
          workspace: "aws_workshop",
          attendee: null,
          invitation: "none",
          exists: true,
          hasState: true,
          resources: 12,
          lastStateAt: "2026-11-24T10:00:00Z",
          ...noToken,
        },
        {
          workspace: null,
          attendee: null,
          team: "workshop-pipeline",
          invitation: "none",
          exists: true,
          hasState: null,
          resources: null,
          lastStateAt: null,
          tokenLastUsedAt: "2026-11-24T09:00:00Z",
          tokenVerifiedAt: null,
          tokenExpiresAt: "2026-12-20T08:00:00Z",
        },
        {
          workspace: "aws_workshop-alice",
          attendee: "alice",
          team: "aws_workshop-alice",
          invitation: "active",
          exists: false,
          hasState: false,
          resources: null,
          lastStateAt: null,
          tokenLastUsedAt: "2026-11-24T09:29:00Z",
          tokenVerifiedAt: null,
          tokenExpiresAt: "2026-12-20T08:00:00Z",
        },
        {
          workspace: "aws_workshop-bob",
          attendee: "bob",
          team: "aws_workshop-bob",
          invitation: "invited",
          exists: true,
          hasState: false,
          resources: 0,
          lastStateAt: null,
          tokenLastUsedAt: null,
          tokenVerifiedAt: null,
          tokenExpiresAt: "2026-12-20T08:00:00Z",
        },
      ]);
      expect(reported).toContain(
        "3 workspaces, 1 of 2 invited attendees joined, 1 with state, 1 missing, 1 managing resources.",
      );
    },
  );

  it(
    "uses list endpoints, 100 to a page: a room of 250 takes seven requests (the account, " +
      "the organization, three pages of workspaces, the teams and their tokens)",
    async () => {
      const names = Array.from({ length: 250 }, (_, index) => `a${index}`);
      const { requests, printed } = await runStatus(
        { name: ORG, workspaces: names.map((name) => ({ id: `ws-${name}`, name: `aws_workshop-${name}` })) },
        { config: { organization: ROOM.organization, attendees: names } },
      );
      expect(requests).toHaveLength(7);
      expect(printed).toHaveLength(1 + 1 + 251 + 1);
    },
  );

  it("says when the event ends, how long is left, and how many attendee tokens still work", async () => {
    // GIVEN the room's event ends in 3 days, 4 hours and 30 minutes
    const config = { ...ROOM, event: { endsAt: "2026-11-30T12:30:00Z" } };
    // WHEN status runs
    const { code, printed } = await runStatus(deployedRoom(), { config });
    expect(code).toBe(0);
    // THEN the line before the summary says so
    expect(printed.slice(-2)).toEqual([
      "event: ends 2026-11-30T12:30:00Z, 3 days 4 hours left; 2 attendee tokens still live.",
      "3 workspaces, 2 of 2 invited attendees joined, 1 with state, none managing resources.",
    ]);
  });

  it(
    "says no attendee token is live once the event has ended and " + "its deploy deleted them, and counts any left",
    async () => {
      // GIVEN the config ends the event, and Terraform Cloud after its deploy: no attendee token, no membership
      const after = {
        ...deployedRoom({ memberships: [] }),
        teamTokens: deployedRoom().teamTokens!.filter((token) => token.id === "at-pipeline"),
      };
      const config = { ...ROOM, event: { endsAt: "2026-11-26T17:00:00Z", ended: true } };
      const statusOf = async (organization: FakeOrganization) =>
        (await runStatus(organization, { config })).printed.at(-2);
      // THEN status says so; AND before that deploy, the tokens still live are counted, the pipeline's never
      expect(await statusOf(after)).toBe("event: ended (the config says so); 0 attendee tokens still live.");
      expect(await statusOf(deployedRoom())).toBe("event: ended (the config says so); 2 attendee tokens still live.");
    },
  );

  it("says once the event is over whether the room is ready for teardown, naming ten managing resources", async () => {
    // GIVEN a room of 12 whose every workspace manages resources, and an event that has ended, by the config or by
    // its end passing
    const names = Array.from({ length: 12 }, (_, index) => `a${index + 1}`);
    const workspaces = ["aws_workshop", ...names.map((name) => `aws_workshop-${name}`)].map((name) => ({
      id: `ws-${name}`,
      name,
      resourceCount: name === "aws_workshop" ? 0 : 3,
      stateAt: "2026-11-24T10:00:00Z",
    }));
    const room = { organization: ROOM.organization, attendees: names };
    const summaryOf = async (event: unknown, organization: FakeOrganization = { name: ORG, workspaces }) =>
      (await runStatus(organization, { config: { ...room, event } })).printed.at(-1);
    // WHEN status runs THEN the summary says it is not ready, naming ten and counting the rest, and what says more
    const notReady =
      "13 workspaces, 0 of 0 invited attendees joined, 13 with state; 12 still managing resources: not ready for " +
      "teardown (aws_workshop-a1, aws_workshop-a2, aws_workshop-a3, aws_workshop-a4, aws_workshop-a5, " +
      "aws_workshop-a6, aws_workshop-a7, aws_workshop-a8, aws_workshop-a9, aws_workshop-a10, and 2 more; npm run " +
      "leftovers says what to tell them).";
    expect(await summaryOf({ ended: true })).toBe(notReady);
    expect(await summaryOf({ endsAt: "2026-11-20T17:00:00Z" })).toBe(notReady);
    // AND once every workspace manages nothing, that the room is ready
    const destroyed = workspaces.map((workspace) => ({ ...workspace, resourceCount: 0 }));
    expect(await summaryOf({ ended: true }, { name: ORG, workspaces: destroyed })).toBe(
      "13 workspaces, 0 of 0 invited attendees joined, 13 with state; none still manages resources: ready for " +
        "teardown.",
    );
    // AND while the event runs, only how many manage resources, as with no event in the config
    expect(await summaryOf({ endsAt: "2026-12-20T17:00:00Z" })).toBe(
      "13 workspaces, 0 of 0 invited attendees joined, 13 with state, 12 managing resources.",
    );
  });

  it("words the event's line for every case: passed, under a day, under an hour, no end, tokens not visible", () => {
    const line = (event: Partial<EventStatus>) =>
      eventLine({ endsAt: "2026-11-27T09:30:00Z", secondsLeft: 0, ended: false, liveAttendeeTokens: 0, ...event });
    expect(line({})).toBe("event: ended at 2026-11-27T09:30:00Z; 0 attendee tokens still live.");
    expect(line({ secondsLeft: 5_400 })).toBe(
      "event: ends 2026-11-27T09:30:00Z, 1 hour 30 minutes left; 0 attendee tokens still live.",
    );
    expect(line({ secondsLeft: 59, liveAttendeeTokens: 1 })).toBe(
      "event: ends 2026-11-27T09:30:00Z, 0 minutes left; 1 attendee token still live.",
    );
    expect(line({ endsAt: null, secondsLeft: null, liveAttendeeTokens: null })).toBe(
      "event: no end set; cannot tell how many attendee tokens are still live.",
    );
  });

  it(
    "warns of no token that ends with the event, before the end or after it, only of one whose rotation falls " +
      "within 7 days",
    async () => {
      // GIVEN the attendees' tokens expire when the event ends, as event.endsAt gives them; the pipeline's token
      // rotates, and expires on the 30th at 08:00
      const withTokensEnding = (endsAt: string): FakeOrganization => {
        const room = deployedRoom();
        const expiredAt = (id: string) => (id === "at-pipeline" ? "2026-11-30T08:00:00Z" : endsAt);
        return { ...room, teamTokens: room.teamTokens!.map((token) => ({ ...token, expiredAt: expiredAt(token.id) })) };
      };
      const statusEnding = (endsAt: string) =>
        runStatus(withTokensEnding(endsAt.replace("Z", ".000Z")), { config: { ...ROOM, event: { endsAt } } });
      const pipelineOnly = [
        "warning: 1 token expires within 7 days: team workshop-pipeline (2026-11-30T08:00:00Z). Deploy after " +
          "the rotation time for new ones (see Rotating tokens in docs/operations.md).",
      ];
      const expiries = (lines: readonly string[]) => lines.filter((line) => line.includes("expire"));
      // WHEN status runs during the event, which ends in 3 days
      const during = await statusEnding("2026-11-30T12:30:00Z");
      // THEN it warns of the pipeline's token alone, and the event's line speaks for the attendees'
      expect(expiries(during.reported)).toEqual(pipelineOnly);
      expect(during.printed.at(-2)).toBe(
        "event: ends 2026-11-30T12:30:00Z, 3 days 4 hours left; 2 attendee tokens still live.",
      );
      // WHEN status runs the day after the event ended THEN no "have expired", nor a deploy to make new ones
      const after = await statusEnding("2026-11-26T17:00:00Z");
      expect(expiries(after.reported)).toEqual(pipelineOnly);
      expect(after.printed.at(-2)).toBe("event: ended at 2026-11-26T17:00:00Z; 0 attendee tokens still live.");
    },
  );

  it("warns about tokens that expire within 7 days, naming their holders", async () => {
    const { reported, code } = await runStatus(deployedRoom({ bobExpiresAt: "2026-11-30T08:00:00Z" }));
    expect(reported).toContain(
      "warning: 1 token expires within 7 days: attendee bob (2026-11-30T08:00:00Z). Deploy after " +
        "the rotation time for new ones (see Rotating tokens in docs/operations.md).",
    );
    expect(code).toBe(0);
  });

  it(
    "takes lastStateAt from the current state version's " + "created-at, not from the workspace's latest-change-at",
    async () => {
      // GIVEN alice's current state version created a minute after the workspace's latest-change-at says
      const path = "/api/v2/workspaces/ws-alice/current-state-version";
      const version = {
        data: {
          id: "sv-alice-2",
          type: "state-versions",
          attributes: { "created-at": "2026-11-24T09:31:00Z", "hosted-state-download-url": null },
        },
      };
      // WHEN the status is asked for
      const { code, printed, requests } = await runStatus(deployedRoom(), {
        faults: { [path]: () => ({ status: 200, body: version }) },
      });
      // THEN alice's row shows the state version's time, read with one request more than the lists
      expect(printed).toContain(
        "aws_workshop-alice  alice     aws_workshop-alice  active      true    true      0     " +
          "     2026-11-24T09:31:00Z  2026-11-24T09:29:00Z  2026-12-20T08:00:00Z",
      );
      expect(requests.filter((request) => request.startsWith("/api/v2/workspaces/"))).toEqual([path]);
      expect(code).toBe(0);
    },
  );

  it(
    "warns, and shows no time, when a workspace's current state " + "version is not visible to this token (404)",
    async () => {
      const { code, printed, reported } = await runStatus(deployedRoom(), {
        faults: { "/api/v2/workspaces/ws-alice/current-state-version": () => ({ status: 404 }) },
      });
      expect(printed.find((line) => line.startsWith("aws_workshop-alice "))).toMatch(
        / true +true +0 +- +2026-11-24T09:29:00Z +2026-12-20T08:00:00Z$/,
      );
      expect(reported).toContain(
        "warning: the current state version of 1 workspace is not visible to this token, " +
          "so when its state was pushed is not shown (aws_workshop-alice).",
      );
      expect(code).toBe(0);
    },
  );

  it("fails with one line when a current state version cannot be read (502)", async () => {
    const { code, printed, reported } = await runStatus(deployedRoom(), {
      faults: { "/api/v2/workspaces/ws-alice/current-state-version": () => ({ status: 502, text: "bad gateway" }) },
    });
    expect(reported).toContain(
      "status: GET /api/v2/workspaces/ws-alice/current-state-version answered 502: Terraform Cloud could " +
        "not answer. Fix: try again in a few minutes; if it persists, check the Terraform Cloud status page",
    );
    expect(printed).toHaveLength(1);
    expect(code).toBe(1);
  });

  it(
    "shows dates that are no dates as unreadable, never as the server wrote " +
      "them, and says an unreadable expiry can raise no warning",
    async () => {
      // GIVEN bob's token with an expiry of "not-a-date" and a last use of "yesterday"
      const { printed, reported } = await runStatus(
        deployedRoom({ bobExpiresAt: "not-a-date", bobLastUsedAt: "yesterday" }),
      );
      // THEN his row says unreadable for both, and the warnings say why nothing is concluded from them
      expect(printed).toContain(
        "aws_workshop-bob    bob       aws_workshop-bob    active      true    false     " +
          "0          -                     unreadable            unreadable",
      );
      expect(printed.join("\n")).not.toMatch(/not-a-date|yesterday/);
      expect(reported).toContain(
        "warning: 1 token has an expiry that is no date (RFC 3339), shown as " +
          "unreadable, so whether it expires within 7 days cannot be told: attendee " +
          "bob. Look at it in the team's API tokens in Terraform Cloud.",
      );
      expect(reported).toContain(
        "warning: 1 date from Terraform Cloud is no date (RFC 3339), shown as unreadable: attendee bob's token use.",
      );
    },
  );

  it("shows an invitation whose status the documentation does not list as unknown, never as none", async () => {
    // GIVEN bob's membership with a status the Organization Memberships API does not document
    const memberships = [
      { email: "alice@example.com", status: "active" },
      { email: "bob@example.com", status: "pending" },
    ] as unknown as FakeOrganization["memberships"];
    const { printed, reported } = await runStatus(deployedRoom({ memberships }));
    // THEN bob's invitation is unknown, counted among the invited, and a warning names him
    expect(printed.find((line) => line.startsWith("aws_workshop-bob "))).toMatch(
      /^aws_workshop-bob {4}bob {7}aws_workshop-bob {4}unknown /,
    );
    expect(reported).toContain(
      "warning: the organization membership of 1 attendee has a status the API " +
        "documentation does not list (neither invited nor active): shown as unknown (bob).",
    );
    expect(printed.at(-1)).toMatch(/^3 workspaces, 1 of 2 invited attendees joined, /);
  });

  it(
    "cannot tell, and exits 1, when a team token sees only its own " +
      "workspace: a 404 is not visible as well as absent",
    async () => {
      // GIVEN every attendee workspace manages resources, and status runs with a team token
      const busy = deployedRoom({
        workspaces: (all) =>
          all.map((workspace) => ({ ...workspace, resourceCount: 9, stateAt: "2026-11-24T10:00:00Z" })),
      });
      const { printed, reported, code } = await runStatus(busy, { token: PIPELINE });
      // THEN it never says "missing" or "ready for teardown" of what it could not see
      expect(printed).toContain(
        "aws_workshop-alice  alice     aws_workshop-alice  unknown     ?       ?   " +
          "      ?          -                     -                -",
      );
      expect(reported).toContain(
        "warning: the organization's memberships are not visible to this token: invitations show " +
          "as unknown. Run status with a user token of an owner of the organization.",
      );
      expect(reported).toContain(
        "warning: 2 workspaces of the config are not visible to this token, which sees only what it was " +
          "granted: absent, or not visible. Run status with a user token of an owner of the organization to " +
          "tell.",
      );
      expect(printed.at(-1)).toBe(
        "3 workspaces, 0 of 2 invited attendees joined, 1 with state, 2 not visible to this token, 1 managing " +
          "resources.",
      );
      expect(code).toBe(1);
      // AND once the event is over, with none of what it sees managing resources, it cannot tell whether the room
      // is ready for teardown
      const ended = { config: { ...ROOM, event: { ended: true } }, token: PIPELINE };
      expect((await runStatus(deployedRoom(), ended)).printed.at(-1)).toBe(
        "3 workspaces, 0 of 2 invited attendees joined, 0 with state, 2 not visible to this token; cannot tell " +
          "whether the room is ready for teardown.",
      );
    },
  );

  it("says so, loudly, when the memberships come without emails, and shows the invitations as unknown", async () => {
    const { printed, reported } = await runStatus(deployedRoom(), {
      faults: {
        [`/api/v2/organizations/${ORG}/organization-memberships`]: () => ({
          status: 200,
          body: {
            data: [{ id: "ou-1", type: "organization-memberships", attributes: { status: "active" } }],
            meta: { pagination: { "current-page": 1, "next-page": null, "total-pages": 1 } },
          },
        }),
      },
    });
    expect(reported).toContain(
      "warning: 1 organization membership came without the member's email: invitations show " +
        "as unknown. Run status with a user token of an owner of the organization.",
    );
    expect(
      printed.filter((line) => /^aws_workshop-(alice|bob) /.test(line)).every((line) => / unknown /.test(line)),
    ).toBe(true);
  });

  it("reads the team tokens as HashiCorp's documented sample answers them: data only, no meta, no links", async () => {
    // GIVEN the team tokens' list answered in the documented shape, one page with neither meta nor links
    const tokensPath = `/api/v2/organizations/${ORG}/team-tokens`;
    const documented = (await (
      await fetch(`${(await cloud({ organizations: [deployedRoom()], tokens })).address}${tokensPath}`, {
        headers: { Authorization: `Bearer ${FACILITATOR}` },
      })
    ).json()) as { data: unknown[] };
    // WHEN the status is asked for
    const { code, printed } = await runStatus(deployedRoom(), {
      faults: { [tokensPath]: () => ({ status: 200, body: { data: documented.data } }) },
    });
    // THEN the token columns are filled from it
    expect(printed).toContain(
      "aws_workshop-alice  alice     aws_workshop-alice  active      true    true      0     " +
        "     2026-11-24T09:30:00Z  2026-11-24T09:29:00Z  2026-12-20T08:00:00Z",
    );
    expect(code).toBe(0);
  });

  it(
    "fails when the workspace list names a workspace twice with different " +
      "contents at every read, concluding nothing about teardown",
    async () => {
      // GIVEN a list whose first page has alice's workspace managing 7 resources, and whose second has it again with 0
      const listPath = `/api/v2/organizations/${ORG}/workspaces`;
      const entries = (await (
        await fetch(`${(await cloud({ organizations: [deployedRoom()], tokens })).address}${listPath}`, {
          headers: { Authorization: `Bearer ${FACILITATOR}` },
        })
      ).json()) as {
        data: Array<{ id: string; attributes: Record<string, unknown> }>;
      };
      const alice = entries.data.find((entry) => entry.id === "ws-alice")!;
      const pages = [[{ ...alice, attributes: { ...alice.attributes, "resource-count": 7 } }], entries.data];
      const fault = (hit: number) => {
        const index = (hit - 1) % 2;
        return {
          status: 200,
          body: {
            data: pages[index],
            meta: { pagination: { "current-page": index + 1, "next-page": index === 0 ? 2 : null, "total-pages": 2 } },
          },
        };
      };
      // WHEN the status is asked for
      const { code, printed, reported } = await runStatus(deployedRoom(), { faults: { [listPath]: fault } });
      // THEN it says the room changed while read, shows no row and says nothing of teardown
      expect(code).toBe(1);
      expect(reported).toContain(
        `status: GET ${listPath} changed while it was read, 3 times in a row ("ws-alice" came ` +
          `twice with different contents; "ws-alice" came twice with different contents; ` +
          `"ws-alice" came twice with different contents). Fix: the room is changing as it is ` +
          "read, so nothing is concluded from it: run the command again in a moment",
      );
      expect([...printed, ...reported].join("\n")).not.toMatch(/teardown/);
    },
  );

  it("fails with one line when the token itself is refused (401)", async () => {
    const { reported, code } = await runStatus(deployedRoom(), { token: fakeToken("Unkn0wnT0kenXx") });
    expect(reported).toContain(
      "status: GET /api/v2/account/details answered 401: the token was refused: it is wrong, " +
        "expired or revoked. Fix: run terraform login again, or export a valid TFE_TOKEN",
    );
    expect(code).toBe(1);
  });

  it("fails with one line and no rows when Terraform Cloud answers something else than the list", async () => {
    const { code, printed, reported } = await runStatus(deployedRoom(), {
      faults: { [`/api/v2/organizations/${ORG}/workspaces`]: () => ({ status: 502, text: "bad gateway" }) },
    });
    expect(code).toBe(1);
    expect(printed).toHaveLength(1);
    expect(reported.at(-2)).toBe(
      `status: GET /api/v2/organizations/${ORG}/workspaces?page%5Bnumber%5D=1&` +
        "page%5Bsize%5D=100 answered 502: Terraform Cloud could not answer. Fix: try again " +
        "in a few minutes; if it persists, check the Terraform Cloud status page",
    );
  });
});

describe("npm run handout", () => {
  const base = {
    env: { WORKSHOP_CONFIG: roomFile, CDKTF_OUTDIR: join(directory, "cdktf.out") },
    now: new Date(),
    outputsFile,
  };

  it("warns in one line when the attendee's workspace does not exist yet, printing the handout still", async () => {
    // GIVEN a room whose deploy has not made bob's workspace
    const env = await environment(
      deployedRoom({
        workspaces: (workspaces) => workspaces.filter((workspace) => workspace.name !== "aws_workshop-bob"),
      }),
    );
    const captured = capture(directory);
    // WHEN bob's handout is asked for THEN it is printed, and the report says his workspace is not there yet
    expect(await handout({ ...base, env, ...captured.options, name: "bob" })).toBe(0);
    expect(captured.printed[0]).toBe("# AWS workshop: attendee bob");
    expect(captured.reported).toEqual([
      "handout: warning: not deployed yet: organization acme-aws-workshop has no workspace " +
        "aws_workshop-bob (attendee bob), or this token cannot see it. Fix: deploy first, then hand it out",
      expect.stringMatching(/^1 request to http:\/\/127\.0\.0\.1:\d+ in \d+\.\d s\.$/),
    ]);
  });

  it("warns of every missing workspace in one line when writing them all, naming three", async () => {
    const env = await environment({ name: ORG, teams: true, workspaces: [] });
    const captured = capture(directory);
    expect(
      await handout({
        ...base,
        env,
        ...captured.options,
        all: true,
        out: join(directory, "handouts-early"),
        cwd: directory,
      }),
    ).toBe(0);
    expect(captured.reported[0]).toBe(
      "handout: warning: not deployed yet: organization acme-aws-workshop has no workspace " +
        "aws_workshop-alice (attendee alice), aws_workshop-bob (attendee bob), aws_workshop (team " +
        "workshop-pipeline), or this token cannot see it. Fix: deploy first, then hand them out",
    );
  });

  it("says nothing of the workspaces when each exists, and that it did not ask without a token", async () => {
    const withToken = capture(directory);
    expect(
      await handout({ ...base, env: await environment(deployedRoom()), ...withToken.options, name: "alice" }),
    ).toBe(0);
    expect(withToken.reported).toEqual([expect.stringMatching(/^1 request to /)]);
    const without = capture(directory);
    expect(await handout({ ...base, ...without.options, name: "alice" })).toBe(0);
    expect(without.reported).toEqual([
      "handout: whether the workspaces exist is not checked: no token in " +
        "TFE_TOKEN, TF_TOKEN_<host> or the terraform login credentials",
    ]);
  });

  it(
    "fails to tell whether the workspaces exist when the list " + "answers 500, and says so, the handout printed",
    async () => {
      const env = await environment(deployedRoom(), {
        [`/api/v2/organizations/${ORG}/workspaces`]: () => ({ status: 500, text: "oops" }),
      });
      const captured = capture(directory);
      expect(await handout({ ...base, env, ...captured.options, name: "alice" })).toBe(0);
      expect(captured.printed[0]).toBe("# AWS workshop: attendee alice");
      expect(captured.reported[0]).toMatch(
        /^handout: whether the workspaces exist is not known: GET \/api\/v2\/organizations\/acme-aws-workshop\/workspaces\?page%5Bnumber%5D=1&page%5Bsize%5D=100 answered 500/,
      );
    },
  );

  it(
    "prints an attendee's handout without the token: organization, " +
      "workspace, cloud block, how to give Terraform the token",
    async () => {
      const captured = capture(directory);
      expect(await handout({ ...base, ...captured.options, name: "alice" })).toBe(0);
      const text = captured.printed.join("\n");
      expect(text).toContain("- Organization: `acme-aws-workshop` on `app.terraform.io`");
      expect(text).toContain("- Workspace: `aws_workshop-alice`");
      expect(text).toContain(
        'terraform {\n  cloud {\n    hostname     = "app.terraform.io"\n' +
          '    organization = "acme-aws-workshop"\n    workspaces {\n      name = "aws_workshop-alice"\n' +
          "    }\n  }\n}",
      );
      expect(text).toContain("export TF_TOKEN_app_terraform_io=<your token>");
      expect(text).toContain("terraform login app.terraform.io");
      neverPrintsATokenIn(captured.printed);
    },
  );

  it("puts that one token in the handout only when asked with --with-token", async () => {
    const captured = capture(directory);
    await handout({ ...base, ...captured.options, name: "bob", withToken: true });
    const text = captured.printed.join("\n");
    expect(text).toContain(`export TF_TOKEN_app_terraform_io=${BOB}`);
    expect(text).not.toContain(ALICE);
  });

  it("writes every attendee's and team's handout, owner-readable only, into a directory git ignores", async () => {
    const out = join(directory, "handouts");
    const captured = capture(directory);
    expect(await handout({ ...base, ...captured.options, all: true, out, withToken: true, cwd: directory })).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["attendee-alice.md", "attendee-bob.md", "team-workshop-pipeline.md"]);
    for (const file of readdirSync(out)) expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, "team-workshop-pipeline.md"), "utf8")).toContain(
      `export TF_TOKEN_app_terraform_io=${PIPELINE}`,
    );
    neverPrintsATokenIn(captured.printed);
  });

  it("warns in one line of earlier handouts of no one in this room, and counts them, deleting none", async () => {
    // GIVEN a handouts directory that holds an earlier room's handouts, this room's alice's, and other files
    const out = join(directory, "handouts-stale");
    mkdirSync(out);
    const earlier = ["attendee-dave.md", "attendee-erin.md", "team-old-pipeline.md"];
    for (const file of [...earlier, "attendee-alice.md", "notes.md", "attendee-frank.txt"])
      writeFileSync(join(out, file), "an earlier run's");
    // WHEN every handout is written there
    const captured = capture(directory);
    expect(await handout({ ...base, ...captured.options, all: true, out, withToken: true, cwd: directory })).toBe(0);
    // THEN one line names the stale handouts only, and says to delete them; the summary counts them; all are kept
    expect(captured.reported).toContain(
      `handout: warning: 3 handout files in ${out} are of no one in this room, from an earlier run ` +
        "(attendee-dave.md, attendee-erin.md, team-old-pipeline.md): delete them, since a handout written with " +
        "--with-token holds a token",
    );
    expect(captured.printed).toEqual([
      `Wrote 3 handouts to ${out}, beside 3 stale handouts named above, tokens included: hand each to its holder ` +
        "only, then delete the directory.",
    ]);
    for (const file of [...earlier, "notes.md", "attendee-frank.txt"]) expect(existsSync(join(out, file))).toBe(true);
    expect(readFileSync(join(out, "attendee-alice.md"), "utf8")).toContain("# AWS workshop: attendee alice");
  });

  it("fails when the directory is not ignored by git, writing nothing", async () => {
    // GIVEN a repository that ignores handouts/ only
    const repository = repositoryIgnoring("handouts/");
    const out = join(repository, "not-ignored");
    // WHEN the handouts are written elsewhere in it THEN nothing is
    const captured = capture(directory);
    expect(await handout({ ...base, ...captured.options, all: true, out, cwd: repository })).toBe(1);
    expect(captured.reported).toEqual([
      `handout: ${out}: is not ignored by git; add it to .gitignore ` +
        "(handouts/ is) so that nothing written there can reach a commit",
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("fails when the name is neither an attendee nor a team with a token", async () => {
    const captured = capture(directory);
    expect(await handout({ ...base, ...captured.options, name: "carol" })).toBe(1);
    expect(captured.reported.at(-1)).toBe(
      'handout: "carol" is neither an attendee nor a team with a token in ' +
        "this config; there are alice, bob, workshop-pipeline",
    );
  });

  it("fails when the token is asked for but the stack has none for that attendee yet", async () => {
    const file = join(directory, "undeployed.json");
    writeFileSync(file, JSON.stringify({ ...outputs, attendee_tokens: { sensitive: true, value: { alice: ALICE } } }));
    const captured = capture(directory);
    expect(await handout({ ...base, ...captured.options, outputsFile: file, name: "bob", withToken: true })).toBe(1);
    expect(captured.reported.at(-1)).toBe("handout: no token in the stack's outputs for bob: deploy first");
  });

  it("fails when the event has ended: no handout for an attendee, saying why and what gives access again", async () => {
    // GIVEN the config ends the event, whose deploy deleted the attendees' tokens and memberships
    const env = {
      ...base.env,
      WORKSHOP_CONFIG: configFile(directory, "ended-room.json", { ...ROOM, event: { ended: true } }),
    };
    // WHEN bob's handout is asked for, with its token or without
    for (const withToken of [false, true]) {
      const captured = capture(directory);
      expect(await handout({ ...base, env, ...captured.options, name: "bob", withToken })).toBe(1);
      // THEN nothing is printed, and one line says why, not "deploy first" nor that a token comes separately
      expect(captured.printed).toEqual([]);
      expect(captured.reported).toEqual([
        "handout: no handout for the attendees: the event has ended (event.ended) and its deploy deleted their " +
          "tokens and memberships, so a handout gives bob no access. Fix: only if they need access again: remove " +
          "event.ended and deploy, which issues new tokens and invitations (see Ending the event in " +
          "docs/operations.md), then hand them out",
      ]);
    }
  });

  it("writes the teams' handouts only with --all once the event has ended, saying why attendees get none", async () => {
    // GIVEN the config ends the event, whose deploy left no attendee_tokens output, and a directory with an
    // attendee's handout of the day
    const { attendee_tokens: _deleted, ...afterTheEnd } = outputs;
    const endedOutputs = join(directory, "ended-handout-outputs.json");
    writeFileSync(endedOutputs, JSON.stringify(afterTheEnd));
    const env = {
      ...base.env,
      WORKSHOP_CONFIG: configFile(directory, "ended-all.json", { ...ROOM, event: { ended: true } }),
    };
    const out = join(directory, "handouts-ended");
    mkdirSync(out);
    writeFileSync(join(out, "attendee-alice.md"), "the day's handout");
    // WHEN every handout is written there with the tokens
    const captured = capture(directory);
    const all = { all: true, out, withToken: true, cwd: directory, outputsFile: endedOutputs };
    expect(await handout({ ...base, env, ...captured.options, ...all })).toBe(0);
    // THEN the pipeline's handout is written with its token, the attendees' are not, and one line says why
    expect(readdirSync(out).sort()).toEqual(["attendee-alice.md", "team-workshop-pipeline.md"]);
    expect(readFileSync(join(out, "team-workshop-pipeline.md"), "utf8")).toContain(PIPELINE);
    expect(readFileSync(join(out, "attendee-alice.md"), "utf8")).toBe("the day's handout");
    expect(captured.reported[0]).toBe(
      "handout: no handout for the attendees: the event has ended (event.ended) and its deploy deleted their " +
        "tokens and memberships, so a handout gives alice, bob no access. Fix: only if they need access again: " +
        "remove event.ended and deploy, which issues new tokens and invitations (see Ending the event in " +
        "docs/operations.md), then hand them out",
    );
    expect(captured.printed).toEqual([
      `Wrote 1 handout to ${out}, tokens included: hand each to its holder only, then delete the directory.`,
    ]);
  });

  it("knows that git ignores the default handouts directory", () => {
    expect(readFileSync(join(__dirname, "..", ".gitignore"), "utf8").split("\n")).toContain("handouts/");
  });

  it(
    "asks git about the handouts directory as a directory, so that " +
      "one a fresh clone has not made yet is ignored too",
    () => {
      // GIVEN a fresh repository that ignores handouts/ and has no such directory yet
      const repository = repositoryIgnoring("handouts/");
      // THEN it is ignored whether or not it exists, and another directory is not
      expect(ignoredDirectoryProblem("handouts", "handouts", repository)).toBeUndefined();
      expect(ignoredDirectoryProblem("handouts/", "handouts", repository)).toBeUndefined();
      expect(ignoredDirectoryProblem("elsewhere", "handouts", repository)).toBe(
        "elsewhere: is not ignored by git; add it to .gitignore (handouts/ " +
          "is) so that nothing written there can reach a commit",
      );
    },
  );

  it("refuses a directory outside the repository, or the repository itself, though nothing there is tracked", () => {
    const repository = repositoryIgnoring("handouts/");
    const elsewhere = `give a directory inside it that git ignores, such as handouts`;
    expect(ignoredDirectoryProblem("/", "handouts", repository)).toBe(
      `/: is outside the repository ${repository}; ${elsewhere}`,
    );
    expect(ignoredDirectoryProblem("../handouts", "handouts", repository)).toBe(
      `../handouts: is outside the repository ${repository}; ${elsewhere}`,
    );
    expect(ignoredDirectoryProblem(".", "handouts", repository)).toBe(`.: is the repository itself; ${elsewhere}`);
  });

  it("refuses every directory where no git repository can say what it ignores", () => {
    const outside = mkdtempSync(join(tmpdir(), "no-git-"));
    try {
      expect(ignoredDirectoryProblem("handouts", "handouts", outside)).toBe(
        `handouts: cannot be checked: ${outside} is not inside a git repository, and git must ` +
          "ignore what is written there; run the command in the project's repository",
      );
    } finally {
      rmSync(outside, { recursive: true });
    }
  });

  it("refuses a directory reached through a link at any level, even one git ignores", () => {
    // GIVEN a repository that ignores everything, with a link in it to a directory elsewhere
    const repository = repositoryIgnoring("*");
    const target = mkdtempSync(join(tmpdir(), "link-target-"));
    symlinkSync(target, join(repository, "linked"));
    try {
      // THEN a directory below the link is refused, naming the link
      expect(ignoredDirectoryProblem(join("linked", "deeper", "handouts"), "handouts", repository)).toBe(
        `${join(repository, "linked")}: is a symbolic link, and nothing is ` +
          "written through a link; remove it, or choose another path",
      );
    } finally {
      rmSync(target, { recursive: true });
    }
  });
});

describe("npm run deploy", () => {
  /** The stand-in's host as TFE_HOSTNAME too: the host preflight checks is the one the provider deploys to. */
  const sameHost = <T extends { readonly TFE_ADDRESS: string }>(env: T) => ({
    ...env,
    TFE_HOSTNAME: new URL(env.TFE_ADDRESS).host,
  });
  const terraformHere = () => "/usr/local/bin/terraform";

  it("stops before Terraform starts when preflight finds a blocker", async () => {
    const captured = capture(directory);
    const started: string[][] = [];
    // GIVEN an organization that exists and is not adopted: a blocker
    const env = sameHost(await environment(deployedRoom()));
    const code = await deploy({
      env,
      now: new Date(),
      args: ["--auto-approve"],
      runCdktf: (args) => (started.push([...args]), 0),
      findTerraform: terraformHere,
      ...captured.options,
    });
    expect(code).toBe(1);
    expect(started).toEqual([]);
    expect(captured.reported).toContain(
      "Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.",
    );
  });

  /**
   * A deploy of a new organization against an empty stand-in, at the same host as the provider's unless told, with
   * what it would have started in place of cdktf.
   */
  async function freshDeploy(
    extra: NodeJS.ProcessEnv = {},
    options: { findTerraform?: () => string | undefined; hostChecked?: boolean } = {},
  ) {
    const captured = capture(directory);
    const started: Array<{ args: string[]; env: NodeJS.ProcessEnv }> = [];
    const fake = await cloud({ organizations: [], tokens });
    const env = {
      WORKSHOP_CONFIG: configFile(directory, "fresh.json", { organization: ROOM.organization }),
      TFE_ADDRESS: fake.address,
      TFE_TOKEN: FACILITATOR,
      CDKTF_OUTDIR: join(directory, "fresh.out"),
      ...extra,
    };
    const code = await deploy({
      env: options.hostChecked === false ? env : sameHost(env),
      now: new Date(),
      args: ["--auto-approve"],
      runCdktf: (args, childEnv) => (started.push({ args: [...args], env: childEnv }), 0),
      findTerraform: options.findTerraform ?? terraformHere,
      ...captured.options,
    });
    return { code, started, reported: captured.reported, requests: fake.requests, address: fake.address };
  }

  it("runs cdktf deploy with Terraform's parallelism at 6 when preflight passes", async () => {
    const { code, started } = await freshDeploy();
    expect(code).toBe(0);
    expect(started).toHaveLength(1);
    // cdktf deploy reads the stack deploy synthesized from the config preflight checked, never the app's synth
    expect(started[0]!.args).toEqual([
      "deploy",
      "--skip-synth",
      "--output",
      join(directory, "fresh.out"),
      "--auto-approve",
    ]);
    expect(existsSync(join(directory, "fresh.out", "stacks", "aws-workshop", "cdk.tf.json"))).toBe(true);
    expect(started[0]!.env).toMatchObject({
      TF_CLI_ARGS_plan: "-parallelism=6",
      TF_CLI_ARGS_apply: "-parallelism=6",
      CHECKPOINT_DISABLE: "1",
    });
  });

  it("keeps a user's own TF_CLI_ARGS_plan and _apply, adding the parallelism unless they set one", async () => {
    const { started } = await freshDeploy({
      TF_CLI_ARGS_plan: "-lock-timeout=60s",
      TF_CLI_ARGS_apply: "-parallelism=2",
    });
    expect(started[0]!.env).toMatchObject({
      TF_CLI_ARGS_plan: "-lock-timeout=60s -parallelism=6",
      TF_CLI_ARGS_apply: "-parallelism=2",
    });
  });

  it(
    "gives the provider the token preflight checked when it came from " +
      "TF_TOKEN_<host>, which the provider does not read",
    () => {
      const access = {
        address: "https://app.terraform.io",
        hostname: "app.terraform.io",
        token: FACILITATOR,
        tokenSource: "TF_TOKEN_app_terraform_io",
      };
      const local = undefined;
      expect(deployEnvironment({ TF_TOKEN_app_terraform_io: FACILITATOR }, access, local).TFE_TOKEN).toBe(FACILITATOR);
      expect(
        deployEnvironment({ TFE_TOKEN: "own" }, { ...access, token: "own", tokenSource: "TFE_TOKEN" }, local).TFE_TOKEN,
      ).toBe("own");
      expect(deployEnvironment({}, { ...access, tokenSource: "terraform login" }, local)).not.toHaveProperty(
        "TFE_TOKEN",
      );
    },
  );

  it("fails in one line, before preflight asks anything, when terraform is not on the PATH", async () => {
    const { code, reported, requests, started } = await freshDeploy({}, { findTerraform: () => undefined });
    expect(code).toBe(1);
    expect(reported).toEqual([
      "deploy: terraform is not on the PATH: cdktf deploy runs it. Install " +
        "Terraform 1.7 or later (1.11 is tested) and run npm run deploy again.",
    ]);
    expect(requests).toEqual([]);
    expect(started).toEqual([]);
  });

  it(
    "fails in one line, asking nothing, when the token is one a " +
      "rehearsal handed out, even with TFE_HOSTNAME at the stand-in",
    async () => {
      // GIVEN the two lines npm run rehearse prints, and TFE_HOSTNAME set to the stand-in as the host check would ask
      // WHEN deployed
      const { code, started, requests, reported } = await freshDeploy({
        TFE_TOKEN: `${REHEARSAL_TOKEN_PREFIX}facilitator-0123456789ab`,
      });
      // THEN nothing is asked or started, and one line says why and what to do instead
      expect(code).toBe(1);
      expect(started).toEqual([]);
      expect(requests).toEqual([]);
      expect(reported).toEqual([
        "deploy: the token is one npm run rehearse handed out, for its stand-in of Terraform " +
          "Cloud, and the deploy goes to Terraform Cloud itself. Against the rehearsal, run " +
          "preflight, verify, status, handout and the board; to deploy, open a new shell, or unset TFE_ADDRESS " +
          "TFE_TOKEN TFE_HOSTNAME WORKSHOP_CONFIG CDKTF_OUTDIR (every variable the rehearsal's env file sets), and " +
          "use your own token (terraform login, or TFE_TOKEN).",
      ]);
    },
  );

  it(
    "fails when the state preflight read is a rehearsal's (lineage rehearsal), as after source rehearsal/env " +
      "and unsetting the token alone: a real apply over it would stay the rehearsal's",
    async () => {
      // GIVEN CDKTF_OUTDIR beside a rehearsal's pretend state, which manages nothing here
      const pretend = join(directory, "pretend");
      mkdirSync(pretend, { recursive: true });
      writeFileSync(
        join(pretend, STATE_FILE),
        JSON.stringify({ version: 4, serial: 1, lineage: REHEARSAL_LINEAGE, outputs: {}, resources: [] }),
      );
      // WHEN deployed with a real token
      const { code, started, reported } = await freshDeploy({ CDKTF_OUTDIR: join(pretend, "cdktf.out") });
      // THEN preflight passes, and the deploy stops before cdktf, naming the file and what to do
      expect(started).toEqual([]);
      expect(code).toBe(1);
      expect(reported.at(-1)).toBe(
        `deploy: the local file ${join(pretend, STATE_FILE)} holds a rehearsal's pretend ` +
          "state (lineage rehearsal), which a real apply would keep as the rehearsal's, for npm run rehearse to " +
          "replace: when CDKTF_OUTDIR or WORKSHOP_CONFIG is left from source rehearsal/env, open a new shell; " +
          "otherwise give CDKTF_OUTDIR a directory of its own.",
      );
    },
  );

  it("fails in one line when the provider would deploy to another host than the one preflight checks", async () => {
    const { code, reported, requests, address, started } = await freshDeploy({}, { hostChecked: false });
    expect(code).toBe(1);
    expect(reported).toEqual([
      `deploy: preflight checks ${new URL(address).host} (TFE_ADDRESS), but the tfe provider ` +
        "deploys to app.terraform.io (TFE_HOSTNAME, unset: its default), which it reads instead: " +
        `unset TFE_ADDRESS, or set TFE_HOSTNAME to ${new URL(address).host}.`,
    ]);
    expect(requests).toEqual([]);
    expect(started).toEqual([]);
  });
});

describe("progress", () => {
  it("shows the total from the start, before any of the work is done, as verify gives it", () => {
    // GIVEN a session on a terminal whose command knows its total before its first request
    let now = 0;
    const written: string[] = [];
    const session = new ApiSession(
      { TFE_ADDRESS: "http://127.0.0.1:9" },
      { progressStream: { isTTY: true, write: (text: string) => written.push(text) }, pacing: { clock: () => now } },
      "verify",
    );
    session.progress(0, 301);
    // WHEN the work has taken more than a second and none of it is done THEN the line counts from 0 of the total
    now = 1500;
    session.showProgress();
    expect(written).toEqual(["\rverify: 0 requests (0/301)\u001b[K"]);
    session.finish();
  });

  it("shows progress on a terminal once the work takes more than a second, and a summary line either way", () => {
    // GIVEN a session on a terminal and one elsewhere, on a clock the test moves
    let now = 0;
    const clock = () => now;
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) };
    const quiet = { isTTY: false, write: (text: string) => written.push(`quiet:${text}`) };
    const onTerminal = new ApiSession(
      { TFE_ADDRESS: "http://127.0.0.1:9" },
      { progressStream: terminal, pacing: { clock } },
      "verify",
    );
    const elsewhere = new ApiSession(
      { TFE_ADDRESS: "http://127.0.0.1:9" },
      { progressStream: quiet, pacing: { clock } },
      "verify",
    );
    onTerminal.progress(3, 10);
    // WHEN half a second passes, then a second and a half
    now = 500;
    onTerminal.showProgress();
    expect(written).toEqual([]);
    now = 1500;
    onTerminal.showProgress();
    elsewhere.showProgress();
    // THEN only the terminal shows progress, and only after the second; both end with a summary line
    expect(written).toEqual(["\rverify: 0 requests (3/10)\u001b[K"]);
    expect(onTerminal.finish()).toBe("0 requests to http://127.0.0.1:9 in 1.5 s.");
    expect(elsewhere.finish()).toBe("0 requests to http://127.0.0.1:9 in 1.5 s.");
    expect(written.at(-1)).toBe("\r\u001b[K");
  });
});

describe("npm run rehearse", () => {
  /** A rehearsal into `out` that stops as soon as it serves; what it reported, and its exit code. */
  async function rehearseInto(out: string, cwd = directory) {
    const captured = capture(directory);
    const code = await rehearse({
      env: {
        WORKSHOP_CONFIG: configFile(directory, "rehearsed.json", ROOM),
        CDKTF_OUTDIR: join(directory, "rehearsed.out"),
      },
      now: new Date(),
      out,
      cwd,
      stop: Promise.resolve(),
      ...captured.options,
    });
    return { code, reported: captured.reported };
  }

  it("fails when --out holds a state no rehearsal wrote, replacing nothing", async () => {
    // GIVEN a real deploy's state where the rehearsal would write its own (as `--out .` at the repository root)
    const out = mkdtempSync(join(directory, "real-"));
    const stateFile = join(out, STATE_FILE);
    writeFileSync(stateFile, JSON.stringify({ version: 4, lineage: "3f1c0c1e-real", resources: [] }));
    // WHEN rehearsed there THEN it is refused in one line, and the state is as it was
    const { code, reported } = await rehearseInto(out);
    expect(code).toBe(1);
    expect(reported).toEqual([
      `rehearse: ${stateFile} holds a state no rehearsal wrote, a real deploy's: the rehearsal ` +
        "never replaces it; give --out another directory (rehearsal/, the default)",
      "Nothing was written and nothing was asked of Terraform Cloud: fix the place above and run again.",
    ]);
    expect((JSON.parse(readFileSync(stateFile, "utf8")) as { lineage: string }).lineage).toBe("3f1c0c1e-real");
  });

  it("replaces the state of an earlier rehearsal", async () => {
    const out = join(mkdtempSync(join(directory, "again-")), "rehearsal");
    expect((await rehearseInto(out)).code).toBe(0);
    const again = await rehearseInto(out);
    expect([again.code, again.reported]).toEqual([0, []]);
  });

  it("fails when --out is a directory git does not ignore", async () => {
    // GIVEN a repository that ignores rehearsal/ only
    const repository = repositoryIgnoring("rehearsal/");
    const out = join(repository, "pretend");
    // WHEN rehearsed into another directory of it THEN nothing is written there
    const { code, reported } = await rehearseInto(out, repository);
    expect(code).toBe(1);
    expect(reported[0]).toBe(
      `rehearse: ${out}: is not ignored by git; add it to .gitignore ` +
        "(rehearsal/ is) so that nothing written there can reach a commit",
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe("after the workshop, every expiresAt passed", () => {
  const ENDED = "2026-11-30T17:00:00Z";
  const THE_DAY_AFTER = new Date("2026-12-01T09:00:00Z");
  const ended = {
    ...ROOM,
    teams: [{ ...ROOM.teams[0]!, token: { description: "workshop pipeline", expiresAt: ENDED } }],
    attendees: { ...ROOM.attendees, token: { expiresAt: ENDED } },
  };
  const endedFile = configFile(directory, "expired.json", ended);
  /** The deployed room whose every token expired at the workshop's end. */
  const expiredRoom = (): FakeOrganization => {
    const deployed = deployedRoom();
    return { ...deployed, teamTokens: deployed.teamTokens!.map((token) => ({ ...token, expiredAt: ENDED })) };
  };
  const endedEnvironment = async () => ({ ...(await environment(expiredRoom())), WORKSHOP_CONFIG: endedFile });
  const EXPIRED =
    `warning: 3 tokens have expired: team workshop-pipeline (${ENDED}), attendee alice ` +
    `(${ENDED}), attendee bob (${ENDED}). A deploy after the rotation time, or with a later ` +
    "expiresAt, makes new ones (see Rotating tokens in docs/operations.md).";

  it("synth writes the stack, with one warning line for each passed date, naming the field and the date", () => {
    const captured = capture(directory);
    const env = { WORKSHOP_CONFIG: endedFile, CDKTF_OUTDIR: join(directory, "expired.out") };
    expect(
      synth({ env, now: THE_DAY_AFTER, ...captured.options }),
      [...captured.reported, ...captured.printed].join("\n"),
    ).toBe(0);
    expect(
      captured.reported.filter((line) => line.startsWith("warning teams") || line.startsWith("warning attendees")),
    ).toEqual(
      ["teams[0].token.expiresAt", "attendees.token.expiresAt"].map(
        (field) =>
          `warning ${field}: "${ENDED}" has passed, so the token has expired; preflight ` +
          "stops a deploy that would create it with that date. Fix: give a later date to " +
          "create it again; status, verify, handout and the teardown need none",
      ),
    );
    expect(existsSync(join(directory, "expired.out", "stacks", "aws-workshop", "cdk.tf.json"))).toBe(true);
  });

  it("status answers as usual, without the config's warnings, and says which tokens have expired", async () => {
    const captured = capture(directory);
    const code = await status({ env: await endedEnvironment(), now: THE_DAY_AFTER, ...captured.options });
    expect(captured.printed.at(-1)).toBe(
      "3 workspaces, 2 of 2 invited attendees joined, 1 with state, none managing resources.",
    );
    expect(captured.reported).toContain(EXPIRED);
    expect(captured.reported.join("\n")).not.toContain("has passed");
    expect(code).toBe(0);
  });

  it("the board reads the config and shows the expired tokens among its warnings, as status does", async () => {
    const env = await endedEnvironment();
    const captured = capture(directory);
    const workshop = prepareReadOnly("board", { env, now: THE_DAY_AFTER, ...captured.options });
    expect(workshop).toBeDefined();
    const session = new ApiSession(env, captured.options, "board");
    const reading = await gatherStatus(workshop!.config, session.client(session.access.token!), { now: THE_DAY_AFTER });
    expect(
      reading.ok && boardSnapshot(ORG, reading.value, { now: THE_DAY_AFTER, invitable: new Set() }).warnings,
    ).toContain(EXPIRED);
  });

  it("verify and handout answer as usual", async () => {
    const verified = capture(directory);
    expect(
      await verify({ env: verifying(await endedEnvironment()), now: THE_DAY_AFTER, outputsFile, ...verified.options }),
    ).toBe(0);
    expect(verified.printed.at(-1)).toBe("3 tokens checked: 3 passed, 0 failed.");
    const handedOut = capture(directory);
    expect(
      await handout({
        env: { WORKSHOP_CONFIG: endedFile, CDKTF_OUTDIR: join(directory, "cdktf.out") },
        now: THE_DAY_AFTER,
        outputsFile,
        ...handedOut.options,
        name: "alice",
      }),
    ).toBe(0);
    expect(handedOut.printed.join("\n")).toContain("- Workspace: `aws_workshop-alice`");
  });
});

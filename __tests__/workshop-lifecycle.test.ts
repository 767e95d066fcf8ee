import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../commands/deploy";
import { handout } from "../commands/handout";
import { preflight } from "../commands/preflight";
import { STATE_FILE } from "../stacks/workshop-stack";
import { parseState } from "../terraform/state";
import type { StandInOrganization, StandInWorkspace } from "../terraform-cloud/stand-in";
import { changesOf, ORGANIZATION, PIPELINE, readmeRoom, stackOf } from "./planner/room";
import { PLANNER_NOW } from "./planner/rewrite";
import { PlannerDirectory } from "./planner/terraform";
import { capture, fakeClouds, fakeToken, ignoringRepository } from "./workshop-day-support";

/**
 * The README's workflows after the first deploy, each end to end: preflight against the stand-in of Terraform
 * Cloud seeded from the deployed state, then Terraform's own plan of the same change (planner/).
 */

const ORG = ORGANIZATION.name;
const FACILITATOR = fakeToken("L1fecycleFacil");
const cloud = fakeClouds();

/**
 * Terraform Cloud as the deploy left it: every workspace, team and membership of the state, with what each holds now.
 */
function terraformCloudAfter(
  state: string,
  now: { readonly [workspace: string]: Partial<StandInWorkspace> } = {},
): StandInOrganization {
  const parsed = parseState(state);
  if (!parsed.ok) throw new Error(parsed.problem);
  const of = (type: string) => parsed.value.instances.filter((instance) => instance.type === type);
  return {
    name: ORG,
    teams: true,
    workspaces: of("tfe_workspace").map((instance) => ({
      id: instance.id!,
      name: instance.objectName!,
      executionMode: "local",
      ...now[instance.objectName!],
    })),
    teamList: of("tfe_team").map((instance) => ({ id: instance.id!, name: instance.objectName! })),
    memberships: of("tfe_organization_membership").map((instance) => ({
      id: instance.id!,
      email: instance.email!,
      status: "invited" as const,
    })),
  };
}

/** Each attendee's token in a planner's state: the stand-in's id, which its outputs carry. */
function attendeeTokensIn(directory: PlannerDirectory): Record<string, string> {
  const state = JSON.parse(directory.providerState()) as {
    resources: Array<{
      type: string;
      name: string;
      instances: Array<{ index_key?: string; attributes: { id: string } }>;
    }>;
  };
  const tokens = state.resources.find(
    (resource) => resource.type === "tfe_team_token" && resource.name.startsWith("attendees_tokens_"),
  )!;
  return Object.fromEntries(tokens.instances.map((instance) => [instance.index_key!, instance.attributes.id]));
}

/** A state as tfe writes it, each team token's secret in its `token` attribute, and those secrets. */
function withSecrets(state: string): { held: string; secrets: string[] } {
  const parsed = JSON.parse(state) as {
    resources: Array<{ type: string; instances: Array<{ index_key?: string; attributes: Record<string, unknown> }> }>;
  };
  const secrets: string[] = [];
  for (const resource of parsed.resources.filter(({ type }) => type === "tfe_team_token"))
    for (const instance of resource.instances) {
      instance.attributes.token = fakeToken(`Held${instance.index_key ?? "team"}`);
      secrets.push(instance.attributes.token as string);
    }
  return { held: JSON.stringify(parsed), secrets };
}

/** A planner's directory where Terraform applied the config, and the state Terraform Cloud was left in. */
async function deployedWith(config: unknown): Promise<{ deployed: PlannerDirectory; state: string }> {
  const deployed = await PlannerDirectory.create();
  const first = await deployed.apply(stackOf(config));
  if (!first.ok) throw new Error(first.error);
  return { deployed, state: deployed.providerState() };
}

/** When the planner applied the room: preflight runs then unless a case moves its clock, never on the wall clock's. */
const DEPLOYED_AT = new Date(PLANNER_NOW);
/** A day, for the rotations' times. */
const DAY = 24 * 60 * 60 * 1000;

/** Runs preflight as `npm run preflight` would, in a directory holding the deployed state, against the stand-in. */
async function preflightOf(
  config: unknown,
  state: string | undefined,
  organizations: StandInOrganization[],
  now = DEPLOYED_AT,
) {
  const directory = mkdtempSync(join(tmpdir(), "lifecycle-"));
  if (state !== undefined) writeFileSync(join(directory, STATE_FILE), state);
  const configFile = join(directory, "room.json");
  writeFileSync(configFile, JSON.stringify(config));
  const fake = await cloud({
    organizations,
    tokens: new Map([[FACILITATOR, { kind: "user", username: "facilitator", owns: [ORG] }]]),
  });
  const env = {
    WORKSHOP_CONFIG: configFile,
    TFE_ADDRESS: fake.address,
    TFE_TOKEN: FACILITATOR,
    CDKTF_OUTDIR: join(directory, "cdktf.out"),
  };
  const captured = capture(directory);
  const code = await preflight({ env, now, ...captured.options });
  return { code, checklist: captured.printed.slice(1, -1), verdict: captured.printed.at(-1), env, captured, directory };
}

describe.concurrent("the workshop's lifecycle, preflight and Terraform's plan together", () => {
  let deployed: PlannerDirectory;
  let state: string;
  beforeAll(async () => {
    // GIVEN the room deployed: Terraform applied it, and Terraform Cloud holds what it created
    ({ deployed, state } = await deployedWith(readmeRoom()));
  });

  it("first deploy: preflight finds no blocker for a new organization, and Terraform creates everything", async () => {
    const { code, checklist, verdict } = await preflightOf(readmeRoom(), undefined, []);
    expect(checklist[0]).toMatch(
      /^ok {6}state: the local file .+: no state yet, this is the first deploy; it will hold the tokens in plain text, keep it private$/,
    );
    expect(verdict).toBe("No blocker, 2 warnings: read them, since preflight could not confirm everything.");
    expect(code).toBe(0);
    const plan = await (await PlannerDirectory.create()).plan(stackOf(readmeRoom()));
    expect(changesOf(plan).every((change) => change.startsWith("create "))).toBe(true);
  });

  it(
    "a redeploy of the unchanged room: preflight is ready, everything " +
      "managed by this stack, and Terraform plans nothing",
    async () => {
      const { code, checklist, verdict } = await preflightOf(readmeRoom(), state, [terraformCloudAfter(state)]);
      expect(checklist).toEqual([
        expect.stringMatching(
          /^ok {6}state: the local file .+: 4 workspaces and 4 teams managed by this stack; it holds the tokens in plain text, keep it private$/,
        ),
        "ok      token: a user token of facilitator",
        'ok      organization "acme-aws-workshop": managed by this stack',
        "ok      teams: the organization's plan has the teams entitlement",
        "ok      workspaces: 4 managed by this stack",
        "ok      teams: 4 managed by this stack",
      ]);
      expect(verdict).toBe("Ready to deploy.");
      expect(code).toBe(0);
      expect(changesOf(await deployed.copy().plan(stackOf(readmeRoom())))).toEqual([]);
    },
  );

  it(
    "adding a late attendee: preflight is ready with one of each " + "to create, and Terraform creates only theirs",
    async () => {
      const late = readmeRoom({ names: ["alice", { name: "bob", email: "bob@example.com" }, "carol", "dave"] });
      const { code, checklist } = await preflightOf(late, state, [terraformCloudAfter(state)]);
      expect(checklist).toContain("ok      workspaces: 1 to create (aws_workshop-dave)");
      expect(checklist).toContain("ok      teams: 1 to create (aws_workshop-dave)");
      expect(code).toBe(0);
      expect(changesOf(await deployed.copy().plan(stackOf(late)))).toEqual(
        [
          'tfe_team.attendees_teams["dave"]',
          'tfe_team_access.attendees_access["dave"]',
          'tfe_team_token.attendees_tokens["dave"]',
          'tfe_workspace.attendees_workspaces["dave"]',
          'tfe_workspace_settings.attendees_settings["dave"]',
        ].map((address) => `create ${address}`),
      );
    },
  );

  it(
    "a no-show leaves: preflight is ready to remove a workspace " + "without state, and Terraform deletes only theirs",
    async () => {
      const withoutCarol = readmeRoom({ names: ["alice", { name: "bob", email: "bob@example.com" }] });
      const { code, checklist, verdict } = await preflightOf(withoutCarol, state, [terraformCloudAfter(state)]);
      expect(checklist).toContain(
        "ok      removals: 1 workspace without state (aws_workshop-carol) and 1 team (aws_workshop-carol) removed by " +
          "this deploy",
      );
      expect(verdict).toBe("Ready to deploy.");
      expect(code).toBe(0);
      expect(changesOf(await deployed.copy().plan(stackOf(withoutCarol)))).toHaveLength(5);
    },
  );

  it(
    "a new rotationDays for the attendees: preflight warns that every attendee's token is replaced, naming the " +
      "change, and Terraform replaces them all",
    async () => {
      // GIVEN the room deployed with the default rotation of 30 days, its state holding each token's secret as tfe
      // writes it, WHEN the config makes it 7
      const weekly = readmeRoom({ attendeeToken: { rotationDays: 7 } });
      const { held, secrets } = withSecrets(state);
      const { code, checklist, verdict, captured } = await preflightOf(weekly, held, [terraformCloudAfter(state)]);
      // THEN preflight warns, and does not stop the deploy
      expect(checklist).toContain(
        "warning attendee tokens: the deploy replaces 3 attendees' tokens (rotationDays 30 → 7): every attendee " +
          "needs their handout again. Fix: after the deploy, hand the room out again: npm run handout -- --all " +
          "--out handouts --with-token; if that is not meant, keep the token settings as deployed",
      );
      expect(verdict).toBe("No blocker, 1 warning: read it, since preflight could not confirm everything.");
      expect(code).toBe(0);
      // AND it prints no token the state holds
      const said = [...captured.printed, ...captured.reported].join("\n");
      for (const secret of secrets) expect(said).not.toContain(secret);
      // AND Terraform replaces every attendee's token, as preflight said
      const directory = deployed.copy();
      const before = attendeeTokensIn(directory);
      const replaced = changesOf(await directory.apply(stackOf(weekly))).filter((change) =>
        change.startsWith("replace tfe_team_token"),
      );
      expect(replaced).toEqual(
        ["alice", "bob", "carol"].map((name) => `replace tfe_team_token.attendees_tokens["${name}"]`),
      );
      // AND the fix's command, run after that deploy, writes every attendee's handout with their new token
      const handouts = mkdtempSync(join(tmpdir(), "lifecycle-weekly-"));
      const outputsFile = join(handouts, "outputs.json");
      writeFileSync(outputsFile, await directory.outputs());
      const configFile = join(handouts, "room.json");
      writeFileSync(configFile, JSON.stringify(weekly));
      const written = capture(handouts);
      const handedOut = await handout({
        env: { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: join(handouts, "cdktf.out") },
        now: DEPLOYED_AT,
        all: true,
        out: "handouts",
        withToken: true,
        outputsFile,
        cwd: ignoringRepository(handouts),
        ...written.options,
      });
      expect(handedOut).toBe(0);
      const after = attendeeTokensIn(directory);
      for (const name of ["alice", "bob", "carol"]) {
        const text = readFileSync(join(handouts, "handouts", `attendee-${name}.md`), "utf8");
        expect(after[name]).not.toBe(before[name]);
        expect(text).toContain(after[name]);
      }
    },
  );

  it("bob's token reissued: preflight warns his token alone is replaced, and Terraform replaces only it", async () => {
    // GIVEN the room deployed, WHEN bob's entry gets "tokenGeneration": 2
    const reissued = readmeRoom({
      names: ["alice", { name: "bob", email: "bob@example.com", tokenGeneration: 2 }, "carol"],
    });
    const { code, checklist } = await preflightOf(reissued, state, [terraformCloudAfter(state)]);
    // THEN preflight names bob alone, with the one command that hands his new token out
    expect(checklist).toContain(
      "warning attendee tokens: the deploy replaces 1 attendee's token (tokenGeneration 1 → 2): bob needs their " +
        "handout again. Fix: after the deploy, hand it out again: npm run handout -- bob --with-token",
    );
    expect(code).toBe(0);
    // AND Terraform replaces his token alone
    expect(changesOf(await deployed.copy().plan(stackOf(reissued)))).toEqual([
      'replace tfe_team_token.attendees_tokens["bob"]',
    ]);
  });

  it(
    "the attendees' rotation written out as its default, 29 days after the deploy: preflight warns of no token, " +
      "and Terraform replaces none",
    async () => {
      // GIVEN the room deployed with the default rotation, WHEN the config writes it out, the day before it falls due
      const written = readmeRoom({ attendeeToken: { rotationDays: 30 } });
      const dayBefore = new Date(DEPLOYED_AT.getTime() + 29 * DAY);
      const { code, checklist, verdict } = await preflightOf(written, state, [terraformCloudAfter(state)], dayBefore);
      // THEN every line is ok, none of a token replaced, and the deploy is ready
      expect(checklist.filter((line) => !line.startsWith("ok "))).toEqual([]);
      expect(verdict).toBe("Ready to deploy.");
      expect(code).toBe(0);
      // AND Terraform plans nothing
      expect(changesOf(await deployed.copy().plan(stackOf(written)))).toEqual([]);
    },
  );

  it(
    "the room deployed a month ago, its rotation time passed: preflight warns that every token is replaced, " +
      "and Terraform replaces them all with their rotations",
    async () => {
      // GIVEN the rotations fell due 30 days after the deploy, WHEN preflight runs a day later
      const rotatesAt = new Date(DEPLOYED_AT.getTime() + 30 * DAY).toISOString().replace(".000Z", "Z");
      const monthLater = new Date(DEPLOYED_AT.getTime() + 31 * DAY);
      const { code, checklist, verdict } = await preflightOf(
        readmeRoom(),
        state,
        [terraformCloudAfter(state)],
        monthLater,
      );
      // THEN it warns of every attendee's token and the pipeline's, with no "keep the settings": none keeps them
      expect(checklist.filter((line) => line.startsWith("warning"))).toEqual([
        `warning attendee tokens: the deploy replaces 3 attendees' tokens (the rotation time ${rotatesAt} has ` +
          "passed): every attendee needs their handout again. Fix: after the deploy, hand the room out again: npm " +
          "run handout -- --all --out handouts --with-token",
        `warning team "workshop-pipeline": the deploy replaces its token (the rotation time ${rotatesAt} has ` +
          "passed): whoever holds it needs it again. Fix: after the deploy, hand it out again: npm run handout -- " +
          "workshop-pipeline --with-token",
      ]);
      expect(verdict).toBe("No blocker, 2 warnings: read them, since preflight could not confirm everything.");
      expect(code).toBe(0);
      // AND Terraform, once time 0.13.1's Read has dropped each rotation whose time passed, makes each anew and
      // replaces every token of it
      const aMonthOn = deployed.copy();
      for (const rotation of [
        "time_rotating.attendee-token-expiry_rotation_80A972EF",
        "time_rotating.team-workshop-pipeline_token-expiry_rotation_F8E40D21",
      ])
        await aMonthOn.forget(rotation);
      expect(changesOf(await aMonthOn.plan(stackOf(readmeRoom())))).toEqual(
        [
          ...["alice", "bob", "carol"].map((name) => `replace tfe_team_token.attendees_tokens["${name}"]`),
          "replace tfe_team_token.team-workshop-pipeline_token",
          "create time_rotating.attendee-token-expiry_rotation",
          "create time_rotating.team-workshop-pipeline_token-expiry_rotation",
        ].sort(),
      );
    },
  );

  it(
    "an attendee's email in another case: preflight warns that they would " +
      "be invited again, as Terraform replaces their membership",
    async () => {
      // GIVEN bob, deployed with bob@example.com, WHEN the config spells it Bob@Example.com
      const retyped = readmeRoom({ names: ["alice", { name: "bob", email: "Bob@Example.com" }, "carol"] });
      const { code, checklist, verdict } = await preflightOf(retyped, state, [terraformCloudAfter(state)]);
      // THEN preflight says what the deploy does to bob and how to avoid it
      expect(checklist).toContain(
        "warning invitations: the deploy would remove 1 attendee from the organization and invite them " +
          'again, for a change of case in their email alone (bob: "bob@example.com" to ' +
          '"Bob@Example.com"): tfe replaces a membership on any change of its email. Fix: write each ' +
          "email as Terraform Cloud holds it: a change of case alone is not worth a new invitation",
      );
      expect(verdict).toBe("No blocker, 1 warning: read it, since preflight could not confirm everything.");
      expect(code).toBe(0);
      // AND Terraform replaces bob's membership and his place in his team, nothing else
      expect(changesOf(await deployed.copy().plan(stackOf(retyped)))).toEqual([
        'replace tfe_organization_membership.attendees_memberships["bob"]',
        'replace tfe_team_organization_member.attendees_team-memberships["bob"]',
      ]);
    },
  );

  it(
    "an attendee's new email, or none: preflight says they leave the " +
      "organization, their workspace, state and token staying",
    async () => {
      const movedRoom = readmeRoom({ names: ["alice", { name: "bob", email: "robert@example.com" }, "carol"] });
      const moved = await preflightOf(movedRoom, state, [terraformCloudAfter(state)]);
      expect(moved.checklist).toContain(
        "warning invitations: the deploy removes 1 attendee from the organization and invites them at a new " +
          'email (bob: "bob@example.com" to "robert@example.com"); their workspace, state and token stay. Fix: ' +
          "tell them to accept the new invitation to reach the organization's pages again",
      );
      const droppedRoom = readmeRoom({ names: ["alice", "bob", "carol"] });
      const dropped = await preflightOf(droppedRoom, state, [terraformCloudAfter(state)]);
      expect(dropped.checklist).toContain(
        "warning invitations: the deploy removes 1 attendee from the organization, whose " +
          "email left the config (bob); their workspace, state and token stay. Fix: keep " +
          "their email in the config while they need the organization's pages",
      );
      // AND Terraform replaces bob's membership for the new address, and deletes it for none, touching nothing else of
      // his
      const membership = [
        'tfe_organization_membership.attendees_memberships["bob"]',
        'tfe_team_organization_member.attendees_team-memberships["bob"]',
      ];
      expect(changesOf(await deployed.copy().plan(stackOf(movedRoom)))).toEqual(
        membership.map((address) => `replace ${address}`),
      );
      expect(changesOf(await deployed.copy().plan(stackOf(droppedRoom)))).toEqual(
        membership.map((address) => `delete ${address}`),
      );
    },
  );

  it(
    "rotating: a shorter period for the pipeline's token is a warning in preflight naming the change, and " +
      "Terraform replaces that token and its rotation only",
    async () => {
      const weekly = readmeRoom({ teams: [{ ...PIPELINE, token: { ...PIPELINE.token, rotationDays: 7 } }] });
      const { checklist, verdict } = await preflightOf(weekly, state, [terraformCloudAfter(state)]);
      expect(checklist.filter((line) => line.startsWith("warning"))).toEqual([
        'warning team "workshop-pipeline": the deploy replaces its token (rotationDays 30 → 7): whoever holds it ' +
          "needs it again. Fix: after the deploy, hand it out again: npm run handout -- workshop-pipeline --with-token",
      ]);
      expect(verdict).toBe("No blocker, 1 warning: read it, since preflight could not confirm everything.");
      expect(changesOf(await deployed.copy().plan(stackOf(weekly)))).toEqual([
        "replace tfe_team_token.team-workshop-pipeline_token",
        "replace time_rotating.team-workshop-pipeline_token-expiry_rotation",
        "update terraform_data.team-workshop-pipeline_token-expiry_rotation-period",
      ]);
    },
  );

  it(
    "a project of its own for the deployed room: preflight says how many " +
      "workspaces move into it, and Terraform moves each in place",
    async () => {
      // GIVEN the room's workspaces in the organization's Default Project
      const deployedCloud = terraformCloudAfter(state);
      const inDefault = {
        ...deployedCloud,
        projects: [{ id: "prj-default", name: "Default Project" }],
        workspaces: deployedCloud.workspaces!.map((workspace) => ({ ...workspace, projectId: "prj-default" })),
      };
      // WHEN the config gets a project
      const withProject = readmeRoom({ project: { name: "AWS workshop" } });
      const { code, checklist } = await preflightOf(withProject, state, [inDefault]);
      // THEN preflight says the project is to create and the four workspaces move into it (the README's lines)
      const start = checklist.indexOf('ok      project "AWS workshop": to create');
      expect(checklist.slice(start, start + 3)).toEqual([
        'ok      project "AWS workshop": to create',
        "ok      workspaces: 4 managed by this stack",
        'warning workspaces: 4 workspaces are in another project (4 in "Default Project"): the deploy ' +
          'moves them into project "AWS workshop", where what they had from the old one (its team access, ' +
          'variable sets and policy sets) no longer reaches them. Fix: give project "AWS workshop" what they ' +
          "need of the old one, if anything; their own team access moves with them",
      ]);
      expect(code).toBe(0);
      // AND Terraform creates the project and its settings and updates each workspace in place, replacing nothing
      const changes = changesOf(await deployed.copy().plan(stackOf(withProject)));
      expect(changes).toEqual([
        "create tfe_project.project",
        "create tfe_project_settings.project_settings",
        ...["alice", "bob", "carol"].map((name) => `update tfe_workspace.attendees_workspaces["${name}"]`),
        "update tfe_workspace.workspace-aws_workshop_workspace",
      ]);
    },
  );

  it(
    "handing out: every attendee's and team's handout, token " + "included, from the deployed stack's outputs",
    async () => {
      const directory = mkdtempSync(join(tmpdir(), "lifecycle-handout-"));
      const outputsFile = join(directory, "outputs.json");
      writeFileSync(outputsFile, await deployed.outputs());
      const configFile = join(directory, "room.json");
      writeFileSync(configFile, JSON.stringify(readmeRoom()));
      const captured = capture(directory);
      const out = join(directory, "handouts");
      const code = await handout({
        env: { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: join(directory, "cdktf.out") },
        now: new Date(),
        all: true,
        out,
        withToken: true,
        outputsFile,
        cwd: ignoringRepository(directory),
        ...captured.options,
      });
      expect(code).toBe(0);
      expect(readdirSync(out).sort()).toEqual([
        "attendee-alice.md",
        "attendee-bob.md",
        "attendee-carol.md",
        "team-workshop-pipeline.md",
      ]);
      const outputs = JSON.parse(readFileSync(outputsFile, "utf8")) as {
        attendee_tokens: { value: Record<string, string> };
      };
      expect(readFileSync(join(out, "attendee-carol.md"), "utf8")).toContain(outputs.attendee_tokens.value.carol!);
    },
  );

  it(
    "reissuing bob's token: Terraform replaces his token and nothing " +
      "else, and his handout afterwards gives the new one",
    async () => {
      // GIVEN bob's token pasted into a chat: his entry gets "tokenGeneration": 2
      const reissued = readmeRoom({
        names: ["alice", { name: "bob", email: "bob@example.com", tokenGeneration: 2 }, "carol"],
      });
      const directory = deployed.copy();
      const before = attendeeTokensIn(directory);
      // WHEN deployed THEN only his token is replaced
      expect(changesOf(await directory.apply(stackOf(reissued)))).toEqual([
        'replace tfe_team_token.attendees_tokens["bob"]',
      ]);
      const after = JSON.parse(await directory.outputs()) as { attendee_tokens: { value: Record<string, string> } };
      expect(after.attendee_tokens.value).toEqual({
        ...before,
        bob: expect.not.stringMatching(before.bob!) as unknown,
      });
      // AND his handout, with its token, carries the new one
      const handoutDirectory = mkdtempSync(join(tmpdir(), "lifecycle-reissue-"));
      const outputsFile = join(handoutDirectory, "outputs.json");
      writeFileSync(outputsFile, JSON.stringify(after));
      const configFile = join(handoutDirectory, "room.json");
      writeFileSync(configFile, JSON.stringify(reissued));
      const captured = capture(handoutDirectory);
      const env = { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: join(handoutDirectory, "cdktf.out") };
      expect(
        await handout({ env, now: new Date(), name: "bob", withToken: true, outputsFile, ...captured.options }),
      ).toBe(0);
      const printed = captured.printed.join("\n");
      expect(printed).toContain(after.attendee_tokens.value.bob!);
      expect(printed).not.toContain(before.bob!);
      // AND the same generation deployed again replaces nothing
      expect(changesOf(await directory.plan(stackOf(reissued)))).toEqual([]);
    },
  );

  it(
    "tearing down while an attendee still manages resources: " + "deploy stops before Terraform starts, naming them",
    async () => {
      // GIVEN alice still manages 9 resources, and carol destroyed hers but her workspace holds state
      const teardown = { ...readmeRoom({ teams: [] }), attendees: [] };
      const now = {
        "aws_workshop-alice": { resourceCount: 9, stateAt: "2026-11-30T10:00:00Z" },
        "aws_workshop-carol": { resourceCount: 0, stateAt: "2026-11-30T11:00:00Z" },
      };
      const { code, checklist, env, captured } = await preflightOf(teardown, state, [terraformCloudAfter(state, now)]);
      expect(checklist).toContain(
        'BLOCKER attendee alice (workspace "aws_workshop-alice"): is removed by this config but still ' +
          "manages 9 resources: Terraform would revoke its token and access and switch it to remote execution, " +
          "then safe delete would refuse to delete it, stranding that work. Fix: have alice run terraform " +
          "destroy in their project first, then deploy; or keep it in the config until then",
      );
      expect(checklist).toContain(
        'BLOCKER attendee carol (workspace "aws_workshop-carol"): is removed by this config and holds state, ' +
          "though no resources: deleting the workspace deletes its state history. Fix: download what is worth " +
          'keeping (the workspace\'s States), then add "aws_workshop-carol" to "deleteWithState" in the config',
      );
      expect(code).toBe(1);
      // WHEN deployed THEN Terraform never starts
      let started = false;
      const sameHost = { ...env, TFE_HOSTNAME: new URL(env.TFE_ADDRESS).host };
      const deployed = await deploy({
        env: sameHost,
        now: new Date(),
        args: [],
        ...captured.options,
        runCdktf: () => ((started = true), 0),
        findTerraform: () => "/usr/bin/terraform",
      });
      expect(deployed).toBe(1);
      expect(started).toBe(false);
    },
  );

  it(
    "tearing down once everyone destroyed: confirmed state goes, preflight is ready, " +
      "and Terraform keeps the organization and the workshop's workspace",
    async () => {
      const teardown = { ...readmeRoom({ teams: [], deleteWithState: ["aws_workshop-carol"] }), attendees: [] };
      const now = { "aws_workshop-carol": { resourceCount: 0, stateAt: "2026-11-30T11:00:00Z" } };
      const { code, checklist } = await preflightOf(teardown, state, [terraformCloudAfter(state, now)]);
      expect(checklist).toContain(
        'ok      attendee carol (workspace "aws_workshop-carol"): ' +
          "removed with its state history, as deleteWithState says",
      );
      expect(checklist).toContain(
        "ok      removals: 2 workspaces without state (aws_workshop-alice, aws_workshop-bob) and 4 teams " +
          "(aws_workshop-alice, aws_workshop-bob, aws_workshop-carol, workshop-pipeline) removed by this deploy",
      );
      expect(code).toBe(0);
      const changes = changesOf(await deployed.copy().plan(stackOf(teardown)));
      expect(changes.every((change) => change.startsWith("delete "))).toBe(true);
      expect(changes.join("\n")).not.toMatch(/tfe_organization\.|workspace-aws_workshop_workspace/);
    },
  );
});

describe("a room with an organization token: preflight and Terraform's plan together", () => {
  const withToken = (token: unknown) => readmeRoom({ organization: { ...ORGANIZATION, token } });
  let deployed: PlannerDirectory;
  let state: string;
  beforeAll(async () => {
    // GIVEN the room deployed with an organization token rotated every 30 days
    ({ deployed, state } = await deployedWith(withToken({ rotationDays: 30 })));
  });

  it(
    "a new rotationDays for the organization token: preflight warns that it is replaced, and Terraform replaces " +
      "it with its rotation",
    async () => {
      const weekly = withToken({ rotationDays: 7 });
      const { code, checklist } = await preflightOf(weekly, state, [terraformCloudAfter(state)]);
      expect(checklist).toContain(
        'warning organization "acme-aws-workshop" token: managed by this stack; the deploy replaces it ' +
          "(rotationDays 30 → 7), and whatever uses it stops working. Fix: after the deploy, read the new one in " +
          "the stack's directory (cd cdktf.out/stacks/aws-workshop): terraform output -raw organization_token",
      );
      expect(code).toBe(0);
      expect(changesOf(await deployed.copy().plan(stackOf(weekly)))).toEqual(
        [
          "replace time_rotating.organization_token-expiry_rotation",
          "replace tfe_organization_token.organization_token",
          "update terraform_data.organization_token-expiry_rotation-period",
        ].sort(),
      );
      // AND the same config keeps it
      const kept = await preflightOf(withToken({ rotationDays: 30 }), state, [terraformCloudAfter(state)]);
      expect(kept.checklist).toContain(
        'ok      organization "acme-aws-workshop" token: managed by this stack: kept until it expires',
      );
      expect(changesOf(await deployed.copy().plan(stackOf(withToken({ rotationDays: 30 }))))).toEqual([]);
    },
  );
});

describe.concurrent("after the workshop, every expiresAt passed: preflight and Terraform's plan together", () => {
  const ENDED = "2026-06-30T17:00:00Z";
  const THE_DAY_AFTER = new Date("2026-07-01T09:00:00Z");
  const NAMES = ["alice", { name: "bob", email: "bob@example.com" }, "carol"];
  /** The room whose tokens all expire at `expiresAt`, the workshop's end. */
  const dated = (names: unknown[] = NAMES, expiresAt = ENDED) => ({
    ...readmeRoom({ teams: [{ ...PIPELINE, token: { description: "workshop pipeline", expiresAt } }] }),
    attendees: { names, token: { expiresAt } },
  });
  let deployed: PlannerDirectory;
  let state: string;
  beforeAll(async () => {
    // GIVEN the room deployed before the workshop, its tokens expiring at its end
    ({ deployed, state } = await deployedWith(dated()));
  });

  it(
    "the teardown's config as it is: preflight warns of each passed date, " +
      "keeps the tokens the state holds, and Terraform plans nothing",
    async () => {
      const { code, checklist, verdict, captured } = await preflightOf(
        dated(),
        state,
        [terraformCloudAfter(state)],
        THE_DAY_AFTER,
      );
      expect(captured.reported).toEqual(
        expect.arrayContaining(
          ["teams[0].token.expiresAt", "attendees.token.expiresAt"].map(
            (field) =>
              `warning ${field}: "${ENDED}" has passed, so the token has expired; preflight ` +
              "stops a deploy that would create it with that date. Fix: give a later date to " +
              "create it again; status, verify, handout and the teardown need none",
          ),
        ),
      );
      expect(checklist).toContain(
        "ok      token expiries: 4 tokens whose expiresAt has passed are " +
          "kept as the state holds them: the deploy creates none",
      );
      expect(verdict).toBe("Ready to deploy.");
      expect(code).toBe(0);
      // AND tfe keeps a token whose expired_at the state holds as the config writes it: nothing to create or replace
      expect(changesOf(await deployed.copy().plan(stackOf(dated())))).toEqual([]);
    },
  );

  it(
    "fails when a late attendee would get a token already " + "expired, naming them; Terraform would create it",
    async () => {
      const late = dated([...NAMES, "dave"]);
      const { code, checklist } = await preflightOf(late, state, [terraformCloudAfter(state)], THE_DAY_AFTER);
      expect(checklist).toContain(
        "BLOCKER token expiries: the deploy would create 1 token with an expiresAt " +
          `that has passed, expired from the start (attendee dave: ${ENDED}). Fix: give ` +
          "a later expiresAt, or take the token out of the config",
      );
      expect(code).toBe(1);
      expect(changesOf(await deployed.copy().plan(stackOf(late)))).toContain(
        'create tfe_team_token.attendees_tokens["dave"]',
      );
    },
  );

  it(
    "fails when the passed date itself changed, which replaces " + "every token: three named, the rest counted",
    async () => {
      const moved = dated(NAMES, "2026-06-29T17:00:00Z");
      const { code, checklist } = await preflightOf(moved, state, [terraformCloudAfter(state)], THE_DAY_AFTER);
      expect(checklist).toContain(
        "BLOCKER token expiries: the deploy would create 4 tokens with an expiresAt that has " +
          "passed, expired from the start (team workshop-pipeline: 2026-06-29T17:00:00Z, attendee " +
          "alice: 2026-06-29T17:00:00Z, attendee bob: 2026-06-29T17:00:00Z, and 1 more). Fix: " +
          "give a later expiresAt, or take the token out of the config",
      );
      expect(code).toBe(1);
      expect(changesOf(await deployed.copy().plan(stackOf(moved)))).toEqual(
        ["alice", "bob", "carol"]
          .map((name) => `replace tfe_team_token.attendees_tokens["${name}"]`)
          .concat("replace tfe_team_token.team-workshop-pipeline_token")
          .sort(),
      );
    },
  );
});

import { beforeAll, describe, expect, it } from "vitest";
import { UNOWNED_TEAM_SETTINGS } from "../constructs/workshop-team";
import type { StackJson } from "../terraform/stack-json";
import { PLANNER_NOW } from "./planner/rewrite";
import { attendeeInstances, changesOf, ORGANIZATION, PIPELINE, readable, readmeRoom, stackOf } from "./planner/room";
import { PlannerDirectory, type Plan, type PlannedChange } from "./planner/terraform";

/**
 * The room after its first deploy, planned by Terraform itself: each version of the config is synthesized, its
 * provider resources stood in for by `terraform_data` (planner/), applied, and the next version planned against
 * that state. What Terraform would create, update, replace, delete, import or forget is read from its own plan.
 */

/** The workshop's project. */
const PROJECT = { name: "AWS workshop" };

/** Every workspace of the README's room, declared and attendee. */
const ROOM_WORKSPACES = [
  "tfe_workspace.workspace-aws_workshop_workspace",
  ...["alice", "bob", "carol"].map((name) => `tfe_workspace.attendees_workspaces["${name}"]`),
];

/** The change of the one address whose readable form is given. */
function changeAt(plan: Plan, address: string): PlannedChange {
  if (!plan.ok) throw new Error(plan.error);
  const found = [...plan.changes].filter(([candidate]) => readable(candidate) === address);
  expect(found, address).toHaveLength(1);
  return found[0]![1];
}

describe.concurrent("the room after its first deploy, in Terraform's own planner", () => {
  let deployed: PlannerDirectory;
  beforeAll(async () => {
    // GIVEN the room deployed
    deployed = await PlannerDirectory.create();
    const first = await deployed.apply(stackOf(readmeRoom()));
    expect(changesOf(first).every((change) => change.startsWith("create "))).toBe(true);
  });

  it("plans no change when the same config is deployed again", async () => {
    expect(changesOf(await deployed.copy().plan(stackOf(readmeRoom())))).toEqual([]);
  });

  it("plans no change, and forgets nothing, with the removed block of a project it never had", async () => {
    // GIVEN a config without a project, whose stack forgets the project it might have had
    const stack = stackOf(readmeRoom());
    expect(stack.removed).toEqual([
      { from: "tfe_project.project_22F52B9F", lifecycle: { destroy: false } },
      { from: "tfe_project_settings.project_settings_1CF005D1", lifecycle: { destroy: false } },
    ]);
    // THEN with nothing at that address in the state, the block does nothing
    expect(changesOf(await deployed.copy().plan(stack))).toEqual([]);
  });

  it(
    "puts every workspace in a project added to the config, in place: the project " +
      "is created, each workspace's project_id updated, nothing replaced",
    async () => {
      const plan = await deployed.copy().plan(stackOf(readmeRoom({ project: PROJECT })));
      expect(changesOf(plan)).toEqual(
        [
          "create tfe_project.project",
          "create tfe_project_settings.project_settings",
          ...ROOM_WORKSPACES.map((address) => `update ${address}`),
        ].sort(),
      );
      // AND a workspace keeps its name and settings: only project_id, unknown until the project exists, changes
      const workspace = changeAt(plan, "tfe_workspace.workspace-aws_workshop_workspace");
      expect(workspace.after).toEqual(workspace.before);
    },
  );

  it("plans no change when the attendees are listed in another order", async () => {
    const reordered = readmeRoom({ names: ["carol", { name: "bob", email: "bob@example.com" }, "alice"] });
    expect(changesOf(await deployed.copy().plan(stackOf(reordered)))).toEqual([]);
  });

  it("creates only the late attendee's environment, invitation included", async () => {
    const late = readmeRoom({
      names: ["alice", { name: "bob", email: "bob@example.com" }, "carol", { name: "dave", email: "dave@example.com" }],
    });
    expect(changesOf(await deployed.copy().plan(stackOf(late)))).toEqual(
      [
        ...attendeeInstances("dave"),
        'tfe_organization_membership.attendees_memberships["dave"]',
        'tfe_team_organization_member.attendees_team-memberships["dave"]',
      ]
        .map((address) => `create ${address}`)
        .sort(),
    );
  });

  it("deletes only the no-show's environment, and Terraform accepts the plan", async () => {
    const withoutCarol = readmeRoom({ names: ["alice", { name: "bob", email: "bob@example.com" }] });
    expect(changesOf(await deployed.copy().plan(stackOf(withoutCarol)))).toEqual(
      attendeeInstances("carol").map((address) => `delete ${address}`),
    );
  });

  it("adds a team with its access, and removes it again with nothing else", async () => {
    const observers = { name: "observers", access: { aws_workshop: "read" } };
    const added = deployed.copy();
    expect(changesOf(await added.apply(stackOf(readmeRoom({ teams: [PIPELINE, observers] }))))).toEqual([
      "create tfe_team.team-observers_team",
      "create tfe_team_access.team-observers_access-aws_workshop",
    ]);
    expect(changesOf(await added.plan(stackOf(readmeRoom())))).toEqual([
      "delete tfe_team.team-observers_team",
      "delete tfe_team_access.team-observers_access-aws_workshop",
    ]);
  });

  it(
    "shows the pipeline team to the organization in place, and " + "hides it again the same way, replacing nothing",
    async () => {
      const visible = deployed.copy();
      const shown = await visible.apply(stackOf(readmeRoom({ teams: [{ ...PIPELINE, visibility: "organization" }] })));
      expect(changesOf(shown)).toEqual(["update tfe_team.team-workshop-pipeline_team"]);
      expect(changeAt(shown, "tfe_team.team-workshop-pipeline_team").after).toMatchObject({
        visibility: "organization",
      });
      const hidden = await visible.plan(stackOf(readmeRoom({ teams: [{ ...PIPELINE, visibility: "secret" }] })));
      expect(changesOf(hidden)).toEqual(["update tfe_team.team-workshop-pipeline_team"]);
      // AND a config that stops giving one leaves the team as it is, as tfe keeps an optional+computed argument
      expect(changesOf(await visible.plan(stackOf(readmeRoom())))).toEqual([]);
    },
  );

  it(
    "plans an update only when an argument the stack starts or stops " +
      "ignoring changes its value, as the provider does",
    async () => {
      // GIVEN the room deployed, its pipeline team ignoring Terraform Cloud's member token setting (true by default)
      /** The room's stack, its pipeline team setting the member token setting to `value` and no longer ignoring it. */
      const owningTheSetting = (value: boolean) => {
        const stack = stackOf(readmeRoom()) as { resource: Record<string, Record<string, Record<string, unknown>>> };
        const [, team] = Object.entries(stack.resource.tfe_team!).find(([name]) => name.startsWith("team-workshop"))!;
        team.allow_member_token_management = value;
        team.lifecycle = { ignore_changes: ["sso_team_id"] };
        return stack;
      };
      // WHEN a stack sets the value the team has and stops ignoring it, and the next one ignores it again
      // THEN Terraform changes nothing either time
      const same = deployed.copy();
      expect(changesOf(await same.apply(owningTheSetting(true)))).toEqual([]);
      expect(changesOf(await same.plan(stackOf(readmeRoom())))).toEqual([]);
      // AND a stack that sets another value updates the team in place, and the next one that ignores it keeps it
      const other = deployed.copy();
      expect(changesOf(await other.apply(owningTheSetting(false)))).toEqual([
        "update tfe_team.team-workshop-pipeline_team",
      ]);
      expect(changesOf(await other.plan(stackOf(readmeRoom())))).toEqual([]);
    },
  );

  it(
    "stops the pipeline team's members managing its tokens in place, and " +
      "keeps it so when the field is dropped, replacing nothing",
    async () => {
      // GIVEN the room deployed, its pipeline team with Terraform Cloud's setting
      const owned = deployed.copy();
      // WHEN the config says its members may not manage its tokens
      const stopped = await owned.apply(
        stackOf(readmeRoom({ teams: [{ ...PIPELINE, allowMemberTokenManagement: false }] })),
      );
      // THEN the team is updated in place, and nothing else changes
      expect(changesOf(stopped)).toEqual(["update tfe_team.team-workshop-pipeline_team"]);
      expect(changeAt(stopped, "tfe_team.team-workshop-pipeline_team").after).toMatchObject({
        allow_member_token_management: false,
      });
      // AND a config that stops giving it leaves the team as it is, as the setting is ignored again
      expect(changesOf(await owned.plan(stackOf(readmeRoom())))).toEqual([]);
    },
  );

  it("replaces only the pipeline's rotation and token when its rotation period changes", async () => {
    const weekly = readmeRoom({ teams: [{ ...PIPELINE, token: { ...PIPELINE.token, rotationDays: 7 } }] });
    expect(changesOf(await deployed.copy().plan(stackOf(weekly)))).toEqual([
      "replace tfe_team_token.team-workshop-pipeline_token",
      "replace time_rotating.team-workshop-pipeline_token-expiry_rotation",
      "update terraform_data.team-workshop-pipeline_token-expiry_rotation-period",
    ]);
  });

  it(
    "replaces only a reissued attendee's token when their tokenGeneration " +
      "changes; a first generation said aloud changes nothing",
    async () => {
      const withBob = (bob: Record<string, unknown>) =>
        readmeRoom({ names: ["alice", { name: "bob", email: "bob@example.com", ...bob }, "carol"] });
      expect(changesOf(await deployed.copy().plan(stackOf(withBob({ tokenGeneration: 2 }))))).toEqual([
        'replace tfe_team_token.attendees_tokens["bob"]',
      ]);
      expect(changesOf(await deployed.copy().plan(stackOf(withBob({ tokenGeneration: 1 }))))).toEqual([]);
    },
  );

  it(
    "ends the event in one deploy: every attendee token, and bob's " +
      "invitation and team membership, deleted; nothing else",
    async () => {
      const ended = deployed.copy();
      expect(changesOf(await ended.apply(stackOf(readmeRoom({ event: { ended: true } }))))).toEqual(
        [
          ...["alice", "bob", "carol"].map((name) => `tfe_team_token.attendees_tokens["${name}"]`),
          'tfe_organization_membership.attendees_memberships["bob"]',
          'tfe_team_organization_member.attendees_team-memberships["bob"]',
        ]
          .map((address) => `delete ${address}`)
          .sort(),
      );
      // AND the next deploy of the ended event changes nothing
      expect(changesOf(await ended.plan(stackOf(readmeRoom({ event: { ended: true } }))))).toEqual([]);
    },
  );

  it(
    "gives a deployed room's tokens the event's end when it gets one: " +
      "each attendee token replaced, the room's rotation deleted",
    async () => {
      expect(
        changesOf(await deployed.copy().plan(stackOf(readmeRoom({ event: { endsAt: "2026-12-04T17:00:00Z" } })))),
      ).toEqual(
        [
          ...["alice", "bob", "carol"].map((name) => `replace tfe_team_token.attendees_tokens["${name}"]`),
          "delete time_rotating.attendee-token-expiry_rotation",
          "delete terraform_data.attendee-token-expiry_rotation-period",
        ].sort(),
      );
    },
  );

  it("replaces every attendee token, and nothing else, once the room's rotation time has passed", async () => {
    // GIVEN the rotation time passed: time_rotating's Read drops itself from the state
    const rotated = deployed.copy();
    await rotated.forget("time_rotating.attendee-token-expiry_rotation_80A972EF");
    // THEN the next deploy makes a new rotation and new tokens
    expect(changesOf(await rotated.plan(stackOf(readmeRoom())))).toEqual(
      [
        'replace tfe_team_token.attendees_tokens["alice"]',
        'replace tfe_team_token.attendees_tokens["bob"]',
        'replace tfe_team_token.attendees_tokens["carol"]',
        "create time_rotating.attendee-token-expiry_rotation",
      ].sort(),
    );
  });

  it(
    "tears the room down: every attendee's and team's object goes, " +
      "the organization and the workshop's workspace stay",
    async () => {
      const teardown = { ...readmeRoom({ teams: [] }), attendees: [] };
      expect(changesOf(await deployed.copy().plan(stackOf(teardown)))).toEqual(
        [
          ...["alice", "bob", "carol"].flatMap(attendeeInstances),
          'tfe_organization_membership.attendees_memberships["bob"]',
          'tfe_team_organization_member.attendees_team-memberships["bob"]',
          "tfe_team.team-workshop-pipeline_team",
          "tfe_team_access.team-workshop-pipeline_access-aws_workshop",
          "tfe_team_token.team-workshop-pipeline_token",
          "time_rotating.attendee-token-expiry_rotation",
          "time_rotating.team-workshop-pipeline_token-expiry_rotation",
          "terraform_data.attendee-token-expiry_rotation-period",
          "terraform_data.team-workshop-pipeline_token-expiry_rotation-period",
        ]
          .map((address) => `delete ${address}`)
          .sort(),
      );
    },
  );

  it(
    "refuses, in Terraform itself, to rename the organization, " + "which would replace every workspace in it",
    async () => {
      const plan = await deployed
        .copy()
        .plan(stackOf(readmeRoom({ organization: { ...ORGANIZATION, name: "acme-renamed" } })));
      expect(plan.ok).toBe(false);
      expect(plan.ok ? "" : plan.error).toContain("Instance cannot be destroyed");
    },
  );
});

/** The instant `days` days before or after the planner's now, as the time provider writes it. */
function daysFromNow(days: number): string {
  return new Date(Date.parse(PLANNER_NOW) + days * 24 * 60 * 60 * 1000).toISOString().replace(".000Z", "Z");
}

/** The stack as it was before a changed period replaced the rotation: no period of its own, no replace_triggered_by. */
function withoutRotationPeriod(stack: StackJson): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as {
    resource: Record<string, Record<string, { lifecycle?: Record<string, unknown> }>>;
  };
  delete copy.resource.terraform_data;
  for (const rotation of Object.values(copy.resource.time_rotating ?? {})) delete rotation.lifecycle;
  return copy;
}

/** The expired_at of every attendee token in the planner's state, by attendee. */
function attendeeExpiries(directory: PlannerDirectory): Record<string, unknown> {
  const state = JSON.parse(directory.providerState()) as {
    resources: Array<{
      type: string;
      name: string;
      instances: Array<{ index_key?: string; attributes: Record<string, unknown> }>;
    }>;
  };
  const tokens = state.resources.find(
    (resource) => resource.type === "tfe_team_token" && resource.name.startsWith("attendees_tokens"),
  )!;
  return Object.fromEntries(
    tokens.instances.map((instance) => [String(instance.index_key), instance.attributes.expired_at]),
  );
}

describe.concurrent("a changed rotation period, in Terraform's own planner", () => {
  const monthly = readmeRoom({ attendeeToken: { rotationDays: 30 } });
  const weekly = readmeRoom({ attendeeToken: { rotationDays: 7 } });
  const ROOM_ROTATION = [
    'replace tfe_team_token.attendees_tokens["alice"]',
    'replace tfe_team_token.attendees_tokens["bob"]',
    'replace tfe_team_token.attendees_tokens["carol"]',
    "replace time_rotating.attendee-token-expiry_rotation",
    "update terraform_data.attendee-token-expiry_rotation-period",
  ].sort();

  it("starts the new period from the deploy that changes it, for a room deployed today", async () => {
    // GIVEN the room deployed today with a 30-day rotation
    const directory = await PlannerDirectory.create();
    await directory.apply(stackOf(monthly), PLANNER_NOW);
    // WHEN the period becomes 7 days the same day
    // THEN the rotation is replaced, with every attendee token and nothing else
    expect(changesOf(await directory.apply(stackOf(weekly), PLANNER_NOW))).toEqual(ROOM_ROTATION);
    // AND each new token expires 7 days from that deploy
    expect(attendeeExpiries(directory)).toEqual({ alice: daysFromNow(7), bob: daysFromNow(7), carol: daysFromNow(7) });
  });

  it("starts the new period from the deploy that changes it, for a room deployed a month ago", async () => {
    // GIVEN the room deployed a month ago with a 60-day rotation, whose tokens expire in a month
    const directory = await PlannerDirectory.create();
    await directory.apply(stackOf(readmeRoom({ attendeeToken: { rotationDays: 60 } })), daysFromNow(-30));
    expect(attendeeExpiries(directory)).toEqual({
      alice: daysFromNow(30),
      bob: daysFromNow(30),
      carol: daysFromNow(30),
    });
    // WHEN the period becomes 7 days today
    expect(changesOf(await directory.apply(stackOf(weekly), PLANNER_NOW))).toEqual(ROOM_ROTATION);
    // THEN the new tokens expire 7 days from today, not 7 days from the first deploy
    expect(attendeeExpiries(directory)).toEqual({ alice: daysFromNow(7), bob: daysFromNow(7), carol: daysFromNow(7) });
  });

  it(
    "would replace every token with one already expired without the period's " +
      "terraform_data, as time 0.13.1 updates rotation_days in place",
    async () => {
      // GIVEN a room deployed ten days ago with a 30-day rotation, by a stack whose rotation only has rotation_days
      const directory = await PlannerDirectory.create();
      await directory.apply(withoutRotationPeriod(stackOf(monthly)), daysFromNow(-10));
      // WHEN the period becomes 7 days today
      const plan = await directory.plan(withoutRotationPeriod(stackOf(weekly)), PLANNER_NOW);
      // THEN the rotation is updated from its first base, and each token is replaced by one that expired 3 days ago
      expect(changesOf(plan)).toEqual([
        ...ROOM_ROTATION.slice(0, 3),
        "update time_rotating.attendee-token-expiry_rotation",
      ]);
      expect(changeAt(plan, 'tfe_team_token.attendees_tokens["alice"]').after).toMatchObject({
        expired_at: daysFromNow(-3),
      });
    },
  );

  it(
    "creates only the period's terraform_data in a room deployed " +
      "before it existed, replacing no rotation and no token",
    async () => {
      // GIVEN a room deployed a week ago by the stack before the change, its rotations holding no period of their own
      const directory = await PlannerDirectory.create();
      await directory.apply(withoutRotationPeriod(stackOf(monthly)), daysFromNow(-7));
      // WHEN it is deployed with this stack, its rotation unchanged
      // THEN Terraform creates the periods, and replace_triggered_by, which acts on an update, replaces nothing
      expect(changesOf(await directory.plan(stackOf(monthly), PLANNER_NOW))).toEqual([
        "create terraform_data.attendee-token-expiry_rotation-period",
        "create terraform_data.team-workshop-pipeline_token-expiry_rotation-period",
      ]);
    },
  );
});

/**
 * The stack as it was before the room owned its attendee teams' member token setting: each team ignored it, keeping
 * Terraform Cloud's (true for a team the deploy made).
 */
function withAttendeeTokenManagementUnowned(stack: StackJson): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  for (const [name, team] of Object.entries(copy.resource.tfe_team ?? {})) {
    if (!name.startsWith("attendees_teams")) continue;
    delete team.allow_member_token_management;
    team.lifecycle = { ignore_changes: UNOWNED_TEAM_SETTINGS };
  }
  return copy;
}

describe.concurrent("attendee teams whose members stop managing the team's tokens, in Terraform's own planner", () => {
  // Every token rotating every 60 days: none is due a month after the first deploy, so a plan shows this change alone.
  const room = readmeRoom({
    attendeeToken: { rotationDays: 60 },
    teams: [{ ...PIPELINE, token: { ...PIPELINE.token, rotationDays: 60 } }],
  });
  const EACH_TEAM_UPDATED = ["alice", "bob", "carol"].map((name) => `update tfe_team.attendees_teams["${name}"]`);

  it("updates each attendee team in place, and nothing else, in a room deployed today", async () => {
    // GIVEN the room deployed today by the stack whose attendee teams ignored the setting
    const directory = await PlannerDirectory.create();
    await directory.apply(withAttendeeTokenManagementUnowned(stackOf(room)), PLANNER_NOW);
    // WHEN this stack is deployed
    const plan = await directory.apply(stackOf(room), PLANNER_NOW);
    // THEN each attendee team is updated in place to false, and nothing is created, replaced or deleted
    expect(changesOf(plan)).toEqual(EACH_TEAM_UPDATED);
    expect(changeAt(plan, 'tfe_team.attendees_teams["bob"]').before).toMatchObject({
      allow_member_token_management: true,
    });
    expect(changeAt(plan, 'tfe_team.attendees_teams["bob"]').after).toMatchObject({
      name: "aws_workshop-bob",
      allow_member_token_management: false,
    });
    // AND the next deploy plans nothing
    expect(changesOf(await directory.plan(stackOf(room), PLANNER_NOW))).toEqual([]);
  });

  it("updates each attendee team in place, and nothing else, in a room deployed a month ago", async () => {
    // GIVEN the room deployed a month ago by the stack whose attendee teams ignored the setting
    const directory = await PlannerDirectory.create();
    await directory.apply(withAttendeeTokenManagementUnowned(stackOf(room)), daysFromNow(-30));
    // WHEN this stack is deployed today
    // THEN each attendee team is updated in place, and no token, rotation or anything else changes
    expect(changesOf(await directory.plan(stackOf(room), PLANNER_NOW))).toEqual(EACH_TEAM_UPDATED);
  });

  it("updates an adopted attendee team in place, replacing nothing", async () => {
    // GIVEN alice's team made by hand, with Terraform Cloud's setting (its members may manage its tokens), adopted
    // by the stack whose attendee teams ignored the setting (the planner builds an adopted instance from its stack)
    const adopting = readmeRoom({ names: ["alice"], teams: [], import: { teams: ["aws_workshop-alice"] } });
    const stack = stackOf(adopting);
    const teams = Object.keys(stack.resource?.tfe_team ?? {}).find((name) => name.startsWith("attendees_teams"))!;
    const directory = await PlannerDirectory.create();
    await directory.adoptExisting(
      withAttendeeTokenManagementUnowned(stack),
      new Map([[`tfe_team.${teams}["alice"]`, {}]]),
    );
    // WHEN the adopting config is planned
    const plan = await directory.plan(stack);
    // THEN the team is updated in place to false; the rest of alice's environment is created, nothing replaced
    expect(changeAt(plan, 'tfe_team.attendees_teams["alice"]')).toMatchObject({
      action: "update",
      after: { allow_member_token_management: false },
    });
    expect(changesOf(plan).filter((change) => !change.startsWith("create "))).toEqual([
      'update tfe_team.attendees_teams["alice"]',
    ]);
  });
});

describe.concurrent("the organization switched from created to looked up, in Terraform's own planner", () => {
  it("forgets the organization and keeps its token and everything else", async () => {
    // GIVEN a room whose organization the stack created, with an organization token
    const created = readmeRoom({ organization: { ...ORGANIZATION, token: { rotationDays: 30 } } });
    const directory = await PlannerDirectory.create();
    await directory.apply(stackOf(created));
    // WHEN the organization is only looked up from now on (which requires replaceExisting for its token)
    const lookedUp = readmeRoom({
      organization: { ...ORGANIZATION, create: false, token: { rotationDays: 30, replaceExisting: true } },
    });
    // THEN Terraform forgets it, and replaces nothing
    expect(changesOf(await directory.plan(stackOf(lookedUp)))).toEqual(["forget tfe_organization.organization"]);
  });
});

describe.concurrent("adopting what exists, in Terraform's own planner", () => {
  const adopting = readmeRoom({
    names: [],
    import: { organization: true, workspaces: ["aws_workshop"], teams: ["workshop-pipeline"] },
  });
  const ADDRESSES = {
    organization: "tfe_organization.organization_DC53FF14",
    workspace: "tfe_workspace.workspace-aws_workshop_workspace_0738F395",
    settings: "tfe_workspace_settings.workspace-aws_workshop_settings_1ACAE252",
    team: "tfe_team.team-workshop-pipeline_team_EB4084F8",
  };

  it("imports exactly what the config names", async () => {
    expect(await (await PlannerDirectory.create()).imports(stackOf(adopting))).toEqual(Object.values(ADDRESSES).sort());
  });

  it(
    "changes only what the config owns of what it adopts: the " + "execution mode, never the owner's settings",
    async () => {
      // GIVEN the organization, workspace and team made by hand, with settings of their own
      const directory = await PlannerDirectory.create();
      const handMade = new Map<string, Record<string, unknown>>([
        [
          ADDRESSES.organization,
          {
            email: "owner@acme.example",
            collaborator_auth_policy: "two_factor_mandatory",
            session_timeout_minutes: 20160,
            enforce_hyok: true,
          },
        ],
        [
          ADDRESSES.workspace,
          { queue_all_runs: false, working_directory: "infra", allow_destroy_plan: false, ssh_key_id: "sshkey-1" },
        ],
        [
          ADDRESSES.settings,
          { execution_mode: "remote", auto_apply: true, global_remote_state: true, description: "by hand" },
        ],
        [
          ADDRESSES.team,
          { sso_team_id: "sso-workshop", allow_member_token_management: false, visibility: "organization" },
        ],
      ]);
      await directory.adoptExisting(stackOf(adopting), handMade);
      // WHEN the adopting config is planned
      const plan = await directory.plan(stackOf(adopting));
      // THEN the organization, workspace and team are left as they are; the settings only change execution mode
      expect(changeAt(plan, "tfe_organization.organization").action).toBe("no-op");
      expect(changeAt(plan, "tfe_workspace.workspace-aws_workshop_workspace").action).toBe("no-op");
      expect(changeAt(plan, "tfe_team.team-workshop-pipeline_team").action).toBe("no-op");
      const settings = changeAt(plan, "tfe_workspace_settings.workspace-aws_workshop_settings");
      expect(settings.action).toBe("update");
      expect(settings.after).toMatchObject({
        execution_mode: "local",
        auto_apply: true,
        global_remote_state: true,
        description: "by hand",
      });
      expect(changeAt(plan, "tfe_organization.organization").after).toMatchObject(
        handMade.get(ADDRESSES.organization)!,
      );
      expect(changeAt(plan, "tfe_workspace.workspace-aws_workshop_workspace").after).toMatchObject(
        handMade.get(ADDRESSES.workspace)!,
      );
      expect(changeAt(plan, "tfe_team.team-workshop-pipeline_team").after).toMatchObject(handMade.get(ADDRESSES.team)!);
    },
  );

  it("sets the member token setting of an adopted team in place when the config gives it, and only that", async () => {
    // GIVEN the team made by hand, its members allowed to manage its tokens, adopted by a config that says otherwise
    // (and nothing of the team to create)
    const directory = await PlannerDirectory.create();
    const owning = readmeRoom({
      names: [],
      teams: [{ name: PIPELINE.name, allowMemberTokenManagement: false }],
      import: { organization: true, workspaces: ["aws_workshop"], teams: ["workshop-pipeline"] },
    });
    await directory.adoptExisting(
      stackOf(owning),
      new Map([
        [ADDRESSES.organization, {}],
        [ADDRESSES.workspace, {}],
        [ADDRESSES.settings, { execution_mode: "local" }],
        [ADDRESSES.team, { sso_team_id: "sso-workshop", allow_member_token_management: true }],
      ]),
    );
    // WHEN it is planned
    const plan = await directory.plan(stackOf(owning));
    // THEN the team alone is updated, in place, to the config's setting, its SSO team id kept
    expect(changesOf(plan)).toEqual(["update tfe_team.team-workshop-pipeline_team"]);
    expect(changeAt(plan, "tfe_team.team-workshop-pipeline_team").after).toMatchObject({
      allow_member_token_management: false,
      sso_team_id: "sso-workshop",
    });
  });

  it(
    "would reset the owner's settings without the config's " + "ignore_changes, as the provider plans its defaults",
    async () => {
      // GIVEN the same hand-made organization, and a stack whose organization owns every setting
      const directory = await PlannerDirectory.create();
      const owningEverything = JSON.parse(JSON.stringify(stackOf(adopting))) as {
        resource: Record<string, Record<string, { lifecycle?: Record<string, unknown> }>>;
      };
      delete owningEverything.resource.tfe_organization!.organization_DC53FF14!.lifecycle!.ignore_changes;
      await directory.adoptExisting(
        owningEverything,
        new Map([
          [ADDRESSES.organization, { collaborator_auth_policy: "two_factor_mandatory" }],
          [ADDRESSES.workspace, {}],
          [ADDRESSES.settings, {}],
          [ADDRESSES.team, {}],
        ]),
      );
      // THEN the planner sees what the issue saw: two-factor authentication planned back to password
      const organization = changeAt(await directory.plan(owningEverything), "tfe_organization.organization");
      expect(organization.action).toBe("update");
      expect(organization.after).toMatchObject({ collaborator_auth_policy: "password" });
    },
  );
});

describe.concurrent("the room in its project, in Terraform's own planner", () => {
  let deployed: PlannerDirectory;
  beforeAll(async () => {
    // GIVEN the room deployed in its project
    deployed = await PlannerDirectory.create();
    const first = await deployed.apply(stackOf(readmeRoom({ project: PROJECT })));
    expect(changesOf(first).every((change) => change.startsWith("create "))).toBe(true);
  });

  it("plans no change when the same config is deployed again", async () => {
    expect(changesOf(await deployed.copy().plan(stackOf(readmeRoom({ project: PROJECT }))))).toEqual([]);
  });

  it("forgets the project, never destroys it, when the config drops it, and every workspace stays in it", async () => {
    // WHEN the project leaves the config THEN Terraform forgets it, and the workspaces, whose project_id the
    // provider keeps when the config no longer sets it, do not move
    // AND its settings are forgotten with it, so that its workspaces' default stays local
    expect(changesOf(await deployed.copy().plan(stackOf(readmeRoom())))).toEqual([
      "forget tfe_project.project",
      "forget tfe_project_settings.project_settings",
    ]);
  });

  it(
    "gives a room deployed in its project before the project's " +
      "settings existed those settings, and changes nothing else",
    async () => {
      // GIVEN the room deployed in its project by a stack without tfe_project_settings
      const before = JSON.parse(JSON.stringify(stackOf(readmeRoom({ project: PROJECT })))) as {
        resource: Record<string, unknown>;
      };
      delete before.resource.tfe_project_settings;
      const directory = await PlannerDirectory.create();
      await directory.apply(before as unknown as StackJson);
      // THEN the next deploy only creates the settings, the project's default execution mode local
      const plan = await directory.plan(stackOf(readmeRoom({ project: PROJECT })));
      expect(changesOf(plan)).toEqual(["create tfe_project_settings.project_settings"]);
      expect(changeAt(plan, "tfe_project_settings.project_settings").after).toMatchObject({
        default_execution_mode: "local",
      });
    },
  );

  it("renames the project in place, its workspaces staying in it", async () => {
    expect(
      changesOf(await deployed.copy().plan(stackOf(readmeRoom({ project: { name: "AWS workshop 2026" } })))),
    ).toEqual(["update tfe_project.project"]);
  });

  it("refuses, in Terraform itself, to destroy the project, even on a config whose organization moves", async () => {
    const plan = await deployed
      .copy()
      .plan(stackOf(readmeRoom({ project: PROJECT, organization: { ...ORGANIZATION, name: "acme-renamed" } })));
    expect(plan.ok ? "" : plan.error).toMatch(/Instance cannot be destroyed[\s\S]*tfe_project__project/);
  });
});

describe.concurrent("adopting an existing project, in Terraform's own planner", () => {
  const adopting = readmeRoom({
    names: [],
    teams: [],
    project: PROJECT,
    import: { organization: true, project: "prj-niVoeESBXT8ZREhr", workspaces: ["aws_workshop"] },
  });
  const ADDRESSES = {
    organization: "tfe_organization.organization_DC53FF14",
    project: "tfe_project.project_22F52B9F",
    projectSettings: "tfe_project_settings.project_settings_1CF005D1",
    workspace: "tfe_workspace.workspace-aws_workshop_workspace_0738F395",
    settings: "tfe_workspace_settings.workspace-aws_workshop_settings_1ACAE252",
  };
  /** The project as its owner made it, and the workspace in the organization's default project. */
  const handMade = (project: Record<string, unknown>) =>
    new Map<string, Record<string, unknown>>([
      [ADDRESSES.organization, {}],
      [
        ADDRESSES.project,
        {
          name: "AWS workshop",
          description: "by hand",
          tags: { owner: "platform" },
          auto_destroy_activity_duration: "14d",
          ...project,
        },
      ],
      // The organization's default, remote, is the project's as long as nobody set one.
      [ADDRESSES.projectSettings, { default_execution_mode: "remote" }],
      [ADDRESSES.workspace, { project_id: "prj-default" }],
      [ADDRESSES.settings, {}],
    ]);
  /** The id the adopted project has in the planner's state. */
  const projectIdIn = (directory: PlannerDirectory) =>
    (
      JSON.parse(directory.providerState()) as {
        resources: Array<{ type: string; instances: Array<{ attributes: { id: string } }> }>;
      }
    ).resources.find((resource) => resource.type === "tfe_project")!.instances[0]!.attributes.id;

  it("imports exactly what the config names, the project by its id", async () => {
    expect(await (await PlannerDirectory.create()).imports(stackOf(adopting))).toEqual(Object.values(ADDRESSES).sort());
  });

  it("moves an adopted workspace into the adopted project, in place, and changes nothing of the project", async () => {
    // GIVEN the project and the workspace made by hand
    const directory = await PlannerDirectory.create();
    await directory.adoptExisting(stackOf(adopting), handMade({}));
    // WHEN the adopting config is planned
    const plan = await directory.plan(stackOf(adopting));
    // THEN the project stays as its owner made it, and the workspace moves into it, nothing else of it changing
    expect(changeAt(plan, "tfe_project.project").action).toBe("no-op");
    const workspace = changeAt(plan, "tfe_workspace.workspace-aws_workshop_workspace");
    expect(workspace.action).toBe("update");
    expect(workspace.before).toMatchObject({ project_id: "prj-default" });
    expect(workspace.after).toEqual({ ...workspace.before, project_id: projectIdIn(directory) });
    // AND the project's default execution mode becomes local in place, the only other change
    const settings = changeAt(plan, "tfe_project_settings.project_settings");
    expect(settings.action).toBe("update");
    expect(settings.after).toEqual({ ...settings.before, default_execution_mode: "local" });
    expect(changesOf(plan)).toEqual([
      "update tfe_project_settings.project_settings",
      "update tfe_workspace.workspace-aws_workshop_workspace",
    ]);
  });

  it(
    "renames an adopted project in place, keeping the " + "description, tags and auto-destroy its owner gave it",
    async () => {
      const directory = await PlannerDirectory.create();
      await directory.adoptExisting(stackOf(adopting), handMade({ name: "Workshop by hand" }));
      const project = changeAt(await directory.plan(stackOf(adopting)), "tfe_project.project");
      expect(project.action).toBe("update");
      expect(project.after).toMatchObject({
        name: "AWS workshop",
        description: "by hand",
        tags: { owner: "platform" },
        auto_destroy_activity_duration: "14d",
      });
    },
  );

  it(
    "would clear the owner's description, tags and auto-destroy without " +
      "the config's ignore_changes, as tfe's Update sends them",
    async () => {
      // GIVEN a stack whose project owns every setting
      const owningEverything = JSON.parse(JSON.stringify(stackOf(adopting))) as {
        resource: Record<string, Record<string, { lifecycle?: Record<string, unknown> }>>;
      };
      delete owningEverything.resource.tfe_project!.project_22F52B9F!.lifecycle!.ignore_changes;
      const stack = owningEverything;
      const directory = await PlannerDirectory.create();
      await directory.adoptExisting(stack, handMade({ name: "Workshop by hand" }));
      // THEN a rename would take the rest with it
      const project = changeAt(await directory.plan(stack), "tfe_project.project");
      expect(project.action).toBe("update");
      expect(project.after).toMatchObject({ name: "AWS workshop", description: "", tags: {} });
      expect(project.after).not.toHaveProperty("auto_destroy_activity_duration");
    },
  );
});

describe.concurrent("the planner's reading of Terraform's plan", () => {
  it("reads an update of the stack's own terraform_data with an input that is no object as an update", async () => {
    // GIVEN a stack whose own terraform_data holds a number, applied
    const holding = (input: number) => ({ resource: { terraform_data: { counter: { input } } } }) as StackJson;
    const directory = await PlannerDirectory.create();
    await directory.apply(holding(4));
    // WHEN the number changes
    const plan = await directory.plan(holding(5));
    // THEN the change is read as the update Terraform plans, not as an argument moving between stand-ins
    expect(changesOf(plan)).toEqual(["update terraform_data.counter"]);
  });
});

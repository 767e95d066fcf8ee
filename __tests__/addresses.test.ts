import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { STACK_RESOURCE_TYPES } from "../stacks/stack-resource-types";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import { StackValues } from "../terraform/values";
import { synthesize, validConfig } from "./support";

/**
 * Terraform addresses are where the state keeps every object: a refactor that moves one makes Terraform
 * destroy and recreate it, workspaces and state included. This list was taken before the constructs were
 * given props of their own and the renames of issue #11, and was identical after them.
 */
const CONFIGS = {
  everything: {
    organization: {
      name: "acme-aws-workshop",
      email: "facilitator@example.com",
      token: { rotationDays: 7, replaceExisting: true },
    },
    project: { name: "AWS workshop" },
    workspaces: [{ name: "aws_workshop" }, { name: "sandbox", executionMode: "remote" }],
    teams: [
      {
        name: "ci",
        access: { aws_workshop: "write", sandbox: "read" },
        token: { description: "ci", rotationDays: 30 },
      },
    ],
    attendees: { names: ["alice", { name: "bob", email: "bob@example.com" }] },
    import: {
      organization: true,
      project: "prj-niVoeESBXT8ZREhr",
      workspaces: ["aws_workshop", "aws_workshop-alice"],
      teams: ["aws_workshop-bob"],
    },
  },
  lookedUp: { organization: { name: "acme", email: "f@example.com", create: false }, attendees: ["carol"] },
};

/** Every address a config gives: resource instances, data sources, import targets, removed blocks and outputs. */
function addressesOf(name: string, config: unknown): string[] {
  const { stack } = synthesize(config);
  const json = stack as StackJson;
  const values = new StackValues(json);
  return [
    ...Object.entries(json.resource ?? {}).flatMap(([type, resources]) =>
      Object.keys(resources).flatMap((resource) =>
        values.instances(`${type}.${resource}`).map((instance) => instance.address),
      ),
    ),
    ...Object.entries(json.data ?? {}).flatMap(([type, sources]) =>
      Object.keys(sources).map((source) => `data.${type}.${source}`),
    ),
    ...(json.import ?? []).map((block) => `import ${block.to} ${block.id}`),
    ...(json.removed ?? []).map((block) => `removed ${String(block.from)}`),
    ...Object.keys(json.output ?? {}).map((output) => `output.${output}`),
  ].map((address) => `${name} ${address}`);
}

describe("Terraform addresses", () => {
  it("are of the resource types STACK_RESOURCE_TYPES lists, every one of them made by some stack", () => {
    // GIVEN every kind of block, in one stack and in shards (which hold each shard's destroy guard)
    const sharded = { ...CONFIGS.everything, attendees: { ...CONFIGS.everything.attendees, shards: 2 } };
    // WHEN every stack of each config is synthesized
    const made = [...Object.values(CONFIGS), sharded].flatMap((config) => {
      const { shared, shards } = workshopStacks(Testing.app(), validConfig(config));
      return [shared, ...shards.values()].flatMap((stack) =>
        Object.keys((JSON.parse(Testing.synth(stack)) as StackJson).resource ?? {}),
      );
    });
    // THEN the types they make are exactly the list preflight tells a state of something else by
    expect([...new Set(made)].sort()).toEqual([...STACK_RESOURCE_TYPES].sort());
  });

  it("stay where they are", () => {
    const addresses = Object.entries(CONFIGS)
      .flatMap(([name, config]) => addressesOf(name, config))
      .sort();
    expect(addresses).toEqual([
      "everything import tfe_organization.organization_DC53FF14 acme-aws-workshop",
      "everything import tfe_project.project_22F52B9F prj-niVoeESBXT8ZREhr",
      "everything import tfe_project_settings.project_settings_1CF005D1 prj-niVoeESBXT8ZREhr",
      'everything import tfe_team.attendees_teams_8A27F6CF["bob"] acme-aws-workshop/aws_workshop-bob',
      'everything import tfe_workspace.attendees_workspaces_9106E48C["alice"] acme-aws-workshop/aws_workshop-alice',
      "everything import tfe_workspace.workspace-aws_workshop_workspace_0738F395 acme-aws-workshop/aws_workshop",
      "everything import tfe_workspace_settings." +
        'attendees_settings_D4462893["alice"] ' +
        "acme-aws-workshop/aws_workshop-alice",
      "everything import tfe_workspace_settings.workspace-" +
        "aws_workshop_settings_1ACAE252 acme-aws-workshop/aws_workshop",
      "everything output.attendee_team_ids",
      "everything output.attendee_tokens",
      "everything output.attendee_workspace_ids",
      "everything output.organization_name",
      "everything output.organization_token",
      "everything output.project_id",
      "everything output.team_ids",
      "everything output.team_token_ci",
      "everything output.workspace_ids",
      "everything terraform_data.attendee-token-expiry_rotation-period_BEADD369",
      "everything terraform_data.organization_token-expiry_rotation-period_311B10CC",
      "everything terraform_data.team-ci_token-expiry_rotation-period_BB769F3D",
      "everything tfe_organization.organization_DC53FF14",
      'everything tfe_organization_membership.attendees_memberships_CB12A299["bob"]',
      "everything tfe_organization_token.organization_token_0B66B0FB",
      "everything tfe_project.project_22F52B9F",
      "everything tfe_project_settings.project_settings_1CF005D1",
      'everything tfe_team.attendees_teams_8A27F6CF["alice"]',
      'everything tfe_team.attendees_teams_8A27F6CF["bob"]',
      "everything tfe_team.team-ci_team_118ED7B4",
      'everything tfe_team_access.attendees_access_DFEB9900["alice"]',
      'everything tfe_team_access.attendees_access_DFEB9900["bob"]',
      "everything tfe_team_access.team-ci_access-aws_workshop_3AE6AC12",
      "everything tfe_team_access.team-ci_access-sandbox_DC7D9A7D",
      'everything tfe_team_organization_member.attendees_team-memberships_8819A51C["bob"]',
      'everything tfe_team_token.attendees_tokens_DDA69740["alice"]',
      'everything tfe_team_token.attendees_tokens_DDA69740["bob"]',
      "everything tfe_team_token.team-ci_token_91DAB63E",
      'everything tfe_workspace.attendees_workspaces_9106E48C["alice"]',
      'everything tfe_workspace.attendees_workspaces_9106E48C["bob"]',
      "everything tfe_workspace.workspace-aws_workshop_workspace_0738F395",
      "everything tfe_workspace.workspace-sandbox_workspace_EE4F197B",
      'everything tfe_workspace_settings.attendees_settings_D4462893["alice"]',
      'everything tfe_workspace_settings.attendees_settings_D4462893["bob"]',
      "everything tfe_workspace_settings.workspace-aws_workshop_settings_1ACAE252",
      "everything tfe_workspace_settings.workspace-sandbox_settings_AF5706B8",
      "everything time_rotating.attendee-token-expiry_rotation_80A972EF",
      "everything time_rotating.organization_token-expiry_rotation_7FD3AF0D",
      "everything time_rotating.team-ci_token-expiry_rotation_07ADAC3A",
      "lookedUp data.tfe_organization.organization_DC53FF14",
      "lookedUp output.attendee_team_ids",
      "lookedUp output.attendee_tokens",
      "lookedUp output.attendee_workspace_ids",
      "lookedUp output.organization_name",
      "lookedUp output.workspace_ids",
      "lookedUp removed tfe_organization.organization_DC53FF14",
      "lookedUp removed tfe_project.project_22F52B9F",
      "lookedUp removed tfe_project_settings.project_settings_1CF005D1",
      "lookedUp terraform_data.attendee-token-expiry_rotation-period_BEADD369",
      'lookedUp tfe_team.attendees_teams_8A27F6CF["carol"]',
      'lookedUp tfe_team_access.attendees_access_DFEB9900["carol"]',
      'lookedUp tfe_team_token.attendees_tokens_DDA69740["carol"]',
      'lookedUp tfe_workspace.attendees_workspaces_9106E48C["carol"]',
      "lookedUp tfe_workspace.workspace-aws_workshop_workspace_0738F395",
      'lookedUp tfe_workspace_settings.attendees_settings_D4462893["carol"]',
      "lookedUp tfe_workspace_settings.workspace-aws_workshop_settings_1ACAE252",
      "lookedUp time_rotating.attendee-token-expiry_rotation_80A972EF",
    ]);
  });
});

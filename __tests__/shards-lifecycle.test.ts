import { Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../config/shards";
import { shardStackId } from "../stacks/workshop-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import { attendeeInstances, changesOf, ORGANIZATION } from "./planner/room";
import { PlannerDirectory } from "./planner/terraform";
import { validConfig } from "./support";

/**
 * A sharded room after its first deploy, planned by Terraform itself (planner/): each shard's stack applied in a
 * directory of its own, as its own state, and the next version of the config planned against each.
 */

const SHARDS = 3;
const ROOM = Array.from({ length: 12 }, (_, index) => `attendee${String(index).padStart(2, "0")}`);

const room = (names: readonly string[]) => ({
  organization: ORGANIZATION,
  project: { name: "AWS workshop" },
  attendees: { names, shards: SHARDS },
});

/** Every stack of a config, by stack id, as synthesized JSON. */
function stacksOf(config: unknown): Map<string, StackJson> {
  const { shared, shards } = workshopStacks(Testing.app(), validConfig(config));
  return new Map(
    [shared, ...shards.values()].map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson]),
  );
}

describe.concurrent("a sharded room after its first deploy, in Terraform's own planner", () => {
  const deployed = new Map<string, PlannerDirectory>();
  beforeAll(async () => {
    // GIVEN every stack of the room deployed, each in its own state
    for (const [id, stack] of stacksOf(room(ROOM))) {
      const directory = await PlannerDirectory.create();
      expect(changesOf(await directory.apply(stack)).every((change) => change.startsWith("create "))).toBe(true);
      deployed.set(id, directory);
    }
    // Four applies in Terraform, one after the other: more than a hook's default 10 s under the whole suite's load.
  }, 120_000);

  /** The plan of every stack of a config against its deployed state, by stack id, no-ops left out. */
  const planAll = async (config: unknown) =>
    new Map(
      await Promise.all(
        [...stacksOf(config)].map(
          async ([id, stack]) => [id, changesOf(await deployed.get(id)!.copy().plan(stack))] as const,
        ),
      ),
    );

  it("plans no change in any stack when the same config is deployed again", async () => {
    for (const changes of (await planAll(room(ROOM))).values()) expect(changes).toEqual([]);
  });

  it("plans only the late attendee's instances, in their shard alone", async () => {
    const plans = await planAll(room([...ROOM, "latecomer"]));
    const shard = shardStackId(shardOf("latecomer", SHARDS));
    expect(plans.get(shard)).toEqual(attendeeInstances("latecomer").map((address) => `create ${address}`));
    for (const [id, changes] of plans) if (id !== shard) expect(changes, id).toEqual([]);
  });

  it("plans only the no-show's deletion, in their shard alone", async () => {
    const plans = await planAll(room(ROOM.filter((name) => name !== "attendee05")));
    const shard = shardStackId(shardOf("attendee05", SHARDS));
    expect(plans.get(shard)).toEqual(attendeeInstances("attendee05").map((address) => `delete ${address}`));
    for (const [id, changes] of plans) if (id !== shard) expect(changes, id).toEqual([]);
  });
});

describe("a room deployed in one stack, moved into its shards by attendees.migrateFromOneStack, in Terraform's own planner", () => {
  const attendees = ROOM.slice(0, 6).map((name, index) =>
    index % 2 === 0 ? { name, email: `${name}@example.com` } : name,
  );
  const names = ROOM.slice(0, 6);
  const oneStack = { organization: ORGANIZATION, project: { name: "AWS workshop" }, attendees: { names: attendees } };
  const migrating = { ...oneStack, attendees: { names: attendees, shards: SHARDS, migrateFromOneStack: true } };

  it("destroys no workspace, team or membership: the one stack forgets them, each shard imports its attendees'", async () => {
    // GIVEN the room deployed in one stack
    const deployedOnce = await PlannerDirectory.create();
    await deployedOnce.apply(stacksOf(oneStack).get("aws-workshop")!);
    // WHEN the shared stack of the migrating config is planned against it
    const stacks = stacksOf(migrating);
    const shared = changesOf(await deployedOnce.copy().plan(stacks.get("aws-workshop")!));
    // THEN it forgets every workspace, its settings, team and membership, and deletes only tokens, accesses and the
    // expiry
    const forgotten = (type: string, keys: readonly string[]) => keys.map((name) => `forget ${type}["${name}"]`);
    const invited = names.filter((_, index) => index % 2 === 0);
    expect(shared.filter((change) => !change.startsWith("delete "))).toEqual(
      [
        ...forgotten("tfe_organization_membership.attendees_memberships", invited),
        ...forgotten("tfe_team.attendees_teams", names),
        ...forgotten("tfe_team_organization_member.attendees_team-memberships", invited),
        ...forgotten("tfe_workspace.attendees_workspaces", names),
        ...forgotten("tfe_workspace_settings.attendees_settings", names),
      ].sort(),
    );
    expect(
      new Set(shared.filter((change) => change.startsWith("delete ")).map((change) => change.replace(/\[.*$/, ""))),
    ).toEqual(
      new Set([
        "delete tfe_team_access.attendees_access",
        "delete tfe_team_token.attendees_tokens",
        "delete terraform_data.attendee-token-expiry_rotation-period",
        "delete time_rotating.attendee-token-expiry_rotation",
      ]),
    );
    // AND each shard imports exactly its attendees' workspace, settings, team and membership, and creates the rest
    for (const [id, stack] of stacks) {
      if (id === "aws-workshop") continue;
      const mine = names.filter((name) => shardStackId(shardOf(name, SHARDS)) === id);
      const imported = (await (await PlannerDirectory.create()).imports(stack)).map((address) =>
        address.replace(/_[0-9A-F]{8}(?=\[)/, ""),
      );
      expect(imported, id).toEqual(
        mine
          .flatMap((name) => [
            `tfe_team.attendees_teams["${name}"]`,
            `tfe_workspace.attendees_workspaces["${name}"]`,
            `tfe_workspace_settings.attendees_settings["${name}"]`,
            ...(invited.includes(name)
              ? [
                  `tfe_organization_membership.attendees_memberships["${name}"]`,
                  `tfe_team_organization_member.attendees_team-memberships["${name}"]`,
                ]
              : []),
          ])
          .sort(),
      );
    }
  }, 300_000);
});

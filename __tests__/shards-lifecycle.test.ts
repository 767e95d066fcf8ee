import { Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../config/shards";
import { shardStackId } from "../stacks/workshop-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import { attendeeInstances } from "./planner/room";
import { PlannerDirectory, type Plan } from "./planner/terraform";
import { validConfig } from "./support";

/**
 * A sharded room after its first deploy, planned by Terraform itself (planner/): each shard's stack applied in a
 * directory of its own, as its own state, and the next version of the config planned against each.
 */

const ORGANIZATION = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const SHARDS = 3;
const ROOM = Array.from({ length: 12 }, (_, index) => `attendee${String(index).padStart(2, "0")}`);

const room = (names: readonly string[]) => ({ organization: ORGANIZATION, project: { name: "AWS workshop" }, attendees: { names, shards: SHARDS } });

/** Every stack of a config, by stack id, as synthesized JSON. */
function stacksOf(config: unknown): Map<string, StackJson> {
  const { shared, shards } = workshopStacks(Testing.app(), validConfig(config));
  return new Map([shared, ...shards.values()].map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson]));
}

/** Every change that is not a no-op, as `action address` without cdktf's hash, sorted. */
function changesOf(plan: Plan): string[] {
  if (!plan.ok) throw new Error(`Terraform refused the plan:\n${plan.error}`);
  return [...plan.changes]
    .filter(([, change]) => change.action !== "no-op")
    .map(([address, change]) => `${change.action} ${address.replace(/_[0-9A-F]{8}(?=\[|$)/, "")}`)
    .sort();
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
  const planAll = async (config: unknown) => new Map(await Promise.all([...stacksOf(config)].map(async ([id, stack]) => [id, changesOf(await deployed.get(id)!.copy().plan(stack))] as const)));

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

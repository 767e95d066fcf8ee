import { DataTfeProjects } from "@cdktf/provider-tfe/lib/data-tfe-projects";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { DataResource, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { checkPolicy } from "../commands/prepare-workshop";
import { attendeeRoom } from "../config/attendees";
import { roomMoves, roomShards, shardOf } from "../config/shards";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import { ForgetInstance } from "../constructs/forget-instance";
import { docText } from "./docs";
import { shardMeasures } from "../bench/shard-measures";
import { movedObjects } from "./planner/room";
import { NOW, problemsOf, synthesize, validConfig } from "./support";

const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
const names = (count: number) =>
  Array.from({ length: count }, (_, index) => `attendee${String(index).padStart(4, "0")}`);
/** A room of attendees in shards, with the workshop's project. */
const shardedRoom = (attendees: readonly unknown[], shards: number, more: Record<string, unknown> = {}) => ({
  organization,
  project: { name: "AWS workshop" },
  attendees: { names: attendees, shards },
  ...more,
});

/** What a shard without rooms holds: its destroy guard alone. */
const GUARD_ALONE = { [DataResource.tfResourceType]: { "destroy-guard": { lifecycle: { prevent_destroy: true } } } };

/** Every stack of a config, synthesized, by stack id. */
function synthesizeAll(json: unknown): Map<string, string> {
  const { shared, shards } = workshopStacks(Testing.app(), validConfig(json));
  return new Map([shared, ...shards.values()].map((stack) => [stack.node.id, Testing.synth(stack)]));
}

/** The attendees whose rooms a synthesized stack holds: its list of attendee names. */
const attendeesIn = (text: string) =>
  Object.entries((JSON.parse(text) as StackJson).locals ?? {}).flatMap(([name, value]) =>
    name.startsWith("attendees_attendee-names") ? (value as string[]) : [],
  );

/**
 * The instances a stack forgets, without cdktf's hash: each moved to an address of its own (ForgetInstance) and
 * forgotten there with `destroy = false`, and nothing else moved or removed.
 */
function forgottenIn(stack: StackJson): string[] {
  const removed = new Set(
    (stack.removed ?? []).map((block) => `${String(block.from)} ${JSON.stringify(block.lifecycle)}`),
  );
  return (stack.moved ?? [])
    .map((block) => {
      expect(removed.has(`${block.to} {"destroy":false}`), block.to).toBe(true);
      return block.from.replace(/_[0-9A-F]{8}\[/, "[");
    })
    .sort()
    .concat(removed.size === (stack.moved ?? []).length ? [] : ["a removed block of no moved one"]);
}

describe("attendees.shards in the config", () => {
  it("accepts a whole number from 1 to 100, more shards than attendees included", () => {
    for (const shards of [1, 7, 100]) expect(problemsOf(shardedRoom(["alice", "bob"], shards))).toEqual([]);
    expect(attendeeRoom(validConfig(shardedRoom(["alice"], 3))).shards).toBe(3);
  });

  it("fails when shards is not a whole number from 1 to 100, naming the field", () => {
    for (const shards of [0, 101, 2.5, -1, "10", null, true]) {
      expect(problemsOf(shardedRoom(["alice"], shards as number))).toEqual([
        `attendees.shards: must be a whole number from 1 to 100, but ${JSON.stringify(shards)} was provided`,
      ]);
    }
  });

  it(
    "fails when a shard's state workspace name would be longer than " +
      "Terraform Cloud allows, naming the state workspace",
    () => {
      const workspace = "s".repeat(82);
      expect(problemsOf(shardedRoom(["alice"], 10, { state: { organization: "acme-admin", workspace } }))).toEqual([
        "state.workspace: with attendees.shards 10, the shards keep their state in workspaces named after " +
          `it, up to "-shard-10" added, 91 characters; workspace names are at most 90, so shorten it`,
      ]);
      expect(problemsOf(shardedRoom(["alice"], 9, { state: { organization: "acme-admin", workspace } }))).toEqual([]);
    },
  );
});

describe("state.workspace beside the workspaces the config makes", () => {
  const inWorkshop = (workspace: string) => ({ state: { organization: organization.name, workspace } });

  it("accepts a state workspace no stack makes, and any name in another organization or on a host of its own", () => {
    expect(problemsOf(shardedRoom(["alice", "shard-1"], 2, inWorkshop("workshop-state")))).toEqual([]);
    const elsewhere = { state: { organization: "acme-admin", workspace: "aws_workshop" } };
    expect(problemsOf(shardedRoom(["alice", "shard-1"], 2, elsewhere))).toEqual([]);
    const onItsHost = {
      state: { organization: organization.name, workspace: "aws_workshop", hostname: "tfe.example.com" },
    };
    expect(problemsOf(shardedRoom(["alice", "shard-1"], 2, onItsHost))).toEqual([]);
  });

  it("fails when a shard keeps its state in an attendee's workspace, naming the state workspace", () => {
    // The attendees' workspaces are named after the workspace they copy, which the config makes too
    expect(problemsOf(shardedRoom(["alice", "Shard-2"], 2, inWorkshop("aws_workshop")))).toEqual([
      'state.workspace: the shared stack keeps its state in workspace "aws_workshop", which the config also ' +
        "makes (workspaces[0]); a stack must not manage the workspace of its own state, so choose another " +
        "state.workspace",
      'state.workspace: shard 2 keeps its state in workspace "aws_workshop-shard-2", which the config also makes ' +
        '(attendee "Shard-2"); a stack must not manage the workspace of its own state, so choose another ' +
        "state.workspace",
    ]);
  });

  it("fails when the shared stack keeps its state in a declared workspace, with shards or none", () => {
    const declared = { workspaces: [{ name: "aws_workshop" }], ...inWorkshop("aws_workshop") };
    const line =
      'state.workspace: the shared stack keeps its state in workspace "aws_workshop", which the config also ' +
      "makes (workspaces[0]); a stack must not manage the workspace of its own state, so choose another " +
      "state.workspace";
    expect(problemsOf(shardedRoom(["alice"], 2, declared))).toEqual([line]);
    expect(problemsOf({ organization, workspaces: declared.workspaces, state: declared.state })).toEqual([line]);
  });

  it("fails when a shard the room moves out of kept its state in a declared workspace", () => {
    const declared = { workspaces: [{ name: "aws_workshop" }, { name: "ws-shard-3" }], ...inWorkshop("ws") };
    expect(
      problemsOf({
        ...shardedRoom(["alice"], 2, declared),
        attendees: { names: ["alice"], shards: 2, migrateFromShards: 3 },
      }),
    ).toEqual([
      'state.workspace: shard 3 keeps its state in workspace "ws-shard-3", which the config also makes ' +
        "(workspaces[1]); a stack must not manage the workspace of its own state, so choose another " +
        "state.workspace",
    ]);
  });
});

describe("attendees.migrateFromOneStack in the config", () => {
  it("accepts true or false beside shards", () => {
    for (const migrateFromOneStack of [true, false])
      expect(
        problemsOf({ ...shardedRoom(["alice"], 3), attendees: { names: ["alice"], shards: 3, migrateFromOneStack } }),
      ).toEqual([]);
  });

  it("fails when it is not true or false, or has no shards to move the room into, naming the field", () => {
    expect(
      problemsOf({ organization, attendees: { names: ["alice"], shards: 3, migrateFromOneStack: "yes" } }),
    ).toEqual(['attendees.migrateFromOneStack: must be true or false, but "yes" was provided']);
    expect(problemsOf({ organization, attendees: { names: ["alice"], migrateFromOneStack: true } })).toEqual([
      "attendees.migrateFromOneStack: moves a room deployed as one stack into its " +
        "shards, so it needs attendees.shards; without shards, leave it out",
    ]);
  });
});

describe("attendees.migrateFromShards in the config", () => {
  const moving = (attendees: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    organization,
    attendees: { names: ["alice"], ...attendees },
    ...more,
  });

  it("accepts a whole number from 1 to 100, beside another count of shards or none", () => {
    for (const attendees of [
      { shards: 4, migrateFromShards: 3 },
      { shards: 3, migrateFromShards: 100 },
      { migrateFromShards: 3 },
    ])
      expect(problemsOf(moving(attendees)), JSON.stringify(attendees)).toEqual([]);
    expect(attendeeRoom(validConfig(moving({ migrateFromShards: 3 }))).migrateFromShards).toBe(3);
  });

  it("fails when it is not a whole number from 1 to 100, naming the field", () => {
    for (const migrateFromShards of [0, 101, 2.5, "3", true])
      expect(problemsOf(moving({ shards: 4, migrateFromShards }))).toEqual([
        "attendees.migrateFromShards: must be a whole number from 1 to 100, " +
          `but ${JSON.stringify(migrateFromShards)} was provided`,
      ]);
  });

  it("fails when it is attendees.shards, or beside attendees.migrateFromOneStack, naming the field", () => {
    expect(problemsOf(moving({ shards: 3, migrateFromShards: 3 }))).toEqual([
      "attendees.migrateFromShards: says the room was deployed in 3 shards, as " +
        "many as attendees.shards keeps, so no room moves; leave it out",
    ]);
    expect(problemsOf(moving({ shards: 4, migrateFromShards: 3, migrateFromOneStack: true }))).toEqual([
      "attendees.migrateFromShards: moves a room deployed in shards, and attendees.migrateFromOneStack one " +
        "deployed as one stack; the room was deployed one way, so keep only the one that says how",
    ]);
  });

  it("fails when the state workspace of a shard it moves out of would be too long, naming the state workspace", () => {
    const state = { organization: "acme-admin", workspace: "s".repeat(82) };
    expect(problemsOf(moving({ shards: 9, migrateFromShards: 10 }, { state }))).toEqual([
      "state.workspace: with attendees.migrateFromShards 10, the shards keep their state in workspaces " +
        `named after it, up to "-shard-10" added, 91 characters; workspace names are at most 90, so shorten ` +
        "it",
    ]);
    expect(problemsOf(moving({ shards: 9, migrateFromShards: 8 }, { state }))).toEqual([]);
  });
});

describe("the shard of an attendee", () => {
  it("depends on the name and the count only: adding or removing others never moves an attendee", () => {
    const room = names(500);
    const before = new Map(room.map((name) => [name, shardOf(name, 10)]));
    const grown = attendeeRoom(validConfig(shardedRoom([...room, "latecomer"], 10)));
    const after = roomShards(grown)!;
    for (const [shard, attendees] of after)
      for (const attendee of attendees)
        if (attendee.name !== "latecomer") expect(before.get(attendee.name)).toBe(shard);
  });

  it("spreads a room over every shard, each attendee in exactly one", () => {
    const shards = roomShards(attendeeRoom(validConfig(shardedRoom(names(1000), 10))))!;
    expect([...shards.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const placed = [...shards.values()].flatMap((attendees) => attendees.map((attendee) => attendee.name));
    expect(placed.sort()).toEqual(names(1000));
    for (const attendees of shards.values()) expect(attendees.length).toBeGreaterThan(60);
  });

  it(
    "evens shards out on average only, as the docs say: the largest of " +
      "10 holds 11.5% of the bench's 1,000, of 12 under 10%",
    () => {
      // GIVEN the bench's room of 1,000 names
      const bench = Array.from({ length: 1000 }, (_, index) => `attendee${String(index).padStart(5, "0")}`);
      // WHEN it is spread over 10 and over 12 shards
      const largest = (count: number) => {
        const sizes = new Map<number, number>();
        for (const shard of bench.map((name) => shardOf(name, count))) sizes.set(shard, (sizes.get(shard) ?? 0) + 1);
        return Math.max(...sizes.values());
      };
      // THEN the largest shard is the one the docs name, for each count, where they say when to shard
      expect([largest(10), largest(12)]).toEqual([115, 97]);
      const whenToShard = docText("docs/large-rooms.md").split("\n#### When to shard\n")[1]?.split("\n#### ")[0];
      expect(whenToShard?.replace(/\s+/g, " ")).toContain(
        "of the bench's 1,000 names, the largest of 10 shards holds 115 (11.5% of the " +
          "room, where the mean is 10%), and the largest of 12 shards 97",
      );
    },
  );

  it("moves, from K to K + 1 shards, only the attendees the new shard takes", () => {
    const moved = names(1000).filter((name) => shardOf(name, 11) !== shardOf(name, 10));
    expect(moved.every((name) => shardOf(name, 11) === 11)).toBe(true);
    expect(moved.length).toBeLessThan(150);
  });

  it("moves rooms, between any two counts, out of stacks that gain none: the deploy's two steps suffice", () => {
    // GIVEN a room moving from every count of shards to every other (and to or from one stack)
    const counts = [undefined, ...Array.from({ length: 12 }, (_, index) => index + 1)];
    for (const from of counts)
      for (const to of counts) {
        if (from === to) continue;
        const room = attendeeRoom(
          validConfig({
            organization,
            attendees:
              from === undefined
                ? { names: names(300), shards: to, migrateFromOneStack: true }
                : { names: names(300), shards: to, migrateFromShards: from },
          }),
        );
        // THEN no stack both loses rooms and gains some
        const moves = roomMoves(room);
        expect(
          [...moves.from].filter((place) => moves.to.has(place)),
          `${from} -> ${to}`,
        ).toEqual([]);
      }
  });
});

describe("a sharded room, synthesized", () => {
  it(
    "is 11 stacks for 1,000 attendees in 10 shards, each attendee " + "in exactly one, each stack with its own state",
    () => {
      // GIVEN a room of 1,000 in 10 shards WHEN synthesized
      const stacks = synthesizeAll(shardedRoom(names(1000), 10));
      // THEN the shared stack and ten shards
      expect([...stacks.keys()]).toEqual([
        "aws-workshop",
        ...Array.from({ length: 10 }, (_, index) => `aws-workshop-shard-${index + 1}`),
      ]);
      // AND every attendee's room is in exactly one of them, none in the shared stack
      const rooms = [...stacks.values()].flatMap(attendeesIn);
      expect(rooms.sort()).toEqual(names(1000));
      expect(attendeesIn(stacks.get("aws-workshop")!)).toEqual([]);
      // AND each stack keeps its own local state file
      const backends = [...stacks].map(([id, text]) => [id, (JSON.parse(text) as StackJson).terraform?.backend]);
      expect(backends).toEqual(
        [...stacks.keys()].map((id) => [id, { local: { path: `../../../terraform.${id}.tfstate` } }]),
      );
    },
  );

  it("keeps each shard's state in a Terraform Cloud workspace of its own, named from the state workspace", () => {
    const stacks = synthesizeAll(
      shardedRoom(names(20), 3, { state: { organization: "acme-admin", workspace: "aws-workshop-state" } }),
    );
    const clouds = [...stacks.values()].map((text) => (JSON.parse(text) as StackJson).terraform?.cloud);
    expect(clouds).toEqual(
      [
        "aws-workshop-state",
        "aws-workshop-state-shard-1",
        "aws-workshop-state-shard-2",
        "aws-workshop-state-shard-3",
      ].map((name) => ({
        organization: "acme-admin",
        workspaces: { name },
      })),
    );
  });

  it(
    "keeps the organization, project, workspaces and teams in the shared " +
      "stack, and looks the project up by name in each shard",
    () => {
      const { shared, shards } = workshopStacks(
        Testing.app(),
        validConfig(shardedRoom(names(30), 2, { teams: [{ name: "pipeline", access: { aws_workshop: "write" } }] })),
      );
      expect(Testing.synth(shared)).toHaveResourceWithProperties(Project.tfResourceType, { name: "AWS workshop" });
      expect(Testing.synth(shared)).not.toHaveResourceWithProperties(Workspace.tfResourceType, {
        for_each: expect.anything(),
      });
      const shard = Testing.synth(shards.get(1)!);
      expect(shard).toHaveDataSourceWithProperties(DataTfeProjects.tfResourceType, {
        organization: "acme-aws-workshop",
      });
      // (ProjectLookup's own test checks how the project is picked from the list by name)
      expect(shard).toHaveResourceWithProperties(Workspace.tfResourceType, {
        organization: "acme-aws-workshop",
        project_id: "${local.project_id_639418AC}",
      });
      expect(shard).not.toHaveResourceWithProperties(Project.tfResourceType, {});
      // AND the shards are deployed after the shared stack by cdktf deploy too
      expect(shards.get(1)!.dependencies).toEqual([shared]);
    },
  );

  it(
    "moves a room out of the one stack when migrateFromOneStack says so: " +
      "the shard imports by name, the shared stack forgets",
    () => {
      // GIVEN a room of one attendee with an email and one without, in 1 shard, moving out of the one stack
      const config = {
        organization,
        project: { name: "AWS workshop" },
        attendees: {
          names: [{ name: "alice", email: "alice@example.com" }, "bob"],
          shards: 1,
          migrateFromOneStack: true,
        },
      };
      // WHEN it is synthesized
      const { shared, shards } = workshopStacks(Testing.app(), validConfig(config));
      const sharedJson = JSON.parse(Testing.synth(shared)) as StackJson;
      const shardJson = JSON.parse(Testing.synth(shards.get(1)!)) as StackJson;
      // THEN the shard imports each workspace (and its settings), team and membership by the ids tfe
      // 0.71.0 takes by name
      const imports = (shardJson.import ?? [])
        .map((block) => `${block.to.replace(/_[0-9A-F]{8}\[/, "[")} <- ${block.id}`)
        .sort();
      expect(imports).toEqual([
        'tfe_organization_membership.attendees_memberships["alice"] <- acme-aws-workshop/alice@example.com',
        'tfe_team.attendees_teams["alice"] <- acme-aws-workshop/aws_workshop-alice',
        'tfe_team.attendees_teams["bob"] <- acme-aws-workshop/aws_workshop-bob',
        'tfe_team_organization_member.attendees_team-memberships["alice"] <- ' +
          "acme-aws-workshop/alice@example.com/aws_workshop-alice",
        'tfe_workspace.attendees_workspaces["alice"] <- acme-aws-workshop/aws_workshop-alice',
        'tfe_workspace.attendees_workspaces["bob"] <- acme-aws-workshop/aws_workshop-bob',
        'tfe_workspace_settings.attendees_settings["alice"] <- acme-aws-workshop/aws_workshop-alice',
        'tfe_workspace_settings.attendees_settings["bob"] <- acme-aws-workshop/aws_workshop-bob',
      ]);
      // AND the shared stack forgets each of those instances, never the tokens or the accesses,
      // which its deploy deletes
      expect(forgottenIn(sharedJson)).toEqual([
        'tfe_organization_membership.attendees_memberships["alice"]',
        'tfe_team.attendees_teams["alice"]',
        'tfe_team.attendees_teams["bob"]',
        'tfe_team_organization_member.attendees_team-memberships["alice"]',
        'tfe_workspace.attendees_workspaces["alice"]',
        'tfe_workspace.attendees_workspaces["bob"]',
        'tfe_workspace_settings.attendees_settings["alice"]',
        'tfe_workspace_settings.attendees_settings["bob"]',
      ]);
      // AND each forgotten resource is the shard's own
      for (const block of sharedJson.moved ?? []) {
        const [type, name] = block.from.replace(/\[.*$/, "").split(".");
        expect(shardJson.resource?.[type!]?.[name!], block.from).toBeDefined();
      }
    },
  );

  describe("moving a room between counts of shards, or into one stack, with migrateFromShards", () => {
    const room = names(40).map((name, index) => (index % 2 === 0 ? { name, email: `${name}@example.com` } : name));
    const nameOf = (attendee: (typeof room)[number]) => (typeof attendee === "string" ? attendee : attendee.name);
    const config = (attendees: Record<string, unknown>) => ({
      organization,
      project: { name: "AWS workshop" },
      attendees: { names: room, ...attendees },
    });
    /** A stack's JSON without the blocks a migration adds: what the config without the migration synthesizes. */
    const withoutMigration = (text: string) => {
      const { moved: _moved, removed: _removed, import: _import, ...rest } = JSON.parse(text) as StackJson;
      return rest;
    };
    const importedIn = (text: string) =>
      (JSON.parse(text) as StackJson).import?.map((block) => block.to.replace(/_[0-9A-F]{8}\[/, "[")).sort() ?? [];
    /** What a stack forgets (or imports) for these attendees: their workspace, settings, team and memberships. */
    const objectsOf = (attendees: readonly (typeof room)[number][]) =>
      attendees.flatMap((attendee) => movedObjects(nameOf(attendee), typeof attendee !== "string")).sort();

    it(
      "from 3 to 4 shards: each old shard forgets exactly the rooms " +
        "shard 4 takes, which imports them; nothing else changes",
      () => {
        // GIVEN a room deployed in 3 shards, and the config moving it into 4
        const before = synthesizeAll(config({ shards: 3 }));
        // WHEN the migration is synthesized, and the same count without it
        const migrating = synthesizeAll(config({ shards: 4, migrateFromShards: 3 }));
        const after = synthesizeAll(config({ shards: 4 }));
        // THEN the stacks are those of 4 shards, with blocks added and nothing else
        expect([...migrating.keys()]).toEqual([...after.keys()]);
        for (const [id, text] of migrating) expect(withoutMigration(text), id).toEqual(JSON.parse(after.get(id)!));
        // AND the shared stack is the one deployed, byte for byte
        expect(migrating.get("aws-workshop")).toBe(before.get("aws-workshop"));
        // AND each old shard forgets exactly its attendees that shard 4 takes, and imports nothing
        const leavers = room.filter((attendee) => shardOf(nameOf(attendee), 4) === 4);
        expect(leavers.length).toBeGreaterThan(0);
        for (const shard of [1, 2, 3]) {
          const id = `aws-workshop-shard-${shard}`;
          const json = JSON.parse(migrating.get(id)!) as StackJson;
          expect(forgottenIn(json), id).toEqual(
            objectsOf(leavers.filter((attendee) => shardOf(nameOf(attendee), 3) === shard)),
          );
          expect(json.import, id).toBeUndefined();
        }
        // AND shard 4 imports exactly them, and forgets nothing
        expect(importedIn(migrating.get("aws-workshop-shard-4")!)).toEqual(objectsOf(leavers));
        expect(forgottenIn(JSON.parse(migrating.get("aws-workshop-shard-4")!) as StackJson)).toEqual([]);
      },
    );

    it("synthesizes every stack of a move byte for byte the same whatever the order of attendees.names", () => {
      // GIVEN the room's names in two orders
      const reversed = [...room].reverse();
      for (const move of [
        { shards: 4, migrateFromShards: 3 },
        { migrateFromShards: 3 },
        { shards: 3, migrateFromOneStack: true },
      ]) {
        // WHEN each move is synthesized from both
        const inOrder = synthesizeAll(config(move));
        const backwards = synthesizeAll({ ...config(move), attendees: { names: reversed, ...move } });
        // THEN every stack is identical
        expect([...backwards.keys()]).toEqual([...inOrder.keys()]);
        for (const [id, text] of inOrder) expect(backwards.get(id), `${JSON.stringify(move)} ${id}`).toBe(text);
      }
    });

    it("from 4 to 3 shards: shard 4 forgets every room it had, and the shards they go back to import them", () => {
      const migrating = synthesizeAll(config({ shards: 3, migrateFromShards: 4 }));
      const after = synthesizeAll(config({ shards: 3 }));
      // THEN shard 4 is still synthesized, with no room, forgetting each of its attendees
      expect([...migrating.keys()]).toEqual([...after.keys(), "aws-workshop-shard-4"]);
      const leavers = room.filter((attendee) => shardOf(nameOf(attendee), 4) === 4);
      const retired = JSON.parse(migrating.get("aws-workshop-shard-4")!) as StackJson;
      expect(forgottenIn(retired)).toEqual(objectsOf(leavers));
      expect(retired.resource).toEqual(GUARD_ALONE);
      // AND each of the 3 shards imports those it takes back, with no other change
      for (const shard of [1, 2, 3]) {
        const id = `aws-workshop-shard-${shard}`;
        expect(withoutMigration(migrating.get(id)!), id).toEqual(JSON.parse(after.get(id)!));
        expect(importedIn(migrating.get(id)!), id).toEqual(
          objectsOf(leavers.filter((attendee) => shardOf(nameOf(attendee), 3) === shard)),
        );
      }
      // AND cdktf deploy '*' deploys shard 4 before the shards that import from it
      const { shards } = workshopStacks(Testing.app(), validConfig(config({ shards: 3, migrateFromShards: 4 })));
      expect(shards.get(1)!.dependencies).toContain(shards.get(4));
    });

    it("is what docs/large-rooms.md shows: its config is valid, its blocks are what a leaving room gets", () => {
      const section = docText("docs/large-rooms.md").split("### Changing the count of shards, or turning them off")[1]!;
      const [json, hcl] = [/```json\n([\s\S]*?)```/, /```hcl\n([\s\S]*?)```/].map((fence) => fence.exec(section)![1]!);
      expect(problemsOf(JSON.parse(json!))).toEqual([]);
      const { shards } = workshopStacks(Testing.app(), validConfig(config({ shards: 4, migrateFromShards: 3 })));
      const leaving = [...shards.values()]
        .flatMap((stack) => stack.node.findAll())
        .find((node): node is ForgetInstance => node instanceof ForgetInstance && node.from.startsWith("tfe_team."))!;
      const key = /\["(.*)"\]$/.exec(leaving.from)![1]!;
      expect(leaving.toHcl().trim()).toBe(hcl!.trim().replaceAll('"bob"', `"${key}"`).replaceAll("--bob", `--${key}`));
    });

    it("turning shards off: every shard forgets its rooms, and the one stack imports them all", () => {
      const migrating = synthesizeAll(config({ migrateFromShards: 3 }));
      const oneStack = synthesizeAll(config({}));
      expect([...migrating.keys()]).toEqual([
        "aws-workshop",
        "aws-workshop-shard-1",
        "aws-workshop-shard-2",
        "aws-workshop-shard-3",
      ]);
      expect(withoutMigration(migrating.get("aws-workshop")!)).toEqual(JSON.parse(oneStack.get("aws-workshop")!));
      expect(importedIn(migrating.get("aws-workshop")!)).toEqual(objectsOf(room));
      for (const shard of [1, 2, 3]) {
        const json = JSON.parse(migrating.get(`aws-workshop-shard-${shard}`)!) as StackJson;
        expect(forgottenIn(json)).toEqual(objectsOf(room.filter((attendee) => shardOf(nameOf(attendee), 3) === shard)));
        expect(json.resource).toEqual(GUARD_ALONE);
      }
      // AND cdktf deploy '*' deploys the shards, which forget, before the one stack, which imports
      const { shared, shards } = workshopStacks(Testing.app(), validConfig(config({ migrateFromShards: 3 })));
      const ids = (stacks: readonly { readonly node: { readonly id: string } }[]) =>
        stacks.map((stack) => stack.node.id);
      expect(ids(shared.dependencies)).toEqual(ids([...shards.values()]));
      for (const shard of shards.values()) expect(shard.dependencies).toEqual([]);
    });
  });

  it("changes exactly one shard's stack, byte for byte, for a late attendee or a no-show", () => {
    const room = names(1000);
    const before = synthesizeAll(shardedRoom(room, 10));
    for (const changed of [[...room, "latecomer"], room.filter((name) => name !== "attendee0421")]) {
      const after = synthesizeAll(shardedRoom(changed, 10));
      const differing = [...after.keys()].filter((id) => after.get(id) !== before.get(id));
      expect(differing).toHaveLength(1);
      expect(differing[0]).toMatch(/^aws-workshop-shard-\d+$/);
    }
  });

  it(
    "synthesizes an empty shard as a stack with its state and its destroy guard, nothing " +
      "else, so that it deletes what its last attendee had and keeps the guard",
    () => {
      const stacks = synthesizeAll(shardedRoom(["alice"], 3));
      const empty = [...stacks].filter(([id, text]) => id !== "aws-workshop" && attendeesIn(text).length === 0);
      expect(empty).toHaveLength(2);
      for (const [, text] of empty) expect((JSON.parse(text) as StackJson).resource).toEqual(GUARD_ALONE);
    },
  );

  it("synthesizes a room without shards exactly as before shards existed", () => {
    const unsharded = { organization, project: { name: "AWS workshop" }, attendees: { names: names(20) } };
    const stacks = synthesizeAll(unsharded);
    expect([...stacks.keys()]).toEqual(["aws-workshop"]);
    expect(stacks.get("aws-workshop")).toBe(synthesize(unsharded).text);
  });
});

describe("the policy over a sharded room", () => {
  it("passes the shards' workspaces, in the project they look up, and reports each shard's local state", () => {
    const config = validConfig(shardedRoom(names(10), 2));
    const { shared, shards } = workshopStacks(Testing.app(), config);
    const report = checkPolicy([shared, ...shards.values()], config, NOW);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((finding) => `${finding.rule.id} ${finding.element.path}`)).toEqual([
      "local-state-holds-tokens aws-workshop-shard-1/backend",
      "local-state-holds-tokens aws-workshop-shard-2/backend",
    ]);
  });

  it("lets an acknowledgement of the room cover it in every shard, and reports one that matches nowhere once", () => {
    const acknowledge = [
      {
        rule: "admin-workspace-access",
        resource: "aws-workshop/attendees/access",
        reason: "attendees manage their own workspace",
      },
      { rule: "admin-workspace-access", resource: "aws-workshop/nothing-here", reason: "a stale acknowledgement" },
    ];
    const config = validConfig({
      ...shardedRoom(names(10), 2, { acknowledge }),
      attendees: { names: names(10), shards: 2, access: "admin" },
    });
    const { shared, shards } = workshopStacks(Testing.app(), config);
    const report = checkPolicy([shared, ...shards.values()], config, NOW);
    const acknowledged = report.findings
      .filter((finding) => finding.acknowledgement !== undefined)
      .map((finding) => finding.element.path);
    expect(acknowledged).toEqual(["aws-workshop-shard-1/attendees/access", "aws-workshop-shard-2/attendees/access"]);
    expect(report.unusedAcknowledgements).toEqual([acknowledge[1]]);
  });
});

describe("the stacks' own checks", () => {
  it("never run terraform: a stack with a rotating expiry validates where no terraform is on the PATH", () => {
    const { shared, shards } = workshopStacks(
      Testing.app(),
      validConfig({
        ...shardedRoom(["alice"], 1),
        teams: [
          { name: "pipeline", access: { aws_workshop: "write" }, token: { description: "pipeline", rotationDays: 30 } },
        ],
      }),
    );
    const path = process.env.PATH;
    process.env.PATH = "";
    try {
      for (const stack of [shared, ...shards.values()]) expect(() => stack.runAllValidations()).not.toThrow();
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("the bench's measures of a sharded room (bench/shard-measures.ts)", () => {
  /** A room of 41 attendees, the first with an email, synthesized in one stack and in 3 shards. */
  const measuredRoom = () => {
    const room = [{ name: "attendee0000", email: "attendee0000@example.com" }, ...names(41).slice(1)];
    const [oneStack] = synthesizeAll({ organization, project: { name: "AWS workshop" }, attendees: room }).values();
    const sharded = [...synthesizeAll(shardedRoom(room, 3)).values()].map((text) => JSON.parse(text) as StackJson);
    return { oneStack: JSON.parse(oneStack!) as StackJson, shared: sharded[0]!, shards: sharded.slice(1) };
  };

  it(
    "counts each room from its own stacks: every instance, and " + "the requests of tfe_* reads and project lookups",
    () => {
      // GIVEN the room in one stack and in 3 shards of 12, 14 (the attendee with an email among them) and 15 attendees
      const { oneStack, shared, shards } = measuredRoom();
      const sizes = [...roomShards(attendeeRoom(validConfig(shardedRoom(names(41), 3))))!.values()].map(
        (s) => s.length,
      );
      expect([sizes, shardOf("attendee0000", 3)]).toEqual([[12, 14, 15], 2]);
      // WHEN the bench measures them
      const measures = shardMeasures(oneStack, shared, shards);
      // THEN an attendee is 5 instances (with an email, 2 more: the memberships), each a read; a shard adds its
      // rotation's 2 and its destroy guard, which ask nothing, and its project lookup asks 1 (one page of the
      // organization's 2 projects, the room's and the default); the shared stack's 5 (organization, project and its
      // settings, aws_workshop and its settings) are reads
      expect(measures).toEqual({
        attendees: 41,
        shards: 3,
        oneStack: { instances: 5 * 41 + 2 + 2 + 5, requests: 5 * 41 + 2 + 5 },
        sharded: { instances: 5 + 63 + 75 + 78, requests: 5 + 61 + 73 + 76 },
        shared: { instances: 5, requests: 5 },
        meanShard: { instances: (63 + 75 + 78) / 3, requests: (61 + 73 + 76) / 3 },
        largestShard: { instances: 15 * 5 + 2 + 1, requests: 15 * 5 + 1, attendees: 15 },
      });
    },
  );

  it("measures the figures the docs give for when to shard, for the bench's 1,000 names", () => {
    // GIVEN the bench's room of 1,000 names, in one stack, in 10 shards and in 12
    const bench = Array.from({ length: 1000 }, (_, index) => `attendee${String(index).padStart(5, "0")}`);
    const stacksIn = (shards: number) => {
      const stacks = [...synthesizeAll(shardedRoom(bench, shards)).values()].map(
        (text) => JSON.parse(text) as StackJson,
      );
      return { shared: stacks[0]!, shards: stacks.slice(1) };
    };
    const oneStack = synthesize({ organization, project: { name: "AWS workshop" }, attendees: bench }).stack;
    // WHEN the bench measures them
    const measured = (shards: number) => {
      const { shared, shards: stacks } = stacksIn(shards);
      return shardMeasures(oneStack, shared, stacks);
    };
    const [ten, twelve] = [measured(10), measured(12)];
    const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(2)}%`;
    // THEN they are the docs' figures, which say when to shard
    expect({
      oneStack: ten.oneStack,
      meanOfTen: [ten.meanShard.instances, percent(ten.meanShard.instances, ten.oneStack.instances)],
      largestOfTwelve: [twelve.largestShard.instances, twelve.largestShard.requests],
    }).toEqual({
      oneStack: { instances: 5007, requests: 5005 },
      meanOfTen: [503, "10.05%"],
      largestOfTwelve: [488, 486],
    });
    const whenToShard = docText("docs/large-rooms.md").split("\n#### When to shard\n")[1]?.split("\n#### ")[0];
    for (const figure of [
      "One stack of 1,000 attendees is 5,007 instances",
      "the largest of 12 is 488 instances, 9.7% of the 5,007 of the same room in one stack",
      "in requests 486, 9.7% of the same room's 5,005",
      "At 10 shards even the mean shard is 503 instances, 10.05%",
    ])
      expect(whenToShard?.replace(/\s+/g, " ")).toContain(figure);
  });

  it("fails when a stack holds a resource type or a data source whose requests the bench does not know", () => {
    // GIVEN the measured room, a shard given a null_resource, and the shared stack a data source of its organization
    const { oneStack, shared, shards } = measuredRoom();
    const withResource = { ...shards[0]!, resource: { ...shards[0]!.resource, null_resource: { x: {} } } };
    const withData = { ...shared, data: { tfe_organization: { x: {} } } };
    // WHEN the bench measures each, THEN it refuses to guess, naming the type
    expect(() => shardMeasures(oneStack, shared, [withResource, ...shards.slice(1)])).toThrow(
      "the bench does not know whether refreshing a null_resource asks Terraform Cloud",
    );
    expect(() => shardMeasures(oneStack, withData, shards)).toThrow(
      "the bench does not know what a data source tfe_organization asks of Terraform Cloud",
    );
  });
});

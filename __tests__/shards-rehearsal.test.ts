import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { preflight } from "../commands/preflight";
import { rehearse } from "../commands/rehearse";
import { status } from "../commands/status";
import { verify } from "../commands/verify";
import { docText } from "./docs";
import { exampleConfigJson } from "./support";
import {
  capture,
  configFile,
  deployedSeed,
  ignoringRepository,
  scratchDirectory,
  sourced,
} from "./workshop-day-support";

const directory = ignoringRepository(scratchDirectory());
const NOW = new Date("2026-11-30T08:00:00Z");
/**
 * Preflight's shards line against a rehearsal: nothing was deployed from this machine, so a deploy from it would plan
 * every shard, whose rooms the states hold already.
 */
const EVERY_SHARD_PLANNED =
  "ok      shards: the deploy plans 3 of 3 shards: not recorded as deployed from this machine: aws-workshop-shard-1, " +
  "aws-workshop-shard-2, aws-workshop-shard-3";

/** A room of six in three shards, with the workshop's project. */
const room = {
  organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
  project: { name: "AWS workshop" },
  attendees: { names: ["alice", "bob", "carol", "dave", "erin", "frank"], shards: 3 },
};

/** What a command printed and its exit code. */
interface Ran {
  readonly code: number;
  readonly lines: readonly string[];
}

/**
 * Rehearses a config into `out` and, while it serves, runs preflight, verify (on the rehearsal's outputs file) and
 * status with what its env file sets, on the config `then` when given (the facilitator's edit after the deploy).
 */
async function rehearsedDay(config: unknown, name: string, then?: unknown, deployed = true) {
  const out = join(directory, name, "rehearsal");
  mkdirSync(join(directory, name), { recursive: true });
  const file = configFile(join(directory, name), "room.json", config);
  const captured = capture(directory);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const ran = new Map<string, Ran>();
  const code = await rehearse({
    now: NOW,
    deployed,
    env: { WORKSHOP_CONFIG: file, CDKTF_OUTDIR: join(directory, name, "cdktf.out") },
    out,
    cwd: directory,
    ...captured.options,
    stop: stopped,
    started: async () => {
      try {
        if (then !== undefined) configFile(join(directory, name), "room.json", then);
        const env = sourced(join(out, "env"));
        for (const [command, run] of [
          ["preflight", preflight],
          [
            "verify",
            (options: Parameters<typeof verify>[0]) => verify({ ...options, outputsFile: join(out, "outputs.json") }),
          ],
          ["status", status],
        ] as const) {
          const lines = capture(directory);
          ran.set(command, { code: await run({ env, now: NOW, ...lines.options }), lines: lines.printed });
        }
      } finally {
        stop();
      }
    },
  });
  return { code, out, ran, printed: captured.printed };
}

describe("npm run rehearse of a sharded room", () => {
  it(
    "writes every shard's pretend state beside the shared one, " + "and preflight then reads the room as deployed",
    async () => {
      // GIVEN the room rehearsed WHEN preflight runs against it, with what its env file sets
      const { code, out, ran } = await rehearsedDay(room, "local");
      expect(code).toBe(0);
      for (const shard of [1, 2, 3])
        expect(existsSync(join(out, `terraform.aws-workshop-shard-${shard}.tfstate`))).toBe(true);
      // THEN every shard's state is read, the room is managed by them, and nothing is in the way
      const checked = ran.get("preflight");
      // AND, as for the shared state's file, the line says that the shards' files hold the tokens in plain text
      expect(checked?.lines).toContain(
        "ok      state of the shards: 3 shards, each in a state of its own: 6 workspaces and 6 teams managed by " +
          "them; their local files hold the tokens in plain text, keep them private",
      );
      expect(checked?.lines).toContain(EVERY_SHARD_PLANNED);
      expect(checked?.lines.at(-1)).toBe("Ready to deploy.");
      expect(checked?.code).toBe(0);
    },
  );

  it("names the room's attendees and shards in its first line", async () => {
    // GIVEN the room of 6 in 3 shards WHEN rehearsed
    const { printed } = await rehearsedDay(room, "first-line");
    // THEN the first line counts what it seeded, then the attendees and their shards
    expect(printed[0]).toMatch(
      /seeded as right after the deploy: 7 workspaces, 6 teams, 6 tokens \(6 attendees in 3 shards\)\.$/,
    );
  });

  it(
    "serves each shard's state workspace with state in Terraform " +
      "Cloud, so the day's commands read the room as deployed",
    async () => {
      // GIVEN the room rehearsed with its state in workspaces of the facilitator's admin organization
      const inCloud = { ...room, state: { organization: "acme-admin", workspace: "room-state" } };
      const { code, out, ran } = await rehearsedDay(inCloud, "cloud");
      expect(code).toBe(0);
      // THEN no state is written locally: the stand-in serves room-state and room-state-shard-1 to -3
      expect(existsSync(join(out, "terraform.aws-workshop-shard-1.tfstate"))).toBe(false);
      const checked = ran.get("preflight");
      expect(checked?.lines.slice(1, 3)).toEqual([
        "ok      state: the Terraform Cloud workspace acme-admin/room-state on " +
          "app.terraform.io: 1 workspace and 0 teams managed by stack aws-workshop",
        "ok      state of the shards: 3 shards, each in a state of its own: 6 workspaces and 6 teams managed by them",
      ]);
      expect(checked?.lines).toContain(EVERY_SHARD_PLANNED);
      expect(checked?.lines.at(-1)).toBe("Ready to deploy.");
      expect(checked?.code).toBe(0);
      // AND verify checks every attendee's token of every shard, and status lists every attendee
      expect(ran.get("verify")?.lines.at(-1)).toBe("6 tokens checked: 6 passed, 0 failed.");
      expect(ran.get("verify")?.code).toBe(0);
      expect(ran.get("status")?.lines.at(-1)).toBe(
        "7 workspaces, 0 of 0 invited attendees joined, 0 with state, none managing resources.",
      );
      expect(ran.get("status")?.code).toBe(0);
    },
  );
});

describe("docs/large-rooms.md's rehearsal of a sharded room", () => {
  it("prints what the page says, for a copy of workshop.config.json with 40 attendees in 3 shards", async () => {
    // GIVEN the page's room40.json
    const page = docText("docs/large-rooms.md");
    const room40 = {
      ...exampleConfigJson(),
      attendees: { names: Array.from({ length: 40 }, (_, index) => `att${String(index + 1).padStart(2, "0")}`) },
    };
    (room40.attendees as Record<string, unknown>).shards = 3;
    // WHEN rehearsed, and preflight and verify run against it
    const { code, printed, ran } = await rehearsedDay(room40, "room40");
    // THEN the first line, preflight's line of the shards, its verdict and verify's count are the page's
    expect(code).toBe(0);
    const quoted = (start: string) => page.match(new RegExp(`\`(${start}[^\`]*)\``))![1]!.replace(/\s+/g, " ");
    expect(printed[0]!.endsWith(quoted("\\.\\.\\. 41 workspaces").slice(4))).toBe(true);
    expect(ran.get("preflight")?.lines).toContain(quoted("ok      state of the shards").replace("ok ", "ok      "));
    expect(ran.get("preflight")?.lines.at(-1)).toBe("Ready to deploy.");
    expect(ran.get("verify")?.lines.at(-1)).toBe("41 tokens checked: 41 passed, 0 failed.");
  });
});

describe("a rehearsal after a rehearsal of a sharded room, in the same directory", () => {
  const shardStates = (out: string) => readdirSync(out).filter((name) => name.includes("-shard-"));
  const oneStack = { ...room, attendees: { names: room.attendees.names } };

  for (const deployed of [true, false])
    it(`removes the shard states it wrote before, seeded ${deployed ? "as deployed" : "--not-deployed"}`, async () => {
      // GIVEN the room rehearsed in 3 shards, which wrote each shard's state
      const name = `one-stack-then-${deployed}`;
      const { out } = await rehearsedDay(room, name);
      expect(shardStates(out)).toHaveLength(3);
      // WHEN the room without shards is rehearsed into the same directory, and preflight runs against it
      const { code, ran } = await rehearsedDay(oneStack, name, undefined, deployed);
      // THEN no shard's state is left, and preflight neither reads shards nor blocks on them
      expect(code).toBe(0);
      expect(shardStates(out)).toEqual([]);
      const checked = ran.get("preflight");
      expect(checked?.lines.filter((line) => /shard|BLOCKER|removals/.test(line))).toEqual([]);
      expect(checked?.lines.at(-1)).toMatch(deployed ? /^Ready to deploy\.$/ : /^No blocker, /);
      expect(checked?.code).toBe(0);
    });

  it("removes only the shard states a rehearsal wrote: never a link, another state or any other file", async () => {
    // GIVEN a rehearsal of 3 shards, and beside its states a link, a state no rehearsal wrote and a file of the user's
    const name = "only-its-own";
    const { out } = await rehearsedDay(room, name);
    const elsewhere = join(directory, name, "elsewhere.tfstate");
    copyFileSync(join(out, "terraform.aws-workshop-shard-3.tfstate"), elsewhere);
    symlinkSync(elsewhere, join(out, "terraform.aws-workshop-shard-4.tfstate"));
    writeFileSync(join(out, "terraform.aws-workshop-shard-5.tfstate"), '{"lineage":"a real deploy"}');
    writeFileSync(join(out, "terraform.aws-workshop-shard-x.tfstate"), "notes");
    // WHEN a room of 2 shards is rehearsed there
    const { code } = await rehearsedDay({ ...room, attendees: { ...room.attendees, shards: 2 } }, name);
    // THEN shard 3's state is gone, and what no rehearsal wrote is where it was, the file behind the link too
    expect(code).toBe(0);
    expect(shardStates(out)).toEqual([
      "terraform.aws-workshop-shard-1.tfstate",
      "terraform.aws-workshop-shard-2.tfstate",
      "terraform.aws-workshop-shard-4.tfstate",
      "terraform.aws-workshop-shard-5.tfstate",
      "terraform.aws-workshop-shard-x.tfstate",
    ]);
    expect(existsSync(elsewhere)).toBe(true);
  });
});

describe("a change of the count of shards of a room rehearsed with state in Terraform Cloud", () => {
  // The audit's room: 60 attendees in 12 shards, each shard's state in acme-admin/room-state-shard-N
  const deployed = {
    ...room,
    attendees: { names: Array.from({ length: 60 }, (_, index) => `attendee${index + 1}`), shards: 12 },
    state: { organization: "acme-admin", workspace: "room-state" },
  };
  const without = (config: typeof deployed) => ({ ...config, attendees: { names: config.attendees.names } });
  const BLOCKER = (to: string, count: number, first: string) =>
    `BLOCKER attendees.shards: ${count} attendees' rooms are deployed in another stack than this config ` +
    `puts them in (${first}, ${to}): a deploy cannot move a room, it would create it again in its new ` +
    "stack, under names Terraform Cloud has taken, and delete it where it is. Fix: keep attendees.shards " +
    "as the room was deployed (12), or move it with attendees.migrateFromShards 12 (docs/large-rooms.md)";

  for (const { name, then, line } of [
    {
      name:
        "fails on fewer shards, finding the state workspaces beyond the " +
        "config's count, in one line naming attendees.shards and 12",
      then: { ...deployed, attendees: { ...deployed.attendees, shards: 10 } },
      line: BLOCKER("now aws-workshop-shard-3", 12, "attendee20 in aws-workshop-shard-11"),
    },
    {
      name:
        "fails on shards turned off, finding every shard's state " +
        "workspace, in one line naming attendees.shards and 12",
      then: without(deployed),
      line: BLOCKER("now aws-workshop", 60, "attendee11 in aws-workshop-shard-1"),
    },
  ])
    it(name, async () => {
      // GIVEN the room rehearsed as deployed in 12 shards WHEN preflight runs on the changed config
      const { ran } = await rehearsedDay(deployed, name.split(",")[0]!.replace(/\W+/g, "-"), then);
      const checked = ran.get("preflight");
      // THEN the one blocker is the change of attendees.shards, with the count deployed and the migration
      expect(checked?.lines.filter((line) => line.startsWith("BLOCKER"))).toEqual([line]);
      expect(checked?.lines.join("\n")).not.toMatch(/import\.workspaces|without state yet/);
      expect(checked?.lines.at(-1)).toBe("1 blocker: fix it before deploying.");
      expect(checked?.code).toBe(1);
    });
});

describe("the rehearsal of a move to fewer shards, with state in Terraform Cloud", () => {
  it("serves the state workspace of every shard the move still synthesizes, those it drops too", () => {
    // GIVEN a room of 3 shards moving into 2, its state in Terraform Cloud
    const json = {
      ...room,
      attendees: { ...room.attendees, shards: 2, migrateFromShards: 3 },
      state: { organization: "acme-admin", workspace: "room-state" },
    };
    // WHEN it is rehearsed
    const { seed: seeded } = deployedSeed(json, { now: NOW });
    // THEN the stand-in holds the shared state workspace and shard 3's beside shards 1 and 2
    const held = seeded.organizations.find((organization) => organization.name === "acme-admin")?.workspaces;
    expect(held?.map((workspace) => workspace.name)).toEqual([
      "room-state",
      "room-state-shard-1",
      "room-state-shard-2",
      "room-state-shard-3",
    ]);
  });
});

describe("the teardown of a sharded room", () => {
  // The teardown's attendees as docs/operations.md, "After the workshop", gives them for a sharded room
  const documented = JSON.parse(
    `{${docText("docs/operations.md").match(/`("attendees": \{ "names": \[\], "shards": 3 \})`/)![1]!}}`,
  ) as { attendees: unknown };

  it(
    'fails when "attendees": [] leaves the rooms in shards no stack of the config has, naming the ' +
      "documented fix, and counts none of them removed",
    async () => {
      // GIVEN the room of 6 in 3 shards rehearsed WHEN preflight runs with "attendees": []
      const { ran } = await rehearsedDay(room, "teardown-without-shards", { ...room, attendees: [] });
      const checked = ran.get("preflight")!;
      // THEN one blocker says the config removes the rooms, which no stack of it holds, and gives the docs' shape
      expect(checked.lines.filter((line) => line.startsWith("BLOCKER"))).toEqual([
        "BLOCKER attendees.shards: 6 attendees' rooms this config removes are deployed in shards it no longer " +
          "has (erin in aws-workshop-shard-1): no stack of this config holds them, so this deploy would not " +
          "remove them, and their tokens stay valid. Fix: keep attendees.shards as the room was deployed (3) so " +
          'that each shard\'s deploy removes its rooms: "attendees": { "names": [], "shards": 3 } ' +
          "(docs/operations.md, After the workshop)",
      ]);
      // AND no line says a move, nor counts the rooms as removed by this deploy
      expect(checked.lines.join("\n")).not.toMatch(/migrateFromShards|removals:/);
      expect(checked.code).toBe(1);
    },
  );

  it("is ready with the docs' attendees, each shard's deploy removing its rooms", async () => {
    // GIVEN the room rehearsed WHEN preflight runs with the documented teardown's attendees
    const { ran } = await rehearsedDay(room, "teardown-with-shards", { ...room, ...documented });
    const checked = ran.get("preflight")!;
    // THEN every room is counted removed, and nothing is in the way
    const five = "aws_workshop-alice, aws_workshop-bob, aws_workshop-carol, aws_workshop-dave, aws_workshop-erin";
    expect(checked.lines).toContain(
      `ok      removals: 6 workspaces without state (${five}, and 1 more) and 6 teams (${five}, and 1 more) ` +
        "removed by this deploy",
    );
    expect(checked.lines.join("\n")).not.toMatch(/one stack suffices|BLOCKER/);
    expect(checked.lines.at(-1)).toBe("Ready to deploy.");
    expect(checked.code).toBe(0);
  });
});

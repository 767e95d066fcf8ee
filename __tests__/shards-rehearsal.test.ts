import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { preflight } from "../commands/preflight";
import { rehearse } from "../commands/rehearse";
import { capture, configFile, ignoringRepository, scratchDirectory, sourced } from "./workshop-day-support";

const directory = ignoringRepository(scratchDirectory());

/** A room of six in three shards, with the workshop's project. */
const room = {
  organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
  project: { name: "AWS workshop" },
  attendees: { names: ["alice", "bob", "carol", "dave", "erin", "frank"], shards: 3 },
};

describe("npm run rehearse of a sharded room", () => {
  it("writes every shard's pretend state beside the shared one, and preflight then reads the room as deployed", async () => {
    // GIVEN the room rehearsed
    const out = join(directory, "rehearsal");
    mkdirSync(directory, { recursive: true });
    const file = configFile(directory, "room.json", room);
    const captured = capture(directory);
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let checked: { code: number; lines: string[] } | undefined;
    const code = await rehearse({
      now: new Date("2026-11-30T08:00:00Z"),
      env: { WORKSHOP_CONFIG: file, CDKTF_OUTDIR: join(directory, "cdktf.out") },
      out,
      cwd: directory,
      ...captured.options,
      stop: stopped,
      started: async () => {
        try {
          // WHEN preflight runs against it, with what its env file sets
          const lines = capture(directory);
          const preflightCode = await preflight({
            env: sourced(join(out, "env")),
            now: new Date("2026-11-30T08:00:00Z"),
            ...lines.options,
          });
          checked = { code: preflightCode, lines: lines.printed };
        } finally {
          stop();
        }
      },
    });
    expect(code).toBe(0);
    for (const shard of [1, 2, 3])
      expect(existsSync(join(out, `terraform.aws-workshop-shard-${shard}.tfstate`))).toBe(true);
    // THEN every shard's state is read, the room is managed by them, and nothing is in the way
    expect(checked?.lines).toContain(
      "ok      state of the shards: 3 shards, each in a state of its own: 6 workspaces and 6 teams managed by them",
    );
    expect(checked?.lines).toContain("ok      shards: no shard of the 3 gains or loses an attendee");
    expect(checked?.lines.at(-1)).toBe("Ready to deploy.");
    expect(checked?.code).toBe(0);
  });
});

import { Organization } from "@cdktf/provider-tfe/lib/organization";
import { Team } from "@cdktf/provider-tfe/lib/team";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagram } from "../commands/diagram";
import { removeStaleStacks } from "../commands/stale-stacks";
import { synth } from "../commands/synth";
import { run, type Run } from "./cli";
import { exampleConfigJson } from "./support";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs a command of the README (the synth by default) as a user would, with the config and output directory given. */
function runSynth(configFile: string, outdir: string): Promise<Run> {
  return run("node", [join("bin", "synth.js")], { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: outdir });
}

/** Every file under a directory with its bytes and modification time, to prove nothing was touched. */
function snapshotTree(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(directory, path)] = `${statSync(path).mtimeMs}:${readFileSync(path, "base64")}`;
  }
  return files;
}

/** The example config with its token expiring some days from the real clock, and any acknowledgements. */
function exampleExpiringIn(days: number, acknowledge: unknown[] = []) {
  const config: Record<string, unknown> = { ...exampleConfigJson(), acknowledge };
  (config.teams as Array<{ token: { expiresAt: string } }>)[0]!.token.expiresAt = new Date(
    Date.now() + days * DAY_MS,
  ).toISOString();
  return config;
}

describe("the synth command", () => {
  const directory = mkdtempSync(join(tmpdir(), "workshop-synth-"));
  const outdir = join(directory, "cdktf.out");
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const file = (name: string, json: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };

  // GIVEN configs for every outcome
  const bad = exampleConfigJson();
  (bad.teams as Array<{ access: Record<string, string> }>)[0]!.access = { aws_workshop: "superuser" };
  (bad.organization as { email: string }).email = "nobody";
  const badFile = file("bad.json", bad);
  const longLivedFile = file("long-lived.json", exampleExpiringIn(500));
  const acknowledgement = {
    rule: "token-expires",
    resource: "aws-workshop/team-workshop-ci/token",
    reason: "CI runs for the whole programme",
  };

  /** Runs a command in this process, as its CLI entry does, and returns what it reported and its exit code. */
  function inProcess(command: typeof synth | typeof diagram, configFile: string, outputDirectory: string): Run {
    const reported: string[] = [];
    const printed: string[] = [];
    const status = command({
      env: { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: outputDirectory },
      now: new Date(),
      report: (line) => reported.push(line),
      print: (line) => printed.push(line),
    });
    return {
      status,
      stdout: printed.map((line) => `${line}\n`).join(""),
      stderr: reported.map((line) => `${line}\n`).join(""),
    };
  }

  // WHEN the README's commands run: a good synth into the output directory, as a user would, in a process of its
  // own; the other outcomes go through the same code in this process, the refused ones against the same directory
  // (they must leave it untouched), the others elsewhere
  let good: Run;
  let before: Record<string, string>;
  const runs: Record<string, Run> = {};
  beforeAll(async () => {
    const goodFile = file("good.json", exampleExpiringIn(30));
    good = await runSynth(goodFile, outdir);
    runs.goodInProcess = inProcess(synth, goodFile, join(directory, "in-process"));
    // The room's directory first holds the good config's stack, which the room's diagram must replace.
    cpSync(outdir, join(directory, "room"), { recursive: true });
    before = snapshotTree(outdir);
    runs.policy = inProcess(synth, longLivedFile, outdir);
    runs.policyDiagram = inProcess(diagram, longLivedFile, outdir);
    runs.acknowledged = inProcess(
      synth,
      file("acknowledged.json", exampleExpiringIn(500, [acknowledgement])),
      join(directory, "acknowledged"),
    );
    runs.room = inProcess(
      diagram,
      file("room.json", { organization: { name: "acme", email: "f@example.com" }, attendees: ["ann"] }),
      join(directory, "room"),
    );
    runs.bad = inProcess(synth, badFile, outdir);
    runs.sharded = inProcess(
      synth,
      file("sharded.json", { ...exampleExpiringIn(30), attendees: { names: ["ann", "ben", "cat", "dan"], shards: 2 } }),
      join(directory, "sharded"),
    );
  });

  it("counts the policy's findings and, where one line says several stacks' alike, their lines", () => {
    // GIVEN a room in two shards, each stack keeping its tokens in a local state file THEN one line says it for three
    expect(runs.sharded!.stderr.split("\n").filter((line) => line.startsWith("warning"))).toHaveLength(1);
    expect(runs.sharded!.stdout).toMatch(/ for 4 attendees, 3 findings of the policy in 1 line \(above\)\.\n$/);
    // AND a finding of one stack is one line, which the summary does not count twice
    expect(good.stdout).toMatch(/, 1 finding of the policy \(above\)\.\n$/);
    expect(runs.sharded!.status).toBe(0);
  });

  it("synthesizes a good config into the output directory and exits 0", () => {
    // THEN it succeeds and writes the stack, with no error (the local-state warning is expected)
    expect(good.stderr).not.toMatch(/^error/m);
    expect(good.status).toBe(0);
    const manifestText = readFileSync(join(outdir, "manifest.json"), "utf8");
    expect(manifestText, "no machine path in the output").not.toContain(join(__dirname, ".."));
    const manifest = JSON.parse(manifestText) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(["aws-workshop"]);
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", "aws-workshop", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, unknown>;
    };
    expect(Object.keys(stack.resource).sort()).toEqual([
      Organization.tfResourceType,
      Team.tfResourceType,
      TeamAccess.tfResourceType,
      TeamToken.tfResourceType,
      Workspace.tfResourceType,
      WorkspaceSettings.tfResourceType,
    ]);
  });

  it("writes byte for byte what the sources synthesize in-process: the bundle changes nothing", () => {
    expect(runs.goodInProcess!.status).toBe(0);
    const contents = (tree: Record<string, string>) =>
      Object.fromEntries(Object.entries(tree).map(([name, entry]) => [name, entry.slice(entry.indexOf(":") + 1)]));
    expect(contents(snapshotTree(join(directory, "in-process")))).toEqual(contents(before));
  });

  it("fails when the config is bad: one line per problem, no stack trace, exit 1, output untouched", () => {
    const result = runs.bad!;
    expect(Object.keys(before).length).toBeGreaterThan(0);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${badFile}: teams[0].access.aws_workshop: "superuser" is not an access ` +
        "level; use read, plan, write, admin or a permissions object",
    );
    expect(result.stderr).toContain(
      `${badFile}: organization.email: must be an email address such as ` +
        `facilitator@example.com, but "nobody" was provided`,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("fails when a policy error is not acknowledged: rule, resource and fix on one line, output untouched", () => {
    const result = runs.policy!;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error \[token-expires\] aws-workshop\/team-workshop-ci\/token: expires .* Fix: .*$/m,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("passes the same config with an acknowledgement and lists it", () => {
    const result = runs.acknowledged!;
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^acknowledged \[token-expires\] aws-workshop\/team-workshop-ci\/token: .*Reason: CI runs for the whole programme$/m,
    );
    expect(result.stderr).toMatch(/^warning \[local-state-holds-tokens\] /m);
  });

  it(
    "synthesizes a config that imports existing objects with " + "nothing on the PATH: the synth needs no terraform",
    () => {
      // GIVEN a config that imports the organization, a project, a workspace, a team and its access
      const importing = file("importing.json", {
        organization: { name: "acme", email: "f@example.com" },
        project: { name: "workshop" },
        teams: [{ name: "ci", access: { aws_workshop: "write" } }],
        import: {
          organization: true,
          project: "prj-niVoeESBXT8ZREhr",
          workspaces: ["aws_workshop"],
          teams: ["ci"],
          teamAccess: { ci: { aws_workshop: "tws-8S5wnRbRpogw6apb" } },
        },
      });
      // WHEN synthesized where no program can be found (cdktf's importFrom would run `terraform version` for each)
      const path = process.env.PATH;
      process.env.PATH = "";
      let result: Run;
      try {
        result = inProcess(synth, importing, join(directory, "importing"));
      } finally {
        process.env.PATH = path;
      }
      // THEN it succeeds, with an import block for each
      expect(result.status, result.stderr).toBe(0);
      const stack = JSON.parse(
        readFileSync(join(directory, "importing", "stacks", "aws-workshop", "cdk.tf.json"), "utf8"),
      ) as { import: Array<{ to: string; id: string }> };
      expect(stack.import.map((block) => `${block.to.replace(/_[0-9A-F]{8}$/, "")} ${block.id}`)).toEqual([
        "tfe_organization.organization acme",
        "tfe_project.project prj-niVoeESBXT8ZREhr",
        "tfe_project_settings.project_settings prj-niVoeESBXT8ZREhr",
        "tfe_workspace.workspace-aws_workshop_workspace acme/aws_workshop",
        "tfe_workspace_settings.workspace-aws_workshop_settings acme/aws_workshop",
        "tfe_team.team-ci_team acme/ci",
        "tfe_team_access.team-ci_access-aws_workshop acme/aws_workshop/tws-8S5wnRbRpogw6apb",
      ]);
    },
  );

  it("fails the diagram of a config the policy refuses exactly as the synth does, drawing and writing nothing", () => {
    const drawn = runs.policyDiagram!;
    expect(drawn.status).toBe(1);
    expect(drawn.stderr).toBe(runs.policy!.stderr);
    expect(drawn.stderr).toMatch(
      /^Nothing was written and nothing was asked of Terraform Cloud: fix the policy errors above/m,
    );
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("draws the diagram of a config next to that config's own synth, never next to another's", () => {
    const drawn = runs.room!;
    expect(drawn.status).toBe(0);
    expect(readFileSync(join(directory, "room", "diagram.md"), "utf8")).toContain("workspace aws_workshop-ann");
    const text = readFileSync(join(directory, "room", "stacks", "aws-workshop", "cdk.tf.json"), "utf8");
    expect(Object.values((JSON.parse(text) as { locals: Record<string, unknown> }).locals)).toContainEqual(["ann"]);
    expect(text, "the good config's stack is gone").not.toContain("workshop-ci");
  });

  describe("a synth with fewer shards than the last", () => {
    const room = (shards?: number) => ({
      ...exampleExpiringIn(30),
      attendees: shards === undefined ? ["ann", "ben", "cat", "dan"] : { names: ["ann", "ben", "cat", "dan"], shards },
    });
    const stacksOf = (out: string) => readdirSync(join(out, "stacks")).sort();

    it("removes the stack directories an earlier synth wrote for the shards this config no longer has", () => {
      // GIVEN a room synthesized in 4 shards
      const out = join(directory, "fewer-shards");
      expect(inProcess(synth, file("four.json", room(4)), out).status).toBe(0);
      expect(stacksOf(out)).toEqual(["aws-workshop", ...[1, 2, 3, 4].map((shard) => `aws-workshop-shard-${shard}`)]);
      // WHEN it is synthesized in 2
      const two = inProcess(synth, file("two.json", room(2)), out);
      // THEN the directories of shards 3 and 4 are gone, named in one line, and the manifest lists what is left
      expect(two.status).toBe(0);
      expect(stacksOf(out)).toEqual(["aws-workshop", "aws-workshop-shard-1", "aws-workshop-shard-2"]);
      const removed = (names: string) =>
        `Removed 2 stacks of an earlier synth that this config no longer has from ${join(out, "stacks")}: ${names}.`;
      expect(two.stderr.split("\n")).toContain(removed("aws-workshop-shard-3, aws-workshop-shard-4"));
      const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stacks: object };
      expect(Object.keys(manifest.stacks).sort()).toEqual(stacksOf(out));
      // AND WHEN the room is no longer sharded THEN every shard's directory is gone
      const one = inProcess(synth, file("one.json", room()), out);
      expect(one.stderr.split("\n")).toContain(removed("aws-workshop-shard-1, aws-workshop-shard-2"));
      expect(stacksOf(out)).toEqual(["aws-workshop"]);
      // AND a synth that removes nothing says nothing of it
      expect(inProcess(synth, file("one-again.json", room()), out).stderr).not.toContain("Removed");
    });

    it("goes on when a stale directory cannot be removed, naming it and why in a warning", () => {
      // GIVEN a room synthesized in 4 shards, shard 3's directory holding what this user may not remove
      const out = join(directory, "unremovable");
      expect(inProcess(synth, file("four-unremovable.json", room(4)), out).status).toBe(0);
      const stacks = join(out, "stacks");
      const denied = (path: string) => {
        if (path.endsWith("aws-workshop-shard-3"))
          throw Object.assign(new Error(`EACCES: permission denied, rmdir '${path}'`), { code: "EACCES" });
        rmSync(path, { recursive: true });
      };
      const reported: string[] = [];
      // WHEN the stacks of 2 shards are kept
      const kept = new Set(["aws-workshop", "aws-workshop-shard-1", "aws-workshop-shard-2"]);
      removeStaleStacks(out, kept, (line) => reported.push(line), denied);
      // THEN shard 4's is removed, shard 3's stays, and the warning says why and what to do
      expect(stacksOf(out)).toEqual([...kept, "aws-workshop-shard-3"].sort());
      expect(reported).toEqual([
        `Removed 1 stack of an earlier synth that this config no longer has from ${stacks}: aws-workshop-shard-4.`,
        `warning: could not remove all of aws-workshop-shard-3 (permission denied) from ${stacks}, of no stack of ` +
          "this config (a later synth may no longer name it). Fix: nothing reads it; delete what is left by hand (as " +
          "the user who made it)",
      ]);
    });

    it("removes only what a synth made: never a link, nor a directory of another name, nor one holding a state", () => {
      // GIVEN beside a room's stacks: a link named as a shard's stack, to a directory holding a stack; a directory of
      // the user's; a shard's directory without a synthesized stack; and one holding a state file
      const out = join(directory, "not-ours");
      expect(inProcess(synth, file("four-again.json", room(4)), out).status).toBe(0);
      const stacks = join(out, "stacks");
      const elsewhere = join(directory, "linked-stack");
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, "cdk.tf.json"), "{}");
      symlinkSync(elsewhere, join(stacks, "aws-workshop-shard-9"));
      mkdirSync(join(stacks, "notes"));
      writeFileSync(join(stacks, "notes", "cdk.tf.json"), "{}");
      mkdirSync(join(stacks, "aws-workshop-shard-8"));
      writeFileSync(join(stacks, "aws-workshop-shard-8", "plan"), "kept");
      writeFileSync(join(stacks, "aws-workshop-shard-4", "terraform.tfstate.backup"), "{}");
      // WHEN the room is synthesized in 2 shards
      const two = inProcess(synth, file("two-again.json", room(2)), out);
      // THEN only shard 3's directory is gone; the link and what it points to, and the others, stay
      expect(two.status).toBe(0);
      expect(stacksOf(out)).toEqual([
        "aws-workshop",
        "aws-workshop-shard-1",
        "aws-workshop-shard-2",
        "aws-workshop-shard-4",
        "aws-workshop-shard-8",
        "aws-workshop-shard-9",
        "notes",
      ]);
      expect(readFileSync(join(elsewhere, "cdk.tf.json"), "utf8")).toBe("{}");
      expect(two.stderr.split("\n")).toEqual(
        expect.arrayContaining([
          `Removed 1 stack of an earlier synth that this config no longer has from ${stacks}: aws-workshop-shard-3.`,
          `warning: kept aws-workshop-shard-4 in ${stacks}, of no stack of this config, since a state file is ` +
            "there, which no synth writes. Fix: move the state where it belongs, then delete the directory",
        ]),
      );
    });
  });
});

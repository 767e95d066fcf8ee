import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleConfigJson } from "./support";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs the README's synth command, `node bin/synth.js`, as a user would, with the config and output directory given. */
function runSynth(configFile: string, outdir: string, command = "synth.js", ...args: string[]) {
  return spawnSync("node", [join("bin", command), ...args], {
    cwd: join(__dirname, ".."),
    env: { ...process.env, WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
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

describe("the synth command", () => {
  const directory = mkdtempSync(join(tmpdir(), "workshop-synth-"));
  const outdir = join(directory, "cdktf.out");
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("synthesizes a good config into the output directory and exits 0", () => {
    // GIVEN a config whose token expires in 30 days from the real clock
    const config = exampleConfigJson();
    (config.teams as Array<{ token: { expiresAt: string } }>)[0]!.token.expiresAt = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const configFile = join(directory, "good.json");
    writeFileSync(configFile, JSON.stringify(config));
    // WHEN the README's command runs
    const run = runSynth(configFile, outdir);
    // THEN it succeeds and writes the stack, with no error (the local-state warning is expected)
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.status).toBe(0);
    const manifestText = readFileSync(join(outdir, "manifest.json"), "utf8");
    expect(manifestText, "no machine path in the output").not.toContain(join(__dirname, ".."));
    const manifest = JSON.parse(manifestText);
    expect(Object.keys(manifest.stacks)).toEqual(["aws-workshop"]);
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", "aws-workshop", "cdk.tf.json"), "utf8"));
    expect(Object.keys(stack.resource).sort()).toEqual([
      "tfe_organization", "tfe_team", "tfe_team_access", "tfe_team_token", "tfe_workspace", "tfe_workspace_settings",
    ]);
  });

  it("fails when the config is bad: one line per problem, no stack trace, exit 1, output untouched", () => {
    // GIVEN an existing synth output and a config with two mistakes
    const before = snapshotTree(outdir);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const config = exampleConfigJson();
    (config.teams as Array<{ access: Record<string, string> }>)[0]!.access = { aws_workshop: "superuser" };
    (config.organization as { email: string }).email = "nobody";
    const configFile = join(directory, "bad.json");
    writeFileSync(configFile, JSON.stringify(config));
    // WHEN the README's command runs
    const run = runSynth(configFile, outdir);
    // THEN it names each problem on its own line and touches nothing
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${configFile}: teams[0].access.aws_workshop: "superuser" is not an access level; use read, plan, write, admin or a permissions object`,
    );
    expect(run.stderr).toContain(`${configFile}: organization.email: must be an email address such as facilitator@example.com, but "nobody" was provided`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  /** The example config with a token that outlives the default maximum lifetime of 365 days. */
  function longLivedTokenConfig(acknowledge: unknown[] = []) {
    const config: Record<string, unknown> = { ...exampleConfigJson(), acknowledge };
    (config.teams as Array<{ token: { expiresAt: string } }>)[0]!.token.expiresAt = new Date(Date.now() + 500 * DAY_MS).toISOString();
    return config;
  }

  it("fails when a policy error is not acknowledged: rule, resource and fix on one line, output untouched", () => {
    // GIVEN an existing synth output and a token that lives 500 days
    const before = snapshotTree(outdir);
    const configFile = join(directory, "long-lived.json");
    writeFileSync(configFile, JSON.stringify(longLivedTokenConfig()));
    // WHEN the README's command runs
    const run = runSynth(configFile, outdir);
    // THEN the finding is printed and nothing is written
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error \[token-expires\] aws-workshop\/team-workshop-ci\/token \(tfe_team_token\.\S+\): expires .* Fix: .*$/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("passes the same config with an acknowledgement and lists it", () => {
    const acknowledgement = { rule: "token-expires", resource: "aws-workshop/team-workshop-ci/token", reason: "CI runs for the whole programme" };
    const configFile = join(directory, "acknowledged.json");
    writeFileSync(configFile, JSON.stringify(longLivedTokenConfig([acknowledgement])));
    const run = runSynth(configFile, outdir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^acknowledged \[token-expires\] aws-workshop\/team-workshop-ci\/token .*Reason: CI runs for the whole programme$/m);
    expect(run.stderr).toMatch(/^warning \[local-state-holds-tokens\] /m);
  });

  it("fails the diagram of a config the policy refuses exactly as the synth does, drawing and writing nothing", () => {
    // GIVEN an existing output and a config with a policy error
    const before = snapshotTree(outdir);
    const configFile = join(directory, "long-lived-diagram.json");
    writeFileSync(configFile, JSON.stringify(longLivedTokenConfig()));
    // WHEN the diagram is drawn, and the synth run
    const drawn = runSynth(configFile, outdir, "diagram.js");
    const synthesized = runSynth(configFile, outdir);
    // THEN both stop with the same lines and exit code, and nothing is written
    expect(drawn.status).toBe(1);
    expect(drawn.stderr).toBe(synthesized.stderr);
    expect(drawn.stderr).toMatch(/^Nothing was written and nothing was asked of Terraform Cloud: fix the policy errors above/m);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("draws the diagram of a config next to that config's own synth, never next to another's", () => {
    // GIVEN the output of one config
    const configFile = join(directory, "room.json");
    writeFileSync(configFile, JSON.stringify({ organization: { name: "acme", email: "f@example.com" }, attendees: ["ann"] }));
    // WHEN another config's diagram is drawn into the same directory
    const drawn = runSynth(configFile, outdir, "diagram.js");
    // THEN the stack beside the diagram is that config's: the diagram shows ann, and so does the stack
    expect(drawn.status).toBe(0);
    expect(readFileSync(join(outdir, "diagram.md"), "utf8")).toContain("workspace aws_workshop-ann");
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", "aws-workshop", "cdk.tf.json"), "utf8")) as { locals: Record<string, unknown> };
    expect(Object.values(stack.locals)).toContainEqual(["ann"]);
  });
});

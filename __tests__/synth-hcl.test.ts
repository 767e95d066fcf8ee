import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synth } from "../commands/synth";
import { run } from "./cli";
import { PLAN_REVIEW_PERMISSIONS, synthesize, type SynthesizedStack } from "./support";

const directory = mkdtempSync(join(tmpdir(), "workshop-hcl-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs `npm run synth:hcl`'s command for a config and returns the `.tf` it writes for a stack (the shared one). */
async function synthHcl(name: string, config: unknown, stack = "aws-workshop"): Promise<string> {
  const configFile = join(directory, `${name}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  const outdir = join(directory, name);
  const result = await run("node", [join("bin", "synth.js"), "--hcl"], {
    WORKSHOP_CONFIG: configFile,
    CDKTF_OUTDIR: outdir,
  });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(join(outdir, "stacks", stack, "cdk.tf"), "utf8");
}

/** The same synth through the same code in this process: what the flag sets, given in the environment. */
function synthHclInProcess(name: string, config: unknown): string {
  const configFile = join(directory, `${name}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  const outdir = join(directory, name);
  const reported: string[] = [];
  const status = synth({
    env: { WORKSHOP_CONFIG: configFile, CDKTF_OUTDIR: outdir, SYNTH_HCL_OUTPUT: "true" },
    now: new Date(),
    report: (line) => reported.push(line),
    print: (line) => reported.push(line),
  });
  expect(status, reported.join("\n")).toBe(0);
  return readFileSync(join(outdir, "stacks", "aws-workshop", "cdk.tf"), "utf8");
}

/** Every block the JSON synth has, in the HCL spelling that must appear for it. */
function expectedBlocks(stack: SynthesizedStack & { import?: Array<{ to: string }> }): string[] {
  return [
    ...Object.entries(stack.resource ?? {}).flatMap(([type, resources]) =>
      Object.keys(resources).map((name) => `resource "${type}" "${name}"`),
    ),
    ...Object.entries(stack.data ?? {}).flatMap(([type, sources]) =>
      Object.keys(sources).map((name) => `data "${type}" "${name}"`),
    ),
    ...Object.keys(stack.output ?? {}).map((name) => `output "${name}"`),
    ...(stack.import ?? []).map((block) => `to = ${block.to}`),
  ];
}

/** A config that uses every kind of block: rotations, tokens, attendees with invitations, imports. */
function everything() {
  return {
    organization: {
      name: "acme-aws-workshop",
      email: "facilitator@example.com",
      token: { rotationDays: 7, replaceExisting: true },
    },
    workspaces: [{ name: "aws_workshop" }, { name: "sandbox", executionMode: "remote" }],
    teams: [
      {
        name: "ci",
        access: {
          aws_workshop: "write",
          sandbox: PLAN_REVIEW_PERMISSIONS,
        },
        token: { description: "ci", rotationDays: 30 },
      },
    ],
    attendees: { names: ["alice", { name: "bob", email: "bob@example.com" }] },
    import: { organization: true, workspaces: ["aws_workshop"] },
  };
}

describe("npm run synth:hcl", () => {
  // Both synths run at once; each test awaits the one it reads.
  let everythingHcl: Promise<string>;
  let lookupHcl: Promise<string>;
  let shardHcl: Promise<string>;
  beforeAll(() => {
    everythingHcl = synthHcl("everything", everything());
    shardHcl = synthHcl(
      "sharded",
      {
        organization: { name: "acme-aws-workshop", email: "facilitator@example.com" },
        project: { name: "AWS workshop" },
        attendees: { names: ["alice", "bob"], shards: 1 },
      },
      "aws-workshop-shard-1",
    );
    lookupHcl = Promise.resolve(
      synthHclInProcess("lookup", {
        organization: { name: "acme-aws-workshop", email: "f@example.com", create: false },
      }),
    );
  });

  it("writes plain Terraform with every resource, data source, output and import of the JSON synth", async () => {
    // GIVEN a config using every kind of block WHEN synthesized both ways
    const hcl = await everythingHcl;
    const json = synthesize(everything()).stack;
    // THEN each block of the JSON is in the HCL
    const blocks = expectedBlocks(json);
    expect(blocks.length).toBeGreaterThan(20);
    for (const block of blocks) expect(hcl).toContain(block);
    expect(hcl).toContain("prevent_destroy = true");
    expect(hcl).toContain('required_version = ">= 1.7.0"');
    // AND a rotation's replace_triggered_by is an expression, which HCL needs where JSON needs the bare address
    expect(hcl).toContain(
      'replace_triggered_by = [\n      "${terraform_data.team-ci_token-expiry_rotation-period_BB769F3D}",\n    ]',
    );
  });

  it("writes a shard's project lookup's postcondition as the block Terraform takes, not cdktf's list", async () => {
    // GIVEN a sharded room, whose shard looks its project up WHEN synthesized in HCL
    const hcl = await shardHcl;
    // THEN the lookup's condition is a postcondition block (terraform validate refuses `postcondition = [...]`)
    expect(hcl).toContain(
      "  lifecycle {\n    postcondition {\n      condition     = contains(keys({ for key, val in self.projects : " +
        'lower(val.name) => val.id }), lower("AWS workshop"))\n      error_message = "Terraform Cloud has no project ' +
        'named \\"AWS workshop\\" (in any case)',
    );
    expect(hcl).not.toContain("postcondition = [");
  });

  it("keeps the removed block that protects an organization no longer created", async () => {
    const hcl = await lookupHcl;
    const { stack } = synthesize({
      organization: { name: "acme-aws-workshop", email: "f@example.com", create: false },
    });
    const from = (stack as { removed?: Array<{ from: string }> }).removed?.[0]?.from;
    expect(hcl).toContain(`removed {\n  from = ${from}\n  lifecycle {\n    destroy = false\n  }\n}`);
    expect(hcl).toContain('required_version = ">= 1.7.0"');
    expect(hcl).not.toMatch(/^\s*0 = /m);
  });

  it("writes HCL that terraform fmt -check accepts", async () => {
    // GIVEN the HCL of a config using every kind of block, synthesized with terraform on the PATH
    const file = join(directory, "formatted.tf");
    writeFileSync(file, await everythingHcl);
    // WHEN Terraform checks its format THEN it has nothing to change
    const checked = await run("terraform", ["fmt", "-check", "-diff", file]);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
  });

  it("says when terraform is not there to format the HCL, and still writes it", () => {
    // GIVEN an environment without terraform on its PATH WHEN synthesized in HCL
    const reported: string[] = [];
    const outdir = join(directory, "unformatted");
    writeFileSync(join(directory, "unformatted.json"), JSON.stringify(everything()));
    const status = synth({
      env: {
        WORKSHOP_CONFIG: join(directory, "unformatted.json"),
        CDKTF_OUTDIR: outdir,
        SYNTH_HCL_OUTPUT: "true",
        PATH: "",
      },
      now: new Date(),
      report: (line) => reported.push(line),
      print: (line) => reported.push(line),
    });
    // THEN the stack is written as cdktf renders it, and one line says it is not formatted and why
    expect(status, reported.join("\n")).toBe(0);
    expect(existsSync(join(outdir, "stacks", "aws-workshop", "cdk.tf"))).toBe(true);
    expect(reported.filter((line) => line.startsWith("Note: "))).toEqual([
      expect.stringMatching(
        /cdk\.tf is written as cdktf renders it, not as terraform fmt would \(terraform is not on the PATH\)\.$/,
      ),
    ]);
  });
});

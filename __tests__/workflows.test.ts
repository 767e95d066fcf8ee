import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deployEnvironment } from "../commands/deploy";
import { apiAccess } from "../terraform-cloud/access";

const ROOT = join(__dirname, "..");
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
);

type Step = {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
};
type Workflow = {
  readonly on: Record<string, unknown>;
  readonly concurrency?: { readonly group: string; readonly "cancel-in-progress": boolean };
  readonly jobs: Record<string, { readonly env?: Record<string, string>; readonly steps: readonly Step[] }>;
};

function workflow(name: string): { readonly text: string; readonly parsed: Workflow } {
  const text = readFileSync(join(ROOT, ".github", "workflows", name), "utf8");
  return { text, parsed: parse(text, { strict: true, uniqueKeys: true }) as Workflow };
}

/** The commands a step may run: the project's own, and nothing fetched from elsewhere. */
function isProjectCommand(run: string): boolean {
  const [command, ...rest] = run.trim().split(/\s+/);
  if (command === "node") return /^bin\/[a-z-]+\.js$/.test(rest[0] ?? "");
  if (command !== "npm") return false;
  if (rest[0] === "ci" || rest[0] === "test") return rest.length === 1;
  return rest[0] === "run" && scripts.includes(rest[1] ?? "");
}

const OFFICIAL_ACTIONS = /^(actions\/(checkout|setup-node|upload-artifact)|hashicorp\/setup-terraform)@[0-9a-f]{40}$/;
/** A `uses:` line pinned to a full commit, with the version it is in a comment: a tag can be moved, a commit cannot. */
const PINNED_USES_LINE = /^\s*- uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;

describe.each(["ci.yml", "deploy.yml"])("the %s workflow", (name) => {
  const { text, parsed } = workflow(name);
  const steps = Object.values(parsed.jobs).flatMap((job) => job.steps);

  it("is valid YAML with jobs and steps", () => {
    expect(steps.length).toBeGreaterThan(3);
  });

  it("runs only the project's own commands and official setup actions", () => {
    for (const step of steps) {
      if (step.run !== undefined) expect(isProjectCommand(step.run), step.run).toBe(true);
      else expect(step.uses, JSON.stringify(step)).toMatch(OFFICIAL_ACTIONS);
    }
  });

  it("pins every action to a full commit SHA with its version in a comment", () => {
    const usesLines = text.split("\n").filter((line) => /^\s*- uses: /.test(line));
    expect(usesLines.length).toBeGreaterThan(1);
    for (const line of usesLines) expect(line, line).toMatch(PINNED_USES_LINE);
  });

  it("installs from the lockfile and runs the tests", () => {
    const runs = steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    expect(runs).toContain("npm ci");
    expect(runs).toContain("npm test");
  });
});

describe("the ci workflow", () => {
  const { text, parsed } = workflow("ci.yml");

  it("runs on pull requests, synthesizes and uploads cdktf.out, and never needs a token", () => {
    expect(Object.keys(parsed.on)).toContain("pull_request");
    const steps = parsed.jobs["synth-and-test"]!.steps;
    expect(steps.map((step) => step.run)).toContain("node bin/synth.js");
    expect(steps.find((step) => step.uses?.startsWith("actions/upload-artifact"))?.with?.path).toBe("cdktf.out/");
    expect(text).not.toMatch(/secrets\.|TFE_TOKEN/);
  });
  it("checks what .ci/run checks, in the same order: the types, the format, the lint, the synth, the tests", () => {
    const checks = (runs: readonly (string | undefined)[]) =>
      runs.filter((run) => run !== undefined && /^(npm run |npm test$|node bin\/)/.test(run));
    const inWorkflow = checks(parsed.jobs["synth-and-test"]!.steps.map((step) => step.run));
    expect(inWorkflow).toEqual([
      "npm run typecheck",
      "npm run format:check",
      "npm run lint",
      "node bin/synth.js",
      "npm test",
    ]);
    expect(checks(readFileSync(join(ROOT, ".ci", "run"), "utf8").split("\n"))).toEqual(inWorkflow);
  });
});

describe("the deploy workflow", () => {
  const { text, parsed } = workflow("deploy.yml");

  it("leaves CI as the runner sets it (true), so that preflight refuses a move of rooms there, and says so", () => {
    const job = parsed.jobs.deploy!;
    expect([job.env, ...job.steps.map((step) => step.env)].filter((env) => env?.CI !== undefined)).toEqual([]);
    expect(text).toMatch(/# A move of rooms between stacks .* runs from one machine, not here/);
  });

  it("only runs by hand, one at a time", () => {
    expect(Object.keys(parsed.on)).toEqual(["workflow_dispatch"]);
    expect(parsed.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
  });

  it("hands the token only to the steps that call Terraform Cloud, never to the job, the install or the tests", () => {
    const job = parsed.jobs.deploy!;
    expect(job.env ?? {}).not.toHaveProperty("TFE_TOKEN");
    const withToken = job.steps.filter((step) => step.env?.TFE_TOKEN !== undefined);
    expect(withToken.map((step) => step.run)).toEqual(["npm run deploy -- --auto-approve"]);
    for (const step of withToken) expect(step.env?.TFE_TOKEN).toBe("${{ secrets.TFE_TOKEN }}");
    expect(JSON.stringify(job.steps.filter((step) => !withToken.includes(step)))).not.toContain("secrets.");
  });

  it(
    "gives Terraform's cloud block the token as TF_TOKEN_app_terraform_io, through npm run deploy, and writes it " +
      "to no file: setup-terraform gets no credentials token",
    () => {
      // GIVEN the deploy step's environment, its secret stood in for
      const step = parsed.jobs.deploy!.steps.find((each) => each.run === "npm run deploy -- --auto-approve")!;
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([name, value]) => [name, value.replace(/\$\{\{.*\}\}/, "secret")]),
      );
      // WHEN npm run deploy runs Terraform from it, for a state on app.terraform.io
      const terraform = deployEnvironment(env, apiAccess(env, ROOT), "app.terraform.io");
      // THEN Terraform finds the token where its cloud block reads it, and no step writes it to a file
      expect(terraform.TF_TOKEN_app_terraform_io).toBe("secret");
      const setup = parsed.jobs.deploy!.steps.filter((each) => each.uses?.startsWith("hashicorp/setup-terraform@"));
      expect(setup.map((each) => Object.keys(each.with ?? {}))).toEqual([["terraform_version", "terraform_wrapper"]]);
    },
  );

  it("deploys with npm run deploy, which runs preflight first", () => {
    const runs = parsed.jobs.deploy!.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    expect(runs).toContain("npm run deploy -- --auto-approve");
    const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(packageJson.scripts.deploy).toBe("node bin/cli.js deploy");
  });
});

import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TeamAccess } from "@cdktf/provider-tfe/lib/team-access";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { Aspects, TerraformStack, Testing, type App } from "cdktf";
import type { IConstruct } from "constructs";
import { checkPolicy } from "../commands/prepare-workshop";
import type { WorkshopConfig } from "../config/schema";
import { describe, expect, it } from "vitest";
import { docText } from "./docs";
import { loadConfig } from "../config/load-config";
import { WORKSHOP_RULES } from "../policy/rules";
import { adminWorkspaceAccess } from "../policy/rules/admin-workspace-access";
import { workspacePreventDestroy } from "../policy/rules/workspace-prevent-destroy";
import { WorkshopPolicy, type Acknowledgement } from "../policy/workshop-policy";
import { WorkshopStack } from "../stacks/workshop-stack";
import { workshopStacks } from "../stacks/workshop-stacks";
import { exampleConfigJson, NOW, validConfig } from "./support";

const RULES = [workspacePreventDestroy, adminWorkspaceAccess];

/**
 * A stack with an unprotected workspace (an error) and admin access to it (a warning), checked by the policy as an
 * Aspect.
 */
function riskyStack(app: App, acknowledgements: Acknowledgement[] = []) {
  const stack = new TerraformStack(app, "risky");
  new TfeProvider(stack, "tfe", {});
  const workspace = new Workspace(stack, "ws", { name: "ws", organization: "acme" });
  const access = new TeamAccess(stack, "access", { teamId: "team-123", workspaceId: workspace.id, access: "admin" });
  const policy = new WorkshopPolicy({ rules: RULES, now: NOW, acknowledgements });
  Aspects.of(stack).add(policy);
  return { stack, workspace, access, policy };
}

function annotationsOf(node: IConstruct, type: "@cdktf/error" | "@cdktf/warn" | "@cdktf/info"): string[] {
  return node.node.metadata.filter((entry) => entry.type === type).map((entry) => String(entry.data));
}

/** The resource types of the stack the real synth wrote into the app's outdir. */
function synthesizedResourceTypes(app: App): string[] {
  const written = JSON.parse(readFileSync(join(app.outdir, "stacks", "risky", "cdk.tf.json"), "utf8")) as {
    readonly resource?: Record<string, unknown>;
  };
  return Object.keys(written.resource ?? {}).sort();
}

describe("WorkshopPolicy", () => {
  it("annotates an error finding as an error and a warning finding as a warning when cdktf runs the aspects", () => {
    const app = Testing.app();
    // GIVEN a stack breaking one error rule and one warning rule WHEN synthesized the way tests do
    const { stack, workspace, access } = riskyStack(app);
    Testing.synth(stack);
    // THEN the annotations name the level, the rule, the path and the fix
    expect(annotationsOf(workspace, "@cdktf/error")).toEqual([
      "error [workspace-prevent-destroy] risky/ws: can be destroyed by accident: prevent_destroy is not " +
        "set. Fix: set lifecycle { prevent_destroy = true } on the tfe_workspace resource.",
    ]);
    expect(annotationsOf(access, "@cdktf/warn")).toEqual([
      expect.stringMatching(/^warning \[admin-workspace-access\] risky\/access: /),
    ]);
  });

  it("fails the real synth on an unacknowledged error, writing no stack", () => {
    const app = Testing.app();
    riskyStack(app);
    expect(() => app.synth()).toThrow(/\[risky\/ws\] error \[workspace-prevent-destroy\]/);
  });

  it("lets the real synth pass a warning, writing the stack with the warning annotated", () => {
    const app = Testing.app();
    // GIVEN the error fixed and the warning left
    const { workspace, access } = riskyStack(app);
    workspace.addOverride("lifecycle.prevent_destroy", true);
    // WHEN synthesized for real
    app.synth();
    // THEN the stack is written and the warning stays on its resource
    expect(synthesizedResourceTypes(app)).toEqual(["tfe_team_access", "tfe_workspace"]);
    expect(annotationsOf(access, "@cdktf/warn")).toHaveLength(1);
    expect(annotationsOf(workspace, "@cdktf/error")).toEqual([]);
  });

  it("accepts an acknowledged error, lists it with its reason, and lets the synth pass", () => {
    const app = Testing.app();
    // GIVEN the error acknowledged on the workspace's path
    const acknowledgement = {
      rule: "workspace-prevent-destroy",
      resource: "risky/ws",
      reason: "scratch workspace, recreated every run",
    };
    const { stack, workspace, policy } = riskyStack(app, [acknowledgement]);
    // WHEN checked and synthesized
    const report = policy.check(stack);
    // THEN nothing fails, and the acknowledgement is reported and annotated for reviewers
    expect(report.errors).toEqual([]);
    expect(report.lines()).toContain(
      "acknowledged [workspace-prevent-destroy] risky/ws: can be destroyed by accident: " +
        "prevent_destroy is not set. Reason: scratch workspace, recreated every run",
    );
    expect(annotationsOf(workspace, "@cdktf/error")).toEqual([]);
    expect(annotationsOf(workspace, "@cdktf/info")).toHaveLength(1);
    app.synth();
    expect(synthesizedResourceTypes(app)).toEqual(["tfe_team_access", "tfe_workspace"]);
  });

  it("lets an acknowledgement on a construct cover everything below it, and only for its rule", () => {
    const app = Testing.app();
    const { stack, policy } = riskyStack(app, [
      { rule: "admin-workspace-access", resource: "risky", reason: "the whole stack is a sandbox" },
    ]);
    const report = policy.check(stack);
    expect(report.findings.map((finding) => [finding.rule.id, finding.acknowledgement !== undefined])).toEqual([
      ["workspace-prevent-destroy", false],
      ["admin-workspace-access", true],
    ]);
  });

  it("does not let an acknowledgement cover a sibling whose name merely starts the same", () => {
    const app = Testing.app();
    const { stack, policy } = riskyStack(app, [
      { rule: "workspace-prevent-destroy", resource: "risky/w", reason: "names a different resource" },
    ]);
    expect(policy.check(stack).errors).toHaveLength(1);
  });

  it("warns about an acknowledgement that matches nothing", () => {
    const app = Testing.app();
    const { stack, policy } = riskyStack(app, [
      { rule: "auto-apply", resource: "risky/ws", reason: "left over from an old config" },
    ]);
    expect(policy.check(stack).lines()).toContain(
      "warning [policy] acknowledgement of auto-apply for risky/ws " +
        "matched no finding; remove it or correct the resource path",
    );
  });

  it("checks once: a second check and the synth reuse the report without annotating twice", () => {
    const app = Testing.app();
    const { stack, workspace, policy } = riskyStack(app);
    expect(policy.check(stack)).toBe(policy.check(stack));
    Testing.synth(stack);
    expect(annotationsOf(workspace, "@cdktf/error")).toHaveLength(1);
  });
});

/** The policy's report on the workshop stack of a config, checked as the pipeline checks every command's. */
const policyOf = (config: WorkshopConfig) =>
  checkPolicy([new WorkshopStack(Testing.app(), "aws-workshop", { config })], config, NOW);

describe("WorkshopStack under the policy", () => {
  it(
    "passes the committed default config with no error and no " +
      "acknowledgement, warning only that the local state holds its token",
    () => {
      const loaded = loadConfig("workshop.config.json", NOW);
      if (!loaded.ok) throw new Error(loaded.problem.join("\n"));
      expect(loaded.value.config.acknowledge).toEqual([]);
      const report = policyOf(loaded.value.config);
      expect(report.findings.map((finding) => finding.rule.id)).toEqual(["local-state-holds-tokens"]);
    },
  );

  it("warns about the local state in one line of at most 200 characters, its detail left to docs/operations.md", () => {
    const report = policyOf(validConfig(exampleConfigJson()));
    expect(report.lines()).toEqual([
      "warning [local-state-holds-tokens] aws-workshop/backend: keeps the tokens in plain text in a local " +
        'file. Fix: set "state" in the config, or guard the file (docs/operations.md says how).',
    ]);
    expect(report.lines()[0]!.length).toBeLessThanOrEqual(200);
    expect(docText("docs/operations.md")).toContain("\n### The state holds the tokens\n");
  });

  it("passes the contract's example config with only the local-state warning", () => {
    const report = policyOf(validConfig(exampleConfigJson()));
    expect(report.errors).toEqual([]);
    expect(report.findings.map((finding) => finding.rule.id)).toEqual(["local-state-holds-tokens"]);
  });

  it("has no finding at all for the example config once the state lives in Terraform Cloud", () => {
    const json = { ...exampleConfigJson(), state: { organization: "acme-admin", workspace: "aws-workshop-state" } };
    const report = policyOf(validConfig(json));
    expect(report.findings).toEqual([]);
  });

  it(
    "has no finding for a room in its project, adopted or not: the " + "project is protected and holds every workspace",
    () => {
      const json = {
        ...exampleConfigJson(),
        project: { name: "AWS workshop" },
        attendees: ["alice"],
        state: { organization: "acme-admin", workspace: "aws-workshop-state" },
      };
      expect(policyOf(validConfig(json)).findings).toEqual([]);
      expect(policyOf(validConfig({ ...json, import: { project: "prj-niVoeESBXT8ZREhr" } })).findings).toEqual([]);
    },
  );

  it("refuses a config whose token outlives the maximum lifetime, naming the rule, the resource and the fix", () => {
    // GIVEN a token two years out
    const json = exampleConfigJson();
    (json.teams as Array<{ token: { expiresAt: string } }>)[0]!.token.expiresAt = "2028-01-01T00:00:00Z";
    // WHEN checked
    const report = policyOf(validConfig(json));
    // THEN
    expect(report.errors.map((finding) => finding.element.path)).toEqual(["aws-workshop/team-workshop-ci/token"]);
    expect(report.lines()[0]).toBe(
      "error [token-expires] aws-workshop/team-workshop-ci/token: expires 2028-01-01T00:00:00Z, 457 days " +
        "from now, beyond the maximum lifetime of 365 days. Fix: give the token expiresAt within the " +
        "maximum lifetime, or rotationDays (policy.maxTokenLifetimeDays sets the maximum).",
    );
  });

  it("honours a configured maximum lifetime", () => {
    const json = { ...exampleConfigJson(), policy: { maxTokenLifetimeDays: 30 } };
    const report = policyOf(validConfig(json));
    expect(report.errors.map((finding) => finding.rule.id)).toEqual(["token-expires"]);
  });
});

describe("a sharded room under the policy", () => {
  const organization = { name: "acme-aws-workshop", email: "facilitator@example.com" };
  const attendees = Array.from({ length: 100 }, (_, index) => `attendee${index}`);
  /** The policy's report over every stack of a config's room, the shared stack first. */
  const reportOf = (json: unknown) => {
    const config = validConfig(json);
    const { shared, shards } = workshopStacks(Testing.app(), config);
    return checkPolicy([shared, ...shards.values()], config, NOW);
  };

  it("says a finding every shard has alike once, naming how many stacks and which", () => {
    // GIVEN ten shards, each keeping its tokens in a local state file of its own
    const report = reportOf({ organization, attendees: { names: attendees, shards: 10 } });
    expect(report.findings).toHaveLength(10);
    // THEN one line says it for the ten
    expect(report.lines()).toEqual([
      "warning [local-state-holds-tokens] backend in 10 stacks (aws-workshop-shard-1 to " +
        "aws-workshop-shard-10): keeps the tokens in plain text in a local file. Fix: set " +
        '"state" in the config, or guard the file (docs/operations.md says how).',
    ]);
  });

  it("says an acknowledged finding of every shard once, with its reason, and names the stacks apart from a run", () => {
    const acknowledge = [
      { rule: "admin-workspace-access", resource: "aws-workshop/attendees/access", reason: "their own workspace" },
    ];
    const config = validConfig({
      organization,
      attendees: { names: attendees, shards: 3, access: "admin" },
      acknowledge,
      state: { organization: "acme-admin", workspace: "room-state" },
    });
    const { shared, shards } = workshopStacks(Testing.app(), config);
    // GIVEN the shards checked out of their order, so that they are no run
    const report = checkPolicy([shared, shards.get(1)!, shards.get(3)!, shards.get(2)!], config, NOW);
    expect(report.lines()).toEqual([
      "acknowledged [admin-workspace-access] attendees/access in 3 stacks (aws-workshop-shard-1, " +
        "aws-workshop-shard-3, aws-workshop-shard-2): grants admin access. Reason: their own workspace",
    ]);
  });

  it(
    "shows docs/large-rooms.md the line of ten shards of a room whose " +
      "team has a token: the shared stack and the shards",
    () => {
      // GIVEN the example room, its team's token kept in the shared stack's local state too, in ten shards
      const report = reportOf({ ...exampleConfigJson(), attendees: { names: attendees, shards: 10 } });
      const [line] = report.lines();
      // THEN the one line names the eleven stacks, and the page shows it as it is, up to its detail
      expect(line).toMatch(
        /^warning \[local-state-holds-tokens\] backend in 11 stacks \(aws-workshop, aws-workshop-shard-1 to aws-workshop-shard-10\): /,
      );
      expect(docText("docs/large-rooms.md").replaceAll(/\s+/g, " ")).toContain(`\`${line!.split(": ")[0]}: ...\``);
    },
  );

  it("has no line at all for a sharded room whose states live in Terraform Cloud", () => {
    const inCloud = { organization: "acme-admin", workspace: "room-state" };
    expect(reportOf({ organization, attendees: { names: attendees, shards: 10 }, state: inCloud }).lines()).toEqual([]);
  });
});

describe("the Guardrails table of docs/guardrails.md", () => {
  const readme = docText("docs/guardrails.md");

  it(
    "has a row for every rule, with its level and why it exists, as " +
      "the rule says it: the findings' lines leave it out",
    () => {
      for (const rule of WORKSHOP_RULES) {
        const row = readme.split("\n").find((line) => line.startsWith(`| \`${rule.id}\` |`));
        expect(row, rule.id).toBeDefined();
        const cells = row!.split(" | ");
        expect(cells[1], rule.id).toBe(rule.level);
        expect(cells.at(-1), rule.id).toBe(`${rule.explanation.replaceAll("|", "\\|")} |`);
      }
    },
  );
});

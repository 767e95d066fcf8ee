import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diagram } from "../commands/diagram";
import { describe, expect, it } from "vitest";
import { docText } from "./docs";
import { loadConfig } from "../config/load-config";
import { DRAWN_PER_BLOCK, mermaidDiagram } from "../diagram/mermaid";
import { Testing } from "cdktf";
import { shardOf } from "../config/shards";
import { workshopStacks } from "../stacks/workshop-stacks";
import type { StackJson } from "../terraform/stack-json";
import { exampleConfigJson, NOW, PLAN_REVIEW_PERMISSIONS, synthesize, validConfig } from "./support";
import { configFile, scratchDirectory } from "./workshop-day-support";

/** Each line of the diagram with Mermaid node ids replaced by `#`, so that the assertions read the labels. */
function diagramLines(json: unknown): string[] {
  const diagram = mermaidDiagram(synthesize(json).stack);
  return diagram
    .trim()
    .split("\n")
    .map((line) => line.trim().replace(/\b(?:data_)?tfe_[A-Za-z0-9_]+|time_rotating_[A-Za-z0-9_]+/g, "#"));
}

const directory = scratchDirectory();

/** The diagram of a sharded room's config: the shared stack's, with every shard's stack in their order. */
function shardedDiagram(json: unknown): string {
  const { shared, shards } = workshopStacks(Testing.app(), validConfig(json));
  return mermaidDiagram(
    shared.toTerraform() as StackJson,
    new Map([...shards.values()].map((shard) => [shard.node.id, shard.toTerraform() as StackJson])),
  );
}

describe("the diagram", () => {
  it("shows the organization, the workspace with its execution mode, the team's access and the token's expiry", () => {
    expect(diagramLines(exampleConfigJson())).toEqual([
      "flowchart LR",
      '#[["organization acme-aws-workshop"]]',
      '#[("workspace aws_workshop<br/>local execution")]',
      "# --> #",
      '#{{"team workshop-ci"}}',
      "# -- write --> #",
      '#>"token: ci pipeline<br/>expires 2027-06-30T00:00:00Z"]',
      "# -. for .-> #",
    ]);
  });

  it("shows an existing organization, custom access, rotating tokens and invitations", () => {
    const lines = diagramLines({
      organization: {
        name: "acme",
        email: "f@example.com",
        create: false,
        token: { rotationDays: 7, replaceExisting: true },
      },
      teams: [{ name: "reviewers", access: { aws_workshop: PLAN_REVIEW_PERMISSIONS } }],
      attendees: { names: [{ name: "bob", email: "bob@example.com" }] },
    });
    expect(lines).toContain('#[["organization acme (existing)"]]');
    expect(lines).toContain("# -- custom --> #");
    expect(lines).toContain('#>"token: workshop attendee bob<br/>rotates every 30 days"]');
    expect(lines).toContain('#>"organization token<br/>rotates every 7 days"]');
    expect(lines).toContain('#(["invite bob@example.com"]) --> #');
  });

  it("draws every attendee's own workspace, team and token, each team reaching its own workspace only", () => {
    // GIVEN a room of three WHEN drawn
    const diagram = mermaidDiagram(
      synthesize({ organization: { name: "acme", email: "f@example.com" }, attendees: ["ann", "ben", "cat"] }).stack,
    );
    // THEN each attendee has their nodes, and each access edge joins the same attendee's team and workspace
    for (const name of ["ann", "ben", "cat"]) {
      expect(diagram).toContain(`[("workspace aws_workshop-${name}<br/>local execution")]`);
      expect(diagram).toContain(`{{"team aws_workshop-${name}"}}`);
      expect(diagram).toContain(`>"token: workshop attendee ${name}<br/>rotates every 30 days"]`);
    }
    const edges = [...diagram.matchAll(/ (\S+) -- write --> (\S+)/g)].map(([, team, workspace]) => [
      /__(\w+)__$/.exec(team!)?.[1],
      /__(\w+)__$/.exec(workspace!)?.[1],
    ]);
    expect(edges).toEqual([
      ["ann", "ann"],
      ["ben", "ben"],
      ["cat", "cat"],
    ]);
  });

  it("draws the first attendees of a large room and says how many more each block has", () => {
    // GIVEN a room of 30 WHEN drawn
    const names = Array.from({ length: 30 }, (_, index) => `a${String(index).padStart(2, "0")}`);
    const diagram = mermaidDiagram(
      synthesize({ organization: { name: "acme", email: "f@example.com" }, attendees: names }).stack,
    );
    // THEN the first DRAWN_PER_BLOCK attendees are drawn whole, the others not at all, and one node per block says how
    // many are left out
    for (const name of names.slice(0, DRAWN_PER_BLOCK))
      expect(diagram).toContain(`[("workspace aws_workshop-${name}<br/>local execution")]`);
    for (const name of names.slice(DRAWN_PER_BLOCK)) expect(diagram).not.toContain(`aws_workshop-${name}`);
    const edges = [...diagram.matchAll(/ (\S+) -- write --> (\S+)/g)].map(([, team, workspace]) => [
      /__(\w+)__$/.exec(team!)?.[1],
      /__(\w+)__$/.exec(workspace!)?.[1],
    ]);
    expect(edges).toEqual(names.slice(0, DRAWN_PER_BLOCK).map((name) => [name, name]));
    const notDrawn = [...diagram.matchAll(/__not_drawn\["(\d+) more (\w+)\.\w+, drawn alike"\]/g)].map(
      ([, count, type]) => `${type} ${count}`,
    );
    expect(notDrawn.sort()).toEqual([
      "tfe_team 18",
      "tfe_team_access 18",
      "tfe_team_token 18",
      "tfe_workspace 18",
      "tfe_workspace_settings 18",
    ]);
  });

  it("draws the project as a box holding every workspace, declared and attendee, inside the organization", () => {
    // GIVEN a room in its project WHEN drawn
    const diagram = mermaidDiagram(
      synthesize({ ...exampleConfigJson(), project: { name: "AWS workshop" }, attendees: ["ann", "ben"] }).stack,
    );
    const lines = diagram
      .trim()
      .split("\n")
      .map((line) => line.trim());
    // THEN the project is a subgraph holding the three workspaces, and the organization points at it, not at them
    const start = lines.indexOf(
      'subgraph tfe_project_project_22F52B9F["project AWS workshop<br/>local execution by default"]',
    );
    const end = lines.indexOf("end", start);
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, end).map((line) => /workspace ([\w-]+)</.exec(line)?.[1])).toEqual([
      "aws_workshop-ann",
      "aws_workshop-ben",
      "aws_workshop",
    ]);
    expect(lines).toContain("tfe_organization_organization_DC53FF14 --> tfe_project_project_22F52B9F");
    expect(lines.filter((line) => /^tfe_organization_\S+ --> tfe_workspace/.test(line))).toEqual([]);
    expect(diagramLines({ ...exampleConfigJson(), project: { name: "AWS workshop" } }).slice(0, 6)).toEqual([
      "flowchart LR",
      '#[["organization acme-aws-workshop"]]',
      'subgraph #["project AWS workshop<br/>local execution by default"]',
      '#[("workspace aws_workshop<br/>local execution")]',
      "end",
      "# --> #",
    ]);
  });

  it(
    "draws a reissued attendee token's description as far as the " +
      "synth knows it, the generation Terraform looks up as …",
    () => {
      const diagram = mermaidDiagram(
        synthesize({ ...exampleConfigJson(), attendees: ["ann", { name: "ben", tokenGeneration: 2 }] }).stack,
      );
      expect(diagram).toContain('>"token: workshop attendee ben…<br/>rotates every 30 days"]');
      expect(diagram).not.toContain("lookup(");
    },
  );

  it("escapes what Mermaid would read as syntax in a label", () => {
    const json = exampleConfigJson();
    (json.teams as Array<{ token: { description: string } }>)[0]!.token.description = 'the "CI" <pipeline>';
    expect(diagramLines(json)).toContain(
      '#>"token: the #quot;CI#quot; #lt;pipeline#gt;<br/>expires 2027-06-30T00:00:00Z"]',
    );
  });

  it(
    "writes a bidirectional override or an invisible character in " + "a label as Mermaid's numeric entity, never raw",
    () => {
      const json = exampleConfigJson();
      (json.teams as Array<{ token: { description: string } }>)[0]!.token.description = "ci \u202etxt.exe\u200b";
      expect(diagramLines(json)).toContain('#>"token: ci #8238;txt.exe#8203;<br/>expires 2027-06-30T00:00:00Z"]');
    },
  );

  it(
    "draws each shard of a sharded room as one node, with its " +
      "attendees and state, reached from the project it looks up",
    () => {
      // GIVEN a room of five in three shards, in its project
      const names = ["ann", "ben", "cat", "dan", "eve"];
      const json = {
        organization: { name: "acme", email: "f@example.com" },
        project: { name: "AWS workshop" },
        attendees: { names, shards: 3 },
      };
      const drawn = () => shardedDiagram(json);
      // WHEN drawn THEN each shard is a node with its count of attendees and its state file, in the shards' order, the
      // project (or, for an empty shard, which looks no project up, the organization) pointing at it
      const inShard = (shard: number) => names.filter((name) => shardOf(name, 3) === shard).length;
      const pointing = (shard: number) =>
        inShard(shard) === 0 ? "tfe_organization_organization_DC53FF14" : "tfe_project_project_22F52B9F";
      const lines = drawn()
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.includes("stack_aws_workshop_shard"));
      expect(lines).toEqual(
        [1, 2, 3].flatMap((shard) => [
          `stack_aws_workshop_shard_${shard}[/"stack ` +
            `aws-workshop-shard-${shard}<br/>${inShard(shard)} ` +
            `attendee${inShard(shard) === 1 ? "" : "s"}<br/>local state ` +
            `terraform.aws-workshop-shard-${shard}.tfstate"/]`,
          `${pointing(shard)} -. rooms .-> stack_aws_workshop_shard_${shard}`,
        ]),
      );
      // AND the shared stack draws no attendee, and the same config draws the same picture
      expect(drawn()).not.toContain("aws_workshop-ann");
      expect(drawn()).toBe(drawn());
    },
  );

  it("names each shard's state workspace when the state lives in Terraform Cloud", () => {
    const diagram = shardedDiagram({
      organization: { name: "acme", email: "f@example.com" },
      attendees: { names: ["ann"], shards: 2 },
      state: { organization: "acme-admin", workspace: "room-state" },
    });
    const shard = shardOf("ann", 2);
    expect(diagram).toContain(
      `stack_aws_workshop_shard_${shard}[/"stack aws-workshop-shard-${shard}<br/>1 ` +
        `attendee<br/>state in workspace acme-admin/room-state-shard-${shard}"/]`,
    );
  });

  it("is what npm run diagram writes for a sharded room, shards included", () => {
    // GIVEN a sharded room's config WHEN npm run diagram runs
    const json = { organization: { name: "acme", email: "f@example.com" }, attendees: { names: ["ann"], shards: 2 } };
    const code = diagram({
      env: { WORKSHOP_CONFIG: configFile(directory, "room.json", json), CDKTF_OUTDIR: join(directory, "out") },
      now: NOW,
      report: () => undefined,
      print: () => undefined,
    });
    // THEN the file holds the picture of every stack
    expect(code).toBe(0);
    expect(readFileSync(join(directory, "out", "diagram.md"), "utf8")).toBe(
      `\`\`\`mermaid\n${shardedDiagram(json)}\`\`\`\n`,
    );
  });

  it("in docs/config.md is the diagram of the committed default config", () => {
    // GIVEN the Mermaid block of the config's page and the default config
    const shown = /```mermaid\n([\s\S]*?)```/.exec(docText("docs/config.md"))?.[1];
    const loaded = loadConfig(join(__dirname, "..", "workshop.config.json"), NOW);
    if (!loaded.ok) throw new Error(loaded.problem.join("\n"));
    // THEN the page shows exactly what the synth of that config creates
    expect(shown).toBe(mermaidDiagram(synthesize(loaded.value.config).stack));
  });
});

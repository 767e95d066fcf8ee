import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./cli";

const SOURCES = ["main.ts", "commands", "operations", "stacks", "policy", "diagram", "config", "constructs", "terraform", "terraform-cloud"];

/** The violations of the written layers in a tree, as `rule: from -> to`, and how many modules were read. */
async function cruised(directory: string, sources: readonly string[]): Promise<{ readonly violations: string[]; readonly modules: number }> {
  const { cruise } = await import("dependency-cruiser");
  const ruleSet = require(join(ROOT, ".dependency-cruiser.cjs"));
  const result = await cruise([...sources], { ruleSet, validate: true, baseDir: directory, doNotFollow: ruleSet.options.doNotFollow, exclude: ruleSet.options.exclude, tsPreCompilationDeps: true });
  const { summary } = result.output as { summary: { totalCruised: number; violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return { violations: summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`), modules: summary.totalCruised };
}

describe("the layers", () => {
  it("point one way, as .dependency-cruiser.cjs writes them, with no cycle", async () => {
    const { violations, modules } = await cruised(ROOT, SOURCES);
    expect(violations).toEqual([]);
    expect(modules, "every source file was read").toBeGreaterThan(50);
  });

  const planted = mkdtempSync(join(tmpdir(), "workshop-layers-"));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it("fails on a planted upward import and a planted cycle", async () => {
    // GIVEN a construct that reads the config, and a rule and a stack that import each other
    for (const folder of ["constructs", "config", "policy", "stacks"]) mkdirSync(join(planted, folder));
    writeFileSync(join(planted, "config", "schema.ts"), "export const name = 'x';\n");
    writeFileSync(join(planted, "constructs", "team.ts"), "import { name } from '../config/schema';\nexport const team = name;\n");
    writeFileSync(join(planted, "policy", "rule.ts"), "import { stack } from '../stacks/stack';\nexport const rule = stack;\n");
    writeFileSync(join(planted, "stacks", "stack.ts"), "import { rule } from '../policy/rule';\nexport const stack = () => rule;\n");
    // WHEN cruised with the project's rules THEN each is named
    const found = (await cruised(planted, ["constructs", "config", "policy", "stacks"])).violations;
    expect(found).toContain("constructs-imports-config-policy-diagram-stacks-operations-commands: constructs/team.ts -> config/schema.ts");
    expect(found).toContain("policy-diagram-imports-config-constructs-stacks-operations-commands: policy/rule.ts -> stacks/stack.ts");
    expect(found.some((line) => line.startsWith("no-circular: "))).toBe(true);
  });
});

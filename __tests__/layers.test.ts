import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./cli";

const SOURCES = ["main.ts", "commands", "operations", "stacks", "policy", "diagram", "config", "constructs", "terraform", "terraform-cloud", "workshop", "text", "files"];

/**
 * The violations of the written layers in a tree, as `rule: from -> to`, and how many modules were read. The
 * cache is dependency-cruiser's own: a checksum per file of the tree, .dependency-cruiser.cjs among them, so that
 * after a change to any source or rule the tree is cruised again, and after none the result is read back.
 */
async function cruised(directory: string, sources: readonly string[], cacheFolder: string): Promise<{ readonly violations: string[]; readonly modules: number }> {
  const { cruise } = await import("dependency-cruiser");
  const ruleSet = require(join(ROOT, ".dependency-cruiser.cjs"));
  const cache = { folder: cacheFolder, strategy: "content" as const };
  const result = await cruise([...sources], { ruleSet, validate: true, baseDir: directory, doNotFollow: ruleSet.options.doNotFollow, exclude: ruleSet.options.exclude, tsPreCompilationDeps: true, cache });
  const { summary } = result.output as { summary: { totalCruised: number; violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return { violations: summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`), modules: summary.totalCruised };
}

describe("the layers", () => {
  it("point one way, as .dependency-cruiser.cjs writes them, with no cycle", async () => {
    const { violations, modules } = await cruised(ROOT, SOURCES, join(ROOT, "node_modules", ".cache", "dependency-cruiser"));
    expect(violations).toEqual([]);
    expect(modules, "every source file was read").toBeGreaterThan(50);
  });

  const planted = mkdtempSync(join(tmpdir(), "workshop-layers-"));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it("fails on a planted upward import and a planted cycle, also when the cache holds the tree without them", async () => {
    // GIVEN a tree whose layers are right, cruised once into a cache
    const tree = join(planted, "tree");
    const cache = join(planted, "cache");
    const folders = ["constructs", "config", "policy", "stacks"];
    for (const folder of folders) mkdirSync(join(tree, folder), { recursive: true });
    writeFileSync(join(tree, "config", "schema.ts"), "export const name = 'x';\n");
    writeFileSync(join(tree, "constructs", "team.ts"), "export const team = 'y';\n");
    expect((await cruised(tree, folders, cache)).violations).toEqual([]);
    // WHEN a construct comes to read the config, and a rule and a stack to import each other
    writeFileSync(join(tree, "constructs", "team.ts"), "import { name } from '../config/schema';\nexport const team = name;\n");
    writeFileSync(join(tree, "policy", "rule.ts"), "import { stack } from '../stacks/stack';\nexport const rule = stack;\n");
    writeFileSync(join(tree, "stacks", "stack.ts"), "import { rule } from '../policy/rule';\nexport const stack = () => rule;\n");
    // THEN the next cruise names each
    const found = (await cruised(tree, folders, cache)).violations;
    expect(found).toContain("constructs-imports-config-policy-diagram-stacks-operations-commands: constructs/team.ts -> config/schema.ts");
    expect(found).toContain("policy-diagram-imports-config-constructs-stacks-operations-commands: policy/rule.ts -> stacks/stack.ts");
    expect(found.some((line) => line.startsWith("no-circular: "))).toBe(true);
  });
});

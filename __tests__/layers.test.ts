import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./cli";

const SOURCES = [
  "main.ts",
  "commands",
  "operations",
  "stacks",
  "policy",
  "diagram",
  "config",
  "constructs",
  "terraform",
  "terraform-cloud",
  "workshop",
  "text",
  "files",
];

/**
 * The violations of the written layers in a tree, as `rule: from -> to`, and how many modules were read. The
 * cache is dependency-cruiser's own: a checksum per file of the tree, .dependency-cruiser.cjs among them, so that
 * after a change to any source or rule the tree is cruised again, and after none the result is read back.
 */
async function cruised(
  directory: string,
  sources: readonly string[],
  cacheFolder: string,
): Promise<{ readonly violations: string[]; readonly modules: number }> {
  const { cruise } = await import("dependency-cruiser");
  const { default: readRules } = await import("dependency-cruiser/config-utl/extract-depcruise-config");
  const ruleSet = await readRules(join(ROOT, ".dependency-cruiser.cjs"));
  const cache = { folder: cacheFolder, strategy: "content" as const };
  const result = await cruise([...sources], {
    ruleSet,
    validate: true,
    baseDir: directory,
    doNotFollow: ruleSet.options?.doNotFollow,
    exclude: ruleSet.options?.exclude,
    tsPreCompilationDeps: true,
    cache,
  });
  const { summary } = result.output as {
    summary: { totalCruised: number; violations: Array<{ rule: { name: string }; from: string; to: string }> };
  };
  return {
    violations: summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`),
    modules: summary.totalCruised,
  };
}

describe("the layers", () => {
  it("point one way, as .dependency-cruiser.cjs writes them, with no cycle", async () => {
    const { violations, modules } = await cruised(
      ROOT,
      SOURCES,
      join(ROOT, "node_modules", ".cache", "dependency-cruiser"),
    );
    expect(violations).toEqual([]);
    expect(modules, "every source file was read").toBeGreaterThan(50);
  });

  const planted = mkdtempSync(join(tmpdir(), "workshop-layers-"));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it(
    "fails on a planted upward import and a planted cycle, also " + "when the cache holds the tree without them",
    async () => {
      // GIVEN a tree whose layers are right, cruised once into a cache
      const tree = join(planted, "tree");
      const cache = join(planted, "cache");
      const folders = ["constructs", "config", "policy", "stacks"];
      for (const folder of folders) mkdirSync(join(tree, folder), { recursive: true });
      writeFileSync(join(tree, "config", "schema.ts"), "export const name = 'x';\n");
      writeFileSync(join(tree, "constructs", "team.ts"), "export const team = 'y';\n");
      expect((await cruised(tree, folders, cache)).violations).toEqual([]);
      // WHEN a construct comes to read the config, and a rule and a stack to import each other
      writeFileSync(
        join(tree, "constructs", "team.ts"),
        "import { name } from '../config/schema';\nexport const team = name;\n",
      );
      writeFileSync(
        join(tree, "policy", "rule.ts"),
        "import { stack } from '../stacks/stack';\nexport const rule = stack;\n",
      );
      writeFileSync(
        join(tree, "stacks", "stack.ts"),
        "import { rule } from '../policy/rule';\nexport const stack = () => rule;\n",
      );
      // THEN the next cruise names each
      const found = (await cruised(tree, folders, cache)).violations;
      expect(found).toContain(
        "constructs-imports-config-policy-diagram-stacks-operations-commands: constructs/team.ts -> config/schema.ts",
      );
      expect(found).toContain(
        "policy-diagram-imports-config-constructs-stacks-operations-commands: policy/rule.ts -> stacks/stack.ts",
      );
      expect(found).toContain("stacks-imports-policy-diagram-operations-commands: stacks/stack.ts -> policy/rule.ts");
      expect(found.some((line) => line.startsWith("no-circular: "))).toBe(true);
    },
  );
});

/**
 * The first segments of the API's paths, and its prefix: a string or template of code that starts a path with one
 * builds an API path.
 */
const API_PATH =
  /(^|[^\w.-])\/(api\/v2|account\/details|organizations|workspaces|teams|projects|organization-memberships|team-tokens|state-versions)(?=[/?`]|$)/;

/** The string and template literals of a TypeScript source that spell an API path, as `file:line: text`. */
function apiPathsIn(file: string, source: string): string[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const literal =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node);
    if (literal && API_PATH.test(node.text))
      found.push(`${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text}`);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Every TypeScript file below the sources, but terraform-cloud/, which alone writes API paths. */
function sourcesOutsideTerraformCloud(): string[] {
  return SOURCES.filter((source) => source !== "terraform-cloud").flatMap((source) => {
    const path = join(ROOT, source);
    if (!statSync(path).isDirectory()) return [source];
    return (readdirSync(path, { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts"))
      .map((file) => join(source, file));
  });
}

describe("the Terraform Cloud API's paths", () => {
  it("are written in terraform-cloud/ only: commands and operations read through its resource modules", () => {
    const written = sourcesOutsideTerraformCloud().flatMap((file) =>
      apiPathsIn(file, readFileSync(join(ROOT, file), "utf8")),
    );
    expect(written).toEqual([]);
  });

  it("fails on a path planted in a string or a template, and not on one in a comment", () => {
    // GIVEN an operation that builds two paths of its own, and names a third in a comment
    const planted = [
      "// GET /organizations/:organization_name/teams, as the docs write it",
      'const account = client.get("/account/details", ACCOUNT);',
      "const teams = client.list(`/organizations/${name}/teams`, TEAM);",
    ].join("\n");
    // WHEN its literals are read THEN the two paths are named, each with its line
    expect(apiPathsIn("operations/planted.ts", planted)).toEqual([
      "operations/planted.ts:2: /account/details",
      "operations/planted.ts:3: /organizations/",
      "operations/planted.ts:3: /teams",
    ]);
  });
});

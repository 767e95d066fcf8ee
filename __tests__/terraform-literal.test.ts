import { Project } from "@cdktf/provider-tfe/lib/project";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synth } from "../commands/synth";
import { mermaidDiagram } from "../diagram/mermaid";
import { interpolations } from "../terraform/expressions";
import { literalText, readLiteral } from "../terraform/template";
import { run, type Run } from "./cli";
import { onlyResource, resourcesOf, synthesize } from "./support";

/** Free text that Terraform would evaluate if it were written as is: a file read, a directive, and escapes already. */
const WORKSPACE_DESCRIPTION =
  'reads ${file("/etc/hostname")} and %{ if true }runs%{ endif }, costs $${price} or %%{x}, says "hi" \\ ${';
const TOKEN_DESCRIPTION = "ci ${var.secret} %{for x in [1]}${x}%{endfor}";
const PROJECT_DESCRIPTION = 'room ${path.cwd} %{ if true }of%{ endif } "ours" \\ $${x}';
const organization = { name: "acme-aws-workshop", email: "f@example.com" };

const config = {
  organization,
  project: { name: "AWS workshop", description: PROJECT_DESCRIPTION },
  workspaces: [{ name: "aws_workshop", description: WORKSPACE_DESCRIPTION }],
  teams: [
    { name: "ci", access: { aws_workshop: "write" }, token: { description: TOKEN_DESCRIPTION, rotationDays: 30 } },
  ],
  attendees: ["ann"],
};

let synthesized: ReturnType<typeof synthesize> | undefined;
/** The config's stack, synthesized once for every test here. */
function synthesizedDescriptions() {
  synthesized ??= synthesize(config);
  return { stack: synthesized.stack };
}

describe("free text in the synthesized Terraform", () => {
  it("escapes ${ and %{ as $${ and %%{, so that Terraform keeps the text", () => {
    expect(literalText("a ${b} %{c} $${d} %%{e} $ { % {")).toBe("a $${b} %%{c} $$${d} %%%{e} $ { % {");
    expect(readLiteral(literalText(WORKSPACE_DESCRIPTION))).toBe(WORKSPACE_DESCRIPTION);
  });

  it(
    "writes the workspace description and the team token's description " +
      "escaped, for the declared and the attendee workspaces",
    () => {
      const { stack } = synthesizedDescriptions();
      expect(onlyResource(stack, Project.tfResourceType).description).toBe(literalText(PROJECT_DESCRIPTION));
      const workspaces = Object.values(resourcesOf(stack, Workspace.tfResourceType));
      expect(workspaces.map((workspace) => workspace.description)).toEqual([
        literalText(WORKSPACE_DESCRIPTION),
        literalText(WORKSPACE_DESCRIPTION),
      ]);
      const tokens = Object.values(resourcesOf(stack, TeamToken.tfResourceType)).map((token) => token.description);
      expect(tokens).toContain(literalText(TOKEN_DESCRIPTION));
    },
  );

  it("keeps the room's own reference, workshop attendee ${each.key}, a reference", () => {
    const { stack } = synthesizedDescriptions();
    expect(Object.values(resourcesOf(stack, TeamToken.tfResourceType)).map((token) => token.description)).toContain(
      "workshop attendee ${each.key}",
    );
  });

  it("is read as text, not as references, by what reads the stack: an escaped ${ is no interpolation", () => {
    expect(interpolations(literalText(TOKEN_DESCRIPTION))).toEqual([]);
    expect(interpolations("a ${b} $${c}")).toEqual(["b"]);
  });

  it("is drawn in the diagram as the user wrote it", () => {
    const { stack } = synthesizedDescriptions();
    expect(mermaidDiagram(stack)).toContain(
      `>"token: ci \${var.secret} %{for x in [1]}\${x}%{endfor}<br/>rotates every 30 days"]`,
    );
  });
});

describe("free text through the real terraform", () => {
  // Looked up, not run: a test file never blocks its worker on a child process.
  const terraform = (process.env.PATH ?? "")
    .split(delimiter)
    .some(
      (folder) =>
        folder !== "" && existsSync(join(folder, process.platform === "win32" ? "terraform.exe" : "terraform")),
    );
  const directory = mkdtempSync(join(tmpdir(), "workshop-literal-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  /** Applies a configuration of outputs in a directory of its own and prints them. */
  const apply = (folder: string) => {
    writeFileSync(join(folder, "empty.tfrc"), "");
    return run(
      "sh",
      ["-c", "terraform apply -auto-approve -input=false -no-color >/dev/null && terraform output -json"],
      { TF_CLI_CONFIG_FILE: join(folder, "empty.tfrc"), TF_IN_AUTOMATION: "1" },
      folder,
    );
  };
  let applied: Promise<Run>;
  let appliedHcl: Promise<Run>;
  beforeAll(() => {
    if (!terraform) return;
    // GIVEN the synthesized descriptions as the values of outputs, in a configuration of their own
    const { stack } = synthesizedDescriptions();
    const token = Object.values(resourcesOf(stack, TeamToken.tfResourceType))
      .map((resource) => resource.description)
      .find((description) => description !== "workshop attendee ${each.key}");
    const description = onlyResource(stack, Workspace.tfResourceType, { name: "aws_workshop" }).description;
    const project = onlyResource(stack, Project.tfResourceType).description;
    mkdirSync(join(directory, "json"));
    writeFileSync(
      join(directory, "json", "main.tf.json"),
      JSON.stringify({
        output: { workspace: { value: description }, token: { value: token }, project: { value: project } },
      }),
    );
    // WHEN Terraform applies them and prints the outputs
    applied = apply(join(directory, "json"));
    // AND the descriptions of `npm run synth:hcl` of the same config, as it writes them, as outputs beside them
    writeFileSync(join(directory, "config.json"), JSON.stringify(config));
    const hclOut = join(directory, "hcl-out");
    // In this process, as bin/synth.js --hcl runs it: cdktf's stack reads the switch from the process's environment.
    const reported: string[] = [];
    process.env.SYNTH_HCL_OUTPUT = "true";
    try {
      const code = synth({
        env: { WORKSHOP_CONFIG: join(directory, "config.json"), CDKTF_OUTDIR: hclOut, SYNTH_HCL_OUTPUT: "true" },
        now: new Date(),
        report: (line) => reported.push(line),
        print: () => undefined,
      });
      if (code !== 0) throw new Error(reported.join("\n"));
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
    const literals = [
      ...readFileSync(join(hclOut, "stacks", "aws-workshop", "cdk.tf"), "utf8").matchAll(/^\s*description = (".*")$/gm),
    ]
      .map(([, literal]) => literal!)
      .filter((literal) => !literal.includes("${each"));
    mkdirSync(join(directory, "hcl"));
    writeFileSync(
      join(directory, "hcl", "main.tf"),
      literals.map((literal, index) => `output "hcl_${index}" {\n  value = ${literal}\n}\n`).join(""),
    );
    appliedHcl = apply(join(directory, "hcl"));
  });

  it.skipIf(!terraform)(
    "keeps each description as the literal text of the config: nothing is read or evaluated",
    async () => {
      const { status, stdout, stderr } = await applied;
      expect(status, stderr).toBe(0);
      const outputs = JSON.parse(stdout) as Record<string, { value: string }>;
      expect(outputs.workspace?.value).toBe(WORKSPACE_DESCRIPTION);
      expect(outputs.token?.value).toBe(TOKEN_DESCRIPTION);
      expect(outputs.project?.value).toBe(PROJECT_DESCRIPTION);
    },
  );

  it.skipIf(!terraform)("keeps them in the HCL synth too, quotes and backslashes included", async () => {
    const { status, stdout, stderr } = await appliedHcl;
    expect(status, stderr).toBe(0);
    const outputs = JSON.parse(stdout) as Record<string, { value: string }>;
    const fromHcl = Object.entries(outputs)
      .filter(([name]) => name.startsWith("hcl_"))
      .map(([, output]) => output.value);
    expect(fromHcl).toEqual(expect.arrayContaining([WORKSPACE_DESCRIPTION, TOKEN_DESCRIPTION, PROJECT_DESCRIPTION]));
  });
});

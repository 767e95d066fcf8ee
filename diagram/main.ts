import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { App } from "cdktf";
import { configPath, loadConfig } from "../config/load-config";
import { WorkshopStack } from "../stacks/workshop-stack";
import { mermaidDiagram, type StackJson } from "./mermaid";

/** `npm run diagram [file]`: writes what the config creates as a Mermaid diagram, from the synthesized stack. */
const output = process.argv[2] ?? "cdktf.out/diagram.md";
const loaded = loadConfig(configPath(process.env), new Date());
if (!loaded.ok) {
  for (const problem of loaded.problems) console.error(problem);
  process.exitCode = 1;
} else {
  const stack = new WorkshopStack(new App({ outdir: dirname(output) }), "aws-workshop", { config: loaded.config, now: new Date() });
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `\`\`\`mermaid\n${mermaidDiagram(stack.toTerraform() as StackJson)}\`\`\`\n`);
  console.log(`Wrote ${output}`);
}

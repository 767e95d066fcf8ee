import { App } from "cdktf";
import { configPath, loadConfig } from "./config/load-config";
import { WorkshopStack } from "./stacks/workshop-stack";

const result = loadConfig(configPath(process.env), new Date());
if (result.ok) {
  const app = new App();
  new WorkshopStack(app, "aws-workshop", { config: result.config });
  app.synth();
} else {
  for (const problem of result.problems) console.error(problem);
  console.error("Nothing was synthesized: fix the config above and run again.");
  process.exitCode = 1;
}

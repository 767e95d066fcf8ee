import { App } from "cdktf";
import { configPath, loadConfig } from "./config/load-config";
import { appendUnrenderedHcl } from "./stacks/hcl-addenda";
import { WorkshopStack } from "./stacks/workshop-stack";

const now = new Date();
const loaded = loadConfig(configPath(process.env), now);
if (!loaded.ok) {
  for (const problem of loaded.problems) console.error(problem);
  console.error("Nothing was synthesized: fix the config above and run again.");
  process.exitCode = 1;
} else {
  // Without stackTraces: false, cdktf writes the call stack of each warning, with this machine's paths, into
  // manifest.json, and the output would differ from one checkout to the next.
  const app = new App({ stackTraces: false });
  const stack = new WorkshopStack(app, "aws-workshop", { config: loaded.config, now });
  const report = stack.checkPolicy();
  for (const line of report.lines()) console.error(line);
  if (report.errors.length > 0) {
    console.error("Nothing was synthesized: fix the policy errors above, or acknowledge them in the config with a reason.");
    process.exitCode = 1;
  } else {
    app.synth();
    appendUnrenderedHcl(app, stack);
  }
}

import { configPath, loadConfig } from "../config/load-config";
import { checklistLine, preflight } from "./checks";
import { apiAccess } from "./credentials";

/** `npm run preflight`: checks, read-only, that Terraform Cloud will accept the config before any deploy. */
async function main(): Promise<number> {
  const loaded = loadConfig(configPath(process.env), new Date());
  if (!loaded.ok) {
    for (const problem of loaded.problems) console.error(problem);
    return 1;
  }
  const access = apiAccess(process.env);
  console.log(`Preflight of ${configPath(process.env)} against ${access.address}, token from ${access.tokenSource}:`);
  const items = await preflight(loaded.config, access, { disposableMachine: process.env.CI === "true" });
  for (const item of items) console.log(checklistLine(item));
  const blockers = items.filter((item) => item.level === "blocker").length;
  console.log(blockers === 0 ? "Ready to deploy." : `${blockers} blocker${blockers > 1 ? "s" : ""}: fix ${blockers > 1 ? "them" : "it"} before deploying.`);
  return blockers === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`preflight failed: ${error.message}`);
    process.exitCode = 1;
  },
);

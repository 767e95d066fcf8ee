import { spawnSync } from "node:child_process";
import { preflight, type PreflightOptions } from "./preflight";

/** Terraform's parallelism for plan and apply: six requests in flight stay under Terraform Cloud's rate limit. */
export const DEPLOY_PARALLELISM = 6;

/** Options of {@link deploy}. */
export interface DeployOptions extends PreflightOptions {
  /** Arguments for `cdktf deploy`, such as `--auto-approve`. */
  readonly args: readonly string[];
  /**
   * Runs the cdktf CLI and returns its exit code; tests replace it.
   * @default the cdktf-cli of node_modules, in a child process sharing this terminal
   */
  readonly runCdktf?: (args: readonly string[], env: NodeJS.ProcessEnv) => number;
}

function runCdktf(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const cli = require.resolve("cdktf-cli/bundle/bin/cdktf");
  return spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env }).status ?? 1;
}

/**
 * `npm run deploy`: preflight first, and `cdktf deploy` only when it finds no blocker, with Terraform's
 * parallelism set for Terraform Cloud's rate limit (in the environment, so it works on every shell).
 */
export async function deploy(options: DeployOptions): Promise<number> {
  const checked = await preflight(options);
  if (checked !== 0) {
    options.report("Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.");
    return checked;
  }
  const parallelism = `-parallelism=${DEPLOY_PARALLELISM}`;
  const env = { ...options.env, TF_CLI_ARGS_plan: parallelism, TF_CLI_ARGS_apply: parallelism, CHECKPOINT_DISABLE: options.env.CHECKPOINT_DISABLE ?? "1" };
  return (options.runCdktf ?? runCdktf)(["deploy", ...options.args], env);
}

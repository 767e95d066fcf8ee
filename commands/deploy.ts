import { spawnSync } from "node:child_process";
import { REHEARSAL_TOKEN_PREFIX } from "../operations/rehearsal";
import { findTerraform } from "../terraform/binary";
import { accessProblem, apiAccess, type ApiAccess } from "../terraform-cloud/access";
import { safeLines } from "../text/terminal";
import { prepareWorkshop } from "./pipeline";
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
  /**
   * Where the terraform binary is, or undefined; tests replace it.
   * @default the first executable `terraform` on the PATH
   */
  readonly findTerraform?: (env: NodeJS.ProcessEnv) => string | undefined;
}

function runCdktf(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const cli = require.resolve("cdktf-cli/bundle/bin/cdktf");
  return spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env }).status ?? 1;
}

/** A user's own TF_CLI_ARGS for a command, with the deploy's parallelism added unless they set one. */
function withParallelism(own: string | undefined): string {
  const parallelism = `-parallelism=${DEPLOY_PARALLELISM}`;
  if (own === undefined || own.trim() === "") return parallelism;
  return /(^|\s)-parallelism=/.test(own) ? own : `${own} ${parallelism}`;
}

/**
 * What the deploy would get wrong that preflight cannot see: no terraform to run, a rehearsal's token, or a provider
 * that deploys to another host than the one preflight checked (the tfe provider reads TFE_HOSTNAME, never TFE_ADDRESS).
 */
function deployProblem(options: DeployOptions): string | undefined {
  const refused = accessProblem(options.env, options.home);
  if (refused !== undefined) return refused;
  if ((options.findTerraform ?? findTerraform)(options.env) === undefined) {
    return "terraform is not on the PATH: cdktf deploy runs it. Install Terraform 1.7 or later (1.11 is tested) and run npm run deploy again.";
  }
  const { hostname, token } = apiAccess(options.env, options.home);
  if (token?.startsWith(REHEARSAL_TOKEN_PREFIX) === true) {
    return "the token is one npm run rehearse handed out, for its stand-in of Terraform Cloud, and the deploy goes to Terraform Cloud itself. Against the rehearsal, run preflight, verify, status, handout and the board; to deploy, unset TFE_ADDRESS and TFE_TOKEN and use your own token (terraform login, or TFE_TOKEN).";
  }
  const address = options.env.TFE_ADDRESS;
  if (address) {
    let checked: string;
    try {
      checked = new URL(address).host;
    } catch {
      return undefined;
    }
    if (checked.toLowerCase() !== hostname.toLowerCase()) {
      return `preflight checks ${checked} (TFE_ADDRESS), but the tfe provider deploys to ${hostname} (TFE_HOSTNAME${options.env.TFE_HOSTNAME ? "" : ", unset: its default"}), which it reads instead: unset TFE_ADDRESS, or set TFE_HOSTNAME to ${checked}.`;
    }
  }
  return undefined;
}

/**
 * `npm run deploy`: preflight first, and `cdktf deploy` only when it finds no blocker, with Terraform's
 * parallelism set for Terraform Cloud's rate limit (in the environment, so it works on every shell, kept beside
 * a user's own TF_CLI_ARGS_plan and TF_CLI_ARGS_apply).
 */
export async function deploy(given: DeployOptions): Promise<number> {
  const options = safeLines(given);
  const problem = deployProblem(options);
  if (problem !== undefined) {
    options.report(`deploy: ${problem}`);
    return 1;
  }
  // The config first, on its own: a refused config is no preflight finding, and says so.
  const prepared = prepareWorkshop(options);
  if (!prepared.ok) return 1;
  const checked = await preflight({ ...options, prepared: prepared.workshop });
  if (checked !== 0) {
    options.report("Deploy stopped before Terraform started: fix what preflight reported above, then run npm run deploy again.");
    return checked;
  }
  const access = apiAccess(options.env, options.home);
  return (options.runCdktf ?? runCdktf)(["deploy", ...options.args], deployEnvironment(options.env, access));
}

/**
 * The environment cdktf deploy runs in: the user's, with Terraform's parallelism added to their own TF_CLI_ARGS
 * for plan and apply, and the token preflight checked where the tfe provider reads it.
 */
export function deployEnvironment(env: NodeJS.ProcessEnv, access: ApiAccess): NodeJS.ProcessEnv {
  return {
    ...env,
    TF_CLI_ARGS_plan: withParallelism(env.TF_CLI_ARGS_plan),
    TF_CLI_ARGS_apply: withParallelism(env.TF_CLI_ARGS_apply),
    CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1",
    // The tfe provider reads TFE_TOKEN, never TF_TOKEN_<host> (not since 0.32): it gets the token preflight checked.
    ...(env.TFE_TOKEN === undefined && access.token !== undefined && access.tokenSource.startsWith("TF_TOKEN_") ? { TFE_TOKEN: access.token } : {}),
  };
}

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { DEFAULT_HOSTNAME } from "./facts";

/** Where the Terraform Cloud API is, and the token to call it with. */
export interface ApiAccess {
  /** Base address, e.g. `https://app.terraform.io`. */
  readonly address: string;
  /** The host the tfe provider deploys to: TFE_HOSTNAME, or app.terraform.io. */
  readonly hostname: string;
  /** The token; never printed. */
  readonly token?: string;
  /** Where the token came from, for the first line of a command's output. */
  readonly tokenSource: string;
}

/** Where {@link apiAccess} looks for a token, in its order: what a command says when it finds none. */
export const TOKEN_PLACES = "TFE_TOKEN, TF_TOKEN_<host> or the terraform login credentials";

/**
 * Finds the API the way the tfe provider will at deploy time: the host is `TFE_HOSTNAME` (default
 * app.terraform.io, always https); the token is `TFE_TOKEN`, then `TF_TOKEN_<host>`, then what
 * `terraform login` stored for the host. `TFE_ADDRESS`, a full URL that the provider does not read, overrides
 * the address for test servers and proxies.
 */
export function apiAccess(env: NodeJS.ProcessEnv, home = homedir()): ApiAccess {
  const host = env.TFE_HOSTNAME || DEFAULT_HOSTNAME;
  const address = (env.TFE_ADDRESS || `https://${host}`).replace(/\/+$/, "");
  if (env.TFE_TOKEN) return { address, hostname: host, token: env.TFE_TOKEN, tokenSource: "TFE_TOKEN" };
  const hostVariable = `TF_TOKEN_${host.replace(/\./g, "_").replace(/-/g, "__")}`;
  const fromHostVariable = env[hostVariable];
  if (fromHostVariable) return { address, hostname: host, token: fromHostVariable, tokenSource: hostVariable };
  const credentialsFile = join(home, ".terraform.d", "credentials.tfrc.json");
  try {
    const stored = JSON.parse(readFileSync(credentialsFile, "utf8")) as { credentials?: Record<string, { token?: string }> };
    const credentials = stored.credentials;
    const token = credentials !== undefined && Object.hasOwn(credentials, host) ? credentials[host]?.token : undefined;
    if (token) return { address, hostname: host, token, tokenSource: "terraform login" };
  } catch {
    // No stored credentials: the command says how to get some.
  }
  return { address, hostname: host, tokenSource: "none" };
}

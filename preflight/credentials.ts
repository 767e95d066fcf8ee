import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where the Terraform Cloud API is, and the token to call it with. */
export interface ApiAccess {
  /** Base address, e.g. `https://app.terraform.io`. */
  readonly address: string;
  /** The token; never printed. */
  readonly token?: string;
  /** Where the token came from, for the checklist. */
  readonly tokenSource: string;
}

/**
 * Finds the API address and token the way the tfe provider does: `TFE_ADDRESS` or `TFE_HOSTNAME` for the
 * host, then `TFE_TOKEN`, `TF_TOKEN_<host>`, and the credentials `terraform login` stored.
 */
export function apiAccess(env: NodeJS.ProcessEnv, home = homedir()): ApiAccess {
  const address = (env.TFE_ADDRESS ?? `https://${env.TFE_HOSTNAME ?? "app.terraform.io"}`).replace(/\/+$/, "");
  const host = new URL(address).host;
  if (env.TFE_TOKEN) return { address, token: env.TFE_TOKEN, tokenSource: "TFE_TOKEN" };
  const hostVariable = `TF_TOKEN_${host.replace(/\./g, "_").replace(/-/g, "__")}`;
  if (env[hostVariable]) return { address, token: env[hostVariable], tokenSource: hostVariable };
  const credentialsFile = join(home, ".terraform.d", "credentials.tfrc.json");
  try {
    const stored = JSON.parse(readFileSync(credentialsFile, "utf8")) as { credentials?: Record<string, { token?: string }> };
    const token = stored.credentials?.[host]?.token;
    if (token) return { address, token, tokenSource: "terraform login" };
  } catch {
    // No stored credentials: the checklist says how to get some.
  }
  return { address, tokenSource: "none" };
}

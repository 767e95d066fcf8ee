/** Host names of Terraform Cloud and Terraform Enterprise: the config's `state.hostname` and `TFE_HOSTNAME` alike. */

/** Where Terraform Cloud answers when TFE_HOSTNAME does not name a Terraform Enterprise host. */
export const DEFAULT_HOSTNAME = "app.terraform.io";

/**
 * The hosts of HCP Terraform (the global one, and HCP Europe's); any other host the provider deploys to is a Terraform
 * Enterprise, whose releases' docs differ (hashicorp/web-unified-docs, content/terraform-enterprise/).
 */
export const HCP_TERRAFORM_HOSTNAMES: readonly string[] = [DEFAULT_HOSTNAME, "app.eu.terraform.io"];

const HOSTNAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_HOSTNAME_LENGTH = 253;
const MAX_PORT = 65535;

/** What a host name may be, said the same way wherever one is refused. */
export const HOSTNAME_RULE =
  'a host name such as "tfe.example.com" or "tfe.example.com:8443": ' +
  'labels of 1 to 63 letters, digits or "-", port 1 to 65535';

/** A host name with an optional port: labels of 1 to 63 letters, digits or "-", and a port from 1 to 65535. */
export function isHostname(value: string): boolean {
  const [host = "", port, ...rest] = value.split(":");
  const portOk = port === undefined || (/^[1-9][0-9]*$/.test(port) && Number(port) <= MAX_PORT);
  return (
    rest.length === 0 &&
    portOk &&
    host.length <= MAX_HOSTNAME_LENGTH &&
    host.split(".").every((label) => HOSTNAME_LABEL.test(label))
  );
}

/**
 * Whether an address is on this machine (127.0.0.0/8, localhost, ::1): a stand-in of Terraform Cloud, such as the
 * rehearsal's, never Terraform Cloud itself.
 */
export function isLoopbackAddress(address: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(address).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The environment variable Terraform reads a host's token from, by its documented rule (CLI configuration,
 * "Environment Variable Credentials"): `TF_TOKEN_`, then the host with each period as `_` and each hyphen as
 * `__` (a hyphen is no shell name's character; Terraform reads `__` back as `-`), non-ASCII as punycode, which
 * {@link isHostname} already requires. A port has no spelling in a variable name, so a host with a port has no
 * such variable: undefined, and its token comes from `terraform login` only.
 */
export function tokenVariable(hostname: string): string | undefined {
  if (hostname.includes(":")) return undefined;
  return `TF_TOKEN_${hostname.replace(/\./g, "_").replace(/-/g, "__")}`;
}

import { parse } from "@humanwhocodes/momoa";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { readRegularFile, utf8Text } from "../files/read";
import { quote } from "../text/quote";
import { fail, ok, type Result } from "../text/result";
import { DEFAULT_HOSTNAME, HOSTNAME_RULE, isHostname, tokenVariable } from "./hostname";

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

/** How a command's first line names the token it uses: `token from TFE_TOKEN`, or `with no token`. */
export const tokenPhrase = (access: ApiAccess) =>
  access.token === undefined ? "with no token" : `token from ${access.tokenSource}`;

/** Where {@link apiAccess} looks for a token, in its order: what a command says when it finds none. */
export const TOKEN_PLACES = "TFE_TOKEN, TF_TOKEN_<host> or the terraform login credentials";

const ADDRESS_RULE = 'an http or https URL such as "https://tfe.example.com"';
/**
 * An HTTP header carries the token: visible ASCII, nothing a copy may have added (a space, a line break, a zero-width
 * space).
 */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
/** Where `terraform login` keeps its tokens, below the home directory. */
export const CREDENTIALS_FILE = join(".terraform.d", "credentials.tfrc.json");
/** The largest terraform login credentials file read; it holds a token per host. */
const MAX_CREDENTIALS_BYTES = 1024 * 1024;

/** Whether a token can be sent as it is, and written into a handout as it is. */
export function isTokenText(token: string): boolean {
  return TOKEN_CHARACTERS.test(token);
}

/** The host of `TFE_HOSTNAME` (default app.terraform.io), checked by the same rule as the config's `state.hostname`. */
export function tfeHostname(env: NodeJS.ProcessEnv): Result<string> {
  const host = env.TFE_HOSTNAME || DEFAULT_HOSTNAME;
  return isHostname(host) ? ok(host) : fail(`TFE_HOSTNAME: must be ${HOSTNAME_RULE}, but ${quote(host)} was provided`);
}

/**
 * `TFE_ADDRESS` as the base address: an http or https URL with neither credentials (they would be printed with
 * the address; the token goes in TFE_TOKEN) nor a query or fragment (the API paths are appended to it).
 */
function tfeAddress(value: string): Result<string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`TFE_ADDRESS: must be ${ADDRESS_RULE}, but ${quote(value)} was provided`);
  }
  const address = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  // Checked first, and the value never quoted: it holds a password.
  if (url.username !== "" || url.password !== "") {
    return fail(
      "TFE_ADDRESS: must not hold a user name or password; give the " +
        `address as ${quote(address)} and the token in TFE_TOKEN`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return fail(`TFE_ADDRESS: must be ${ADDRESS_RULE}, but ${quote(value)} was provided`);
  if (url.search !== "" || url.hash !== "")
    return fail(`TFE_ADDRESS: must be ${ADDRESS_RULE} without a query or fragment, but ${quote(value)} was provided`);
  return ok(address);
}

/** A token as found, or why it cannot be sent; the token itself is never part of the problem. */
function checkedToken(
  token: string,
  tokenSource: string,
  address: string,
  hostname: string,
  where = tokenSource,
): Result<ApiAccess> {
  return isTokenText(token)
    ? ok({ address, hostname, token, tokenSource })
    : fail(
        `${where}: must be a token of visible ASCII characters, but it holds a ` +
          "space, a control or a non-ASCII character; copy the token again",
      );
}

/** Whether a text ends inside a string, or with an object or array still open: a file cut short. */
function endsOpen(text: string): boolean {
  let open = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === "\\") index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === "{" || character === "[") open += 1;
    else if (character === "}" || character === "]") open -= 1;
  }
  return inString || open > 0;
}

/** Where a JSON text stops being JSON; the parser's message is never used, since it may quote the text. */
function jsonProblem(text: string): string {
  if (endsOpen(text)) return "is not valid JSON: it ends before the JSON does (cut short?)";
  try {
    parse(text, { mode: "json" });
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    if (line !== undefined && column !== undefined) return `is not valid JSON at line ${line}, column ${column}`;
  }
  return "is not valid JSON";
}

/**
 * What is wrong with the shape of the parsed file where this host's token is looked for, or its token (none stored is
 * `undefined`).
 */
function tokenIn(stored: unknown, host: string): Result<string | undefined> {
  const isObject = (value: unknown): value is object =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  const entryPath = `credentials[${JSON.stringify(host)}]`;
  if (!isObject(stored))
    return fail('must be a JSON object, as terraform login writes it: {"credentials": {"<host>": {"token": "..."}}}');
  const credentials: unknown = Object.hasOwn(stored, "credentials")
    ? (stored as { credentials: unknown }).credentials
    : undefined;
  if (credentials === undefined) return ok(undefined);
  if (!isObject(credentials)) return fail('"credentials" must be an object of host names, each with its "token"');
  if (!Object.hasOwn(credentials, host)) return ok(undefined);
  const entry: unknown = (credentials as Record<string, unknown>)[host];
  if (!isObject(entry)) return fail(`${entryPath} must be an object with a "token"`);
  const token: unknown = Object.hasOwn(entry, "token") ? (entry as { token: unknown }).token : undefined;
  return typeof token === "string" && token !== ""
    ? ok(token)
    : fail(`${entryPath}.token must be a string that is not empty`);
}

/**
 * The token `terraform login` stored for a host: none when there is no credentials file, or no entry for the host.
 * A file that is there but cannot be what terraform login writes (not a regular file, not UTF-8, not JSON, cut
 * short, another shape) is one problem naming the file, never quoting it: it holds tokens.
 */
function storedToken(file: string, host: string): Result<string | undefined> {
  if (!existsSync(file)) return ok(undefined);
  const fix = `fix or remove it, then run terraform login ${host}`;
  const read = readRegularFile(file, MAX_CREDENTIALS_BYTES);
  if (!read.ok) return fail(`${file}: cannot be read (${read.problem}); ${fix}`);
  const text = utf8Text(read.value);
  if (!text.ok) return fail(`${file}: ${text.problem}`);
  let stored: unknown;
  try {
    stored = JSON.parse(text.value);
  } catch {
    return fail(`${file}: ${jsonProblem(text.value)}; ${fix}`);
  }
  const token = tokenIn(stored, host);
  return token.ok ? token : fail(`${file}: ${token.problem}; ${fix}`);
}

function readAccess(env: NodeJS.ProcessEnv, home: string): Result<ApiAccess> {
  const hostname = tfeHostname(env);
  if (!hostname.ok) return hostname;
  const host = hostname.value;
  const address = env.TFE_ADDRESS ? tfeAddress(env.TFE_ADDRESS) : ok(`https://${host}`);
  if (!address.ok) return address;
  if (env.TFE_TOKEN) return checkedToken(env.TFE_TOKEN, "TFE_TOKEN", address.value, host);
  const hostVariable = tokenVariable(host);
  const fromHostVariable = hostVariable === undefined ? undefined : env[hostVariable];
  if (hostVariable !== undefined && fromHostVariable)
    return checkedToken(fromHostVariable, hostVariable, address.value, host);
  const stored = storedToken(join(home, CREDENTIALS_FILE), host);
  if (!stored.ok) return stored;
  if (stored.value !== undefined)
    return checkedToken(
      stored.value,
      "terraform login",
      address.value,
      host,
      `the terraform login credentials for ${host}`,
    );
  return ok({ address: address.value, hostname: host, tokenSource: "none" });
}

/**
 * What is wrong with the environment a command would call Terraform Cloud with (`TFE_HOSTNAME`, `TFE_ADDRESS`,
 * the token), as one line, or undefined. Every command that calls Terraform Cloud asks before its first request.
 */
export function accessProblem(env: NodeJS.ProcessEnv, home = homedir()): string | undefined {
  const read = readAccess(env, home);
  return read.ok ? undefined : read.problem;
}

/**
 * Finds the API the way the tfe provider will at deploy time: the host is `TFE_HOSTNAME` (default
 * app.terraform.io, always https); the token is `TFE_TOKEN`, then `TF_TOKEN_<host>`, then what
 * `terraform login` stored for the host. `TFE_ADDRESS`, a full URL that the provider does not read, overrides
 * the address for test servers and proxies. Throws on what {@link accessProblem} refuses: a command asks first.
 */
export function apiAccess(env: NodeJS.ProcessEnv, home = homedir()): ApiAccess {
  const read = readAccess(env, home);
  if (!read.ok) throw new Error(read.problem);
  return read.value;
}

/**
 * Whether the command's own token is the one to use on `hostname`: the command calls that host (TFE_HOSTNAME), or
 * TFE_ADDRESS points every request, that host's too, at one place, such as a stand-in.
 */
export function servesHost(env: NodeJS.ProcessEnv, access: ApiAccess, hostname: string): boolean {
  return access.token !== undefined && (Boolean(env.TFE_ADDRESS) || hostname === access.hostname);
}

/**
 * The environment Terraform runs in for a state kept on `stateHostname` (the config's `state`): the user's, with
 * TF_TOKEN_<host> set to the command's token when it was read for that very host (its address's) and the user set no
 * TF_TOKEN_<host> of their own (Terraform reads the name whatever its case). Terraform's `cloud` backend reads its
 * token from TF_TOKEN_<host> or the terraform login credentials, never from TFE_TOKEN, so a facilitator with only
 * TFE_TOKEN would otherwise pass preflight and see `terraform init` fail. The token stays in the environment.
 */
export function withStateToken(
  env: NodeJS.ProcessEnv,
  access: ApiAccess,
  stateHostname: string | undefined,
): NodeJS.ProcessEnv {
  if (stateHostname === undefined) return env;
  const variable = tokenVariable(stateHostname);
  // Terraform sends TF_TOKEN_<host> to the state's host itself, never through TFE_ADDRESS: the token goes only to the
  // host it was read for, so a stand-in's or another host's token never reaches the state's.
  const readFor = new URL(access.address).host.toLowerCase();
  if (variable === undefined || access.token === undefined || readFor !== stateHostname.toLowerCase()) return env;
  const own = Object.keys(env).some((name) => name.toLowerCase() === variable.toLowerCase() && env[name]);
  return own ? env : { ...env, [variable]: access.token };
}

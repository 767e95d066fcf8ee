import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { ApiClient, ApiUnreachable, type ApiResponse } from "./client";
import type { ApiAccess } from "./credentials";

/** One line of the checklist. */
export interface CheckItem {
  /** "ok" passes; "warning" deserves a look; "blocker" would make the deploy fail. */
  readonly level: "ok" | "warning" | "blocker";
  /** What was checked, e.g. `organization "acme"`. */
  readonly subject: string;
  readonly finding: string;
  /** The one thing to do about it. */
  readonly fix?: string;
}

const ok = (subject: string, finding: string): CheckItem => ({ level: "ok", subject, finding });
const warning = (subject: string, finding: string, fix: string): CheckItem => ({ level: "warning", subject, finding, fix });
const blocker = (subject: string, finding: string, fix: string): CheckItem => ({ level: "blocker", subject, finding, fix });

type Resource = { readonly attributes?: Record<string, any>; readonly relationships?: Record<string, any> };
const resourceOf = (response: ApiResponse): Resource => (response.body?.data ?? {}) as Resource;

function unexpected(subject: string, response: ApiResponse): CheckItem {
  return blocker(subject, `Terraform Cloud answered ${response.status}`, "retry later; if it persists, check the API status page and the token's permissions");
}

/** Records which kind of token this is and whether it may do what the config asks; false when it is rejected. */
async function checkToken(client: ApiClient, config: WorkshopConfig, items: CheckItem[]): Promise<boolean> {
  const item = await tokenItem(client, config);
  items.push(item);
  return item !== REJECTED;
}

const REJECTED = blocker("token", "rejected (401): it is wrong, expired or revoked", "run terraform login again, or create a new user token and export it as TFE_TOKEN");

async function tokenItem(client: ApiClient, config: WorkshopConfig): Promise<CheckItem> {
  const subject = "token";
  const response = await client.get("/account/details");
  if (response.status === 401) return REJECTED;
  if (response.status !== 200) return unexpected(subject, response);
  const account = resourceOf(response);
  const kind = account.relationships?.["authenticated-resource"]?.data?.type ?? "users";
  const owner = account.attributes?.username ?? "unknown";
  if (kind === "users") return ok(subject, `a user token of ${owner}`);
  const noun = kind === "teams" ? "a team token" : "an organization token";
  if (config.organization.create && !config.import?.organization) {
    return blocker(subject, `${noun}, and only user tokens may create organizations`, "use a user token (terraform login), or set organization.create to false if the organization exists");
  }
  return warning(subject, `${noun}: it can only do what its team or organization may`, "prefer a user token of an organization owner for the deploy");
}

/** Whether the organization exists, is the user's, or is taken; false when it is not visible. */
async function checkOrganization(client: ApiClient, config: WorkshopConfig, items: CheckItem[]): Promise<boolean> {
  const { name, create } = config.organization;
  const subject = `organization "${name}"`;
  const response = await client.get(`/organizations/${encodeURIComponent(name)}`);
  const adopting = config.import?.organization === true;
  if (response.status === 404) {
    items.push(
      create
        ? ok(subject, "does not exist yet, or belongs to an account this token cannot see: it will be created")
        : blocker(subject, "does not exist, or this token cannot see it", "check organization.name, or set organization.create to true to create it"),
    );
    return false;
  }
  if (response.status !== 200) {
    items.push(unexpected(subject, response));
    return false;
  }
  const yours = resourceOf(response).attributes?.permissions?.["can-update"] === true;
  if (create && !adopting) {
    items.push(
      yours
        ? blocker(subject, "exists already, and you own it: creating it would fail with 'name has already been taken'", 'set "import": { "organization": true } to adopt it, or organization.create to false to only look it up')
        : blocker(subject, "the name is taken by an organization you do not own", "choose another organization.name"),
    );
  } else {
    items.push(ok(subject, adopting ? "exists and will be adopted" : "exists and will be looked up"));
  }
  return true;
}

/** Whether the organization's plan has teams, when the config asks for any. */
async function checkTeamEntitlement(client: ApiClient, config: WorkshopConfig, visible: boolean, items: CheckItem[]): Promise<void> {
  const wantsTeams = config.teams.length > 0 || attendeeRoom(config).environments.length > 0;
  if (!wantsTeams) return;
  const subject = "teams";
  if (!visible) {
    items.push(warning(subject, "a new organization starts on the free plan, which has no teams", "deploy without teams and attendees first, upgrade the organization to the Essentials plan (formerly Standard), which has the teams entitlement, then add them"));
    return;
  }
  const response = await client.get(`/organizations/${encodeURIComponent(config.organization.name)}/entitlement-set`);
  if (response.status !== 200) {
    items.push(unexpected(subject, response));
    return;
  }
  items.push(
    resourceOf(response).attributes?.teams === true
      ? ok(subject, "the organization's plan includes teams")
      : blocker(subject, "the organization's plan lacks the teams entitlement: the deploy would stop at 'missing entitlements to create teams', after creating the rest", "upgrade the organization to the Essentials plan (formerly Standard), which has the teams entitlement, or remove teams and attendees from the config"),
  );
}

/** Which of the config's workspaces exist, in which execution mode, and whether that fits the config. */
async function checkWorkspaces(client: ApiClient, config: WorkshopConfig, items: CheckItem[]): Promise<void> {
  const listed = await client.list(`/organizations/${encodeURIComponent(config.organization.name)}/workspaces`);
  if (listed.status !== 200) {
    items.push(unexpected("workspaces", { status: listed.status }));
    return;
  }
  const modes = new Map(
    (listed.items as Resource[]).map((workspace) => [String(workspace.attributes?.name), String(workspace.attributes?.["execution-mode"] ?? "remote")]),
  );
  const imported = new Set(config.import?.workspaces);
  const wanted = [...config.workspaces.map((workspace) => workspace.name), ...attendeeRoom(config).environments.map((attendee) => attendee.workspaceName)];
  let toCreate = 0;
  for (const name of wanted) {
    const subject = `workspace "${name}"`;
    const mode = modes.get(name);
    if (mode === undefined && imported.has(name)) {
      items.push(blocker(subject, "is listed in import.workspaces but does not exist", "remove it from import.workspaces so that it is created"));
    } else if (mode === undefined) {
      toCreate += 1;
    } else if (imported.has(name)) {
      items.push(ok(subject, `exists (execution mode ${mode}) and will be adopted`));
    } else {
      items.push(blocker(subject, `exists already (execution mode ${mode}): creating it would fail`, `add "${name}" to import.workspaces to adopt it`));
    }
  }
  if (toCreate > 0) items.push(ok("workspaces", `${toCreate} to create`));
}

/** Where the state will live, and whether it survives the machine that deploys. */
function checkState(config: WorkshopConfig, disposableMachine: boolean): CheckItem {
  const subject = "state";
  if (config.state !== undefined) return ok(subject, `in Terraform Cloud workspace ${config.state.organization}/${config.state.workspace}`);
  return disposableMachine
    ? blocker(subject, "a local file on a machine that is thrown away after the job: the next deploy would start from nothing", 'set "state" in the config to keep it in a Terraform Cloud workspace')
    : ok(subject, "the local file terraform.aws-workshop.tfstate: it holds the tokens in plain text, keep it private");
}

/** Properties of a {@link preflight} run. */
export interface PreflightOptions {
  /**
   * Whether the deploy runs on a machine that is discarded afterwards, such as a CI runner.
   * @default false
   */
  readonly disposableMachine?: boolean;
  /**
   * How to wait out a rate limit; tests record the waits instead.
   * @default a real timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Asks Terraform Cloud, read-only, whether the config can be deployed: the token's kind, the organization,
 * the plan's teams entitlement and the workspaces. Every request is a GET.
 */
export async function preflight(config: WorkshopConfig, access: ApiAccess, options: PreflightOptions = {}): Promise<CheckItem[]> {
  const items: CheckItem[] = [checkState(config, options.disposableMachine ?? false)];
  if (access.token === undefined) {
    items.push(blocker("token", "none found in TFE_TOKEN, TF_TOKEN_<host> or the terraform login credentials", "run terraform login, or export TFE_TOKEN with a user token"));
    return items;
  }
  const client = new ApiClient({ address: access.address, token: access.token, sleep: options.sleep });
  try {
    if (!(await checkToken(client, config, items))) return items;
    const visible = await checkOrganization(client, config, items);
    await checkTeamEntitlement(client, config, visible, items);
    if (visible) await checkWorkspaces(client, config, items);
  } catch (error) {
    if (!(error instanceof ApiUnreachable)) throw error;
    items.push(blocker("Terraform Cloud", error.message, "check the network, and TFE_HOSTNAME or TFE_ADDRESS"));
  }
  return items;
}

/** One line per item: a mark, the subject, the finding and the fix. */
export function checklistLine(item: CheckItem): string {
  const mark = { ok: "ok     ", warning: "warning", blocker: "BLOCKER" }[item.level];
  return `${mark} ${item.subject}: ${item.finding}${item.fix === undefined ? "" : `. Fix: ${item.fix}`}`;
}

import { createdTeamNames } from "../../config/attendees";
import type { WorkshopConfig } from "../../config/schema";
import type { ApiClient, ApiResource, FailedAnswer } from "../../terraform-cloud/api-client";

/** What the token authenticates as. */
export type TokenKind = "users" | "teams" | "organizations";

/** What preflight learned from Terraform Cloud; undefined: not asked, or the answer failed (see `failures`). */
export interface PreflightFacts {
  /** The deploy runs on a machine thrown away afterwards, such as a CI runner. */
  readonly disposableMachine: boolean;
  /** Whether a token was found at all. */
  readonly hasToken: boolean;
  /** Who the token is: rejected (401), or a kind and a name. */
  readonly account?: "rejected" | { readonly kind: TokenKind; readonly username: string };
  /** The organization as this token sees it: not visible (404, free or someone else's), or visible and whether it may update it. */
  readonly organization?: "not-visible" | { readonly canUpdate: boolean };
  /** Whether the organization's plan has the teams entitlement. */
  readonly teamsEntitlement?: boolean;
  /** Existing workspaces by name, with their execution mode. */
  readonly workspaces?: ReadonlyMap<string, string>;
  /** Existing team names, lower-cased: Terraform Cloud compares them without case. */
  readonly teams?: ReadonlySet<string>;
  /** Whether the organization has an organization token. */
  readonly organizationToken?: boolean;
  /** Every request that got no usable answer, each reported once. */
  readonly failures: readonly FailedAnswer[];
}

/** Options of {@link gatherFacts}. */
export interface GatherOptions {
  readonly disposableMachine: boolean;
}

/** Where the token's kind is, per the Account API: the `authenticated-resource` relationship. */
function tokenKind(account: ApiResource): TokenKind | undefined {
  const authenticated = account.relationships?.["authenticated-resource"]?.data as { readonly type?: unknown } | undefined;
  const type = authenticated?.type;
  return type === "users" || type === "teams" || type === "organizations" ? type : undefined;
}

/**
 * Asks Terraform Cloud, read-only, what preflight needs to know: who the token is, the organization, and,
 * when the organization is visible, its plan, workspaces, teams and organization token. Every request is a GET.
 */
export async function gatherFacts(config: WorkshopConfig, client: ApiClient | undefined, options: GatherOptions): Promise<PreflightFacts> {
  const base = { disposableMachine: options.disposableMachine, hasToken: client !== undefined };
  if (client === undefined) return { ...base, failures: [] };
  const failures: FailedAnswer[] = [];
  const usable = <T>(answer: Awaited<ReturnType<ApiClient["get"]>>, read: (resources: readonly ApiResource[]) => T | FailedAnswer, refused?: (status: number) => T | undefined): T | undefined => {
    if (answer.kind === "failed") {
      failures.push(answer);
      return undefined;
    }
    if (answer.kind === "refused") {
      const expected = refused?.(answer.status);
      if (expected === undefined) failures.push({ kind: "failed", request: answer.request, detail: `answered ${answer.status}: this token may not read it`, advice: "run preflight with a user token of an organization owner" });
      return expected;
    }
    const value = read(answer.resources);
    if (typeof value === "object" && value !== null && (value as FailedAnswer).kind === "failed") {
      failures.push(value as FailedAnswer);
      return undefined;
    }
    return value as T;
  };
  const organizationPath = `/organizations/${encodeURIComponent(config.organization.name)}`;

  const account = usable<PreflightFacts["account"]>(
    await client.get("/account/details", "users"),
    ([user]) => {
      const kind = tokenKind(user!);
      const username = user!.attributes.username;
      if (kind === undefined || typeof username !== "string") {
        return { kind: "failed", request: "GET /api/v2/account/details", detail: "answered without the authenticated-resource and username the Account API documents", advice: "check that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud; then try again" };
      }
      return { kind, username };
    },
    (status) => (status === 401 ? "rejected" : undefined),
  );
  if (account === undefined || account === "rejected") return { ...base, account, failures };

  const organization = usable<PreflightFacts["organization"]>(
    await client.get(organizationPath, "organizations"),
    ([found]) => ({ canUpdate: (found!.attributes.permissions as { readonly "can-update"?: unknown } | undefined)?.["can-update"] === true }),
    (status) => (status === 404 ? "not-visible" : undefined),
  );
  if (organization === undefined || organization === "not-visible") return { ...base, account, organization, failures };

  const wantsTeams = createdTeamNames(config).length > 0;
  const [entitlements, workspaces, teams, organizationToken] = await Promise.all([
    wantsTeams ? client.get(`${organizationPath}/entitlement-set`, "entitlement-sets") : undefined,
    client.list(`${organizationPath}/workspaces`, "workspaces"),
    wantsTeams ? client.list(`${organizationPath}/teams`, "teams") : undefined,
    config.organization.token === undefined ? undefined : client.get(`${organizationPath}/authentication-token`, "authentication-tokens"),
  ]);
  return {
    ...base,
    account,
    organization,
    teamsEntitlement: entitlements === undefined ? undefined : usable(entitlements, ([set]) => set!.attributes.teams === true),
    workspaces: usable(workspaces, (found) => new Map(found.map((workspace) => [String(workspace.attributes.name), String(workspace.attributes["execution-mode"])]))),
    teams: teams === undefined ? undefined : usable(teams, (found) => new Set(found.map((team) => String(team.attributes.name).toLowerCase()))),
    organizationToken: organizationToken === undefined ? undefined : usable(organizationToken, () => true, (status) => (status === 404 ? false : undefined)),
    failures,
  };
}

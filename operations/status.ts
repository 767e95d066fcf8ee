import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { describeFailure, describeRefusal, type ApiAnswer, type ApiClient } from "../terraform-cloud/api-client";
import { ACCOUNT, ORGANIZATION, ORGANIZATION_MEMBERSHIP, WORKSPACE, type Workspace } from "../terraform-cloud/resources";

/** One workspace of the config, as Terraform Cloud shows it now. Its keys are the `--json` format. */
export interface StatusRow {
  readonly workspace: string;
  /** The attendee the workspace is for; null for a declared workspace. */
  readonly attendee: string | null;
  /**
   * The attendee's invitation to the organization: none when they have no email in the config or no membership,
   * unknown when Terraform Cloud's answer did not carry the members' emails.
   */
  readonly invitation: "invited" | "active" | "none" | "unknown";
  /** Whether the workspace exists; null when this token cannot tell (it may not be visible to it). */
  readonly exists: boolean | null;
  /** Whether the workspace has a current state version; null when not seen. */
  readonly hasState: boolean | null;
  /** How many resources its state manages; null when not seen. */
  readonly resources: number | null;
  /** When its current state version was created (the workspace's latest-change-at); null without one. */
  readonly lastStateAt: string | null;
}

/** What status saw, and what it could not tell. */
export interface StatusReport {
  readonly rows: readonly StatusRow[];
  /** Whether the token sees every workspace of the organization, so that one it does not see is absent. */
  readonly seesEverything: boolean;
  /** How many organization memberships came without an email, so that invitations could not be matched. */
  readonly membershipsWithoutEmail: number;
}

export type StatusReading = { readonly ok: true; readonly report: StatusReport } | { readonly ok: false; readonly problem: string };

function problemOf(answer: Exclude<ApiAnswer<unknown>, { readonly kind: "ok" }>): string {
  if (answer.kind === "failed") return `${describeFailure(answer)}. ${answer.advice}`;
  if (answer.refusal === "token-refused") return `${describeRefusal(answer)}; run terraform login again, or export a valid TFE_TOKEN`;
  return `${describeRefusal(answer)}; run status with a user token of an owner of the organization`;
}

/**
 * Reads every workspace of the config with the list endpoints, 100 to a page: tens of requests for a room of
 * 1,000, not thousands. Who the token is decides what an unseen workspace means: absent, for an owner's or the
 * organization's token, which see every workspace; unknown, for any other. Nothing is shown when a request fails.
 */
export async function gatherStatus(config: WorkshopConfig, client: ApiClient): Promise<StatusReading> {
  const organization = `/organizations/${encodeURIComponent(config.organization.name)}`;
  const room = attendeeRoom(config);
  const invited = room.environments.some((attendee) => attendee.email !== undefined);
  const [account, visibleOrganization, workspaces, memberships] = await Promise.all([
    client.get("/account/details", ACCOUNT),
    client.get(organization, ORGANIZATION),
    client.list(`${organization}/workspaces`, WORKSPACE),
    invited ? client.list(`${organization}/organization-memberships?include=user`, ORGANIZATION_MEMBERSHIP) : undefined,
  ]);
  for (const answer of [account, visibleOrganization, workspaces, memberships]) {
    if (answer !== undefined && answer.kind !== "ok") return { ok: false, problem: problemOf(answer) };
  }
  if (account.kind !== "ok" || visibleOrganization.kind !== "ok" || workspaces.kind !== "ok") return { ok: false, problem: "unreachable" };
  const seesEverything = account.value.kind === "organizations" || visibleOrganization.value.canUpdate;
  const existing = new Map(workspaces.value.map((workspace) => [workspace.name, workspace]));
  const members = memberships?.kind === "ok" ? memberships.value : [];
  const withoutEmail = members.filter((membership) => membership.email === undefined).length;
  const statuses = new Map(members.flatMap((membership) => (membership.email === undefined ? [] : [[membership.email.toLowerCase(), membership.status] as const])));

  const invitation = (email: string | undefined): StatusRow["invitation"] => {
    if (email === undefined) return "none";
    const status = statuses.get(email.toLowerCase());
    if (status === "invited" || status === "active") return status;
    return withoutEmail > 0 ? "unknown" : "none";
  };
  const row = (workspace: string, attendee: string | null, email: string | undefined): StatusRow => {
    const found: Workspace | undefined = existing.get(workspace);
    const exists = found !== undefined ? true : seesEverything ? false : null;
    const hasState = found === undefined ? (exists === false ? false : null) : found.currentStateVersion !== null;
    return {
      workspace,
      attendee,
      invitation: invitation(email),
      exists,
      hasState,
      resources: found?.resourceCount ?? null,
      lastStateAt: hasState === true ? (found?.latestChangeAt ?? null) : null,
    };
  };
  return {
    ok: true,
    report: {
      seesEverything,
      membershipsWithoutEmail: withoutEmail,
      rows: [
        ...config.workspaces.map((workspace) => row(workspace.name, null, undefined)),
        ...room.environments.map((attendee) => row(attendee.workspaceName, attendee.name, attendee.email)),
      ],
    },
  };
}

const COLUMNS = ["workspace", "attendee", "invitation", "exists", "hasState", "resources", "lastStateAt"] as const;

/** The rows as an aligned table, one line per workspace after the header; `?` where the token cannot tell. */
export function statusTable(rows: readonly StatusRow[]): string[] {
  const cell = (row: StatusRow, column: (typeof COLUMNS)[number]) => {
    const value = row[column];
    if (value !== null) return String(value);
    return row.exists === null && column !== "attendee" && column !== "lastStateAt" ? "?" : "-";
  };
  const cells = [COLUMNS as readonly string[], ...rows.map((row) => COLUMNS.map((column) => cell(row, column)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  return cells.map((line) => line.map((text, index) => text.padEnd(widths[index]!)).join("  ").trimEnd());
}

/** Whether status can say the room is ready for teardown: every workspace seen, or known absent. */
export function statusComplete(report: StatusReport): boolean {
  return report.rows.every((row) => row.exists !== null);
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The lines that say what status could not see, each once: they come before the summary. */
export function statusWarnings(report: StatusReport): string[] {
  const unseen = report.rows.filter((row) => row.exists === null).length;
  return [
    ...(unseen > 0
      ? [`warning: ${plural(unseen, "workspace")} of the config ${unseen === 1 ? "is" : "are"} not visible to this token, which sees only what it was granted: absent, or not visible. Run status with a user token of an owner of the organization to tell.`]
      : []),
    ...(report.membershipsWithoutEmail > 0
      ? [`warning: ${plural(report.membershipsWithoutEmail, "organization membership")} came without the member's email: invitations show as unknown. Run status with a user token of an owner of the organization.`]
      : []),
  ];
}

/** One line: who joined, who has state, and whether the room is ready for teardown, as far as this token can tell. */
export function statusSummary(report: StatusReport): string {
  const { rows } = report;
  const attendees = rows.filter((row) => row.attendee !== null);
  const invited = attendees.filter((row) => row.invitation !== "none").length;
  const joined = attendees.filter((row) => row.invitation === "active").length;
  const missing = rows.filter((row) => row.exists === false).length;
  const unseen = rows.filter((row) => row.exists === null).length;
  const withState = rows.filter((row) => row.hasState === true).length;
  const managing = rows.filter((row) => (row.resources ?? 0) > 0);
  const parts = [
    plural(rows.length, "workspace"),
    `${joined} of ${invited} invited attendee${invited === 1 ? "" : "s"} joined`,
    `${withState} with state`,
    ...(missing > 0 ? [`${missing} missing`] : []),
    ...(unseen > 0 ? [`${unseen} not visible to this token`] : []),
  ];
  const teardown =
    managing.length > 0
      ? `${managing.length} still managing resources: not ready for teardown (${managing.map((row) => row.workspace).join(", ")})`
      : unseen > 0
        ? "cannot tell whether the room is ready for teardown"
        : "none still manages resources: ready for teardown";
  return `${parts.join(", ")}; ${teardown}.`;
}

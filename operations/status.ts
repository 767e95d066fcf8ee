import { attendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { describeFailure, type ApiAnswer, type ApiClient } from "../terraform-cloud/api-client";

/** One workspace of the config, as Terraform Cloud shows it now. Its keys are the `--json` format. */
export interface StatusRow {
  readonly workspace: string;
  /** The attendee the workspace is for; null for a declared workspace. */
  readonly attendee: string | null;
  /** The attendee's invitation to the organization: none when they have no email in the config or no membership. */
  readonly invitation: "invited" | "active" | "none";
  readonly exists: boolean;
  /** Whether the workspace has a current state version. */
  readonly hasState: boolean;
  /** How many resources its state manages; null when the workspace does not exist. */
  readonly resources: number | null;
  /** When its current state version was created; null without one. */
  readonly lastStateAt: string | null;
}

export type StatusReading = { readonly ok: true; readonly rows: readonly StatusRow[] } | { readonly ok: false; readonly problem: string };

function problemOf(answer: Exclude<ApiAnswer, { readonly kind: "ok" }>): string {
  return answer.kind === "failed" ? `${describeFailure(answer)}. ${answer.advice}` : `${answer.request} answered ${answer.status}: this token may not read it; use a user token of an organization owner`;
}

/**
 * Reads the state of every workspace of the config with two list requests (workspaces with their current
 * state version, and, when attendees have emails, the memberships), 100 to a page: tens of requests for a
 * room of 1,000, not thousands. Nothing is shown when a list fails: no row is guessed.
 */
export async function gatherStatus(config: WorkshopConfig, client: ApiClient): Promise<StatusReading> {
  const organization = `/organizations/${encodeURIComponent(config.organization.name)}`;
  const room = attendeeRoom(config);
  const invited = room.environments.some((attendee) => attendee.email !== undefined);
  const [workspaces, memberships] = await Promise.all([
    client.list(`${organization}/workspaces?include=current_state_version`, "workspaces"),
    invited ? client.list(`${organization}/organization-memberships`, "organization-memberships") : undefined,
  ]);
  if (workspaces.kind !== "ok") return { ok: false, problem: problemOf(workspaces) };
  if (memberships !== undefined && memberships.kind !== "ok") return { ok: false, problem: problemOf(memberships) };

  const stateTimes = new Map(workspaces.included.filter((item) => item.type === "state-versions").map((version) => [version.id, version.attributes["created-at"]]));
  const existing = new Map(workspaces.resources.map((workspace) => [String(workspace.attributes.name), workspace]));
  const statuses = new Map((memberships?.resources ?? []).map((membership) => [String(membership.attributes.email).toLowerCase(), membership.attributes.status]));

  const row = (workspace: string, attendee: string | null, email: string | undefined): StatusRow => {
    const found = existing.get(workspace);
    const current = found?.relationships?.["current-state-version"]?.data as { readonly id?: unknown } | null | undefined;
    const stateId = typeof current?.id === "string" ? current.id : undefined;
    const stateAt = stateId === undefined ? undefined : stateTimes.get(stateId);
    const status = email === undefined ? undefined : statuses.get(email.toLowerCase());
    const count = found?.attributes["resource-count"];
    return {
      workspace,
      attendee,
      invitation: status === "invited" || status === "active" ? status : "none",
      exists: found !== undefined,
      hasState: stateId !== undefined,
      resources: found === undefined ? null : typeof count === "number" ? count : null,
      lastStateAt: typeof stateAt === "string" ? stateAt : null,
    };
  };
  return {
    ok: true,
    rows: [
      ...config.workspaces.map((workspace) => row(workspace.name, null, undefined)),
      ...room.environments.map((attendee) => row(attendee.workspaceName, attendee.name, attendee.email)),
    ],
  };
}

const COLUMNS = ["workspace", "attendee", "invitation", "exists", "hasState", "resources", "lastStateAt"] as const;

/** The rows as an aligned table, one line per workspace after the header. */
export function statusTable(rows: readonly StatusRow[]): string[] {
  const cells = [COLUMNS as readonly string[], ...rows.map((row) => COLUMNS.map((column) => (row[column] === null ? "-" : String(row[column]))))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  return cells.map((line) => line.map((cell, index) => cell.padEnd(widths[index]!)).join("  ").trimEnd());
}

/** One line: who joined, who has state, and whether the room is ready for teardown. */
export function statusSummary(rows: readonly StatusRow[]): string {
  const attendees = rows.filter((row) => row.attendee !== null);
  const invited = attendees.filter((row) => row.invitation !== "none").length;
  const joined = attendees.filter((row) => row.invitation === "active").length;
  const missing = rows.filter((row) => !row.exists).length;
  const withState = rows.filter((row) => row.hasState).length;
  const managing = rows.filter((row) => (row.resources ?? 0) > 0);
  const parts = [
    `${rows.length} workspace${rows.length === 1 ? "" : "s"}`,
    `${joined} of ${invited} invited attendee${invited === 1 ? "" : "s"} joined`,
    `${withState} with state`,
    ...(missing > 0 ? [`${missing} missing`] : []),
  ];
  const teardown =
    managing.length === 0
      ? "none still manages resources: ready for teardown"
      : `${managing.length} still managing resources: not ready for teardown (${managing.map((row) => row.workspace).join(", ")})`;
  return `${parts.join(", ")}; ${teardown}.`;
}

import { STAGES, type BoardSnapshot, type BoardTile, type Stage } from "./shape";
import { statusComplete, statusSummary, statusWarnings, type StatusReport, type StatusRow } from "../status";

/** The stages of an invitation, which an attendee without an email never goes through. */
const INVITATION_STAGES: ReadonlySet<Stage> = new Set(["invited", "joined"]);

/** An attendee's stage: the furthest step the row shows. */
export function stageOf(row: StatusRow): Stage {
  if ((row.resources ?? 0) > 0) return "managing";
  if (row.hasState === true) return "pushed";
  if (row.tokenLastUsedAt !== null) return "connected";
  if (row.invitation === "active") return "joined";
  if (row.invitation === "invited") return "invited";
  return "waiting";
}

/** The board's view of a status report. */
export function boardSnapshot(organization: string, report: StatusReport): BoardSnapshot {
  const attendeeRows = report.rows.filter((row) => row.attendee !== null && row.workspace !== null);
  const tiles = attendeeRows.map((row) => ({
    attendee: row.attendee!,
    workspace: row.workspace!,
    stage: stageOf(row),
    invitation: row.invitation,
    exists: row.exists,
    tokenLastUsedAt: row.tokenLastUsedAt,
    lastStateAt: row.lastStateAt,
    resources: row.resources,
  }));
  // An attendee without an email is never invited, so never counted as invited or joined, whatever else they did.
  const applies = (tile: BoardTile, stage: Stage) => !(tile.invitation === "none" && INVITATION_STAGES.has(stage));
  const counts = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      tiles.filter((tile) => STAGES.indexOf(tile.stage) >= STAGES.indexOf(stage) && applies(tile, stage)).length,
    ]),
  ) as Record<Stage, number>;
  const managing = report.rows.some((row) => (row.resources ?? 0) > 0);
  return {
    organization,
    readAt: report.readAt,
    counts,
    attendees: tiles.length,
    summary: statusSummary(report),
    teardown: managing ? "not-ready" : statusComplete(report) ? "ready" : "cannot-tell",
    warnings: statusWarnings(report),
    tiles,
    side: report.rows
      .filter((row) => row.attendee === null)
      .map((row) => ({
        name: row.workspace ?? row.team ?? "",
        kind: row.workspace === null ? "team" : "workspace",
        exists: row.exists,
        resources: row.resources,
        tokenLastUsedAt: row.tokenLastUsedAt,
        tokenExpiresAt: row.tokenExpiresAt,
      })),
  };
}

import { stepBehind, type StepBehind } from "../nudge";
import { eventLine, statusWarnings, usedByHolder, type StatusReport, type StatusRow } from "../status";
import { STAGES, type Attention, type AttentionReason, type BoardSnapshot, type BoardTile, type Stage } from "./shape";

/** The stages of an invitation, which an attendee without an email never goes through. */
const INVITATION_STAGES: ReadonlySet<Stage> = new Set(["invited", "joined"]);

/** How long an attendee may stay behind at a stage before the board lists them: a quarter of an hour. */
export const ATTENTION_AFTER_MINUTES = 15;

/** The list's order: what blocks an attendee entirely first, then who has waited longest. */
const URGENCY: readonly AttentionReason[] = ["no-workspace", "not-invited", "not-joined", "token-unused", "no-state"];

/** An attendee's stage: the furthest step the row shows. */
export function stageOf(row: StatusRow): Stage {
  if ((row.resources ?? 0) > 0) return "managing";
  if (row.hasState === true) return "pushed";
  // verify's use of the token, right after the deploy, is no sign that the attendee connected
  if (usedByHolder(row)) return "connected";
  if (row.invitation === "active") return "joined";
  if (row.invitation === "invited") return "invited";
  return "waiting";
}

/** When the board first saw an attendee at the stage they are at. */
export interface StageSeen {
  readonly stage: Stage;
  readonly since: string;
}

/** What the board read before, and what it knows of the room beside Terraform Cloud's answers. */
export interface SnapshotContext {
  /** The time of the read. */
  readonly now: Date;
  /** The attendees who have an email in the config, and so an invitation to go through. */
  readonly invitable: ReadonlySet<string>;
  /**
   * Each attendee's stage at the previous reads, and since when: an attendee still at it keeps its time.
   * @default nothing seen yet: every stage starts now
   */
  readonly seen?: ReadonlyMap<string, StageSeen>;
}

/**
 * Why the attendee needs the facilitator now, if they do: nudge's step behind ({@link stepBehind}), at once for a
 * missing workspace, else after a while at their stage; an email without an invitation at once. The first step of an
 * attendee without an email is their token's use, since they have no invitation to accept; one with an email whose
 * invitation the token could not tell is not listed, their step not known.
 */
function attentionOf(
  tile: BoardTile,
  behind: StepBehind | undefined,
  invitable: boolean,
  now: Date,
): AttentionReason | undefined {
  if (behind === "workspace") return "no-workspace";
  if (invitable && tile.invitation === "none" && tile.stage === "waiting") return "not-invited";
  const waited = now.getTime() - Date.parse(tile.since) >= ATTENTION_AFTER_MINUTES * 60_000;
  if (!waited || behind === undefined || (invitable && tile.stage === "waiting")) return undefined;
  if (tile.stage === "invited") return "not-joined";
  return behind === "token" ? "token-unused" : "no-state";
}

/** The "needs attention" list: most urgent reason first, then who has waited longest, then by name. */
function attentionList(
  tiles: readonly BoardTile[],
  behind: readonly (StepBehind | undefined)[],
  context: SnapshotContext,
): Attention[] {
  const rank = (entry: Attention) => URGENCY.indexOf(entry.reason);
  return tiles
    .flatMap((tile, index) => {
      const reason = attentionOf(tile, behind[index], context.invitable.has(tile.attendee), context.now);
      if (reason === undefined) return [];
      return [{ attendee: tile.attendee, reason, since: reason === "no-workspace" ? null : tile.since }];
    })
    .sort(
      (a, b) =>
        rank(a) - rank(b) || (a.since ?? "").localeCompare(b.since ?? "") || a.attendee.localeCompare(b.attendee),
    );
}

/** The board's view of a status report. */
export function boardSnapshot(organization: string, report: StatusReport, context: SnapshotContext): BoardSnapshot {
  const attendeeRows = report.rows.filter((row) => row.attendee !== null && row.workspace !== null);
  const now = context.now.toISOString();
  const tiles: BoardTile[] = attendeeRows.map((row) => {
    const stage = stageOf(row);
    const seen = context.seen?.get(row.attendee!);
    return {
      attendee: row.attendee!,
      workspace: row.workspace!,
      stage,
      invitation: row.invitation,
      exists: row.exists,
      tokenLastUsedAt: row.tokenLastUsedAt,
      lastStateAt: row.lastStateAt,
      resources: row.resources,
      since: seen?.stage === stage ? seen.since : now,
    };
  });
  // An attendee without an email is never invited, so never counted as invited or joined, whatever else they did.
  const applies = (tile: BoardTile, stage: Stage) => !(tile.invitation === "none" && INVITATION_STAGES.has(stage));
  const counts = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      tiles.filter((tile) => STAGES.indexOf(tile.stage) >= STAGES.indexOf(stage) && applies(tile, stage)).length,
    ]),
  ) as Record<Stage, number>;
  return {
    organization,
    readAt: report.readAt,
    counts,
    attendees: tiles.length,
    invitable: tiles.filter((tile) => context.invitable.has(tile.attendee)).length,
    attention: attentionList(
      tiles,
      attendeeRows.map((row) => stepBehind(row, report.tokensSeen)),
      context,
    ),
    ...(report.event === undefined ? {} : { event: { ...report.event, line: eventLine(report.event) } }),
    warnings: statusWarnings(report),
    tiles,
    side: report.rows
      .filter((row) => row.attendee === null)
      .map((row) => ({
        name: row.workspace ?? row.team ?? "",
        kind: row.workspace === null ? "team" : "workspace",
        exists: row.exists,
        resources: row.resources,
        // verify's use of a team's token is no use by the team, as for an attendee's tile
        tokenLastUsedAt: usedByHolder(row) ? row.tokenLastUsedAt : null,
        tokenExpiresAt: row.tokenExpiresAt,
      })),
  };
}

/** Each attendee's stage and since when, for the next read. */
export function stagesSeen(snapshot: BoardSnapshot): Map<string, StageSeen> {
  return new Map(snapshot.tiles.map((tile) => [tile.attendee, { stage: tile.stage, since: tile.since }]));
}

import { attendeeRoom, type AttendeeRoom } from "../config/attendees";
import type { WorkshopConfig } from "../config/schema";
import { nameKey } from "../terraform-cloud/naming-rules";
import { attendeeTokenDescription } from "../workshop/defaults";
import { withFix } from "../text/fix";
import { describeFailure, describeRefusal, type ApiAnswer, type ApiClient } from "../terraform-cloud/api-client";
import {
  listOrganizationMemberships,
  listTeams,
  listTeamTokens,
  listWorkspaces,
  readAccount,
  readCurrentStateVersion,
  readOrganization,
  type Account,
  type Organization,
  type OrganizationMembership,
  type Team,
  type TeamToken,
  type Workspace,
} from "../terraform-cloud/resources";
import { count, listed } from "../text/count";
import { fail, ok, type Result } from "../text/result";
import { timeOf, UNREADABLE } from "../terraform-cloud/dates";
import type { EventStatus } from "./board/shape";
import {
  NO_VERIFY_RECORD,
  recordedTeams,
  usedOnlyByVerify,
  VERIFY_RECORD_FILE,
  verifyUses,
  type VerifyRecord,
} from "./verify-record";

export type { EventStatus };

/**
 * One workspace of the config, or one team with a token that has no workspace row of its own, as Terraform Cloud
 * shows it now. Its keys are the `--json` format.
 */
export interface StatusRow {
  /** The workspace; null for a team's row. */
  readonly workspace: string | null;
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
  /**
   * When its current state version was created (its `created-at`); null without one, or where this token may not read
   * it. Every date of a row is RFC 3339 text, or "unreadable".
   */
  readonly lastStateAt: string | null;
  /** The team whose token the row's holder uses: an attendee's own, or a declared team with a token; null otherwise. */
  readonly team: string | null;
  /**
   * When that token was last used, from the team tokens list; null when never, or not seen. Verify's use counts:
   * one at or before `tokenVerifiedAt` is verify's.
   */
  readonly tokenLastUsedAt: string | null;
  /**
   * When `npm run verify` last used that token, from this machine's record of it; null when it has none,
   * "unreadable" when the record cannot say when: every use of the token is then counted as verify's.
   */
  readonly tokenVerifiedAt: string | null;
  /** When that token expires; null when it has none, or it was not seen. */
  readonly tokenExpiresAt: string | null;
}

/** What status saw, and what it could not tell. */
export interface StatusReport {
  readonly rows: readonly StatusRow[];
  /** Whether the token sees every workspace of the organization, so that one it does not see is absent. */
  readonly seesEverything: boolean;
  /** How many organization memberships came without an email, so that invitations could not be matched. */
  readonly membershipsWithoutEmail: number;
  /** Whether the memberships could be read; when not, invitations are unknown. */
  readonly membershipsSeen: boolean;
  /** The attendees whose membership has a status the documentation does not list: their invitation is unknown. */
  readonly undocumentedStatuses: readonly string[];
  /** The workspaces with state whose current state version this token may not read: their lastStateAt is empty. */
  readonly statesUnseen: readonly string[];
  /** The workspaces with state whose current state version is left to a later read (`maxStateReads`, `maxRequests`). */
  readonly statesPending: readonly string[];
  /** Whether the teams and their tokens could be read; when not, the token columns are empty. */
  readonly tokensSeen: boolean;
  /**
   * Whether this machine has verify's record of when it used the tokens: without it, a token's last use may be
   * verify's.
   */
  readonly verifyRecorded: boolean;
  /** What this machine's record of verify's use of the tokens cannot tell, one line each. */
  readonly verifyRecordWarnings: readonly string[];
  /** The time status read Terraform Cloud at, for expiries. */
  readonly readAt: string;
  /** The event, when the config has one. */
  readonly event?: EventStatus;
}

/** Options of {@link gatherStatus}. */
export interface StatusOptions {
  /** The time status reads at. */
  readonly now: Date;
  /**
   * Answers a caller that asks again and again (the board) read once already: who the token is, the organization
   * and its teams, which change far less often than the room.
   * @default every answer asked anew
   */
  readonly known?: {
    readonly account?: ApiAnswer<Account>;
    readonly organization?: ApiAnswer<Organization>;
    readonly teams?: ApiAnswer<Team[]>;
  };
  /**
   * The `created-at` of the state versions read before, by id, which status adds to: a state version never changes,
   * so a caller that asks again and again (the board) reads each once.
   * @default none read before
   */
  readonly stateVersions?: Map<string, string>;
  /**
   * The most state versions read that were not read before; the others are read by a later call (the board's next
   * refresh), so that a room where hundreds pushed is not hundreds of requests at once.
   * @default every one
   */
  readonly maxStateReads?: number;
  /**
   * The most requests the call may send, the lists' pages included: the state versions get what the lists leave
   * (at least one, so that a room whose lists take it all still fills in), within `maxStateReads`.
   * @default no more than the lists and `maxStateReads` ask
   */
  readonly maxRequests?: number;
  /**
   * This machine's record of when verify last used each token (`verified-tokens.json`), to tell its use from the
   * holder's.
   * @default no record: a token's last use may be verify's
   */
  readonly verifyRecord?: VerifyRecord;
}

function problemOf(answer: Exclude<ApiAnswer<unknown>, { readonly kind: "ok" }>): string {
  if (answer.kind === "failed") return withFix(describeFailure(answer), answer.advice);
  if (answer.refusal === "token-refused")
    return withFix(describeRefusal(answer), "run terraform login again, or export a valid TFE_TOKEN");
  return withFix(describeRefusal(answer), OWNER_TOKEN);
}

/** The fix of what a token cannot see, named for status and nudge alike. */
const OWNER_TOKEN = "use a user token of an owner of the organization";

/**
 * The organization's own 404 before the first deploy, in words: it may be absent as well as hidden, so the line says
 * both and asserts neither.
 */
function organizationProblem(answer: Exclude<ApiAnswer<unknown>, { readonly kind: "ok" }>, name: string): string {
  if (answer.kind !== "refused" || answer.refusal !== "not-visible") return problemOf(answer);
  return withFix(
    `${answer.request} answered ${answer.status}: the organization ${name} ` +
      "does not exist yet (not deployed?) or this token cannot see it",
    `deploy first if it is not deployed; otherwise ${OWNER_TOKEN}`,
  );
}

/** Whether the config makes team tokens, whose columns status fills. */
const hasTokens = (config: WorkshopConfig, room: AttendeeRoom) =>
  room.environments.length > 0 || config.teams.some((team) => team.token !== undefined);

/**
 * Reads every workspace of the config with the list endpoints, 100 to a page: tens of requests for a room of
 * 1,000, not thousands. Who the token is decides what an unseen workspace means: absent, for an owner's or the
 * organization's token, which see every workspace; unknown, for any other. Nothing is shown when a request fails.
 */
export async function gatherStatus(
  config: WorkshopConfig,
  client: ApiClient,
  options: StatusOptions,
): Promise<Result<StatusReport>> {
  const organization = config.organization.name;
  const sentBefore = client.requestsSent;
  const room = attendeeRoom(config);
  const invited = room.environments.some((attendee) => attendee.email !== undefined);
  const withTokens = hasTokens(config, room);
  const [account, visibleOrganization, workspaces, memberships, teams, tokens] = await Promise.all([
    options.known?.account ?? readAccount(client),
    options.known?.organization ?? readOrganization(client, organization),
    listWorkspaces(client, organization),
    invited ? listOrganizationMemberships(client, organization) : undefined,
    withTokens ? (options.known?.teams ?? listTeams(client, organization)) : undefined,
    withTokens ? listTeamTokens(client, organization) : undefined,
  ]);
  // The memberships, the teams and their tokens only fill their columns: a token that may not read them (a team's)
  // still gets the rest, with those columns unknown.
  const columnFailure = [memberships, teams, tokens].find(
    (answer) => answer?.kind === "failed" || (answer?.kind === "refused" && answer.refusal === "token-refused"),
  );
  if (account.kind !== "ok") return fail(problemOf(account));
  if (visibleOrganization.kind !== "ok") return fail(organizationProblem(visibleOrganization, organization));
  if (workspaces.kind !== "ok") return fail(problemOf(workspaces));
  if (columnFailure !== undefined && columnFailure.kind !== "ok") return fail(problemOf(columnFailure));
  const seesEverything = account.value.kind === "organizations" || visibleOrganization.value.canUpdate;
  const existing = new Map(workspaces.value.map((workspace) => [workspace.name, workspace]));
  const configured = [
    ...config.workspaces.map((workspace) => workspace.name),
    ...room.environments.map((attendee) => attendee.workspaceName),
  ];
  const left =
    options.maxRequests === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(1, options.maxRequests - (client.requestsSent - sentBefore));
  const stateRead = await stateTimes(
    configured.flatMap((name) => existing.get(name) ?? []),
    client,
    options.stateVersions ?? new Map<string, string>(),
    Math.min(options.maxStateReads ?? Number.POSITIVE_INFINITY, left),
  );
  if (!stateRead.ok) return stateRead;
  const states = stateRead.value;
  const answers = { seesEverything, existing, states, memberships, teams, tokens, verifyRecord: options.verifyRecord };
  return ok(statusReport(config, room, answers, options.now));
}

/** What Terraform Cloud answered that {@link statusReport} maps: the columns' answers may be absent or refused. */
interface RoomAnswers {
  readonly seesEverything: boolean;
  /** The organization's workspaces, by name. */
  readonly existing: ReadonlyMap<string, Workspace>;
  readonly states: StateTimes;
  readonly memberships?: ApiAnswer<OrganizationMembership[]>;
  readonly teams?: ApiAnswer<Team[]>;
  readonly tokens?: ApiAnswer<TeamToken[]>;
  /** Verify's record of its use of the tokens, which is no answer of Terraform Cloud's but read beside them. */
  readonly verifyRecord?: VerifyRecord;
}

/**
 * A team's tokens by team name; `tokenOf` the one with the description the stack gives it, the newest when another
 * tool made more.
 */
function tokenFinder(teams: readonly Team[], tokens: readonly TeamToken[]) {
  const teamIds = new Map(teams.map((team) => [nameKey(team.name), team.id]));
  const tokensOf = new Map<string, TeamToken[]>();
  for (const token of tokens) tokensOf.set(token.teamId, [...(tokensOf.get(token.teamId) ?? []), token]);
  const created = (token: TeamToken) => timeOf(token.createdAt) ?? Number.NEGATIVE_INFINITY;
  const tokensOfTeam = (team: string): readonly TeamToken[] => {
    const id = teamIds.get(nameKey(team));
    return id === undefined ? [] : (tokensOf.get(id) ?? []);
  };
  return {
    hasTeam: (team: string) => teamIds.has(nameKey(team)),
    tokensOfTeam,
    tokenOf: (team: string, description: string) => {
      const all = tokensOfTeam(team);
      return (
        all.find((token) => token.description === description) ?? [...all].sort((a, b) => created(b) - created(a))[0]
      );
    },
  };
}

/**
 * The organization's memberships by email, and an attendee's invitation from them: "unknown", not "none", while a
 * membership without an email, or an unread list, could be theirs.
 */
function invitationsOf(memberships: RoomAnswers["memberships"]) {
  const membershipsSeen = memberships === undefined || memberships.kind === "ok";
  const members = memberships?.kind === "ok" ? memberships.value : [];
  const withoutEmail = members.filter((membership) => membership.email === undefined).length;
  const statuses = new Map(
    members.flatMap((membership) =>
      membership.email === undefined ? [] : [[membership.email.toLowerCase(), membership.status] as const],
    ),
  );

  const invitation = (email: string | undefined): StatusRow["invitation"] => {
    if (email === undefined) return "none";
    const status = statuses.get(email.toLowerCase());
    if (status !== undefined) return status;
    return withoutEmail > 0 || !membershipsSeen ? "unknown" : "none";
  };
  return { membershipsSeen, withoutEmail, statuses, invitation };
}

/** The token columns of a row: its team's token as Terraform Cloud lists it, and verify's use of it as recorded. */
const tokenColumnsOf = (
  team: string | null,
  token: TeamToken | undefined,
  verifiedAt: ReadonlyMap<string, string>,
) => ({
  team,
  tokenLastUsedAt: token?.lastUsedAt ?? null,
  tokenVerifiedAt: (team === null ? undefined : verifiedAt.get(team)) ?? null,
  tokenExpiresAt: token?.expiredAt ?? null,
});

/** The rows of the config's workspaces and token teams, from Terraform Cloud's answers: nothing asked here. */
function statusReport(config: WorkshopConfig, room: AttendeeRoom, answers: RoomAnswers, now: Date): StatusReport {
  const { seesEverything, existing, states, memberships, teams, tokens } = answers;
  const verified = verifyUses(answers.verifyRecord ?? NO_VERIFY_RECORD, recordedTeams(config), now);
  const withTokens = hasTokens(config, room);
  const { membershipsSeen, withoutEmail, statuses, invitation } = invitationsOf(memberships);
  const tokensSeen = teams?.kind === "ok" && tokens?.kind === "ok";
  const { hasTeam, tokenOf, tokensOfTeam } = tokenFinder(
    teams?.kind === "ok" ? teams.value : [],
    tokens?.kind === "ok" ? tokens.value : [],
  );
  const tokenColumns = (team: string | null, description: string | undefined) =>
    tokenColumnsOf(
      team,
      team === null || description === undefined ? undefined : tokenOf(team, description),
      verified.verifiedAt,
    );

  const row = (
    workspace: string,
    attendee: string | null,
    email: string | undefined,
    token?: { readonly team: string; readonly description: string },
  ): StatusRow => {
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
      lastStateAt: found === undefined ? null : (states.times.get(found.id) ?? null),
      ...tokenColumns(token?.team ?? null, token?.description),
    };
  };
  const teamRow = (team: string, description: string): StatusRow => ({
    workspace: null,
    attendee: null,
    invitation: "none",
    exists: hasTeam(team) ? true : seesEverything && tokensSeen ? false : null,
    hasState: null,
    resources: null,
    lastStateAt: null,
    ...tokenColumns(team, description),
  });
  const liveAttendeeTokens = () =>
    room.environments
      .flatMap((attendee) => tokensOfTeam(attendee.workspaceName))
      .filter((token) => token.expiredAt === null || Date.parse(token.expiredAt) > now.getTime()).length;
  const event =
    config.event === undefined ? undefined : eventStatus(config.event, now, tokensSeen ? liveAttendeeTokens() : null);
  return {
    ...(event === undefined ? {} : { event }),
    seesEverything,
    membershipsWithoutEmail: withoutEmail,
    membershipsSeen,
    statesUnseen: states.unseen,
    statesPending: states.pending,
    undocumentedStatuses: room.environments
      .filter((attendee) => attendee.email !== undefined && statuses.get(attendee.email.toLowerCase()) === "unknown")
      .map((attendee) => attendee.name),
    tokensSeen: tokensSeen || !withTokens,
    verifyRecorded: answers.verifyRecord !== undefined && answers.verifyRecord.kind !== "absent",
    verifyRecordWarnings: verified.warnings,
    readAt: now.toISOString(),
    rows: [
      ...config.workspaces.map((workspace) => row(workspace.name, null, undefined)),
      ...config.teams.flatMap((team) => (team.token === undefined ? [] : [teamRow(team.name, team.token.description)])),
      ...room.environments.map((attendee) =>
        row(attendee.workspaceName, attendee.name, attendee.email, {
          team: attendee.workspaceName,
          description: attendeeTokenDescription(attendee.name, attendee.tokenGeneration),
        }),
      ),
    ],
  };
}

/** When each workspace's current state was made, by workspace id, and the workspaces with state not read. */
interface StateTimes {
  readonly times: ReadonlyMap<string, string>;
  /** Workspaces with state whose time is unknown: this token may not read it, or it was not answered. */
  readonly unseen: readonly string[];
  /** Workspaces whose state is left to a later call, past `maxStateReads`. */
  readonly pending: readonly string[];
}

/**
 * When the current state version of each workspace with state was created, by workspace id: one request for each
 * state version not read before (the documented include of the workspace list has none of them), at most `max` of
 * them, and none for a workspace whose permissions say this token may not read its state versions. A failed
 * request is no answer.
 */
async function stateTimes(
  workspaces: readonly Workspace[],
  client: ApiClient,
  known: Map<string, string>,
  max = Number.POSITIVE_INFINITY,
): Promise<Result<StateTimes>> {
  const withState = workspaces.filter((workspace) => workspace.currentStateVersion !== null);
  const unread = withState.filter(
    (workspace) => !known.has(workspace.currentStateVersion!) && workspace.permissions.canReadStateVersions,
  );
  const asked = unread.slice(0, max);
  const answers = await Promise.all(asked.map((workspace) => readCurrentStateVersion(client, workspace.id)));
  const failure = answers.find(
    (answer) => answer.kind === "failed" || (answer.kind === "refused" && answer.refusal === "token-refused"),
  );
  if (failure !== undefined && failure.kind !== "ok") return fail(problemOf(failure));
  // Read by the id the answer has: one pushed since the list was read is a newer version, of its own time.
  for (const answer of answers) if (answer.kind === "ok") known.set(answer.value.id, answer.value.createdAt);
  const read = new Map(
    answers.flatMap((answer, index) =>
      answer.kind === "ok" ? [[asked[index]!.id, answer.value.createdAt] as const] : [],
    ),
  );
  const times = new Map(
    withState.flatMap((workspace) => {
      const at = read.get(workspace.id) ?? known.get(workspace.currentStateVersion!);
      return at === undefined ? [] : [[workspace.id, at] as const];
    }),
  );
  const pending = new Set(unread.slice(asked.length).map((workspace) => workspace.id));
  const without = withState.filter((workspace) => !times.has(workspace.id));
  return ok({
    times,
    unseen: without.filter((workspace) => !pending.has(workspace.id)).map((workspace) => workspace.name),
    pending: without.filter((workspace) => pending.has(workspace.id)).map((workspace) => workspace.name),
  });
}

/** The event's end and what is left of it at `now`. */
function eventStatus(
  event: NonNullable<WorkshopConfig["event"]>,
  now: Date,
  liveAttendeeTokens: number | null,
): EventStatus {
  const endsAt = event.endsAt === undefined ? null : new Date(event.endsAt).toISOString().replace(".000Z", "Z");
  const secondsLeft = endsAt === null ? null : Math.max(0, Math.floor((Date.parse(endsAt) - now.getTime()) / 1000));
  return { endsAt, secondsLeft, ended: event.ended === true, liveAttendeeTokens };
}

/** A span of time as a facilitator says it: days and hours, hours and minutes, or minutes. */
export function timeLeftText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const [days, hours] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60)];
  if (days > 0) return `${count(days, "day")} ${count(hours, "hour")}`;
  if (hours > 0) return `${count(hours, "hour")} ${count(minutes % 60, "minute")}`;
  return count(minutes, "minute");
}

/** One line for the event: ended, or when it ends and how long is left, and how many attendee tokens still work. */
export function eventLine(event: EventStatus): string {
  const when = event.ended
    ? "ended (the config says so)"
    : event.endsAt === null
      ? "no end set"
      : event.secondsLeft === 0
        ? `ended at ${event.endsAt}`
        : `ends ${event.endsAt}, ${timeLeftText(event.secondsLeft!)} left`;
  const live =
    event.liveAttendeeTokens === null
      ? "cannot tell how many attendee tokens are still live"
      : `${count(event.liveAttendeeTokens, "attendee token")} still live`;
  return `event: ${when}; ${live}.`;
}

const COLUMNS = [
  "workspace",
  "attendee",
  "team",
  "invitation",
  "exists",
  "hasState",
  "resources",
  "lastStateAt",
  "tokenLastUsedAt",
  "tokenExpiresAt",
] as const;

/**
 * The columns a table too wide for the terminal leaves out, first to last: the attendee is in the workspace's name,
 * `exists` in `?` and `-`, and the others are read less often on the day than who has state and used the token.
 */
const NARROW_LEAVES_OUT = ["attendee", "exists", "lastStateAt", "team", "tokenExpiresAt", "invitation"] as const;

/** An aligned table, and the columns it left out to fit. */
export interface StatusTable {
  readonly lines: string[];
  readonly leftOut: readonly string[];
}

/**
 * The rows as an aligned table, one line per workspace after the header; `?` where the token cannot tell. Given a
 * terminal's width, it leaves out columns (NARROW_LEAVES_OUT) until it fits, or none are left to leave out.
 */
export function statusTable(rows: readonly StatusRow[], width?: number): StatusTable {
  const cell = (row: StatusRow, column: (typeof COLUMNS)[number]) => {
    if (column === "tokenLastUsedAt" && usedOnlyByVerify(row.tokenLastUsedAt, row.tokenVerifiedAt))
      return row.tokenVerifiedAt === UNREADABLE
        ? `${row.tokenLastUsedAt} (verify's?)`
        : `${row.tokenLastUsedAt} (verify's)`;
    const value = row[column];
    if (value !== null) return String(value);
    const unknown =
      row.exists === null &&
      (column === "exists" || (row.workspace !== null && (column === "hasState" || column === "resources")));
    return unknown ? "?" : "-";
  };
  const cells = [COLUMNS as readonly string[], ...rows.map((row) => COLUMNS.map((column) => cell(row, column)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  const leftOut: string[] = [];
  const tableWidth = () =>
    COLUMNS.reduce((sum, column, index) => (leftOut.includes(column) ? sum : sum + widths[index]! + 2), -2);
  for (const column of NARROW_LEAVES_OUT) {
    if (width === undefined || tableWidth() <= width) break;
    leftOut.push(column);
  }
  const kept = COLUMNS.flatMap((column, index) => (leftOut.includes(column) ? [] : [index]));
  const lines = cells.map((line) =>
    kept
      .map((index) => line[index]!.padEnd(widths[index]!))
      .join("  ")
      .trimEnd(),
  );
  return { lines, leftOut };
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How soon an expiry is worth a warning: a token that stops within a week may stop during the workshop. */
export const EXPIRY_WARNING_DAYS = 7;

/** Who holds a row's token, as a facilitator names them. */
const holderOf = (row: StatusRow) => (row.attendee !== null ? `attendee ${row.attendee}` : `team ${row.team}`);

/** Whether a row's token has been used by its holder, as far as status can tell: a use by verify is not theirs. */
export const usedByHolder = (row: StatusRow) =>
  row.tokenLastUsedAt !== null && !usedOnlyByVerify(row.tokenLastUsedAt, row.tokenVerifiedAt);

/**
 * What verify's record on this machine cannot tell, and one line, once, when a token shows a use and this machine has
 * no record: verify may have been run elsewhere, and its use of a token is shown as the token's last use.
 */
export function verifyUseWarnings(report: StatusReport): string[] {
  if (report.verifyRecorded || !report.rows.some((row) => row.tokenLastUsedAt !== null))
    return [...report.verifyRecordWarnings];
  return [
    `warning: no record here of when npm run verify used the tokens (${VERIFY_RECORD_FILE}, which verify writes ` +
      "beside the deploy record): a token's last use may be verify's, not its holder's.",
  ];
}

/** Whether status can say the room is ready for teardown: every workspace seen, or known absent. */
export function statusComplete(report: StatusReport): boolean {
  return report.rows.every((row) => row.exists !== null);
}

/** The lines that say what status could not see, each once: they come before the summary. */
export function statusWarnings(report: StatusReport): string[] {
  const unseen = report.rows.filter((row) => row.workspace !== null && row.exists === null).length;
  return [
    ...(unseen > 0
      ? [
          `warning: ${count(unseen, "workspace")} of the config ${unseen === 1 ? "is" : "are"} not ` +
            "visible to this token, which sees only what it was granted: absent, or not visible. Run " +
            "status with a user token of an owner of the organization to tell.",
        ]
      : []),
    ...(report.membershipsWithoutEmail > 0
      ? [
          "warning: " +
            `${count(report.membershipsWithoutEmail, "organization membership")} came ` +
            "without the member's email: invitations show as unknown. Run status with a " +
            "user token of an owner of the organization.",
        ]
      : []),
    ...(report.membershipsSeen
      ? []
      : [
          "warning: the organization's memberships are not visible to this token: invitations show " +
            "as unknown. Run status with a user token of an owner of the organization.",
        ]),
    ...(report.tokensSeen
      ? []
      : [
          "warning: the teams or their tokens are not visible to this token: the token columns " +
            "are empty. Run status with a user token of an owner of the organization.",
        ]),
    ...(report.statesPending.length > 0
      ? [
          `warning: when the state of ${count(report.statesPending.length, "workspace")} was pushed is ` +
            `read on a later refresh, a few at a time (${listed(report.statesPending)}).`,
        ]
      : []),
    ...(report.statesUnseen.length > 0
      ? [
          "warning: the current state version of " +
            `${count(report.statesUnseen.length, "workspace")} is not visible to this ` +
            "token, so when its state was pushed is not shown " +
            `(${listed(report.statesUnseen)}).`,
        ]
      : []),
    ...(report.undocumentedStatuses.length > 0
      ? [
          "warning: the organization membership of " +
            `${count(report.undocumentedStatuses.length, "attendee")} has a status the API ` +
            "documentation does not list (neither invited nor active): shown as unknown " +
            `(${listed(report.undocumentedStatuses)}).`,
        ]
      : []),
    ...verifyUseWarnings(report),
    ...expiryWarnings(report),
    ...unreadableDates(report),
  ];
}

/**
 * One line for the dates Terraform Cloud gave that are no RFC 3339 date-time, an expiry first: it can raise no warning.
 */
function unreadableDates(report: StatusReport): string[] {
  const expiries = report.rows.filter((row) => row.tokenExpiresAt === UNREADABLE).map(holderOf);
  const others = report.rows.flatMap((row) => [
    ...(row.tokenLastUsedAt === UNREADABLE ? [`${holderOf(row)}'s token use`] : []),
    ...(row.lastStateAt === UNREADABLE ? [`${row.workspace}'s state`] : []),
  ]);
  return [
    ...(expiries.length > 0
      ? [
          `warning: ${count(expiries.length, "token")} ${expiries.length === 1 ? "has" : "have"} an expiry ` +
            "that is no date (RFC 3339), shown as unreadable, so whether " +
            `${expiries.length === 1 ? "it expires" : "they expire"} within ${EXPIRY_WARNING_DAYS} days ` +
            `cannot be told: ${listed(expiries)}. Look at ${expiries.length === 1 ? "it" : "them"} in the ` +
            "team's API tokens in Terraform Cloud.",
        ]
      : []),
    ...(others.length > 0
      ? [
          `warning: ${count(others.length, "date")} from Terraform Cloud ` +
            `${others.length === 1 ? "is" : "are"} no date (RFC 3339), shown as unreadable: ` +
            `${listed(others)}.`,
        ]
      : []),
  ];
}

/**
 * Whether a token expires when the event ends, the `expired_at` that `event.endsAt` gives the room's tokens (to the
 * second): it ends with the event on purpose, and no deploy makes a new one, so the event's line speaks for it.
 */
function endsWithEvent(expires: number, event: EventStatus | undefined): boolean {
  const endsAt = event?.endsAt === null || event === undefined ? undefined : timeOf(event.endsAt);
  return endsAt !== undefined && Math.floor(expires / 1000) === Math.floor(endsAt / 1000);
}

/**
 * One line for the tokens that have expired, and one for those that expire within a week, each soonest first; none
 * for a token that ends with the event.
 */
function expiryWarnings(report: StatusReport): string[] {
  const now = Date.parse(report.readAt);
  const dated = report.rows
    .flatMap((row) => {
      const expires = row.tokenExpiresAt === null ? undefined : timeOf(row.tokenExpiresAt);
      return expires === undefined || endsWithEvent(expires, report.event) ? [] : [{ row, expires }];
    })
    .sort((a, b) => a.expires - b.expires);
  const shown = (rows: ReadonlyArray<{ readonly row: StatusRow }>) =>
    listed(rows.map(({ row }) => `${holderOf(row)} (${row.tokenExpiresAt})`));
  const expired = dated.filter(({ expires }) => expires <= now);
  const soon = dated.filter(({ expires }) => expires > now && expires - now <= EXPIRY_WARNING_DAYS * DAY_MS);
  return [
    ...(expired.length === 0
      ? []
      : [
          `warning: ${count(expired.length, "token")} ${expired.length === 1 ? "has" : "have"} ` +
            `expired: ${shown(expired)}. A deploy after the rotation time, or with a later ` +
            "expiresAt, makes new ones (see Rotating tokens in docs/operations.md).",
        ]),
    ...(soon.length === 0
      ? []
      : [
          `warning: ${count(soon.length, "token")} ` +
            `${soon.length === 1 ? "expires" : "expire"} within ${EXPIRY_WARNING_DAYS} days: ` +
            `${shown(soon)}. Deploy after the rotation time for new ones (see Rotating tokens ` +
            "in docs/operations.md).",
        ]),
  ];
}

/** Whether the event is over: the config ends it, or its end has passed. */
const eventOver = (event: EventStatus | undefined) => event !== undefined && (event.ended || event.secondsLeft === 0);

/**
 * One line: who joined, who has state, how many manage resources; once the event is over, whether the room is ready
 * for teardown, as far as this token can tell. During the event (or with no `event` to say when it ends), a room
 * managing resources is the day going well, not a teardown to wait for: `npm run leftovers` answers that question.
 */
export function statusSummary(report: StatusReport): string {
  const rows = report.rows.filter((row) => row.workspace !== null);
  const attendees = rows.filter((row) => row.attendee !== null);
  const invited = attendees.filter((row) => row.invitation !== "none").length;
  const joined = attendees.filter((row) => row.invitation === "active").length;
  const missing = rows.filter((row) => row.exists === false).length;
  const unseen = rows.filter((row) => row.exists === null).length;
  const withState = rows.filter((row) => row.hasState === true).length;
  const managing = rows.filter((row) => (row.resources ?? 0) > 0);
  const parts = [
    count(rows.length, "workspace"),
    `${joined} of ${count(invited, "invited attendee")} joined`,
    `${withState} with state`,
    ...(missing > 0 ? [`${missing} missing`] : []),
    ...(unseen > 0 ? [`${unseen} not visible to this token`] : []),
  ];
  if (!eventOver(report.event))
    return `${[...parts, `${managing.length === 0 ? "none" : managing.length} managing resources`].join(", ")}.`;
  const teardown =
    managing.length > 0
      ? `${managing.length} still managing resources: not ready for teardown ` +
        `(${listed(managing.map((row) => row.workspace!))}; npm run leftovers says what to tell them)`
      : unseen > 0
        ? "cannot tell whether the room is ready for teardown"
        : "none still manages resources: ready for teardown";
  return `${parts.join(", ")}; ${teardown}.`;
}

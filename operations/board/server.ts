import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { attendeeRoom } from "../../config/attendees";
import type { WorkshopConfig } from "../../config/schema";
import type { ApiClient } from "../../terraform-cloud/api-client";
import { listTeams, readAccount, readOrganization } from "../../terraform-cloud/resources";
import { gatherStatus, type StatusOptions } from "../status";
import type { VerifyRecord } from "../verify-record";
import { BOARD_CSS, BOARD_HTML, BOARD_ICON, BOARD_SCRIPT } from "./assets";
import type { BoardData, BoardSnapshot } from "./shape";
import { boardSnapshot, stagesSeen } from "./snapshot";

/** Properties of {@link startBoard}. */
export interface BoardServerProps {
  readonly config: WorkshopConfig;
  readonly client: ApiClient;
  /** 0 picks a free port. */
  readonly port: number;
  readonly intervalMs: number;
  readonly now: () => Date;
  /**
   * Verify's record of when it used each token, read again at each refresh, since verify may run meanwhile.
   * @default no record
   */
  readonly verifyRecord?: () => VerifyRecord;
  /**
   * Where a failed refresh's cause and fix go, once for each new cause, and the line that says Terraform Cloud answers
   * again: the board's terminal, the facilitator's, while the page shows the room a short sentence.
   * @default nowhere: the page's sentence alone
   */
  readonly report?: (line: string) => void;
}

/** A board serving on 127.0.0.1. */
export interface RunningBoard {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Reads Terraform Cloud now, as the timer does. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  // Nothing from anywhere but the board itself; the page needs no more.
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

const ASSETS: Readonly<Record<string, readonly [string, string]>> = {
  "/": ["text/html; charset=utf-8", BOARD_HTML],
  "/board.css": ["text/css; charset=utf-8", BOARD_CSS],
  "/board.js": ["text/javascript; charset=utf-8", BOARD_SCRIPT],
  "/board.svg": ["image/svg+xml; charset=utf-8", BOARD_ICON],
};

/** Answers one request of the page: its files, and the room as last read. */
function answer(request: IncomingMessage, response: ServerResponse, port: number, data: () => BoardData): void {
  const host = request.headers.host ?? "";
  // Only this machine's own names: a page elsewhere cannot read the board by pointing a name at 127.0.0.1.
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    response.writeHead(421, SECURITY_HEADERS).end();
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { ...SECURITY_HEADERS, Allow: "GET, HEAD" }).end();
    return;
  }
  const path = new URL(request.url ?? "/", `http://${host}`).pathname;
  if (path === "/board.json") {
    response
      .writeHead(200, { ...SECURITY_HEADERS, "Content-Type": "application/json; charset=utf-8" })
      .end(request.method === "HEAD" ? undefined : JSON.stringify(data()));
    return;
  }
  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  if (asset === undefined) {
    response.writeHead(404, SECURITY_HEADERS).end();
    return;
  }
  response
    .writeHead(200, { ...SECURITY_HEADERS, "Content-Type": asset[0] })
    .end(request.method === "HEAD" ? undefined : asset[1]);
}

/**
 * The most state versions a refresh reads that it has not read before: a room where hundreds pushed between two
 * refreshes, or before the board started, shows their times over the next refreshes instead of asking hundreds at
 * once of a rate limit the facilitator's other commands share.
 */
export const BOARD_STATE_READS = 20;

/**
 * The most requests a refresh sends, the lists' pages and the state versions together (the budget `npm run bench`
 * holds it to): the state versions wait for a later refresh when the lists leave less.
 */
export const BOARD_REQUESTS = 40;

/**
 * What the board's terminal is told of its refreshes: each new cause of a failure, with what to do, and that Terraform
 * Cloud answers again after one; a board that fails every 15 s for the same cause says it once.
 */
function failureReporter(report: (line: string) => void) {
  let reported: string | undefined;
  return {
    /** The page's failure, after the terminal is told its cause if new. */
    failed: (problem: string, at: Date): BoardData["failure"] => {
      if (problem !== reported)
        report(`board: refresh failed at ${at.toISOString()}, the page shows the room as last read: ${problem}`);
      reported = problem;
      return { at: at.toISOString() };
    },
    /** No failure on the page, after the terminal is told that Terraform Cloud answers again, if it did not. */
    answered: (at: Date): BoardData["failure"] => {
      if (reported !== undefined) report(`board: Terraform Cloud answers again at ${at.toISOString()}.`);
      reported = undefined;
      return undefined;
    },
  };
}

/**
 * Serves the board on 127.0.0.1 and reads Terraform Cloud every interval, server side, with the facilitator's
 * token, which never reaches the page. Who the token is, the organization and its teams are read once; each refresh
 * reads the room's lists (workspaces, memberships, team tokens), 100 to a page, and the new state versions the lists
 * leave room for within {@link BOARD_REQUESTS}. A refresh that fails keeps the last room seen: the page says so, the
 * terminal (`report`) what failed and what to do.
 */
export async function startBoard(props: BoardServerProps): Promise<RunningBoard> {
  let snapshot: BoardSnapshot | undefined;
  let failure: BoardData["failure"];
  const terminal = failureReporter(props.report ?? (() => undefined));
  const organizationName = props.config.organization.name;
  let known: StatusOptions["known"];
  // Each state version's time, read once: a later refresh reads only the states pushed since.
  const stateVersions = new Map<string, string>();
  let running: Promise<void> | undefined;
  const invitable = new Set(
    attendeeRoom(props.config).environments.flatMap((attendee) =>
      attendee.email === undefined ? [] : [attendee.name],
    ),
  );

  const read = async () => {
    const sentBefore = props.client.requestsSent;
    known ??= await (async () => {
      const [account, organization, teams] = await Promise.all([
        readAccount(props.client),
        readOrganization(props.client, organizationName),
        listTeams(props.client, organizationName),
      ]);
      return { account, organization, teams };
    })();
    const now = props.now();
    const reading = await gatherStatus(props.config, props.client, {
      now,
      known,
      stateVersions,
      maxStateReads: BOARD_STATE_READS,
      maxRequests: BOARD_REQUESTS - (props.client.requestsSent - sentBefore),
      verifyRecord: props.verifyRecord?.(),
    });
    if (reading.ok) {
      const seen = snapshot === undefined ? undefined : stagesSeen(snapshot);
      snapshot = boardSnapshot(props.config.organization.name, reading.value, { now, invitable, seen });
      failure = terminal.answered(now);
    } else {
      failure = terminal.failed(reading.problem, now);
      // Who the token is may have changed (a refused token): asked again next time.
      known = undefined;
    }
  };
  const refresh = () => (running ??= read().finally(() => (running = undefined)));

  let port = 0;
  const server = createServer((request, response) => {
    const data = (): BoardData => ({
      ...(snapshot === undefined ? {} : { snapshot }),
      ...(failure === undefined ? {} : { failure }),
      servedAt: props.now().toISOString(),
    });
    answer(request, response, port, data);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(props.port, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const loop = () => {
    if (closed) return;
    void refresh().then(() => {
      if (!closed) timer = setTimeout(loop, props.intervalMs);
    });
  };
  loop();
  return {
    url: `http://127.0.0.1:${port}/`,
    refresh,
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

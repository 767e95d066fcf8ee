import { quote } from "../text/quote";
import { isLoopbackAddress } from "./hostname";
import { fail, ok, type Result } from "../text/result";
import type { ApiResource, ResourceParser } from "./resources/resource";

export type { ApiResource } from "./resources/resource";

/**
 * Why Terraform Cloud refused a request, as its API documentation gives each status: 401 the token itself was
 * refused, 403 the token may not do this, 404 the object is absent or not visible to this token.
 */
export type Refusal = "token-refused" | "forbidden" | "not-visible";

/**
 * What one request came back with, checked before anyone reads it. Not a `Result`: a refusal is an answer whose
 * meaning the caller decides (a 404 may be "absent"), and a failure carries its request and advice.
 */
export type ApiAnswer<T> =
  /** 2xx with the JSON:API document the endpoint documents, parsed. */
  | { readonly kind: "ok"; readonly value: T }
  /** 401, 403 or 404: what the documentation says each means. */
  | { readonly kind: "refused"; readonly status: number; readonly refusal: Refusal; readonly request: string }
  /** No usable answer: a 5xx, a body that is not the document expected, a timeout, a rate limit that never lifted. */
  | FailedAnswer;

export interface FailedAnswer {
  readonly kind: "failed";
  readonly request: string;
  readonly detail: string;
  readonly advice: string;
}

/** Properties of a {@link RequestPacer}. */
export interface RequestPacerProps {
  /**
   * Most requests started in any second, across every client sharing the pacer.
   * @default 25, under Terraform Cloud's documented 30 per second
   */
  readonly requestsPerSecond?: number;
  /**
   * Most requests in flight at once.
   * @default 8
   */
  readonly concurrency?: number;
  /**
   * How to wait; tests record the waits instead.
   * @default a real timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The clock, in milliseconds.
   * @default Date.now
   */
  readonly clock?: () => number;
}

/** Terraform Cloud's documented API rate limit, per user. */
export const RATE_LIMIT_PER_SECOND = 30;

/** Where the API v2 is below a host's address. */
export const API_PREFIX = "/api/v2";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `expire` once `ms` have passed, unless the function it returns is called first: what a request's timeout runs
 * on, so that a test moves it on instead of waiting for it.
 */
export type Timer = (ms: number, expire: () => void) => () => void;

/** Node's own timer. */
const realTimer: Timer = (ms, expire) => {
  const timer = setTimeout(expire, ms);
  return () => clearTimeout(timer);
};

/**
 * Starts requests from one queue, so that every client sharing it stays under Terraform Cloud's rate limit
 * together (the limit is per user, not per token), with a bounded number in flight. A 429 holds the whole queue
 * until its reset, and the request that got it, keeping its place, goes first when the hold ends.
 */
export class RequestPacer {
  private readonly interval: number;
  private readonly concurrency: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private nextStart = 0;
  private heldUntil = 0;
  private active = 0;
  private waking = false;
  private readonly queue: Array<() => void> = [];
  /** Requests started so far, for progress. */
  started = 0;

  constructor(props: RequestPacerProps = {}) {
    this.interval = 1000 / (props.requestsPerSecond ?? RATE_LIMIT_PER_SECOND - 5);
    this.concurrency = props.concurrency ?? 8;
    this.sleep = props.sleep ?? realSleep;
    this.clock = props.clock ?? Date.now;
  }

  /** Runs a request when the queue, the rate, the concurrency and any hold allow it. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.queue.push(resolve);
      this.pump();
    });
    try {
      this.started += 1;
      return await request();
    } finally {
      this.active -= 1;
      this.pump();
    }
  }

  /** The time on the pacer's clock, in milliseconds. */
  now(): number {
    return this.clock();
  }

  /** After a 429: nothing starts for `ms`, whatever is waiting. */
  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.clock() + ms);
  }

  /**
   * For the request that got the 429, inside its `run`: waits out the hold keeping its place, so that its retry
   * goes before anything queued behind it.
   */
  async resumeAfterHold(): Promise<void> {
    const wait = this.heldUntil - this.clock();
    if (wait > 0) await this.sleep(wait);
    this.nextStart = this.clock() + this.interval;
    this.started += 1;
  }

  /** Lets the next requests go, as far as the concurrency allows and no wait is due; otherwise wakes up when it is. */
  private pump(): void {
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const now = this.clock();
      const start = Math.max(now, this.nextStart, this.heldUntil);
      if (start > now) {
        if (!this.waking) {
          this.waking = true;
          void this.sleep(start - now).then(() => {
            this.waking = false;
            this.pump();
          });
        }
        return;
      }
      this.nextStart = now + this.interval;
      this.active += 1;
      this.queue.shift()!();
    }
  }
}

/** Properties of an {@link ApiClient}. */
export interface ApiClientProps {
  /** Base address, e.g. `https://app.terraform.io`. */
  readonly address: string;
  /** The token; never printed, never part of an answer. */
  readonly token: string;
  /** Paces this client's requests together with every other client of the same command. */
  readonly pacer: RequestPacer;
  /**
   * How long one request may take, headers and body together.
   * @default 10 seconds
   */
  readonly timeoutMs?: number;
  /**
   * The timer each request's timeout runs on.
   * @default a real timer
   */
  readonly timer?: Timer;
  /**
   * How many times a request answered 429 is tried again.
   * @default 5
   */
  readonly maxRetries?: number;
  /**
   * The largest body read, once decoded; a larger one is no answer.
   * @default 16 MiB, where a page of 100 workspaces with their state versions is well under one
   */
  readonly maxBodyBytes?: number;
}

const DEFAULT_RETRY_SECONDS = 1;
const MAX_RETRY_SECONDS = 60;
/** The largest page Terraform Cloud serves. */
export const PAGE_SIZE = 100;
/** The most pages a list is read to: 20,000 items, far above a workshop; a list that goes on is a broken server. */
export const MAX_PAGES = 200;
const EXCERPT_LENGTH = 80;
/** The largest answer of the API read, once decoded: a page of 100 workspaces is well under one MiB. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** The largest download read, once decoded: the state of a room of thousands is a few MiB. */
const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/**
 * A body's bytes, read up to `maxBytes` (decompressed, so that a small gzip that unpacks to gigabytes stops too), or
 * undefined beyond.
 */
async function boundedBody(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let read = await reader?.read(); read !== undefined && !read.done; read = await reader?.read()) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader?.cancel();
      return undefined;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks, total);
}

const NETWORK_ADVICE = "check the network, and that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud; then try again";
/** What no answer from this machine means: TFE_ADDRESS names a rehearsal's stand-in, and it has stopped. */
const STOPPED_REHEARSAL_ADVICE =
  "TFE_ADDRESS is on this machine, a rehearsal's, which may have stopped: start it again with npm run rehearse and " +
  "source its env file again, or unset TFE_ADDRESS (or open a new shell) to reach Terraform Cloud; then try again";
const NOT_THE_API_ADVICE =
  "check that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again";

/**
 * How long a 429 asks to wait: `Retry-After` (seconds or a date), else `X-RateLimit-Reset` (seconds until the limit
 * resets, as go-tfe reads it).
 */
function retryDelaySeconds(headers: Headers, now: number): number {
  const retryAfter = headers.get("retry-after");
  const reset = headers.get("x-ratelimit-reset");
  let seconds = Number.NaN;
  if (retryAfter !== null)
    seconds = /^\s*\d+(\.\d+)?\s*$/.test(retryAfter) ? Number(retryAfter) : (Date.parse(retryAfter) - now) / 1000;
  if (!(seconds > 0) && reset !== null) seconds = Number(reset);
  return seconds > 0 ? Math.min(seconds, MAX_RETRY_SECONDS) : DEFAULT_RETRY_SECONDS;
}

function isResource(value: unknown): value is ApiResource {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<ApiResource>;
  return (
    typeof candidate.id === "string" &&
    typeof candidate.type === "string" &&
    typeof candidate.attributes === "object" &&
    candidate.attributes !== null
  );
}

function includedOf(document: Record<string, unknown>): ApiResource[] {
  return Array.isArray(document.included) ? document.included.filter(isResource) : [];
}

type Reply =
  { readonly kind: "reply"; readonly status: number; readonly headers: Headers; readonly text: string } | FailedAnswer;

type DocumentAnswer =
  | Exclude<ApiAnswer<never>, { readonly kind: "ok" }>
  | {
      readonly kind: "document";
      readonly document: Record<string, unknown>;
      readonly request: string;
      readonly describe: (what: string) => string;
    };

/** The `meta.pagination` of a list page, as the API documents it. */
interface Pagination {
  readonly currentPage: number;
  readonly nextPage: number | null;
  readonly totalPages: number;
  /** How many items the whole list holds, where the page says. */
  readonly totalCount?: number;
}

const whole = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

/** The page's `meta.pagination`: absent, as documented, or not as documented. */
function paginationOf(document: Record<string, unknown>): Pagination | "absent" | "malformed" {
  const meta = document.meta;
  const pagination =
    typeof meta === "object" && meta !== null ? (meta as { readonly pagination?: unknown }).pagination : undefined;
  if (pagination === undefined) return "absent";
  if (typeof pagination !== "object" || pagination === null) return "malformed";
  const {
    "current-page": current,
    "next-page": next,
    "total-pages": total,
    "total-count": count,
  } = pagination as Record<string, unknown>;
  if (!whole(current) || !whole(total) || !(next === null || whole(next)) || !(count === undefined || whole(count)))
    return "malformed";
  return {
    currentPage: current,
    nextPage: next,
    totalPages: total,
    ...(count === undefined ? {} : { totalCount: count }),
  };
}

/**
 * The page's `links.next`: absent (no `links`, or no `next` in them), null (the last page), or the next page's address.
 * The two words name what a caller must rule out before the string is a page address.
 */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the words document the sentinels
function nextLinkOf(document: Record<string, unknown>): string | null | "absent" | "malformed" {
  const links = document.links;
  if (links === undefined) return "absent";
  if (typeof links !== "object" || links === null) return "malformed";
  if (!Object.hasOwn(links, "next")) return "absent";
  const next = (links as { readonly next?: unknown }).next;
  return next === null || typeof next === "string" ? next : "malformed";
}

/** The most times a list that changed while it was read is read again. */
export const MAX_LIST_READS = 3;

/** One read of a list: its items, or how it contradicted itself (the room changed between its pages). */
type ListRead<T> =
  | { readonly kind: "read"; readonly items: T[] }
  | { readonly kind: "changed"; readonly how: string }
  | FailedAnswer
  | Extract<ApiAnswer<never>, { readonly kind: "refused" }>;

/** A read-only client of the Terraform Cloud API v2 that never guesses from a missing or malformed answer. */
export class ApiClient {
  private readonly timeoutMs: number;
  private readonly timer: Timer;
  private readonly maxRetries: number;
  private readonly maxBodyBytes: number;
  private sent = 0;
  private unanswered = 0;

  constructor(private readonly props: ApiClientProps) {
    this.timeoutMs = props.timeoutMs ?? 10_000;
    this.timer = props.timer ?? realTimer;
    this.maxRetries = props.maxRetries ?? 5;
    this.maxBodyBytes = props.maxBodyBytes ?? MAX_BODY_BYTES;
  }

  /** The requests this client has sent, each retry one more: what a caller holding to a number of requests counts. */
  get requestsSent(): number {
    return this.sent;
  }

  /** The requests this client has sent that got no answer at all: no connection, or none within the timeout. */
  get requestsUnanswered(): number {
    return this.unanswered;
  }

  /** GETs one resource, such as `/organizations/acme`, parsed into its type. */
  async get<T>(path: string, parser: ResourceParser<T>): Promise<ApiAnswer<T>> {
    const answer = await this.document(path);
    if (answer.kind !== "document") return answer;
    const { document, request, describe } = answer;
    if (!isResource(document.data) || document.data.type !== parser.type) {
      return malformed(request, describe(`is not a JSON:API document with one "${parser.type}" resource`));
    }
    const parsed = parser.parse(document.data, includedOf(document));
    return parsed.ok ? { kind: "ok", value: parsed.value } : malformed(request, describe(`holds ${parsed.problem}`));
  }

  /**
   * GETs every page of a list, 100 to a page, each item parsed into its type, and reads the pages as one set keyed
   * by id. A page says whether more follow by its `meta.pagination` (its `next-page` the next page within
   * `total-pages`), else by `links.next` (followed on this API's own address only), else by holding fewer than 100
   * items; a full page that says neither is no answer, as is a list longer than {@link MAX_PAGES} pages. A list
   * that contradicts itself (an id twice with different contents, a `total-count` that changes between pages or
   * disagrees with the items that arrived) changed while it was read: it is read again, at most
   * {@link MAX_LIST_READS} times in all, and is no answer if it never holds still.
   */
  async list<T>(path: string, parser: ResourceParser<T>): Promise<ApiAnswer<T[]>> {
    const changes: string[] = [];
    for (let read = 1; read <= MAX_LIST_READS; read++) {
      const answer = await this.readList(path, parser);
      if (answer.kind === "read") return { kind: "ok", value: answer.items };
      if (answer.kind !== "changed") return answer;
      changes.push(answer.how);
    }
    return {
      kind: "failed",
      request: `GET ${API_PREFIX}${path}`,
      detail: `changed while it was read, ${MAX_LIST_READS} times in a row (${changes.join("; ")})`,
      advice: "the room is changing as it is read, so nothing is concluded from it: run the command again in a moment",
    };
  }

  /** One read of a list, page after page; see {@link list}. */
  private async readList<T>(path: string, parser: ResourceParser<T>): Promise<ListRead<T>> {
    const items = new Map<string, { readonly text: string; readonly value: T }>();
    const separator = path.includes("?") ? "&" : "?";
    let next: string | null = `${path}${separator}page%5Bnumber%5D=1&page%5Bsize%5D=${PAGE_SIZE}`;
    let totalCount: number | undefined;
    for (let page = 1; next !== null; page++) {
      if (page > MAX_PAGES) {
        return {
          kind: "failed",
          request: `GET ${API_PREFIX}${path}`,
          detail: `has more than ${MAX_PAGES} pages of ${PAGE_SIZE}`,
          advice: "this is far beyond a workshop: check that the organization and TFE_ADDRESS are the ones meant",
        };
      }
      const answer = await this.document(next);
      if (answer.kind !== "document") return answer;
      const { document, request, describe } = answer;
      const data = document.data;
      if (!Array.isArray(data) || !data.every((item) => isResource(item) && item.type === parser.type)) {
        return malformed(request, describe(`is not a JSON:API document with a list of "${parser.type}" resources`));
      }
      const pagination = paginationOf(document);
      if (pagination === "malformed")
        return malformed(
          request,
          describe("has a meta.pagination without a whole current-page, next-page, total-pages and total-count"),
        );
      if (pagination !== "absent" && pagination.currentPage !== page)
        return malformed(request, describe(`is page ${pagination.currentPage} where page ${page} was asked`));
      const count = pagination === "absent" ? undefined : pagination.totalCount;
      if (count !== undefined && totalCount !== undefined && count !== totalCount)
        return { kind: "changed", how: `its total-count went from ${totalCount} to ${count} between pages` };
      totalCount = count ?? totalCount;
      const included = includedOf(document);
      for (const item of data as ApiResource[]) {
        const parsed = parser.parse(item, included);
        if (!parsed.ok) return malformed(request, describe(`holds ${parsed.problem}`));
        const text = JSON.stringify(item);
        const earlier = items.get(item.id);
        if (earlier !== undefined && earlier.text !== text)
          return { kind: "changed", how: `${quote(item.id)} came twice with different contents` };
        items.set(item.id, { text, value: parsed.value });
      }
      const continuation = data.length === 0 ? ok(null) : this.nextPage(document, pagination, page, path, separator);
      if (!continuation.ok) return malformed(request, describe(continuation.problem));
      next = continuation.value;
    }
    if (totalCount !== undefined && totalCount !== items.size)
      return { kind: "changed", how: `its total-count says ${totalCount} and ${items.size} arrived` };
    return { kind: "read", items: [...items.values()].map((item) => item.value) };
  }

  /** Where the page after this one is, null after the last, or why the page cannot tell. */
  private nextPage(
    document: Record<string, unknown>,
    pagination: Pagination | "absent",
    page: number,
    path: string,
    separator: string,
  ): Result<string | null> {
    if (pagination !== "absent") {
      if (pagination.nextPage === null) return ok(null);
      if (pagination.nextPage !== page + 1 || pagination.nextPage > pagination.totalPages) {
        return fail(
          `has a pagination next-page ${pagination.nextPage} that is not page ${page + 1} of ${pagination.totalPages}`,
        );
      }
      return ok(`${path}${separator}page%5Bnumber%5D=${page + 1}&page%5Bsize%5D=${PAGE_SIZE}`);
    }
    const link = nextLinkOf(document);
    if (link === "malformed") return fail("has links whose next is neither an address nor null");
    if (link === "absent") {
      const count = (document.data as unknown[]).length;
      return count < PAGE_SIZE
        ? ok(null)
        : fail(
            `holds a full page of ${count} and neither meta.pagination nor links.next ` +
              "says whether more follow, so the list cannot be read whole",
          );
    }
    if (link === null) return ok(null);
    // The token goes with the request: only to this API's own address.
    const api = `${this.props.address}${API_PREFIX}/`;
    let target: URL;
    try {
      target = new URL(link, api);
    } catch {
      return fail("has a links.next that is not an address");
    }
    return target.href.startsWith(api)
      ? ok(target.href.slice(api.length - 1))
      : fail(`has a links.next away from ${api}, where the token is not sent`);
  }

  /**
   * GETs a file by its full URL, such as a state version's download URL: without the token, which the blob store
   * does not need, and never naming the URL, which is a secret.
   */
  async download(url: string, what: string): Promise<Exclude<ApiAnswer<string>, { readonly kind: "refused" }>> {
    const request = `GET ${what}`;
    const reply = await this.fetchText(url, request, false);
    if (reply.kind === "failed") return reply;
    if (reply.status !== 200) {
      return {
        kind: "failed",
        request,
        detail: `answered ${reply.status}`,
        advice: "the download address may have expired (it is valid for a day); run the command again",
      };
    }
    return { kind: "ok", value: reply.text };
  }

  /** One GET of the API, retried after 429, timed out as a whole (headers and body), its body parsed as JSON. */
  private async document(path: string): Promise<DocumentAnswer> {
    const request = `GET ${API_PREFIX}${path}`;
    const reply = await this.fetchText(`${this.props.address}${API_PREFIX}${path}`, request, true);
    if (reply.kind === "failed") return reply;
    const { status, headers, text } = reply;
    const contentType = headers.get("content-type") ?? "no content type";
    const excerpt = JSON.stringify(this.masked(text).slice(0, EXCERPT_LENGTH));
    const describe = (what: string) => `answered ${status} (${contentType}) with a body that ${what}: ${excerpt}`;
    if (status >= 500) {
      return {
        kind: "failed",
        request,
        detail: `answered ${status}: Terraform Cloud could not answer`,
        advice: "try again in a few minutes; if it persists, check the Terraform Cloud status page",
      };
    }
    if (status === 401) return { kind: "refused", status, refusal: "token-refused", request };
    if (status === 403) return { kind: "refused", status, refusal: "forbidden", request };
    if (status === 404) return { kind: "refused", status, refusal: "not-visible", request };
    if (status === 400 || status === 422) {
      return {
        kind: "failed",
        request,
        detail: `answered ${status}: Terraform Cloud calls this request malformed`,
        advice: "this is a fault of this tool, not of your setup: report it with this line",
      };
    }
    if (status < 200 || status >= 300)
      return {
        kind: "failed",
        request,
        detail: `answered ${status}, which this endpoint does not document`,
        advice: NOT_THE_API_ADVICE,
      };
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return malformed(request, describe("is not JSON"));
    }
    if (typeof document !== "object" || document === null || Array.isArray(document))
      return malformed(request, describe("is not a JSON:API document"));
    return { kind: "document", document: document as Record<string, unknown>, request, describe };
  }

  private masked(text: string): string {
    return text.replaceAll(this.props.token, "<token>");
  }

  /** One GET inside one place of the pacer, tried again after each 429 once the hold is over. */
  private async fetchText(url: string, request: string, withToken: boolean): Promise<Reply> {
    return this.props.pacer.run(async () => {
      for (let attempt = 0; ; attempt++) {
        const reply = await this.fetchOnce(url, request, withToken);
        if (reply.kind === "failed" || reply.status !== 429) return reply;
        if (attempt >= this.maxRetries) {
          return {
            kind: "failed",
            request,
            detail: `still rate limited (429) after ${this.maxRetries} waits`,
            advice: "wait a minute, stop other tools using the same account, and try again",
          };
        }
        this.props.pacer.holdFor(retryDelaySeconds(reply.headers, this.props.pacer.now()) * 1000);
        await this.props.pacer.resumeAfterHold();
      }
    });
  }

  private async fetchOnce(url: string, request: string, withToken: boolean): Promise<Reply> {
    this.sent += 1;
    const controller = new AbortController();
    const stopTimer = this.timer(this.timeoutMs, () => controller.abort());
    const maxBytes = withToken ? this.maxBodyBytes : Math.max(this.maxBodyBytes, MAX_DOWNLOAD_BYTES);
    // A download's address is a secret of its own (it needs no token): an error that quotes it says where instead.
    const said = (text: string) => this.masked(withToken ? text : text.split(url).join("the download address"));
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: {
            ...(withToken ? { Authorization: `Bearer ${this.props.token}` } : {}),
            Accept: "application/vnd.api+json",
            "Content-Type": "application/vnd.api+json",
          },
          signal: controller.signal,
          // A redirect could carry the token to another host: none of the endpoints read here redirects.
          redirect: "manual",
        });
      } catch (error) {
        const cause = (error as Error & { readonly cause?: Error }).cause;
        const reason = controller.signal.aborted
          ? `no answer within ${this.timeoutMs / 1000} s`
          : `no connection (${cause?.message ?? (error as Error).message})`;
        this.unanswered += 1;
        const advice = isLoopbackAddress(this.props.address) ? STOPPED_REHEARSAL_ADVICE : NETWORK_ADVICE;
        return { kind: "failed", request, detail: said(reason), advice };
      }
      const answered =
        `answered ${response.status} ` +
        `(${response.headers.get("content-type") ?? "no content type"})` +
        " with a body that";
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        return {
          kind: "failed",
          request,
          detail: `answered ${response.status}, a redirect, which this endpoint does not make`,
          advice: NOT_THE_API_ADVICE,
        };
      }
      // The body is read under the same timer: a server that sends headers and then stalls is no answer too.
      try {
        const body = await boundedBody(response, maxBytes);
        if (body === undefined)
          return {
            kind: "failed",
            request,
            detail: `${answered} is larger than ${maxBytes} bytes, so it was not read`,
            advice: NOT_THE_API_ADVICE,
          };
        return {
          kind: "reply",
          status: response.status,
          headers: response.headers,
          text: new TextDecoder().decode(body),
        };
      } catch (error) {
        if (controller.signal.aborted)
          return {
            kind: "failed",
            request,
            detail: `${answered} did not arrive within ${this.timeoutMs / 1000} s`,
            advice: NOT_THE_API_ADVICE,
          };
        // The server answered: what failed is its body, which either would not decode (a garbled gzip) or broke off.
        const cause = (error as Error & { readonly cause?: Error & { readonly code?: unknown } }).cause;
        const detail = cause?.message ?? (error as Error).message;
        const encoding = response.headers.get("content-encoding");
        const socket = typeof cause?.code === "string" && cause.code.startsWith("UND_ERR");
        const reason =
          encoding !== null && !socket
            ? `could not be decoded (Content-Encoding ${encoding}: ${detail})`
            : `broke off before its end (${detail})`;
        return { kind: "failed", request, detail: said(`${answered} ${reason}`), advice: NOT_THE_API_ADVICE };
      }
    } finally {
      stopTimer();
    }
  }
}

function malformed(request: string, detail: string): FailedAnswer {
  return { kind: "failed", request, detail, advice: NOT_THE_API_ADVICE };
}

/** One line for a failed answer: the request, what came back. */
export function describeFailure(answer: FailedAnswer): string {
  return `${answer.request} ${answer.detail}`;
}

type Refused = Extract<ApiAnswer<never>, { readonly kind: "refused" }>;

/**
 * What a refusal means, in the words of the API documentation: `answered 404: absent, or not visible to this token`.
 */
export function refusalDetail(answer: Refused): string {
  const meaning = {
    "token-refused": "the token was refused: it is wrong, expired or revoked",
    forbidden: "this token may not do this",
    "not-visible": "absent, or not visible to this token",
  }[answer.refusal];
  return `answered ${answer.status}: ${meaning}`;
}

/** One line for a refusal: the request, and what its status means. */
export function describeRefusal(answer: Refused): string {
  return `${answer.request} ${refusalDetail(answer)}`;
}

import { RATE_LIMIT_PER_SECOND } from "./facts";

/** One JSON:API resource object, as Terraform Cloud returns them. */
export interface ApiResource {
  readonly id: string;
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly relationships?: Readonly<Record<string, { readonly data?: unknown } | undefined>>;
}

/** What one request came back with, checked before anyone reads it. */
export type ApiAnswer =
  /** 2xx with the JSON:API document the endpoint documents: one resource, or a list of them (every page). */
  | { readonly kind: "ok"; readonly status: number; readonly resources: readonly ApiResource[]; readonly included: readonly ApiResource[] }
  /** A 4xx the caller may expect: 401 for a bad token, 404 for what the token may not see. */
  | { readonly kind: "refused"; readonly status: number; readonly request: string }
  /** No usable answer: a 5xx, a body that is not the document expected, a timeout, a rate limit that never lifted. */
  | { readonly kind: "failed"; readonly request: string; readonly detail: string; readonly advice: string };

export type FailedAnswer = Extract<ApiAnswer, { readonly kind: "failed" }>;

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

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Spaces requests out so that every client sharing it stays under Terraform Cloud's rate limit together
 * (the limit is per user, not per token), with a bounded number in flight; a 429 holds everyone back.
 */
export class RequestPacer {
  private readonly interval: number;
  private readonly concurrency: number;
  readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private nextStart = 0;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Requests started so far, for progress. */
  started = 0;

  constructor(props: RequestPacerProps = {}) {
    this.interval = 1000 / (props.requestsPerSecond ?? RATE_LIMIT_PER_SECOND - 5);
    this.concurrency = props.concurrency ?? 8;
    this.sleep = props.sleep ?? realSleep;
    this.clock = props.clock ?? Date.now;
  }

  /** Runs a request when the rate and the concurrency allow it. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      const now = this.clock();
      const start = Math.max(now, this.nextStart);
      this.nextStart = start + this.interval;
      if (start > now) await this.sleep(start - now);
      this.started += 1;
      return await request();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  /** After a 429: no request starts for `ms`. */
  holdFor(ms: number): void {
    this.nextStart = Math.max(this.nextStart, this.clock() + ms);
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
const PAGE_SIZE = 100;
const EXCERPT_LENGTH = 80;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A body's bytes, read up to `maxBytes` (decompressed, so that a small gzip that unpacks to gigabytes stops too), or undefined beyond. */
async function boundedBody(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const reader = response.body?.getReader();
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

/** How long a 429 asks to wait: `Retry-After` (seconds or a date), else `X-RateLimit-Reset` (seconds until the limit resets, as go-tfe reads it). */
function retryDelaySeconds(headers: Headers, now: number): number {
  const retryAfter = headers.get("retry-after");
  const reset = headers.get("x-ratelimit-reset");
  let seconds = Number.NaN;
  if (retryAfter !== null) seconds = /^\s*\d+(\.\d+)?\s*$/.test(retryAfter) ? Number(retryAfter) : (Date.parse(retryAfter) - now) / 1000;
  if (!(seconds > 0) && reset !== null) seconds = Number(reset);
  return seconds > 0 ? Math.min(seconds, MAX_RETRY_SECONDS) : DEFAULT_RETRY_SECONDS;
}

function isResource(value: unknown): value is ApiResource {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<ApiResource>;
  return typeof candidate.id === "string" && typeof candidate.type === "string" && typeof candidate.attributes === "object" && candidate.attributes !== null;
}

/** A read-only client of the Terraform Cloud API v2 that never guesses from a missing or malformed answer. */
export class ApiClient {
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxBodyBytes: number;

  constructor(private readonly props: ApiClientProps) {
    this.timeoutMs = props.timeoutMs ?? 10_000;
    this.maxRetries = props.maxRetries ?? 5;
    this.maxBodyBytes = props.maxBodyBytes ?? MAX_BODY_BYTES;
  }

  /** The address every request goes to, for the first line of a command's output. */
  get address(): string {
    return this.props.address;
  }

  /** GETs one resource of the given JSON:API type, such as `/organizations/acme` (`organizations`). */
  async get(path: string, type: string): Promise<ApiAnswer> {
    const answer = await this.request(path);
    if (answer.kind !== "document") return answer;
    const { document, request, describe } = answer;
    if (!isResource(document.data) || document.data.type !== type) {
      return malformed(request, describe(`is not a JSON:API document with one "${type}" resource`));
    }
    return { kind: "ok", status: answer.status, resources: [document.data], included: includedOf(document) };
  }

  /** GETs every page of a list of one JSON:API type, 100 to a page. */
  async list(path: string, type: string): Promise<ApiAnswer> {
    const resources: ApiResource[] = [];
    const included: ApiResource[] = [];
    const separator = path.includes("?") ? "&" : "?";
    for (let page = 1; ; ) {
      const answer = await this.request(`${path}${separator}page%5Bnumber%5D=${page}&page%5Bsize%5D=${PAGE_SIZE}`);
      if (answer.kind !== "document") return answer;
      const { document, request, describe } = answer;
      const data = document.data;
      if (!Array.isArray(data) || !data.every((item) => isResource(item) && item.type === type)) {
        return malformed(request, describe(`is not a JSON:API document with a list of "${type}" resources`));
      }
      resources.push(...data);
      included.push(...includedOf(document));
      const next = (document.meta as { pagination?: { "next-page"?: unknown } } | undefined)?.pagination?.["next-page"];
      if (next === null || next === undefined) return { kind: "ok", status: answer.status, resources, included };
      if (typeof next !== "number" || next <= page) return malformed(request, describe("has a pagination next-page that does not move forward"));
      page = next;
    }
  }

  /** One GET, retried after 429, timed out as a whole (headers and body), its body parsed as JSON. */
  private async request(path: string): Promise<
    | Exclude<ApiAnswer, { readonly kind: "ok" }>
    | { readonly kind: "document"; readonly status: number; readonly document: Record<string, unknown>; readonly request: string; readonly describe: (what: string) => string }
  > {
    const request = `GET /api/v2${path}`;
    const url = `${this.props.address}/api/v2${path}`;
    for (let attempt = 0; ; attempt++) {
      const reply = await this.props.pacer.run(() => this.fetchText(url));
      if (reply.kind === "unreachable") {
        return { kind: "failed", request, detail: reply.reason, advice: "check the network, and that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud; then try again" };
      }
      if (reply.kind === "broken") {
        const contentType = reply.headers.get("content-type") ?? "no content type";
        return malformed(request, `answered ${reply.status} (${contentType}) with a body that ${reply.reason}`);
      }
      const { status, headers, text } = reply;
      if (status === 429) {
        if (attempt >= this.maxRetries) {
          return { kind: "failed", request, detail: `still rate limited (429) after ${this.maxRetries} waits`, advice: "wait a minute, stop other tools using the same account, and try again" };
        }
        // Holds back every request of the command, this one's retry included.
        this.props.pacer.holdFor(retryDelaySeconds(headers, Date.now()) * 1000);
        continue;
      }
      const contentType = headers.get("content-type") ?? "no content type";
      const excerpt = JSON.stringify(text.replaceAll(this.props.token, "<token>").slice(0, EXCERPT_LENGTH));
      const describe = (what: string) => `answered ${status} (${contentType}) with a body that ${what}: ${excerpt}`;
      if (status >= 500) {
        return { kind: "failed", request, detail: `answered ${status}: Terraform Cloud could not answer`, advice: "try again in a few minutes; if it persists, check the Terraform Cloud status page" };
      }
      if (status >= 400) return { kind: "refused", status, request };
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        return malformed(request, describe("is not JSON"));
      }
      if (typeof document !== "object" || document === null || Array.isArray(document)) return malformed(request, describe("is not a JSON:API document"));
      return { kind: "document", status, document: document as Record<string, unknown>, request, describe };
    }
  }

  private async fetchText(
    url: string,
  ): Promise<
    | { readonly kind: "unreachable"; readonly reason: string }
    | { readonly kind: "broken"; readonly status: number; readonly headers: Headers; readonly reason: string }
    | { readonly kind: "reply"; readonly status: number; readonly headers: Headers; readonly text: string }
  > {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const masked = (text: string) => text.replaceAll(this.props.token, "<token>");
    const timedOut = () => `no answer within ${this.timeoutMs / 1000} s`;
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${this.props.token}`, "Content-Type": "application/vnd.api+json" },
          signal: controller.signal,
        });
      } catch (error) {
        const cause = (error as Error & { readonly cause?: Error }).cause;
        return { kind: "unreachable", reason: masked(controller.signal.aborted ? timedOut() : `no connection (${cause?.message ?? (error as Error).message})`) };
      }
      // The body is read under the same timer: a server that sends headers and then stalls is no answer too.
      try {
        const body = await boundedBody(response, this.maxBodyBytes);
        if (body === undefined) return { kind: "broken", status: response.status, headers: response.headers, reason: `is larger than ${this.maxBodyBytes} bytes, so it was not read` };
        return { kind: "reply", status: response.status, headers: response.headers, text: new TextDecoder().decode(body) };
      } catch (error) {
        if (controller.signal.aborted) return { kind: "unreachable", reason: timedOut() };
        // The server answered: what failed is its body, which either would not decode (a garbled gzip) or broke off.
        const cause = (error as Error & { readonly cause?: Error & { readonly code?: unknown } }).cause;
        const detail = cause?.message ?? (error as Error).message;
        const encoding = response.headers.get("content-encoding");
        const socket = typeof cause?.code === "string" && cause.code.startsWith("UND_ERR");
        const reason = encoding !== null && !socket ? `could not be decoded (Content-Encoding ${encoding}: ${detail})` : `broke off before its end (${detail})`;
        return { kind: "broken", status: response.status, headers: response.headers, reason: masked(reason) };
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

function malformed(request: string, detail: string): FailedAnswer {
  return { kind: "failed", request, detail, advice: "check that TFE_HOSTNAME or TFE_ADDRESS names Terraform Cloud and not a proxy or login page; then try again" };
}

function includedOf(document: Record<string, unknown>): ApiResource[] {
  return Array.isArray(document.included) ? document.included.filter(isResource) : [];
}

/** One line for a failed answer: the request, what came back, and what to do. */
export function describeFailure(answer: FailedAnswer): string {
  return `${answer.request} ${answer.detail}`;
}

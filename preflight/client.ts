/** A JSON:API document as Terraform Cloud returns it. */
export interface ApiDocument {
  readonly data?: unknown;
  readonly links?: { readonly next?: string | null };
  readonly meta?: { readonly pagination?: { readonly "next-page"?: number | null } };
}

/** The answer to one GET: its status and, when it has one, its document. */
export interface ApiResponse {
  readonly status: number;
  readonly body?: ApiDocument;
}

/** Properties of an {@link ApiClient}. */
export interface ApiClientProps {
  readonly address: string;
  readonly token: string;
  /**
   * How long one request may take.
   * @default 10 seconds
   */
  readonly timeoutMs?: number;
  /**
   * How many times a request answered 429 is retried.
   * @default 5
   */
  readonly maxRetries?: number;
  /**
   * How to wait before a retry; tests replace it to record the waits.
   * @default a real timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY_AFTER_SECONDS = 2;
const MAX_RETRY_AFTER_SECONDS = 60;

/** Raised when the API cannot be asked at all; its message never holds the token. */
export class ApiUnreachable extends Error {}

/** A read-only client of the Terraform Cloud API v2 that waits out rate limits and never prints the token. */
export class ApiClient {
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly props: ApiClientProps) {
    this.timeoutMs = props.timeoutMs ?? 10_000;
    this.maxRetries = props.maxRetries ?? 5;
    this.sleep = props.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** GETs an API path such as `/organizations/acme`, retrying on 429 after the time `Retry-After` asks. */
  async get(path: string): Promise<ApiResponse> {
    const url = `${this.props.address}/api/v2${path}`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${this.props.token}`, "Content-Type": "application/vnd.api+json" },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const reason = (error as Error).name === "TimeoutError" ? `no answer within ${this.timeoutMs / 1000} s` : (error as Error).message;
        throw new ApiUnreachable(`cannot reach ${this.props.address} (${reason})`);
      }
      if (response.status === 429 && attempt < this.maxRetries) {
        const asked = Number(response.headers.get("retry-after"));
        const seconds = Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_RETRY_AFTER_SECONDS) : DEFAULT_RETRY_AFTER_SECONDS;
        await response.body?.cancel();
        await this.sleep(seconds * 1000);
        continue;
      }
      const text = await response.text();
      let body: ApiDocument | undefined;
      try {
        body = text === "" ? undefined : (JSON.parse(text) as ApiDocument);
      } catch {
        body = undefined;
      }
      return { status: response.status, body };
    }
  }

  /** GETs every page of a list, following `meta.pagination.next-page`. */
  async list(path: string): Promise<{ readonly status: number; readonly items: unknown[] }> {
    const items: unknown[] = [];
    for (let page = 1; ; ) {
      const separator = path.includes("?") ? "&" : "?";
      const response = await this.get(`${path}${separator}page%5Bnumber%5D=${page}&page%5Bsize%5D=100`);
      if (response.status !== 200) return { status: response.status, items };
      items.push(...((response.body?.data as unknown[] | undefined) ?? []));
      const next = response.body?.meta?.pagination?.["next-page"];
      if (typeof next !== "number") return { status: 200, items };
      page = next;
    }
  }
}

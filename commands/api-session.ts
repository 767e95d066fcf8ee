import { accessProblem, apiAccess, servesHost, withStateToken, type ApiAccess } from "../terraform-cloud/access";
import { ApiClient, RequestPacer, type RequestPacerProps, type Timer } from "../terraform-cloud/api-client";
import type { Secrets } from "../text/secrets";
import { terminalLine } from "../text/terminal";
import { count } from "../text/count";
import { fail, ok, type Result } from "../text/result";
import type { WorkshopConfig } from "../config/schema";
import { stateHostname } from "../operations/stack-state";
import { prepareWorkshop, type PrepareOptions, type Workshop } from "./prepare-workshop";

/** Where a long run's progress is drawn: a terminal, or anything else, where it is not drawn at all. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** What every command that calls Terraform Cloud is given besides its config. */
export interface ApiOptions {
  /** Where progress goes: shown only on a terminal, and only once the work takes more than a second. */
  readonly progressStream?: ProgressStream;
  /**
   * The pacing of requests; tests speed it up and record its waits.
   * @default 25 requests per second, 8 in flight
   */
  readonly pacing?: RequestPacerProps;
  /**
   * How long one request may take.
   * @default 10 seconds
   */
  readonly timeoutMs?: number;
  /**
   * The timer each request's timeout runs on; tests move it on themselves.
   * @default a real timer
   */
  readonly timer?: Timer;
  /**
   * The home directory, for the terraform login credentials.
   * @default the user's
   */
  readonly home?: string;
  /**
   * The secrets the run's printed lines mask: the session adds the command's own token and each token it is given.
   * @default none kept
   */
  readonly secrets?: Secrets;
}

const PROGRESS_AFTER_MS = 1000;

/** The API access of one command run: one pacer for every token it uses, progress, and a summary line. */
export class ApiSession {
  readonly access: ApiAccess;
  private readonly pacer: RequestPacer;
  private readonly startedAt: number;
  private progressShown = false;
  private done = 0;
  private total = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Every client of the run, whose unanswered requests the summary line counts. */
  private readonly clients: ApiClient[] = [];

  constructor(
    env: NodeJS.ProcessEnv,
    private readonly options: ApiOptions,
    private readonly label: string,
  ) {
    this.access = apiAccess(env, options.home);
    options.secrets?.add(this.access.token);
    this.pacer = new RequestPacer(options.pacing);
    this.startedAt = this.pacer.now();
    const stream = options.progressStream;
    this.timer = stream?.isTTY === true ? setInterval(() => this.showProgress(), 250) : undefined;
    this.timer?.unref();
  }

  /** A client for a token: the command's own (the default) or one it checks, such as an attendee's. */
  client(token: string, address = this.access.address): ApiClient {
    this.options.secrets?.add(token);
    const { timeoutMs, timer } = this.options;
    const client = new ApiClient({ address, token, pacer: this.pacer, timeoutMs, timer });
    this.clients.push(client);
    return client;
  }

  /**
   * A client for the Terraform Cloud host that keeps the state, with the token Terraform's own `cloud` block would
   * use there (TF_TOKEN_<host> or the terraform login credentials); the command's client when it is the same host,
   * or when TFE_ADDRESS points every request at a stand-in.
   */
  clientForHost(env: NodeJS.ProcessEnv, hostname: string): Result<ApiClient> {
    const { token } = this.access;
    if (token !== undefined && servesHost(env, this.access, hostname)) return ok(this.client(token));
    const hostEnv = { ...env, TFE_HOSTNAME: hostname, TFE_TOKEN: undefined, TFE_ADDRESS: undefined };
    const refused = accessProblem(hostEnv, this.options.home);
    if (refused !== undefined) return fail(`has no token for ${hostname}: ${refused}`);
    const access = apiAccess(hostEnv, this.options.home);
    if (access.token === undefined)
      return fail(
        `has no token for ${hostname} in TF_TOKEN_<host> or the terraform ` +
          `login credentials: run terraform login ${hostname}`,
      );
    return ok(this.client(access.token, access.address));
  }

  /** Counts finished work for the progress line. */
  progress(done: number, total: number): void {
    this.done = done;
    this.total = total;
  }

  /** Draws the progress line, on a terminal and once the work has taken a second; the session's timer calls it. */
  showProgress(): void {
    if (this.options.progressStream?.isTTY !== true || this.pacer.now() - this.startedAt < PROGRESS_AFTER_MS) return;
    this.progressShown = true;
    const of = this.total > 0 ? ` (${this.done}/${this.total})` : "";
    this.options.progressStream?.write(
      `\r${terminalLine(`${this.label}: ${this.pacer.started} requests${of}`)}\u001b[K`,
    );
  }

  /**
   * Ends the progress line; returns the summary line: how many requests, to where, in how long, and how many of them
   * were answered when some got no answer at all.
   */
  finish(): string {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.progressShown) this.options.progressStream?.write("\r\u001b[K");
    const seconds = ((this.pacer.now() - this.startedAt) / 1000).toFixed(1);
    const unanswered = this.clients.reduce((sum, client) => sum + client.requestsUnanswered, 0);
    const answered = Math.max(0, this.pacer.started - unanswered);
    const answers = unanswered === 0 ? "" : `, ${answered === 0 ? "none" : answered} answered`;
    return `${count(this.pacer.started, "request")} to ${this.access.address} in ${seconds} s${answers}.`;
  }
}

/**
 * How a command that only reads Terraform Cloud starts: the environment it would call with checked (one line naming
 * the command when it is refused), then the config read, without the policy's warnings, which are for the commands
 * that write or deploy the stack. Undefined when either is refused, each said already.
 */
export function prepareReadOnly(command: string, options: PrepareOptions & ApiOptions): Workshop | undefined {
  const refused = accessProblem(options.env, options.home);
  if (refused !== undefined) {
    options.report(`${command}: ${refused}`);
    return undefined;
  }
  return prepareWorkshop({ ...options, warnings: false });
}

/**
 * The environment `terraform output -json` runs in for a command whose environment was checked (`accessProblem`):
 * with a state in Terraform Cloud, Terraform's token for it where Terraform reads it (`withStateToken`).
 */
export function terraformEnvironment(
  options: { readonly env: NodeJS.ProcessEnv; readonly home?: string },
  config: WorkshopConfig,
): NodeJS.ProcessEnv {
  const access = apiAccess(options.env, options.home);
  return withStateToken(options.env, access, config.state && stateHostname(config.state));
}

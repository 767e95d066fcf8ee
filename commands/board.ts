import { readVerifyRecordFor } from "../operations/verify-record";
import { startBoard, type RunningBoard } from "../operations/board/server";
import { TOKEN_PLACES, tokenPhrase } from "../terraform-cloud/access";
import { safeLines } from "../text/terminal";
import { ApiSession, prepareReadOnly, type ApiOptions } from "./api-session";
import type { PrepareOptions } from "./prepare-workshop";
import { CONFIG, PORT_OPTION, runnable, TERRAFORM_CLOUD } from "./usage";

/** How often the board reads Terraform Cloud when not told: four times a minute. */
export const DEFAULT_BOARD_INTERVAL_SECONDS = 15;

/** Options of {@link board}. */
export interface BoardOptions extends PrepareOptions, ApiOptions {
  readonly print: (line: string) => void;
  /**
   * The port to serve on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Seconds between two reads of Terraform Cloud.
   * @default 15
   */
  readonly intervalSeconds?: number;
  /**
   * Resolves when the board should stop.
   * @default an interrupt (Ctrl-C) or a termination signal
   */
  readonly stop?: Promise<void>;
}

/** `npm run board`: serves the live board of the room on 127.0.0.1 until stopped. */
export async function board(given: BoardOptions): Promise<number> {
  // Config values and the address reach these lines: each made safe for a terminal, whoever calls.
  const options = safeLines(given);
  const workshop = prepareReadOnly("board", options);
  if (workshop === undefined) return 1;
  const { config, configFile } = workshop;
  const session = new ApiSession(options.env, options, "board");
  const { address, token } = session.access;
  options.print(`Board of ${configFile} against ${address}, ${tokenPhrase(session.access)}:`);
  if (token === undefined) {
    options.report(`board: no token found in ${TOKEN_PLACES}; run terraform login, or export TFE_TOKEN`);
    return 1;
  }
  const seconds = options.intervalSeconds ?? DEFAULT_BOARD_INTERVAL_SECONDS;
  let running: RunningBoard;
  try {
    running = await startBoard({
      config,
      client: session.client(token),
      port: options.port ?? 0,
      intervalMs: seconds * 1000,
      now: () => new Date(),
      verifyRecord: () => readVerifyRecordFor(config, workshop.app.outdir),
      report: options.report,
    });
  } catch (error) {
    options.report(
      `board: cannot serve on 127.0.0.1:${options.port ?? 0} ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another ` +
        "--port, or 0 for a free one",
    );
    return 1;
  }
  options.print(`open ${running.url}`);
  options.print(`It reads Terraform Cloud every ${seconds} s; stop it with Ctrl-C.`);
  await (options.stop ??
    new Promise<void>((resolve) => ["SIGINT", "SIGTERM"].forEach((signal) => process.once(signal, () => resolve()))));
  await running.close();
  options.report(session.finish());
  return 0;
}

/** `npm run board`: its spec and runner. */
export const BOARD_COMMAND = runnable(
  {
    name: "board",
    summary: "serves a live page of the room on 127.0.0.1, for the projector",
    usage: "npm run board [-- --port N] [--interval SECONDS]",
    options: {
      port: PORT_OPTION,
      interval: {
        type: "integer",
        value: "SECONDS",
        min: 1,
        max: 3600,
        help: `seconds between two reads of Terraform Cloud (default ${DEFAULT_BOARD_INTERVAL_SECONDS})`,
      },
    },
    positionals: { most: 0 },
    reads: [...CONFIG, ...TERRAFORM_CLOUD],
    example: "npm run board -- --port 8080",
  },
  (values, _, context) => board({ ...context, port: values.port, intervalSeconds: values.interval }),
);

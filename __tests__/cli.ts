import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "../commands/cli";
import { BUNDLED_MARKER } from "./global-setup";
import { movedClock } from "./workshop-day-support";

export const ROOT = join(__dirname, "..");

/** What a command printed and how it ended. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command as a user would, in a child process, without blocking: tests start all of theirs at once and
 * await each where it is checked, so that a file of command tests costs about one command, not their sum.
 */
export async function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<Run> {
  // The project's commands run the bundle; other tools need not wait for it.
  if (command === "node" && args[0]?.startsWith("bin") === true) await bundled();
  return collect(command, args, cwd, { ...process.env, CHECKPOINT_DISABLE: "1", ...env });
}

/**
 * Runs a command in this process, through the very runCommand bin/cli.js calls, with the environment given
 * and nothing else: what a user's run would print, without a process of its own to start, its requests paced on a
 * clock of their own (never waited for, so it says it took 0.0 s).
 */
export async function runInProcess(
  name: string | undefined,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const progressStream = { isTTY: false, write: () => true };
  const status = await runCommand(name, args, {
    env,
    stdout: (line) => (stdout += `${line}\n`),
    stderr: (line) => (stderr += `${line}\n`),
    progressStream,
    pacing: movedClock().pacing,
  });
  return { status, stdout, stderr };
}

/** Runs a program with exactly the environment given, and collects what it printed and how it ended. */
export function collect(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Waits, 30 seconds at most, for the global setup's bundle; a failed bundle fails the test with esbuild's message. */
export async function bundled(): Promise<void> {
  for (let waited = 0; !existsSync(BUNDLED_MARKER); waited += 20) {
    if (waited > 30_000) throw new Error("the bundle of the global setup did not finish within 30 s");
    await sleep(20);
  }
  const failure = readFileSync(BUNDLED_MARKER, "utf8");
  if (failure !== "") throw new Error(`bundling failed: ${failure}`);
}

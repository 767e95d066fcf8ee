import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { fail, ok, type Result } from "../text/result";

/** The first executable `terraform` on the environment's PATH, or undefined. */
export function findTerraform(env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === "win32" ? ["terraform.exe"] : ["terraform"];
  for (const folder of (env.PATH ?? "").split(delimiter)) {
    for (const name of names) {
      if (folder === "") continue;
      try {
        accessSync(join(folder, name), constants.X_OK);
        return join(folder, name);
      } catch {
        // Not in this folder.
      }
    }
  }
  return undefined;
}

/**
 * HCL as `terraform fmt -` (stdin to stdout) writes it, or why it could not be formatted: the one formatter whose
 * output `terraform fmt -check` accepts by definition. It reads no configuration and no state, and runs without the
 * user's TF_CLI_ARGS (a `-parallelism` meant for plan and apply would make fmt refuse).
 */
export function terraformFmt(terraform: string, hcl: string): Result<string> {
  const ran = spawnSync(terraform, ["fmt", "-no-color", "-"], {
    input: hcl,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1" },
  });
  if (ran.status === 0) return ok(ran.stdout);
  const said = `${ran.stderr ?? ""}`
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "" && !/^[│╷╵]*$/.test(line));
  return fail(said ?? ran.error?.message ?? `terraform fmt exited with ${ran.status}`);
}

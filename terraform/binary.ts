import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

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

/** HCL as `terraform fmt` writes it, or why it could not be formatted. */
export type Formatted = { readonly ok: true; readonly hcl: string } | { readonly ok: false; readonly problem: string };

/**
 * Formats HCL with `terraform fmt -` (stdin to stdout), the one formatter whose output `terraform fmt -check`
 * accepts by definition. It reads no configuration and no state, and runs without the user's TF_CLI_ARGS (a
 * `-parallelism` meant for plan and apply would make fmt refuse).
 */
export function terraformFmt(terraform: string, hcl: string): Formatted {
  const ran = spawnSync(terraform, ["fmt", "-no-color", "-"], {
    input: hcl,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1" },
  });
  if (ran.status === 0) return { ok: true, hcl: ran.stdout };
  const said = `${ran.stderr ?? ""}`
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "" && !/^[│╷╵]*$/.test(line));
  return { ok: false, problem: said ?? ran.error?.message ?? `terraform fmt exited with ${ran.status}` };
}

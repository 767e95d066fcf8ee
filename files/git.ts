import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Whether git ignores a directory, asked as a directory (`handouts/`): git matches a pattern such as `handouts/`
 * only against a directory, and one that does not exist yet would otherwise never match. git is asked from the
 * nearest folder that exists, so that a directory elsewhere is judged by its own repository, if any: outside a git
 * repository nothing can reach a commit.
 */
export function gitCheckIgnore(directory: string, cwd = process.cwd()): boolean {
  const path = resolve(cwd, directory);
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const asked = spawnSync("git", ["check-ignore", "-q", `${path}/`], { cwd: existing, encoding: "utf8" });
  if (asked.status === 0) return true;
  return asked.status === 128 && /not a git repository/i.test(asked.stderr);
}

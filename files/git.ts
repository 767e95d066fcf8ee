import { spawnSync } from "node:child_process";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { linkOnPathProblem } from "./write";

/**
 * Why `directory` may not receive files that must never reach a commit (handouts, a rehearsal's tokens), as one line
 * starting with the path at fault, or undefined. It must be inside the git repository of `cwd`, not that repository
 * itself, and ignored by git, asked as a directory (`handouts/`: git matches such a pattern only against a
 * directory, and one that does not exist yet would otherwise never match); and no component of its path may be a
 * symbolic link, which would take the files wherever it points.
 * @param example a directory the repository ignores, for the fix
 * @param cwd where the command runs: `directory` is relative to it, and its repository is the one asked
 */
export function ignoredDirectoryProblem(directory: string, example: string, cwd = process.cwd()): string | undefined {
  const path = resolve(cwd, directory);
  const linked = linkOnPathProblem(path);
  if (linked !== undefined) return linked;
  const elsewhere = `give a directory inside it that git ignores, such as ${example}`;
  const top = spawnSync("git", ["rev-parse", "--show-toplevel"], { cwd, encoding: "utf8" });
  if (top.status !== 0)
    return (
      `${directory}: cannot be checked: ${cwd} is not inside a git repository, and git must ` +
      "ignore what is written there; run the command in the project's repository"
    );
  const repository = top.stdout.replace(/\n$/, "");
  const inside = relative(repository, path);
  if (inside === "") return `${directory}: is the repository itself; ${elsewhere}`;
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return `${directory}: is outside the repository ${repository}; ${elsewhere}`;
  const ignored = spawnSync("git", ["check-ignore", "-q", `${path}/`], { cwd: repository });
  return ignored.status === 0
    ? undefined
    : `${directory}: is not ignored by git; add it to .gitignore ` +
        `(${example}/ is) so that nothing written there can reach a commit`;
}

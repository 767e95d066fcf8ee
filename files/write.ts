import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join, normalize, parse, resolve, sep } from "node:path";
import { errnoReason, kindOf } from "./read";

/** What a path must be to be written: a file, or a directory to create or write into. */
export type Place = "file" | "directory";

const ELSEWHERE = "remove it, or choose another path";
const linkProblem = (path: string) =>
  `${path}: is a symbolic link, and nothing is written through a link; ${ELSEWHERE}`;

/** The kind of a path without following a link, or undefined when nothing is there (nor can be, below a file). */
function lstatOrNothing(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/**
 * Where a missing path would be created: the nearest ancestor that exists must be a directory (a link to one,
 * above what is written, is the user's own layout); one line naming it when it is not.
 */
function ancestorProblem(path: string): string | undefined {
  for (let ancestor = dirname(path); ; ancestor = dirname(ancestor)) {
    const stats = lstatOrNothing(ancestor);
    if (stats !== undefined) {
      const followed = stats.isSymbolicLink() ? statSync(ancestor, { throwIfNoEntry: false }) : stats;
      return followed?.isDirectory() === true
        ? undefined
        : `${ancestor}: is ${kindOf(followed ?? stats)}, where a directory is needed; ${ELSEWHERE}`;
    }
    if (dirname(ancestor) === ancestor) return undefined;
  }
}

/**
 * Why `path` cannot be written as a `place`, as one line starting with the path at fault, or undefined: a
 * symbolic link (nothing is ever written through one), a directory where a file goes, a file, FIFO or device
 * where a directory goes, or an ancestor that is not a directory. Nothing is touched: a command asks for every
 * place it will write before it writes anything. The path is looked at without a trailing `/` or `/.`, which
 * would have the system follow a link at its end.
 */
export function placeProblem(given: string, place: Place): string | undefined {
  const path = normalize(given).replace(/(?<=[^\\/])[\\/]+$/, "");
  let stats: Stats | undefined;
  try {
    stats = lstatOrNothing(path);
  } catch (error) {
    return `${path}: cannot be checked (${errnoReason(error)})`;
  }
  if (stats === undefined) return ancestorProblem(path);
  if (stats.isSymbolicLink()) return linkProblem(path);
  if (place === "directory" && !stats.isDirectory())
    return `${path}: is ${kindOf(stats)}, where a directory is needed; ${ELSEWHERE}`;
  if (place === "file" && !stats.isFile())
    return `${path}: is ${kindOf(stats)}, where a file is to be written; ${ELSEWHERE}`;
  return undefined;
}

/**
 * The first component of a path that is a symbolic link, as one line naming it, or undefined: for a directory where
 * secrets go, where a link anywhere on the way, not only at its end, would take them wherever it points.
 */
export function linkOnPathProblem(path: string): string | undefined {
  const absolute = resolve(path);
  let current = parse(absolute).root;
  for (const part of absolute
    .slice(current.length)
    .split(sep)
    .filter((piece) => piece !== "")) {
    current = join(current, part);
    const stats = lstatOrNothing(current);
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) return linkProblem(current);
  }
  return undefined;
}

/** The first problem of several places, each checked as {@link placeProblem} does. */
export function placesProblem(places: ReadonlyArray<readonly [path: string, place: Place]>): string | undefined {
  for (const [path, place] of places) {
    const problem = placeProblem(path, place);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Makes a directory and the missing ones above it, one at a time, never through a link: each one made is new,
 * and one that appears meanwhile must be a directory itself. `mode` applies to those made. One that exists is
 * taken as it is (a link to a directory above what is written is the user's layout; {@link placeProblem} refuses
 * a link where a command writes).
 * @returns the directories it made, outermost first
 */
export function makeDirectory(path: string, mode?: number): readonly string[] {
  const missing: string[] = [];
  for (
    let current = path;
    lstatOrNothing(current) === undefined && dirname(current) !== current;
    current = dirname(current)
  )
    missing.unshift(current);
  for (const directory of missing) {
    try {
      mkdirSync(directory, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || !lstatSync(directory).isDirectory()) throw error;
    }
  }
  const made = statSync(path);
  if (!made.isDirectory()) throw new Error(`${path} is ${kindOf(made)}, not a directory`);
  return missing;
}

/**
 * Removes directories {@link makeDirectory} made, deepest first, each only while it is empty: what a refused command
 * made on its way is undone, and anything written into one meanwhile is left where it is.
 */
export function removeMadeDirectories(made: readonly string[]): void {
  for (const directory of [...made].reverse()) {
    try {
      rmdirSync(directory);
    } catch {
      // Not empty, or gone already: left as it is.
    }
  }
}

/** The signals a write holds back: an interrupt (Ctrl-C) and a polite termination. */
const HELD_SIGNALS = ["SIGINT", "SIGTERM"] as const;
let holding = false;

function stopHolding(): void {
  holding = false;
  for (const signal of HELD_SIGNALS) process.off(signal, endBySignal);
}

/** A signal that came during a write: the process ends by it as it would have, unless the command listens itself. */
function endBySignal(signal: NodeJS.Signals): void {
  stopHolding();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Holds an interrupt or a termination back until the writes of this turn of the event loop are done. Left to its
 * default, such a signal ends the process at once, between a temporary file's creation and its rename, and leaves
 * it (a handout's holds a token) beside the file. Held, it waits for the synchronous writes to finish, each with
 * its temporary renamed into place or removed, and then ends the process by the same signal.
 */
function holdSignalsWhileWriting(): void {
  if (holding) return;
  holding = true;
  for (const signal of HELD_SIGNALS) process.on(signal, endBySignal);
  // A signal that came meanwhile is handled in the next turn's poll phase, before this runs in its check phase.
  setImmediate(() => {
    if (holding) stopHolding();
  });
}

/**
 * Writes a file without following a link: the text goes to a new file beside it (created exclusively, never
 * through a link, with `mode` from the start), which then replaces the path. A link at the path is replaced
 * itself, never written through; a hard link to another file is left to that file. An interrupt or termination
 * that comes meanwhile waits until the temporary file is renamed or removed ({@link holdSignalsWhileWriting}).
 * @param mode exactly this mode, umask or not, such as 0o600 for a file holding a token
 */
export function writeFileSafely(path: string, text: string, mode?: number): void {
  holdSignalsWhileWriting();
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const descriptor = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    mode ?? 0o666,
  );
  try {
    try {
      const bytes = Buffer.from(text);
      for (let written = 0; written < bytes.length;) written += writeSync(descriptor, bytes, written);
      if (mode !== undefined) fchmodSync(descriptor, mode);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

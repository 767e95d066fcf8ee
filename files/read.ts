import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { fail, ok, type Result } from "../text/result";

/** What a path is, for a message that says why it is not the file or directory wanted. */
export function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isDirectory()) return "a directory";
  if (stats.isFile()) return "a file";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return stats.isSocket() ? "a socket" : "something other than a file";
}

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a part of its path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "its path is too long",
};

/** Why a file system call failed, in words where there are some, else its code. */
export function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : ERRNO_REASONS[code]) ?? code ?? (error as Error).message;
}

const CHUNK_BYTES = 64 * 1024;

const sizeOf = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`);

/**
 * The bytes of a regular file of at most `maxBytes`, or why not, as words that follow "cannot read the file
 * (...)". A FIFO, a device or a directory is refused before it is read (it would hang, never end, or fail half
 * way), and the file is opened non-blocking, so that one swapped in after the check cannot hang the read either.
 */
export function readRegularFile(path: string, maxBytes: number): Result<Buffer> {
  const notRegular = (stats: Stats) => (stats.isFile() ? undefined : `${kindOf(stats)}, not a regular file`);
  const tooLarge = `larger than ${sizeOf(maxBytes)}`;
  let descriptor: number | undefined;
  try {
    const stats = statSync(path);
    const refused = notRegular(stats) ?? (stats.size > maxBytes ? tooLarge : undefined);
    if (refused !== undefined) return fail(refused);
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
    const opened = notRegular(fstatSync(descriptor));
    if (opened !== undefined) return fail(opened);
    // Read to its end, not to the size measured: a file that grew since is still held to the bound.
    const chunks: Buffer[] = [];
    let total = 0;
    for (let read = -1; read !== 0;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      read = readSync(descriptor, chunk, 0, chunk.length, null);
      total += read;
      if (total > maxBytes) return fail(tooLarge);
      chunks.push(chunk.subarray(0, read));
    }
    return ok(Buffer.concat(chunks, total));
  } catch (error) {
    return fail(errnoReason(error));
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * The lead bytes of UTF-8 sequences of 2 to 4 bytes, each with the range its second byte must be in (Unicode, table
 * 3-7).
 */
const SEQUENCES: ReadonlyArray<readonly [first: number, last: number, length: number, low: number, high: number]> = [
  [0xc2, 0xdf, 2, 0x80, 0xbf],
  [0xe0, 0xe0, 3, 0xa0, 0xbf],
  [0xe1, 0xec, 3, 0x80, 0xbf],
  [0xed, 0xed, 3, 0x80, 0x9f],
  [0xee, 0xef, 3, 0x80, 0xbf],
  [0xf0, 0xf0, 4, 0x90, 0xbf],
  [0xf1, 0xf3, 4, 0x80, 0xbf],
  [0xf4, 0xf4, 4, 0x80, 0x8f],
];

/**
 * Where the first character that is not UTF-8 starts, and whether the bytes end inside it; only asked of bytes
 * that are not UTF-8.
 */
function firstInvalid(bytes: Uint8Array): { readonly index: number; readonly cutOff: boolean } {
  for (let index = 0; index < bytes.length;) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const sequence = SEQUENCES.find(([first, last]) => lead >= first && lead <= last);
    if (sequence === undefined) return { index, cutOff: false };
    const [, , length, low, high] = sequence;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      if (byte === undefined) return { index, cutOff: true };
      if (byte < (next === 1 ? low : 0x80) || byte > (next === 1 ? high : 0xbf)) return { index, cutOff: false };
    }
    index += length;
  }
  return { index: bytes.length, cutOff: true };
}

/**
 * Bytes as UTF-8 text, or what they are instead, as words that follow the file's name: UTF-16 or UTF-32 (by
 * their byte order mark, or by the NUL byte UTF-16 puts beside every ASCII character), or where the first
 * byte that is not UTF-8 is.
 */
export function utf8Text(bytes: Buffer): Result<string> {
  const save = "; save it as UTF-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0)
    return fail(`is UTF-32 text, not UTF-8 (it starts with a UTF-32 byte order mark)${save}`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return fail(`is UTF-16 text, not UTF-8 (it starts with a UTF-16 byte order mark)${save}`);
  if (bytes.length >= 2 && (bytes[0] === 0) !== (bytes[1] === 0))
    return fail(`is UTF-16 text, not UTF-8 (a NUL byte beside each of its first characters)${save}`);
  if (isUtf8(bytes)) return ok(bytes.toString("utf8"));
  const { index: offset, cutOff } = firstInvalid(bytes);
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  const line = bytes.subarray(0, lineStart).filter((byte) => byte === 0x0a).length + 1;
  const where = `line ${line}, column ${[...bytes.subarray(lineStart, offset).toString("utf8")].length + 1}`;
  return cutOff
    ? fail(`is not UTF-8 text: it ends inside a character at ${where}${save}`)
    : fail(
        "is not UTF-8 text: the byte " +
          `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, "0")} at ` +
          `${where} is not UTF-8${save}`,
      );
}

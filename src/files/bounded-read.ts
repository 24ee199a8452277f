/**
 * Reading a file a user named, bounded: regular files only (a FIFO would block until someone writes to it,
 * /dev/zero never ends) and at most a given size. The file is opened non-blocking and judged by what it is once
 * open, so there is no window between a check and the read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UsageError } from '../errors.js';

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isDirectory()) return 'a directory';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

/** Why a file could not be opened, in words, with the system's code for searching: `no such file (ENOENT)`. */
export function openFailure(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${isLink(file) ? 'a symbolic link to nothing' : 'no such file'} (ENOENT)`;
  const words: Record<string, string> = {
    ELOOP: 'a symbolic link loop',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is not a directory',
    ENAMETOOLONG: 'the name is too long',
    EISDIR: 'a directory',
  };
  return code ? `${words[code] ?? 'cannot open it'} (${code})` : String(e);
}

function isLink(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

/**
 * The text of `file`, at most `maxBytes` long; otherwise a UsageError (exit 2) in one line, e.g.
 * `cannot read x.yaml: larger than 1 MiB, the limit of a scenario file` (`what` ends that message).
 */
export function readBoundedText(file: string, maxBytes: number, what: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It changes nothing for files.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${openFailure(file, e)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`cannot read ${file}: not a regular file (${kindOf(stats)})`);
    const tooLarge = new UsageError(`cannot read ${file}: larger than ${formatBytes(maxBytes)}, ${what}`);
    if (stats.size > maxBytes) throw tooLarge;
    // Read one byte past the limit: a file that grows (or a /proc file that reports size 0) is still bounded.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
      if (n === 0 || length === buffer.length) break;
    }
    if (length > maxBytes) throw tooLarge;
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file the way a gate that distrusts the repository must: never through a symlink (the last
 * component is opened with `O_NOFOLLOW`, and a symlinked directory between `root` and the file is
 * refused too), only a regular file, and never more than `maxBytes + 1` bytes, so a link to a
 * secrets file or to `/proc/self/environ`, a FIFO or a huge file is reported, not read.
 * Synchronous, one descriptor at a time (the CLI reads thousands of small files in a row).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const realRoots = new Map<string, string>();
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) realRoots.set(root, (real = realpathSync(root)));
  return real;
}

export type ReadOutcome =
  | { ok: true; bytes: Uint8Array }
  /** `found` says what was there instead of a readable regular file (`symlink`, `directory`, an errno code…). */
  | { ok: false; found: string; message: string };

/**
 * @param root the directory the caller trusts (the working directory); components of `path`
 *   below it must not be symlinks
 * @param path absolute path of the file
 * @param maxBytes larger files are refused without being read whole
 */
export function readRegularFile(root: string, path: string, maxBytes: number): ReadOutcome {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return { ok: false, found: 'symlink', message: 'symlink, not read' };
    if (!stat.isFile()) return { ok: false, found: stat.isDirectory() ? 'directory' : 'not a regular file', message: 'not a regular file, not read' };
    const inside = relative(root, dirname(path));
    if (inside !== '' && !inside.startsWith('..') && realpathSync(dirname(path)) !== resolve(realRoot(root), inside)) {
      return { ok: false, found: 'symlink', message: 'symlink, not read (a directory on its path is a symlink)' };
    }
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      if (!fstatSync(fd).isFile()) return { ok: false, found: 'not a regular file', message: 'not a regular file, not read' };
      const buffer = Buffer.alloc(Math.min(maxBytes + 1, fstatSync(fd).size + 1));
      let length = 0;
      while (length < buffer.length) {
        const read = readSync(fd, buffer, length, buffer.length - length, length);
        if (read === 0) break;
        length += read;
      }
      if (length > maxBytes) return { ok: false, found: `over ${maxBytes} bytes`, message: `file is over the ${maxBytes}-byte limit, not read` };
      return { ok: true, bytes: buffer.subarray(0, length) };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') return { ok: false, found: 'symlink', message: 'symlink, not read' };
    return { ok: false, found: code, message: `cannot read file (${code})` };
  }
}

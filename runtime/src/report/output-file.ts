import { constants } from 'node:fs';
import { access, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Output files of the reading tools (`--report`, `algo series -o`): checked before any work
 * starts, so a path that cannot be written fails in a second rather than after a long run,
 * and written whole — into a temporary file beside the target, renamed over it at the end,
 * removed on failure — so a reader never sees half a file.
 */

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the disk is read-only',
};

/** `flag path: cannot write the file (reason)`. */
export function cannotWrite(flag: string, path: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return `${flag} ${path}: cannot write the file (${WHY[err.code ?? ''] ?? err.code ?? err.message})`;
}

/** Why `path` cannot become a file, or undefined when its folder exists and is writable and it is not a folder itself. */
export async function checkWritable(flag: string, path: string): Promise<string | undefined> {
  const full = resolve(path);
  try {
    const s = await stat(full);
    if (s.isDirectory()) return cannotWrite(flag, path, { code: 'EISDIR' });
    await access(full, constants.W_OK);
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return cannotWrite(flag, path, e);
  }
  try {
    const dir = await stat(dirname(full));
    if (!dir.isDirectory()) return cannotWrite(flag, path, { code: 'ENOTDIR' });
    await access(dirname(full), constants.W_OK);
    return undefined;
  } catch (e) {
    return cannotWrite(flag, path, e);
  }
}

/** A temporary name beside `path` for writing it whole. */
export function partialName(path: string): string {
  return `${path}.${process.pid}.${Date.now().toString(36)}.partial`;
}

/** Writes `text` to `path` whole (temporary file, then rename). Resolves to an error message instead of throwing for I/O failures. */
export async function writeWhole(flag: string, path: string, text: string): Promise<string | undefined> {
  const temp = partialName(path);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
    return undefined;
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    return cannotWrite(flag, path, e);
  }
}

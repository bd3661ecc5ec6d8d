import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { KeyplanError } from '../core/errors.js';
import { terminalText } from '../core/text/terminal-text.js';

/**
 * Every file keyplan writes (`plan --out`, `audit --out`, the chat's plan folder) goes through here, so
 * all of them behave the same: a missing folder is created, a failure is a one-line error with exit 2
 * naming the flag, the path and what to do, and a file is written to a temporary name and renamed into
 * place, so a full disk or a kill never leaves half a file where the old one was.
 */

export interface OutputFile {
  name: string;
  content: string;
}

/** Kernel file systems: writing there means nothing, and Node's recursive mkdir never returns under /proc. */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

function under(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}${sep}`);
}

function systemRoot(path: string): string | undefined {
  return SYSTEM_ROOTS.find((root) => under(path, root));
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The path with its existing part resolved through symbolic links, so a link into /proc is seen as such. */
function realTarget(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied (the folder is read-only for you): choose a folder you can write to',
  EPERM: 'permission denied: choose a folder you can write to',
  EROFS: 'the file system is read-only: choose another folder',
  ENOSPC: 'no space left on the device; nothing was written: free some space or choose another disk',
  EDQUOT: 'the disk quota is used up; nothing was written: free some space or choose another disk',
  EFBIG: 'the file is larger than this system allows; nothing was written',
  ENOTDIR: 'a part of the path is a file, not a folder: choose another path',
  EISDIR: 'it is a folder: give a file name',
  ENAMETOOLONG: 'the path is too long: choose a shorter one',
  ELOOP: 'the path loops through symbolic links',
  EEXIST: 'a file is in the way of a folder of that name: choose another path',
  EIO: 'the device reported an input/output error',
};

export class OutputError extends KeyplanError {}

function failure(what: string, shown: string, reason: string): OutputError {
  return new OutputError('OUTPUT_FAILED', `cannot write ${what} ${shown}: ${reason}`);
}

function fromErrno(what: string, shown: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return failure(what, shown, REASONS[code] ?? `${code || (error as Error).message}`);
}

/** Creates the missing folders one level at a time (never Node's recursive mkdir, which can spin on odd file systems). */
function ensureFolder(folder: string, what: string, shown: string): void {
  const stat = statOrNull(folder);
  if (stat?.isDirectory()) return;
  if (stat) throw failure(what, shown, `${terminalText(folder)} is a file, not a folder: choose another path`);
  const parent = dirname(folder);
  if (parent !== folder) ensureFolder(parent, what, shown);
  try {
    mkdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrNull(folder)?.isDirectory()) {
      throw fromErrno(what, shown, error);
    }
  }
}

function refuseSystemPath(absolute: string, what: string, shown: string): void {
  const root = systemRoot(absolute) ?? systemRoot(realTarget(absolute));
  if (root !== undefined) {
    throw failure(what, shown, `${root} is a system file system, not a place for files: choose a folder of your own`);
  }
}

/** Writes `content` under a temporary name next to `path` and flushes it; `commit` renames it into place. */
function stage(path: string, content: string): { commit(): void; discard(): void } {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const discard = () => {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
  };
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o644);
    const bytes = Buffer.from(content, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    discard();
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { commit: () => renameSync(temporary, path), discard };
}

/** Stages every file first and renames only when all are written, so a failure replaces none of them. */
function writeAll(entries: ReadonlyArray<{ path: string; content: string }>): void {
  const staged: Array<ReturnType<typeof stage>> = [];
  try {
    for (const entry of entries) staged.push(stage(entry.path, entry.content));
    for (const file of staged) file.commit();
  } catch (error) {
    for (const file of staged) file.discard();
    throw error;
  }
}

export interface Destination {
  /** How the user named it in messages, e.g. `--out` or `folder`. */
  what: string;
  cwd: string;
}

/** A path the user gave that names a folder: it ends with a separator or is an existing folder. */
export function isFolderTarget(path: string, cwd: string): boolean {
  if (path.endsWith('/') || path.endsWith(sep)) return true;
  const absolute = resolve(cwd, path);
  if (systemRoot(absolute) === '/proc' || systemRoot(absolute) === '/sys') return false;
  return statOrNull(absolute)?.isDirectory() === true;
}

/**
 * Writes one file at `path`. An existing character device (/dev/null, a terminal) is written directly,
 * since it cannot be replaced; any other non-regular file and anything under /proc, /sys or /dev is refused.
 */
export function writeOutputFile(path: string, content: string, destination: Destination): string {
  const shown = terminalText(path);
  const absolute = resolve(destination.cwd, path);
  const stat = statOrNull(absolute);
  if (stat?.isCharacterDevice() && systemRoot(absolute) === '/dev') {
    try {
      writeFileSync(absolute, content);
    } catch (error) {
      throw fromErrno(destination.what, shown, error);
    }
    return absolute;
  }
  refuseSystemPath(absolute, destination.what, shown);
  if (stat?.isDirectory()) throw failure(destination.what, shown, 'it is a folder: give a file name inside it');
  if (stat && !stat.isFile()) throw failure(destination.what, shown, 'it is not a regular file: give a file name');
  try {
    ensureFolder(dirname(absolute), destination.what, shown);
    writeAll([{ path: absolute, content }]);
  } catch (error) {
    throw fromErrno(destination.what, shown, error);
  }
  return absolute;
}

/** Writes files into a folder (created if missing); a failure while writing replaces none of them. */
export function writeOutputFiles(folder: string, files: readonly OutputFile[], destination: Destination): string[] {
  const shown = terminalText(folder);
  const absolute = resolve(destination.cwd, folder);
  refuseSystemPath(absolute, destination.what, shown);
  const stat = statOrNull(absolute);
  if (stat && !stat.isDirectory()) throw failure(destination.what, shown, 'it is a file, not a folder');
  const paths = files.map((file) => join(absolute, file.name));
  try {
    ensureFolder(absolute, destination.what, shown);
    writeAll(files.map((file, index) => ({ path: paths[index] as string, content: file.content })));
  } catch (error) {
    throw fromErrno(destination.what, shown, error);
  }
  return paths;
}

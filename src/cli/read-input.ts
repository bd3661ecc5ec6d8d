import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyplanError } from '../core/errors.js';
import { terminalText } from '../core/text/terminal-text.js';

/** The largest profile keyplan reads; README.md, "Limits". A large real profile is a few hundred KB. */
export const MAX_PROFILE_BYTES = 5 * 1024 * 1024;

const CHUNK = 64 * 1024;

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return String(code ?? (error as Error).message);
  }
}

/**
 * Reads at most `limit` bytes: one more means the input is too large, whatever its kind (a regular
 * file, a pipe, /dev/zero), so nothing unbounded is ever held in memory.
 */
function readBounded(path: string, limit: number): Buffer | 'too-large' {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > limit) return 'too-large';
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) return 'too-large';
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** UTF-16 without a byte order mark: NUL in most of the high (LE) or low (BE) bytes of its first units. */
function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const units = Math.min(64, Math.floor(bytes.length / 2));
  if (units < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0) evenZero += 1;
    if (bytes[2 * i + 1] === 0) oddZero += 1;
  }
  if (oddZero >= units * 0.75 && evenZero === 0) return 'utf-16le';
  if (evenZero >= units * 0.75 && oddZero === 0) return 'utf-16be';
  return null;
}

/** Bytes → text: UTF-8 (with or without BOM) or UTF-16 (with a BOM, or recognisably without one). */
export function decodeText(bytes: Buffer): { text: string } | { problem: string } {
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else encoding = utf16WithoutBom(bytes) ?? 'utf-8';
  let text: string;
  try {
    // TextDecoder drops the byte order mark itself.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return { problem: `is not valid ${encoding.toUpperCase()} text` };
  }
  if (text.includes('\0')) return { problem: 'holds NUL bytes, so it is not a text file' };
  return { text };
}

/**
 * Reads a file a command was given. A missing, unreadable, oversized or binary file is a usage error
 * naming what was expected (`subject`, e.g. "profile missing.yaml" or "--plan plan.json") and why.
 */
export function readInputFile(
  path: string,
  cwd: string,
  subject: string,
  hint: string,
  limit = MAX_PROFILE_BYTES,
): string {
  const shown = terminalText(subject);
  let bytes: Buffer | 'too-large';
  try {
    bytes = readBounded(resolve(cwd, path), limit);
  } catch (error) {
    throw new KeyplanError('USAGE', `cannot read ${shown}: ${errnoReason(error)}. ${hint}`);
  }
  if (bytes === 'too-large') {
    const mb = (limit / (1024 * 1024)).toLocaleString('en-US');
    throw new KeyplanError(
      'USAGE',
      `cannot read ${shown}: it is larger than ${mb} MB, the most keyplan reads. ${hint}`,
    );
  }
  const decoded = decodeText(bytes);
  if ('problem' in decoded) {
    throw new KeyplanError('USAGE', `cannot read ${shown}: it ${decoded.problem}. Save it as UTF-8 (or UTF-16) text.`);
  }
  return decoded.text;
}

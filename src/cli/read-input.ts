import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyplanError } from '../core/errors.js';

/**
 * Reads a file a command was given. A missing or unreadable file is a usage error naming what was
 * expected (`subject`, e.g. "profile missing.yaml" or "--plan plan.json") and why it failed.
 */
export function readInputFile(path: string, cwd: string, subject: string, hint: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code);
    throw new KeyplanError('USAGE', `cannot read ${subject}: ${why}. ${hint}`);
  }
}

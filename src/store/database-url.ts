import { resolve } from 'node:path';
import { KeyplanError } from '../core/errors.js';

export type DatabaseTarget =
  | { kind: 'sqlite' /** Absolute path, or ':memory:'. */; path: string }
  | { kind: 'postgres'; connectionString: string /** Safe to show: the password is masked. */; display: string };

const HINT =
  'set DATABASE_URL to sqlite:<path> (e.g. sqlite:./data/keyplan.db, sqlite::memory:) or postgres://user:password@host:5432/database';

function invalid(message: string): KeyplanError {
  return new KeyplanError('CONFIG_INVALID', `DATABASE_URL ${message} — ${HINT}`, [
    { path: 'DATABASE_URL', message, hint: HINT },
  ]);
}

/** Masks the password so a URL can appear in errors and logs. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return copy.href;
}

/** Reads a DATABASE_URL; relative SQLite paths are resolved against the process's working directory. */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  const raw = databaseUrl.trim();
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (path === '') throw invalid('names no SQLite file');
    // `sqlite://x` is ambiguous (host or path?), so it is refused rather than guessed.
    if (path.startsWith('//'))
      throw invalid(`"${raw}" is ambiguous: write sqlite:./file.db or sqlite:/absolute/file.db`);
    if (path === ':memory:') return { kind: 'sqlite', path };
    return { kind: 'sqlite', path: resolve(path) };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      // The raw string may hold a password, so it is not echoed.
      throw invalid('is not a valid postgres:// URL');
    }
    if (url.hostname === '') throw invalid('names no PostgreSQL host');
    return { kind: 'postgres', connectionString: raw, display: redactUrl(url) };
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(raw)?.[0];
  throw invalid(scheme ? `uses the unsupported scheme "${scheme}"` : 'is empty or has no scheme');
}

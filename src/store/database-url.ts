import { resolve } from 'node:path';
import { KeyplanError } from '../core/errors.js';

export type DatabaseTarget =
  | { kind: 'sqlite' /** Absolute path, or ':memory:'. */; path: string }
  | {
      kind: 'postgres';
      connectionString: string;
      /** Safe to show: the password is masked. */
      display: string;
      /** From `?schema=name`: several installations (or test runs) can share one database. */
      schema?: string;
    };

const HINT =
  'set DATABASE_URL to sqlite:<path> (e.g. sqlite:./data/keyplan.db, sqlite::memory:) or postgres://user:password@host:5432/database[?schema=name]';

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
    const schema = url.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw invalid(`?schema= must be a lower-case name of letters, digits and _ (got "${schema}")`);
    }
    // The pg driver does not know `schema`, so it is taken off the connection string.
    url.searchParams.delete('schema');
    return {
      kind: 'postgres',
      connectionString: schema === undefined ? raw : url.href,
      display: redactUrl(url),
      ...(schema !== undefined ? { schema } : {}),
    };
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(raw)?.[0];
  throw invalid(scheme ? `uses the unsupported scheme "${scheme}"` : 'is empty or has no scheme');
}

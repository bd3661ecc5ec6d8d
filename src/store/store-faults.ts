import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { KeyplanError } from '../core/errors.js';

/**
 * Faults of the database itself (unreachable, timed out, read-only, full, damaged) become one
 * STORE_UNAVAILABLE error that names the database and what to check, and the CLI exits 2 with it.
 * Everything else a statement can raise (constraint checks, our own KeyplanErrors) passes untouched.
 */

const SQLITE_FAULTS: ReadonlyArray<[RegExp, string]> = [
  [
    /^SQLITE_READONLY/,
    'it is read-only: check the file and folder permissions, or set DATABASE_URL to a writable file',
  ],
  [/^SQLITE_FULL$/, 'the disk is full: free some space, or set DATABASE_URL to a file on another disk'],
  [/^SQLITE_IOERR/, 'the disk reported an I/O error (full, removed or failing): check the disk'],
  [/^SQLITE_CANTOPEN$/, 'the file cannot be opened: check the path and permissions in DATABASE_URL'],
  [/^SQLITE_PERM$/, 'access was denied: check the file and folder permissions'],
  [
    /^SQLITE_(NOTADB|CORRUPT)/,
    'the file is not a healthy SQLite database: restore it from a backup or point DATABASE_URL elsewhere',
  ],
];

/** SQLSTATE classes and codes of faults of the server or the connection, not of the statement. */
const POSTGRES_STATES: ReadonlyArray<[RegExp, string]> = [
  [/^08/, 'the connection failed'],
  [/^57014$/, 'a statement ran past the query timeout (KEYPLAN_DB_QUERY_TIMEOUT_MS)'],
  [/^57P0[1-3]$/, 'the server is shutting down or restarting'],
  [/^53/, 'the server is out of resources (disk, memory or connections)'],
  [/^25006$/, 'the database is read-only (a standby?)'],
  [/^3D000$/, 'the database does not exist'],
  [/^28/, 'the server refused the credentials'],
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/** pg's own messages for a connection that never became ready, timed out or dropped. */
const POSTGRES_CLIENT_FAULTS =
  /timeout expired|timeout exceeded when trying to connect|Query read timeout|Connection terminated/i;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function storeFault(error: unknown, dialect: 'sqlite' | 'postgres', display: string): KeyplanError | null {
  if (error instanceof KeyplanError) return null;
  const code = codeOf(error);
  let reason: string | undefined;
  if (dialect === 'sqlite') {
    reason = SQLITE_FAULTS.find(([pattern]) => pattern.test(code))?.[1];
  } else if (NETWORK_CODES.has(code)) {
    reason = `the server cannot be reached (${code}): check the host and port in DATABASE_URL and that PostgreSQL runs`;
  } else if (POSTGRES_CLIENT_FAULTS.test(messageOf(error))) {
    reason = `the server did not answer in time or dropped the connection (${messageOf(error).slice(0, 80)}): check that it runs and is reachable (KEYPLAN_DB_CONNECT_TIMEOUT_MS, KEYPLAN_DB_QUERY_TIMEOUT_MS)`;
  } else {
    reason = POSTGRES_STATES.find(([pattern]) => pattern.test(code))?.[1];
  }
  if (reason === undefined) return null;
  const what = dialect === 'sqlite' ? 'the SQLite database' : 'the PostgreSQL database';
  return new KeyplanError('STORE_UNAVAILABLE', `cannot use ${what} ${display}: ${reason}`, [
    { path: 'DATABASE_URL', message: reason },
  ]);
}

type Mapper = (error: unknown) => KeyplanError | null;

async function guarded<T>(map: Mapper, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw map(error) ?? error;
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly map: Mapper,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return guarded(this.map, () => this.inner.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

const innerOf = (connection: DatabaseConnection) =>
  connection instanceof GuardedConnection ? connection.inner : connection;

class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly map: Mapper,
    /** Whether the connection still has a transaction to roll back (SQLite ends it itself on a full disk). */
    private readonly inTransaction: () => boolean,
  ) {}

  init(): Promise<void> {
    return guarded(this.map, () => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GuardedConnection(await guarded(this.map, () => this.inner.acquireConnection()), this.map);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return guarded(this.map, () => this.inner.beginTransaction(innerOf(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(this.map, () => this.inner.commitTransaction(innerOf(connection)));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // A rollback of a transaction the database already ended would fail and hide the real error.
    if (!this.inTransaction()) return;
    await guarded(this.map, () => this.inner.rollbackTransaction(innerOf(connection)));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint?.(innerOf(connection), name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(innerOf(connection), name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(innerOf(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The dialect with its driver's faults mapped by `map`. */
export function guardDialect(dialect: Dialect, map: Mapper, inTransaction: () => boolean = () => true): Dialect {
  return {
    createDriver: () => new GuardedDriver(dialect.createDriver(), map, inTransaction),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteDialect,
} from 'kysely';
import { KeyplanError } from '../core/errors.js';

/*
 * Why a wrapped dialect instead of kysely's SqliteDialect as is:
 *
 * 1. Transactions start with BEGIN IMMEDIATE. A plain BEGIN takes the write lock only at the first write,
 *    so two connections can both read, then one fails on upgrade (SQLITE_BUSY_SNAPSHOT) — a lost
 *    read-modify-write. IMMEDIATE takes the write lock up front, which is what withLock relies on across
 *    processes (and across Store instances in one process, each with its own connection).
 *
 * 2. Waiting for a lock held by another connection is an async retry, not SQLite's busy_timeout.
 *    better-sqlite3 is synchronous: busy_timeout would freeze the event loop while it waits (no Slack ack
 *    meanwhile), and when the holder is another connection in the same process it could never finish, so
 *    every wait would end in SQLITE_BUSY. Only statements outside a transaction and the BEGIN itself are
 *    retried — SQLITE_BUSY means they did nothing, so repeating them is safe.
 *
 * 3. DDL is transactional in SQLite, so migrations may run inside one (immediate) transaction: two processes
 *    starting on a fresh file then cannot both apply the same migration.
 */

export interface BusyWaitOptions {
  /** How long to keep retrying a locked database before giving up with STORE_CONFLICT. */
  timeoutMs: number;
}

function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

class BusyRetryingConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly raw: BetterSqlite3.Database,
    private readonly options: BusyWaitOptions,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.options.timeoutMs;
    let pause = 1;
    for (;;) {
      try {
        return await this.inner.executeQuery<R>(compiledQuery);
      } catch (error) {
        // Inside a transaction a busy statement cannot simply be repeated; let the transaction fail.
        if (!isBusy(error) || this.raw.inTransaction) throw error;
        if (Date.now() >= deadline) {
          throw new KeyplanError(
            'STORE_CONFLICT',
            `the SQLite database stayed locked by another connection for ${this.options.timeoutMs} ms; try again`,
          );
        }
        // Jitter keeps several waiters from retrying in lockstep.
        await sleep(pause + Math.random() * pause);
        pause = Math.min(pause * 2, 50);
      }
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

class ImmediateSqliteDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly raw: BetterSqlite3.Database,
    private readonly options: BusyWaitOptions,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new BusyRetryingConnection(await this.inner.acquireConnection(), this.raw, this.options);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #raw: BetterSqlite3.Database;
  readonly #options: BusyWaitOptions;

  constructor(raw: BetterSqlite3.Database, options: BusyWaitOptions) {
    super({ database: raw });
    this.#raw = raw;
    this.#options = options;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(super.createDriver(), this.#raw, this.#options);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

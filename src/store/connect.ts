import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type DatabaseLimits, DEFAULT_LIMITS } from '../config.js';
import { KeyplanError } from '../core/errors.js';
import type { Database } from './db-schema.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { guardDialect, storeFault } from './store-faults.js';

export const DEFAULT_STORE_LIMITS: DatabaseLimits = {
  connectTimeoutMs: DEFAULT_LIMITS.databaseConnectTimeoutMs,
  queryTimeoutMs: DEFAULT_LIMITS.databaseQueryTimeoutMs,
};

/** How long a statement waits for another connection's write lock (SQLite) before STORE_CONFLICT. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function openSqlite(path: string): Kysely<Database> {
  let raw: Sqlite.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    raw = new Sqlite(path);
    // A blocking wait is acceptable only here, while the store opens; afterwards waits are async
    // (see sqlite-dialect.ts), hence busy_timeout goes back to 0.
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // WAL lets readers run beside the one writer; other processes on the file see the same mode.
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 0');
  } catch (error) {
    raw?.close();
    throw new KeyplanError(
      'CONFIG_INVALID',
      `cannot open the SQLite database ${path}: ${reason(error)} — check DATABASE_URL (sqlite:<path>) and the folder's permissions`,
      [{ path: 'DATABASE_URL', message: reason(error) }],
    );
  }
  const database = raw;
  const dialect = new ImmediateSqliteDialect(database, { timeoutMs: SQLITE_BUSY_TIMEOUT_MS });
  return new Kysely<Database>({
    dialect: guardDialect(
      dialect,
      (error) => storeFault(error, 'sqlite', path),
      () => database.inTransaction,
    ),
  });
}

export interface PostgresConnection {
  db: Kysely<Database>;
  /** The schema the tables live in: the requested one, or the connection's current_schema(). */
  schema: string;
}

/** Connections per replica. */
export const POOL_SIZE = 20;

export async function openPostgres(
  connectionString: string,
  display: string,
  schema: string | undefined,
  limits: DatabaseLimits = DEFAULT_STORE_LIMITS,
): Promise<PostgresConnection> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new KeyplanError(
      'CONFIG_INVALID',
      `PostgreSQL schema "${schema}" is not a plain lower-case identifier (a-z, 0-9, _; at most 63 characters)`,
    );
  }
  // Turns wait on COMMIT's WAL flush; more connections in flight let PostgreSQL group those flushes,
  // which is what lifts turns per second on a small host. Several replicas × 20 stays under the default 100.
  // Every wait is bounded: opening a connection (a server that accepts and never answers), waiting for
  // a pooled one, and each statement, on the server (statement_timeout) and in the client (query_timeout).
  const pool = new pg.Pool({
    connectionString,
    max: POOL_SIZE,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.queryTimeoutMs,
    query_timeout: limits.queryTimeoutMs + 1000,
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would crash
  // the process. pg already discards that client and the next checkout opens a fresh one.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({
    dialect: guardDialect(
      new PostgresDialect({
        pool,
        // Every pooled connection resolves unqualified table names in the store's schema.
        ...(schema === undefined
          ? {}
          : {
              onCreateConnection: async (connection) => {
                await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
              },
            }),
      }),
      (error) => storeFault(error, 'postgres', display),
    ),
  });
  try {
    if (schema !== undefined) await createSchema(db, schema);
    const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const current = row.rows[0]?.schema;
    if (current === undefined || current === null) {
      throw new Error('the connection has no current schema (search_path names no existing schema)');
    }
    return { db, schema: current };
  } catch (error) {
    await db.destroy();
    if (error instanceof KeyplanError) throw error;
    throw new KeyplanError(
      'CONFIG_INVALID',
      `cannot use the PostgreSQL database ${display}: ${reason(error)} — check DATABASE_URL (postgres://user:password@host:5432/database) and that the server is reachable`,
      [{ path: 'DATABASE_URL', message: reason(error) }],
    );
  }
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    // Two processes racing on `create schema if not exists` can still collide on the catalog's unique
    // index; the schema then exists, which is all we wanted.
    const exists = await sql<{ n: number }>`select 1 as n from pg_namespace where nspname = ${schema}`.execute(db);
    if (exists.rows.length === 0) throw error;
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { KeyplanError } from '../core/errors.js';
import { auditTrailRepository } from './audit-trail.js';
import { arg, IdSchema, rowCodecs, tenantKey } from './codecs.js';
import { openPostgres, openSqlite } from './connect.js';
import type { RepoContext } from './context.js';
import { conversationRepository } from './conversations.js';
import { parseDatabaseUrl } from './database-url.js';
import type { Database, DialectName } from './db-schema.js';
import { migrateToLatest } from './migrations.js';
import { peopleRepository } from './people.js';
import { planRepository } from './plans.js';
import { profileRepository } from './profiles.js';
import { reminderRepository } from './reminders.js';
import { settingsRepository } from './settings.js';
import type { OpenStoreOptions, Repositories, Store, Tenant } from './types.js';

/** Marks the async context of a running withLock fn, so the store can refuse re-entry from inside it. */
interface LockScope {
  readonly owner: object;
  active: boolean;
}
const lockScope = new AsyncLocalStorage<LockScope>();

function repositories(ctx: RepoContext): Repositories {
  return {
    conversations: conversationRepository(ctx),
    profiles: profileRepository(ctx),
    plans: planRepository(ctx),
    settings: settingsRepository(ctx),
    auditTrail: auditTrailRepository(ctx),
    reminders: reminderRepository(ctx),
    people: peopleRepository(ctx),
  };
}

/**
 * A signed 64-bit advisory-lock id for (schema, tenant, key). The schema is part of it so that stores in
 * different schemas of one database (parallel test runs) never wait for each other.
 */
function advisoryLockId(schema: string, tenant: string, key: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([schema, tenant, key]))
    .digest();
  return digest.readBigInt64BE(0).toString();
}

export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  let db: Kysely<Database>;
  let schema: string | undefined;
  if (target.kind === 'sqlite') {
    db = openSqlite(target.path);
  } else {
    const opened = await openPostgres(
      target.connectionString,
      target.display,
      options.schema ?? target.schema,
      options.limits,
    );
    db = opened.db;
    schema = opened.schema;
  }
  const dialect: DialectName = target.kind;
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, dialect, schema);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, dialect, schema ?? '', options.now ?? (() => new Date()));
}

class KyselyStore implements Store {
  readonly conversations: Repositories['conversations'];
  readonly profiles: Repositories['profiles'];
  readonly plans: Repositories['plans'];
  readonly settings: Repositories['settings'];
  readonly auditTrail: Repositories['auditTrail'];
  readonly reminders: Repositories['reminders'];
  readonly people: Repositories['people'];
  readonly #db: Kysely<Database>;
  readonly #schema: string;
  readonly #codecs: ReturnType<typeof rowCodecs>;
  readonly #now: () => string;
  #closed = false;

  constructor(
    db: Kysely<Database>,
    readonly dialect: DialectName,
    schema: string,
    clock: () => Date,
  ) {
    this.#db = db;
    this.#schema = schema;
    this.#codecs = rowCodecs(dialect);
    this.#now = () => clock().toISOString();
    const root = repositories({
      db,
      codecs: this.#codecs,
      now: this.#now,
      guard: () => this.#guardRoot(),
      dialect,
      inTransaction: false,
    });
    this.conversations = root.conversations;
    this.profiles = root.profiles;
    this.plans = root.plans;
    this.settings = root.settings;
    this.auditTrail = root.auditTrail;
    this.reminders = root.reminders;
    this.people = root.people;
  }

  #guardRoot(): void {
    if (this.#closed) throw new KeyplanError('INTERNAL', 'store: used after close()');
    const scope = lockScope.getStore();
    if (scope?.active && scope.owner === this) {
      throw new KeyplanError(
        'INTERNAL',
        'store: inside withLock use the repositories passed to fn, not the store itself (it would wait for its own lock, or write outside the transaction)',
      );
    }
  }

  async withLock<T>(tenant: Tenant, key: string, fn: (tx: Repositories) => Promise<T>): Promise<T> {
    this.#guardRoot();
    const tenantId = tenantKey(tenant);
    const lockKey = arg(IdSchema, key, 'key');
    if (this.dialect === 'postgres') {
      const lockId = advisoryLockId(this.#schema, tenantId, lockKey);
      return this.#db.connection().execute(async (conn) => {
        // One round trip opens the transaction and takes the lock: text without parameters goes as a
        // simple query, which may hold two statements. The lock id is a number we made, safe inline.
        // Transaction-scoped: released by COMMIT or ROLLBACK, never leaked by a thrown fn.
        await sql.raw(`begin; select pg_advisory_xact_lock(${BigInt(lockId).toString()})`).execute(conn);
        try {
          const result = await this.#runLocked(conn, fn);
          await sql.raw('commit').execute(conn);
          return result;
        } catch (error) {
          await sql
            .raw('rollback')
            .execute(conn)
            .catch(() => undefined);
          throw error;
        }
      });
    }
    // On SQLite the transaction itself is the lock: it begins with BEGIN IMMEDIATE (sqlite-dialect.ts),
    // which holds the database's single write lock until it ends.
    return this.#db.transaction().execute((trx) => this.#runLocked(trx, fn));
  }

  async #runLocked<T>(db: Kysely<Database>, fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const scope: LockScope = { owner: this, active: true };
    const tx = repositories({
      db,
      codecs: this.#codecs,
      now: this.#now,
      dialect: this.dialect,
      inTransaction: true,
      guard: () => {
        if (!scope.active) {
          throw new KeyplanError('INTERNAL', 'store: the repositories of a withLock call were used after it ended');
        }
      },
    });
    try {
      return await lockScope.run(scope, () => fn(tx));
    } finally {
      scope.active = false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}

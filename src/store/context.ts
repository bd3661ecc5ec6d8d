import type { Kysely } from 'kysely';
import type { RowCodecs } from './codecs.js';
import type { Database, DialectName } from './db-schema.js';

/** What a repository needs: a connection (the root pool or one transaction) and the store's services. */
export interface RepoContext {
  db: Kysely<Database>;
  codecs: RowCodecs;
  /** Current time as an ISO-8601 string. */
  now(): string;
  /** Throws when this handle must not be used right now (see Store.withLock). */
  guard(): void;
  dialect: DialectName;
  /** Inside withLock's transaction: statements run in it; outside, a repository opens its own where it needs one. */
  inTransaction: boolean;
}

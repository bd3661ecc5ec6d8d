import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { KeyplanError } from '../core/errors.js';
import type { DialectName } from './db-schema.js';

/*
 * One numbered list for both dialects. Migrations are additive only (new tables, columns, indexes): a
 * replica running the previous release must keep working against the migrated schema. Status columns carry
 * no CHECK constraint on purpose — SQLite cannot alter one without rebuilding the table; zod validates
 * statuses on every write and read instead.
 */
function migrations(dialect: DialectName): Record<string, Migration> {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    '0001_conversations_profiles_plans': {
      // Migration bodies are written against an untyped schema; the tables do not exist yet.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('conversations')
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('flow', 'text', (c) => c.notNull())
          .addColumn('machine_version', 'integer', (c) => c.notNull())
          .addColumn('snapshot', json, (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('conversations_pk', ['tenant', 'id'])
          .execute();
        // Serves latestActive ("resume"): tenant, user and flow, newest first.
        await db.schema
          .createIndex('conversations_resume_idx')
          .on('conversations')
          .columns(['tenant', 'user_id', 'flow', 'status', 'updated_at'])
          .execute();

        await db.schema
          .createTable('profiles')
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('profile_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('answers', json, (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          // The key doubles as the guard of the append: two writers cannot both take version n.
          .addPrimaryKeyConstraint('profiles_pk', ['tenant', 'profile_id', 'version'])
          .execute();

        await db.schema
          .createTable('plans')
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('profile_id', 'text', (c) => c.notNull())
          .addColumn('profile_version', 'integer', (c) => c.notNull())
          .addColumn('plan', json, (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('plans_pk', ['tenant', 'id'])
          // A plan is always the plan of one recorded profile version (profiles are never deleted).
          .addForeignKeyConstraint('plans_profile_fk', ['tenant', 'profile_id', 'profile_version'], 'profiles', [
            'tenant',
            'profile_id',
            'version',
          ])
          .execute();
        await db.schema
          .createIndex('plans_profile_idx')
          .on('plans')
          .columns(['tenant', 'profile_id', 'profile_version', 'created_at'])
          .execute();
      },
    },
    '0002_conversation_surface': {
      // Nullable, so rows of the previous release stay valid and a replica still on it keeps working.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.alterTable('conversations').addColumn('surface', json).execute();
      },
    },
    '0005_settings_audit_trail_approvals': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('workspace_settings')
          .addColumn('tenant', 'text', (c) => c.notNull().primaryKey())
          .addColumn('settings', json, (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('audit_events')
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('data', json, (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          // The key is the chain's order and the guard of the append: two writers cannot take one seq.
          .addPrimaryKeyConstraint('audit_events_pk', ['tenant', 'seq'])
          .execute();
        await db.schema
          .createTable('audit_heads')
          .addColumn('tenant', 'text', (c) => c.notNull().primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.alterTable('plans').addColumn('approval', json).execute();
      },
    },
    '0006_reminders_people': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('reminders')
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('data', json, (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('claimed_by', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('reminders_pk', ['tenant', 'id'])
          .execute();
        // Serves the claim: due (or lease-expired) items, earliest first.
        await db.schema.createIndex('reminders_due_idx').on('reminders').columns(['state', 'due_at']).execute();
        await db.schema
          .createTable('people')
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('people_pk', ['tenant', 'user_id'])
          .execute();
      },
    },
    '0003_plans_by_time': {
      // Serves plans.list: a workspace's plans, newest first.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.createIndex('plans_tenant_time_idx').on('plans').columns(['tenant', 'created_at']).execute();
      },
    },
  };
}

/** Names of all migrations, in order (exposed for tests and diagnostics). */
export function migrationNames(dialect: DialectName): string[] {
  return Object.keys(migrations(dialect)).sort();
}

/**
 * Applies pending migrations. Safe to run from several processes at once: kysely takes an advisory lock on
 * PostgreSQL, and on SQLite the run happens inside a BEGIN IMMEDIATE transaction (see sqlite-dialect.ts).
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({
    db,
    provider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  let outcome = await migrator.migrateToLatest();
  // kysely's setup reads the catalog of every schema; another schema dropped at that moment (another
  // tenant's, a finished test run's) fails the read though nothing of ours is wrong: read it again.
  for (let retry = 0; retry < 3 && otherSchemaVanished(outcome.error, schema); retry++) {
    outcome = await migrator.migrateToLatest();
  }
  const { error, results } = outcome;
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new KeyplanError(
      'INTERNAL',
      `database migration ${failed ?? '(setup)'} failed: ${reason}. Nothing of that migration was kept; fix the cause and restart.`,
    );
  }
}

function otherSchemaVanished(error: unknown, ours: string | undefined): boolean {
  const vanished = /schema "([^"]+)" does not exist/.exec(error instanceof Error ? error.message : '')?.[1];
  return vanished !== undefined && vanished !== ours;
}

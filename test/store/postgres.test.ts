import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/index.js';
import { expectKeyplanError, freshTenant, type StoreHarness } from './helpers.js';
import { describeStoreContract } from './store-contract.js';

/** The CI database: local PostgreSQL, trust authentication. */
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

function postgresHarness(): StoreHarness {
  // One schema per run of this file, so parallel test files and reruns never share tables.
  const schema = `keyplan_store_${randomUUID().replaceAll('-', '')}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    dialect: 'postgres',
    open: (options) => openStore(DATABASE_URL, { ...options, schema }),
    migrationRows: () =>
      admin(async (client) => {
        const result = await client.query(`select name from "${schema}".kysely_migration order by name`);
        return z
          .array(z.object({ name: z.string() }))
          .parse(result.rows)
          .map((r) => r.name);
      }),
    cleanup: () =>
      admin(async (client) => {
        await client.query(`drop schema if exists "${schema}" cascade`);
      }),
  };
}

describeStoreContract('postgres', async () => postgresHarness());

describe('postgres specifics', () => {
  it('does not block other keys while one key is locked', async () => {
    const harness = postgresHarness();
    const store = await harness.open();
    try {
      const tenant = freshTenant();
      let releaseA: () => void = () => undefined;
      const aHolds = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      let aEntered: () => void = () => undefined;
      const aIsIn = new Promise<void>((resolve) => {
        aEntered = resolve;
      });
      const a = store.withLock(tenant, 'a', async () => {
        aEntered();
        await aHolds;
        return 'a';
      });
      await aIsIn;
      // If key b waited for key a, this would never settle (a only ends after b) and the test would time out.
      const b = await store.withLock(tenant, 'b', async () => 'b');
      releaseA();
      expect([await a, b]).toEqual(['a', 'b']);
    } finally {
      await store.close();
      await harness.cleanup();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expectKeyplanError(openStore(DATABASE_URL, { schema: 'bad; drop table x' }), 'CONFIG_INVALID');
  });

  it('names DATABASE_URL, not the password, when the server cannot be reached', async () => {
    const error = await expectKeyplanError(
      openStore('postgres://keyplan:s3cret-pw@127.0.0.1:1/test', { schema: 'unused' }),
      'STORE_UNAVAILABLE',
    );
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('s3cret-pw');
  });
});

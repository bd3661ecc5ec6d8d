import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/index.js';
import { createCounter, freshTenant, readCounter, type StoreHarness } from './helpers.js';
import { describeStoreContract } from './store-contract.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sqliteHarness(file: string): StoreHarness {
  return {
    dialect: 'sqlite',
    open: (options) => openStore(`sqlite:${file}`, options),
    migrationRows: async () => {
      const raw = new Sqlite(file, { readonly: true });
      try {
        const rows = raw.prepare('select name from kysely_migration order by name').all();
        return z
          .array(z.object({ name: z.string() }))
          .parse(rows)
          .map((r) => r.name);
      } finally {
        raw.close();
      }
    },
    cleanup: async () => undefined,
  };
}

// A real file in a folder that does not exist yet: openStore has to create it.
describeStoreContract('sqlite file', async () => sqliteHarness(join(tempDir(), 'nested', 'folder', 'keyplan.db')));

describe('sqlite specifics', () => {
  it('uses WAL on a file database', async () => {
    const file = join(tempDir(), 'keyplan.db');
    const store = await openStore(`sqlite:${file}`);
    await store.close();
    const raw = new Sqlite(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('works in memory', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      expect(store.dialect).toBe('sqlite');
      const tenant = freshTenant('console');
      await createCounter(store, tenant, 'c');
      expect(await readCounter(store, tenant, 'c')).toEqual({ count: 0, version: 1 });
    } finally {
      await store.close();
    }
  });

  it('waits, without blocking the event loop, while another process-level connection holds the write lock', async () => {
    const file = join(tempDir(), 'keyplan.db');
    const store = await openStore(`sqlite:${file}`);
    const intruder = new Sqlite(file);
    try {
      const tenant = freshTenant();
      await createCounter(store, tenant, 'c');
      intruder.exec('begin immediate');
      // A write the lock holder makes before it lets go; fn must see it.
      intruder.prepare("update conversations set snapshot = '{\"count\":41}', version = 2 where id = 'c'").run();
      let ran = false;
      const locked = store.withLock(tenant, 'conversation:c', async (tx) => {
        ran = true;
        return tx.conversations.get(tenant, 'c');
      });
      // Timers still fire while the store waits (a synchronous busy_timeout would freeze them), and fn has
      // not started because the lock is taken.
      await sleep(50);
      expect(ran).toBe(false);
      intruder.exec('commit');
      expect((await locked)?.snapshot).toEqual({ count: 41 });
    } finally {
      intruder.close();
      await store.close();
    }
  });
});

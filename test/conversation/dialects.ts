import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';

export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A database of each dialect for one test file: a temp SQLite file, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  url: string;
  schema?: string;
  open(): Promise<Store>;
  drop(): Promise<void>;
}

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-engine-'));
  const url = `sqlite:${join(dir, 'keyplan.db')}`;
  return {
    name: 'sqlite',
    url,
    open: () => openStore(url),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresDatabase(): TestDatabase {
  const schema = `keyplan_engine_${randomUUID().replaceAll('-', '')}`;
  return {
    name: 'postgres',
    url: POSTGRES_URL,
    schema,
    open: () => openStore(POSTGRES_URL, { schema }),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

export const DATABASES = [sqliteDatabase, postgresDatabase] as const;

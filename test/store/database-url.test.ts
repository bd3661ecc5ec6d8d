import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, parseDatabaseUrl } from '../../src/store/index.js';
import { expectKeyplanError } from './helpers.js';

describe('DATABASE_URL', () => {
  it('resolves a relative SQLite path against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/keyplan.db')).toEqual({
      kind: 'sqlite',
      path: join(process.cwd(), 'data', 'keyplan.db'),
    });
    expect(parseDatabaseUrl('sqlite:/var/lib/keyplan.db')).toEqual({ kind: 'sqlite', path: '/var/lib/keyplan.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('accepts postgres:// and postgresql:// and masks the password for display', () => {
    const target = parseDatabaseUrl('postgresql://app:hunter2@db.internal:5432/keyplan');
    expect(target).toMatchObject({
      kind: 'postgres',
      connectionString: 'postgresql://app:hunter2@db.internal:5432/keyplan',
    });
    expect(target.kind === 'postgres' && target.display).toBe('postgresql://app:***@db.internal:5432/keyplan');
  });

  it.each([
    ['mysql://localhost/keyplan', 'unsupported scheme'],
    ['', 'no scheme'],
    ['keyplan.db', 'no scheme'],
    ['sqlite:', 'names no SQLite file'],
    ['sqlite://data/keyplan.db', 'ambiguous'],
    ['postgres://', 'names no PostgreSQL host'],
  ])('refuses %j with a fix', async (url, why) => {
    const error = await expectKeyplanError(openStore(url), 'CONFIG_INVALID');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain(why);
    expect(error.message).toContain('sqlite:./data/keyplan.db');
    expect(error.issues[0]?.path).toBe('DATABASE_URL');
  });

  it('does not echo a password from a URL it cannot parse', async () => {
    const error = await expectKeyplanError(openStore('postgres://app:hunter2@[bad/keyplan'), 'CONFIG_INVALID');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a SQLite path whose folder cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-url-'));
    try {
      const notAFolder = join(dir, 'plain-file');
      writeFileSync(notAFolder, 'not a folder');
      const error = await expectKeyplanError(openStore(`sqlite:${join(notAFolder, 'keyplan.db')}`), 'CONFIG_INVALID');
      expect(error.message).toContain('DATABASE_URL');
      expect(error.message).toContain(notAFolder);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that is not a SQLite database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-url-'));
    try {
      const file = join(dir, 'notes.db');
      writeFileSync(file, 'these are notes, not a database '.repeat(100));
      const error = await expectKeyplanError(openStore(`sqlite:${file}`), 'CONFIG_INVALID');
      expect(error.message).toContain('DATABASE_URL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DATABASE_URL ?schema=', () => {
  it('takes the schema off the connection string', () => {
    const target = parseDatabaseUrl('postgres://app@db:5432/keyplan?schema=team_a&sslmode=require');
    expect(target).toMatchObject({ kind: 'postgres', schema: 'team_a' });
    expect(target.kind === 'postgres' && target.connectionString).toBe(
      'postgres://app@db:5432/keyplan?sslmode=require',
    );
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => parseDatabaseUrl('postgres://app@db/keyplan?schema=Robert%27);drop')).toThrow(/\?schema= must be/);
  });
});

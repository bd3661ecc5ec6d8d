import { randomUUID } from 'node:crypto';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { removeDir, runBounded, STACK_TRACE, scratchDir } from '../support/spawn-bounded.js';
import { expectKeyplanError, freshTenant } from './helpers.js';

/**
 * The store's faults end in exit 2 with a message naming DATABASE_URL, within bounded time: a
 * PostgreSQL address that accepts and never answers, a statement stuck past the query timeout, a
 * read-only SQLite file and a disk that fills up in the middle of a session.
 */

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const RETAIL = resolve(import.meta.dirname, '../../examples/retail.yaml');
const PASSWORD = 'never-print-this-db-pw';

/** A stand-in for PostgreSQL that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

const dirs: string[] = [];
function workdir(): string {
  const dir = scratchDir('keyplan-store-faults-');
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

describe('PostgreSQL that never answers', { timeout: 30_000 }, () => {
  it('openStore gives up after the connect timeout, naming DATABASE_URL but not the password', async () => {
    const standIn = await silentServer();
    try {
      const started = performance.now();
      const error = await expectKeyplanError(
        openStore(`postgres://keyplan:${PASSWORD}@127.0.0.1:${standIn.port}/test`, {
          limits: { connectTimeoutMs: 300, queryTimeoutMs: 1000 },
        }),
        'STORE_UNAVAILABLE',
      );
      expect(performance.now() - started).toBeLessThan(5000);
      expect(error.message).toMatch(/did not answer in time .*KEYPLAN_DB_CONNECT_TIMEOUT_MS/);
      expect(error.message).toContain('keyplan:***@127.0.0.1');
      expect(error.message).not.toContain(PASSWORD);
    } finally {
      await standIn.close();
    }
  });

  it('keyplan chat exits 2 with one line instead of hanging without output', async () => {
    const standIn = await silentServer();
    try {
      const run = await runBounded(['chat', '--from', RETAIL], {
        cwd: workdir(),
        env: {
          DATABASE_URL: `postgres://keyplan:${PASSWORD}@127.0.0.1:${standIn.port}/test`,
          KEYPLAN_DB_CONNECT_TIMEOUT_MS: '500',
        },
        timeoutMs: 20_000,
      });
      expect({ timedOut: run.timedOut, code: run.code }).toEqual({ timedOut: false, code: 2 });
      expect(run.stderr).toMatch(
        /cannot use the PostgreSQL database postgres:\/\/keyplan:\*\*\*@127\.0\.0\.1:\d+\/test/,
      );
      expect(run.stderr).not.toContain(PASSWORD);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    } finally {
      await standIn.close();
    }
  });
});

describe('PostgreSQL statement timeout', { timeout: 30_000 }, () => {
  it('a turn stuck behind a lock ends after the query timeout with STORE_UNAVAILABLE', async () => {
    const schema = `keyplan_faults_${randomUUID().replaceAll('-', '')}`;
    const holder = await openStore(DATABASE_URL, { schema });
    const waiter = await openStore(DATABASE_URL, { schema, limits: { connectTimeoutMs: 2000, queryTimeoutMs: 300 } });
    const tenant = freshTenant();
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => {
      release = done;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((done) => {
      locked = done;
    });
    const holding = holder.withLock(tenant, 'conversation:x', async () => {
      locked();
      await held;
    });
    try {
      await isLocked;
      const started = performance.now();
      const error = await expectKeyplanError(
        waiter.withLock(tenant, 'conversation:x', async () => 'never'),
        'STORE_UNAVAILABLE',
      );
      expect(error.message).toMatch(/ran past the query timeout \(KEYPLAN_DB_QUERY_TIMEOUT_MS\)/);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      release();
      await holding;
      await waiter.close();
      await holder.close();
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  });
});

/** A SQLite store holding one finished interview, made by the real command. */
async function preparedSqlite(dir: string): Promise<string> {
  const file = join(dir, 'kp.db');
  const first = await runBounded(['chat', '--from', RETAIL], {
    cwd: dir,
    env: { DATABASE_URL: `sqlite:${file}` },
    stdin: 'confirm\nfirst\n',
  });
  expect(first.code).toBe(0);
  return file;
}

describe('SQLite faults', { timeout: 60_000 }, () => {
  it('a read-only database file: exit 2 naming the file and the fix, not a migration crash', async () => {
    const dir = workdir();
    const file = await preparedSqlite(dir);
    for (const name of readdirSync(dir)) if (name.startsWith('kp.db')) chmodSync(join(dir, name), 0o444);
    const run = await runBounded(['chat', '--new', '--from', RETAIL], {
      cwd: dir,
      env: { DATABASE_URL: `sqlite:${file}` },
      stdin: 'confirm\nsecond\n',
      unprivileged: true,
    });
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/the SQLite database .*kp\.db.*read-only/),
    });
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('a disk that fills up in the middle of a session: exit 2, not "cannot rollback"', async () => {
    const dir = workdir();
    const file = await preparedSqlite(dir);
    // No file may grow past 35 KB: SQLite's 32 KB shared-memory file fits, so the store opens, but the
    // write-ahead log soon does not, so a turn's write fails part-way (EFBIG, as on a full disk).
    const blocks = 70;
    expect(statSync(file).size).toBeGreaterThan(blocks * 512);
    const run = await runBounded(['chat', '--new', '--from', RETAIL], {
      cwd: dir,
      env: { DATABASE_URL: `sqlite:${file}` },
      stdin: 'confirm\nsecond\n',
      shellPrefix: `trap '' XFSZ; ulimit -f ${blocks}`,
    });
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot (use|open) the SQLite database .*kp\.db: .*(full|I\/O error)/),
    });
    expect(run.stderr).not.toContain('cannot rollback');
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

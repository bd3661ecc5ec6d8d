import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runKeyplan } from '../support/spawn-cli.js';

/** `keyplan audit-log` on a real SQLite file that someone then edits behind keyplan's back. */
let dir: string;
let db: string;
const env = () => ({ DATABASE_URL: `sqlite:${db}` });
const tenant = { platform: 'slack', workspace: 'T1' } as const;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyplan-trail-'));
  db = join(dir, 'kp.db');
  const store = await openStore(`sqlite:${db}`);
  for (const kind of ['plan.generated', 'plan.submitted', 'approval.approved', 'config.changed']) {
    await store.auditTrail.append({ tenant, actor: 'U1', kind, subject: 'acme/v1', data: { kind } });
  }
  await store.auditTrail.append({
    tenant: { platform: 'teams', workspace: 'tenant-2' },
    actor: 'aad-1',
    kind: 'config.changed',
    subject: 'settings',
    data: {},
  });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tamper(statement: string): void {
  const raw = new Sqlite(db);
  try {
    raw.prepare(statement).run();
  } finally {
    raw.close();
  }
}

describe('keyplan audit-log', { timeout: 60_000 }, () => {
  it('exports JSON lines, one tenant or all, from a date on', async () => {
    const all = await runKeyplan(['audit-log', 'export'], { cwd: dir, env: env() });
    expect(all.code).toBe(0);
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tenant: string; seq: number; kind: string; hash: string });
    expect(lines.map((l) => [l.tenant, l.seq])).toEqual([
      ['slack:T1', 1],
      ['slack:T1', 2],
      ['slack:T1', 3],
      ['slack:T1', 4],
      ['teams:tenant-2', 1],
    ]);
    const one = await runKeyplan(['audit-log', 'export', '--tenant', 'teams:tenant-2'], { cwd: dir, env: env() });
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    const later = await runKeyplan(['audit-log', 'export', '--since', '2999-01-01'], { cwd: dir, env: env() });
    expect(later.stdout).toBe('');
    const bad = await runKeyplan(['audit-log', 'export', '--since', 'yesterday-ish'], { cwd: dir, env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since is a date such as 2026-11-01/);
  });

  it('verifies intact chains, then names an edited, a deleted and a reordered event', async () => {
    const intact = await runKeyplan(['audit-log', 'verify'], { cwd: dir, env: env() });
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('✓ slack:T1: 4 event(s), the chain is intact');

    tamper(`update audit_events set actor = 'U-MALLORY' where tenant = 'slack:T1' and seq = 3`);
    const edited = await runKeyplan(['audit-log', 'verify', '--tenant', 'slack:T1'], { cwd: dir, env: env() });
    expect(edited.code).toBe(3);
    expect(edited.stdout).toContain('✗ slack:T1 event 3: edited');

    tamper(`delete from audit_events where tenant = 'slack:T1' and seq = 2`);
    const deleted = await runKeyplan(['audit-log', 'verify', '--tenant', 'slack:T1'], { cwd: dir, env: env() });
    expect(deleted.stdout).toMatch(/✗ slack:T1 event 3: missing — events 2–2 are gone/);

    tamper(`delete from audit_events where tenant = 'teams:tenant-2'`);
    const tail = await runKeyplan(['audit-log', 'verify'], { cwd: dir, env: env() });
    expect(tail.stdout).toMatch(/✗ teams:tenant-2 event 1: tail deleted/);
    expect(tail.code).toBe(3);
  });
});

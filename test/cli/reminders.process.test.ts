import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runKeyplan } from '../support/spawn-cli.js';

/** `keyplan reminders list` on a real SQLite file holding what serve's scheduler would send. */
let dir: string;
const env = () => ({ DATABASE_URL: `sqlite:${join(dir, 'kp.db')}` });
const slack = { platform: 'slack', workspace: 'T1' } as const;
const teams = { platform: 'teams', workspace: 'tenant-2' } as const;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyplan-reminders-'));
  const store = await openStore(env().DATABASE_URL);
  const review = {
    planId: 'acme-retail/v2',
    profileId: 'acme-retail',
    organization: 'Acme',
    owner: 'U1',
    intervalDays: 90,
  };
  await store.reminders.schedule({
    tenant: slack,
    id: 'review:1',
    kind: 'review-due',
    subject: 'acme-retail/v2',
    data: review,
    dueAt: '2027-03-01T10:00:00.000Z',
  });
  await store.reminders.schedule({
    tenant: teams,
    id: 'nudge:1',
    kind: 'approval-nudge',
    subject: 'appr-1',
    data: { approvalId: 'appr-1', planId: 'globex/v1', organization: 'Globex', requester: 'aad-1' },
    dueAt: '2026-12-03T10:00:00.000Z',
  });
  await store.reminders.schedule({
    tenant: teams,
    id: 'expiry:1',
    kind: 'approval-expiry',
    subject: 'appr-1',
    data: { approvalId: 'appr-1', planId: 'globex/v1', organization: 'Globex', requester: 'aad-1' },
    dueAt: '2026-12-08T10:00:00.000Z',
  });
  await store.reminders.cancel(teams, 'appr-1');
  await store.reminders.schedule({
    tenant: slack,
    id: 'review:old',
    kind: 'review-due',
    subject: 'acme-retail/v1',
    data: { ...review, planId: 'acme-retail/v1' },
    dueAt: '2026-11-01T10:00:00.000Z',
  });
  const [claimed] = await store.reminders.claim({
    now: '2026-11-02T00:00:00.000Z',
    owner: 'r1',
    leaseMs: 60_000,
    limit: 1,
  });
  await store.reminders.fail(slack, claimed?.id as string, 'r1', {
    error: 'channel_not_found',
    dueAt: '2026-11-02T00:01:00.000Z',
    final: true,
  });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keyplan reminders', { timeout: 60_000 }, () => {
  it('lists what is still to send and what failed, soonest first, with the plan each is about', async () => {
    const run = await runKeyplan(['reminders', 'list'], { cwd: dir, env: env() });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Due \(UTC\)\s+Kind\s+Workspace\s+Plan\s+State$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^2026-11-02 00:01\s+strategy review\s+slack:T1\s+acme-retail\/v1\s+failed after 1 attempt\(s\): channel_not_found$/,
      ),
      expect.stringMatching(/^2027-03-01 10:00\s+strategy review\s+slack:T1\s+acme-retail\/v2\s+due$/),
    ]);
  });

  it('shows cancelled and sent ones with --all, one workspace with --tenant, JSON lines with --json', async () => {
    const all = await runKeyplan(['reminders', 'list', '--all', '--tenant', 'teams:tenant-2', '--json'], {
      cwd: dir,
      env: env(),
    });
    expect(all.code).toBe(0);
    const rows = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual([
      expect.objectContaining({
        tenant: 'teams:tenant-2',
        kind: 'approval-nudge',
        plan: 'globex/v1',
        state: 'cancelled',
      }),
      expect.objectContaining({
        tenant: 'teams:tenant-2',
        kind: 'approval-expiry',
        plan: 'globex/v1',
        state: 'cancelled',
      }),
    ]);
    const none = await runKeyplan(['reminders', '--tenant', 'teams:tenant-2'], { cwd: dir, env: env() });
    expect(none).toMatchObject({ code: 0, stdout: 'Nothing to send: no reminder is due or waiting.\n' });
  });

  it('refuses bad arguments with exit 2, naming the flag or subcommand', async () => {
    const tenant = await runKeyplan(['reminders', 'list', '--tenant', 'T1'], { cwd: dir, env: env() });
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toMatch(/--tenant is PLATFORM:WORKSPACE, e\.g\. slack:T0123ABCD \(got "T1"\)/);
    const verb = await runKeyplan(['reminders', 'send'], { cwd: dir, env: env() });
    expect(verb.code).toBe(2);
    expect(verb.stderr).toMatch(/unknown subcommand "send"/);
    const flag = await runKeyplan(['reminders', '--soon'], { cwd: dir, env: env() });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--soon/);
  });
});

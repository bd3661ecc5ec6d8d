import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/store/audit-chain.js';
import { expectKeyplanError, freshTenant } from './helpers.js';
import type { ContractContext } from './store-contract.js';

/** Workspace settings and the audit trail, on every dialect. */
export function trailContract(ctx: ContractContext): void {
  describe('workspace settings', () => {
    it('creates at version 1 and saves only on the version read', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      expect(await store.settings.get(tenant)).toBeUndefined();
      const created = await store.settings.save(tenant, 0, { securityChannel: 'C1' }, 'U-ADMIN');
      expect(created).toMatchObject({ tenant, version: 1, settings: { securityChannel: 'C1' }, updatedBy: 'U-ADMIN' });
      await expectKeyplanError(store.settings.save(tenant, 0, { securityChannel: 'C2' }, 'U-OTHER'), 'STORE_CONFLICT');
      const saved = await store.settings.save(tenant, 1, { securityChannel: 'C3' }, 'U-ADMIN');
      expect(saved.version).toBe(2);
      await expectKeyplanError(store.settings.save(tenant, 1, { securityChannel: 'C4' }, 'U-ADMIN'), 'STORE_CONFLICT');
      expect((await store.settings.get(tenant))?.settings).toEqual({ securityChannel: 'C3' });
    });
  });

  describe('audit trail', () => {
    it('chains each tenant’s events: seq 1, 2, 3 …, each naming the hash before it, and the head recorded', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      const other = freshTenant();
      const first = await store.auditTrail.append({
        tenant,
        actor: 'U1',
        kind: 'plan.generated',
        subject: 'p/v1',
        data: { keys: 2 },
      });
      await store.auditTrail.append({
        tenant: other,
        actor: 'U9',
        kind: 'config.changed',
        subject: 'settings',
        data: {},
      });
      const second = await store.auditTrail.append({
        tenant,
        actor: 'U2',
        kind: 'plan.submitted',
        subject: 'p/v1',
        data: { hash: 'h' },
      });
      expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
      const events = await store.auditTrail.list({ tenant });
      expect(events.map((e) => e.kind)).toEqual(['plan.generated', 'plan.submitted']);
      const head = (await store.auditTrail.heads()).find((h) => h.tenant.workspace === tenant.workspace);
      expect(head).toEqual({ tenant, seq: 2, hash: second.hash });
      expect(verifyChain(tenant, events, head)).toEqual([]);
    });

    it('gives racing appends from two stores consecutive places in one chain', async () => {
      const store = ctx.store();
      const other = await ctx.harness().open();
      try {
        const tenant = freshTenant();
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 === 0 ? store : other).auditTrail.append({
              tenant,
              actor: `U${i}`,
              kind: 'k',
              subject: 's',
              data: { i },
            }),
          ),
        );
        const events = await store.auditTrail.list({ tenant });
        expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        const head = (await store.auditTrail.heads()).find((h) => h.tenant.workspace === tenant.workspace);
        expect(verifyChain(tenant, events, head)).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('lists from a time on, and appends inside a locked turn roll back with it', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await store.auditTrail.append({ tenant, actor: 'U1', kind: 'a', subject: 's', data: {} });
      await expect(
        store.withLock(tenant, 'x', async (tx) => {
          await tx.auditTrail.append({ tenant, actor: 'U1', kind: 'b', subject: 's', data: {} });
          throw new Error('the turn failed');
        }),
      ).rejects.toThrow('the turn failed');
      const events = await store.auditTrail.list({ tenant, since: '2000-01-01' });
      expect(events.map((e) => e.kind)).toEqual(['a']);
      expect(await store.auditTrail.list({ tenant, since: '2999-01-01' })).toEqual([]);
    });
  });
}

/** Reminders and people, on every dialect: the scheduler's claim is where replicas meet. */
export function reminderContract(ctx: ContractContext): void {
  describe('reminders', () => {
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 12, minutes)).toISOString();

    it('schedules once per id, claims what is due, and completes only with the claim held', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      const first = await store.reminders.schedule({
        tenant,
        id: 'r1',
        kind: 'review-due',
        subject: 'p/v1',
        dueAt: at(10),
      });
      expect(first).toMatchObject({ state: 'due', attempts: 0 });
      expect(
        await store.reminders.schedule({ tenant, id: 'r1', kind: 'review-due', subject: 'p/v1', dueAt: at(99) }),
      ).toBeUndefined();
      expect(
        (await store.reminders.claim({ now: at(5), owner: 'a', leaseMs: 60_000, limit: 10 })).filter(
          (r) => r.tenant.workspace === tenant.workspace,
        ),
      ).toEqual([]);
      const claimed = (await store.reminders.claim({ now: at(10), owner: 'a', leaseMs: 60_000, limit: 1000 })).filter(
        (r) => r.tenant.workspace === tenant.workspace,
      );
      expect(claimed).toEqual([expect.objectContaining({ id: 'r1', state: 'claimed', claimedBy: 'a', attempts: 1 })]);
      expect(await store.reminders.complete(tenant, 'r1', 'b')).toBe(false);
      expect(await store.reminders.complete(tenant, 'r1', 'a')).toBe(true);
      expect((await store.reminders.list({ tenant }))[0]).toMatchObject({ state: 'sent' });
    });

    it('hands a claim whose lease ran out to another owner, and fences the first one out', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await store.reminders.schedule({ tenant, id: 'r', kind: 'k', subject: 's', dueAt: at(0) });
      const mine = (items: { tenant: { workspace: string } }[]) =>
        items.filter((r) => r.tenant.workspace === tenant.workspace);
      expect(
        mine(await store.reminders.claim({ now: at(1), owner: 'dead', leaseMs: 60_000, limit: 1000 })),
      ).toHaveLength(1);
      expect(
        mine(await store.reminders.claim({ now: at(1), owner: 'other', leaseMs: 60_000, limit: 1000 })),
      ).toHaveLength(0);
      const taken = mine(await store.reminders.claim({ now: at(3), owner: 'other', leaseMs: 60_000, limit: 1000 }));
      expect(taken).toEqual([expect.objectContaining({ claimedBy: 'other', attempts: 2 })]);
      expect(await store.reminders.complete(tenant, 'r', 'dead')).toBe(false);
      expect(await store.reminders.complete(tenant, 'r', 'other')).toBe(true);
    });

    it('retries a failure later, fails it for good at the end, defers without counting, and cancels by subject', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await store.reminders.schedule({ tenant, id: 'f', kind: 'k', subject: 'plan-1', dueAt: at(0) });
      await store.reminders.schedule({ tenant, id: 'd', kind: 'k', subject: 'plan-2', dueAt: at(0) });
      await store.reminders.schedule({ tenant, id: 'c', kind: 'k', subject: 'plan-3', dueAt: at(0) });
      expect(await store.reminders.cancel(tenant, 'plan-3')).toBe(1);
      await store.reminders.claim({ now: at(1), owner: 'o', leaseMs: 1000, limit: 1000 });
      expect(
        await store.reminders.fail(tenant, 'f', 'o', { error: 'Slack said ratelimited', dueAt: at(30), final: false }),
      ).toBe(true);
      expect(await store.reminders.defer(tenant, 'd', 'o', at(50))).toBe(true);
      const listed = await store.reminders.list({ tenant });
      expect(listed.map((r) => [r.id, r.state, r.attempts, r.dueAt])).toEqual([
        ['c', 'cancelled', 0, at(0)],
        ['f', 'due', 1, at(30)],
        ['d', 'due', 0, at(50)],
      ]);
      await store.reminders.claim({ now: at(31), owner: 'o', leaseMs: 1000, limit: 1000 });
      await store.reminders.fail(tenant, 'f', 'o', { error: 'still failing', dueAt: at(31), final: true });
      expect((await store.reminders.list({ tenant, states: ['failed'] })).map((r) => [r.id, r.lastError])).toEqual([
        ['f', 'still failing'],
      ]);
    });

    it('gives each of many due items to exactly one of two racing claimers', async () => {
      const store = ctx.store();
      const other = await ctx.harness().open();
      try {
        const tenant = freshTenant();
        for (let i = 0; i < 60; i++)
          await store.reminders.schedule({ tenant, id: `r${i}`, kind: 'k', subject: 's', dueAt: at(0) });
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 === 0 ? store : other).reminders.claim({ now: at(1), owner: `o${i}`, leaseMs: 600_000, limit: 7 }),
          ),
        );
        const ids = claims
          .flat()
          .filter((r) => r.tenant.workspace === tenant.workspace)
          .map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(60);
      } finally {
        await other.close();
      }
    });
  });

  describe('people', () => {
    it('keeps one time zone per person, the last one told', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      expect(await store.people.timeZone(tenant, 'U1')).toBeUndefined();
      await store.people.setTimeZone(tenant, 'U1', 'Europe/Berlin');
      await store.people.setTimeZone(tenant, 'U1', 'America/New_York');
      expect(await store.people.timeZone(tenant, 'U1')).toBe('America/New_York');
    });
  });
}

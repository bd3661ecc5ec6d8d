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

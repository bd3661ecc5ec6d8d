import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/store/index.js';
import { expectKeyplanError } from './helpers.js';
import type { ContractContext } from './store-contract.js';

export function tenantContract(ctx: ContractContext): void {
  describe('tenant isolation', () => {
    it('keeps rows with the same ids apart, for reading and for writing', async () => {
      const store = ctx.store();
      const suffix = randomUUID();
      // Same workspace name on two platforms, and a workspace whose name contains the key separator.
      const a: Tenant = { platform: 'slack', workspace: `W-${suffix}` };
      const b: Tenant = { platform: 'teams', workspace: `W-${suffix}` };
      const c: Tenant = { platform: 'slack', workspace: `W-${suffix}:x` };

      for (const [tenant, who] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        await store.conversations.create({
          tenant,
          id: 'same',
          userId: 'U1',
          flow: 'interview',
          machineVersion: 1,
          snapshot: { who },
          status: 'active',
        });
        await store.profiles.saveVersion(tenant, 'acme', { who }, who);
        await store.plans.save({
          tenant,
          id: 'plan',
          profileId: 'acme',
          profileVersion: 1,
          plan: { who },
          status: 'pending',
        });
      }

      // Each tenant reads only its own rows, and its versions start at 1.
      expect((await store.conversations.get(a, 'same'))?.snapshot).toEqual({ who: 'a' });
      expect((await store.conversations.get(b, 'same'))?.snapshot).toEqual({ who: 'b' });
      expect((await store.conversations.get(b, 'same'))?.tenant).toEqual(b);
      expect(await store.conversations.get(c, 'same')).toBeUndefined();
      expect((await store.conversations.latestActive(b, 'U1', 'interview'))?.snapshot).toEqual({ who: 'b' });
      expect(await store.conversations.latestActive(c, 'U1', 'interview')).toBeUndefined();
      expect((await store.profiles.latest(a, 'acme'))?.answers).toEqual({ who: 'a' });
      expect((await store.profiles.history(b, 'acme')).map((h) => [h.version, h.author])).toEqual([[1, 'b']]);
      expect(await store.profiles.get(c, 'acme', 1)).toBeUndefined();
      expect((await store.plans.get(b, 'plan'))?.plan).toEqual({ who: 'b' });
      expect((await store.plans.latestForProfile(a, 'acme'))?.plan).toEqual({ who: 'a' });
      expect(await store.plans.latestForProfile(c, 'acme')).toBeUndefined();

      // Writes through one tenant never reach the other's rows.
      await store.conversations.save(a, 'same', 1, { snapshot: { who: 'a2' }, status: 'done', machineVersion: 2 });
      expect(await store.conversations.get(b, 'same')).toMatchObject({
        version: 1,
        snapshot: { who: 'b' },
        status: 'active',
      });
      await expectKeyplanError(
        store.conversations.save(c, 'same', 1, { snapshot: { who: 'c' }, status: 'done', machineVersion: 2 }),
        'NOT_FOUND',
      );
      await store.plans.updateStatus(b, 'plan', 'pending', 'approved');
      expect((await store.plans.get(a, 'plan'))?.status).toBe('pending');
      await expectKeyplanError(store.plans.updateStatus(c, 'plan', 'pending', 'rejected'), 'NOT_FOUND');
      await store.profiles.saveVersion(a, 'acme', { who: 'a' }, 'a');
      expect((await store.profiles.latest(b, 'acme'))?.version).toBe(1);
      // A plan cannot point at another tenant's profile.
      await expectKeyplanError(
        store.plans.save({ tenant: c, id: 'plan', profileId: 'acme', profileVersion: 1, plan: {}, status: 'draft' }),
        'NOT_FOUND',
      );
    });

    it('refuses a malformed tenant before touching the database', async () => {
      const store = ctx.store();
      const bad = { platform: 'discord', workspace: 'W1' } as unknown as Tenant;
      await expectKeyplanError(store.conversations.get(bad, 'x'), 'INTERNAL');
      await expectKeyplanError(store.profiles.latest({ platform: 'slack', workspace: '' }, 'x'), 'INTERNAL');
    });
  });
}

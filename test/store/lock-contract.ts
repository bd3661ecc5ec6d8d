import { describe, expect, it } from 'vitest';
import { migrationNames } from '../../src/store/migrations.js';
import { createCounter, expectKeyplanError, freshTenant, incrementUnderLock, readCounter } from './helpers.js';
import type { ContractContext } from './store-contract.js';

export function lockContract(ctx: ContractContext): void {
  describe('withLock', () => {
    it('serialises 20 concurrent read-modify-write increments on one key without losing one', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await createCounter(store, tenant, 'counter');
      await Promise.all(Array.from({ length: 20 }, () => incrementUnderLock(store, tenant, 'counter')));
      expect(await readCounter(store, tenant, 'counter')).toEqual({ count: 20, version: 21 });
    });

    it('serialises increments coming from two Store instances on the same database', async () => {
      const store = ctx.store();
      const other = await ctx.harness().open();
      try {
        const tenant = freshTenant();
        await createCounter(store, tenant, 'counter');
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => incrementUnderLock(i % 2 === 0 ? store : other, tenant, 'counter')),
        );
        expect(await readCounter(other, tenant, 'counter')).toEqual({ count: 20, version: 21 });
      } finally {
        await other.close();
      }
    });

    it('commits what fn wrote and returns its result', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      const result = await store.withLock(tenant, 'k', async (tx) => {
        await tx.profiles.saveVersion(tenant, 'acme', { a: 1 }, 'alice');
        // fn sees its own uncommitted writes.
        return (await tx.profiles.latest(tenant, 'acme'))?.version;
      });
      expect(result).toBe(1);
      expect((await store.profiles.latest(tenant, 'acme'))?.answers).toEqual({ a: 1 });
    });

    it('keeps nothing fn wrote when it throws, passes the error on, and releases the lock', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await createCounter(store, tenant, 'counter');
      const boom = new Error('boom');
      const outcome = await store
        .withLock(tenant, 'conversation:counter', async (tx) => {
          await tx.conversations.save(tenant, 'counter', 1, {
            snapshot: { count: 99 },
            status: 'done',
            machineVersion: 1,
          });
          await tx.profiles.saveVersion(tenant, 'acme', { doomed: true }, 'alice');
          await tx.conversations.create({
            tenant,
            id: 'doomed',
            userId: 'U1',
            flow: 'interview',
            machineVersion: 1,
            snapshot: {},
            status: 'active',
          });
          throw boom;
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(outcome).toBe(boom);
      expect(await readCounter(store, tenant, 'counter')).toEqual({ count: 0, version: 1 });
      expect(await store.profiles.latest(tenant, 'acme')).toBeUndefined();
      expect(await store.conversations.get(tenant, 'doomed')).toBeUndefined();
      // The same key is free again.
      await incrementUnderLock(store, tenant, 'counter');
      expect(await readCounter(store, tenant, 'counter')).toEqual({ count: 1, version: 2 });
    });

    it('refuses the store itself inside fn, and the transaction repositories after fn ended', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      let leaked: Parameters<Parameters<typeof store.withLock>[2]>[0] | undefined;
      await store.withLock(tenant, 'k', async (tx) => {
        leaked = tx;
        await expectKeyplanError(store.conversations.get(tenant, 'x'), 'INTERNAL');
        await expectKeyplanError(
          store.withLock(tenant, 'other', async () => 1),
          'INTERNAL',
        );
      });
      if (leaked === undefined) throw new Error('fn did not run');
      await expectKeyplanError(leaked.conversations.get(tenant, 'x'), 'INTERNAL');
      // Outside fn the store works again.
      expect(await store.conversations.get(tenant, 'x')).toBeUndefined();
    });
  });

  describe('migrations', () => {
    it('reopen without re-applying anything and keep the data', async () => {
      const harness = ctx.harness();
      const tenant = freshTenant();
      await ctx.store().profiles.saveVersion(tenant, 'acme', { kept: true }, 'alice');
      for (let i = 0; i < 2; i++) {
        const again = await harness.open();
        try {
          expect((await again.profiles.latest(tenant, 'acme'))?.answers).toEqual({ kept: true });
        } finally {
          await again.close();
        }
      }
      expect(await harness.migrationRows()).toEqual(migrationNames(harness.dialect));
    });
  });

  describe('close', () => {
    it('is idempotent and makes later use an error', async () => {
      const store = await ctx.harness().open();
      await store.close();
      await store.close();
      await expectKeyplanError(store.conversations.get(freshTenant(), 'x'), 'INTERNAL');
    });
  });
}

import { describe, expect, it } from 'vitest';
import { expectKeyplanError, freshTenant, tickingClock } from './helpers.js';
import type { ContractContext } from './store-contract.js';

const conversation = (
  tenant: ReturnType<typeof freshTenant>,
  id: string,
  over: Partial<{ userId: string; flow: string }> = {},
) => ({
  tenant,
  id,
  userId: over.userId ?? 'U1',
  flow: over.flow ?? 'interview',
  machineVersion: 3,
  snapshot: { value: 'start', context: { answers: {} } },
  status: 'active' as const,
});

export function repositoryContract(ctx: ContractContext): void {
  describe('conversations', () => {
    it('creates at version 1 and reads back the same record', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      const created = await store.conversations.create(conversation(tenant, 'c1'));
      expect(created).toMatchObject({
        tenant,
        id: 'c1',
        userId: 'U1',
        flow: 'interview',
        machineVersion: 3,
        status: 'active',
        version: 1,
      });
      expect(created.createdAt).toBe(created.updatedAt);
      expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
      expect(await store.conversations.get(tenant, 'c1')).toEqual(created);
      expect(await store.conversations.get(tenant, 'nope')).toBeUndefined();
    });

    it('refuses a second create with the same id and keeps the first', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      const first = await store.conversations.create(conversation(tenant, 'c1'));
      await expectKeyplanError(
        store.conversations.create({ ...conversation(tenant, 'c1', { userId: 'U2' }), snapshot: { other: true } }),
        'STORE_CONFLICT',
      );
      expect(await store.conversations.get(tenant, 'c1')).toEqual(first);
    });

    it('saves on the expected version, bumping it, and refuses a stale version without writing', async () => {
      const store = await ctx.harness().open({ now: tickingClock() });
      try {
        const tenant = freshTenant();
        const created = await store.conversations.create(conversation(tenant, 'c1'));
        const saved = await store.conversations.save(tenant, 'c1', 1, {
          snapshot: { value: 'accounts' },
          status: 'done',
          machineVersion: 4,
        });
        expect(saved).toMatchObject({ version: 2, snapshot: { value: 'accounts' }, status: 'done', machineVersion: 4 });
        expect(saved.createdAt).toBe(created.createdAt);
        expect(saved.updatedAt > created.updatedAt).toBe(true);

        const error = await expectKeyplanError(
          store.conversations.save(tenant, 'c1', 1, {
            snapshot: { value: 'lost' },
            status: 'active',
            machineVersion: 9,
          }),
          'STORE_CONFLICT',
        );
        expect(error.message).toContain('version 2');
        expect(await store.conversations.get(tenant, 'c1')).toEqual(saved);
        await expectKeyplanError(
          store.conversations.save(tenant, 'missing', 1, { snapshot: {}, status: 'active', machineVersion: 1 }),
          'NOT_FOUND',
        );
      } finally {
        await store.close();
      }
    });

    it('finds the most recently updated active conversation of a user in a flow', async () => {
      const store = await ctx.harness().open({ now: tickingClock() });
      try {
        const tenant = freshTenant();
        const c = store.conversations;
        expect(await c.latestActive(tenant, 'U1', 'interview')).toBeUndefined();
        await c.create(conversation(tenant, 'older'));
        await c.create(conversation(tenant, 'newer'));
        await c.create(conversation(tenant, 'other-user', { userId: 'U2' }));
        await c.create(conversation(tenant, 'other-flow', { flow: 'review' }));
        expect((await c.latestActive(tenant, 'U1', 'interview'))?.id).toBe('newer');
        // Touching the older one makes it the one to resume.
        await c.save(tenant, 'older', 1, { snapshot: { value: 'stages' }, status: 'active', machineVersion: 3 });
        expect((await c.latestActive(tenant, 'U1', 'interview'))?.id).toBe('older');
        await c.save(tenant, 'older', 2, { snapshot: {}, status: 'cancelled', machineVersion: 3 });
        expect((await c.latestActive(tenant, 'U1', 'interview'))?.id).toBe('newer');
        await c.save(tenant, 'newer', 1, { snapshot: {}, status: 'done', machineVersion: 3 });
        expect(await c.latestActive(tenant, 'U1', 'interview')).toBeUndefined();
        expect((await c.latestActive(tenant, 'U2', 'interview'))?.id).toBe('other-user');
        expect((await c.latestActive(tenant, 'U1', 'review'))?.id).toBe('other-flow');
      } finally {
        await store.close();
      }
    });
  });

  describe('profiles', () => {
    it('appends versions 1, 2, 3 and keeps every one', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      const p = store.profiles;
      expect(await p.latest(tenant, 'acme')).toBeUndefined();
      expect(await p.history(tenant, 'acme')).toEqual([]);
      const v1 = await p.saveVersion(tenant, 'acme', { organization: { name: 'Acme' } }, 'alice');
      const v2 = await p.saveVersion(tenant, 'acme', { organization: { name: 'Acme Retail' } }, 'bob');
      const v3 = await p.saveVersion(tenant, 'acme', { organization: { name: 'Acme Retail Ltd' } }, 'alice');
      expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
      expect(await p.latest(tenant, 'acme')).toEqual(v3);
      expect(await p.get(tenant, 'acme', 2)).toEqual(v2);
      expect(await p.get(tenant, 'acme', 4)).toBeUndefined();
      const history = await p.history(tenant, 'acme');
      expect(history.map((h) => [h.version, h.author])).toEqual([
        [1, 'alice'],
        [2, 'bob'],
        [3, 'alice'],
      ]);
      expect(history[0]).toEqual({ tenant, profileId: 'acme', version: 1, author: 'alice', createdAt: v1.createdAt });
      expect(history.some((h) => 'answers' in h)).toBe(false);
    });

    it('gives concurrent appends distinct consecutive versions', async () => {
      const store = ctx.store();
      const other = await ctx.harness().open();
      try {
        const tenant = freshTenant();
        const saved = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 === 0 ? store : other).profiles.saveVersion(tenant, 'acme', { i }, `author-${i}`),
          ),
        );
        expect(saved.map((s) => s.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect((await store.profiles.history(tenant, 'acme')).length).toBe(12);
      } finally {
        await other.close();
      }
    });
  });

  describe('plans', () => {
    it('saves, reads, and picks the plan of the newest profile version', async () => {
      const store = await ctx.harness().open({ now: tickingClock() });
      try {
        const tenant = freshTenant();
        await store.profiles.saveVersion(tenant, 'acme', { v: 1 }, 'alice');
        await store.profiles.saveVersion(tenant, 'acme', { v: 2 }, 'alice');
        expect(await store.plans.latestForProfile(tenant, 'acme')).toBeUndefined();
        const input = { tenant, profileId: 'acme', status: 'draft' as const };
        const p2a = await store.plans.save({ ...input, id: 'p2a', profileVersion: 2, plan: { keys: ['a'] } });
        expect(p2a).toMatchObject({
          tenant,
          id: 'p2a',
          profileId: 'acme',
          profileVersion: 2,
          plan: { keys: ['a'] },
          status: 'draft',
        });
        expect(await store.plans.get(tenant, 'p2a')).toEqual(p2a);
        // Saved later but for an older profile version: not the latest.
        await store.plans.save({ ...input, id: 'p1', profileVersion: 1, plan: { keys: [] } });
        expect((await store.plans.latestForProfile(tenant, 'acme'))?.id).toBe('p2a');
        await store.plans.save({ ...input, id: 'p2b', profileVersion: 2, plan: { keys: ['b'] } });
        expect((await store.plans.latestForProfile(tenant, 'acme'))?.id).toBe('p2b');
        expect(await store.plans.get(tenant, 'nope')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it("lists a workspace's plans newest first with their authors, optionally one author's", async () => {
      const store = await ctx.harness().open({ now: tickingClock() });
      try {
        const tenant = freshTenant();
        const other = freshTenant();
        await store.profiles.saveVersion(tenant, 'acme', {}, 'alice');
        await store.profiles.saveVersion(tenant, 'acme', {}, 'bob');
        await store.profiles.saveVersion(other, 'acme', {}, 'alice');
        const input = { tenant, profileId: 'acme', plan: {}, status: 'draft' as const };
        await store.plans.save({ ...input, id: 'first', profileVersion: 1 });
        await store.plans.save({ ...input, id: 'second', profileVersion: 2 });
        await store.plans.save({ ...input, tenant: other, id: 'elsewhere', profileVersion: 1 });
        const listed = await store.plans.list(tenant);
        expect(listed.map((p) => [p.id, p.author])).toEqual([
          ['second', 'bob'],
          ['first', 'alice'],
        ]);
        expect((await store.plans.list(tenant, { author: 'alice' })).map((p) => p.id)).toEqual(['first']);
        expect((await store.plans.list(tenant, { limit: 1 })).map((p) => p.id)).toEqual(['second']);
        expect((await store.plans.list(tenant, { id: 'first' })).map((p) => [p.id, p.author])).toEqual([
          ['first', 'alice'],
        ]);
        expect(await store.plans.list(other, { id: 'first' })).toEqual([]);
        await expectKeyplanError(store.plans.list(tenant, { limit: 0 }), 'INTERNAL');
      } finally {
        await store.close();
      }
    });

    it('refuses a duplicate id and a plan for a profile version that does not exist', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await store.profiles.saveVersion(tenant, 'acme', {}, 'alice');
      const first = await store.plans.save({
        tenant,
        id: 'p1',
        profileId: 'acme',
        profileVersion: 1,
        plan: { a: 1 },
        status: 'draft',
      });
      await expectKeyplanError(
        store.plans.save({
          tenant,
          id: 'p1',
          profileId: 'acme',
          profileVersion: 1,
          plan: { a: 2 },
          status: 'approved',
        }),
        'STORE_CONFLICT',
      );
      expect(await store.plans.get(tenant, 'p1')).toEqual(first);
      await expectKeyplanError(
        store.plans.save({ tenant, id: 'p2', profileId: 'acme', profileVersion: 2, plan: {}, status: 'draft' }),
        'NOT_FOUND',
      );
      expect(await store.plans.get(tenant, 'p2')).toBeUndefined();
    });

    it('changes status only from the expected one', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await store.profiles.saveVersion(tenant, 'acme', {}, 'alice');
      await store.plans.save({ tenant, id: 'p1', profileId: 'acme', profileVersion: 1, plan: {}, status: 'draft' });
      const pending = await store.plans.updateStatus(tenant, 'p1', 'draft', 'pending');
      expect(pending.status).toBe('pending');
      const error = await expectKeyplanError(
        store.plans.updateStatus(tenant, 'p1', 'draft', 'approved'),
        'STORE_CONFLICT',
      );
      expect(error.message).toContain('pending');
      expect((await store.plans.get(tenant, 'p1'))?.status).toBe('pending');
      await expectKeyplanError(store.plans.updateStatus(tenant, 'missing', 'draft', 'pending'), 'NOT_FOUND');
    });

    it('lets exactly one of several racing decisions win', async () => {
      const store = ctx.store();
      const other = await ctx.harness().open();
      try {
        const tenant = freshTenant();
        await store.profiles.saveVersion(tenant, 'acme', {}, 'alice');
        await store.plans.save({ tenant, id: 'p1', profileId: 'acme', profileVersion: 1, plan: {}, status: 'pending' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : other).plans.updateStatus(
              tenant,
              'p1',
              'pending',
              i % 3 === 0 ? 'approved' : 'rejected',
            ),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
          expect(lost.reason).toMatchObject({ code: 'STORE_CONFLICT' });
        }
        expect((await store.plans.get(tenant, 'p1'))?.status).toBe(won[0]?.value.status);
      } finally {
        await other.close();
      }
    });
  });

  describe('JSON values', () => {
    const nested = {
      organization: { name: 'Ünïcødé Retail — 株式会社 🔑', traits: ['hybrid', 'עברית', 'e\u0301'] },
      applications: [{ name: 'storefront', environments: [{ stage: 'prod', account: '111122223333', regions: [] }] }],
      numbers: { int: 42, negative: -7, float: 0.125, big: 2 ** 52 },
      flags: { yes: true, no: false, nothing: null },
      quotes: 'she said "hi" \\ back\\slash \n newline \t tab',
      literalEscape: 'text \\u0000 and \\ud800 that only look like escapes',
      pair: 'a surrogate pair: \ud83d\udd11',
      empty: { object: {}, array: [], string: '' },
    };

    it('round-trips nested objects, arrays and unicode through every JSON column', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await store.conversations.create({ ...conversation(tenant, 'c1'), snapshot: nested });
      expect((await store.conversations.get(tenant, 'c1'))?.snapshot).toEqual(nested);
      await store.conversations.save(tenant, 'c1', 1, {
        snapshot: [nested, 'top-level array'],
        status: 'active',
        machineVersion: 1,
      });
      expect((await store.conversations.get(tenant, 'c1'))?.snapshot).toEqual([nested, 'top-level array']);
      await store.profiles.saveVersion(tenant, 'acme', nested, 'ålice');
      expect((await store.profiles.latest(tenant, 'acme'))?.answers).toEqual(nested);
      expect((await store.profiles.latest(tenant, 'acme'))?.author).toBe('ålice');
      await store.plans.save({
        tenant,
        id: 'p1',
        profileId: 'acme',
        profileVersion: 1,
        plan: 'just a string',
        status: 'draft',
      });
      expect((await store.plans.get(tenant, 'p1'))?.plan).toBe('just a string');
    });

    it('refuses values JSON cannot hold, writing nothing', async () => {
      const store = ctx.store();
      const tenant = freshTenant();
      await expectKeyplanError(
        store.conversations.create({ ...conversation(tenant, 'c1'), snapshot: undefined }),
        'INTERNAL',
      );
      await expectKeyplanError(
        store.conversations.create({ ...conversation(tenant, 'c1'), snapshot: { n: 1n } }),
        'INTERNAL',
      );
      await expectKeyplanError(store.profiles.saveVersion(tenant, 'acme', { nul: 'a\u0000b' }, 'alice'), 'INTERNAL');
      await expectKeyplanError(store.profiles.saveVersion(tenant, 'acme', ['half \ud83d a key'], 'alice'), 'INTERNAL');
      expect(await store.conversations.get(tenant, 'c1')).toBeUndefined();
      expect(await store.profiles.latest(tenant, 'acme')).toBeUndefined();
    });
  });
}

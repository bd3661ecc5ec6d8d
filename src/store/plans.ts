import { KeyplanError } from '../core/errors.js';
import { arg, encodeJson, IdSchema, LimitSchema, PlanStatusSchema, tenantKey, VersionSchema } from './codecs.js';
import type { RepoContext } from './context.js';
import type { PlanRepository } from './types.js';

export function planRepository(ctx: RepoContext): PlanRepository {
  const { codecs } = ctx;

  return {
    async save(input) {
      ctx.guard();
      const key = tenantKey(input.tenant);
      const id = arg(IdSchema, input.id, 'id');
      const profileId = arg(IdSchema, input.profileId, 'profileId');
      const profileVersion = arg(VersionSchema, input.profileVersion, 'profileVersion');
      // Checked first so the caller gets NOT_FOUND instead of a foreign-key error; profiles are append-only,
      // so the answer cannot go stale before the insert. The foreign key stays as the backstop.
      const profile = await ctx.db
        .selectFrom('profiles')
        .select('version')
        .where('tenant', '=', key)
        .where('profile_id', '=', profileId)
        .where('version', '=', profileVersion)
        .executeTakeFirst();
      if (profile === undefined) {
        throw new KeyplanError('NOT_FOUND', `profile ${profileId} has no version ${profileVersion}`);
      }
      const now = ctx.now();
      const row = await ctx.db
        .insertInto('plans')
        .values({
          tenant: key,
          id,
          profile_id: profileId,
          profile_version: profileVersion,
          plan: encodeJson(input.plan, 'plan'),
          status: arg(PlanStatusSchema, input.status, 'status'),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw new KeyplanError('STORE_CONFLICT', `plan ${id} already exists`);
      return codecs.plan(row);
    },

    async get(tenant, id) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('plans')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .where('id', '=', arg(IdSchema, id, 'id'))
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.plan(row);
    },

    async latestForProfile(tenant, profileId) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('plans')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .where('profile_id', '=', arg(IdSchema, profileId, 'profileId'))
        .orderBy('profile_version', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.plan(row);
    },

    async list(tenant, options = {}) {
      ctx.guard();
      const limit = arg(LimitSchema, options.limit ?? 50, 'limit');
      let query = ctx.db
        .selectFrom('plans')
        .innerJoin('profiles', (join) =>
          join
            .onRef('profiles.tenant', '=', 'plans.tenant')
            .onRef('profiles.profile_id', '=', 'plans.profile_id')
            .onRef('profiles.version', '=', 'plans.profile_version'),
        )
        .selectAll('plans')
        .select('profiles.author')
        .where('plans.tenant', '=', tenantKey(tenant));
      if (options.author !== undefined)
        query = query.where('profiles.author', '=', arg(IdSchema, options.author, 'author'));
      if (options.id !== undefined) query = query.where('plans.id', '=', arg(IdSchema, options.id, 'id'));
      if (options.profileId !== undefined) {
        query = query.where('plans.profile_id', '=', arg(IdSchema, options.profileId, 'profileId'));
      }
      if (options.status !== undefined)
        query = query.where('plans.status', '=', arg(PlanStatusSchema, options.status, 'status'));
      const rows = await query.orderBy('plans.created_at', 'desc').orderBy('plans.id', 'desc').limit(limit).execute();
      return rows.map((row) => ({ ...codecs.plan(row), author: arg(IdSchema, row.author, 'author') }));
    },

    async updateStatus(tenant, id, from, to, approval) {
      ctx.guard();
      const key = tenantKey(tenant);
      const planId = arg(IdSchema, id, 'id');
      const expected = arg(PlanStatusSchema, from, 'from');
      // The status condition in the WHERE clause is the compare-and-set.
      const row = await ctx.db
        .updateTable('plans')
        .set({
          status: arg(PlanStatusSchema, to, 'to'),
          updated_at: ctx.now(),
          ...(approval === undefined ? {} : { approval: encodeJson(approval, 'approval') }),
        })
        .where('tenant', '=', key)
        .where('id', '=', planId)
        .where('status', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) return codecs.plan(row);
      const current = await ctx.db
        .selectFrom('plans')
        .select('status')
        .where('tenant', '=', key)
        .where('id', '=', planId)
        .executeTakeFirst();
      if (current === undefined) throw new KeyplanError('NOT_FOUND', `plan ${planId} does not exist`);
      throw new KeyplanError('STORE_CONFLICT', `plan ${planId} is ${current.status}, not ${expected}`);
    },
  };
}

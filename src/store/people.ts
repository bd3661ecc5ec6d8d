import { arg, IdSchema, tenantKey } from './codecs.js';
import type { RepoContext } from './context.js';
import type { PeopleRepository } from './types.js';

export function peopleRepository(ctx: RepoContext): PeopleRepository {
  return {
    async timeZone(tenant, userId) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('people')
        .select('time_zone')
        .where('tenant', '=', tenantKey(tenant))
        .where('user_id', '=', arg(IdSchema, userId, 'userId'))
        .executeTakeFirst();
      return row?.time_zone;
    },

    async setTimeZone(tenant, userId, timeZone) {
      ctx.guard();
      const values = {
        tenant: tenantKey(tenant),
        user_id: arg(IdSchema, userId, 'userId'),
        time_zone: arg(IdSchema, timeZone, 'timeZone'),
        updated_at: ctx.now(),
      };
      await ctx.db
        .insertInto('people')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['tenant', 'user_id']).doUpdateSet({ time_zone: values.time_zone, updated_at: values.updated_at }),
        )
        .execute();
    },
  };
}

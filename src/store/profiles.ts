import { KeyplanError } from '../core/errors.js';
import { arg, encodeJson, IdSchema, tenantKey, VersionSchema } from './codecs.js';
import type { RepoContext } from './context.js';
import type { ProfileRepository } from './types.js';

/**
 * How often saveVersion re-reads the head after losing a race for the next version number. Each loss means
 * another writer committed a version, so this only runs out under extreme contention on one profile.
 */
const APPEND_ATTEMPTS = 50;

export function profileRepository(ctx: RepoContext): ProfileRepository {
  const { codecs } = ctx;

  return {
    async saveVersion(tenant, profileId, answers, author) {
      ctx.guard();
      const key = tenantKey(tenant);
      const id = arg(IdSchema, profileId, 'profileId');
      const values = {
        tenant: key,
        profile_id: id,
        answers: encodeJson(answers, 'answers'),
        author: arg(IdSchema, author, 'author'),
      };
      // Optimistic append: read the head, insert head+1, and let the primary key decide between racing
      // writers. The loser's insert does nothing (no error, so a surrounding PostgreSQL transaction stays
      // usable) and it retries on the new head. No lock is held between the two statements.
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const head = await ctx.db
          .selectFrom('profiles')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('tenant', '=', key)
          .where('profile_id', '=', id)
          .executeTakeFirst();
        const next = Number(head?.version ?? 0) + 1;
        const row = await ctx.db
          .insertInto('profiles')
          .values({ ...values, version: next, created_at: ctx.now() })
          .onConflict((oc) => oc.columns(['tenant', 'profile_id', 'version']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (row !== undefined) return codecs.profile(row);
      }
      throw new KeyplanError('STORE_CONFLICT', `profile ${id} is being changed by many writers at once; try again`);
    },

    async latest(tenant, profileId) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('profiles')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .where('profile_id', '=', arg(IdSchema, profileId, 'profileId'))
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.profile(row);
    },

    async get(tenant, profileId, version) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('profiles')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .where('profile_id', '=', arg(IdSchema, profileId, 'profileId'))
        .where('version', '=', arg(VersionSchema, version, 'version'))
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.profile(row);
    },

    async history(tenant, profileId) {
      ctx.guard();
      const rows = await ctx.db
        .selectFrom('profiles')
        .select(['tenant', 'profile_id', 'version', 'author', 'created_at'])
        .where('tenant', '=', tenantKey(tenant))
        .where('profile_id', '=', arg(IdSchema, profileId, 'profileId'))
        .orderBy('version', 'asc')
        .execute();
      return rows.map((row) => codecs.profileHead(row));
    },
  };
}

import { KeyplanError } from '../core/errors.js';
import { arg, encodeJson, IdSchema, tenantKey } from './codecs.js';
import type { RepoContext } from './context.js';
import type { SettingsRepository } from './types.js';

export function settingsRepository(ctx: RepoContext): SettingsRepository {
  const { codecs } = ctx;
  return {
    async get(tenant) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('workspace_settings')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.settings(row);
    },

    async save(tenant, expectedVersion, settings, updatedBy) {
      ctx.guard();
      const key = tenantKey(tenant);
      const by = arg(IdSchema, updatedBy, 'updatedBy');
      const json = encodeJson(settings, 'settings');
      const now = ctx.now();
      // Both branches are one conditional statement: the compare-and-set leaves no read-then-write window.
      const row =
        expectedVersion === 0
          ? await ctx.db
              .insertInto('workspace_settings')
              .values({ tenant: key, settings: json, version: 1, updated_by: by, updated_at: now })
              .onConflict((oc) => oc.column('tenant').doNothing())
              .returningAll()
              .executeTakeFirst()
          : await ctx.db
              .updateTable('workspace_settings')
              .set((eb) => ({ settings: json, version: eb('version', '+', 1), updated_by: by, updated_at: now }))
              .where('tenant', '=', key)
              .where('version', '=', expectedVersion)
              .returningAll()
              .executeTakeFirst();
      if (row === undefined) {
        throw new KeyplanError('STORE_CONFLICT', 'the workspace settings changed meanwhile; read them again and retry');
      }
      return codecs.settings(row);
    },
  };
}

import { KeyplanError } from '../core/errors.js';
import {
  arg,
  ConversationStatusSchema,
  encodeJson,
  IdSchema,
  LimitSchema,
  MachineVersionSchema,
  tenantKey,
  VersionSchema,
} from './codecs.js';
import type { RepoContext } from './context.js';
import type { ConversationRepository } from './types.js';

export function conversationRepository(ctx: RepoContext): ConversationRepository {
  const { codecs } = ctx;

  return {
    async get(tenant, id) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('conversations')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .where('id', '=', arg(IdSchema, id, 'id'))
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.conversation(row);
    },

    async create(input) {
      ctx.guard();
      const tenant = tenantKey(input.tenant);
      const id = arg(IdSchema, input.id, 'id');
      const now = ctx.now();
      // ON CONFLICT DO NOTHING rather than catching a unique violation: on PostgreSQL a failed statement
      // would poison the surrounding withLock transaction.
      const row = await ctx.db
        .insertInto('conversations')
        .values({
          tenant,
          id,
          user_id: arg(IdSchema, input.userId, 'userId'),
          flow: arg(IdSchema, input.flow, 'flow'),
          machine_version: arg(MachineVersionSchema, input.machineVersion, 'machineVersion'),
          snapshot: encodeJson(input.snapshot, 'snapshot'),
          status: arg(ConversationStatusSchema, input.status, 'status'),
          surface: input.surface === undefined || input.surface === null ? null : encodeJson(input.surface, 'surface'),
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) {
        throw new KeyplanError('STORE_CONFLICT', `conversation ${id} already exists`);
      }
      return codecs.conversation(row);
    },

    async save(tenant, id, expectedVersion, patch) {
      ctx.guard();
      const key = tenantKey(tenant);
      const convId = arg(IdSchema, id, 'id');
      const expected = arg(VersionSchema, expectedVersion, 'expectedVersion');
      // One conditional UPDATE is the compare-and-set: no read-then-write window.
      const row = await ctx.db
        .updateTable('conversations')
        .set((eb) => ({
          snapshot: encodeJson(patch.snapshot, 'snapshot'),
          status: arg(ConversationStatusSchema, patch.status, 'status'),
          machine_version: arg(MachineVersionSchema, patch.machineVersion, 'machineVersion'),
          ...(patch.surface === undefined
            ? {}
            : { surface: patch.surface === null ? null : encodeJson(patch.surface, 'surface') }),
          version: eb('version', '+', 1),
          updated_at: ctx.now(),
        }))
        .where('tenant', '=', key)
        .where('id', '=', convId)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) return codecs.conversation(row);
      const current = await ctx.db
        .selectFrom('conversations')
        .select('version')
        .where('tenant', '=', key)
        .where('id', '=', convId)
        .executeTakeFirst();
      if (current === undefined) throw new KeyplanError('NOT_FOUND', `conversation ${convId} does not exist`);
      throw new KeyplanError(
        'STORE_CONFLICT',
        `conversation ${convId} is at version ${String(current.version)}, not ${expected}: it changed meanwhile; reload and retry`,
      );
    },

    async listActive(flow, options = {}) {
      ctx.guard();
      let query = ctx.db
        .selectFrom('conversations')
        .selectAll()
        .where('flow', '=', arg(IdSchema, flow, 'flow'))
        .where('status', '=', 'active');
      if (options.tenant) query = query.where('tenant', '=', tenantKey(options.tenant));
      const rows = await query
        .orderBy('created_at')
        .orderBy('id')
        .limit(arg(LimitSchema, options.limit ?? 1000, 'limit'))
        .execute();
      return rows.map((row) => codecs.conversation(row));
    },

    async latestActive(tenant, userId, flow) {
      ctx.guard();
      const row = await ctx.db
        .selectFrom('conversations')
        .selectAll()
        .where('tenant', '=', tenantKey(tenant))
        .where('user_id', '=', arg(IdSchema, userId, 'userId'))
        .where('flow', '=', arg(IdSchema, flow, 'flow'))
        .where('status', '=', 'active')
        // Ties on the millisecond fall back to creation time and then id, so the answer is deterministic.
        .orderBy('updated_at', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.conversation(row);
    },
  };
}

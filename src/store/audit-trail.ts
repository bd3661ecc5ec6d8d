import { KeyplanError } from '../core/errors.js';
import { eventHash, GENESIS_HASH } from './audit-chain.js';
import { arg, encodeJson, IdSchema, LimitSchema, TenantKeySchema, tenantKey } from './codecs.js';
import type { RepoContext } from './context.js';
import type { AuditTrailRepository } from './types.js';

/** How often an append re-reads the head after losing a race for the next seq (another writer committed). */
const APPEND_ATTEMPTS = 50;

export function auditTrailRepository(ctx: RepoContext): AuditTrailRepository {
  const { codecs } = ctx;
  return {
    async append(event) {
      ctx.guard();
      const key = tenantKey(event.tenant);
      const fields = {
        actor: arg(IdSchema, event.actor, 'actor'),
        kind: arg(IdSchema, event.kind, 'kind'),
        subject: arg(IdSchema, event.subject, 'subject'),
      };
      const data = JSON.parse(encodeJson(event.data ?? {}, 'data')) as unknown;
      // Optimistic, like profile versions: read the head, insert head+1, and let the primary key pick one of
      // racing writers; the loser's insert does nothing (so a PostgreSQL transaction stays usable) and retries.
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const last = await ctx.db
          .selectFrom('audit_events')
          .select(['seq', 'hash'])
          .where('tenant', '=', key)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const seq = Number(last?.seq ?? 0) + 1;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const at = ctx.now();
        const hash = eventHash({ tenant: event.tenant, seq, at, ...fields, data, prevHash });
        const row = await ctx.db
          .insertInto('audit_events')
          .values({ tenant: key, seq, at, ...fields, data: encodeJson(data, 'data'), prev_hash: prevHash, hash })
          .onConflict((oc) => oc.columns(['tenant', 'seq']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) continue;
        await ctx.db
          .insertInto('audit_heads')
          .values({ tenant: key, seq, hash })
          .onConflict((oc) => oc.column('tenant').doUpdateSet({ seq, hash }))
          .execute();
        return codecs.auditEvent(row);
      }
      throw new KeyplanError('STORE_CONFLICT', 'the audit trail is busy: too many writers at once; try again');
    },

    async list(options = {}) {
      ctx.guard();
      let query = ctx.db.selectFrom('audit_events').selectAll();
      if (options.tenant) query = query.where('tenant', '=', tenantKey(options.tenant));
      if (options.since) query = query.where('at', '>=', arg(IdSchema, options.since, 'since'));
      if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
      const rows = await query
        .orderBy('tenant')
        .orderBy('seq')
        .limit(arg(LimitSchema, options.limit ?? 1000, 'limit'))
        .execute();
      return rows.map((row) => codecs.auditEvent(row));
    },

    async tenants() {
      ctx.guard();
      const fromEvents = await ctx.db.selectFrom('audit_events').select('tenant').distinct().execute();
      const fromHeads = await ctx.db.selectFrom('audit_heads').select('tenant').execute();
      const keys = [...new Set([...fromEvents, ...fromHeads].map((row) => row.tenant))].sort();
      return keys.map((tenant) => TenantKeySchema.parse(tenant));
    },

    async heads() {
      ctx.guard();
      const rows = await ctx.db.selectFrom('audit_heads').selectAll().orderBy('tenant').execute();
      return rows.map((row) => {
        const { tenant } = codecs.auditEvent({
          ...row,
          at: '',
          actor: '',
          kind: '',
          subject: '',
          data: '{}',
          prev_hash: '',
        });
        return { tenant, seq: Number(row.seq), hash: row.hash };
      });
    },
  };
}

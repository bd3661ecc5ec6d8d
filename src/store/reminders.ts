import { type Kysely, sql } from 'kysely';
import { arg, encodeJson, IdSchema, LimitSchema, REMINDER_STATES, tenantKey } from './codecs.js';
import type { RepoContext } from './context.js';
import type { Database } from './db-schema.js';
import type { ReminderRepository } from './types.js';

const MAX_ERROR = 500;

/**
 * Reminders keyplan must send at a time. The claim is the one place replicas meet: on PostgreSQL one
 * UPDATE over a `FOR UPDATE SKIP LOCKED` selection, so racing schedulers take disjoint items without
 * waiting for each other; on SQLite the select and update run in one write transaction, which the
 * database's single writer serialises. A claim is a lease: an owner that dies leaves the item to be
 * claimed again once the lease runs out, so nothing is lost.
 */
export function reminderRepository(ctx: RepoContext): ReminderRepository {
  const { codecs } = ctx;

  async function claimOnSqlite(db: Kysely<Database>, now: string, owner: string, lease: string, limit: number) {
    const due = await db
      .selectFrom('reminders')
      .select(['tenant', 'id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'due'), eb('due_at', '<=', now)]),
          eb.and([eb('state', '=', 'claimed'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('due_at')
      .limit(limit)
      .execute();
    const claimed = [];
    for (const item of due) {
      const row = await db
        .updateTable('reminders')
        .set((eb) => ({
          state: 'claimed',
          claimed_by: owner,
          lease_until: lease,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('tenant', '=', item.tenant)
        .where('id', '=', item.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      claimed.push(row);
    }
    return claimed;
  }

  /** Updates the item only while `owner` still holds its claim (a fenced write). */
  async function whileClaimed(
    tenant: Parameters<ReminderRepository['complete']>[0],
    id: string,
    owner: string,
    set: Record<string, unknown>,
  ): Promise<boolean> {
    const row = await ctx.db
      .updateTable('reminders')
      .set({ ...set, updated_at: ctx.now() })
      .where('tenant', '=', tenantKey(tenant))
      .where('id', '=', arg(IdSchema, id, 'id'))
      .where('state', '=', 'claimed')
      .where('claimed_by', '=', arg(IdSchema, owner, 'owner'))
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  return {
    async schedule(input) {
      ctx.guard();
      const now = ctx.now();
      const row = await ctx.db
        .insertInto('reminders')
        .values({
          tenant: tenantKey(input.tenant),
          id: arg(IdSchema, input.id, 'id'),
          kind: arg(IdSchema, input.kind, 'kind'),
          subject: arg(IdSchema, input.subject, 'subject'),
          data: encodeJson(input.data ?? {}, 'data'),
          due_at: arg(IdSchema, input.dueAt, 'dueAt'),
          state: 'due',
          attempts: 0,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : codecs.reminder(row);
    },

    async claim({ now, owner, leaseMs, limit }) {
      ctx.guard();
      const at = arg(IdSchema, now, 'now');
      const by = arg(IdSchema, owner, 'owner');
      const lease = new Date(Date.parse(at) + leaseMs).toISOString();
      const count = arg(LimitSchema, limit, 'limit');
      if (ctx.dialect === 'postgres') {
        const result = await sql<Record<string, unknown>>`
          update reminders set state = 'claimed', claimed_by = ${by}, lease_until = ${lease},
            attempts = attempts + 1, updated_at = ${at}
          where (tenant, id) in (
            select tenant, id from reminders
            where (state = 'due' and due_at <= ${at}) or (state = 'claimed' and lease_until < ${at})
            order by due_at limit ${count}
            for update skip locked)
          returning *`.execute(ctx.db);
        return result.rows.map((row) => codecs.reminder(row));
      }
      const rows = ctx.inTransaction
        ? await claimOnSqlite(ctx.db, at, by, lease, count)
        : await ctx.db.transaction().execute((trx) => claimOnSqlite(trx, at, by, lease, count));
      return rows.map((row) => codecs.reminder(row));
    },

    async complete(tenant, id, owner) {
      ctx.guard();
      return whileClaimed(tenant, id, owner, {
        state: 'sent',
        sent_at: ctx.now(),
        lease_until: null,
        last_error: null,
      });
    },

    async fail(tenant, id, owner, failure) {
      ctx.guard();
      return whileClaimed(tenant, id, owner, {
        state: failure.final ? 'failed' : 'due',
        due_at: arg(IdSchema, failure.dueAt, 'dueAt'),
        last_error: failure.error.slice(0, MAX_ERROR),
        lease_until: null,
      });
    },

    async defer(tenant, id, owner, dueAt) {
      ctx.guard();
      return whileClaimed(tenant, id, owner, {
        state: 'due',
        due_at: arg(IdSchema, dueAt, 'dueAt'),
        lease_until: null,
        attempts: sql`attempts - 1`,
      });
    },

    async cancel(tenant, subject) {
      ctx.guard();
      const rows = await ctx.db
        .updateTable('reminders')
        .set({ state: 'cancelled', updated_at: ctx.now() })
        .where('tenant', '=', tenantKey(tenant))
        .where('subject', '=', arg(IdSchema, subject, 'subject'))
        .where('state', '=', 'due')
        .returning('id')
        .execute();
      return rows.length;
    },

    async list(options = {}) {
      ctx.guard();
      let query = ctx.db.selectFrom('reminders').selectAll();
      if (options.tenant) query = query.where('tenant', '=', tenantKey(options.tenant));
      if (options.states && options.states.length > 0) {
        const states = options.states.filter((s) => (REMINDER_STATES as readonly string[]).includes(s));
        query = query.where('state', 'in', states);
      }
      const rows = await query
        .orderBy('due_at')
        .orderBy('id')
        .limit(arg(LimitSchema, options.limit ?? 1000, 'limit'))
        .execute();
      return rows.map((row) => codecs.reminder(row));
    },
  };
}

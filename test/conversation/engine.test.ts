import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../flows/interview/draft.js';
import { INTERVIEW_FLOW } from '../../flows/interview.machine.js';
import { ConversationEngine, type FormReply, type TurnInput } from '../../src/conversation/index.js';
import { StoredSnapshotSchema } from '../../src/conversation/snapshot.js';
import { PlanSchema } from '../../src/core/index.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { RETAIL_ANSWERS, submit } from '../flows/drive.js';
import { DATABASES, type TestDatabase } from './dialects.js';

/** The interview draft inside a stored conversation, read back the way the engine reads it. */
function storedDraft(snapshot: unknown): Draft {
  return StoredSnapshotSchema.parse(snapshot).machine.context.draft as Draft;
}

for (const makeDatabase of DATABASES) {
  describe(`conversation engine on ${makeDatabase.name.replace('Database', '')}`, () => {
    let database: TestDatabase;
    let store: Store;
    let engine: ConversationEngine;
    const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };

    beforeAll(async () => {
      database = makeDatabase();
      store = await database.open();
      engine = new ConversationEngine(store);
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    const turn = (conversationId: string, event: TurnInput['event'], eventId?: string) =>
      engine.turn({ tenant, conversationId, userId: 'U1', event, ...(eventId ? { eventId } : {}) });

    it('runs the interview turn by turn and stores the profile version and plan at the end', async () => {
      const id = randomUUID();
      const first = await turn(id, { type: 'START' });
      expect(first.state).toBe('organization');
      expect((first.replies[0] as FormReply).fields.map((f) => f.id)).toContain('governance');
      for (const event of RETAIL_ANSWERS) await turn(id, event);
      const done = await turn(id, { type: 'CONFIRM' });
      expect(done.status).toBe('done');
      expect(done.planId).toBeDefined();
      const summary = done.replies.find((r) => r.type === 'plan-summary');
      expect(summary?.type === 'plan-summary' && summary.headline).toMatch(/2 KMS keys/);
      const stored = await store.plans.get(tenant, done.planId as string);
      expect(PlanSchema.parse(stored?.plan).counts.recommended).toBe(2);
      expect(stored?.status).toBe('draft');
      const profile = await store.profiles.latest(tenant, 'acme-retail');
      expect(profile?.version).toBeGreaterThanOrEqual(1);
    });

    it('a second engine (a restart or another replica) continues the conversation where it was', async () => {
      const id = randomUUID();
      await turn(id, { type: 'START' });
      for (const event of RETAIL_ANSWERS.slice(0, 4)) await turn(id, event);
      const other = await database.open();
      try {
        const resumed = await new ConversationEngine(other).turn({
          tenant,
          conversationId: id,
          userId: 'U1',
          event: { type: 'START' },
        });
        expect(resumed.state).toBe('environment');
        const record = await other.conversations.latestActive(tenant, 'U1', INTERVIEW_FLOW);
        expect(record).toBeDefined();
      } finally {
        await other.close();
      }
    });

    it('applies two simultaneous events for one conversation one after the other — none lost or doubled', async () => {
      const id = randomUUID();
      await turn(id, { type: 'START' });
      for (const event of RETAIL_ANSWERS.slice(0, 4)) await turn(id, event);
      const second = await database.open();
      const engines = [engine, new ConversationEngine(second)];
      try {
        const envs = ['dev', 'staging', 'prod', 'qa'];
        const results = await Promise.all(
          envs.map((stage, i) =>
            (engines[i % 2] as ConversationEngine).turn({
              tenant,
              conversationId: id,
              userId: 'U1',
              event: submit({ stage, account: '111122223333', regions: 'us-east-1', addAnother: 'yes' }),
            }),
          ),
        );
        expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
        const record = await store.conversations.get(tenant, id);
        expect(
          storedDraft(record?.snapshot)
            .applications[0]?.environments.map((e) => e.stage)
            .sort(),
        ).toEqual([...envs].sort());
      } finally {
        await second.close();
      }
    });

    it('applies a retried event (same event id) once', async () => {
      const id = randomUUID();
      await turn(id, { type: 'START' });
      for (const event of RETAIL_ANSWERS.slice(0, 4)) await turn(id, event);
      const env = submit({ stage: 'dev', account: '111122223333', regions: 'us-east-1', addAnother: 'yes' });
      const once = await turn(id, env, 'evt-1');
      const again = await turn(id, env, 'evt-1');
      expect(again.version).toBe(once.version + 1);
      const record = await store.conversations.get(tenant, id);
      expect(storedDraft(record?.snapshot).applications[0]?.environments).toHaveLength(1);
    });

    it('keeps the answers of an older machine version and tells the user plainly', async () => {
      const id = randomUUID();
      await turn(id, { type: 'START' });
      for (const event of RETAIL_ANSWERS.slice(0, 3)) await turn(id, event);
      const record = await store.conversations.get(tenant, id);
      await store.conversations.save(tenant, id, record?.version as number, {
        snapshot: record?.snapshot,
        status: 'active',
        machineVersion: 0,
      });
      // The event was meant for the old form: it is not applied to the new one.
      const resumed = await turn(id, submit({ name: 'storefront', team: 'web', keyAdmins: 'KeyAdmins' }));
      expect(resumed.replies[0]).toMatchObject({ type: 'message', tone: 'warning' });
      expect(resumed.state).toBe('organization');
      const form = resumed.replies[1] as FormReply;
      expect(form.fields.find((f) => f.id === 'name')?.value).toBe('Acme Retail');
    });

    it('refuses an event that does not apply at this step, and says so', async () => {
      const id = randomUUID();
      await turn(id, { type: 'START' });
      const result = await turn(id, { type: 'CONFIRM' });
      expect(result.state).toBe('organization');
      expect(result.replies[0]).toMatchObject({
        type: 'message',
        text: expect.stringMatching(/CONFIRM is not available/),
      });
    });

    it('starts a new interview on START after the last one finished', async () => {
      const id = randomUUID();
      await turn(id, { type: 'START' });
      await turn(id, { type: 'CANCEL' });
      const again = await turn(id, { type: 'START' });
      expect(again.state).toBe('organization');
      expect(again.status).toBe('active');
    });
  });
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConversationEngine,
  type Effect,
  interviewRegistration,
  type SurfaceRef,
} from '../../src/conversation/index.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { DATABASES, type TestDatabase } from './dialects.js';
import { userOf } from './drive-engine.js';
import { signOffFlow } from './fixtures/sign-off-flow.js';
import { recordingSink } from './recording-sink.js';

const approver = { userId: 'U-APPROVER', roles: ['approver'] };

for (const makeDatabase of DATABASES) {
  describe(`the engine runs any registered flow, on ${makeDatabase.name.replace('Database', '')}`, () => {
    let database: TestDatabase;
    let store: Store;
    const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };

    beforeAll(async () => {
      database = makeDatabase();
      store = await database.open();
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    const signedOff: Effect = async (_emitted, { actor }) => ({
      events: [{ type: 'SIGNED_RECORDED', by: actor.userId }],
      outbound: [
        {
          to: { kind: 'channel', channelId: 'C-SEC' },
          delivery: {
            conversationId: null,
            stamp: null,
            replies: [{ type: 'message', tone: 'success', text: 'signed' }],
          },
        },
      ],
    });

    it('a second flow plugs in without touching the engine: who may act, effects, proactive messages', async () => {
      const { sink, posted } = recordingSink();
      const engine = new ConversationEngine({
        store,
        flows: [interviewRegistration, { flow: signOffFlow, effects: { SIGN_OFF_GIVEN: signedOff } }],
        sinks: { slack: sink },
      });
      const opened = await engine.open({ tenant, actor: approver, flow: 'sign-off' });
      expect(opened.replies[0]).toMatchObject({ type: 'approval-request', actions: [{ id: 'sign' }] });
      const stranger = await engine.act({
        tenant,
        actor: { userId: 'U-OTHER' },
        conversationId: opened.conversationId,
        actionId: 'sign',
        stamp: opened.stamp as NonNullable<typeof opened.stamp>,
      });
      expect(stranger).toMatchObject({ outcome: 'forbidden', replies: [{ text: 'Only approvers may sign off.' }] });
      expect(posted).toEqual([]);
      const signed = await engine.act({
        tenant,
        actor: approver,
        conversationId: opened.conversationId,
        actionId: 'sign',
        stamp: opened.stamp as NonNullable<typeof opened.stamp>,
      });
      expect(signed).toMatchObject({ outcome: 'finished', state: 'signed' });
      expect(signed.replies).toEqual([{ type: 'message', tone: 'success', text: 'Signed off by U-APPROVER.' }]);
      await vi.waitFor(() => expect(posted).toHaveLength(1));
      expect(posted[0]).toMatchObject({ tenant, to: { kind: 'channel', channelId: 'C-SEC' } });
      const record = await store.conversations.get(tenant, opened.conversationId);
      expect(record?.flow).toBe('sign-off');
    });

    it('an effect that fails undoes the whole turn and sends nothing', async () => {
      const { sink, posted } = recordingSink();
      const failing: Effect = async () => {
        throw new Error('the store of approvals is down');
      };
      const engine = new ConversationEngine({
        store,
        flows: [{ flow: signOffFlow, effects: { SIGN_OFF_GIVEN: failing } }],
        sinks: { slack: sink },
      });
      const opened = await engine.open({ tenant, actor: { ...approver, userId: 'U-A2' }, flow: 'sign-off' });
      const act = engine.act({
        tenant,
        actor: approver,
        conversationId: opened.conversationId,
        actionId: 'sign',
        stamp: opened.stamp as NonNullable<typeof opened.stamp>,
      });
      await expect(act).rejects.toThrow(/approvals is down/);
      const record = await store.conversations.get(tenant, opened.conversationId);
      expect(record?.version).toBe(opened.version);
      expect(record?.status).toBe('active');
      expect(posted).toEqual([]);
    });

    it('keeps where a proactive message was posted as the surface of the conversation it tracks', async () => {
      const { sink } = recordingSink();
      const engine = new ConversationEngine({
        store,
        flows: [interviewRegistration],
        sinks: { slack: sink },
      });
      const alice = userOf(engine, tenant, 'U-SURFACE');
      const opened = await alice.open();
      const surface: SurfaceRef = { kind: 'modal', ids: { viewId: 'V123' } };
      await engine.recordSurface(tenant, opened.conversationId, surface);
      const resumed = await alice.open();
      expect(resumed.surface).toEqual(surface);
      // Recording where it is shown moves no view on: the stamp the user holds stays valid.
      expect(resumed.stamp).toEqual(opened.stamp);
    });

    it('a turn past its time budget answers "try again" at once and saves nothing', async () => {
      const slow: Store = {
        dialect: store.dialect,
        conversations: store.conversations,
        profiles: store.profiles,
        plans: store.plans,
        settings: store.settings,
        auditTrail: store.auditTrail,
        reminders: store.reminders,
        people: store.people,
        withLock: async (t, key, fn) => {
          await sleep(300);
          return store.withLock(t, key, fn);
        },
        close: () => store.close(),
      };
      const fast = new ConversationEngine({ store, flows: [interviewRegistration] });
      const alice = userOf(fast, tenant, 'U-SLOW');
      const opened = await alice.open();
      const engine = new ConversationEngine({ store: slow, flows: [interviewRegistration], budgetMs: 100 });
      const started = performance.now();
      const result = await userOf(engine, tenant, 'U-SLOW').act(opened, 'cancel');
      expect(performance.now() - started).toBeLessThan(290);
      expect(result).toMatchObject({
        outcome: 'failed',
        replies: [{ tone: 'error', text: expect.stringMatching(/try again/) }],
      });
      await sleep(400);
      const record = await store.conversations.get(tenant, opened.conversationId);
      expect(record?.version).toBe(opened.version);
      expect(record?.status).toBe('active');
    });

    it('refuses to open a flow it does not know', async () => {
      const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
      await expect(engine.open({ tenant, actor: approver, flow: 'nope' })).rejects.toThrow(/no flow "nope"/);
    });
  });
}

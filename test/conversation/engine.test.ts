import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../flows/interview/draft.js';
import { INTERVIEW_MACHINE_VERSION } from '../../flows/interview.machine.js';
import { EnvelopeSchema } from '../../src/conversation/envelope.js';
import {
  ConversationEngine,
  type FormReply,
  INTERVIEW_FLOW,
  interviewRegistration,
  type TurnResult,
} from '../../src/conversation/index.js';
import { PlanSchema } from '../../src/core/index.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { RETAIL_ANSWERS, RETAIL_STEP } from '../flows/drive.js';
import { DATABASES, type TestDatabase } from './dialects.js';
import { userOf } from './drive-engine.js';

/** The interview draft inside a stored conversation, read back the way the engine reads it. */
function storedDraft(snapshot: unknown): Draft {
  return EnvelopeSchema.parse(snapshot).machine.context.draft as Draft;
}

const ORGANIZATION = RETAIL_ANSWERS[0] as Extract<(typeof RETAIL_ANSWERS)[number], { type: 'SUBMIT' }>;

for (const makeDatabase of DATABASES) {
  describe(`conversation engine on ${makeDatabase.name.replace('Database', '')}`, () => {
    let database: TestDatabase;
    let store: Store;
    let engine: ConversationEngine;
    const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
    let users = 0;
    /** A fresh user per test, so "one unfinished interview per person" never crosses tests. */
    const newUser = (on = engine) => userOf(on, tenant, `U${++users}`);

    beforeAll(async () => {
      database = makeDatabase();
      store = await database.open();
      engine = new ConversationEngine({ store, flows: [interviewRegistration] });
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    it('runs the interview action by action and stores the profile version and plan at the end', async () => {
      const alice = newUser();
      const first = await alice.open();
      expect(first).toMatchObject({
        outcome: 'applied',
        state: 'organization',
        stamp: { step: 'organization', version: 1 },
      });
      expect((first.replies[0] as FormReply).fields.map((f) => f.id)).toContain('governance');
      const review = await alice.play(first, RETAIL_ANSWERS);
      expect(review.state).toBe('review');
      const done = await alice.act(review, 'confirm');
      expect(done).toMatchObject({ outcome: 'finished', status: 'done', state: 'done' });
      const summary = done.replies.find((r) => r.type === 'plan-summary');
      expect(summary?.type === 'plan-summary' && summary.headline).toMatch(/2 KMS keys/);
      expect(summary?.type === 'plan-summary' && summary.planId).toMatch(/^acme-retail\/v\d+$/);
      // The exports go with the plan, so no adapter needs the exporters.
      const files = summary?.type === 'plan-summary' ? summary.attachments.map((a) => a.filename) : [];
      expect(files).toEqual(expect.arrayContaining(['keyplan.md', 'keyplan.json', 'keyplan.tf']));
      const stored = await store.plans.get(tenant, (summary as { planId: string }).planId);
      expect(PlanSchema.parse(stored?.plan).counts.recommended).toBe(2);
      expect(stored?.status).toBe('draft');
    });

    it('refuses a second click on an old "Next": stale, and the answers never land on the next step', async () => {
      const alice = newUser();
      const opened = await alice.open();
      const next = await alice.act(opened, 'next', { values: ORGANIZATION.values });
      expect(next).toMatchObject({ outcome: 'applied', state: 'classifications' });
      // The same click again (a retry, a double click, an old message's button): same stamp, same values.
      const again = await alice.act(opened, 'next', { values: ORGANIZATION.values });
      expect(again.outcome).toBe('stale');
      expect(again.state).toBe('classifications');
      expect(again.stamp).toEqual(next.stamp);
      expect(again.replies[0]).toMatchObject({ type: 'message', text: expect.stringMatching(/earlier step/) });
      expect(again.replies[1]).toMatchObject({ type: 'form', stepId: 'classifications' });
      expect((again.replies[1] as FormReply).fields.every((f) => f.error === undefined)).toBe(true);
      const record = await store.conversations.get(tenant, opened.conversationId);
      expect(record?.version).toBe(next.version);
    });

    it("refuses another user's CANCEL: forbidden, nothing of the conversation shown, nothing changed", async () => {
      const alice = newUser();
      const mallory = newUser();
      const opened = await alice.open();
      const before = await store.conversations.get(tenant, opened.conversationId);
      const refused = await mallory.act(opened, 'cancel');
      expect(refused).toMatchObject({ outcome: 'forbidden', stamp: null });
      expect(refused.replies).toEqual([
        { type: 'message', tone: 'warning', text: expect.stringMatching(/someone else/) },
      ]);
      expect(await store.conversations.get(tenant, opened.conversationId)).toEqual(before);
    });

    it('keeps the answers and errors of a rejected form, and its stamp stays valid', async () => {
      const alice = newUser();
      const atEnvironment = await alice.play(await alice.open(), RETAIL_ANSWERS.slice(0, RETAIL_STEP.environment));
      const bad = { stage: 'prod', account: '1234', regions: 'us-east-1' };
      const rejected = await alice.act(atEnvironment, 'next', { values: bad });
      expect(rejected.outcome).toBe('rejected');
      expect(rejected.rejection?.fields.account).toMatch(/12 digits/);
      expect(rejected.stamp).toEqual(atEnvironment.stamp);
      // Slack keeps the modal with the errors: its next submission carries the same stamp and is applied.
      const fixed = await alice.act(atEnvironment, 'next', { values: { ...bad, account: '111122223333' } });
      expect(fixed).toMatchObject({ outcome: 'applied', state: 'dataSet' });
    });

    it('a second engine (a restart or another replica) continues the conversation where it was', async () => {
      const alice = newUser();
      const atEnvironment = await alice.play(await alice.open(), RETAIL_ANSWERS.slice(0, RETAIL_STEP.environment));
      const other = await database.open();
      try {
        const replica = new ConversationEngine({ store: other, flows: [interviewRegistration] });
        const resumed = await replica.open({ tenant, actor: { userId: `U${users}` }, flow: INTERVIEW_FLOW });
        expect(resumed).toMatchObject({ resumed: true, state: 'environment', stamp: atEnvironment.stamp });
        const next = await userOf(replica, tenant, `U${users}`).act(resumed, 'next', {
          values: { stage: 'prod', account: '111122223333', regions: 'us-east-1' },
        });
        expect(next.state).toBe('dataSet');
      } finally {
        await other.close();
      }
    });

    it('applies one of four simultaneous submissions of one view (two engines); the rest are stale', async () => {
      const alice = newUser();
      const atEnvironment = await alice.play(await alice.open(), RETAIL_ANSWERS.slice(0, RETAIL_STEP.environment));
      const second = await database.open();
      const engines = [engine, new ConversationEngine({ store: second, flows: [interviewRegistration] })];
      try {
        const stages = ['dev', 'staging', 'prod', 'qa'];
        const results = await Promise.all(
          stages.map((stage, i) =>
            userOf(engines[i % 2] as ConversationEngine, tenant, `U${users}`).act(atEnvironment, 'add-another', {
              values: { stage, account: '111122223333', regions: 'us-east-1' },
            }),
          ),
        );
        expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'stale', 'stale', 'stale']);
        const record = await store.conversations.get(tenant, atEnvironment.conversationId);
        const applied = results.find((r) => r.outcome === 'applied') as TurnResult;
        expect(record?.version).toBe(applied.version);
        expect(storedDraft(record?.snapshot).applications[0]?.environments).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it('applies a retried delivery (same event id) once and reports the duplicate', async () => {
      const alice = newUser();
      const atEnvironment = await alice.play(await alice.open(), RETAIL_ANSWERS.slice(0, RETAIL_STEP.environment));
      const values = { stage: 'dev', account: '111122223333', regions: 'us-east-1' };
      const once = await alice.act(atEnvironment, 'add-another', { values, eventId: 'evt-1' });
      const again = await alice.act(atEnvironment, 'add-another', { values, eventId: 'evt-1' });
      expect(once.outcome).toBe('applied');
      expect(again).toMatchObject({ outcome: 'duplicate', version: once.version, stamp: once.stamp });
      const record = await store.conversations.get(tenant, atEnvironment.conversationId);
      expect(storedDraft(record?.snapshot).applications[0]?.environments).toHaveLength(1);
    });

    it('keeps the answers of an older machine version, says so plainly, and applies nothing meant for the old form', async () => {
      const alice = newUser();
      const atApplication = await alice.play(await alice.open(), RETAIL_ANSWERS.slice(0, RETAIL_STEP.application));
      const record = await store.conversations.get(tenant, atApplication.conversationId);
      await store.conversations.save(tenant, atApplication.conversationId, record?.version as number, {
        snapshot: record?.snapshot,
        status: 'active',
        machineVersion: INTERVIEW_MACHINE_VERSION - 1,
      });
      const resumed = await alice.act(atApplication, 'next', {
        values: { name: 'storefront', team: 'web', keyAdmins: 'KeyAdmins' },
      });
      expect(resumed.outcome).toBe('stale');
      expect(resumed.replies[0]).toMatchObject({
        type: 'message',
        tone: 'warning',
        text: expect.stringMatching(/answers are kept/),
      });
      expect(resumed.state).toBe('organization');
      const form = resumed.replies[1] as FormReply;
      expect(form.fields.find((f) => f.id === 'name')?.value).toBe('Acme Retail');
      const after = await store.conversations.get(tenant, atApplication.conversationId);
      expect(after?.machineVersion).toBe(INTERVIEW_MACHINE_VERSION);
    });

    it('resumes the unfinished interview on open; fresh cancels it and starts another', async () => {
      const alice = newUser();
      const first = await alice.open();
      const again = await alice.open();
      expect(again).toMatchObject({ resumed: true, conversationId: first.conversationId });
      const fresh = await alice.open({ fresh: true });
      expect(fresh.conversationId).not.toBe(first.conversationId);
      expect((await store.conversations.get(tenant, first.conversationId))?.status).toBe('cancelled');
      expect((await alice.open()).conversationId).toBe(fresh.conversationId);
    });

    it('never overwrites a finished conversation: an old button is stale, open starts a new one', async () => {
      const alice = newUser();
      const review = await alice.play(await alice.open(), RETAIL_ANSWERS);
      const done = await alice.act(review, 'confirm');
      const late = await alice.act(review, 'back');
      expect(late.outcome).toBe('stale');
      expect(late.replies[0]).toMatchObject({ text: expect.stringMatching(/finished; nothing was changed/) });
      const next = await alice.open();
      expect(next.conversationId).not.toBe(done.conversationId);
      const record = await store.conversations.get(tenant, done.conversationId);
      expect(record?.status).toBe('done');
      expect(storedDraft(record?.snapshot).organization?.name).toBe('Acme Retail');
    });

    it('two sessions opening at once share one conversation, and their answers never mix', async () => {
      const userId = `U${++users}`;
      const [one, two] = await Promise.all([
        userOf(engine, tenant, userId).open(),
        userOf(engine, tenant, userId).open(),
      ]);
      expect(one.conversationId).toBe(two.conversationId);
      const mine = userOf(engine, tenant, userId);
      const a = await mine.act(one, 'next', { values: ORGANIZATION.values });
      const b = await mine.act(two, 'next', { values: { ...ORGANIZATION.values, name: 'Other Org' } });
      expect([a.outcome, b.outcome]).toEqual(['applied', 'stale']);
      const record = await store.conversations.get(tenant, one.conversationId);
      expect(storedDraft(record?.snapshot).organization?.name).toBe('Acme Retail');
    });

    it('refuses an action the view does not offer, and a form action without answers is a rejection', async () => {
      const alice = newUser();
      const opened = await alice.open();
      expect((await alice.act(opened, 'confirm')).outcome).toBe('stale');
      const empty = await alice.act(opened, 'next');
      expect(empty.outcome).toBe('rejected');
      expect(empty.rejection?.fields.name).toMatch(/required/);
    });
  });
}

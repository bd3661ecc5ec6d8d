import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  approvalRegistration,
  ConversationEngine,
  type Delivery,
  interviewRegistration,
  openReview,
  REMINDER_KINDS,
  type Recipient,
  reminderHandlers,
  reviewRegistration,
  Workspaces,
} from '../../src/conversation/index.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { RETAIL_ANSWERS } from '../flows/drive.js';
import { DATABASES, type TestDatabase } from './dialects.js';
import { userOf } from './drive-engine.js';
import { recordingSink } from './recording-sink.js';

const DAY = 86_400_000;
const REQUESTER = 'U-REQ';
/** A Tuesday, 10:00 UTC: within working hours. */
const START = new Date('2026-12-01T10:00:00Z');

for (const makeDatabase of DATABASES) {
  describe(`periodic strategy reviews on ${makeDatabase.name}`, () => {
    // Each test its own database: schedulers claim across tenants, so tests must not see each other's reminders.
    let database: TestDatabase;
    let store: Store;

    beforeEach(async () => {
      database = makeDatabase();
      store = await database.open();
    });
    afterEach(async () => {
      await store.close();
      await database.drop();
    });

    /** Example 1 confirmed and approved at START; the clock is the test's to move. */
    async function approvedPlan(options: { timeZones?: Record<string, string> } = {}) {
      const clock = { now: new Date(START) };
      const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
      const { sink, posted } = recordingSink();
      const engine = new ConversationEngine({
        store,
        flows: [interviewRegistration, approvalRegistration, reviewRegistration],
        sinks: { slack: sink },
        now: () => clock.now,
      });
      const workspaces = new Workspaces(store, { bootstrapAdmins: ['U-ADMIN'] });
      const admin = { userId: 'U-ADMIN' };
      await workspaces.configure(tenant, admin, {
        kind: 'change',
        change: { kind: 'security-channel', channelId: 'C-SEC' },
      });
      await workspaces.configure(tenant, admin, {
        kind: 'change',
        change: { kind: 'approvers', users: ['U-SEC1'], groups: [] },
      });
      const requester = userOf(engine, tenant, REQUESTER);
      await requester.act(await requester.play(await requester.open(), RETAIL_ANSWERS), 'confirm');
      await vi.waitFor(() => expect(posted.length).toBe(1));
      const request = posted[0] as { delivery: Delivery };
      const approvalId = request.delivery.conversationId as string;
      const approved = await engine.act({
        tenant,
        actor: { userId: 'U-SEC1', roles: ['approver'] },
        conversationId: approvalId,
        actionId: 'approve',
        stamp: request.delivery.stamp as NonNullable<Delivery['stamp']>,
      });
      expect(approved.outcome).toBe('finished');
      await vi.waitFor(() => expect(posted.length).toBe(2)); // the requester told
      posted.length = 0;
      const zones = options.timeZones ?? {};
      const scheduler = (owner = 'replica-a') =>
        new Scheduler({
          store,
          owner,
          now: () => clock.now,
          handlers: reminderHandlers({ engine, store, timeZoneOf: async (_t, user) => zones[user] }),
        });
      const reviews = async () =>
        (await store.reminders.list({ tenant })).filter((r) => r.kind === REMINDER_KINDS.reviewDue);
      const [plan] = await store.plans.list(tenant, { status: 'approved', limit: 1 });
      /** A press of one of the review reminder's buttons. */
      const press = (review: { delivery: Delivery }, actionId: string, userId = REQUESTER) =>
        engine.act({
          tenant,
          actor: { userId },
          conversationId: review.delivery.conversationId as string,
          actionId,
          stamp: review.delivery.stamp as NonNullable<Delivery['stamp']>,
        });
      return { clock, tenant, engine, posted, scheduler, reviews, press, planId: plan?.id as string, requester };
    }

    /** The review reminder that was posted, and a press of one of its buttons by `userId`. */
    function reminderOf(posted: { to: Recipient; delivery: Delivery }[]) {
      const review = posted.find((p) => p.delivery.replies.some((r) => r.type === 'form' && r.stepId === 'review-due'));
      if (!review) throw new Error(`no review reminder among ${posted.length} post(s)`);
      return review;
    }

    it('schedules the review 90 days after approval and sends it exactly once when due', async () => {
      const { clock, posted, scheduler, reviews, planId } = await approvedPlan();
      const [due] = await reviews();
      expect(due).toMatchObject({
        state: 'due',
        subject: planId,
        dueAt: new Date(START.getTime() + 90 * DAY).toISOString(),
      });
      const a = scheduler();
      clock.now = new Date(START.getTime() + 89 * DAY);
      expect(await a.tick()).toMatchObject({ claimed: 0 });
      clock.now = new Date(START.getTime() + 90 * DAY);
      expect(await a.tick()).toMatchObject({ claimed: 1, sent: 1 });
      expect(await a.tick()).toMatchObject({ claimed: 0 });
      expect(await scheduler('replica-b').tick()).toMatchObject({ claimed: 0 });
      expect(posted).toHaveLength(1);
      const review = reminderOf(posted);
      expect(review.to).toEqual({ kind: 'user', userId: REQUESTER });
      const form = review.delivery.replies[0];
      expect(form).toMatchObject({
        type: 'form',
        actions: [{ label: 'Start review' }, { label: 'Snooze a week' }, { label: 'No changes' }],
      });
      expect((await reviews())[0]).toMatchObject({ state: 'sent', attempts: 1 });
    });

    it('snoozes a week: asks again seven days on, and records the snooze', async () => {
      const { clock, tenant, posted, scheduler, reviews, press, planId } = await approvedPlan();
      clock.now = new Date(START.getTime() + 90 * DAY);
      await scheduler().tick();
      const review = reminderOf(posted);
      const pressedAt = clock.now;
      const snoozed = await press(review, 'snooze');
      expect(snoozed).toMatchObject({ outcome: 'finished', replies: [{ text: expect.stringMatching(/in a week/) }] });
      const next = (await reviews()).find((r) => r.state === 'due');
      expect(next?.dueAt).toBe(new Date(pressedAt.getTime() + 7 * DAY).toISOString());
      const trail = await store.auditTrail.list({ tenant });
      expect(trail.map((e) => e.kind)).toContain('review.snoozed');
      expect(trail.find((e) => e.kind === 'review.snoozed')).toMatchObject({ actor: REQUESTER, subject: planId });
      posted.length = 0;
      clock.now = new Date(pressedAt.getTime() + 7 * DAY);
      expect(await scheduler().tick()).toMatchObject({ sent: 1 });
      expect(reminderOf(posted).to).toEqual({ kind: 'user', userId: REQUESTER });
    });

    it('"No changes" records the review in the audit trail and schedules the next one', async () => {
      const { clock, tenant, posted, scheduler, reviews, press, planId } = await approvedPlan();
      clock.now = new Date(START.getTime() + 90 * DAY);
      await scheduler().tick();
      const review = reminderOf(posted);
      const result = await press(review, 'no-changes');
      expect(result).toMatchObject({
        outcome: 'finished',
        replies: [{ text: expect.stringMatching(/next review is in 90 days/) }],
      });
      const done = (await store.auditTrail.list({ tenant })).find((e) => e.kind === 'review.done');
      expect(done).toMatchObject({ actor: REQUESTER, subject: planId, data: { outcome: 'no changes' } });
      const next = (await reviews()).find((r) => r.state === 'due');
      expect(next?.dueAt).toBe(new Date(clock.now.getTime() + 90 * DAY).toISOString());
    });

    it('only the plan’s owner answers the reminder; anyone else is told and nothing changes', async () => {
      const { clock, posted, scheduler, reviews, press } = await approvedPlan();
      clock.now = new Date(START.getTime() + 90 * DAY);
      await scheduler().tick();
      const review = reminderOf(posted);
      const result = await press(review, 'no-changes', 'U-STRANGER');
      expect(result.outcome).toBe('forbidden');
      expect((await reviews()).filter((r) => r.state === 'due')).toHaveLength(0);
    });

    it('Start review reopens the interview with the last answers; confirming shows the diff and submits the new plan', async () => {
      const { clock, tenant, posted, scheduler, press, planId, requester } = await approvedPlan();
      clock.now = new Date(START.getTime() + 90 * DAY);
      await scheduler().tick();
      const review = reminderOf(posted);
      posted.length = 0;
      const started = await press(review, 'start-review');
      expect(started.outcome).toBe('finished');
      expect((await store.auditTrail.list({ tenant })).map((e) => e.kind)).toContain('review.started');
      const reopened = await requester.open();
      expect(reopened.resumed).toBe(true);
      expect(reopened.state).toBe('review');
      expect(JSON.stringify(reopened.replies)).toContain(`Review of ${planId}`);
      const confirmed = await requester.act(reopened, 'confirm');
      expect(confirmed.outcome).toBe('finished');
      const text = confirmed.replies.map((r) => ('text' in r ? r.text : '')).join('\n');
      expect(text).toContain(`Changes since the approved plan ${planId}`);
      expect(text).toMatch(/Sent to the security team for approval/);
      await vi.waitFor(() =>
        expect(posted.some((p) => p.delivery.replies.some((r) => r.type === 'approval-request'))).toBe(true),
      );
    });

    it('waits for the owner’s working hours: a reminder due at 19:00 in Tokyo goes out the next morning at 09:00 Tokyo time', async () => {
      const { clock, posted, scheduler, reviews } = await approvedPlan({ timeZones: { [REQUESTER]: 'Asia/Tokyo' } });
      // 90 days after START is Monday 2027-03-01 10:00 UTC = 19:00 in Tokyo: after hours.
      clock.now = new Date(START.getTime() + 90 * DAY);
      expect(await scheduler().tick()).toMatchObject({ claimed: 1, deferred: 1, sent: 0 });
      const [deferred] = await reviews();
      expect(deferred).toMatchObject({ state: 'due', attempts: 0, dueAt: '2027-03-02T00:00:00.000Z' }); // Tue 09:00 JST
      clock.now = new Date('2027-03-01T23:59:00Z');
      expect(await scheduler().tick()).toMatchObject({ claimed: 0 });
      clock.now = new Date('2027-03-02T00:00:00Z');
      expect(await scheduler().tick()).toMatchObject({ sent: 1 });
      expect(posted).toHaveLength(1);
    });

    it('a scheduler that dies between claim and send leaves the reminder to another, sent once', async () => {
      const { clock, posted, scheduler, reviews } = await approvedPlan();
      clock.now = new Date(START.getTime() + 90 * DAY);
      // Replica A claims and dies before sending: its lease holds the item for five minutes.
      const claimed = await store.reminders.claim({
        now: clock.now.toISOString(),
        owner: 'replica-dead',
        leaseMs: 5 * 60_000,
        limit: 10,
      });
      expect(claimed.map((r) => r.kind)).toEqual([REMINDER_KINDS.reviewDue]);
      expect(await scheduler('replica-b').tick()).toMatchObject({ claimed: 0 });
      clock.now = new Date(clock.now.getTime() + 5 * 60_000 + 1);
      expect(await scheduler('replica-b').tick()).toMatchObject({ claimed: 1, sent: 1 });
      expect(posted).toHaveLength(1);
      // The dead replica's late completion is fenced off: the item stays as replica B left it.
      expect(
        await store.reminders.complete(claimed[0]?.tenant as Tenant, claimed[0]?.id as string, 'replica-dead'),
      ).toBe(false);
      expect((await reviews())[0]).toMatchObject({ state: 'sent', attempts: 2 });
    });

    it('a failed send is retried with backoff, then reported when the last attempt fails', async () => {
      const { clock, engine, reviews } = await approvedPlan();
      const failures: { final: boolean }[] = [];
      const failing = new Scheduler({
        store,
        now: () => clock.now,
        maxAttempts: 3,
        handlers: {
          ...reminderHandlers({ engine, store, timeZoneOf: async () => undefined }),
          [REMINDER_KINDS.reviewDue]: async () => {
            throw new Error('Slack said: channel_not_found');
          },
        },
        onFailure: (_r, _e, final) => failures.push({ final }),
      });
      clock.now = new Date(START.getTime() + 90 * DAY);
      expect(await failing.tick()).toMatchObject({ failed: 1 });
      const [first] = await reviews();
      expect(first).toMatchObject({ state: 'due', attempts: 1, lastError: 'Slack said: channel_not_found' });
      expect(first?.dueAt).toBe(new Date(clock.now.getTime() + 60_000).toISOString());
      expect(await failing.tick()).toMatchObject({ claimed: 0 }); // backing off
      clock.now = new Date(clock.now.getTime() + 60_000);
      await failing.tick();
      clock.now = new Date(clock.now.getTime() + 120_000);
      await failing.tick();
      expect(failures).toEqual([{ final: false }, { final: false }, { final: true }]);
      expect((await reviews())[0]).toMatchObject({ state: 'failed', attempts: 3 });
      clock.now = new Date(clock.now.getTime() + 10 * DAY);
      expect(await failing.tick()).toMatchObject({ claimed: 0 });
    });

    it('/keyplan review opens the interview with the approved plan’s answers at any time, without losing one under way', async () => {
      const { tenant, engine, planId, requester } = await approvedPlan();
      const colleague = { userId: 'U-COLLEAGUE' };
      const review = await openReview(engine, store, { tenant, actor: colleague });
      expect(review).toMatchObject({ state: 'review' });
      expect(review.resumed).toBeFalsy();
      expect(JSON.stringify(review.replies)).toContain(`Review of ${planId}`);
      expect((await store.auditTrail.list({ tenant })).find((e) => e.kind === 'review.started')).toMatchObject({
        actor: colleague.userId,
        subject: planId,
      });
      // The requester is mid-way through another interview: it is returned, not replaced.
      const other = await requester.open({ fresh: true });
      const again = await openReview(engine, store, { tenant, actor: { userId: REQUESTER }, planId });
      expect(again).toMatchObject({ resumed: true, conversationId: other.conversationId, state: other.state });
      expect(again.replies[0]).toMatchObject({ tone: 'warning', text: expect.stringMatching(/interview under way/) });
      await expect(openReview(engine, store, { tenant, actor: colleague, planId: 'nope/v9' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/no plan nope\/v9/),
      });
      const empty: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
      await expect(openReview(engine, store, { tenant: empty, actor: colleague })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/no key plan to review yet/),
      });
    });
  });
}

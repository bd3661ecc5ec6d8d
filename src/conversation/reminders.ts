import { Cron } from 'croner';
import { z } from 'zod';
import { APPROVAL_FLOW } from '../../flows/approval.machine.js';
import { REVIEW_FLOW, type ReviewInput } from '../../flows/review.machine.js';
import type { HandlerOutcome, ReminderHandler } from '../scheduler/scheduler.js';
import { knownTimeZone, nextWorkingTime } from '../scheduler/working-hours.js';
import type { Repositories, Store, Tenant } from '../store/index.js';
import { record } from './audit-log.js';
import type { ConversationEngine } from './engine.js';
import { readEnvelope } from './envelope.js';
import { readSettings, type WorkspaceSettings } from './workspace-settings.js';

/** The kinds of reminder keyplan keeps, each with its handler below. */
export const REMINDER_KINDS = {
  reviewDue: 'review-due',
  approvalNudge: 'approval-nudge',
  approvalExpiry: 'approval-expiry',
} as const;

/** An approval waiting this long gets a nudge in the security channel. */
export const NUDGE_AFTER_MS = 2 * 86_400_000;
export const SNOOZE_MS = 7 * 86_400_000;

const ReviewData = z.object({
  planId: z.string(),
  profileId: z.string(),
  organization: z.string(),
  owner: z.string(),
  intervalDays: z.number().int(),
});
const ApprovalData = z.object({
  approvalId: z.string(),
  planId: z.string(),
  organization: z.string(),
  requester: z.string(),
});

type ReviewSubject = Omit<z.infer<typeof ReviewData>, 'intervalDays'>;

/** When the next review is due: the workspace's cron schedule, or its interval from now. */
export function nextReviewAt(settings: WorkspaceSettings, now: Date): Date {
  if (settings.reviewCron) {
    const next = new Cron(settings.reviewCron, { paused: true, timezone: 'UTC' }).nextRun(now);
    if (next) return next;
  }
  return new Date(now.getTime() + settings.reviewIntervalDays * 86_400_000);
}

/**
 * Schedules the next strategy review of a plan (once approved, or confirmed where no approval is
 * needed). Only where keyplan can reach people: the terminal has no channel to remind through.
 */
export async function scheduleReview(
  tx: Repositories,
  tenant: Tenant,
  subject: ReviewSubject,
  now: Date,
  at?: Date,
): Promise<void> {
  if (tenant.platform === 'console') return;
  const settings = readSettings((await tx.settings.get(tenant))?.settings);
  const dueAt = at ?? nextReviewAt(settings, now);
  await tx.reminders.schedule({
    tenant,
    id: `review:${subject.planId}:${dueAt.toISOString()}`,
    kind: REMINDER_KINDS.reviewDue,
    subject: subject.planId,
    data: { ...subject, intervalDays: settings.reviewIntervalDays },
    dueAt: dueAt.toISOString(),
  });
}

/** An approval request's nudge (after two days) and expiry, both about the approval conversation. */
export async function scheduleApprovalReminders(
  tx: Repositories,
  tenant: Tenant,
  approval: z.infer<typeof ApprovalData> & { expiresAt: string },
  now: Date,
): Promise<void> {
  const data = {
    approvalId: approval.approvalId,
    planId: approval.planId,
    organization: approval.organization,
    requester: approval.requester,
  };
  const nudgeAt = new Date(now.getTime() + NUDGE_AFTER_MS).toISOString();
  if (nudgeAt < approval.expiresAt) {
    await tx.reminders.schedule({
      tenant,
      id: `nudge:${approval.approvalId}`,
      kind: REMINDER_KINDS.approvalNudge,
      subject: approval.approvalId,
      data,
      dueAt: nudgeAt,
    });
  }
  await tx.reminders.schedule({
    tenant,
    id: `expiry:${approval.approvalId}`,
    kind: REMINDER_KINDS.approvalExpiry,
    subject: approval.approvalId,
    data,
    dueAt: approval.expiresAt,
  });
}

export interface ReminderDeps {
  engine: ConversationEngine;
  store: Store;
  /** A person's time zone: what the platform or an earlier activity said; undefined means UTC. */
  timeZoneOf(tenant: Tenant, userId: string): Promise<string | undefined>;
}

async function stillPending(store: Store, tenant: Tenant, approvalId: string): Promise<boolean> {
  const conversation = await store.conversations.get(tenant, approvalId);
  if (conversation?.status !== 'active') return false;
  const read = readEnvelope(conversation.snapshot);
  return read.ok && read.envelope.machine.value === 'pending';
}

/** What the scheduler does with each kind of reminder. */
export function reminderHandlers(deps: ReminderDeps): Record<string, ReminderHandler> {
  const { engine, store } = deps;
  return {
    [REMINDER_KINDS.reviewDue]: async (reminder, now): Promise<HandlerOutcome> => {
      const data = ReviewData.parse(reminder.data);
      const [plan] = await store.plans.list(reminder.tenant, { id: data.planId, limit: 1 });
      if (!plan || plan.status === 'superseded') return { outcome: 'skipped', why: 'the plan was superseded' };
      const zone = knownTimeZone(await deps.timeZoneOf(reminder.tenant, data.owner)) ?? 'UTC';
      const when = nextWorkingTime(now, zone);
      if (when.getTime() > now.getTime()) return { outcome: 'deferred', until: when };
      const input: ReviewInput = { ...data, dueAt: reminder.dueAt };
      await engine.start({
        tenant: reminder.tenant,
        flow: REVIEW_FLOW,
        input,
        ownerId: data.owner,
        // One review conversation per reminder: a retried send reuses it rather than starting another.
        conversationId: `review-${reminder.id}`.replace(/[^A-Za-z0-9:._-]+/g, '-').slice(0, 255),
        deliverTo: { kind: 'user', userId: data.owner },
      });
      await store.withLock(reminder.tenant, 'reminders', (tx) =>
        record(tx, reminder.tenant, {
          actor: 'keyplan',
          kind: 'reminder.sent',
          subject: data.planId,
          data: { kind: reminder.kind, to: data.owner },
        }),
      );
      return { outcome: 'sent' };
    },

    [REMINDER_KINDS.approvalNudge]: async (reminder): Promise<HandlerOutcome> => {
      const data = ApprovalData.parse(reminder.data);
      if (!(await stillPending(store, reminder.tenant, data.approvalId))) {
        return { outcome: 'skipped', why: 'the request was decided' };
      }
      const settings = readSettings((await store.settings.get(reminder.tenant))?.settings);
      if (!settings.securityChannel) return { outcome: 'skipped', why: 'no security channel' };
      await engine.notify(
        reminder.tenant,
        { kind: 'channel', channelId: settings.securityChannel },
        {
          type: 'message',
          tone: 'warning',
          text: `Still waiting for a decision: the key plan ${data.planId} of ${data.organization}, asked for by ${data.requester}. Its request is in this channel.`,
        },
      );
      await store.withLock(reminder.tenant, 'reminders', (tx) =>
        record(tx, reminder.tenant, {
          actor: 'keyplan',
          kind: 'reminder.sent',
          subject: data.planId,
          data: { kind: reminder.kind },
        }),
      );
      return { outcome: 'sent' };
    },

    [REMINDER_KINDS.approvalExpiry]: async (reminder): Promise<HandlerOutcome> => {
      const data = ApprovalData.parse(reminder.data);
      const result = await engine.signal(reminder.tenant, data.approvalId, { type: 'EXPIRE' });
      return result.outcome === 'finished'
        ? { outcome: 'sent' }
        : { outcome: 'skipped', why: 'the request was decided' };
    },
  };
}

export { APPROVAL_FLOW };

import { z } from 'zod';
import { reviewFlow } from '../../flows/review/flow.js';
import { reopenInterview } from './approval-effects.js';
import { record } from './audit-log.js';
import type { Effect, FlowRegistration } from './registry.js';
import { SNOOZE_MS, scheduleReview } from './reminders.js';
import { reviewNotice } from './review-start.js';

const About = z.object({ planId: z.string(), profileId: z.string(), organization: z.string(), owner: z.string() });

const started: Effect = async (emitted, context) => {
  const { planId } = z.object({ planId: z.string() }).parse(emitted);
  await reopenInterview(context, planId, reviewNotice(planId));
  await record(context.tx, context.tenant, { actor: context.actor.userId, kind: 'review.started', subject: planId });
  return {};
};

const snoozed: Effect = async (emitted, context) => {
  const about = About.parse(emitted);
  await scheduleReview(context.tx, context.tenant, about, context.now, new Date(context.now.getTime() + SNOOZE_MS));
  await record(context.tx, context.tenant, {
    actor: context.actor.userId,
    kind: 'review.snoozed',
    subject: about.planId,
  });
  return {};
};

const unchanged: Effect = async (emitted, context) => {
  const about = About.parse(emitted);
  await record(context.tx, context.tenant, {
    actor: context.actor.userId,
    kind: 'review.done',
    subject: about.planId,
    data: { outcome: 'no changes' },
  });
  await scheduleReview(context.tx, context.tenant, about, context.now);
  return {};
};

/** The review reminder with what its buttons do: reopen the interview, snooze, or record no changes. */
export const reviewRegistration: FlowRegistration = {
  flow: reviewFlow,
  effects: { REVIEW_STARTED: started, REVIEW_SNOOZED: snoozed, REVIEW_UNCHANGED: unchanged },
};

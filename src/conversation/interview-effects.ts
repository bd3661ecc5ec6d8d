import { z } from 'zod';
import type { Draft } from '../../flows/interview/draft.js';
import { interviewFlow } from '../../flows/interview/flow.js';
import { planOf } from '../../flows/interview/view.js';
import { INTERVIEW_FLOW } from '../../flows/interview.machine.js';
import type { Reply } from '../../flows/replies.js';
import { describeDiff, diffPlans, KeyplanError, PlanSchema, recommend, validateProfile } from '../core/index.js';
import { submitForApproval } from './approval-effects.js';
import { record } from './audit-log.js';
import { planHash } from './plan-hash.js';
import type { Effect, FlowRegistration } from './registry.js';

const Confirmed = z.object({ type: z.literal('INTERVIEW_CONFIRMED'), draft: z.object({}).passthrough() });

/** A profile's identity within a tenant: re-running the interview for the same organisation versions it. */
export function profileIdOf(draft: Draft): string {
  return (
    (draft.organization?.name ?? 'profile')
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'profile'
  );
}

/**
 * The confirmed answers become a profile version and its plan, in the turn's transaction, recorded
 * in the audit trail; a plan that needs the security team's sign-off goes to them.
 */
const storePlan: Effect = async (emitted, context) => {
  const { tx, tenant, ownerId } = context;
  const draft = Confirmed.parse(emitted).draft as unknown as Draft;
  const result = validateProfile(draft);
  if (!result.ok) {
    throw new KeyplanError('PROFILE_INVALID', 'the interview was confirmed with an invalid profile', result.issues);
  }
  const profileId = profileIdOf(draft);
  // A review: the approved plan's keys stay where the answers still fit them (DESIGN §4.2, issue 14).
  const [approved] = await tx.plans.list(tenant, { profileId, status: 'approved', limit: 1 });
  const previous = approved ? PlanSchema.parse(approved.plan) : undefined;
  const plan = previous ? recommend(result.profile, { previous }) : (planOf(draft) ?? recommend(result.profile));
  const profile = await tx.profiles.saveVersion(tenant, profileId, draft, ownerId);
  const planId = `${profileId}/v${profile.version}`;
  await tx.plans.save({ tenant, id: planId, profileId, profileVersion: profile.version, plan, status: 'draft' });
  await record(tx, tenant, {
    actor: ownerId,
    kind: 'interview.completed',
    subject: context.conversationId,
    data: { profileId },
  });
  await record(tx, tenant, {
    actor: ownerId,
    kind: 'plan.generated',
    subject: planId,
    data: { planHash: planHash(plan), keys: plan.counts.recommended, governance: plan.governance.model },
  });
  const submitted = await submitForApproval(context, plan, { planId, profileId });
  const changes: Reply[] =
    approved && previous
      ? [
          {
            type: 'message',
            tone: 'info',
            text: [
              `Changes since the approved plan ${approved.id}:`,
              ...describeDiff(diffPlans(previous, plan), approved.id),
            ].join('\n'),
          },
        ]
      : [];
  return {
    ...submitted,
    replies: [...changes, ...(submitted.replies ?? [])],
    events: [{ type: 'PLAN_STORED', planId, plan }],
  };
};

/** The interview with what it needs from outside: storing the confirmed plan. */
export const interviewRegistration: FlowRegistration = {
  flow: interviewFlow,
  effects: { INTERVIEW_CONFIRMED: storePlan },
};

export { INTERVIEW_FLOW };

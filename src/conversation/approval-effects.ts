import { z } from 'zod';
import { approvalFlow } from '../../flows/approval/flow.js';
import { APPROVAL_FLOW, type ApprovalInput, type DecisionOutcome } from '../../flows/approval.machine.js';
import { INTERVIEW_FLOW } from '../../flows/interview.machine.js';
import type { Reply } from '../../flows/replies.js';
import {
  describeDiff,
  diffPlans,
  isKmsKeyTeamCreates,
  KeyplanError,
  type Plan,
  PlanSchema,
  slugOf,
} from '../core/index.js';
import type { PlanStatus, Repositories, Tenant } from '../store/index.js';
import { record } from './audit-log.js';
import { readEnvelope } from './envelope.js';
import { planHash, shortHash } from './plan-hash.js';
import type { Effect, EffectContext, EffectResult, FlowRegistration, Outbound } from './registry.js';
import { scheduleApprovalReminders, scheduleReview } from './reminders.js';
import { readSettings } from './workspace-settings.js';

const STATUS_OF: Record<DecisionOutcome, PlanStatus> = {
  approved: 'approved',
  'changes-requested': 'changes-requested',
  rejected: 'rejected',
  superseded: 'superseded',
  expired: 'expired',
};

const Requested = z.object({
  type: z.literal('DECISION_REQUESTED'),
  outcome: z.enum(['approved', 'changes-requested', 'rejected', 'superseded', 'expired']),
  reason: z.string().optional(),
  approvals: z.array(z.object({ by: z.string(), at: z.string() })),
  planId: z.string(),
  planHash: z.string(),
  profileId: z.string(),
  requester: z.string(),
  organization: z.string(),
  requiredApprovals: z.number().int().min(1),
});

const ApprovalContextSchema = z.object({ profileId: z.string() }).passthrough();

const message = (text: string, tone: 'info' | 'success' | 'warning' = 'info'): Reply => ({
  type: 'message',
  tone,
  text,
});

function tell(userId: string, text: string, tone: 'info' | 'success' | 'warning' = 'info'): Outbound {
  return {
    to: { kind: 'user', userId },
    delivery: { conversationId: null, stamp: null, replies: [message(text, tone)] },
  };
}

/**
 * A confirmed plan that needs the security team's sign-off (hybrid governance, or every plan where the
 * workspace says so) goes to the security channel as an approval conversation; an older request of
 * the same team's plan is superseded. Runs in the turn that stored the plan.
 */
export async function submitForApproval(
  context: EffectContext,
  plan: Plan,
  stored: { planId: string; profileId: string },
): Promise<EffectResult> {
  const { tx, tenant, ownerId } = context;
  const settings = readSettings((await tx.settings.get(tenant))?.settings);
  if (!(plan.governance.approvalRequired || settings.requireApproval) || tenant.platform === 'console') return {};
  if (!settings.securityChannel) {
    return {
      replies: [
        message(
          'This plan needs the central security team’s approval, but this workspace has no security channel yet: a keyplan admin sets one with config security-channel. The plan is stored as a draft until then.',
          'warning',
        ),
      ],
    };
  }
  const hash = planHash(plan);
  await tx.plans.updateStatus(tenant, stored.planId, 'draft', 'pending');
  const [previous] = await tx.plans.list(tenant, { profileId: stored.profileId, status: 'approved', limit: 1 });
  const previousPlan = previous ? PlanSchema.parse(previous.plan) : null;
  const twoFor = new Set(settings.twoApproverClassifications.map(slugOf));
  const now = context.now;
  const input: ApprovalInput = {
    plan,
    planId: stored.planId,
    planHash: hash,
    profileId: stored.profileId,
    organization: plan.organization,
    requester: ownerId,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + settings.approvalExpiryDays * 86_400_000).toISOString(),
    diff: describeDiff(
      diffPlans(previousPlan, plan),
      previous ? `the approved plan ${previous.id}` : 'no approved plan (this is the first)',
    ),
    requiredApprovals: plan.keys.some((k) => isKmsKeyTeamCreates(k) && twoFor.has(slugOf(k.classification))) ? 2 : 1,
  };
  const older = await pendingApprovalsOf(tx, tenant, stored.profileId);
  const { conversationId, delivery } = await context.startFlow(APPROVAL_FLOW, input, ownerId);
  await scheduleApprovalReminders(
    tx,
    tenant,
    {
      approvalId: conversationId,
      planId: stored.planId,
      organization: plan.organization,
      requester: ownerId,
      expiresAt: input.expiresAt,
    },
    now,
  );
  await record(tx, tenant, {
    actor: ownerId,
    kind: 'plan.submitted',
    subject: stored.planId,
    data: { planHash: hash, approval: conversationId, requiredApprovals: input.requiredApprovals },
  });
  return {
    outbound: [{ to: { kind: 'channel', channelId: settings.securityChannel }, delivery, trackFor: conversationId }],
    signals: older.map((id) => ({ conversationId: id, event: { type: 'SUPERSEDE', by: stored.planId } })),
    replies: [
      message(
        `Sent to the security team for approval (plan hash ${shortHash(hash)}). You will be told here when they decide.`,
        'success',
      ),
    ],
  };
}

/** The approval conversations still waiting on a plan of this profile. */
async function pendingApprovalsOf(tx: Repositories, tenant: Tenant, profileId: string): Promise<string[]> {
  const active = await tx.conversations.listActive(APPROVAL_FLOW, { tenant });
  return active
    .filter((conversation) => {
      const read = readEnvelope(conversation.snapshot);
      const parsed = ApprovalContextSchema.safeParse(read.ok ? read.envelope.machine.context : undefined);
      return parsed.success && parsed.data.profileId === profileId;
    })
    .map((conversation) => conversation.id);
}

/** A plan's answers in a new interview for its author, with a notice (changes asked for, a review). */
export async function reopenInterview(context: EffectContext, planId: string, notice: string): Promise<void> {
  const { tx, tenant } = context;
  const [plan] = await tx.plans.list(tenant, { id: planId, limit: 1 });
  if (!plan) return;
  const profile = await tx.profiles.get(tenant, plan.profileId, plan.profileVersion);
  if (!profile) return;
  await context.startFlow(INTERVIEW_FLOW, { profile: profile.answers, notice }, plan.author);
}

const decide: Effect = async (emitted, context) => {
  const request = Requested.parse(emitted);
  const { tx, tenant, actor, now } = context;
  const by = actor.userId;
  const at = now.toISOString();
  const { outcome } = request;
  if (outcome === 'approved' && request.approvals.some((a) => a.by === by)) {
    return {
      events: [{ type: 'DECISION_REFUSED', message: 'You approved this plan already; it needs another approver.' }],
    };
  }
  const approvals = outcome === 'approved' ? [...request.approvals, { by, at }] : request.approvals;
  if (outcome === 'approved' && approvals.length < request.requiredApprovals) {
    await record(tx, tenant, {
      actor: by,
      kind: 'approval.approved',
      subject: request.planId,
      data: { planHash: request.planHash, approvals: approvals.length, required: request.requiredApprovals },
    });
    return { events: [{ type: 'APPROVAL_COUNTED', approvals }] };
  }
  const deciders = outcome === 'approved' ? approvals.map((a) => a.by) : [by];
  const approval =
    outcome === 'approved' ? { approvedBy: deciders, approvedAt: at, planHash: request.planHash } : undefined;
  try {
    // The compare-and-set that makes two racing decisions one: only a pending plan can be decided.
    await tx.plans.updateStatus(tenant, request.planId, 'pending', STATUS_OF[outcome], approval);
  } catch (error) {
    if (!(error instanceof KeyplanError && error.code === 'STORE_CONFLICT')) throw error;
    return {
      events: [
        { type: 'DECISION_REFUSED', message: `This plan is no longer waiting for a decision (${error.message}).` },
      ],
    };
  }
  // Decided: its nudge and expiry are moot; an approved plan is reviewed periodically from now on.
  await tx.reminders.cancel(tenant, context.conversationId);
  if (outcome === 'approved') {
    await scheduleReview(
      tx,
      tenant,
      {
        planId: request.planId,
        profileId: request.profileId,
        organization: request.organization,
        owner: request.requester,
      },
      now,
    );
  }
  await record(tx, tenant, {
    actor: by,
    kind: `approval.${outcome}`,
    subject: request.planId,
    data: { planHash: request.planHash, ...(request.reason ? { reason: request.reason } : {}), deciders },
  });
  const outbound: Outbound[] = [];
  const reason = request.reason ? `: “${request.reason}”` : '';
  if (outcome === 'approved') {
    outbound.push(
      tell(
        request.requester,
        `Your key plan ${request.planId} was approved by ${deciders.join(' and ')} (plan hash ${shortHash(request.planHash)}). Its exports now carry the approval.`,
        'success',
      ),
    );
  } else if (outcome === 'changes-requested') {
    await reopenInterview(
      context,
      request.planId,
      `Changes requested by ${by}: “${request.reason ?? ''}”. Your answers are loaded: change them and confirm.`,
    );
    outbound.push(
      tell(
        request.requester,
        `${by} asked for changes to your key plan ${request.planId}${reason}. Your interview is open again with your answers: continue it to change them.`,
        'warning',
      ),
    );
  } else if (outcome === 'rejected') {
    outbound.push(tell(request.requester, `${by} rejected your key plan ${request.planId}${reason}.`, 'warning'));
  } else if (outcome === 'expired') {
    outbound.push(
      tell(
        request.requester,
        `Nobody decided on your key plan ${request.planId} in time, so the request expired. Confirm the plan again to ask once more.`,
        'warning',
      ),
    );
  }
  return {
    events: [{ type: 'DECIDED', outcome, by: deciders, at, ...(request.reason ? { reason: request.reason } : {}) }],
    outbound,
  };
};

/** The approval flow with what it needs from outside: decisions recorded, refused clicks recorded. */
export const approvalRegistration: FlowRegistration = {
  flow: approvalFlow,
  effects: { DECISION_REQUESTED: decide },
  onForbidden: async ({ tx, tenant, actor, conversationId, ownerId }) => {
    await record(tx, tenant, {
      actor: actor.userId,
      kind: 'approval.refused-click',
      subject: conversationId,
      data: { reason: actor.userId === ownerId ? 'requester' : 'not an approver' },
    });
  },
};

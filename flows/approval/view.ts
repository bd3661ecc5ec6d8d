import type { ApprovalSnapshot, DecisionOutcome } from '../approval.machine.js';
import { planSummary } from '../plan-summary.js';
import type { ApprovalRequestReply, FormField, Reply, ReplyAction } from '../replies.js';

const OUTCOME_WORDS: Record<DecisionOutcome, string> = {
  approved: 'Approved',
  'changes-requested': 'Changes requested',
  rejected: 'Rejected',
  superseded: 'Superseded by a newer plan',
  expired: 'Expired without a decision',
};

const REASON: FormField = {
  id: 'reason',
  label: 'Reason (what should the team change?)',
  kind: 'text',
  required: true,
  explain: 'The team sees it with the decision; for changes, their interview reopens with it shown.',
};

const ACTIONS: ReplyAction[] = [
  { id: 'approve', label: 'Approve', style: 'primary', event: { type: 'APPROVE' } },
  {
    id: 'request-changes',
    label: 'Request changes',
    event: { type: 'REQUEST_CHANGES', values: {} },
    submitsForm: true,
    asks: ['reason'],
  },
  {
    id: 'reject',
    label: 'Reject',
    style: 'danger',
    event: { type: 'REJECT', values: {} },
    submitsForm: true,
    asks: ['reason'],
  },
];

/** The approval as the security channel sees it: the request with its buttons, then the decision. */
export function approvalView(snapshot: ApprovalSnapshot): Reply[] {
  const { context } = snapshot;
  const summary = planSummary(context.plan, context.planId);
  const { decision } = context;
  const pending = snapshot.value === 'pending';
  const reason = context.errors.reason;
  const refused = context.errors.decision;
  const reply: ApprovalRequestReply = {
    type: 'approval-request',
    planId: context.planId,
    organization: context.organization,
    planHash: context.planHash,
    requester: context.requester,
    headline: decision
      ? `${OUTCOME_WORDS[decision.outcome]}: the key plan of ${context.organization} (${context.planId})`
      : `Approve the key plan of ${context.organization} (${context.planId})?`,
    lines: [
      summary.headline,
      ...summary.lines,
      `Requested ${context.requestedAt}; ${context.requiredApprovals === 2 ? 'two approvers are needed' : 'one approver decides'}; the request expires ${context.expiresAt}.`,
    ],
    changes: context.diff,
    approvals: context.approvals,
    decision,
    fields: pending ? [{ ...REASON, ...(reason ? { error: reason } : {}) }] : [],
    actions: pending ? ACTIONS : [],
    ...(context.notice || refused ? { notice: [refused, context.notice].filter(Boolean).join(' ') } : {}),
    plan: context.plan,
    attachments: [],
  };
  return [reply];
}

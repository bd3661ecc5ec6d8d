import { assign, emit, type SnapshotFrom, setup } from 'xstate';
import type { Plan } from '../src/core/index.js';

export const APPROVAL_FLOW = 'approval';
/** Bump when a change makes older snapshots unreadable. */
export const APPROVAL_MACHINE_VERSION = 1;

export type DecisionOutcome = 'approved' | 'changes-requested' | 'rejected' | 'superseded' | 'expired';

/** What an approval request is about: one stored plan, by its content hash. */
export interface ApprovalInput {
  plan: Plan;
  planId: string;
  planHash: string;
  profileId: string;
  organization: string;
  /** Who confirmed the plan: they may not approve it themselves. */
  requester: string;
  requestedAt: string;
  expiresAt: string;
  /** What changed since the team's last approved plan, in words. */
  diff: string[];
  /** 2 when the plan holds data of a classification the workspace wants two approvers for. */
  requiredApprovals: number;
}

export interface ApprovalContext extends ApprovalInput {
  approvals: { by: string; at: string }[];
  decision: { outcome: DecisionOutcome; by: string[]; at: string; reason?: string } | null;
  /** A one-off message for the next view (e.g. one approval of two given, or why a click was refused). */
  notice: string | null;
  /** The reason a request for changes or a rejection needs. */
  errors: Record<string, string>;
}

export type ApprovalEvent =
  | { type: 'APPROVE' }
  | { type: 'REQUEST_CHANGES'; values: Record<string, unknown> }
  | { type: 'REJECT'; values: Record<string, unknown> }
  /** From keyplan itself: the team confirmed a newer plan; this one can no longer be decided. */
  | { type: 'SUPERSEDE'; by: string }
  /** From keyplan itself: nobody decided in time. */
  | { type: 'EXPIRE' }
  /** The engine recorded the decision (plan status, audit trail) and answers with who and when. */
  | { type: 'DECIDED'; outcome: DecisionOutcome; by: string[]; at: string; reason?: string }
  /** One approval of the two needed was recorded. */
  | { type: 'APPROVAL_COUNTED'; approvals: { by: string; at: string }[] }
  /** The decision could not be recorded (an approver clicking twice, the plan changed meanwhile). */
  | { type: 'DECISION_REFUSED'; message: string };

export type ApprovalEmitted = {
  type: 'DECISION_REQUESTED';
  outcome: DecisionOutcome;
  reason?: string;
  approvals: { by: string; at: string }[];
  planId: string;
  planHash: string;
  profileId: string;
  requester: string;
  organization: string;
  requiredApprovals: number;
};

const MAX_REASON = 1000;

function reasonOf(event: ApprovalEvent): string {
  if (event.type !== 'REQUEST_CHANGES' && event.type !== 'REJECT') return '';
  const reason = event.values.reason;
  return typeof reason === 'string' ? reason.trim() : '';
}

const approvalSetup = setup({
  types: {
    context: {} as ApprovalContext,
    events: {} as ApprovalEvent,
    emitted: {} as ApprovalEmitted,
    input: {} as ApprovalInput,
  },
  guards: {
    hasReason: ({ event }) => {
      const reason = reasonOf(event);
      return reason !== '' && reason.length <= MAX_REASON;
    },
  },
  actions: {
    refuseReason: assign(({ event }) => ({
      errors: {
        reason:
          reasonOf(event).length > MAX_REASON
            ? `keep the reason under ${MAX_REASON} characters`
            : 'say what the team should change, so they can act on it',
      },
      notice: null,
    })),
    requestDecision: emit(({ context, event }) => ({
      type: 'DECISION_REQUESTED' as const,
      outcome: (event.type === 'APPROVE'
        ? 'approved'
        : event.type === 'REQUEST_CHANGES'
          ? 'changes-requested'
          : event.type === 'REJECT'
            ? 'rejected'
            : event.type === 'SUPERSEDE'
              ? 'superseded'
              : 'expired') as DecisionOutcome,
      ...(reasonOf(event) ? { reason: reasonOf(event) } : {}),
      approvals: context.approvals,
      planId: context.planId,
      planHash: context.planHash,
      profileId: context.profileId,
      requester: context.requester,
      organization: context.organization,
      requiredApprovals: context.requiredApprovals,
    })),
    clear: assign({ errors: {}, notice: null }),
    recordDecision: assign(({ event }) =>
      event.type === 'DECIDED'
        ? {
            decision: {
              outcome: event.outcome,
              by: event.by,
              at: event.at,
              ...(event.reason ? { reason: event.reason } : {}),
            },
            notice: null,
          }
        : {},
    ),
    countApproval: assign(({ event }) =>
      event.type === 'APPROVAL_COUNTED'
        ? {
            approvals: event.approvals,
            notice: `Approved by ${event.approvals.map((a) => a.by).join(', ')}; this plan needs one more approver.`,
          }
        : {},
    ),
    refuseDecision: assign(({ event }) =>
      event.type === 'DECISION_REFUSED' ? { errors: { decision: event.message } } : {},
    ),
  },
});

const decidedAs =
  (outcome: DecisionOutcome) =>
  ({ event }: { event: ApprovalEvent }) =>
    event.type === 'DECIDED' && event.outcome === outcome;

/**
 * The sign-off of one plan under the hybrid model: pending until an approver decides (two where the
 * workspace asks for it), or the plan is superseded or expires. Deciding is the engine's job (plan
 * status, audit trail, messages): the machine asks for it and waits for the answer in the same turn.
 */
export const approvalMachine = approvalSetup.createMachine({
  id: APPROVAL_FLOW,
  context: ({ input }) => ({ ...input, approvals: [], decision: null, notice: null, errors: {} }),
  initial: 'pending',
  states: {
    pending: {
      on: {
        APPROVE: { target: 'deciding', actions: ['clear', 'requestDecision'] },
        REQUEST_CHANGES: [
          { guard: 'hasReason', target: 'deciding', actions: ['clear', 'requestDecision'] },
          { actions: 'refuseReason' },
        ],
        REJECT: [
          { guard: 'hasReason', target: 'deciding', actions: ['clear', 'requestDecision'] },
          { actions: 'refuseReason' },
        ],
        SUPERSEDE: { target: 'deciding', actions: ['clear', 'requestDecision'] },
        EXPIRE: { target: 'deciding', actions: ['clear', 'requestDecision'] },
      },
    },
    /** Waits for the engine's answer, which comes in the same turn. */
    deciding: {
      on: {
        DECIDED: [
          { guard: decidedAs('approved'), target: 'approved', actions: 'recordDecision' },
          { guard: decidedAs('changes-requested'), target: 'changesRequested', actions: 'recordDecision' },
          { guard: decidedAs('rejected'), target: 'rejected', actions: 'recordDecision' },
          { guard: decidedAs('superseded'), target: 'superseded', actions: 'recordDecision' },
          { target: 'expired', actions: 'recordDecision' },
        ],
        APPROVAL_COUNTED: { target: 'pending', actions: 'countApproval' },
        DECISION_REFUSED: { target: 'pending', actions: 'refuseDecision' },
      },
    },
    approved: { type: 'final' },
    changesRequested: { type: 'final' },
    rejected: { type: 'final' },
    superseded: { type: 'final' },
    expired: { type: 'final' },
  },
});

export type ApprovalSnapshot = SnapshotFrom<typeof approvalMachine>;
export type ApprovalState = ApprovalSnapshot['value'];

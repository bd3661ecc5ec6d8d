import { initialTransition } from 'xstate';
import {
  APPROVAL_FLOW,
  APPROVAL_MACHINE_VERSION,
  type ApprovalContext,
  type ApprovalInput,
  type ApprovalSnapshot,
  approvalMachine,
} from '../approval.machine.js';
import type { FlowDefinition, PersistedMachine } from '../flow.js';
import { approvalView } from './view.js';

const APPROVER = 'approver';

/**
 * The approval as the engine runs it: owned by who asked, decided by the workspace's approvers (never
 * the person who asked), and ended by keyplan itself when a newer plan supersedes it or it expires.
 */
export const approvalFlow: FlowDefinition<ApprovalSnapshot> = {
  id: APPROVAL_FLOW,
  version: APPROVAL_MACHINE_VERSION,
  machine: approvalMachine,
  start: (input) => initialTransition(approvalMachine, input as ApprovalInput)[0],
  restore: ({ value, context }) =>
    approvalMachine.resolveState({
      value: value as ApprovalSnapshot['value'],
      context: context as unknown as ApprovalContext,
    }),
  persist: (snapshot): PersistedMachine => ({ value: snapshot.value, context: { ...snapshot.context } }),
  // A request of an older version is asked again as it was: its plan and hash do not change.
  migrate: (persisted) => ({
    input: persisted?.context,
    notice: 'keyplan was updated since this request was made; it is shown again as it was.',
  }),
  stepOf: (snapshot) => String(snapshot.value),
  view: approvalView,
  rejection(snapshot) {
    const { errors } = snapshot.context;
    if (Object.keys(errors).length === 0) return null;
    const { decision, ...fields } = errors;
    return { fields, ...(decision ? { message: decision } : {}) };
  },
  status: (snapshot) => (snapshot.value === 'pending' || snapshot.value === 'deciding' ? 'active' : 'done'),
  mayAct: (actor, conversation) => actor.userId !== conversation.ownerId && actor.roles?.includes(APPROVER) === true,
  forbidden: (actor, conversation) =>
    actor.userId === conversation.ownerId
      ? 'You asked for this plan, so someone else must approve it; nothing was changed.'
      : 'Only the approvers this workspace names may decide on key plans; nothing was changed. An admin names them with config approvers.',
};

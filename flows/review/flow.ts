import { initialTransition } from 'xstate';
import type { FlowDefinition, PersistedMachine } from '../flow.js';
import type { Reply } from '../replies.js';
import {
  REVIEW_FLOW,
  REVIEW_MACHINE_VERSION,
  type ReviewInput,
  type ReviewSnapshot,
  reviewMachine,
} from '../review.machine.js';

function view(snapshot: ReviewSnapshot): Reply[] {
  const { context } = snapshot;
  switch (snapshot.value) {
    case 'started':
      return [
        {
          type: 'message',
          tone: 'success',
          text: `The review of ${context.organization}'s key plan (${context.planId}) is open with your last answers: open keyplan's interview to change what has changed, then confirm. keyplan shows what that changes in the plan.`,
        },
      ];
    case 'snoozed':
      return [
        { type: 'message', tone: 'info', text: `Snoozed: keyplan asks again about ${context.planId} in a week.` },
      ];
    case 'confirmed':
      return [
        {
          type: 'message',
          tone: 'success',
          text: `Recorded: nothing changed in ${context.organization}'s key strategy. The next review is in ${context.intervalDays} days.`,
        },
      ];
    default:
      return [
        {
          type: 'form',
          stepId: 'review-due',
          title: 'Time to review your key plan',
          help: `${context.organization}'s key plan (${context.planId}) is due for its periodic review: data, teams, accounts and regulations change, and the keys should follow. Start the review to go through your last answers; if nothing changed, say so and keyplan asks again in ${context.intervalDays} days.`,
          fields: [],
          actions: [
            { id: 'start-review', label: 'Start review', style: 'primary', event: { type: 'START_REVIEW' } },
            { id: 'snooze', label: 'Snooze a week', event: { type: 'SNOOZE' } },
            { id: 'no-changes', label: 'No changes', event: { type: 'NO_CHANGES' } },
          ],
        },
      ];
  }
}

/** The review reminder as the engine runs it: its owner answers it. */
export const reviewFlow: FlowDefinition<ReviewSnapshot> = {
  id: REVIEW_FLOW,
  version: REVIEW_MACHINE_VERSION,
  machine: reviewMachine,
  start: (input) => initialTransition(reviewMachine, input as ReviewInput)[0],
  restore: ({ value, context }) =>
    reviewMachine.resolveState({ value: value as ReviewSnapshot['value'], context: context as unknown as ReviewInput }),
  persist: (snapshot): PersistedMachine => ({ value: snapshot.value, context: { ...snapshot.context } }),
  migrate: (persisted) => ({ input: persisted?.context, notice: 'keyplan was updated; here is the reminder again.' }),
  stepOf: (snapshot) => String(snapshot.value),
  view,
  rejection: () => null,
  status: (snapshot) => (snapshot.value === 'waiting' ? 'active' : 'done'),
  mayAct: (actor, conversation) => actor.userId === conversation.ownerId,
  forbidden: () => 'This review belongs to the person who made the plan; nothing was changed.',
};

import { initialTransition, transition } from 'xstate';
import { z } from 'zod';
import type { FlowDefinition, PersistedMachine } from '../flow.js';
import {
  INTERVIEW_FLOW,
  INTERVIEW_MACHINE_VERSION,
  type InterviewContext,
  type InterviewSnapshot,
  interviewMachine,
  STEP_OF_STATE,
} from '../interview.machine.js';
import { type Draft, formKey } from './draft.js';
import { interviewView } from './view.js';

/** What opening an interview may carry: a profile to review, or the answers of an older version. */
const StartInput = z
  .object({
    profile: z.unknown().optional(),
    draft: z.record(z.string(), z.unknown()).optional(),
    /** Shown with the first view, e.g. the changes the security team asked for. */
    notice: z.string().max(2000).optional(),
  })
  .strict()
  .optional();

const ContextWithDraft = z.object({ draft: z.object({ applications: z.array(z.unknown()) }).passthrough() });

/** The form on screen (`environment-1-2`), or the state (`review`): what a view stamp names. */
function stepOf(snapshot: InterviewSnapshot): string {
  const step = STEP_OF_STATE[snapshot.value];
  return step ? formKey(step, snapshot.context.cursor) : snapshot.value;
}

/** The interview as the engine runs it: owned by the person who started it. */
export const interviewFlow: FlowDefinition<InterviewSnapshot> = {
  id: INTERVIEW_FLOW,
  version: INTERVIEW_MACHINE_VERSION,
  machine: interviewMachine,
  start(input) {
    const parsed = StartInput.parse(input);
    const draft = parsed?.draft as Draft | undefined;
    let [snapshot] = initialTransition(interviewMachine, draft ? { draft } : {});
    if (parsed?.profile !== undefined) {
      [snapshot] = transition(interviewMachine, snapshot, { type: 'LOAD_PROFILE', data: parsed.profile });
    }
    if (parsed?.notice) [snapshot] = transition(interviewMachine, snapshot, { type: 'NOTE', text: parsed.notice });
    return snapshot;
  },
  restore: ({ value, context }) =>
    interviewMachine.resolveState({
      value: value as InterviewSnapshot['value'],
      context: context as unknown as InterviewContext,
    }),
  // Value and context are the whole state: the machine has no children or history to keep.
  persist: (snapshot): PersistedMachine => ({ value: snapshot.value, context: { ...snapshot.context } }),
  migrate(persisted) {
    const old = ContextWithDraft.safeParse(persisted?.context);
    if (!old.success) {
      return {
        input: undefined,
        notice: 'This interview was saved in a form keyplan can no longer read, so it starts over.',
      };
    }
    return {
      input: { draft: old.data.draft },
      notice:
        'keyplan was updated since this interview was saved. Your answers are kept: walk through them again and confirm.',
    };
  },
  stepOf,
  view: interviewView,
  rejection(snapshot) {
    const { errors } = snapshot.context;
    if (Object.keys(errors).length === 0) return null;
    return { fields: errors };
  },
  status: (snapshot) => (snapshot.value === 'done' ? 'done' : snapshot.value === 'cancelled' ? 'cancelled' : 'active'),
  mayAct: (actor, conversation) => actor.userId === conversation.ownerId,
  forbidden: () =>
    'This interview belongs to someone else, so nothing was changed. Start an interview of your own to plan your keys.',
  abandon: { type: 'CANCEL' },
};

import { type Plan, recommend, validateProfile } from '../../src/core/index.js';
import type { InterviewSnapshot, InterviewState } from '../interview.machine.js';
import { STEP_OF_STATE } from '../interview.machine.js';
import { planSummary } from '../plan-summary.js';
import type { FormField, FormReply, Reply, ReplyAction } from '../replies.js';
import { CANCEL_ACTION } from './actions.js';
import type { Draft } from './draft.js';
import { reviewReply } from './review-view.js';
import { STEPS } from './steps.js';

/** What "add another" is called on each repeatable step. */
const ANOTHER: Partial<Record<InterviewState, string>> = {
  environment: 'Add another environment',
  dataSet: 'Add another data set',
};

const planned = new WeakMap<Draft, Plan>();

/** The plan of a finished interview; memoised per draft so the view and the engine recommend once. */
export function planOf(draft: Draft): Plan | undefined {
  const cached = planned.get(draft);
  if (cached) return cached;
  const result = validateProfile(draft);
  if (!result.ok) return undefined;
  const plan = recommend(result.profile);
  planned.set(draft, plan);
  return plan;
}

function formActions(snapshot: InterviewSnapshot, state: InterviewState): ReplyAction[] {
  const editing = snapshot.context.returnTo === 'review';
  const actions: ReplyAction[] = [
    {
      id: 'next',
      label: editing ? 'Save' : 'Next',
      style: 'primary',
      event: { type: 'SUBMIT', values: {} },
      submitsForm: true,
    },
  ];
  const another = ANOTHER[state];
  if (another && !editing) {
    actions.push({
      id: 'add-another',
      label: another,
      event: { type: 'SUBMIT', values: {}, addAnother: true },
      submitsForm: true,
    });
  }
  // Keeps what was typed without moving on: the terminal sends each answer this way as it is typed.
  actions.push({ id: 'save', label: 'Save for later', event: { type: 'ANSWER', values: {} }, submitsForm: true });
  if (snapshot.can({ type: 'BACK' })) actions.push({ id: 'back', label: 'Back', event: { type: 'BACK' } });
  actions.push(CANCEL_ACTION);
  return actions;
}

function formReply(snapshot: InterviewSnapshot): FormReply | undefined {
  const state = snapshot.value;
  const { context } = snapshot;
  const stepId = STEP_OF_STATE[state];
  if (!stepId) return undefined;
  const spec = STEPS[stepId];
  const typed = context.pending ?? {};
  const stepState = { draft: context.draft, cursor: context.cursor, answers: typed };
  const current = spec.values(stepState);
  const fields: FormField[] = spec.fields(stepState).map((field) => {
    const error = context.errors[field.id];
    const answered = field.id in typed && !error;
    const value = answered ? typed[field.id] : current[field.id];
    return {
      id: field.id,
      label: field.label,
      kind: field.kind,
      required: field.required,
      explain: field.explain,
      ...(field.help ? { help: field.help } : {}),
      ...(field.options ? { options: field.options.map(({ value: v, label }) => ({ value: v, label })) } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(field.suggested !== undefined ? { suggested: field.suggested } : {}),
      ...(error ? { error, ...(field.id in typed ? { rejected: typed[field.id] } : {}) } : {}),
      ...(answered ? { answered: true } : {}),
      ...(field.advanced ? { advanced: true } : {}),
      ...(field.askIf ? { askIf: field.askIf } : {}),
    };
  });
  // Errors that name no field of this form are about the whole form.
  const stray = Object.entries(context.errors).filter(([id]) => !fields.some((f) => f.id === id));
  const notice = [context.notice, ...stray.map(([, message]) => message)].filter(Boolean).join(' ');
  return {
    type: 'form',
    stepId,
    title: spec.title(stepState),
    help: spec.help,
    fields,
    actions: formActions(snapshot, state),
    ...(notice ? { notice } : {}),
    ...(context.returnTo === 'review' ? { editing: true } : {}),
  };
}

/** What the user sees: derived from the snapshot alone, so a restored conversation shows the same. */
export function interviewView(snapshot: InterviewSnapshot): Reply[] {
  const { context } = snapshot;
  switch (snapshot.value) {
    case 'cancelled':
      return [
        {
          type: 'message',
          tone: 'info',
          text: 'Interview cancelled; your answers are not used. Start a new interview whenever you are ready.',
        },
      ];
    case 'storing':
      return [{ type: 'message', tone: 'info', text: 'Storing your plan…' }];
    case 'done': {
      const plan = context.plan ?? planOf(context.draft);
      const profile = validateProfile(context.draft);
      if (!plan || !profile.ok) {
        return [{ type: 'message', tone: 'error', text: 'This interview finished without a valid plan.' }];
      }
      return [{ ...planSummary(plan, context.planId ?? undefined), profile: profile.profile }];
    }
    case 'review':
      return [reviewReply(snapshot)];
    default: {
      const form = formReply(snapshot);
      return form ? [form] : [];
    }
  }
}

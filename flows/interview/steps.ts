import type { Cursor, Draft } from './draft.js';
import {
  coerceAnswer,
  coerceValues,
  type FieldErrors,
  type StepSpec,
  type StepState,
  type StepValues,
  type SubmitResult,
} from './step-kit.js';
import { applicationStep, dataSetStep, environmentStep, moreApplicationsStep } from './steps-application.js';
import { classificationsStep, organizationStep } from './steps-organization.js';

export const STEPS = {
  organization: organizationStep,
  classifications: classificationsStep,
  application: applicationStep,
  environment: environmentStep,
  'data-set': dataSetStep,
  'more-applications': moreApplicationsStep,
} as const satisfies Record<string, StepSpec>;

export type StepId = keyof typeof STEPS;
export const STEP_IDS = Object.keys(STEPS) as StepId[];

/** The answers a submission stands for: what is stored, then what was typed so far, then what came now. */
function merged(spec: StepSpec, state: StepState, typed: Record<string, unknown>): Record<string, unknown> {
  const current = Object.fromEntries(Object.entries(spec.values(state)).filter(([, v]) => v !== undefined));
  return { ...current, ...typed };
}

/**
 * Coerce, then validate and apply one submission: the single path every adapter's answers take.
 * Fields left out keep their current answer (a terminal that did not ask an advanced question, a
 * form that shows only some), so nothing answered before is lost.
 */
export function submitStep(step: StepId, draft: Draft, cursor: Cursor, typed: Record<string, unknown>): SubmitResult {
  const spec: StepSpec = STEPS[step];
  const answers = merged(spec, { draft, cursor, answers: {} }, typed);
  const state = { draft, cursor, answers };
  const { values, errors } = coerceValues(spec.fields(state), answers, state);
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  const applied = spec.apply(state, values as StepValues);
  return applied.ok ? { ok: true, draft: applied.draft, values } : { ok: false, errors: applied.errors, values };
}

/**
 * Checks answers one by one as they are typed: the accepted ones (as values: `decentralised` is kept as
 * decentralized, `2M` as 2000000, a blank as typed), and why the others were refused. A blank required
 * answer is refused when it is the one answer sent (a question answered alone); among several (a form
 * saved for later) it is left out, still to be answered.
 */
export function answerFields(
  step: StepId,
  draft: Draft,
  cursor: Cursor,
  pending: Record<string, unknown>,
  typed: Record<string, unknown>,
): { accepted: Record<string, unknown>; errors: FieldErrors } {
  const spec: StepSpec = STEPS[step];
  const state = { draft, cursor, answers: { ...pending, ...typed } };
  const fields = spec.fields(state);
  const accepted: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const alone = Object.keys(typed).length === 1;
  for (const [id, raw] of Object.entries(typed)) {
    const field = fields.find((f) => f.id === id);
    if (!field) {
      errors[id] = `there is no question "${id}" on this step`;
      continue;
    }
    const result = coerceAnswer(field, raw, state);
    if (!result.ok) errors[id] = result.error;
    else if (result.value === undefined && field.required && field.suggested === undefined) {
      if (alone) errors[id] = `${field.label} is required`;
    } else accepted[id] = result.value === undefined ? raw : result.value;
  }
  return { accepted, errors };
}

import type { Cursor, Draft } from './draft.js';
import type { ApplyResult, StepSpec, StepValues } from './step-kit.js';
import { coerceValues } from './step-kit.js';
import { applicationStep, dataSetStep, environmentStep, moreApplicationsStep } from './steps-application.js';
import { classificationsStep, organizationStep, regulationsStep } from './steps-organization.js';

export const STEPS = {
  organization: organizationStep,
  classifications: classificationsStep,
  regulations: regulationsStep,
  application: applicationStep,
  environment: environmentStep,
  'data-set': dataSetStep,
  'more-applications': moreApplicationsStep,
} as const satisfies Record<string, StepSpec>;

export type StepId = keyof typeof STEPS;
export const STEP_IDS = Object.keys(STEPS) as StepId[];

/** Coerce, then validate and apply one submission: the single path every adapter's answers take. */
export function submitStep(step: StepId, draft: Draft, cursor: Cursor, raw: Record<string, unknown>): ApplyResult {
  const spec: StepSpec = STEPS[step];
  const state = { draft, cursor };
  const { values, errors } = coerceValues(spec.fields(state), raw);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return spec.apply(state, values as StepValues);
}

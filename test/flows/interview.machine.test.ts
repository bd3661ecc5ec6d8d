import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { interviewMachine } from '../../flows/interview.machine.js';
import { recommend, validateProfile } from '../../src/core/index.js';
import { drive, HEALTHCARE_ANSWERS, RETAIL_ANSWERS, submit } from './drive.js';

function planOf(actor: ReturnType<typeof drive>) {
  const result = validateProfile(actor.getSnapshot().context.draft);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return recommend(result.profile);
}

describe('interview machine: happy paths', () => {
  it('answers the seed Example 1 and reaches a two-key hybrid plan', () => {
    const actor = drive([...RETAIL_ANSWERS]);
    expect(actor.getSnapshot().value).toBe('review');
    const emitted: unknown[] = [];
    actor.on('INTERVIEW_CONFIRMED', (event) => emitted.push(event));
    actor.send({ type: 'CONFIRM' });
    // The machine asks for its plan to be stored and waits for the answer before it is done.
    expect(actor.getSnapshot().value).toBe('storing');
    expect(emitted).toEqual([{ type: 'INTERVIEW_CONFIRMED', draft: actor.getSnapshot().context.draft }]);
    actor.send({ type: 'PLAN_STORED', planId: 'acme-retail/v1' });
    expect(actor.getSnapshot().value).toBe('done');
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().context.planId).toBe('acme-retail/v1');
    const plan = planOf(actor);
    expect(plan.counts.recommended).toBe(2);
    expect(plan.governance.model).toBe('hybrid');
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/public',
      'alias/storefront/prod/confidential',
    ]);
  });

  it('answers the seed Example 2 and reaches one key per application team', () => {
    const actor = drive([...HEALTHCARE_ANSWERS, { type: 'CONFIRM' }]);
    expect(actor.getSnapshot().value).toBe('storing');
    const plan = planOf(actor);
    expect(plan.governance.model).toBe('decentralized');
    expect(new Set(plan.keys.map((k) => k.application))).toEqual(new Set(['patient-portal', 'claims', 'lab-results']));
    expect(plan.counts.recommended).toBe(3);
    expect(plan.findings.some((f) => f.code === 'regulated-classification' && f.message.includes('HIPAA'))).toBe(true);
  });
});

describe('interview machine: invalid answers', () => {
  it('attaches the error to the field and keeps what was typed and what was answered', () => {
    const actor = drive(RETAIL_ANSWERS.slice(0, 4));
    expect(actor.getSnapshot().value).toBe('environment');
    actor.send(submit({ stage: 'prod', account: '1234', regions: 'us-east-1' }));
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('environment');
    expect(context.errors.account).toMatch(/12 digits/);
    expect(context.errors.stage).toBeUndefined();
    expect(context.pending).toEqual({ stage: 'prod', account: '1234', regions: 'us-east-1' });
    expect(context.draft.organization?.name).toBe('Acme Retail');
    expect(context.draft.applications[0]?.name).toBe('storefront');
  });

  it.each([
    [
      { stage: 'prod', account: '111122223333', regions: 'mars-north-1' },
      'regions',
      /mars-north-1 is not one of the choices/,
    ],
    [{ stage: 'prod!', account: '111122223333', regions: 'us-east-1' }, 'stage', /letters, digits/],
    [{ stage: 'prod', account: '111122223333', color: 'blue' }, 'color', /no question/],
  ])('rejects %j on field %s', (values, field, message) => {
    const actor = drive([...RETAIL_ANSWERS.slice(0, 4), submit(values)]);
    expect(actor.getSnapshot().value).toBe('environment');
    expect(actor.getSnapshot().context.errors[field]).toMatch(message);
  });

  it('rejects an unknown service and a wildcard key user on the data set step', () => {
    const actor = drive([
      ...RETAIL_ANSWERS.slice(0, 5),
      submit({ name: 'x', classification: 'public', services: 's3, floppy', keyUsers: '*' }),
    ]);
    const { errors } = actor.getSnapshot().context;
    expect(actor.getSnapshot().value).toBe('dataSet');
    expect(errors.services).toMatch(/floppy/);
  });

  it('offers SKIP only where a step may be left unanswered (regulations)', () => {
    const actor = drive([]);
    expect(actor.getSnapshot().can({ type: 'SKIP' })).toBe(false);
    actor.send({ type: 'SKIP' });
    expect(actor.getSnapshot().value).toBe('organization');
    const later = drive([...RETAIL_ANSWERS.slice(0, 2), { type: 'SKIP' }]);
    expect(later.getSnapshot().value).toBe('application');
    expect(later.getSnapshot().context.draft.classifications?.every((c) => c.regulations.length === 0)).toBe(true);
  });
});

describe('interview machine: back, edit, cancel, resume', () => {
  it('goes back through repeatable items with answers kept', () => {
    const actor = drive(RETAIL_ANSWERS.slice(0, 7));
    expect(actor.getSnapshot().value).toBe('moreApplications');
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('dataSet');
    expect(actor.getSnapshot().context.cursor.dataSet).toBe(1);
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().context.cursor.dataSet).toBe(0);
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('environment');
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('application');
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('regulations');
    expect(actor.getSnapshot().context.draft.applications[0]?.data).toHaveLength(2);
  });

  it('edits one answer from the review and returns there', () => {
    const actor = drive(RETAIL_ANSWERS);
    actor.send({ type: 'EDIT', section: 'data-set', application: 0, index: 0 });
    expect(actor.getSnapshot().value).toBe('dataSet');
    actor.send(
      submit({ name: 'product-catalog', classification: 'confidential', services: 's3', keyUsers: 'storefront-app' }),
    );
    expect(actor.getSnapshot().value).toBe('review');
    actor.send({ type: 'CONFIRM' });
    const plan = planOf(actor);
    expect(plan.keys.every((k) => k.classification === 'confidential')).toBe(true);
  });

  it('removes a data set from the review', () => {
    const actor = drive(RETAIL_ANSWERS);
    actor.send({ type: 'REMOVE', section: 'data-set', application: 0, index: 1 });
    expect(actor.getSnapshot().context.draft.applications[0]?.data.map((d) => d.name)).toEqual(['product-catalog']);
  });

  it('does not confirm an incomplete profile and says why', () => {
    const actor = drive(RETAIL_ANSWERS);
    actor.send({ type: 'REMOVE', section: 'environment', application: 0, index: 0 });
    expect(actor.getSnapshot().can({ type: 'CONFIRM' })).toBe(false);
    actor.send({ type: 'CONFIRM' });
    expect(actor.getSnapshot().value).toBe('review');
    expect(actor.getSnapshot().context.issues[0]?.path).toBe('applications[0].environments');
  });

  it('cancels from any step, keeping the answers in the final snapshot', () => {
    const actor = drive([...RETAIL_ANSWERS.slice(0, 3), { type: 'CANCEL' }]);
    expect(actor.getSnapshot().value).toBe('cancelled');
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().context.draft.organization?.name).toBe('Acme Retail');
  });

  it('resumes from a persisted snapshot exactly where it was', () => {
    const first = drive(RETAIL_ANSWERS.slice(0, 5));
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    const resumed = createActor(interviewMachine, { input: {}, snapshot: persisted });
    resumed.start();
    expect(resumed.getSnapshot().value).toBe('dataSet');
    for (const event of RETAIL_ANSWERS.slice(5)) resumed.send(event);
    resumed.send({ type: 'CONFIRM' });
    expect(planOf(resumed).counts.recommended).toBe(2);
  });

  it('starts from a pasted profile and only reviews it; refuses a broken one', () => {
    const good = drive(RETAIL_ANSWERS);
    const draft = good.getSnapshot().context.draft;
    const actor = drive([{ type: 'LOAD_PROFILE', data: { organization: { name: 'x' } } }]);
    expect(actor.getSnapshot().value).toBe('organization');
    expect(actor.getSnapshot().context.issues.length).toBeGreaterThan(0);
    actor.send({ type: 'LOAD_PROFILE', data: draft });
    expect(actor.getSnapshot().value).toBe('review');
    actor.send({ type: 'CONFIRM' });
    expect(actor.getSnapshot().value).toBe('storing');
  });
});

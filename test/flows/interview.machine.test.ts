import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { interviewView } from '../../flows/interview/view.js';
import { interviewMachine } from '../../flows/interview.machine.js';
import type { FormReply } from '../../flows/replies.js';
import { recommend, validateProfile } from '../../src/core/index.js';
import { drive, HEALTHCARE_ANSWERS, RETAIL_ANSWERS, RETAIL_STEP, submit } from './drive.js';

function planOf(actor: ReturnType<typeof drive>) {
  const result = validateProfile(actor.getSnapshot().context.draft);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return recommend(result.profile);
}

function formOf(actor: ReturnType<typeof drive>): FormReply {
  const form = interviewView(actor.getSnapshot()).find((reply) => reply.type === 'form');
  if (form?.type !== 'form') throw new Error(`no form at ${actor.getSnapshot().value}`);
  return form;
}

const upTo = (step: number) => RETAIL_ANSWERS.slice(0, step);

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

  it('reads regulations from the classification levels, in brackets', () => {
    const actor = drive(upTo(RETAIL_STEP.application));
    expect(actor.getSnapshot().context.draft.classifications).toEqual([
      { name: 'public', regulations: [] },
      { name: 'confidential', regulations: ['PCI-DSS'] },
    ]);
  });

  it('carries the name typed at "Another application?" into that application’s form', () => {
    const actor = drive([...upTo(RETAIL_STEP.moreApplications), submit({ nextApplication: 'orders' })]);
    expect(actor.getSnapshot().value).toBe('application');
    const name = formOf(actor).fields.find((f) => f.id === 'name');
    expect(name).toMatchObject({ value: 'orders', answered: true });
    // The team follows the name typed, and is not a question the terminal asks on the first pass.
    expect(formOf(actor).fields.find((f) => f.id === 'team')).toMatchObject({ suggested: 'orders', advanced: true });
    actor.send(submit({ keyAdmins: 'OrderAdmins' }));
    expect(actor.getSnapshot().context.draft.applications[1]).toMatchObject({ name: 'orders', team: 'orders' });
  });
});

describe('interview machine: invalid answers', () => {
  it('attaches the error to the field, keeps the refused value apart from the answer, and keeps the rest', () => {
    const actor = drive(upTo(RETAIL_STEP.environment));
    expect(actor.getSnapshot().value).toBe('environment');
    actor.send(submit({ stage: 'prod', account: '1234', regions: 'us-east-1' }));
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('environment');
    expect(context.errors.account).toMatch(/12 digits/);
    expect(context.errors.stage).toBeUndefined();
    expect(context.draft.organization?.name).toBe('Acme Retail');
    const account = formOf(actor).fields.find((f) => f.id === 'account');
    // The refused value is shown back for correcting, but it is never offered as the answer.
    expect(account).toMatchObject({ rejected: '1234', error: expect.stringMatching(/12 digits/) });
    expect(account?.value).toBeUndefined();
    expect(formOf(actor).fields.find((f) => f.id === 'stage')).toMatchObject({ value: 'prod', answered: true });
  });

  it.each([
    [
      { stage: 'prod', account: '111122223333', regions: 'us-esat-1' },
      'regions',
      /"us-esat-1" is not one of the choices; did you mean us-east-1\?/,
    ],
    [{ stage: 'prod!', account: '111122223333', regions: 'us-east-1' }, 'stage', /letters, digits/],
    [{ stage: 'prod', account: '111122223333', color: 'blue' }, 'color', /no question/],
  ])('rejects %j on field %s', (values, field, message) => {
    const actor = drive([...upTo(RETAIL_STEP.environment), submit(values)]);
    expect(actor.getSnapshot().value).toBe('environment');
    expect(actor.getSnapshot().context.errors[field]).toMatch(message);
  });

  it('rejects an unknown service, naming what was meant, and a wildcard key user', () => {
    const actor = drive([
      ...upTo(RETAIL_STEP.firstDataSet),
      submit({ name: 'x', classification: 'public', services: 's3, cognito, dynamodbb', keyUsers: '*' }),
    ]);
    const { errors } = actor.getSnapshot().context;
    expect(actor.getSnapshot().value).toBe('dataSet');
    expect(errors.services).toMatch(/"cognito", "dynamodbb" are not one of the choices; did you mean dynamodb\?/);
    expect(errors.keyUsers).toMatch(/wildcard/);
  });

  it('accepts British spellings and request counts as people write them', () => {
    const actor = drive([submit({ name: 'Acme', governance: 'decentralised' })]);
    expect(actor.getSnapshot().context.draft.organization?.governance).toBe('decentralized');
    const later = drive([
      ...upTo(RETAIL_STEP.firstDataSet),
      submit({ name: 'x', classification: 'public', services: 's3', requestsPerMonth: '1.5 million' }),
    ]);
    expect(later.getSnapshot().context.draft.applications[0]?.data[0]?.requestsPerMonth).toBe(1_500_000);
  });
});

describe('interview machine: display names', () => {
  it('accepts names as people write them, shows their slugs in the review, and names both spellings of a clash', () => {
    const actor = drive([
      submit({ name: 'Zürich Payments & Co', governance: 'decentralized' }),
      submit({ levels: 'public, Highly Confidential (PCI-DSS)' }),
      submit({ name: 'Billing Service V2', keyAdmins: 'BillingAdmins' }),
      submit({ stage: 'Prod EU', account: '111122223333' }),
      submit({ name: 'Invoices & Receipts', classification: 'Highly Confidential', services: 's3' }),
      submit({ nextApplication: 'billing-service-v2' }),
    ]);
    expect(actor.getSnapshot().value).toBe('moreApplications');
    expect(actor.getSnapshot().context.errors.nextApplication).toBe(
      '"Billing Service V2" is already an application, and "billing-service-v2" is the same name to keyplan (billing-service-v2): choose another',
    );
    actor.send(submit({ nextApplication: '' }));
    const review = interviewView(actor.getSnapshot())[0];
    const titles = review?.type === 'review' ? review.sections.map((s) => s.title) : [];
    expect(titles).toContain('Application Billing Service V2 (billing-service-v2)');
    expect(titles).toContain('Billing Service V2 · data Invoices & Receipts (invoices-and-receipts)');
    actor.send({ type: 'CONFIRM' });
    expect(planOf(actor).keys.find((k) => k.dataSets.includes('Invoices & Receipts'))?.alias).toBe(
      'alias/billing-service-v2/prod-eu/highly-confidential',
    );
  });

  it('refuses a name with characters a name cannot hold, showing it and a suggestion', () => {
    const actor = drive([
      submit({ name: 'Acme' }),
      submit({ levels: 'public' }),
      submit({ name: 'Billing|Service', keyAdmins: 'A' }),
    ]);
    expect(actor.getSnapshot().context.errors.name).toMatch(
      /"Billing\|Service" has characters a name cannot hold \("\|"\).*e\.g\. "Billing Service"/,
    );
  });
});

describe('interview machine: answers checked as they are typed', () => {
  it('keeps each accepted answer of a form in progress and refuses a bad one with the reason', () => {
    const actor = drive(upTo(RETAIL_STEP.environment));
    actor.send({ type: 'ANSWER', values: { stage: 'prod' } });
    actor.send({ type: 'ANSWER', values: { account: '1234567890' } });
    let { context, value } = actor.getSnapshot();
    expect(value).toBe('environment');
    expect(context.pending).toMatchObject({ stage: 'prod' });
    expect(context.errors).toEqual({ account: expect.stringMatching(/exactly 12 digits/) });
    actor.send({ type: 'ANSWER', values: { account: '111122223333' } });
    ({ context } = actor.getSnapshot());
    expect(context.errors).toEqual({});
    // Submitting sends nothing more: the answers given one by one are the form's.
    actor.send(submit({}));
    expect(actor.getSnapshot().value).toBe('dataSet');
    expect(actor.getSnapshot().context.draft.applications[0]?.environments[0]).toEqual({
      stage: 'prod',
      account: '111122223333',
      regions: ['us-east-1'],
    });
  });

  it('refuses a blank required answer given alone, and leaves it for later in a form saved for later', () => {
    const alone = drive([{ type: 'ANSWER', values: { name: '' } }]);
    expect(alone.getSnapshot().context.errors).toEqual({ name: 'Organisation name is required' });
    const saved = drive([{ type: 'ANSWER', values: { name: '', governance: 'hybrid' } }]);
    expect(saved.getSnapshot().context.errors).toEqual({});
    expect(saved.getSnapshot().context.pending).toEqual({ governance: 'hybrid' });
  });

  it('keeps what was typed in a form left with BACK, and shows it again on return', () => {
    const actor = drive(upTo(RETAIL_STEP.environment));
    actor.send({ type: 'ANSWER', values: { stage: 'staging', account: '444455556666' } });
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('application');
    actor.send(submit({}));
    expect(actor.getSnapshot().value).toBe('environment');
    const fields = formOf(actor).fields;
    expect(fields.find((f) => f.id === 'stage')).toMatchObject({ value: 'staging', answered: true });
    expect(fields.find((f) => f.id === 'account')).toMatchObject({ value: '444455556666', answered: true });
  });

  it('asks about the security team only where it matters, and its roles only once it is named', () => {
    const org = drive([]);
    const fields = formOf(org).fields;
    expect(fields.find((f) => f.id === 'traits')?.askIf).toEqual([{ field: 'governance', oneOf: ['recommend'] }]);
    expect(fields.find((f) => f.id === 'securityKeyAdmins')?.askIf).toEqual([
      { field: 'securityTeam', answered: true },
    ]);
    // An explicit model drops the traits; no security team drops its roles.
    org.send(
      submit({
        name: 'Acme',
        governance: 'decentralized',
        traits: 'central-security-function',
        securityKeyAdmins: 'X',
      }),
    );
    const organization = org.getSnapshot().context.draft.organization;
    expect(organization).toMatchObject({ name: 'Acme', governance: 'decentralized', traits: [] });
    expect(organization).not.toHaveProperty('securityTeam');
  });
});

describe('interview machine: back, edit, cancel, resume', () => {
  it('goes back through repeatable items with answers kept', () => {
    const actor = drive(upTo(RETAIL_STEP.moreApplications));
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
    expect(actor.getSnapshot().value).toBe('classifications');
    expect(actor.getSnapshot().context.draft.applications[0]?.data).toHaveLength(2);
  });

  it('edits one answer from the review and returns there, without offering "add another"', () => {
    const actor = drive(RETAIL_ANSWERS);
    actor.send({ type: 'EDIT', section: 'data-set', application: 0, index: 0 });
    expect(actor.getSnapshot().value).toBe('dataSet');
    expect(formOf(actor).actions.map((a) => a.id)).not.toContain('add-another');
    actor.send(submit({ classification: 'confidential' }));
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
    const actor = drive([...upTo(RETAIL_STEP.application), { type: 'CANCEL' }]);
    expect(actor.getSnapshot().value).toBe('cancelled');
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().context.draft.organization?.name).toBe('Acme Retail');
  });

  it('resumes from a persisted snapshot exactly where it was', () => {
    const first = drive(upTo(RETAIL_STEP.firstDataSet));
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    const resumed = createActor(interviewMachine, { input: {}, snapshot: persisted });
    resumed.start();
    expect(resumed.getSnapshot().value).toBe('dataSet');
    for (const event of RETAIL_ANSWERS.slice(RETAIL_STEP.firstDataSet)) resumed.send(event);
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

import { describe, expect, it } from 'vitest';
import { answerFor, parseReviewCommand, renderField, renderReview, styleFor } from '../../../adapters/console/index.js';
import { interviewView } from '../../../flows/interview/view.js';
import { interviewMachine } from '../../../flows/interview.machine.js';
import type { FormField, ReviewReply } from '../../../src/conversation/index.js';

const plain = styleFor(false);

const governance: FormField = {
  id: 'governance',
  label: 'How should keys be governed?',
  kind: 'select',
  required: true,
  explain: 'who controls the keys',
  suggested: 'recommend',
  options: [
    { value: 'recommend', label: 'Recommend one' },
    { value: 'hybrid', label: 'Hybrid' },
  ],
};

const services: FormField = {
  id: 'services',
  label: 'AWS services',
  kind: 'multi-select',
  required: true,
  explain: 'where the data lives',
  options: ['s3', 'rds', 'aurora'].map((value) => ({ value, label: value.toUpperCase() })),
};

const regions: FormField = {
  id: 'regions',
  label: 'Regions',
  kind: 'multi-select',
  required: true,
  explain: 'where the keys live',
  suggested: ['us-east-1'],
  options: Array.from({ length: 30 }, (_, i) => ({ value: `r-${i + 1}`, label: `r-${i + 1}` })),
};

describe('answerFor: a typed line → what the flow receives', () => {
  it('turns option numbers into values and leaves anything else as typed for the flow to judge', () => {
    expect(answerFor(governance, '2')).toBe('hybrid');
    expect(answerFor(governance, 'Hybrid')).toBe('hybrid');
    expect(answerFor(governance, '9')).toBe('9');
    expect(answerFor(services, '1, 3')).toBe('s3, aurora');
    expect(answerFor(services, 'rds 1;floppy')).toBe('rds, s3, floppy');
  });

  it('keeps the current value or the suggestion on a blank line, and clears with -', () => {
    expect(answerFor(governance, '  ')).toBe('recommend');
    expect(answerFor({ ...governance, value: 'hybrid' }, '')).toBe('hybrid');
    expect(answerFor({ ...services, value: ['s3', 'rds'] }, '')).toBe('s3, rds');
    expect(answerFor({ id: 'x', label: 'X', kind: 'yes-no', required: false, explain: '', suggested: false }, '')).toBe(
      'no',
    );
    expect(answerFor(services, '')).toBeUndefined();
    expect(answerFor({ ...services, value: ['s3'] }, '-')).toBe('');
  });
});

describe('renderField', () => {
  it('shows a long list a page at a time, numbered across pages, with an example of a value to type', () => {
    const first = renderField(regions, 0, plain);
    expect(first.lines[0]).toBe('Regions [us-east-1]');
    expect(first.lines.filter((line) => /^\s+\d+\) /.test(line))).toHaveLength(12);
    expect(first.lines.at(-1)).toMatch(/1–12 of 30 shown, \? shows more, e\.g\. r-13/);
    const second = renderField(regions, 1, plain);
    expect(second.lines).toContain('  13) r-13');
    expect(renderField(regions, 2, plain).lines.at(-1)).toMatch(/25–30 of 30/);
    expect(first.prompt).toBe('> ');
  });

  it('puts a plain question on one line and marks the yes-no default', () => {
    const yes = renderField(
      { id: 'a', label: 'Audit?', kind: 'yes-no', required: false, explain: '', suggested: true },
      0,
      plain,
    );
    expect(yes).toEqual({ lines: [], prompt: 'Audit? [Y/n]: ' });
    const no = renderField(
      { id: 'a', label: 'BYOK?', kind: 'yes-no', required: false, explain: '', value: false },
      0,
      plain,
    );
    expect(no.prompt).toBe('BYOK? [y/N]: ');
    expect(renderField({ id: 'n', label: 'Name', kind: 'text', required: true, explain: '' }, 0, plain).prompt).toBe(
      'Name: ',
    );
  });

  it('uses colours only when interactive', () => {
    const field: FormField = { ...governance, error: 'choose one' };
    expect(renderField(field, 0, plain).lines.join('\n')).not.toContain('\u001b[');
    expect(renderField(field, 0, styleFor(true)).lines.join('\n')).toContain('\u001b[31m');
  });
});

/** The real review of an interview with two applications, the second still without data sets. */
function reviewOf(): ReviewReply {
  const snapshot = interviewMachine.resolveState({
    value: 'review',
    context: {
      draft: {
        organization: { name: 'Acme', governance: 'recommend', traits: [] },
        applications: [
          {
            name: 'a',
            team: 't',
            keyAdmins: ['A'],
            environments: [{ stage: 'prod', account: '111122223333', regions: ['us-east-1'] }],
            data: [],
          },
          { name: 'b', team: 't', keyAdmins: ['B'], environments: [], data: [] },
        ],
      },
      cursor: { application: 0, environment: 0, dataSet: 0 },
      errors: {},
      pending: null,
      stash: {},
      returnTo: null,
      issues: [{ path: 'applications[1].data', message: 'add at least one data set to protect' }],
      notice: null,
      planId: null,
    },
  });
  const reply = interviewView(snapshot)[0];
  if (reply?.type !== 'review') throw new Error('expected the review');
  return reply;
}
const review = reviewOf();
const eventOf = (command: ReturnType<typeof parseReviewCommand>) =>
  command.kind === 'action' ? command.action.event : command;

describe('review commands', () => {
  it("maps numbered sections to the review's own EDIT and REMOVE actions", () => {
    expect(eventOf(parseReviewCommand('edit 4', review))).toEqual({
      type: 'EDIT',
      section: 'environment',
      application: 0,
      index: 0,
    });
    expect(eventOf(parseReviewCommand('Remove 5', review))).toEqual({
      type: 'REMOVE',
      section: 'application',
      application: 1,
    });
    expect(parseReviewCommand('remove 1', review)).toEqual({
      kind: 'error',
      message: 'Organisation cannot be removed',
    });
    expect(parseReviewCommand('edit 9', review).kind).toBe('error');
  });

  it('adds to an application by the number it has in the review, and asks which when there are several', () => {
    // Sections: 1 organisation, 2 classifications, 3 application a, 4 a · prod, 5 application b.
    expect(eventOf(parseReviewCommand('add data set 5', review))).toEqual({
      type: 'ADD',
      section: 'data-set',
      application: 1,
    });
    expect(eventOf(parseReviewCommand('add environment 3', review))).toEqual({
      type: 'ADD',
      section: 'environment',
      application: 0,
    });
    expect(eventOf(parseReviewCommand('add application', review))).toEqual({ type: 'ADD', section: 'application' });
    expect(parseReviewCommand('add environment', review)).toMatchObject({ kind: 'error', message: /one of 3, 5/ });
    expect(parseReviewCommand('add environment 4', review)).toMatchObject({
      kind: 'error',
      message: 'section 4 is not an application; the applications are 3, 5',
    });
  });

  it('takes a bare number as "edit" that section', () => {
    expect(eventOf(parseReviewCommand('4', review))).toEqual({
      type: 'EDIT',
      section: 'environment',
      application: 0,
      index: 0,
    });
  });

  it('knows :back, :cancel and help, and refuses confirm while the answers have problems', () => {
    expect(parseReviewCommand(' confirm ', review)).toMatchObject({ kind: 'error', message: /fix the problems/ });
    expect(eventOf(parseReviewCommand(':back', review))).toEqual({ type: 'BACK' });
    expect(eventOf(parseReviewCommand(':cancel', review))).toEqual({ type: 'CANCEL' });
    expect(parseReviewCommand('', review)).toEqual({ kind: 'help' });
  });

  it('prints the sections numbered and the problems with their paths', () => {
    const text = renderReview(review, plain);
    expect(text).toContain(' 4. a · prod');
    expect(text).toContain('✗ applications[1].data: add at least one data set to protect');
  });
});

import { describe, expect, it } from 'vitest';
import { answerFor, parseReviewCommand, renderField, renderReview, styleFor } from '../../../adapters/console/index.js';
import type { FormField, ReviewReply } from '../../../src/conversation/index.js';

const plain = styleFor(false);

const governance: FormField = {
  id: 'governance',
  label: 'How should keys be governed?',
  kind: 'select',
  required: true,
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
  options: ['s3', 'rds', 'aurora'].map((value) => ({ value, label: value.toUpperCase() })),
};

const regions: FormField = {
  id: 'regions',
  label: 'Regions',
  kind: 'multi-select',
  required: true,
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
    expect(answerFor({ id: 'x', label: 'X', kind: 'yes-no', required: false, suggested: false }, '')).toBe('no');
    expect(answerFor(services, '')).toBeUndefined();
    expect(answerFor({ ...services, value: ['s3'] }, '-')).toBe('');
  });
});

describe('renderField', () => {
  it('shows a long list a page at a time, numbered across pages, with a hint to type values directly', () => {
    const first = renderField(regions, 0, plain);
    expect(first.lines[0]).toBe('Regions [us-east-1]');
    expect(first.lines.filter((line) => /^\s+\d+\) /.test(line))).toHaveLength(12);
    expect(first.lines.at(-1)).toMatch(/1–12 of 30 shown, \? shows more; any value can be typed/);
    const second = renderField(regions, 1, plain);
    expect(second.lines).toContain('  13) r-13');
    expect(renderField(regions, 2, plain).lines.at(-1)).toMatch(/25–30 of 30/);
    expect(first.prompt).toBe('> ');
  });

  it('puts a plain question on one line and marks the yes-no default', () => {
    const yes = renderField({ id: 'a', label: 'Audit?', kind: 'yes-no', required: false, suggested: true }, 0, plain);
    expect(yes).toEqual({ lines: [], prompt: 'Audit? [Y/n]: ' });
    const no = renderField({ id: 'a', label: 'BYOK?', kind: 'yes-no', required: false, value: false }, 0, plain);
    expect(no.prompt).toBe('BYOK? [y/N]: ');
    expect(renderField({ id: 'n', label: 'Name', kind: 'text', required: true }, 0, plain).prompt).toBe('Name: ');
  });

  it('uses colours only when interactive', () => {
    const field: FormField = { ...governance, error: 'choose one' };
    expect(renderField(field, 0, plain).lines.join('\n')).not.toContain('\u001b[');
    expect(renderField(field, 0, styleFor(true)).lines.join('\n')).toContain('\u001b[31m');
  });
});

const review: ReviewReply = {
  type: 'review',
  title: 'Review your answers',
  canConfirm: false,
  issues: [{ path: 'applications[1].data', message: 'add at least one data set to protect' }],
  sections: [
    { edit: { section: 'organization' }, title: 'Organisation', lines: ['Acme'] },
    {
      edit: { section: 'application', application: 0 },
      remove: { section: 'application', application: 0 },
      title: 'Application a',
      lines: [],
    },
    {
      edit: { section: 'environment', application: 0, index: 0 },
      remove: { section: 'environment', application: 0, index: 0 },
      title: 'a · prod',
      lines: [],
    },
    {
      edit: { section: 'application', application: 1 },
      remove: { section: 'application', application: 1 },
      title: 'Application b',
      lines: [],
    },
  ],
};

describe('review commands', () => {
  it('maps numbered sections to their EDIT and REMOVE events', () => {
    expect(parseReviewCommand('edit 3', review)).toEqual({
      kind: 'event',
      event: { type: 'EDIT', section: 'environment', application: 0, index: 0 },
    });
    expect(parseReviewCommand('Remove 4', review)).toEqual({
      kind: 'event',
      event: { type: 'REMOVE', section: 'application', application: 1 },
    });
    expect(parseReviewCommand('remove 1', review)).toEqual({
      kind: 'error',
      message: 'Organisation cannot be removed, only edited',
    });
    expect(parseReviewCommand('edit 9', review).kind).toBe('error');
  });

  it('adds to a named application, and asks which one when there are several', () => {
    expect(parseReviewCommand('add data set 2', review)).toEqual({
      kind: 'event',
      event: { type: 'ADD', section: 'data-set', application: 1 },
    });
    expect(parseReviewCommand('add application', review)).toEqual({
      kind: 'event',
      event: { type: 'ADD', section: 'application' },
    });
    expect(parseReviewCommand('add environment', review)).toMatchObject({ kind: 'error', message: /1 to 2/ });
    expect(parseReviewCommand('add environment 3', review).kind).toBe('error');
  });

  it('knows confirm, :back, :cancel and help', () => {
    expect(parseReviewCommand(' confirm ', review)).toEqual({ kind: 'event', event: { type: 'CONFIRM' } });
    expect(parseReviewCommand(':back', review)).toEqual({ kind: 'event', event: { type: 'BACK' } });
    expect(parseReviewCommand(':cancel', review)).toEqual({ kind: 'event', event: { type: 'CANCEL' } });
    expect(parseReviewCommand('', review)).toEqual({ kind: 'help' });
  });

  it('prints the sections numbered and the problems with their paths', () => {
    const text = renderReview(review, plain);
    expect(text).toContain(' 3. a · prod');
    expect(text).toContain('✗ applications[1].data: add at least one data set to protect');
  });
});

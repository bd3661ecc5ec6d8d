import type { Section } from '../../flows/interview.machine.js';
import type { EngineEvent, ReviewReply } from '../../src/conversation/index.js';

export type ReviewCommand =
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

type AddSection = 'application' | 'environment' | 'data-set';

const ADDABLE: Record<string, AddSection> = {
  application: 'application',
  app: 'application',
  environment: 'environment',
  env: 'environment',
  'data-set': 'data-set',
  dataset: 'data-set',
  data: 'data-set',
};

export function reviewHelp(review: ReviewReply): string {
  return [
    `Type ${review.canConfirm ? 'confirm to get the plan, ' : ''}edit N, remove N, add application,`,
    'add environment [APP], add data-set [APP] (APP: the application number, 1 = first), :back or :cancel.',
    '',
  ].join('\n');
}

function sectionAt(review: ReviewReply, text: string | undefined) {
  const n = Number(text);
  return Number.isInteger(n) ? review.sections[n - 1] : undefined;
}

function applicationCount(review: ReviewReply): number {
  return review.sections.filter((s) => s.edit.section === 'application').length;
}

function add(review: ReviewReply, what: string | undefined, appNumber: string | undefined): ReviewCommand {
  const section = what ? ADDABLE[what] : undefined;
  if (!section)
    return { kind: 'error', message: 'add what? add application, add environment [APP] or add data-set [APP]' };
  if (section === 'application') return { kind: 'event', event: { type: 'ADD', section } };
  const apps = applicationCount(review);
  if (appNumber === undefined && apps > 1) {
    return { kind: 'error', message: `to which application? add ${section} N, N from 1 to ${apps}` };
  }
  const n = appNumber === undefined ? 1 : Number(appNumber);
  if (!Number.isInteger(n) || n < 1 || n > Math.max(apps, 1)) {
    return { kind: 'error', message: `there is no application ${appNumber}; there are ${apps}` };
  }
  return { kind: 'event', event: { type: 'ADD', section, application: n - 1 } };
}

/** One line typed at the review → the event it stands for, or why it does not make sense. */
export function parseReviewCommand(line: string, review: ReviewReply): ReviewCommand {
  const words = line
    .trim()
    .toLowerCase()
    .replace(/\bdata[\s_-]?sets?\b/, 'data-set')
    .split(/\s+/);
  const [verb = '', first, second] = words;
  const count = review.sections.length;
  switch (verb) {
    case 'confirm':
      return { kind: 'event', event: { type: 'CONFIRM' } };
    case 'edit': {
      const section = sectionAt(review, first);
      if (!section) return { kind: 'error', message: `edit which section? edit N, N from 1 to ${count}` };
      // The review's sections come from the interview flow, so their names are its sections.
      const edit = section.edit as { section: Section; application?: number; index?: number };
      return { kind: 'event', event: { type: 'EDIT', ...edit } };
    }
    case 'remove': {
      const section = sectionAt(review, first);
      if (!section) return { kind: 'error', message: `remove which section? remove N, N from 1 to ${count}` };
      if (!section.remove) return { kind: 'error', message: `${section.title} cannot be removed, only edited` };
      return { kind: 'event', event: { type: 'REMOVE', ...section.remove } };
    }
    case 'add':
      return add(review, first, second);
    case ':back':
      return { kind: 'event', event: { type: 'BACK' } };
    case ':cancel':
      return { kind: 'event', event: { type: 'CANCEL' } };
    case ':help':
    case '':
      return { kind: 'help' };
    default:
      return { kind: 'error', message: `unknown command "${line.trim()}"` };
  }
}

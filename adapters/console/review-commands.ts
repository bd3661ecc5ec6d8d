import type { ReplyAction, ReviewReply, ReviewSection } from '../../src/conversation/index.js';

/** A typed review command → the review's own action, or why the command does not make sense. */
export type ReviewCommand =
  | { kind: 'action'; action: ReplyAction }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

type AddSection = 'environment' | 'data-set';

const ADDABLE: Record<string, AddSection | 'application'> = {
  application: 'application',
  app: 'application',
  environment: 'environment',
  env: 'environment',
  'data-set': 'data-set',
  dataset: 'data-set',
  data: 'data-set',
};

const byEvent = (actions: readonly ReplyAction[], type: string, section?: string) =>
  actions.find((action) => action.event.type === type && (section === undefined || action.event.section === section));

export function reviewHelp(review: ReviewReply): string {
  const canConfirm = byEvent(review.actions, 'CONFIRM') !== undefined;
  return [
    `Type ${canConfirm ? 'confirm to get the plan, ' : ''}edit N, remove N, add application,`,
    'add environment [APP], add data-set [APP] (APP: the application number, 1 = first), :back or :cancel.',
    '',
  ].join('\n');
}

/** The sections that are applications, in order: "add environment 2" names the second. */
function applicationSections(review: ReviewReply): ReviewSection[] {
  return review.sections.filter((section) => byEvent(section.actions, 'ADD', 'environment'));
}

function add(review: ReviewReply, what: string | undefined, appNumber: string | undefined): ReviewCommand {
  const section = what ? ADDABLE[what] : undefined;
  if (!section) {
    return { kind: 'error', message: 'add what? add application, add environment [APP] or add data-set [APP]' };
  }
  if (section === 'application') {
    const action = byEvent(review.actions, 'ADD', 'application');
    return action ? { kind: 'action', action } : { kind: 'error', message: 'an application cannot be added here' };
  }
  const apps = applicationSections(review);
  if (apps.length === 0) return { kind: 'error', message: 'add an application first: add application' };
  if (appNumber === undefined && apps.length > 1) {
    return { kind: 'error', message: `to which application? add ${section} N, N from 1 to ${apps.length}` };
  }
  const n = appNumber === undefined ? 1 : Number(appNumber);
  const app = Number.isInteger(n) ? apps[n - 1] : undefined;
  const action = app ? byEvent(app.actions, 'ADD', section) : undefined;
  if (!action) return { kind: 'error', message: `there is no application ${appNumber}; there are ${apps.length}` };
  return { kind: 'action', action };
}

function onSection(review: ReviewReply, verb: 'EDIT' | 'REMOVE', number: string | undefined): ReviewCommand {
  const word = verb === 'EDIT' ? 'edit' : 'remove';
  const n = Number(number);
  const section = Number.isInteger(n) ? review.sections[n - 1] : undefined;
  if (!section) {
    return { kind: 'error', message: `${word} which section? ${word} N, N from 1 to ${review.sections.length}` };
  }
  const action = byEvent(section.actions, verb);
  if (!action)
    return { kind: 'error', message: `${section.title} cannot be ${verb === 'EDIT' ? 'edited' : 'removed'}` };
  return { kind: 'action', action };
}

/** One line typed at the review → the action it stands for. */
export function parseReviewCommand(line: string, review: ReviewReply): ReviewCommand {
  const words = line
    .trim()
    .toLowerCase()
    .replace(/\bdata[\s_-]?sets?\b/, 'data-set')
    .split(/\s+/);
  const [verb = '', first, second] = words;
  const fixed = (type: string, refusal: string): ReviewCommand => {
    const action = byEvent(review.actions, type);
    return action ? { kind: 'action', action } : { kind: 'error', message: refusal };
  };
  switch (verb) {
    case 'confirm':
      return fixed('CONFIRM', 'fix the problems listed above first, then confirm');
    case 'edit':
      return onSection(review, 'EDIT', first);
    case 'remove':
      return onSection(review, 'REMOVE', first);
    case 'add':
      return add(review, first, second);
    case ':back':
      return fixed('BACK', ':back is not available here');
    case ':cancel':
      return fixed('CANCEL', ':cancel is not available here');
    case ':help':
    case '':
      return { kind: 'help' };
    default:
      return { kind: 'error', message: `unknown command "${line.trim()}"` };
  }
}

import type { ReplyAction, ReviewReply } from '../../src/conversation/index.js';

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
    `Type ${canConfirm ? 'confirm to get the plan, ' : ''}N (or edit N) to change section N, remove N, add application,`,
    'add environment N or add data-set N (N: the application’s number above), :back or :cancel.',
    '',
  ].join('\n');
}

/** The section numbers (1-based, as shown) of the applications. */
function applicationNumbers(review: ReviewReply): number[] {
  return review.sections.flatMap((section, i) => (byEvent(section.actions, 'ADD', 'environment') ? [i + 1] : []));
}

function add(review: ReviewReply, what: string | undefined, number: string | undefined): ReviewCommand {
  const section = what ? ADDABLE[what] : undefined;
  if (!section) {
    return { kind: 'error', message: 'add what? add application, add environment N or add data-set N' };
  }
  if (section === 'application') {
    const action = byEvent(review.actions, 'ADD', 'application');
    return action ? { kind: 'action', action } : { kind: 'error', message: 'an application cannot be added here' };
  }
  const apps = applicationNumbers(review);
  if (apps.length === 0) return { kind: 'error', message: 'add an application first: add application' };
  const choices = apps.join(', ');
  if (number === undefined && apps.length > 1) {
    return { kind: 'error', message: `to which application? add ${section} N, N one of ${choices}` };
  }
  const n = number === undefined ? apps[0] : Number(number);
  const app = n !== undefined && apps.includes(n) ? review.sections[n - 1] : undefined;
  const action = app ? byEvent(app.actions, 'ADD', section) : undefined;
  if (!action)
    return { kind: 'error', message: `section ${number} is not an application; the applications are ${choices}` };
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
  if (/^\d+$/.test(verb)) return onSection(review, 'EDIT', verb);
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

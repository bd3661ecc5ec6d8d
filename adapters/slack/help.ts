import type { types } from '@slack/bolt';
import { EXPORT_FORMAT_NAMES } from './exports.js';
import { LIMITS } from './limits.js';
import { escapeMrkdwn, md } from './mrkdwn.js';

/** `/keyplan` and its subcommands, as the help lists them (the manifest's usage hint says the same). */
export const SUBCOMMANDS = [
  { usage: '/keyplan', what: 'start the interview in a window, or pick up the one you left' },
  { usage: '/keyplan status', what: 'the current plans of this workspace and their approval state' },
  {
    usage: `/keyplan plan [${EXPORT_FORMAT_NAMES.join('|')}] [plan id]`,
    what: 'post the latest plan here, with its report or export attached',
  },
  {
    usage: '/keyplan audit [region]',
    what: 'audit the KMS keys of the AWS account (keyplan’s own, or the role set with config aws-role), and post the findings',
  },
  {
    usage: '/keyplan config [setting …]',
    what: 'show this workspace’s settings (security channel, approvers, …); admins change them, `/keyplan config help` lists how',
  },
  { usage: '/keyplan help', what: 'this list' },
] as const;

export function helpMessage(unknown?: string): { text: string; blocks: types.KnownBlock[] } {
  const intro = unknown
    ? `keyplan has no \`${escapeMrkdwn(unknown)}\` command. Here is what it can do:`
    : 'keyplan answers “how many AWS KMS keys do we need, and who controls them?”';
  const lines = SUBCOMMANDS.map((command) => `\`${command.usage}\` — ${command.what}`);
  return {
    text: unknown ? `keyplan has no ${escapeMrkdwn(unknown)} command: try /keyplan help` : 'keyplan help',
    blocks: [
      { type: 'section', text: md(intro, LIMITS.sectionText) },
      { type: 'section', text: md(lines.join('\n'), LIMITS.sectionText) },
      {
        type: 'context',
        elements: [
          md(
            'Your answers are saved after every step: close the window any time and run /keyplan to continue.',
            LIMITS.contextText,
          ),
        ],
      },
    ],
  };
}

export type Subcommand =
  | { kind: 'start' }
  | { kind: 'status' }
  | { kind: 'plan'; format?: string; planId?: string }
  | { kind: 'audit'; region?: string }
  /** `text`: everything after `config`, as typed (mentions and case kept). */
  | { kind: 'config'; text: string }
  | { kind: 'help' }
  | { kind: 'unknown'; word: string };

/**
 * The words after `/keyplan`. Case does not matter; extra words of `start`, `status` and `help` are
 * ignored; `config` keeps the rest of the text for the settings to read.
 */
export function parseSubcommand(text: string): Subcommand {
  const [first = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (first.toLowerCase()) {
    case '':
    case 'start':
      return { kind: 'start' };
    case 'status':
      return { kind: 'status' };
    case 'plan':
      return { kind: 'plan', ...(rest[0] ? { format: rest[0] } : {}), ...(rest[1] ? { planId: rest[1] } : {}) };
    case 'audit':
      return { kind: 'audit', ...(rest[0] ? { region: rest[0].toLowerCase() } : {}) };
    case 'config':
      return { kind: 'config', text: text.trim().slice(first.length).trim() };
    case 'help':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', word: first.slice(0, 40) };
  }
}

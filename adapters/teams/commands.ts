/**
 * What people type to keyplan in Teams: in a personal chat as is, in group chats and channels after
 * an @mention (Teams delivers those messages only). The mention and any markup are dropped first.
 */
export const EXPORT_FORMATS = ['markdown', 'json', 'terraform', 'cloudformation'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const FORMAT_ALIASES: Record<string, ExportFormat> = {
  markdown: 'markdown',
  md: 'markdown',
  report: 'markdown',
  json: 'json',
  terraform: 'terraform',
  tf: 'terraform',
  hcl: 'terraform',
  cloudformation: 'cloudformation',
  cfn: 'cloudformation',
};

export type Command =
  | { kind: 'start'; fresh: boolean }
  | { kind: 'status' }
  | { kind: 'plan'; format?: ExportFormat }
  | { kind: 'audit'; region?: string }
  /** The words (with their mentions) are read from the activity itself: see config-turns.ts. */
  | { kind: 'config' }
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

/** The text of a message without @mentions, markup and the bot's own name. */
export function commandText(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at[^>]*>.*?<\/at>/gis, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[/@]?keyplan\b\s*/i, '');
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

export function parseCommand(text: string | undefined): Command {
  const [word = '', ...rest] = commandText(text).split(' ').filter(Boolean);
  const verb = word.toLowerCase();
  const args = rest.map((arg) => arg.toLowerCase());
  switch (verb) {
    case '':
    case 'help':
    case '?':
    case 'hi':
    case 'hello':
    case 'hey':
      return { kind: 'help' };
    case 'start': {
      if (args.length === 0) return { kind: 'start', fresh: false };
      if (args.length === 1 && ['new', 'over', 'again'].includes(args[0] as string))
        return { kind: 'start', fresh: true };
      return { kind: 'invalid', message: '`start` takes nothing, or `new` to begin again: `start new`.' };
    }
    case 'status':
      return args.length === 0 ? { kind: 'status' } : { kind: 'invalid', message: '`status` takes no arguments.' };
    case 'plan': {
      if (args.length === 0) return { kind: 'plan' };
      const format = args.length === 1 ? FORMAT_ALIASES[args[0] as string] : undefined;
      return format
        ? { kind: 'plan', format }
        : {
            kind: 'invalid',
            message: `\`plan\` takes one format: ${EXPORT_FORMATS.join(', ')} (e.g. \`plan terraform\`).`,
          };
    }
    case 'audit': {
      if (args.length === 0) return { kind: 'audit' };
      const region = args[0] as string;
      return args.length === 1 && REGION.test(region)
        ? { kind: 'audit', region }
        : {
            kind: 'invalid',
            message: `\`audit\` takes one AWS region such as eu-west-1${args.length === 1 ? `; "${rest[0]}" is not one` : ''}.`,
          };
    }
    case 'config':
      return { kind: 'config' };
    default:
      return { kind: 'invalid', message: `keyplan does not know "${word}".` };
  }
}

export const HELP_LINES = [
  '**start**: answer the interview (picks up where you left off); **start new** begins again',
  '**status**: the plans of this organisation and where each stands',
  `**plan** [${EXPORT_FORMATS.join(' | ')}]: the latest plan, with its files`,
  '**audit** [region]: check the live AWS account’s KMS keys (with the role `config aws-role` set)',
  '**config** [show | setting …]: approvals and this organisation’s settings, e.g. `config security-channel here` in the security team’s channel (admins change them; `config help` lists them)',
  '**help**: this list',
];

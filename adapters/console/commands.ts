import type { ReplyAction } from '../../src/conversation/index.js';

/** Commands typed at any prompt; they start with a colon so no answer is mistaken for one. */
export const FORM_COMMANDS = {
  ':back': 'go back to the previous question (from the first: the previous step; from an edit: the review)',
  ':cancel': 'cancel the interview (asks first)',
  ':help': 'explain the question, and show this list',
} as const;

/** The event each navigation command stands for: it picks the reply's action that sends it. */
const NAVIGATION: Record<string, string> = {
  ':back': 'BACK',
  ':cancel': 'CANCEL',
};

export function isCommand(line: string): boolean {
  return line.trim().startsWith(':');
}

/** The offered action a navigation command stands for; undefined when the command is not one. */
export function navigationAction(
  command: string,
  actions: readonly ReplyAction[],
): { known: false } | { known: true; action: ReplyAction | undefined } {
  const type = NAVIGATION[command.trim().toLowerCase()];
  if (!type) return { known: false };
  return { known: true, action: actions.find((action) => action.event.type === type) };
}

export function formHelp(): string {
  const lines = Object.entries(FORM_COMMANDS).map(([command, what]) => `  ${command.padEnd(8)} ${what}`);
  lines.push(
    '  Enter     keep the answer in [brackets]',
    '  -         clear an optional answer',
    '  ?         show more choices of a long list',
    '  Each answer is checked and saved as you type it.',
    '  End of input (Ctrl-D) or Ctrl-C stops; your progress is saved.',
  );
  return `${lines.join('\n')}\n`;
}

/** Commands typed at any prompt; they start with a colon so no answer is mistaken for one. */
export const FORM_COMMANDS = {
  ':back': 'go back one step (from an edit: back to the review)',
  ':skip': 'skip this step, where it is optional',
  ':cancel': 'cancel the interview',
  ':help': 'show this list',
} as const;

export type NavigationEvent = { type: 'BACK' } | { type: 'SKIP' } | { type: 'CANCEL' };

export const NAVIGATION: Record<string, NavigationEvent> = {
  ':back': { type: 'BACK' },
  ':skip': { type: 'SKIP' },
  ':cancel': { type: 'CANCEL' },
};

export function isCommand(line: string): boolean {
  return line.trim().startsWith(':');
}

export function formHelp(): string {
  const lines = Object.entries(FORM_COMMANDS).map(([command, what]) => `  ${command.padEnd(8)} ${what}`);
  lines.push(
    '  Enter     keep the answer in [brackets]',
    '  -         clear an optional answer',
    '  ?         show more choices of a long list',
    '  End of input (Ctrl-D) or Ctrl-C stops; your progress is saved.',
  );
  return `${lines.join('\n')}\n`;
}

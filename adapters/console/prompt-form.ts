import type { FormReply, ReplyAction } from '../../src/conversation/index.js';
import { formHelp, isCommand, navigationAction } from './commands.js';
import { answerFor } from './field-answer.js';
import type { LineReader } from './line-reader.js';
import { renderField, renderFormHeader } from './render.js';
import type { Style } from './style.js';

/** What the user chose on a form: one of its actions, with the answers when the action submits them. */
export type FormOutcome = { kind: 'action'; action: ReplyAction; values?: Record<string, string> } | { kind: 'end' };

export interface PromptContext {
  reader: LineReader;
  write(text: string): void;
  style: Style;
}

const YES = /^(y|yes)$/i;

/** Asks an action's confirmation question; only an explicit yes goes ahead. */
export async function confirmed(action: ReplyAction, { reader }: PromptContext): Promise<boolean | undefined> {
  if (!action.confirm) return true;
  const line = await reader.ask(`${action.confirm} [y/N] `);
  if (line === undefined) return undefined;
  return YES.test(line.trim());
}

/**
 * Which submitting action follows the answers. One: that one. Two: a yes/no question on the one that
 * is not the default ("Add another environment? [y/N]"). More: a numbered choice. Only the actions the
 * form offers can be chosen.
 */
async function chooseSubmit(
  submits: readonly ReplyAction[],
  { reader, write, style }: PromptContext,
): Promise<ReplyAction | undefined> {
  const primary = submits.find((action) => action.style === 'primary') ?? submits[0];
  if (submits.length <= 1) return primary;
  const others = submits.filter((action) => action !== primary);
  for (;;) {
    if (others.length === 1) {
      const other = others[0] as ReplyAction;
      const line = await reader.ask(`${other.label}? [y/N] `);
      if (line === undefined) return undefined;
      const typed = line.trim().toLowerCase();
      if (typed === '' || typed === 'n' || typed === 'no') return primary;
      if (YES.test(typed)) return other;
      write(style.warn('! answer yes or no\n'));
      continue;
    }
    submits.forEach((action, i) => {
      write(`  ${i + 1}) ${action.label}\n`);
    });
    const line = await reader.ask('Then? [1] ');
    if (line === undefined) return undefined;
    const chosen = line.trim() === '' ? primary : submits[Number(line.trim()) - 1];
    if (chosen) return chosen;
    write(style.warn(`! choose 1 to ${submits.length}\n`));
  }
}

/**
 * Asks every field of a form in order, then which submitting action to take. A rejected form comes
 * back with what was typed as each field's value, so asking it again keeps those answers on Enter.
 */
export async function promptForm(form: FormReply, context: PromptContext): Promise<FormOutcome> {
  const { reader, write, style } = context;
  write(renderFormHeader(form, style));
  const values: Record<string, string> = {};
  for (const field of form.fields) {
    let page = 0;
    for (;;) {
      const { lines, prompt } = renderField(field, page, style);
      if (lines.length > 0) write(`${lines.join('\n')}\n`);
      const line = await reader.ask(prompt);
      if (line === undefined) return { kind: 'end' };
      const typed = line.trim();
      if (typed === '?' && (field.options?.length ?? 0) > 0) {
        page++;
        continue;
      }
      if (isCommand(typed)) {
        const navigation = navigationAction(typed, form.actions);
        if (navigation.known && navigation.action) {
          const ok = await confirmed(navigation.action, context);
          if (ok === undefined) return { kind: 'end' };
          if (ok) return { kind: 'action', action: navigation.action };
        } else if (navigation.known) write(style.warn(`! ${typed} is not available at this step.\n`));
        else if (typed.toLowerCase() === ':help') write(formHelp());
        else write(style.warn(`! Unknown command ${typed}; type :help for the list.\n`));
        continue;
      }
      const answer = answerFor(field, typed);
      if (answer !== undefined) values[field.id] = answer;
      break;
    }
  }
  const action = await chooseSubmit(
    form.actions.filter((a) => a.submitsForm),
    context,
  );
  return action ? { kind: 'action', action, values } : { kind: 'end' };
}

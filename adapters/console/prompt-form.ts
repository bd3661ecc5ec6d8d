import type { FormField, FormReply, ReplyAction, TurnResult } from '../../src/conversation/index.js';
import { formHelp, isCommand, navigationAction } from './commands.js';
import { answerFor, asTyped } from './field-answer.js';
import type { LineReader } from './line-reader.js';
import { renderField, renderFormHeader } from './render.js';
import type { Style } from './style.js';

export interface PromptContext {
  reader: LineReader;
  write(text: string): void;
  style: Style;
}

/** Sends one of the offered actions of the view on screen; resolves with the engine's answer. */
export type Send = (action: ReplyAction, values?: Record<string, unknown>) => Promise<TurnResult>;

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

/** The answers of a form as they stand, for its questions' conditions. */
function answersOf(form: FormReply): Record<string, unknown> {
  return Object.fromEntries(form.fields.map((field) => [field.id, field.value ?? field.suggested]));
}

/** Whether a question applies to the other answers (the flow's conditions, as data). */
function applies(field: FormField, answers: Record<string, unknown>): boolean {
  if (!field.askIf) return true;
  return field.askIf.some((condition) => {
    const raw = answers[condition.field];
    const list = Array.isArray(raw) ? raw.map(String) : raw === undefined || raw === null ? [] : [String(raw)];
    if (condition.answered) return list.some((item) => item.trim() !== '');
    if (condition.oneOf) return list.length === 1 && condition.oneOf.includes(list[0] as string);
    if (condition.includesAny) return list.some((item) => condition.includesAny?.includes(item));
    return true;
  });
}

/** Whether the terminal asks this question now: the essentials on the first pass, everything on an edit. */
export function isAsked(field: FormField, form: FormReply): boolean {
  if (!form.editing && field.advanced) return false;
  return applies(field, answersOf(form));
}

function helpFor(field: FormField): string {
  return `${field.label}: ${field.explain}\n\n${formHelp()}`;
}

/**
 * Asks a form question by question. Each answer is sent to the engine the moment it is typed (the
 * form's save action), so it is checked at once — a refused one is asked again with the reason — and
 * stored before the next question: an interruption loses nothing. `:back` goes to the previous
 * question, and from the first one to the previous step. Resolves with the engine's last answer, or
 * undefined when the input ended.
 */
export async function promptForm(
  start: TurnResult,
  send: Send,
  context: PromptContext,
): Promise<TurnResult | undefined> {
  const { reader, write, style } = context;
  const formOf = (result: TurnResult) => result.replies.find((reply): reply is FormReply => reply.type === 'form');
  let result = start;
  let form = formOf(result) as FormReply;
  write(renderFormHeader(form, style));
  for (const field of form.fields.filter((f) => f.answered && isAsked(f, form))) {
    write(style.dim(`  ${field.label}: ${asTyped(field.value) ?? ''} ✓\n`));
  }
  const save = form.actions.find((action) => action.event.type === 'ANSWER');
  const history: string[] = [];
  let revisit: string | undefined;
  for (let index = 0; index < form.fields.length; ) {
    const field = form.fields[index] as FormField;
    if (field.id !== revisit && (!isAsked(field, form) || field.answered)) {
      index++;
      continue;
    }
    revisit = undefined;
    let page = 0;
    let line: string | undefined;
    for (;;) {
      const { lines, prompt } = renderField(field, page, style);
      if (lines.length > 0) write(`${lines.join('\n')}\n`);
      line = await reader.ask(prompt);
      if (line === undefined) return undefined;
      const typed = line.trim();
      if (typed === '?' && (field.options?.length ?? 0) > 0) {
        page++;
        continue;
      }
      if (typed.toLowerCase() === ':help') {
        write(helpFor(field));
        continue;
      }
      if (typed.toLowerCase() === ':back' && history.length > 0) {
        revisit = history.pop() as string;
        break;
      }
      if (isCommand(typed)) {
        const navigation = navigationAction(typed, form.actions);
        if (navigation.known && navigation.action) {
          const ok = await confirmed(navigation.action, context);
          if (ok === undefined) return undefined;
          if (ok) return send(navigation.action);
        } else if (navigation.known) write(style.warn(`! ${typed} is not available at this step.\n`));
        else write(style.warn(`! Unknown command ${typed}; type :help for the list.\n`));
        continue;
      }
      break;
    }
    if (revisit !== undefined) {
      index = form.fields.findIndex((f) => f.id === revisit);
      continue;
    }
    const answer = answerFor(field, line.trim());
    if (!save) return result;
    result = await send(save, { [field.id]: answer ?? '' });
    const next = formOf(result);
    if (!next || (result.outcome !== 'applied' && result.outcome !== 'rejected')) return result;
    form = next;
    if (result.outcome === 'rejected' && form.fields.find((f) => f.id === field.id)?.error) {
      // Asked again: the question shows why, and Enter no longer sends the refused value.
      revisit = field.id;
      continue;
    }
    history.push(field.id);
    index++;
  }
  const action = await chooseSubmit(
    form.actions.filter((a) => a.submitsForm && a.event.type === 'SUBMIT'),
    context,
  );
  return action ? send(action, {}) : undefined;
}

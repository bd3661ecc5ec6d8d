import type { FormReply } from '../../src/conversation/index.js';
import { formHelp, isCommand, NAVIGATION, type NavigationEvent } from './commands.js';
import { answerFor } from './field-answer.js';
import type { LineReader } from './line-reader.js';
import { renderField, renderFormHeader } from './render.js';
import type { Style } from './style.js';

export type FormOutcome =
  | { kind: 'submit'; values: Record<string, string> }
  | { kind: 'navigate'; event: NavigationEvent }
  | { kind: 'end' };

export interface PromptContext {
  reader: LineReader;
  write(text: string): void;
  style: Style;
}

/**
 * Asks every field of a form in order and collects the answers for one SUBMIT. A rejected form comes
 * back with what was typed as each field's value, so asking it again keeps those answers on Enter.
 */
export async function promptForm(form: FormReply, { reader, write, style }: PromptContext): Promise<FormOutcome> {
  write(renderFormHeader(form, style));
  const allowed = new Set<string>(form.actions.map((action) => action.event));
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
        const event = NAVIGATION[typed.toLowerCase()];
        if (event && allowed.has(event.type)) return { kind: 'navigate', event };
        if (event) write(style.warn(`! ${typed} is not available at this step.\n`));
        else if (typed.toLowerCase() === ':help') write(formHelp());
        else write(style.warn(`! Unknown command ${typed}; type :help for the list.\n`));
        continue;
      }
      const answer = answerFor(field, typed);
      if (answer !== undefined) values[field.id] = answer;
      break;
    }
  }
  return { kind: 'submit', values };
}

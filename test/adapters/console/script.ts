import { createActor } from 'xstate';
import { answerFor, isAsked } from '../../../adapters/console/index.js';
import { interviewView } from '../../../flows/interview/view.js';
import { type InterviewEvent, interviewMachine } from '../../../flows/interview.machine.js';
import type { FormReply } from '../../../flows/replies.js';

function typed(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * Turns the flow tests' answer lists (test/flows/drive.ts) into what a terminal user types: one line per
 * question the terminal asks of each form, in order, blank where the answer list leaves a question out,
 * then the answer to "Add another …?" where the form offers it. A shadow interview answers each line as
 * the terminal does (one ANSWER per question), so the lines follow the real forms and their conditions.
 */
export function typedForms(events: readonly InterviewEvent[]): string[][] {
  const actor = createActor(interviewMachine, { input: {} });
  actor.start();
  const formNow = () => interviewView(actor.getSnapshot()).find((reply): reply is FormReply => reply.type === 'form');
  const forms: string[][] = [];
  for (const event of events) {
    let form = formNow();
    if (event.type !== 'SUBMIT' || !form) throw new Error(`typedForms handles form answers only (got ${event.type})`);
    const lines: string[] = [];
    for (const id of form.fields.map((field) => field.id)) {
      const field = form.fields.find((f) => f.id === id);
      if (!field || field.answered || !isAsked(field, form)) continue;
      const line = typed(event.values[id]);
      lines.push(line);
      actor.send({ type: 'ANSWER', values: { [id]: answerFor(field, line) ?? '' } });
      form = formNow() as FormReply;
    }
    if (form.actions.filter((action) => action.submitsForm && action.event.type === 'SUBMIT').length === 2) {
      lines.push(event.addAnother ? 'yes' : 'no');
    }
    forms.push(lines);
    actor.send({ type: 'SUBMIT', values: {}, ...(event.addAnother ? { addAnother: true } : {}) });
  }
  actor.stop();
  return forms;
}

export const typedLines = (events: readonly InterviewEvent[]) => typedForms(events).flat();

export const script = (lines: readonly string[]) => `${lines.join('\n')}\n`;

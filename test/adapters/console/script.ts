import { createActor } from 'xstate';
import { interviewView } from '../../../flows/interview/view.js';
import { type InterviewEvent, interviewMachine } from '../../../flows/interview.machine.js';

function typed(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * Turns the flow tests' answer lists (test/flows/drive.ts) into what a terminal user types: one line
 * per question of each form, in the form's order, blank where the answer list leaves a field out, then
 * the answer to "Add another …?" where the form offers it. A shadow interview actor supplies each
 * form's questions, so the lines follow the real forms.
 */
export function typedForms(events: readonly InterviewEvent[]): string[][] {
  const actor = createActor(interviewMachine, { input: {} });
  actor.start();
  const forms: string[][] = [];
  for (const event of events) {
    const form = interviewView(actor.getSnapshot()).find((reply) => reply.type === 'form');
    if (event.type !== 'SUBMIT' || !form) throw new Error(`typedForms handles form answers only (got ${event.type})`);
    const lines = form.fields.map((field) => typed(event.values[field.id]));
    if (form.actions.filter((action) => action.submitsForm).length === 2) lines.push(event.addAnother ? 'yes' : 'no');
    forms.push(lines);
    actor.send(event);
  }
  actor.stop();
  return forms;
}

export const typedLines = (events: readonly InterviewEvent[]) => typedForms(events).flat();

export const script = (lines: readonly string[]) => `${lines.join('\n')}\n`;

import type { FormField } from '../../src/conversation/index.js';

/** Typed to clear an optional answer: a blank line keeps the current one. */
export const CLEAR = '-';

/** A value as the user would type it: lists comma separated, yes-no as yes/no. */
export function asTyped(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** What a blank answer stands for: the current answer, else the suggestion. */
export function currentAnswer(field: FormField): string | undefined {
  return asTyped(field.value) ?? asTyped(field.suggested);
}

function optionFor(field: FormField, token: string): string {
  const options = field.options ?? [];
  if (/^\d+$/.test(token)) {
    const option = options[Number(token) - 1];
    if (option) return option.value;
  }
  const lower = token.toLowerCase();
  const match = options.find((o) => o.value.toLowerCase() === lower || o.label.toLowerCase() === lower);
  // Anything else goes through as typed: the flow rejects it with the list of choices.
  return match?.value ?? token;
}

/**
 * One typed line → the string the flow receives for this field, or undefined to leave the field out.
 * Option numbers become option values; everything else stays as typed, since the flow coerces and
 * validates every adapter's answers the same way.
 */
export function answerFor(field: FormField, line: string): string | undefined {
  const typed = line.trim();
  if (typed === '') return currentAnswer(field);
  if (typed === CLEAR) return '';
  if (field.kind === 'select') return optionFor(field, typed);
  if (field.kind === 'multi-select') {
    return typed
      .split(/[\s,;]+/)
      .filter((token) => token !== '')
      .map((token) => optionFor(field, token))
      .join(', ');
  }
  return typed;
}

import type { FormField } from '../../../src/conversation/index.js';
import { errorId, inputId } from './action-data.js';
import { type CardElement, text } from './adaptive.js';

/** Up to this many choices are shown as radio buttons or check boxes; more become a drop-down. */
const EXPANDED_CHOICES = 8;

/** A value as the user would read and type it: lists comma separated. */
function typed(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String).join(', ');
  const shown = String(value).trim();
  return shown === '' ? undefined : shown;
}

function yes(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['y', 'yes', 'true', '1', 'on'].includes(String(value).trim().toLowerCase());
}

function choices(field: FormField): { title: string; value: string }[] {
  return (field.options ?? []).map((option) => ({ title: option.label, value: option.value }));
}

/** Placeholders say how to type what a plain text box cannot show (lists, ids). */
const PLACEHOLDERS: Partial<Record<FormField['kind'], string>> = {
  'principal-list': 'Role names or role ARNs, comma separated',
  'text-list': 'Comma separated',
  'account-id': '12 digits, e.g. 111122223333',
};

/**
 * One input by its field's kind, never by its id: the answer it holds (or the suggestion), the
 * error keyplan refused it with right under it, then the field's help. Required inputs are checked by the
 * client as well, so an empty answer never makes a round trip.
 */
export function fieldElements(field: FormField): CardElement[] {
  // A refused answer is shown back in its input for correcting; otherwise the answer, or the suggestion.
  const current = field.error && field.rejected !== undefined ? field.rejected : (field.value ?? field.suggested);
  const base = {
    id: inputId(field.id),
    label: field.label,
    ...(field.required && field.kind !== 'yes-no'
      ? { isRequired: true, errorMessage: `${field.label} is required` }
      : {}),
  };
  const input = inputFor(field, base, current);
  const elements: CardElement[] = [input];
  if (field.error) {
    elements.push(text(field.error, { id: errorId(field.id), color: 'attention', size: 'small', spacing: 'none' }));
  }
  if (field.help) elements.push(text(field.help, { size: 'small', subtle: true, spacing: 'none' }));
  return elements;
}

function inputFor(field: FormField, base: Record<string, unknown>, current: unknown): CardElement {
  const shown = typed(current);
  switch (field.kind) {
    case 'select':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        choices: choices(field),
        style: (field.options?.length ?? 0) <= 4 ? 'expanded' : 'compact',
        ...(shown !== undefined ? { value: shown } : {}),
      };
    case 'multi-select':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        isMultiSelect: true,
        choices: choices(field),
        style: (field.options?.length ?? 0) <= EXPANDED_CHOICES ? 'expanded' : 'compact',
        // Teams joins and splits multi-select values with commas, without spaces.
        ...(Array.isArray(current) && current.length > 0
          ? { value: current.map(String).join(',') }
          : shown !== undefined
            ? { value: shown.replace(/\s*,\s*/g, ',') }
            : {}),
      };
    case 'yes-no':
      return {
        type: 'Input.Toggle',
        id: base.id,
        title: field.label,
        valueOn: 'true',
        valueOff: 'false',
        value: yes(current) ? 'true' : 'false',
      };
    case 'number': {
      const number = shown === undefined ? undefined : Number(shown.replaceAll(',', '').replaceAll('_', ''));
      return {
        type: 'Input.Number',
        ...base,
        ...(number !== undefined && Number.isFinite(number) ? { value: number } : {}),
      };
    }
    default: {
      const placeholder = PLACEHOLDERS[field.kind];
      return {
        type: 'Input.Text',
        ...base,
        ...(placeholder ? { placeholder } : {}),
        ...(shown !== undefined ? { value: shown } : {}),
      };
    }
  }
}

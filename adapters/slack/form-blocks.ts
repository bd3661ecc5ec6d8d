import type { types } from '@slack/bolt';
import type { FieldOption, FormField } from '../../src/conversation/index.js';
import { LIMITS } from './limits.js';
import { plain } from './mrkdwn.js';

/**
 * Form fields as modal input blocks, by kind only (never by field id), and the submitted state back to
 * the answers the flow checks. Each input's block id carries the view's version, so Slack does not keep
 * what was typed on one step in the same-named field of the next (it keeps input state per block id).
 */

const ACTION = 'value';
/** Few enough choices to show them all at once (Slack's radio buttons and checkboxes hold 10). */
const INLINE_CHOICES = 10;
const PLACEHOLDERS: Partial<Record<FormField['kind'], string>> = {
  'principal-list': 'IAM role names or role ARNs, separated by commas',
  'text-list': 'Separate entries with commas',
  'account-id': '12-digit AWS account id',
  number: 'A number',
};

export function fieldBlockId(version: number, fieldId: string): string {
  return `f${version}:${fieldId}`;
}

/** The field id of a field's block id; undefined for blocks that are not fields. */
export function fieldIdOf(blockId: string): string | undefined {
  const match = /^f\d+:(.+)$/s.exec(blockId);
  return match?.[1];
}

function option(choice: FieldOption): types.PlainTextOption {
  return { text: plain(choice.label || choice.value, LIMITS.optionText), value: choice.value };
}

const asList = (value: unknown): string[] =>
  value === undefined || value === null
    ? []
    : Array.isArray(value)
      ? value.map(String)
      : String(value)
          .split(/[\s,;]+/)
          .filter((part) => part !== '');

/** What the form shows first: the current answer, else the suggestion. */
function shown(field: FormField): unknown {
  return field.value ?? field.suggested;
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value);
  return text.trim() === '' ? undefined : text;
}

/** Every option value fits Slack's 150 characters: else the field is typed as text instead. */
function choicesFit(field: FormField): field is FormField & { options: FieldOption[] } {
  const options = field.options ?? [];
  return (
    options.length > 0 &&
    options.length <= LIMITS.optionsPerSelect * LIMITS.optionGroups &&
    options.every((o) => o.value.length > 0 && o.value.length <= LIMITS.optionValue)
  );
}

/** Over 100 choices go into groups of 100, as Slack's selects allow. */
type PlainGroup = { label: types.PlainTextElement; options: types.PlainTextOption[] };

function selectOptions(options: FieldOption[]): { options: types.PlainTextOption[] } | { option_groups: PlainGroup[] } {
  if (options.length <= LIMITS.optionsPerSelect) return { options: options.map(option) };
  const groups: PlainGroup[] = [];
  for (let at = 0; at < options.length; at += LIMITS.optionsPerSelect) {
    const chunk = options.slice(at, at + LIMITS.optionsPerSelect);
    groups.push({
      label: plain(`${chunk[0]?.label ?? ''} – ${chunk.at(-1)?.label ?? ''}`, LIMITS.optionText),
      options: chunk.map(option),
    });
  }
  return { option_groups: groups };
}

function textInput(field: FormField, placeholder?: string): types.PlainTextInput {
  const initial = asText(shown(field));
  return {
    type: 'plain_text_input',
    action_id: ACTION,
    ...(initial !== undefined ? { initial_value: initial.slice(0, LIMITS.plainTextInitial) } : {}),
    ...(placeholder ? { placeholder: plain(placeholder, LIMITS.placeholder) } : {}),
  };
}

function singleChoice(field: FormField & { options: FieldOption[] }): types.InputBlockElement {
  const current = asText(shown(field));
  const chosen = field.options.find((o) => o.value === current);
  const initial = chosen ? { initial_option: option(chosen) } : {};
  if (field.options.length <= INLINE_CHOICES) {
    return { type: 'radio_buttons', action_id: ACTION, options: field.options.map(option), ...initial };
  }
  return {
    type: 'static_select',
    action_id: ACTION,
    placeholder: plain('Choose one', LIMITS.placeholder),
    ...selectOptions(field.options),
    ...initial,
  };
}

function multiChoice(field: FormField & { options: FieldOption[] }): types.InputBlockElement {
  const current = new Set(asList(shown(field)));
  const chosen = field.options.filter((o) => current.has(o.value)).map(option);
  const initial = chosen.length > 0 ? { initial_options: chosen } : {};
  if (field.options.length <= INLINE_CHOICES) {
    return { type: 'checkboxes', action_id: ACTION, options: field.options.map(option), ...initial };
  }
  return {
    type: 'multi_static_select',
    action_id: ACTION,
    placeholder: plain('Choose one or more', LIMITS.placeholder),
    ...selectOptions(field.options),
    ...initial,
  };
}

const YES_NO: FieldOption[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

function elementFor(field: FormField): types.InputBlockElement {
  switch (field.kind) {
    case 'select':
      return choicesFit(field) ? singleChoice(field) : textInput(field, 'Type one of the choices');
    case 'multi-select':
      return choicesFit(field) ? multiChoice(field) : textInput(field, 'Separate choices with commas');
    case 'yes-no': {
      const value = shown(field);
      const answer = typeof value === 'boolean' ? (value ? 'yes' : 'no') : asText(value)?.toLowerCase();
      return singleChoice({ ...field, options: YES_NO, value: answer, suggested: undefined });
    }
    case 'number': {
      const initial = asText(shown(field));
      const numeric = initial !== undefined && Number.isFinite(Number(initial)) ? { initial_value: initial } : {};
      return {
        type: 'number_input',
        action_id: ACTION,
        is_decimal_allowed: true,
        ...numeric,
        placeholder: plain(PLACEHOLDERS.number ?? '', LIMITS.placeholder),
      };
    }
    default:
      return textInput(field, PLACEHOLDERS[field.kind]);
  }
}

/** One input block per field; an error shown by re-rendering (not by `errors`) goes in the hint. */
export function fieldBlock(field: FormField, version: number): types.InputBlock {
  const hint = [field.error ? `⚠️ ${field.error}` : '', field.help ?? ''].filter(Boolean).join(' — ');
  return {
    type: 'input',
    block_id: fieldBlockId(version, field.id),
    label: plain(field.label, LIMITS.inputLabel),
    optional: !field.required,
    element: elementFor(field),
    ...(hint ? { hint: plain(hint, LIMITS.inputHint) } : {}),
  };
}

/** One input's state as Slack submits it (view.state.values[block][action]). */
export interface InputState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
}

/** A submitted input's answer, as the flow reads it: text, a choice, or a list of choices. */
export function answerOf(state: InputState | undefined): string | string[] {
  if (!state) return '';
  if (state.selected_options !== undefined) return (state.selected_options ?? []).map((o) => o.value);
  if (state.selected_option !== undefined) return state.selected_option?.value ?? '';
  return state.value ?? '';
}

/** The form's answers by field id, from a view's submitted state; blocks that are not fields are left out. */
export function formValues(values: Record<string, Record<string, InputState>> | undefined): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const fieldId = fieldIdOf(blockId);
    if (fieldId !== undefined) answers[fieldId] = answerOf(actions[ACTION]);
  }
  return answers;
}

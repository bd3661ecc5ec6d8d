import type { z } from 'zod';
import { type Coerced, coerceField, type FieldKind } from '../forms/coerce.js';
import { closest } from '../forms/suggest.js';
import type { Cursor, Draft } from './draft.js';

export interface FieldOption {
  value: string;
  label: string;
  /** Other spellings accepted for this value (e.g. decentralised for decentralized). */
  aliases?: string[];
}

/**
 * When a question matters: any of these holds for the answers of the same form. Data, so every
 * adapter can decide alike (the terminal skips the question; a form may show it with a hint).
 */
export interface FieldCondition {
  field: string;
  /** The other answer is one of these values. */
  oneOf?: string[];
  /** The other answer (a list) includes one of these values. */
  includesAny?: string[];
  /** The other answer is not blank. */
  answered?: true;
}

/** One question of a form step; adapters render it by kind. */
export interface FieldSpec {
  id: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  help?: string;
  options?: FieldOption[];
  /** Offered when there is no answer yet. */
  suggested?: Coerced;
  /** What the question means for the keys, in two or three sentences (the terminal's :help). */
  explain: string;
  /**
   * Has a sensible default: the terminal takes it on the first pass and asks it when the item is
   * edited from the review; forms that show every field at once show it filled in.
   */
  advanced?: boolean;
  /** Asked only when one of these holds; otherwise its answer is ignored. */
  askIf?: FieldCondition[];
  /** Checks one answer alone the moment it is typed; the whole form is checked again on submit. */
  check?: (value: Coerced, state: StepState) => string | undefined;
}

export interface StepState {
  draft: Draft;
  cursor: Cursor;
  /** Answers of the form in progress (typed so far), for suggestions that follow them. */
  answers: Record<string, unknown>;
}

export type FieldErrors = Record<string, string>;
export type StepValues = Record<string, Coerced>;

export type ApplyResult = { ok: true; draft: Draft } | { ok: false; errors: FieldErrors };

/** A submission as the machine sees it: applied, with the answers it was made of. */
export type SubmitResult =
  | { ok: true; draft: Draft; values: StepValues }
  | { ok: false; errors: FieldErrors; values: StepValues };

export interface StepSpec {
  id: string;
  title(state: StepState): string;
  help: string;
  fields(state: StepState): FieldSpec[];
  /** The answers already given, to fill the form in again (edit, back, resume). */
  values(state: StepState): StepValues;
  apply(state: StepState, values: StepValues): ApplyResult;
}

function conditionHolds(condition: FieldCondition, answers: Record<string, unknown>): boolean {
  const raw = answers[condition.field];
  const list = Array.isArray(raw) ? raw.map(String) : raw === undefined || raw === null ? [] : [String(raw)];
  if (condition.answered) return list.some((item) => item.trim() !== '');
  if (condition.oneOf) return list.length === 1 && condition.oneOf.includes(list[0] as string);
  if (condition.includesAny) return list.some((item) => condition.includesAny?.includes(item));
  return true;
}

/** Whether a conditional question applies to these answers (unconditional ones always do). */
export function applies(field: Pick<FieldSpec, 'askIf'>, answers: Record<string, unknown>): boolean {
  return !field.askIf || field.askIf.some((condition) => conditionHolds(condition, answers));
}

/** An option's value for what was typed (value, label or alias, any case), or undefined. */
function optionValue(field: FieldSpec, typed: string): string | undefined {
  const lower = typed.toLowerCase();
  return field.options?.find(
    (o) =>
      o.value.toLowerCase() === lower ||
      o.label.toLowerCase() === lower ||
      o.aliases?.some((alias) => alias.toLowerCase() === lower),
  )?.value;
}

function notAChoice(field: FieldSpec, unknown: string[]): string {
  const options = field.options ?? [];
  const values = options.map((o) => o.value);
  const guesses = unknown.map((u) => closest(u, values)).filter((g): g is string => g !== undefined);
  const list = `${values.slice(0, 12).join(', ')}${values.length > 12 ? ', …' : ''}`;
  const which = unknown.map((u) => JSON.stringify(u)).join(', ');
  const guess = guesses.length > 0 ? `; did you mean ${guesses.join(', ')}?` : '';
  return `${which} ${unknown.length === 1 ? 'is' : 'are'} not one of the choices${guess} (choose from ${list})`;
}

/** One answer, coerced and checked alone: its value, or why it is refused. */
export function coerceAnswer(
  field: FieldSpec,
  raw: unknown,
  state: StepState,
): { ok: true; value: Coerced } | { ok: false; error: string } {
  const result = coerceField(field.kind, raw);
  if (!result.ok) return result;
  let value = result.value;
  if (value !== undefined && field.options && field.kind !== 'text') {
    const chosen = Array.isArray(value) ? value : [String(value)];
    const resolved = chosen.map((c) => optionValue(field, c));
    const unknown = chosen.filter((_, i) => resolved[i] === undefined);
    if (unknown.length > 0) return { ok: false, error: notAChoice(field, unknown) };
    value = Array.isArray(value) ? (resolved as string[]) : resolved[0];
  }
  if (value === undefined) return { ok: true, value };
  const error = field.check?.(value, state);
  return error === undefined ? { ok: true, value } : { ok: false, error };
}

/**
 * Coerces every field of a submission. A field whose condition fails on the other (coerced) answers is
 * left out; an unknown field id or a bad value is an error on that field; so is a blank required one.
 */
export function coerceValues(
  fields: readonly FieldSpec[],
  raw: Record<string, unknown>,
  state: StepState,
): { values: StepValues; errors: FieldErrors } {
  const values: StepValues = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const result = coerceAnswer(field, raw[field.id], state);
    if (!result.ok) {
      errors[field.id] = result.error;
      continue;
    }
    const value = result.value ?? field.suggested;
    if (value === undefined && field.required) errors[field.id] = `${field.label} is required`;
    else values[field.id] = value;
  }
  for (const field of fields) {
    if (applies(field, values)) continue;
    delete values[field.id];
    delete errors[field.id];
  }
  for (const key of Object.keys(raw)) {
    if (!fields.some((f) => f.id === key)) errors[key] = `there is no question "${key}" on this step`;
  }
  return { values, errors };
}

/** Maps zod issues onto field ids: the first path segment that names a field wins. */
export function errorsFromZod(error: z.ZodError, fieldOf: (path: readonly PropertyKey[]) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A zod schema as a one-answer check: its first message, or nothing. */
export function checkWith(schema: z.ZodType): (value: Coerced) => string | undefined {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? undefined : parsed.error.issues[0]?.message;
  };
}

/** Checks each item of a list answer with a zod schema. */
export function checkEach(schema: z.ZodType): (value: Coerced) => string | undefined {
  return (value) => {
    for (const item of Array.isArray(value) ? value : [value]) {
      const parsed = schema.safeParse(item);
      if (!parsed.success) return parsed.error.issues[0]?.message;
    }
    return undefined;
  };
}

export function asString(value: Coerced): string {
  return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
}

export function asList(value: Coerced): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
}

import type { z } from 'zod';
import { type Coerced, coerceField, type FieldKind } from '../forms/coerce.js';
import type { Cursor, Draft } from './draft.js';

export interface FieldOption {
  value: string;
  label: string;
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
}

export interface StepState {
  draft: Draft;
  cursor: Cursor;
}

export type FieldErrors = Record<string, string>;
export type StepValues = Record<string, Coerced>;

export type ApplyResult = { ok: true; draft: Draft } | { ok: false; errors: FieldErrors };

export interface StepSpec {
  id: string;
  title(state: StepState): string;
  help: string;
  fields(state: StepState): FieldSpec[];
  /** The answers already given, to fill the form in again (edit, back, resume). */
  values(state: StepState): StepValues;
  apply(state: StepState, values: StepValues): ApplyResult;
}

/** Coerces every field of a submission; an unknown field id or a bad value is an error on that field. */
export function coerceValues(
  fields: readonly FieldSpec[],
  raw: Record<string, unknown>,
): { values: StepValues; errors: FieldErrors } {
  const values: StepValues = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const result = coerceField(field.kind, raw[field.id]);
    if (!result.ok) {
      errors[field.id] = result.error;
      continue;
    }
    const value = result.value ?? field.suggested;
    if (value === undefined && field.required) {
      errors[field.id] = `${field.label} is required`;
      continue;
    }
    if (value !== undefined && field.options && field.kind !== 'text') {
      const allowed = new Set(field.options.map((o) => o.value));
      const chosen = Array.isArray(value) ? value : [String(value)];
      const unknown = chosen.filter((c) => !allowed.has(c));
      if (unknown.length > 0) {
        errors[field.id] = `${unknown.join(', ')} is not one of the choices (${field.options
          .slice(0, 12)
          .map((o) => o.value)
          .join(', ')}${field.options.length > 12 ? ', …' : ''})`;
        continue;
      }
    }
    values[field.id] = value;
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

export function asString(value: Coerced): string {
  return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
}

export function asList(value: Coerced): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
}

import { z } from 'zod';

/**
 * Field kinds every adapter renders, and how a chat value of each kind becomes data. Slack sends
 * arrays for multi-selects, the terminal sends a line of text: both are accepted here so every
 * adapter validates the same way.
 */
export const FIELD_KINDS = [
  'text',
  'select',
  'multi-select',
  'number',
  'yes-no',
  'principal-list',
  'account-id',
  'text-list',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const listFromText = (value: string) =>
  value
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

const ListValue = z.union([
  z.array(z.string()).transform((items) => items.map((i) => i.trim()).filter((i) => i !== '')),
  z.string().transform(listFromText),
]);

function yesNo(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const value = String(raw).trim().toLowerCase();
  if (['y', 'yes', 'true', '1', 'on'].includes(value)) return true;
  if (['n', 'no', 'false', '0', 'off'].includes(value)) return false;
  return undefined;
}

function numberOf(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const n = Number(String(raw).trim().replaceAll('_', '').replaceAll(',', ''));
  return Number.isFinite(n) ? n : undefined;
}

const TextValue = z.union([z.string(), z.number().transform(String)]).transform((value) => value.trim());

export type Coerced = string | number | boolean | string[] | undefined;

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** Chat value → typed value; blank is `undefined`, the caller decides if that is allowed. */
export function coerceField(
  kind: FieldKind,
  raw: unknown,
): { ok: true; value: Coerced } | { ok: false; error: string } {
  if (isBlank(raw) || (Array.isArray(raw) && raw.length === 0)) return { ok: true, value: undefined };
  if (kind === 'yes-no') {
    const value = yesNo(raw);
    return value === undefined ? { ok: false, error: 'answer yes or no' } : { ok: true, value };
  }
  if (kind === 'number') {
    const value = numberOf(raw);
    return value === undefined ? { ok: false, error: 'enter a number, e.g. 365' } : { ok: true, value };
  }
  const schema = kind === 'multi-select' || kind === 'principal-list' || kind === 'text-list' ? ListValue : TextValue;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid value' };
  return { ok: true, value: parsed.data };
}

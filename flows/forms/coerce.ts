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

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  millions: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

/** "2000000", "2,000,000", "2_000_000", "2M", "2 million" and "1.5k" are all numbers people type. */
function numberOf(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const text = String(raw).trim().toLowerCase().replaceAll('_', '').replaceAll(',', '');
  const match = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(text);
  if (!match) return undefined;
  const multiplier = match[2] === '' ? 1 : MULTIPLIERS[match[2] as string];
  if (multiplier === undefined) return undefined;
  const n = Number(match[1]) * multiplier;
  return Number.isFinite(n) ? Math.round(n * 1e6) / 1e6 : undefined;
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
    return value === undefined
      ? { ok: false, error: `"${String(raw).trim()}" is not a number; type digits, e.g. 2000000 or 2M` }
      : { ok: true, value };
  }
  const schema = kind === 'multi-select' || kind === 'principal-list' || kind === 'text-list' ? ListValue : TextValue;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid value' };
  return { ok: true, value: parsed.data };
}

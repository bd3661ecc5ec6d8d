import { parseArgs } from 'node:util';
import { KeyplanError } from '../core/errors.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Strict argument parsing: an unknown flag or a missing value is a usage error naming the flag. */
export function parseCommandArgs<T extends OptionSpec>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error);
    throw new KeyplanError('USAGE', `keyplan ${command}: ${message}. Run \`keyplan ${command} --help\` for usage.`);
  }
}

export function oneOf<const V extends readonly string[]>(
  command: string,
  flag: string,
  value: string | undefined,
  allowed: V,
  fallback: V[number],
): V[number] {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as V[number];
  throw new KeyplanError(
    'USAGE',
    `keyplan ${command}: --${flag} must be one of ${allowed.join(', ')} (got "${value}").`,
  );
}

import { parseDocument } from 'yaml';
import { KeyplanError } from './core/errors.js';
import { type Profile, parseProfile } from './core/index.js';

/**
 * Turns profile text (YAML, or JSON, which is YAML too) into data for the core to validate.
 * Lives outside src/core so the core stays free of parsers.
 */
export function parseProfileText(text: string, source = 'profile'): unknown {
  if (text.trim() === '') {
    throw new KeyplanError('PROFILE_UNREADABLE', `${source} is empty: write a profile in YAML or JSON (see examples/)`);
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const where = error.linePos?.[0] ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    const first = error.message.split('\n')[0] ?? error.message;
    throw new KeyplanError(
      'PROFILE_UNREADABLE',
      `${source} is not valid YAML or JSON${where}: ${first}. Fix the syntax (indentation, quotes, brackets) and try again.`,
      [{ path: '', message: first }],
    );
  }
  return document.toJS({ maxAliasCount: 100 });
}

/** Text → validated profile, or a KeyplanError naming the line or field. */
export function readProfileText(text: string, source = 'profile'): Profile {
  return parseProfile(parseProfileText(text, source));
}

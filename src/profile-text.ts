import { Lexer, parseDocument } from 'yaml';
import { KeyplanError } from './core/errors.js';
import { type Profile, parseProfile } from './core/index.js';

/**
 * Limits on the text itself, checked before the YAML parser builds anything: the parser recurses per
 * nesting level (10,000 levels exhaust its memory) and aliases can multiply a small file into a huge one.
 * A profile nests about eight levels deep and needs no aliases at all. README.md, "Limits", lists them.
 */
export const TEXT_LIMITS = { nestingDepth: 32, aliases: 100 } as const;

interface TextShape {
  depth: number;
  aliases: number;
}

/**
 * Nesting depth and alias count from the YAML lexer's tokens, which it produces in one pass without
 * recursion: flow brackets, block indentation and `- ` / `? ` indicators each add a level. It may count
 * a level more than the parser would, never fewer.
 */
function measure(text: string): TextShape {
  let flow = 0;
  let depth = 0;
  let aliases = 0;
  const indents: number[] = [];
  let lineStart = true;
  let lineIndent = 0;
  let indicators = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '\n' || token === '\r\n') {
      lineStart = true;
      lineIndent = 0;
      indicators = 0;
      continue;
    }
    if (/^[ \t]+$/.test(token)) {
      if (lineStart) lineIndent = token.length;
      continue;
    }
    if (token.startsWith('#')) continue;
    if (lineStart && flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= lineIndent) indents.pop();
      indents.push(lineIndent);
    }
    lineStart = false;
    if (token === '[' || token === '{') flow += 1;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '-' || token === '?') indicators += 1;
    else if (token.startsWith('*')) aliases += 1;
    depth = Math.max(depth, indents.length + indicators + flow);
  }
  return { depth, aliases };
}

/**
 * A syntax error named once, at its line and column, with the line itself and a caret under the spot:
 * the parser's own message without its repeated position.
 */
function syntaxError(
  text: string,
  source: string,
  message: string,
  at: { line: number; col: number } | undefined,
): KeyplanError {
  const what = (message.split('\n')[0] ?? message).replace(/\s+at line \d+, column \d+:?\s*$/, '').replace(/[.:]$/, '');
  if (!at) {
    return new KeyplanError(
      'PROFILE_UNREADABLE',
      `${source} is not valid YAML or JSON: ${what}. Fix the syntax and try again.`,
      [{ path: '', message: what }],
    );
  }
  const lines = text.split(/\r?\n/);
  // At the end of the text the parser points past the last line: show the last line with content.
  while (at.line > 1 && (lines[at.line - 1] ?? '').trim() === '') {
    at = { line: at.line - 1, col: (lines[at.line - 2] ?? '').length + 1 };
  }
  const line = (lines[at.line - 1] ?? '').replace(/\t/g, ' ');
  const shown = line.length > 120 ? `${line.slice(0, 117)}...` : line;
  const hint = /compact mappings|indent/i.test(what)
    ? 'Check the indentation of this line and the one below it: nested keys go two spaces further in.'
    : 'Fix the syntax (indentation, quotes, brackets) and try again.';
  return new KeyplanError(
    'PROFILE_UNREADABLE',
    `${source} is not valid YAML or JSON: ${what}, at line ${at.line}, column ${at.col}:\n  ${shown}\n  ${' '.repeat(Math.max(0, Math.min(at.col - 1, 120)))}^\n${hint}`,
    [{ path: `line ${at.line}, column ${at.col}`, message: what }],
  );
}

function unreadable(source: string, problem: string, fix: string): KeyplanError {
  return new KeyplanError('PROFILE_UNREADABLE', `${source} ${problem}. ${fix}`, [{ path: '', message: problem }]);
}

/**
 * Turns profile text (YAML, or JSON, which is YAML too) into data for the core to validate.
 * Lives outside src/core so the core stays free of parsers.
 */
export function parseProfileText(text: string, source = 'profile'): unknown {
  if (text.trim() === '') {
    throw new KeyplanError('PROFILE_UNREADABLE', `${source} is empty: write a profile in YAML or JSON (see examples/)`);
  }
  const shape = measure(text);
  if (shape.depth > TEXT_LIMITS.nestingDepth) {
    throw unreadable(
      source,
      `nests deeper than ${TEXT_LIMITS.nestingDepth} levels`,
      'A profile needs about eight: check the brackets and the indentation.',
    );
  }
  if (shape.aliases > TEXT_LIMITS.aliases) {
    throw unreadable(
      source,
      `uses ${shape.aliases} YAML aliases (*name); at most ${TEXT_LIMITS.aliases} are allowed`,
      'Write the repeated parts out instead.',
    );
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = document.errors[0];
  if (error) throw syntaxError(text, source, error.message, error.linePos?.[0]);
  try {
    return document.toJS({ maxAliasCount: TEXT_LIMITS.aliases });
  } catch (cause) {
    // The yaml package throws a ReferenceError when aliases expand too far (a "billion laughs" file).
    if (cause instanceof ReferenceError || cause instanceof RangeError) {
      throw unreadable(
        source,
        'expands its YAML aliases too far',
        'Write the repeated parts out instead of using aliases.',
      );
    }
    throw cause;
  }
}

/** A key plan (keyplan.json) has keys and counts; a profile has applications. */
function looksLikePlan(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'keys' in data && 'counts' in data && !('applications' in data);
}

/** Text → validated profile, or a KeyplanError naming the line or field. */
export function readProfileText(text: string, source = 'profile'): Profile {
  const data = parseProfileText(text, source);
  if (looksLikePlan(data)) {
    throw new KeyplanError(
      'PROFILE_INVALID',
      `${source} is a key plan (as in keyplan.json), not a profile: give the profile.yaml written beside it, or \`keyplan plans show\` to see a stored plan again`,
    );
  }
  return parseProfile(data);
}

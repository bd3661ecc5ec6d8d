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
  if (error) {
    const where = error.linePos?.[0] ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    const first = error.message.split('\n')[0] ?? error.message;
    throw new KeyplanError(
      'PROFILE_UNREADABLE',
      `${source} is not valid YAML or JSON${where}: ${first}. Fix the syntax (indentation, quotes, brackets) and try again.`,
      [{ path: '', message: first }],
    );
  }
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

/** Text → validated profile, or a KeyplanError naming the line or field. */
export function readProfileText(text: string, source = 'profile'): Profile {
  return parseProfile(parseProfileText(text, source));
}

/**
 * Text bound for a terminal (stdout, stderr, a prompt) that may hold names or endpoint answers nobody
 * vetted. A terminal acts on control characters: ESC starts colour, cursor and title sequences, CR
 * overwrites the line, C1 codes (U+0080–U+009F, CSI is U+009B) act like ESC on some terminals, and
 * bidirectional overrides reorder what the reader sees. Each such character becomes a visible escape
 * `\u{1b}`, so nothing is lost and nothing acts; a backslash that would read as the start of such an
 * escape is escaped too, which keeps the mapping reversible (see decodeTerminalText).
 */

/** Bidirectional formatting characters (Trojan Source) and the Unicode line and paragraph separators. */
const INVISIBLE_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/** A code point a terminal may act on rather than print. Lone surrogates count: they are not text. */
export function isUnsafeCodePoint(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    INVISIBLE_CONTROLS.has(codePoint) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff)
  );
}

/** The first character a terminal would act on, as `U+001B`, or null: for validation messages. */
export function firstUnsafeCharacter(text: string): string | null {
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    if (isUnsafeCodePoint(codePoint)) return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

export interface TerminalTextOptions {
  /** Keep line feeds and tabs (a report, a usage text); everything else is escaped either way. */
  multiline?: boolean;
  /**
   * Leave backslashes alone: for a last pass over text whose parts were escaped already, where only
   * safety matters and escaping the escapes again would garble them. The result is then not reversible.
   */
  keepBackslashes?: boolean;
}

const escaped = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;

export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  let out = '';
  let index = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    const kept = options.multiline === true && (codePoint === 0x0a || codePoint === 0x09);
    if (!kept && isUnsafeCodePoint(codePoint)) out += escaped(codePoint);
    else if (codePoint === 0x5c && options.keepBackslashes !== true && text.startsWith('u{', index + 1)) {
      out += escaped(codePoint);
    } else out += char;
    index += char.length;
  }
  return out;
}

/** The inverse of terminalText: `\u{hex}` back to its character. */
export function decodeTerminalText(text: string): string {
  return text.replace(/\\u\{([0-9a-f]{1,6})\}/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));
}

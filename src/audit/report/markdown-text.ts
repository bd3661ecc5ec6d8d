import { terminalText } from '../../core/text/terminal-text.js';

/**
 * Markdown for text the endpoint chose (aliases, key ids, tag values, policy Sids): it stays on its
 * line, cannot open a heading, link, HTML tag, code span or table cell, and cannot drive a terminal
 * when the report is printed. Line breaks and control characters become visible `\u{…}` escapes.
 */

const INLINE_SPECIALS = /[\\`*_[\]<>|&~]/g;

/** Text inside a paragraph, list item or table cell. */
export function mdText(text: string): string {
  return terminalText(text).replace(INLINE_SPECIALS, (char) => `\\${char}`);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An inline code span inside a table cell: a fence longer than any backtick run, pipes escaped for the table. */
export function mdCodeCell(text: string): string {
  const flat = terminalText(text);
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.trim() === '' ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A fenced code block whose fence no line of the content can close. */
export function mdFence(language: string, content: string): string[] {
  const body = terminalText(content, { multiline: true });
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return [`${fence}${language}`, body, fence];
}

/** JSON text with the characters a terminal acts on that JSON.stringify leaves raw (DEL, C1, bidi) escaped. */
export function terminalSafeJson(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (char) => `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
}

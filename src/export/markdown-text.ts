/**
 * Markdown building blocks that keep plan text (names, notes, policies) from changing the document's
 * structure. `text()` is the one escape for Markdown text: it is tested against cmark-gfm, GitHub's
 * CommonMark parser, in every context the report uses (heading, paragraph, list item, table cell).
 */

/** Markdown the report wrote itself: table() passes it through instead of escaping it as text. */
export class Markdown {
  constructor(readonly source: string) {}
}

/** ASCII punctuation that can open or close a construct anywhere in a line: always backslash-escaped. */
const ALWAYS = new Set('\\`*_[]<>#+|~&'.split(''));

/**
 * Characters written as numeric character references: controls (CommonMark line endings among them),
 * the Unicode line and paragraph separators, and the byte-order mark. A reference is text, never
 * structure, and decodes to the character itself. NUL is written as U+FFFD, the character CommonMark
 * puts in its place (§2.3), so the output says what every renderer shows.
 */
function asReference(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

/**
 * Markdown source whose rendered text is exactly `value`, adding no element: no heading, list, table
 * cell, emphasis, link, HTML or entity can come out of it, wherever on a line it is placed.
 * Punctuation that only matters in a few places is escaped only there, to keep the source readable:
 * a leading `-`, `=` or list number (`1.`, `1)`), the `:` of a URL scheme and the `.` of `www.`
 * (GitHub's autolinks). GitHub still links an e-mail address as itself (that extension ignores
 * escapes); it adds a link, never text.
 */
export function text(value: string): string {
  const chars = [...value];
  const leadingNumber = /^\d{1,9}(?=[.)])/.exec(value)?.[0].length ?? -1;
  const space = (ch: string | undefined) => ch !== undefined && /\p{Zs}/u.test(ch);
  let firstVisible = 0;
  while (space(chars[firstVisible])) firstVisible++;
  let lastVisible = chars.length - 1;
  while (lastVisible >= 0 && space(chars[lastVisible])) lastVisible--;
  let out = '';
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0) as number;
    // Spaces at either end would be trimmed from a heading, a paragraph or a table cell, and any
    // Unicode space there would stop a `**` around the text from opening or closing emphasis.
    const edgeSpace = i < firstVisible || i > lastVisible;
    if (code === 0) out += '\uFFFD';
    else if (asReference(code) || edgeSpace) out += `&#${code};`;
    else if (ALWAYS.has(ch)) out += `\\${ch}`;
    else if (i === 0 && (ch === '-' || ch === '=')) out += `\\${ch}`;
    else if (i === leadingNumber) out += `\\${ch}`;
    else if (ch === ':' && chars[i + 1] === '/') out += '\\:';
    else if (ch === '.' && /www$/i.test(value.slice(0, i))) out += '\\.';
    else out += ch;
  });
  return out;
}

/** Characters a code span cannot hold literally (§6.1: line endings become spaces, no escapes inside). */
const NOT_IN_CODE_SPAN = /[\p{Cc}\u2028\u2029\ufeff\\|`]/u;

/**
 * An inline code span holding exactly `value` (aliases, ARNs). Text a code span cannot carry as it
 * is — controls, line breaks, backticks, backslashes or pipes (which a table cell would split at) —
 * is written as escaped text() instead, so it is still shown exactly.
 */
export function code(value: string): string {
  if (value === '' || NOT_IN_CODE_SPAN.test(value) || /^ | $/.test(value)) return text(value);
  return `\`${value}\``;
}

/** A table of text cells (escaped with text()) or Markdown the report wrote (code spans, emphasis). */
export function table(headers: readonly string[], rows: readonly (readonly (string | Markdown)[])[]): string {
  const cellSource = (cell: string | Markdown) => (cell instanceof Markdown ? cell.source : text(cell));
  const line = (cells: readonly (string | Markdown)[]) => `| ${cells.map(cellSource).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Text inside raw HTML (a `<summary>`): HTML's special characters, and every control or line break,
 * as character references, so the text can neither close the tag nor end the HTML block (a blank line would).
 */
export function html(value: string): string {
  return [...value]
    .map((ch) => {
      const code = ch.codePointAt(0) as number;
      return '&<>"\''.includes(ch) || asReference(code) || code === 0 ? `&#${code === 0 ? 0xfffd : code};` : ch;
    })
    .join('');
}

/** A fenced code block holding `content` as it is: the fence is longer than any backtick run inside. */
export function fencedBlock(content: string, info: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

export function md(source: string): Markdown {
  return new Markdown(source);
}

export function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Markdown building blocks that keep plan text (names, notes) from breaking the document's structure. */

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/g;

/**
 * Table cell text: backslashes and pipes escaped (GitHub's table parser would otherwise split the
 * cell at `|`, also after an input backslash), line breaks as `<br>` so the row stays one line.
 */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(LINE_BREAK, '<br>');
}

/** Text on one line (a heading or a list item): a line break would end it or start a new block. */
export function inline(text: string): string {
  return text.replace(LINE_BREAK, ' ');
}

/** An inline code span whose fence is longer than any run of backticks inside it. */
export function code(text: string): string {
  const flat = inline(text);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

export function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

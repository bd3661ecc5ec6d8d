import { terminalText } from '../core/text/terminal-text.js';

/** Rows under a header, columns padded to their widest cell; every cell made safe for a terminal. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    terminalText(
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

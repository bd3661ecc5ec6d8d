import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code, html, md, table, text } from '../../src/export/markdown-text.js';
import { htmlText, renderGfm } from '../support/cmark.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';
import { fullUnicodeString } from './unicode.js';

/** What a renderer shows for a string: CommonMark puts U+FFFD where the text has NUL (§2.3). */
const shown = (value: string) => htmlText(value.replaceAll('\u0000', '\uFFFD'));

/** Each context the report puts text in, as Markdown and as the HTML cmark-gfm must make of it. */
function contexts(value: string): { markdown: string; html: string }[] {
  const h = shown(value);
  const codeHtml = code(value).startsWith('`') ? `<code>${h}</code>` : h;
  const cellHtml = (cell: string) =>
    `<table>\n<thead>\n<tr>\n<th>h</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>${cell}</td>\n</tr>\n</tbody>\n</table>\n`;
  return [
    { markdown: text(value), html: `<p>${h}</p>\n` },
    { markdown: `# KMS key plan: ${text(value)}`, html: `<h1>KMS key plan: ${h}</h1>\n` },
    { markdown: `### ${code(value)} (${text(value)})`, html: `<h3>${codeHtml} (${h})</h3>\n` },
    { markdown: `- ${text(value)}`, html: `<ul>\n<li>${h}</li>\n</ul>\n` },
    {
      markdown: `- **${text(value)}** (${text(value)}): ${text(value)}`,
      html: `<ul>\n<li><strong>${h}</strong> (${h}): ${h}</li>\n</ul>\n`,
    },
    { markdown: table(['h'], [[value]]), html: cellHtml(h) },
    { markdown: table(['h'], [[md(code(value))]]), html: cellHtml(codeHtml) },
  ];
}

/** GitHub links an e-mail address as itself whatever the escaping: the link adds no text. */
const withoutMailtoLinks = (html: string) => html.replace(/<a href="mailto:[^"]*">([^<]*)<\/a>/g, '$1');

describe('text() and code(): Markdown whose rendering is exactly the input', TOOL_TIMEOUT, () => {
  const values = fc.sample(fullUnicodeString({ minLength: 1, maxLength: 24 }), { numRuns: 600, seed: 11 });
  const cases = values.flatMap((value) => contexts(value).map((context) => ({ value, ...context })));
  // One cmark-gfm run for every case: a thematic break between them starts each one afresh.
  const SEPARATOR = '<hr />\n';
  const source = cases.map((c) => c.markdown).join('\n\n***\n\n');

  it('renders each case to exactly its text in its own element, and nothing else', () => {
    const parts = renderGfm(source, { autolink: false }).split(SEPARATOR);
    expect(parts).toHaveLength(cases.length);
    parts.forEach((html, i) => {
      expect(html, JSON.stringify(cases[i]?.value)).toBe(cases[i]?.html);
    });
  });

  it('with GitHub’s autolinks, adds nothing but e-mail links around the same text', () => {
    const plain = renderGfm(source, { autolink: false });
    expect(withoutMailtoLinks(renderGfm(source, { autolink: true }))).toBe(plain);
  });

  it('shows <script> as text and keeps a newline from starting a heading', () => {
    const html = renderGfm(
      [`# KMS key plan: ${text('<script>alert(1)</script>')}`, `- ${code('alias/x\n# injected')}`].join('\n'),
      {
        autolink: true,
      },
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<h1>injected|<h1>\s*injected/);
    expect((html.match(/<h1>/g) ?? []).length).toBe(1);
  });

  it('keeps a <summary> closed and the HTML block whole whatever the key name holds', () => {
    fc.assert(
      fc.property(fullUnicodeString({ maxLength: 24 }), (value) => {
        const rendered = renderGfm(`<details>\n<summary>${html(value)}</summary>\n\nbody\n\n</details>\n`, {
          autolink: false,
        });
        expect(rendered).toBe(`<details>\n<summary>${html(value)}</summary>\n<p>body</p>\n</details>\n`);
      }),
      { numRuns: 100 },
    );
    expect(html('</summary>\n\n# x<script>')).not.toMatch(/[<>\n]/);
  });
});

import { spawnSync } from 'node:child_process';

/**
 * cmark-gfm, the CommonMark parser GitHub renders Markdown with (Debian package cmark-gfm; .ci/run
 * installs it), with raw HTML let through as GitHub does before its sanitiser. A missing tool fails
 * the test loudly: it is never skipped.
 */
export function renderGfm(markdown: string, options: { autolink: boolean }): string {
  const extensions = ['table', 'strikethrough', 'tagfilter', ...(options.autolink ? ['autolink'] : [])];
  const result = spawnSync('cmark-gfm', ['--to', 'html', '--unsafe', ...extensions.flatMap((e) => ['-e', e])], {
    input: markdown,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`cmark-gfm could not be run (${result.error.message}): apt-get install cmark-gfm (see .ci/run)`);
  }
  if (result.status !== 0) throw new Error(`cmark-gfm failed: ${result.stderr}`);
  return result.stdout;
}

/** Text as cmark-gfm's HTML writer escapes it. */
export function htmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

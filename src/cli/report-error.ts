import { environmentSecrets } from '../config.js';
import { describeIssues, KeyplanError } from '../core/errors.js';
import { redactSecrets } from '../core/text/redact.js';
import { terminalText } from '../core/text/terminal-text.js';
import { type CliIo, EXIT } from './io.js';

/** Field problems listed before "… and N more": a hostile file can have a million. */
export const MAX_LISTED_ISSUES = 20;
/** A single line of an error longer than this is cut: it may quote a whole input value. */
export const MAX_LINE_CHARACTERS = 500;

function clip(line: string): string {
  if (line.length <= MAX_LINE_CHARACTERS) return line;
  return `${line.slice(0, MAX_LINE_CHARACTERS)}… (${(line.length - MAX_LINE_CHARACTERS).toLocaleString('en-US')} more characters)`;
}

/**
 * Text for stderr: secrets masked (known values, URL passwords, credential headers), every line
 * bounded, and control characters shown as escapes so nothing in a name or an endpoint's answer can
 * drive the terminal.
 */
export function printableError(text: string, knownSecrets: readonly string[] = []): string {
  const lines = redactSecrets(text, [...knownSecrets, ...environmentSecrets()])
    .split('\n')
    .map(clip);
  // Parts of a message may have been made terminal-safe already (a path in an output error): backslashes
  // stay as they are, so those are not escaped twice.
  return terminalText(lines.join('\n'), { multiline: true, keepBackslashes: true });
}

function issueList(error: KeyplanError): string {
  if (error.issues.length === 0 || error.code !== 'PROFILE_INVALID') return '';
  const shown = describeIssues(error.issues.slice(0, MAX_LISTED_ISSUES));
  const more = error.issues.length - MAX_LISTED_ISSUES;
  return `\n${shown}${more > 0 ? `\n… and ${more.toLocaleString('en-US')} more problems` : ''}`;
}

/** The exit code for an error, and one message without a stack trace; exit 1 is kept for bugs. */
export function reportError(error: unknown, io: CliIo, prefix = 'keyplan'): number {
  if (error instanceof KeyplanError) {
    const message = error.message.startsWith('keyplan') ? error.message : `${prefix}: ${error.message}`;
    io.stderr(`${printableError(`${message}${issueList(error)}`)}\n`);
    return error.code === 'INTERNAL' ? EXIT.unexpected : EXIT.badInput;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(
    `${printableError(`${prefix}: unexpected failure: ${message}`)}\nThis is a bug in keyplan: please report it with the command you ran.\n`,
  );
  return EXIT.unexpected;
}

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskUrlCredentials, redactOpaqueTokens, redactSecrets } from '../../src/core/text/redact.js';
import { shellArg } from '../../src/core/text/shell-arg.js';
import {
  decodeTerminalText,
  firstUnsafeCharacter,
  isUnsafeCodePoint,
  terminalText,
} from '../../src/core/text/terminal-text.js';

/**
 * The escaping functions keyplan owns outside the exports: terminal text and shell arguments, each
 * proved over arbitrary Unicode (every code point, control characters weighted up) to map back to
 * exactly the input, and redaction.
 */

/** Any code point, with the characters that matter here drawn far more often than chance would. */
const hostileUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u001b',
      '\u009b',
      '\r',
      '\n',
      '\t',
      '\u0000',
      '\u0007',
      '\u007f',
      '\u0085',
      '\u2028',
      '\u202e',
      '\\',
      'u',
      '{',
      '}',
      "'",
      '"',
      '$',
      '`',
      '(',
      ')',
      ';',
      '|',
      '*',
      ' ',
    ),
  },
);
const hostileText = fc.string({ unit: hostileUnit, maxLength: 40 });

function codePoints(text: string): number[] {
  return [...text].map((char) => char.codePointAt(0) as number);
}

describe('terminalText', () => {
  it('maps every string to one without a character a terminal acts on, and back to exactly the input', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, multiline) => {
        const out = terminalText(text, { multiline });
        const allowed = multiline ? [0x0a, 0x09] : [];
        expect(codePoints(out).filter((cp) => isUnsafeCodePoint(cp) && !allowed.includes(cp))).toEqual([]);
        expect(decodeTerminalText(out)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds nothing to text that has no control character and no escape-like backslash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        fc.pre(firstUnsafeCharacter(text) === null && !text.includes('\\u{'));
        expect(terminalText(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('shows ESC, CSI and a bidi override as escapes and names the first one', () => {
    expect(terminalText('a\u001b[31mred\u009b2J\u202eb')).toBe('a\\u{1b}[31mred\\u{9b}2J\\u{202e}b');
    expect(terminalText('line\nnext\r', { multiline: true })).toBe('line\nnext\\u{d}');
    expect(firstUnsafeCharacter('Acme\u0085Transform')).toBe('U+0085');
    expect(firstUnsafeCharacter('Acme Retail — Ünïcode ✓')).toBeNull();
  });
});

/** Runs every word through one `sh -c 'printf %s …'`, NUL-separated, and returns what the shell printed. */
function throughShell(words: readonly string[]): string[] {
  const script = words.map((word) => `printf %s ${shellArg(word)}; printf '\\000'`).join('\n');
  const run = spawnSync('sh', ['-c', script], { encoding: 'buffer', env: { PATH: process.env.PATH ?? '' } });
  expect(run.status).toBe(0);
  return run.stdout.toString('utf8').split('\0').slice(0, -1);
}

describe('shellArg', () => {
  it('is one shell word that prints back exactly the input (sh -c printf %s), whatever it holds', () => {
    const words = fc.sample(
      hostileText.filter((text) => !text.includes('\0')),
      { numRuns: 400, seed: 20260101 },
    );
    words.push('k1$(touch pwned)', '`id`', "it's", '', '-n', '*', '~root', 'a b\nc', '$HOME', '!!', 'x;rm -rf /');
    expect(throughShell(words)).toEqual(words);
  });

  it('leaves plain words bare and refuses NUL', () => {
    expect(shellArg('1234abcd-12ab-34cd-56ef-1234567890ab')).toBe('1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(shellArg('alias/orders/prod/confidential')).toBe('alias/orders/prod/confidential');
    expect(shellArg('k1$(touch pwned)')).toBe("'k1$(touch pwned)'");
    expect(() => shellArg('a\0b')).toThrow(RangeError);
  });
});

describe('redaction', () => {
  it('masks URL passwords, credential headers and signatures', () => {
    expect(maskUrlCredentials('see http://admin:pw@host:4566/x and postgres://u:p%40ss@db/k')).toBe(
      'see http://admin:***@host:4566/x and postgres://u:***@db/k',
    );
    const echoed = JSON.stringify({
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0123abcd',
      'x-amz-security-token': 'FwoGZXIvYXdzEJr//////////wEaDNotAToken',
    });
    const clean = redactSecrets(echoed);
    expect(clean).not.toContain('AKIDEXAMPLE');
    expect(clean).not.toContain('0123abcd');
    expect(clean).not.toContain('NotAToken');
  });

  it('removes every known secret wherever it appears', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.stringMatching(/^[A-Za-z0-9/+]{8,40}$/),
        fc.string({ unit: 'binary', maxLength: 30 }),
        (before, secret, after) => {
          expect(redactSecrets(`${before}${secret}${after}${secret}`, [secret])).not.toContain(secret);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('masks opaque tokens in endpoint text but keeps key ids, ARNs and aliases', () => {
    const token = 'IQoJb3JpZ2luX2VjEJr8wEaCXVzLWVhc3QtMSJHMEUCIQD7ExampleSessionToken0123456789';
    const text = `token ${token} for arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab alias/orders/prod/confidential-customer-records`;
    const out = redactOpaqueTokens(text);
    expect(out).not.toContain(token);
    expect(out).toContain('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(out).toContain('alias/orders/prod/confidential-customer-records');
  });
});

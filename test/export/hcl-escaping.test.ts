import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attr, block, comment, hclString, renderBody } from '../../src/export/hcl.js';
import { terraformFmt, terraformLocals } from '../support/terraform.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';
import { parseHcl } from './hcl-parse.js';
import { fullUnicodeString } from './unicode.js';

/**
 * Terraform keeps every string value in Unicode normal form C (its type system normalises strings on
 * creation, literals and function results alike), so text that is not NFC cannot survive in any
 * Terraform file; for NFC text — all names keyplan writes — the value is exactly the input.
 */
const terraformValue = (value: string) => value.normalize('NFC');

function localsFile(values: readonly string[]): string {
  return renderBody([
    ...values.map((value) => comment(value)),
    block(
      'locals',
      [],
      values.map((value, i) => attr(`v${i}`, value)),
    ),
  ]);
}

describe('hclString: one quoted HCL string, exactly the input', TOOL_TIMEOUT, () => {
  it('hcl2-parser reads back the input and nothing else, comments included', () => {
    // hcl2-parser (Go compiled to JavaScript) mis-normalises code points Unicode has not assigned yet,
    // which no name holds; Terraform itself, below, is checked on the whole range.
    const assigned = fullUnicodeString().filter((value) => !/\p{Cn}/u.test(value));
    fc.assert(
      fc.property(fc.array(assigned, { minLength: 1, maxLength: 5 }), (values) => {
        const parsed = parseHcl(localsFile(values)) as { locals: Record<string, unknown>[] };
        expect(Object.keys(parsed)).toEqual(['locals']);
        const expected = Object.fromEntries(values.map((value, i) => [`v${i}`, terraformValue(value)]));
        expect(parsed.locals).toEqual([expected]);
      }),
      { numRuns: 500 },
    );
  });

  it('terraform fmt accepts the file unchanged and terraform evaluates every string to the input', () => {
    const values = fc.sample(fullUnicodeString(), { numRuns: 300, seed: 10 });
    const text = localsFile(values);
    expect(terraformFmt(text)).toBe(text);
    const evaluated = terraformLocals(
      text,
      values.map((_, i) => `v${i}`),
    );
    values.forEach((value, i) => {
      expect(evaluated[`v${i}`], JSON.stringify(value)).toBe(terraformValue(value));
    });
  });

  it('keeps template introducers literal', () => {
    const introducers = ['$', '{var.x} %{ if true }'].join('');
    expect(hclString(introducers)).toBe(['"$$', '{var.x} %%{ if true }"'].join(''));
    expect(hclString('a\u0085b\u2028c')).toBe('"a\\u0085b\\u2028c"');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attr,
  block,
  comment,
  fromJson,
  HclCall,
  HclExpr,
  hclString,
  hclValue,
  isHclIdentifier,
  renderBody,
} from '../../src/export/hcl.js';
import { jsonencodeArgument, parseHcl } from './hcl-parse.js';

/** Characters and sequences that matter to HCL strings, mixed with arbitrary graphemes. */
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom('$', '%', '{', '}', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '#', '\u2028'),
    fc.constantFrom(`\${`, '%{', `$\${`, '%%{', `\${a}`, '%{ if true }'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

describe('hclString', () => {
  it('escapes quotes, backslashes, newlines and template introducers', () => {
    expect(hclString(`a "b" \\ \${x} %{y}\n`)).toBe(`"a \\"b\\" \\\\ $\${x} %%{y}\\n"`);
  });

  it('round-trips any string through a real HCL2 parser', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        // HCL normalises string literals to NFC, so that is the value it can give back.
        expect(parseHcl(`v = ${hclString(value)}\n`).v).toBe(value.normalize('NFC'));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a string that already contains an escape sequence literal', () => {
    expect(parseHcl(`v = ${hclString('$${a} %%{b}')}\n`).v).toBe('$${a} %%{b}');
  });
});

describe('hclValue', () => {
  it('round-trips JSON-like data, including keys that are not identifiers', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.boolean(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(
          tricky.filter((key) => key !== '__proto__'),
          tie('value'),
          { maxKeys: 3 },
        ),
      ),
    }));
    fc.assert(
      fc.property(json.value, (data) => {
        const normalised = JSON.parse(JSON.stringify(data).normalize('NFC'));
        expect(parseHcl(`v = ${hclValue(fromJson(data))}\n`).v).toEqual(normalised);
      }),
      { numRuns: 200 },
    );
  });

  it('quotes object keys that are reserved words so they stay strings', () => {
    const text = hclValue({ null: 'a', true: 'b', for: 'c', Plain: 'd' });
    expect(text).toContain('"null" = "a"');
    expect(parseHcl(`v = ${text}\n`).v).toEqual({ null: 'a', true: 'b', for: 'c', Plain: 'd' });
  });

  it('writes expressions and calls unquoted', () => {
    expect(hclValue(new HclExpr('aws.x'))).toBe('aws.x');
    expect(hclValue(new HclCall('jsonencode', { A: ['b'] }))).toBe('jsonencode({\n  A = ["b"]\n})');
    const parsed = parseHcl(`p = ${hclValue(new HclCall('jsonencode', { 'kms:Via': ['s3.x'], B: true }), '')}\n`).p;
    expect(jsonencodeArgument(parsed)).toEqual({ 'kms:Via': ['s3.x'], B: true });
  });

  it('refuses numbers HCL cannot write', () => {
    expect(() => hclValue(Number.NaN)).toThrow(/no literal/);
  });
});

describe('renderBody', () => {
  it('keeps a multi-line comment inside the comment', () => {
    const text = renderBody([comment('first\nleaked = "yes"'), attr('kept', 1)]);
    expect(parseHcl(text)).toEqual({ kept: 1 });
  });

  it('writes labelled blocks and aligns consecutive one-line attributes', () => {
    const text = renderBody([block('resource', ['aws_kms_key', 'k'], [attr('a', 1), attr('long_name', true)])]);
    expect(text).toBe('resource "aws_kms_key" "k" {\n  a         = 1\n  long_name = true\n}\n');
    expect(parseHcl(text)).toEqual({ resource: { aws_kms_key: { k: [{ a: 1, long_name: true }] } } });
  });

  it('rejects an attribute name that is not an identifier', () => {
    expect(() => renderBody([attr('not valid', 1)])).toThrow(/attribute name/);
  });
});

describe('isHclIdentifier', () => {
  it('accepts plain identifiers and rejects the rest', () => {
    expect(isHclIdentifier('aws_kms_key')).toBe(true);
    expect(isHclIdentifier('_x-1')).toBe(true);
    expect(isHclIdentifier('1abc')).toBe(false);
    expect(isHclIdentifier('kms:ViaService')).toBe(false);
    expect(isHclIdentifier('null')).toBe(false);
  });
});

/**
 * A small YAML writer: just what the CloudFormation export needs (block mappings and sequences,
 * scalars, comments), so that escaping lives in one place and is tested against the parsers that
 * read templates: the `yaml` package (YAML 1.1 and 1.2) and cfn-lint's PyYAML-based decoder.
 */

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const INDENT = '  ';

/** Escapes the YAML double-quoted style names; every other escaped character is written as \xNN or \uNNNN. */
const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0: '\\0',
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  27: '\\e',
  34: '\\"',
  92: '\\\\',
};

/**
 * Code points a YAML stream cannot carry as they are, or that a parser reads as a line break:
 * C0 controls, DEL, C1 controls (U+0085 is a line break in YAML 1.1), U+2028/U+2029 (line and
 * paragraph separators), the byte-order mark, the non-characters U+FFFE/U+FFFF and lone surrogates.
 */
function mustEscape(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * A double-quoted YAML scalar whose value is exactly `value`, on one line, in YAML 1.1 and 1.2:
 * quotes and backslashes escaped, and every character a parser could read as a line break or
 * reject (see mustEscape) written as an escape, so nothing in plan text can end the scalar.
 */
export function yamlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    const named = NAMED_ESCAPES[code];
    if (named !== undefined) out += named;
    else if (!mustEscape(code)) out += ch;
    else out += code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  }
  return `${out}"`;
}

/**
 * Text for a `#` comment line: a comment ends at the first line break, so every character that
 * could break the line or the stream is shown as a visible `\uNNNN` escape instead.
 */
export function yamlCommentText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    out += code !== 0x09 && mustEscape(code) ? `\\u${hex(code, 4)}` : ch;
  }
  return out;
}

/** One `#` line per entry; each entry is kept on its own line whatever it contains. */
export function yamlComment(lines: readonly string[], indent = ''): string {
  return lines.map((line) => `${indent}#${line === '' ? '' : ` ${yamlCommentText(line)}`}\n`).join('');
}

/** Words YAML 1.1 reads as booleans or null; as keys they are quoted so they stay strings. */
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

/** Keys written plain: identifiers and CloudFormation's `Fn::Name` intrinsic function keys. */
function yamlKey(key: string): string {
  return /^[A-Za-z][A-Za-z0-9]*(::[A-Za-z0-9]+)*$/.test(key) && !YAML11_WORDS.test(key) ? key : yamlString(key);
}

function isList(value: YamlValue): value is readonly YamlValue[] {
  return Array.isArray(value);
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`YAML export has no literal for ${value}`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

/** The lines of a value that does not fit after `key:` on one line, at `indent`; null for a one-line value. */
function inlineForm(value: YamlValue): string | null {
  if (value === null || typeof value !== 'object') return scalar(value);
  if (isList(value)) return value.length === 0 ? '[]' : null;
  return Object.keys(value).length === 0 ? '{}' : null;
}

function renderNode(value: YamlValue, indent: string): string {
  if (isList(value)) {
    return value
      .map((item) => {
        const one = inlineForm(item);
        if (one !== null) return `${indent}- ${one}\n`;
        // A nested block starts on the dash's line: its first line loses the indentation the dash takes.
        return `${indent}- ${renderNode(item, indent + INDENT).slice(indent.length + INDENT.length)}`;
      })
      .join('');
  }
  if (value === null || typeof value !== 'object') return `${indent}${scalar(value)}\n`;
  return Object.entries(value as Record<string, YamlValue>)
    .map(([key, item]) => {
      const one = inlineForm(item);
      return one !== null
        ? `${indent}${yamlKey(key)}: ${one}\n`
        : `${indent}${yamlKey(key)}:\n${renderNode(item, indent + INDENT)}`;
    })
    .join('');
}

/** A YAML document: the comment lines and a blank line (a comment on the document), then the value. */
export function renderYaml(value: YamlValue, commentLines: readonly string[] = []): string {
  const comment = commentLines.length > 0 ? `${yamlComment(commentLines)}\n` : '';
  return `${comment}${renderNode(value, '')}`;
}

/** Turns JSON data (a key policy) into a YAML value, dropping `undefined` like JSON.stringify does. */
export function yamlFromJson(value: unknown): YamlValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => yamlFromJson(item));
  if (typeof value === 'object') {
    const out: Record<string, YamlValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = yamlFromJson(item);
    }
    return out;
  }
  throw new Error(`not JSON data: ${typeof value}`);
}

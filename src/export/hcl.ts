/**
 * A small HCL2 writer: just what the Terraform export needs (blocks, attributes, comments and
 * literal values), so that escaping lives in one place and can be tested against a real parser.
 */

/** An expression written as-is, such as a reference (`aws.a111122223333_us_east_1`). */
export class HclExpr {
  constructor(readonly source: string) {}
}

/** A function call with one argument, e.g. `jsonencode({ ... })`, indented with its attribute. */
export class HclCall {
  constructor(
    readonly fn: string,
    readonly arg: HclValue,
  ) {}
}

export type HclValue =
  | string
  | number
  | boolean
  | null
  | HclExpr
  | HclCall
  | readonly HclValue[]
  | { readonly [key: string]: HclValue };

export type BodyItem =
  | { kind: 'attr'; name: string; value: HclValue }
  | { kind: 'comment'; text: string }
  | { kind: 'block'; type: string; labels: readonly string[]; body: readonly BodyItem[] }
  | { kind: 'blank' };

export const attr = (name: string, value: HclValue): BodyItem => ({ kind: 'attr', name, value });
export const comment = (text: string): BodyItem => ({ kind: 'comment', text });
export const blank: BodyItem = { kind: 'blank' };
export const block = (type: string, labels: readonly string[], body: readonly BodyItem[]): BodyItem => ({
  kind: 'block',
  type,
  labels,
  body,
});

const INDENT = '  ';
/** Words HCL gives a meaning to; as object keys they are quoted so they stay plain strings. */
const RESERVED = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endif', 'else', 'endfor']);

/** ASCII-only on purpose: every generated name must also be a valid Terraform resource name. */
export function isHclIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !RESERVED.has(name);
}

/**
 * Characters written as `\uNNNN` although HCL would take them raw: controls (C0, DEL, C1 — U+0085 is a
 * line break to some readers), the line and paragraph separators, the byte-order mark and U+FFFE/U+FFFF.
 * An editor or a diff tool then shows the file exactly as Terraform reads it.
 */
function escapedInHcl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff
  );
}

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/**
 * A quoted HCL string whose value is exactly `value`: escapes quotes, backslashes and control
 * characters, and doubles the template introducers (`${` → `$${`, `%{` → `%%{`) so nothing in the
 * plan can become an interpolation or a directive. Terraform keeps every string in Unicode normal
 * form C, so text that is not NFC comes back normalised; keyplan's own names are NFC.
 */
export function hclString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const next = value[i + 1];
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if ((ch === '$' || ch === '%') && next === '{') out += `${ch}${ch}`;
    else if (escapedInHcl(code)) out += `\\u${hex4(code)}`;
    else out += ch;
  }
  return `${out}"`;
}

function objectKey(key: string): string {
  return isHclIdentifier(key) ? key : hclString(key);
}

function isScalar(value: HclValue): boolean {
  return value === null || typeof value !== 'object' || value instanceof HclExpr;
}

/** Renders a value; `indent` is the indentation of the line the value starts on. */
export function hclValue(value: HclValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`HCL has no literal for ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof HclExpr) return value.source;
  if (value instanceof HclCall) return `${value.fn}(${hclValue(value.arg, indent)})`;
  const inner = indent + INDENT;
  if (isList(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every(isScalar) ? `[${value.map((item) => hclValue(item)).join(', ')}]` : null;
    if (flat !== null && indent.length + flat.length <= 100) return flat;
    return `[\n${value.map((item) => `${inner}${hclValue(item, inner)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = alignedAttributes(
    entries.map(([key, item]) => ({ name: objectKey(key), value: item })),
    inner,
  );
  return `{\n${lines.join('')}${indent}}`;
}

function isList(value: HclValue): value is readonly HclValue[] {
  return Array.isArray(value);
}

/** `name = value` lines, with the `=` of consecutive one-line attributes aligned as `terraform fmt` does. */
function alignedAttributes(items: readonly { name: string; value: HclValue }[], indent: string): string[] {
  const rendered = items.map((item) => ({ name: item.name, text: hclValue(item.value, indent) }));
  const lines: string[] = [];
  let run: typeof rendered = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((item) => item.name.length));
    for (const item of run) lines.push(`${indent}${item.name.padEnd(width)} = ${item.text}\n`);
    run = [];
  };
  for (const item of rendered) {
    if (item.text.includes('\n')) {
      flush();
      lines.push(`${indent}${item.name} = ${item.text}\n`);
    } else {
      run.push(item);
    }
  }
  flush();
  return lines;
}

/**
 * A `#` comment per line: a newline in plan text must not end the comment and leak into the code, and
 * other controls are shown as visible `\\uNNNN` escapes.
 */
export function hclComment(text: string, indent = ''): string {
  return text
    .split(/\r\n|\r|\n|\u0085|\u2028|\u2029/)
    .map((line) => {
      const shown = [...line]
        .map((ch) => (ch !== '\t' && escapedInHcl(ch.charCodeAt(0)) ? `\\u${hex4(ch.charCodeAt(0))}` : ch))
        .join('');
      return `${indent}#${shown === '' ? '' : ` ${shown}`}\n`;
    })
    .join('');
}

export function renderBody(items: readonly BodyItem[], indent = ''): string {
  let out = '';
  let attrs: { name: string; value: HclValue }[] = [];
  const flush = () => {
    out += alignedAttributes(attrs, indent).join('');
    attrs = [];
  };
  for (const item of items) {
    if (item.kind === 'attr') {
      if (!isHclIdentifier(item.name)) throw new Error(`not an HCL attribute name: ${item.name}`);
      attrs.push({ name: item.name, value: item.value });
      continue;
    }
    flush();
    if (item.kind === 'comment') out += hclComment(item.text, indent);
    else if (item.kind === 'blank') out += '\n';
    else {
      const labels = item.labels.map((label) => ` ${hclString(label)}`).join('');
      out += `${indent}${item.type}${labels} {\n${renderBody(item.body, indent + INDENT)}${indent}}\n`;
    }
  }
  flush();
  return out;
}

/** Turns JSON data (a key policy) into an HCL value, dropping `undefined` like JSON.stringify does. */
export function fromJson(value: unknown): HclValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => fromJson(item));
  if (typeof value === 'object') {
    const out: Record<string, HclValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = fromJson(item);
    }
    return out;
  }
  throw new Error(`not JSON data: ${typeof value}`);
}

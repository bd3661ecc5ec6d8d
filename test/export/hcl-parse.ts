import * as hcl from 'hcl2-parser';

/**
 * Parses HCL2 with hcl2-parser (hcl2json compiled to JS). It returns `[result, error]`, and its error
 * is an empty object, so a failure can only be reported as such. Expressions it cannot evaluate
 * (references, function calls) come back as their source text wrapped in `${...}`.
 */
export function parseHcl(text: string): Record<string, unknown> {
  const [result, error] = hcl.parseToObject(text) as [unknown, unknown];
  if (error !== null && error !== undefined) throw new Error('hcl2-parser rejected the text as HCL2');
  return result as Record<string, unknown>;
}

/**
 * The value of a `jsonencode(...)` attribute as data: hcl2-parser hands back the call's source, so its
 * argument is parsed again as an attribute of its own, which evaluates the literal object.
 */
export function jsonencodeArgument(parsed: unknown): unknown {
  if (typeof parsed !== 'string') throw new Error(`expected a jsonencode expression, got ${typeof parsed}`);
  const match = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(parsed);
  if (match === null) throw new Error(`not a jsonencode call: ${parsed.slice(0, 80)}`);
  return parseHcl(`value = ${match[1]}\n`).value;
}

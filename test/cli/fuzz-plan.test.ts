import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli.js';
import { isUnsafeCodePoint } from '../../src/core/text/terminal-text.js';
import { runBounded, STACK_TRACE } from '../support/spawn-bounded.js';
import { terminalControls } from '../support/terminal.js';

/**
 * `keyplan plan` over generated hostile profiles: the seed's Example 1 with fields replaced by hostile
 * values (control characters, huge or odd strings, wrong types, deep nesting, long lists), serialised as
 * YAML or JSON, sometimes cut or spliced. Whatever comes in, the answer is exit 0 or 2, never a stack
 * trace, never a character that drives the terminal; a sample runs as real processes under a heap cap.
 */

const RETAIL = parse(readFileSync(resolve(import.meta.dirname, '../../examples/retail.yaml'), 'utf8')) as unknown;
const FORMATS = ['markdown', 'json', 'terraform', 'cloudformation'] as const;

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    'Acme\u0085Transform: {Name: "AWS::Include"}\u0085#',
    '\u001b[31mred\u001b[0m',
    '\u001b]0;pwned\u0007',
    '<script>alert(1)</script>',
    `${'$'}{file("/etc/passwd")}`,
    '%{ for x in y }',
    'k1$(touch pwned)\'"`',
    '"; DROP TABLE conversations; --',
    '*',
    '',
    '   ',
    'alias/aws/s3',
    '111122223333',
    'us-east-1\nus-west-2',
    '\u202eevil',
    '\u0000',
  ),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** A nested value `depth` levels deep. */
const deep = fc.nat({ max: 60 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
});

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(-1), fc.constant(1e308), fc.boolean()) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `role-${i}`)) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces the value at a path chosen by `steps` (each picks a child) with `value`. */
function replaceAt(root: Json, steps: readonly number[], value: unknown): Json {
  const copy = structuredClone(root);
  let parent: Json = copy;
  let key: string | number | null = null;
  for (const step of steps) {
    const node: Json = key === null ? parent : ((parent as Record<string | number, Json>)[key] as Json);
    if (node === null || typeof node !== 'object') break;
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    if (key !== null) parent = node;
    key = keys[step % keys.length] as string | number;
    if (key === null) break;
  }
  if (key === null) return value as Json;
  (parent as Record<string | number, Json>)[key] = value as Json;
  return copy;
}

const mutation = fc.record({ steps: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }), value: hostileValue });

const hostileProfile = fc
  .record({
    mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    appCopies: fc.oneof(
      { weight: 9, arbitrary: fc.constant(1) },
      { weight: 1, arbitrary: fc.integer({ min: 2, max: 1200 }) },
    ),
    syntax: fc.constantFrom('yaml', 'json'),
    cut: fc.option(fc.nat(), { freq: 4 }),
    splice: fc.option(fc.string({ unit: 'binary', maxLength: 8 }), { freq: 6 }),
    format: fc.constantFrom(...FORMATS),
  })
  .map(({ mutations, appCopies, syntax, cut, splice, format }) => {
    let doc = structuredClone(RETAIL) as Json;
    const apps = (doc as { applications: Json[] }).applications;
    if (appCopies > 1) {
      const app = apps[0] as { name: string };
      (doc as { applications: Json[] }).applications = Array.from({ length: appCopies }, (_, i) => ({
        ...(app as object),
        name: `${app.name}-${i}`,
      })) as Json[];
    }
    for (const { steps, value } of mutations) doc = replaceAt(doc, steps, value);
    let text = syntax === 'json' ? JSON.stringify(doc) : stringify(doc, { aliasDuplicateObjects: false });
    if (cut !== null) text = text.slice(0, cut % (text.length + 1));
    if (splice !== null) {
      const at = Math.floor(text.length / 2);
      text = `${text.slice(0, at)}${splice}${text.slice(at)}`;
    }
    return { text, format };
  });

/** Printable text a profile accepts in free-text fields: anything but control characters. */
const printable = fc
  .string({
    unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), hostileString),
    minLength: 1,
    maxLength: 64,
  })
  .map((text) =>
    [...text]
      .filter((char) => !isUnsafeCodePoint(char.codePointAt(0) as number))
      .join('')
      .trim()
      .slice(0, 64),
  )
  .filter((text) => text !== '');

/** Free text as a hostile author writes it: printable, or with control characters the profile must refuse. */
const freeText = fc.oneof(
  { weight: 3, arbitrary: printable },
  {
    weight: 1,
    arbitrary: fc
      .tuple(printable, fc.constantFrom('\u001b[2J', '\u001b]0;pwned\u0007', '\u009b31m', '\u0085', '\r', '\u202e'))
      .map(([text, control]) => `${text.slice(0, 20)}${control}x`),
  },
);

/**
 * Profiles that are valid but hostile where the schema allows it (names, team labels, list sizes,
 * copies), or invalid only through a control character in a free-text field.
 */
const plannableProfile = fc
  .record({
    organization: freeText,
    team: freeText,
    securityTeam: freeText,
    users: fc.nat({ max: 120 }),
    appCopies: fc.integer({ min: 1, max: 25 }),
    syntax: fc.constantFrom('yaml', 'json'),
    format: fc.constantFrom(...FORMATS),
  })
  .map(({ organization, team, securityTeam, users, appCopies, syntax, format }) => {
    const doc = structuredClone(RETAIL) as {
      organization: { name: string; securityTeam: { name: string } };
      applications: Array<{ name: string; team: string; data: Array<{ keyUsers: string[] }> }>;
    };
    doc.organization.name = organization;
    doc.organization.securityTeam.name = securityTeam;
    const app = doc.applications[0] as (typeof doc.applications)[number];
    app.team = team;
    for (const data of app.data) data.keyUsers = Array.from({ length: users }, (_, i) => `role-${i}`);
    doc.applications = Array.from({ length: appCopies }, (_, i) => ({
      ...structuredClone(app),
      name: `${app.name}-${i}`,
    }));
    return { text: syntax === 'json' ? JSON.stringify(doc) : stringify(doc), format };
  });

const anyProfile = fc.oneof(hostileProfile, plannableProfile);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-fuzz-'));
  dirs.push(dir);
  return dir;
}

describe('keyplan plan over hostile profiles', () => {
  it('answers every generated profile with exit 0 or 2, one clean message, nothing for the terminal to act on', async () => {
    const dir = workdir();
    const outcomes: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(anyProfile, async ({ text, format }) => {
        writeFileSync(join(dir, 'profile.yaml'), text);
        const out = memoryIo({ cwd: dir });
        const code = await runCli(['plan', 'profile.yaml', '--format', format], out.io);
        expect([0, 2]).toContain(code);
        outcomes[code] = (outcomes[code] ?? 0) + 1;
        expect(out.stderr()).not.toMatch(STACK_TRACE);
        expect(out.stderr()).not.toContain('unexpected failure');
        expect(terminalControls(out.stderr())).toEqual([]);
        expect(terminalControls(out.stdout())).toEqual([]);
        if (code === 2) expect(out.stdout()).toBe('');
      }),
      // Bounded in count and in time; the seed makes a failure reproducible.
      { numRuns: 120, seed: 424242, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
    );
    // Both kinds must have been exercised: hostile profiles that plan, and hostile profiles refused.
    expect(outcomes[0]).toBeGreaterThan(20);
    expect(outcomes[2]).toBeGreaterThan(20);
  }, 60_000);

  it('stays within a heap cap as a real process, on generated profiles and on the known bombs', async () => {
    const dir = workdir();
    const samples = fc.sample(anyProfile, { numRuns: 4, seed: 777 }).map((sample, i) => {
      const name = `sample-${i}.yaml`;
      writeFileSync(join(dir, name), sample.text);
      return { file: name, format: sample.format };
    });
    writeFileSync(join(dir, 'deep.json'), `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(join(dir, 'bomb.yaml'), bomb.join('\n'));
    const cases = [
      ...samples,
      { file: 'deep.json', format: 'json' },
      { file: 'bomb.yaml', format: 'json' },
      { file: '/dev/zero', format: 'json' },
    ];
    for (const { file, format } of cases) {
      const run = await runBounded(['plan', file, '--format', format], { cwd: dir, maxHeapMb: 256, timeoutMs: 30_000 });
      expect({ file, timedOut: run.timedOut, exit: [0, 2].includes(run.code ?? -1) }).toEqual({
        file,
        timedOut: false,
        exit: true,
      });
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(run.peakRssMb).not.toBeNull();
      expect(run.peakRssMb as number).toBeLessThan(450);
    }
  }, 120_000);
});

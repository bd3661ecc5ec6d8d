import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * DESIGN §1: the dependency direction, checked by real tools — dependency-cruiser with the project's
 * .dependency-cruiser.cjs (every static, side-effect, re-exported, type-only and literal dynamic import)
 * and Biome's plugin for dynamic imports no checker can follow. Each fixture is a small tree with one
 * violation; the test builds it, runs the tools on it, and expects exactly the rule it names.
 */
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test/architecture/fixtures');
const run = promisify(execFile);
const made: string[] = [];

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

interface Fixture {
  name: string;
  expect: string;
  files: Record<string, string>;
}

function readFixture(file: string): Fixture {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const expected = /^# expect: (\S+)$/m.exec(text)?.[1];
  if (!expected) throw new Error(`${file} names no expected rule`);
  const files: Record<string, string> = {};
  for (const part of text.split(/^=== /m).slice(1)) {
    const [path = '', ...body] = part.split('\n');
    files[path.trim()] = body.join('\n');
  }
  return { name: file.replace(/\.txt$/, ''), expect: expected, files };
}

/** Writes a fixture tree beside the project's tool configuration (and its node_modules, for packages). */
function materialise(fixture: Fixture): string {
  const dir = mkdtempSync(join(tmpdir(), `keyplan-arch-${fixture.name}-`));
  made.push(dir);
  for (const [path, content] of Object.entries(fixture.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  writeFileSync(join(dir, '.dependency-cruiser.cjs'), readFileSync(join(ROOT, '.dependency-cruiser.cjs')));
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(ROOT, 'tsconfig.json')));
  writeFileSync(
    join(dir, 'biome.json'),
    JSON.stringify({ plugins: [join(ROOT, 'biome-plugins/no-computed-import.grit')], linter: { enabled: true } }),
  );
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const LAYERS = ['src', 'flows', 'adapters'];

/** The rules dependency-cruiser reports for a tree, one `rule: from → to` line each. */
async function cruise(cwd: string): Promise<string[]> {
  const present = LAYERS.filter((layer) => readdirSync(cwd).includes(layer));
  const { stdout } = await run(
    process.execPath,
    [
      join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'json',
      ...present,
    ],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const result = JSON.parse(stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

/** Biome's diagnostics from the computed-import plugin, as their messages. */
async function biomePlugin(cwd: string): Promise<string[]> {
  const { stdout, stderr } = await run(
    join(ROOT, 'node_modules/.bin/biome'),
    ['lint', '--reporter=json', '--config-path', cwd, ...LAYERS.filter((l) => readdirSync(cwd).includes(l))],
    { cwd },
  ).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? '',
  }));
  const report = JSON.parse(stdout || '{"diagnostics":[]}') as {
    diagnostics: { category: string; description?: string; message?: unknown }[];
  };
  if (stderr.includes('Failed to compile')) throw new Error(stderr);
  return report.diagnostics
    .filter((d) => d.category === 'plugin')
    .map((d) => d.description ?? JSON.stringify(d.message));
}

describe('dependency direction (dependency-cruiser and Biome)', () => {
  it('the project itself has no violation', async () => {
    expect(await cruise(ROOT)).toEqual([]);
  }, 60_000);

  it('Biome runs the computed-import plugin on the whole project', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as { plugins?: string[] };
    expect(config.plugins).toContain('./biome-plugins/no-computed-import.grit');
  });

  const fixtures = readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.txt'))
    .map(readFixture);

  it('has a fixture for each violation the issue names, and one that breaks nothing', () => {
    expect(fixtures.map((f) => f.expect).sort()).toEqual(
      [
        'adapters-are-thin',
        'adapters-stay-apart',
        'biome-plugin',
        'conversation-knows-no-adapter',
        'conversation-loads-no-aws-sdk',
        'nothing',
        'store-is-a-leaf',
      ].sort(),
    );
  });

  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s',
    async (_name, fixture) => {
      const dir = materialise(fixture);
      const [rules, plugin] = await Promise.all([cruise(dir), biomePlugin(dir)]);
      if (fixture.expect === 'nothing') {
        expect([...rules, ...plugin]).toEqual([]);
      } else if (fixture.expect === 'biome-plugin') {
        expect(plugin).toEqual([expect.stringMatching(/dynamic import must name its module as a plain string/)]);
      } else {
        expect(rules.length).toBeGreaterThan(0);
        expect(rules.every((line) => line.startsWith(`${fixture.expect}:`))).toBe(true);
      }
    },
    60_000,
  );
});

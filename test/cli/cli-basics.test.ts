import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli.js';
import { parseProfileText } from '../../src/profile-text.js';
import { runKeyplan, startKeyplan } from '../support/spawn-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('keyplan --version', () => {
  it.each(['--version', '-v', 'version'])('%s prints the version from package.json', async (flag) => {
    const { io, stdout } = memoryIo({ cwd: '.' });
    expect(await runCli([flag], io)).toBe(0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(stdout()).toBe(`keyplan ${version}\n`);
  });
});

describe('profile syntax errors', () => {
  function message(text: string): string {
    try {
      parseProfileText(text, 'p.yaml');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a syntax error');
  }

  it('names the place once, shows the line with a caret under the spot, and says how to fix it', () => {
    const text = message('organization:\n  name: x\n   governance: hybrid\n');
    expect(text.match(/line \d+, column \d+/g)).toHaveLength(1);
    expect(text).toContain('at line 2, column 9:\n    name: x\n          ^\n');
    expect(text).toMatch(/Check the indentation/);
    expect(text).not.toMatch(/::|:\./);
  });

  it('points at the last line with content when the text ends too early', () => {
    expect(message('{"organization": {"name": "x",}\n\n')).toContain(
      'at line 1, column 32:\n  {"organization": {"name": "x",}\n',
    );
  });
});

describe('npm start', () => {
  it('names `npm start` when it saves progress, since that is how the user started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-start-'));
    dirs.push(dir);
    const main = join(import.meta.dirname, '../../dist/src/main.js');
    const live = startKeyplan([], { cwd: dir, env: { DATABASE_URL: `sqlite:${join(dir, 'kp.db')}` }, entry: main });
    await live.waitFor('Organisation name');
    live.write('Acme\n');
    const run = await live.end();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Progress saved — run `npm start` to continue.');
    const again = await runKeyplan(['chat'], { cwd: dir, env: { DATABASE_URL: `sqlite:${join(dir, 'kp.db')}` } });
    expect(again.stdout).toContain('Organisation name: Acme ✓');
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { script, typedForms } from '../adapters/console/script.js';
import { RETAIL_ANSWERS } from '../flows/drive.js';
import { runKeyplan, startKeyplan } from '../support/spawn-cli.js';
import { POSTGRES_URL } from './dialects.js';

const FORMS = typedForms(RETAIL_ANSWERS);
const dirs: string[] = [];
const schemas: string[] = [];

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

const databases: [string, (dir: string) => string][] = [
  ['SQLite', (dir) => `sqlite:${join(dir, 'kp.db')}`],
  [
    'PostgreSQL',
    () => {
      const schema = `keyplan_kill_${randomUUID().replaceAll('-', '')}`;
      schemas.push(schema);
      return `${POSTGRES_URL}?schema=${schema}`;
    },
  ],
];

/**
 * The engine saves each answer before it shows the next question, so a process killed with SIGKILL
 * between two answers (or half-way through typing a form) loses nothing that was submitted.
 */
describe.each(databases)('a keyplan chat killed with SIGKILL on %s', { timeout: 120_000 }, (_name, urlFor) => {
  it('loses no submitted answer: the next run resumes at the next question and finishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-kill-'));
    dirs.push(dir);
    const env = { DATABASE_URL: urlFor(dir) };
    const live = startKeyplan(['chat'], { cwd: dir, env });
    await live.waitFor('Your organisation');
    for (const [index, form] of FORMS.slice(0, 5).entries()) {
      live.write(script(form));
      // The next form is printed only after this answer's turn was committed.
      await live.waitFor(
        index < 4
          ? (['Data classifications', 'Regulations', 'Application 1', 'storefront: environment 1'][index] as string)
          : 'storefront: data set 1',
      );
    }
    live.write(`${FORMS[5]?.slice(0, 3).join('\n')}\n`);
    const killed = await live.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');

    const rest = FORMS.slice(5).flat();
    const resumed = await runKeyplan(['chat'], { cwd: dir, env, stdin: script([...rest, 'confirm', 'plan']) });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('Resuming your interview');
    expect(resumed.stdout).toContain('storefront: data set 1');
    expect(resumed.stdout).not.toContain('Your organisation');
    const plan = JSON.parse(readFileSync(join(dir, 'plan/keyplan.json'), 'utf8')) as { keys: { alias: string }[] };
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/public',
      'alias/storefront/prod/confidential',
    ]);
  });
});

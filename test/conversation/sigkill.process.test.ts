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
const DATA_SET = FORMS[4] as string[];
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
 * The terminal saves each answer before it asks the next question, so a process killed with SIGKILL
 * half-way through a form loses no answer that was typed.
 */
describe.each(databases)('a keyplan chat killed with SIGKILL on %s', { timeout: 120_000 }, (_name, urlFor) => {
  it('loses no submitted answer: the next run resumes at the next question and finishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-kill-'));
    dirs.push(dir);
    const env = { DATABASE_URL: urlFor(dir) };
    const live = startKeyplan(['chat'], { cwd: dir, env });
    await live.waitFor('Your organisation');
    const nextTitles = ['Data classifications', 'Application 1', 'storefront: environment 1', 'storefront: data set 1'];
    for (const [index, form] of FORMS.slice(0, 4).entries()) {
      live.write(script(form));
      // The next form is printed only after the last answer's turn was committed.
      await live.waitFor(nextTitles[index] as string);
    }
    // Three answers of the data set, then the fourth question: the third answer is stored by then.
    live.write(script(DATA_SET.slice(0, 3)));
    await live.waitFor('Roles that encrypt and decrypt it');
    const killed = await live.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');

    const rest = [...DATA_SET.slice(3), ...FORMS.slice(5).flat()];
    const resumed = await runKeyplan(['chat'], { cwd: dir, env, stdin: script([...rest, 'confirm', 'plan']) });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('Resuming your interview');
    expect(resumed.stdout).toContain('Data set name: product-catalog ✓');
    expect(resumed.stdout).toContain('AWS services that hold or process it: s3 ✓');
    expect(resumed.stdout).not.toContain('Your organisation');
    const plan = JSON.parse(readFileSync(join(dir, 'plan/keyplan.json'), 'utf8')) as { keys: { alias: string }[] };
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/public',
      'alias/storefront/prod/confidential',
    ]);
  });
});

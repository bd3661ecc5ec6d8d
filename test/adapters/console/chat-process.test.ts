import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../flows/interview/draft.js';
import { EnvelopeSchema } from '../../../src/conversation/envelope.js';
import { openStore } from '../../../src/store/index.js';
import { HEALTHCARE_ANSWERS, RETAIL_ANSWERS, RETAIL_STEP } from '../../flows/drive.js';
import { runKeyplan, startKeyplan } from '../../support/spawn-cli.js';
import { script, typedForms, typedLines } from './script.js';

/** `keyplan chat` as a real process (the compiled build) driven through piped stdin. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyplan-chat-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: `sqlite:${join(dir, 'kp.db')}` });
const ALL_FORMS = typedLines(RETAIL_ANSWERS);
/** The lines of the first five forms: organisation through the first environment. */
const FIRST_HALF = typedLines(RETAIL_ANSWERS.slice(0, RETAIL_STEP.firstDataSet));

// Each run starts a node process; on a busy machine two of them can take a while.
describe('keyplan chat through a pipe', { timeout: 90_000 }, () => {
  it('runs the seed Example 1 from the first question to the plan files', async () => {
    const run = await runKeyplan(['chat'], {
      cwd: dir,
      stdin: script([...ALL_FORMS, 'confirm', 'out/acme']),
      env: env(),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('You need 2 KMS keys');
    expect(existsSync(join(dir, 'out/acme/keyplan.md'))).toBe(true);
    const plan = JSON.parse(readFileSync(join(dir, 'out/acme/keyplan.json'), 'utf8')) as { keys: unknown[] };
    expect(plan.keys).toHaveLength(2);
  });

  it('saves progress when stdin ends half-way and the next run resumes and finishes', async () => {
    const first = await runKeyplan(['chat'], { cwd: dir, stdin: script(FIRST_HALF), env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Progress saved — run `keyplan chat` to continue.');
    expect(existsSync(join(dir, 'keyplan-plan'))).toBe(false);

    const rest = ALL_FORMS.slice(FIRST_HALF.length);
    const second = await runKeyplan(['chat'], { cwd: dir, stdin: script([...rest, 'confirm', '']), env: env() });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Resuming your interview');
    expect(second.stdout).not.toContain('== Your organisation ==');
    const plan = JSON.parse(readFileSync(join(dir, 'keyplan-plan/keyplan.json'), 'utf8')) as { keys: unknown[] };
    expect(plan.keys).toHaveLength(2);
  });

  it('exits 2 when the input ends on a rejected answer', async () => {
    const lines = [...typedLines(RETAIL_ANSWERS.slice(0, RETAIL_STEP.environment)), 'prod', '1234'];
    const run = await runKeyplan(['chat'], { cwd: dir, stdin: script(lines), env: env() });
    expect(run.stdout).toMatch(/✗ an AWS account id is exactly 12 digits/);
    expect(run.stdout).toContain('Progress saved');
    expect(run.code).toBe(2);
  });

  it('two sessions on one interview: the later answer to the same form is refused, nothing mixed or orphaned', async () => {
    const [organization] = typedForms(RETAIL_ANSWERS);
    const first = startKeyplan(['chat'], { cwd: dir, env: env() });
    await first.waitFor('Organisation name');
    const second = startKeyplan(['chat'], { cwd: dir, env: env() });
    await second.waitFor('Resuming your interview');
    await second.waitFor('Organisation name');
    first.write(script(organization as string[]));
    await first.waitFor('== Data classifications ==');
    second.write(script(['Other Org', ...(organization as string[]).slice(1)]));
    await second.waitFor('That was an answer to an earlier step');
    await second.waitFor('== Data classifications ==');
    await Promise.all([first.end(), second.end()]);
    const store = await openStore(env().DATABASE_URL);
    try {
      const tenant = { platform: 'console', workspace: 'local' } as const;
      const active = await store.conversations.latestActive(tenant, userInfo().username || 'local', 'interview');
      expect(active).toBeDefined();
      const draft = EnvelopeSchema.parse(active?.snapshot).machine.context.draft as Draft;
      expect(draft.organization?.name).toBe('Acme Retail');
    } finally {
      await store.close();
    }
  });

  it('Example 2 from the first prompt to profile.yaml; `keyplan plan profile.yaml` and `plans show` give the same plan', async () => {
    const lines = [...typedLines(HEALTHCARE_ANSWERS), 'confirm', 'health'];
    const chat = await runKeyplan(['chat'], { cwd: dir, stdin: script(lines), env: env() });
    expect(chat.stderr).toBe('');
    expect(chat.code).toBe(0);
    const written = readFileSync(join(dir, 'health/keyplan.json'), 'utf8');
    const fromProfile = await runKeyplan(['plan', 'health/profile.yaml', '--format', 'json'], { cwd: dir, env: env() });
    expect(fromProfile.code).toBe(0);
    expect(fromProfile.stdout).toBe(written);
    const listed = await runKeyplan(['plans'], { cwd: dir, env: env() });
    expect(listed.stdout).toMatch(
      /example-health\/v1\s+Example Health\s+.*\s3\s+\$[\d.]+\s+not submitted for approval/,
    );
    const shown = await runKeyplan(['plans', 'show', 'example-health/v1', '--format', 'json'], {
      cwd: dir,
      env: env(),
    });
    expect(shown.stdout).toBe(written);
    // A plan file is not a profile, and keyplan says which file to give instead.
    const wrongFile = await runKeyplan(['plan', 'health/keyplan.json'], { cwd: dir, env: env() });
    expect(wrongFile.code).toBe(2);
    expect(wrongFile.stderr).toMatch(/is a key plan .* not a profile: give the profile\.yaml/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { progressSaved } from '../../../adapters/console/index.js';
import { EnvelopeSchema } from '../../../src/conversation/envelope.js';
import { parseProfileText } from '../../../src/profile-text.js';
import { HEALTHCARE_ANSWERS, RETAIL_ANSWERS } from '../../flows/drive.js';
import { type ChatHarness, openChatHarness } from './harness.js';
import { typedForms } from './script.js';

/** Example 1 as typed lines, split by form so tests can stop or change answers at a step. */
const RETAIL = typedForms(RETAIL_ANSWERS);
const [ORGANIZATION, CLASSIFICATIONS, APPLICATION, ENVIRONMENT, DATA_SET_1, DATA_SET_2, MORE_APPS] = RETAIL as [
  string[],
  string[],
  string[],
  string[],
  string[],
  string[],
  string[],
];
const ALL_FORMS = RETAIL.flat();
const PLAN_FILES = ['profile.yaml', 'keyplan.md', 'keyplan.json', 'keyplan.tf', 'kms-111122223333-us-east-1.yaml'];

function planJson(path: string | undefined) {
  expect(path).toBeDefined();
  return JSON.parse(readFileSync(path as string, 'utf8')) as {
    counts: { recommended: number };
    keys: { alias: string; account: string; stage: string }[];
  };
}

const written = (run: { written: string[] }, name: string) => run.written.find((path) => path.endsWith(`/${name}`));

let h: ChatHarness;
beforeEach(async () => {
  h = await openChatHarness();
});
afterEach(async () => {
  await h.close();
});

async function storedPending(): Promise<Record<string, unknown> | null> {
  const record = await h.store.conversations.latestActive(h.tenant, 'alice', 'interview');
  return EnvelopeSchema.parse(record?.snapshot).machine.context.pending as Record<string, unknown> | null;
}

describe('console chat: the seed Example 1 through a pipe', () => {
  it('answers every form, confirms the review and writes every file of the plan to the folder typed', async () => {
    const run = await h.run([...ALL_FORMS, 'confirm', 'plans/acme']);
    expect(run.result).toMatchObject({ state: 'done', status: 'done', lastAnswerRejected: false });
    const { transcript } = run;
    expect(transcript).toContain('== Your organisation ==');
    expect(transcript).toContain('Organisation name: Acme Retail');
    expect(transcript).toContain('== Review your answers ==');
    expect(transcript).toContain('You need 2 KMS keys');
    expect(transcript).toContain('alias/storefront/prod/confidential');
    expect(transcript).toContain('Write them to which folder? [./keyplan-plan]');
    // Piped output is a plain transcript: no terminal escape codes, and no internal ids.
    expect(transcript).not.toContain('\u001b[');
    expect(transcript).toMatch(/Saved as plan acme-retail\/v1/);
    expect(run.written.map((path) => path.slice(join(h.dir, 'plans/acme/').length)).sort()).toEqual(
      [...PLAN_FILES].sort(),
    );
    expect(readFileSync(written(run, 'keyplan.md') as string, 'utf8')).toContain('alias/storefront/prod/public');
    expect(readFileSync(written(run, 'keyplan.tf') as string, 'utf8')).toContain('resource "aws_kms_key"');
    const plan = planJson(written(run, 'keyplan.json'));
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/public',
      'alias/storefront/prod/confidential',
    ]);
    // The profile is what `keyplan plan` and `keyplan chat --from` read back.
    const profile = parseProfileText(readFileSync(written(run, 'profile.yaml') as string, 'utf8'));
    expect(profile).toMatchObject({ organization: { name: 'Acme Retail' }, applications: [{ name: 'storefront' }] });
  });

  it('takes the default folder on a blank answer, refuses commands there, and asks before replacing files', async () => {
    const first = await h.run([...ALL_FORMS, 'confirm', ':cancel', '']);
    expect(first.transcript).toContain('! The interview is finished: type a folder, or Enter for the default.');
    expect(first.written.every((path) => path.startsWith(join(h.dir, 'keyplan-plan')) && existsSync(path))).toBe(true);
    const second = await h.run([...ALL_FORMS, 'confirm', '', 'n', 'other', ''], { fresh: true });
    expect(second.transcript).toMatch(
      /\.\/keyplan-plan already has profile\.yaml, keyplan\.md.*Replace them\? \[y\/N\]/,
    );
    expect(second.transcript).toContain('Nothing was replaced; choose another folder.');
    expect(second.written.every((path) => path.startsWith(join(h.dir, 'other')))).toBe(true);
  });
});

describe('console chat: the seed Example 2 asks at most 40 questions', () => {
  it('adds three applications, one key per team, in at most 40 prompts from the first question to profile.yaml', async () => {
    const lines = [...typedForms(HEALTHCARE_ANSWERS).flat(), 'confirm', 'out'];
    expect(lines.length).toBeLessThanOrEqual(40);
    const run = await h.run(lines);
    // Every line answered a prompt: none was left over, none was missing.
    expect(run.result).toMatchObject({ state: 'done', status: 'done' });
    expect(run.transcript).not.toContain(progressSaved());
    expect(run.transcript).toContain('== Application 3 ==');
    expect(planJson(written(run, 'keyplan.json')).counts.recommended).toBe(3);
    expect(written(run, 'profile.yaml')).toBeDefined();
  });
});

describe('console chat: each answer checked as it is typed', () => {
  it('asks a refused answer again at once with the reason, keeps the rest, and never offers it as the default', async () => {
    const [stage, , another] = ENVIRONMENT;
    const lines = [
      ...ORGANIZATION,
      ...CLASSIFICATIONS,
      ...APPLICATION,
      stage as string,
      '1234567890',
      '111122223333',
      another as string,
      ...DATA_SET_1,
      ...DATA_SET_2,
      ...MORE_APPS,
      'confirm',
      'out',
    ];
    const { result, transcript } = await h.run(lines);
    expect(transcript).toMatch(/✗ an AWS account id is exactly 12 digits/);
    // Asked again straight away, not at the end of the form, and without the refused value in brackets.
    expect(transcript).not.toContain('[1234567890]');
    expect(transcript.match(/== storefront: environment 1 ==/g)).toHaveLength(1);
    expect(result).toMatchObject({ state: 'done', status: 'done', lastAnswerRejected: false });
  });

  it('names what was meant for a mistyped region or service, and takes "2M" as a number', async () => {
    const lines = [
      ...ORGANIZATION,
      ...CLASSIFICATIONS,
      ...APPLICATION,
      'prod',
      '111122223333',
      'no',
      'catalog',
      'public',
      's3, cognito',
    ];
    const { transcript } = await h.run(lines);
    expect(transcript).toMatch(/"cognito" is not one of the choices/);
    expect(transcript).not.toMatch(/any value can be typed/);
  });

  it('keeps every answer typed before the input ended, and the next run asks only what is left', async () => {
    const [stage] = ENVIRONMENT;
    const first = await h.run([...ORGANIZATION, ...CLASSIFICATIONS, ...APPLICATION, stage as string]);
    expect(first.transcript).toContain(progressSaved('keyplan chat'));
    expect(await storedPending()).toEqual({ stage: 'prod' });
    const second = await h.run(['111122223333', 'no', ...DATA_SET_1, ...DATA_SET_2, ...MORE_APPS, 'confirm', 'out']);
    expect(second.transcript).toContain('Resuming your interview');
    expect(second.transcript).toContain('Stage: prod ✓');
    expect(second.transcript).not.toMatch(/\nStage \[prod\]/);
    expect(second.result).toMatchObject({ state: 'done', status: 'done' });
  });

  it('goes back one question with :back, and from the first question to the step before with its answers kept', async () => {
    const [stage] = ENVIRONMENT;
    const lines = [
      ...ORGANIZATION,
      ...CLASSIFICATIONS,
      ...APPLICATION,
      'staging',
      ':back',
      stage as string,
      ':back',
      ':back',
      // Back on the application form: Enter keeps each answer; the environment answers are still there.
      '',
      '',
    ];
    const { transcript } = await h.run(lines);
    expect(transcript.match(/== storefront: environment 1 ==/g)).toHaveLength(2);
    expect(transcript).toContain('Stage [staging]');
    expect(transcript).toContain('Application name [storefront]');
    expect(await storedPending()).toEqual({ stage: 'prod' });
  });
});

describe('console chat: asking less', () => {
  it('skips the security team’s roles without a team, and the traits when governance is chosen', async () => {
    const { transcript, result } = await h.run(['Acme', 'decentralised', '', 'public', 'shop', 'ShopAdmins']);
    expect(transcript).not.toContain('Which of these describe you?');
    expect(transcript).not.toContain('Central security team');
    expect(transcript).not.toContain("Security team's IAM roles");
    expect(result.state).toBe('environment');
    const record = await h.store.conversations.latestActive(h.tenant, 'alice', 'interview');
    const draft = EnvelopeSchema.parse(record?.snapshot).machine.context.draft as { organization: unknown };
    expect(draft.organization).toMatchObject({ name: 'Acme', governance: 'decentralized', traits: [] });
    expect(draft.organization).not.toHaveProperty('securityTeam');
  });

  it('explains the question on :help before listing the commands', async () => {
    const { transcript } = await h.run(['Acme', ':help']);
    expect(transcript).toMatch(/How should keys be governed\?: Who controls the keys\./);
    expect(transcript).toContain(':cancel');
  });

  it('asks before :cancel throws the interview away', async () => {
    const kept = await h.run([':cancel', 'n', 'Acme']);
    expect(kept.transcript).toContain('Cancel this interview? Your answers will not be used for a plan. [y/N]');
    expect(kept.result.status).toBe('active');
    const cancelled = await h.run([':cancel', 'y']);
    expect(cancelled.transcript).toContain('Interview cancelled;');
    expect(cancelled.result).toMatchObject({ state: 'cancelled', status: 'cancelled' });
  });
});

describe('console chat: review', () => {
  it('edits by the numbers shown, adds and removes sections, and never asks "add another" in an edit', async () => {
    const lines = [
      ...ALL_FORMS,
      'frobnicate',
      // Sections: 1 organisation, 2 classifications, 3 application, 4 prod, 5-6 data sets.
      '5',
      // An edit asks every question of the data set, advanced ones too; Enter keeps each answer.
      ...Array.from({ length: 9 }, () => ''),
      'add environment 3',
      'staging',
      '444455556666',
      'eu-west-1',
      // Now 4 prod, 5 staging, 6-7 data sets: remove the public catalog.
      'remove 6',
      'confirm',
      'out',
    ];
    const run = await h.run(lines);
    expect(run.transcript).toContain('! unknown command "frobnicate"');
    expect(run.transcript).toContain('== storefront: data set 1 ==');
    expect(run.transcript.split('== Review your answers ==')[2]).not.toContain('Add another data set?');
    expect(run.transcript).toContain('storefront · staging');
    expect(run.transcript).toContain('account 444455556666; regions eu-west-1');
    expect(run.result.status).toBe('done');
    const plan = planJson(written(run, 'keyplan.json'));
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/confidential',
      'alias/storefront/staging/confidential',
    ]);
  });

  it('shows the request count typed in the review', async () => {
    const lines = [...ALL_FORMS, '6', '', '', '', '', '', '', '', '', '2M', 'confirm', 'out'];
    const { transcript } = await h.run(lines);
    expect(transcript).toContain('2,000,000 requests a month');
  });

  it('starts from a profile and only reviews it', async () => {
    const profile = parseProfileText(readFileSync('examples/retail.yaml', 'utf8'));
    const { result, transcript } = await h.run(['confirm', 'out'], { profile });
    expect(transcript).not.toContain('== Your organisation ==');
    expect(transcript).toContain('== Review your answers ==');
    expect(result.status).toBe('done');
  });

  it('shows why a broken profile was not loaded, with the paths of its problems', async () => {
    const { result, transcript } = await h.run([], { profile: { organization: { name: 'x' } } });
    expect(transcript).toContain('That profile has problems, so it was not loaded');
    expect(transcript).toMatch(/organization\.traits|applications/);
    expect(result.state).toBe('organization');
  });
});

describe('console chat: on a terminal', () => {
  it('prompts through readline with colours and stops cleanly at the end of input', async () => {
    const { result, transcript } = await h.run(['Acme Retail'], { interactive: true });
    expect(transcript).toContain('\u001b[1m== Your organisation ==');
    expect(transcript).toContain('How should keys be governed?');
    expect(transcript).toContain(progressSaved());
    expect(result).toMatchObject({ state: 'organization', status: 'active', lastAnswerRejected: false });
  });

  it('reports lastAnswerRejected when the input ends right after a refused answer', async () => {
    const { result } = await h.run([...ORGANIZATION, ...CLASSIFICATIONS, ...APPLICATION, 'prod', '1234']);
    expect(result).toMatchObject({ state: 'environment', status: 'active', lastAnswerRejected: true });
  });
});

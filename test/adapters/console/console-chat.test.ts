import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROGRESS_SAVED } from '../../../adapters/console/index.js';
import { parseProfileText } from '../../../src/profile-text.js';
import { HEALTHCARE_ANSWERS, RETAIL_ANSWERS } from '../../flows/drive.js';
import { type ChatHarness, openChatHarness } from './harness.js';
import { typedForms } from './script.js';

/** Example 1 as typed lines, split by form so tests can stop or change answers at a step. */
const RETAIL = typedForms(RETAIL_ANSWERS);
const [ORGANIZATION, CLASSIFICATIONS, REGULATIONS, APPLICATION, ENVIRONMENT, DATA_SET_1, DATA_SET_2, MORE_APPS] =
  RETAIL as [string[], string[], string[], string[], string[], string[], string[], string[]];
const ALL_FORMS = RETAIL.flat();

function planJson(path: string | undefined) {
  expect(path).toBeDefined();
  return JSON.parse(readFileSync(path as string, 'utf8')) as {
    counts: { recommended: number };
    keys: { alias: string; account: string }[];
  };
}

let h: ChatHarness;
beforeEach(async () => {
  h = await openChatHarness();
});
afterEach(async () => {
  await h.close();
});

describe('console chat: the seed Example 1 through a pipe', () => {
  it('answers every form, confirms the review and writes the plan files to the folder typed', async () => {
    const { result, transcript, written } = await h.run([...ALL_FORMS, 'confirm', 'plans/acme']);
    expect(result).toMatchObject({ state: 'done', status: 'done', lastAnswerRejected: false });
    expect(transcript).toContain('== Your organisation ==');
    expect(transcript).toContain('Organisation name: Acme Retail');
    expect(transcript).toContain('== Review your answers ==');
    expect(transcript).toContain('You need 2 KMS keys');
    expect(transcript).toContain('alias/storefront/prod/confidential');
    expect(transcript).toContain('Write the plan (markdown and JSON) to which folder? [./keyplan-plan]');
    // Piped output is a plain transcript: no terminal escape codes.
    expect(transcript).not.toContain('\u001b[');
    expect(written).toEqual([join(h.dir, 'plans/acme/keyplan.md'), join(h.dir, 'plans/acme/keyplan.json')]);
    expect(readFileSync(written[0] as string, 'utf8')).toContain('alias/storefront/prod/public');
    const plan = planJson(written[1]);
    expect(plan.counts.recommended).toBe(2);
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/public',
      'alias/storefront/prod/confidential',
    ]);
  });

  it('takes the default folder on a blank answer, and no command for one', async () => {
    const { transcript, written } = await h.run([...ALL_FORMS, 'confirm', ':cancel', '']);
    expect(transcript).toContain('! The interview is finished: type a folder, or Enter for the default.');
    expect(written).toEqual([join(h.dir, 'keyplan-plan/keyplan.md'), join(h.dir, 'keyplan-plan/keyplan.json')]);
    expect(written.every((path) => existsSync(path))).toBe(true);
  });
});

describe('console chat: the seed Example 2 through a pipe', () => {
  it('adds three applications and gets one key per application team', async () => {
    const lines = [...typedForms(HEALTHCARE_ANSWERS).flat(), 'confirm', 'out'];
    const { result, transcript, written } = await h.run(lines);
    expect(transcript).toContain('== Application 3 ==');
    expect(result).toMatchObject({ state: 'done', status: 'done', lastAnswerRejected: false });
    expect(planJson(written[1]).counts.recommended).toBe(3);
  });
});

describe('console chat: invalid answers and navigation', () => {
  it('shows the error of an invalid account id, asks the form again with the typed answers kept, then goes on', async () => {
    const [stage, , regions, another] = ENVIRONMENT;
    const lines = [
      ...ORGANIZATION,
      ...CLASSIFICATIONS,
      ...REGULATIONS,
      ...APPLICATION,
      stage as string,
      '1234',
      regions as string,
      another as string,
      // Asked again: Enter keeps what was typed, only the account changes.
      '',
      '111122223333',
      '',
      '',
      ...DATA_SET_1,
      ...DATA_SET_2,
      ...MORE_APPS,
      'confirm',
      'out',
    ];
    const { result, transcript, written } = await h.run(lines);
    expect(transcript).toMatch(/✗ AWS account id: .*12 digits/);
    expect(transcript).toContain('Stage [prod]');
    expect(transcript).toContain('AWS account id [1234]');
    expect(transcript.match(/== storefront: environment 1 ==/g)).toHaveLength(2);
    expect(result).toMatchObject({ state: 'done', status: 'done', lastAnswerRejected: false });
    expect(planJson(written[1]).keys.every((key) => key.account === '111122223333')).toBe(true);
  });

  it('goes back a step with :back and keeps the earlier answers on Enter', async () => {
    const blanks = ORGANIZATION.map(() => '');
    const lines = [...ORGANIZATION, ':back', ...blanks, ...RETAIL.slice(1).flat(), 'confirm', 'out'];
    const { result, transcript } = await h.run(lines);
    expect(transcript.match(/== Your organisation ==/g)).toHaveLength(2);
    expect(transcript).toContain('Organisation name [Acme Retail]');
    expect(transcript).toContain('Acme Retail; governance: recommend');
    expect(result.status).toBe('done');
    expect(transcript).toContain('You need 2 KMS keys');
  });

  it('lists the commands on :help, refuses :skip where a step cannot be skipped, and cancels on :cancel', async () => {
    const { result, transcript } = await h.run([':help', ':skip', ':cancel', 'y']);
    expect(transcript).toContain(':back');
    expect(transcript).toContain(':cancel');
    expect(transcript).toContain('! :skip is not available at this step.');
    expect(transcript).toContain('Interview cancelled;');
    expect(result).toMatchObject({ state: 'cancelled', status: 'cancelled', lastAnswerRejected: false });
  });

  it('accepts option numbers for selects and multi-selects', async () => {
    const lines = ['Acme Retail', '4', '6, 7', 'cloud-security', 'SecurityKeyAdmins'];
    const { result } = await h.run(lines);
    expect(result.state).toBe('classifications');
    // Back on the first form, Enter keeps the name and the next prompt shows what the numbers chose.
    const { transcript } = await h.run([':back', '', ''], {
      conversationId: await onlyConversation(h),
    });
    expect(transcript).toContain('How should keys be governed? [hybrid]');
    expect(transcript).toContain(
      'Which of these describe you? (optional) [central-security-function, independent-product-teams]',
    );
  });
});

async function onlyConversation(harness: ChatHarness): Promise<string> {
  const record = await harness.store.conversations.latestActive(harness.tenant, 'alice', 'interview');
  if (!record) throw new Error('no active conversation');
  return record.id;
}

describe('console chat: stopping and resuming', () => {
  it('saves progress when the input ends mid-form and resumes there in a second run', async () => {
    const conversationId = 'resume-me';
    const firstHalf = [...RETAIL.slice(0, 5).flat(), ...DATA_SET_1.slice(0, 3)];
    const first = await h.run(firstHalf, { conversationId });
    expect(first.result).toMatchObject({ state: 'dataSet', status: 'active', lastAnswerRejected: false });
    expect(first.transcript).toContain(PROGRESS_SAVED);

    const second = await h.run([...DATA_SET_1, ...DATA_SET_2, ...MORE_APPS, 'confirm', 'out'], {
      conversationId,
    });
    expect(second.transcript).toContain('Resuming your interview');
    // It starts at the form the first run did not finish, not at the beginning.
    expect(second.transcript).not.toContain('== Your organisation ==');
    expect(second.transcript.indexOf('== storefront: data set 1 ==')).toBeGreaterThan(-1);
    expect(second.result).toMatchObject({ state: 'done', status: 'done', lastAnswerRejected: false });
    expect(planJson(second.written[1]).counts.recommended).toBe(2);
  });

  it('reports lastAnswerRejected when the input ends right after a rejected answer', async () => {
    const lines = [...RETAIL.slice(0, 4).flat(), 'prod', '1234', 'us-east-1', 'no'];
    const { result, transcript } = await h.run(lines);
    expect(transcript).toContain(PROGRESS_SAVED);
    expect(result).toMatchObject({ state: 'environment', status: 'active', lastAnswerRejected: true });
  });

  it('does not report a rejection that was corrected before the input ended', async () => {
    const lines = [...RETAIL.slice(0, 4).flat(), 'prod', '1234', 'us-east-1', 'no', '', '111122223333', '', ''];
    const { result } = await h.run(lines);
    expect(result).toMatchObject({ state: 'dataSet', status: 'active', lastAnswerRejected: false });
  });
});

describe('console chat: review', () => {
  it('edits, adds and removes sections by number before confirming', async () => {
    const lines = [
      ...ALL_FORMS,
      'frobnicate',
      // Section 1 is the organisation: Enter through it keeps every answer and returns to the review.
      'edit 1',
      ...ORGANIZATION.map(() => ''),
      'add environment',
      'staging',
      '444455556666',
      'eu-west-1',
      '',
      // Sections: 1 organisation, 2 classifications, 3 application, 4 prod, 5 staging, 6-7 data sets.
      'remove 6',
      'confirm',
      'out',
    ];
    const { result, transcript, written } = await h.run(lines);
    expect(transcript).toContain('! unknown command "frobnicate"');
    expect(transcript).toContain('storefront · staging');
    expect(transcript).toContain('account 444455556666; regions eu-west-1');
    expect(result.status).toBe('done');
    const plan = planJson(written[1]);
    expect(plan.keys.map((k) => k.alias)).toEqual([
      'alias/storefront/prod/confidential',
      'alias/storefront/staging/confidential',
    ]);
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
    expect(transcript).toContain(PROGRESS_SAVED);
    expect(result).toMatchObject({ state: 'organization', status: 'active', lastAnswerRejected: false });
  });
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormReply, Tenant, TurnResult } from '../../../src/conversation/index.js';
import { userOf } from '../../conversation/drive-engine.js';
import { RETAIL_ANSWERS, RETAIL_STEP } from '../../flows/drive.js';
import { type TeamsHarness, teamsHarness } from './harness.js';
import { answer, launchChromium, type Playground, startPlayground, typeMessage } from './playground.js';

/** Screenshots for a person to look at (gitignored). */
const OUTPUT = join('test-output', 'teams-playground');
const STEP_MS = 15_000;

/** The Playground's own tenant and signed-in user (its default configuration): Alex Wilber. */
const PLAYGROUND_TENANT: Tenant = { platform: 'teams', workspace: '00000000-0000-0000-0000-0000000000001' };
const ALEX = '00000000-0000-0000-0000-0000000000020';

function formOf(result: TurnResult | undefined): FormReply {
  const form = result?.replies.find((reply) => reply.type === 'form');
  if (form?.type !== 'form') throw new Error(`expected a form, the engine is at ${result?.state}`);
  return form;
}

/** What the card shows once the engine's latest view is rendered. */
function headingOf(result: TurnResult | undefined): string {
  const reply = result?.replies.find((r) => r.type === 'form' || r.type === 'review' || r.type === 'plan-summary');
  if (reply?.type === 'form') return reply.title;
  if (reply?.type === 'review') return reply.title;
  if (reply?.type === 'plan-summary') return 'Your KMS key plan';
  throw new Error(`no heading for state ${result?.state}`);
}

/**
 * The interview in Microsoft's own client: keyplan serve (Teams, no credentials) and the Microsoft
 * 365 Agents Playground in headless Chromium. A person's moves: type `start`, fill the inputs the
 * card renders, press its buttons (one wrong answer, one step back), reach the plan.
 */
describe('keyplan in the Microsoft 365 Agents Playground', () => {
  let harness: TeamsHarness;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    // Alex may change settings (a bootstrap admin), so he can make a channel the security channel.
    harness = await teamsHarness({ env: { KEYPLAN_ADMINS: ALEX } });
    playground = await startPlayground(`${harness.url}/api/messages`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    page.setDefaultTimeout(STEP_MS);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await harness?.close();
  });

  /** The interview card: the last one in the chat, updated in place after each step. */
  const card = (): Locator => page.locator('.ac-adaptiveCard').last();

  /** Presses a button of the card and waits for the engine's turn and for the card to show its result. */
  async function press(label: string): Promise<TurnResult> {
    const before = harness.engine.results.length;
    await card().getByRole('button', { name: label, exact: true }).click();
    await expect.poll(() => harness.engine.results.length, { timeout: STEP_MS }).toBeGreaterThan(before);
    const result = harness.engine.results.at(-1);
    await card().getByText(headingOf(result), { exact: true }).waitFor();
    await settled();
    return result as TurnResult;
  }

  /**
   * Waits until the card stops changing: after a press it is drawn from the invoke's answer and again
   * from the update sent to everyone in the chat; typing between the two would be drawn over.
   */
  async function settled(): Promise<void> {
    let previous = '';
    let quiet = 0;
    for (let waited = 0; waited < STEP_MS && quiet < 3; waited += 250) {
      const now = await card().innerHTML();
      quiet = now === previous ? quiet + 1 : 0;
      previous = now;
      await page.waitForTimeout(250);
    }
  }

  it('walks from `start` to the plan, with a wrong answer and a step back on the way', async () => {
    await page.goto(playground.url);
    await typeMessage(page, 'start');
    await card().getByText('Your organisation', { exact: true }).waitFor();
    await page.screenshot({ path: join(OUTPUT, 'first-card.png'), fullPage: true });
    let result = harness.engine.results.at(-1);

    for (const [index, event] of RETAIL_ANSWERS.entries()) {
      if (event.type !== 'SUBMIT') throw new Error('the retail script is answers only');
      const form = formOf(result);
      const fields = new Map(form.fields.map((field) => [field.id, field]));
      const answers = Object.entries(event.values);
      for (const [id, value] of answers) {
        const field = fields.get(id);
        if (!field) throw new Error(`the ${form.stepId} card has no field ${id}`);
        if (field.kind === 'account-id' && index === RETAIL_STEP.environment) {
          // A wrong account id first: the error shows under its input and the other answers stay.
          await answer(page, card(), field, '1234');
          continue;
        }
        await answer(page, card(), field, value);
      }
      if (index === RETAIL_STEP.environment) {
        result = await press('Next');
        expect(result.outcome).toBe('rejected');
        await card()
          .getByText(/12 digits/)
          .first()
          .waitFor();
        await page.screenshot({ path: join(OUTPUT, 'wrong-answer.png'), fullPage: true });
        const account = formOf(result).fields.find((field) => field.kind === 'account-id');
        if (!account) throw new Error('no account field');
        await answer(page, card(), account, event.values[account.id]);
      }
      const action = event.addAnother
        ? form.actions.find((a) => a.id === 'add-another')
        : form.actions.find((a) => a.id === 'next');
      result = await press(action?.label ?? 'Next');
      expect(result.outcome, `${form.stepId}: ${JSON.stringify(result.rejection)}`).toBe('applied');

      if (index === 0) {
        // One step back: the organisation's answers are still there.
        result = await press('Back');
        expect(result.state).toBe('organization');
        const name = formOf(result).fields[0];
        expect(await card().getByRole('textbox').first().inputValue()).toBe(String(name?.value));
        result = await press('Next');
        expect(result.outcome).toBe('applied');
      }
    }

    expect(result?.state).toBe('review');
    result = await press('Confirm and plan');
    expect(result).toMatchObject({ outcome: 'finished', state: 'done' });
    await card()
      .getByText(/You need 2 KMS keys/)
      .waitFor();
    await page.screenshot({ path: join(OUTPUT, 'plan-summary.png'), fullPage: true });
    const report = card().getByRole('link', { name: 'keyplan.md' });
    const href = await report.getAttribute('href');
    const download = await fetch(String(href));
    expect(download.status).toBe(200);
    expect(await download.text()).toMatch(/alias\/storefront\/prod\/confidential/);
  }, 180_000);

  /**
   * Hybrid sign-off in Microsoft's renderer. The Playground signs in one user only, so the plan is
   * asked for by someone else straight through the engine, and Alex, in the team's General channel,
   * makes it the security channel, sees the request, sends a blank reason and approves.
   */
  it('shows an approval request in a channel and takes Approve', async () => {
    await page.goto(playground.url);
    await page.getByText('General', { exact: true }).click();
    // A channel message reaches a bot only when it is mentioned, as in Teams: a new post, mentioning it.
    await page.locator('[data-lexical-editor="true"]').first().click();
    await page.keyboard.type('@Test');
    await page
      .locator('#typeahead-menu')
      .getByRole('menuitem', { name: /Test Bot/ })
      .click();
    await page.keyboard.type(' config security-channel here');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await expect
      .poll(async () => (await harness.workspaces.settings(PLAYGROUND_TENANT)).securityChannel, { timeout: STEP_MS })
      .toBeDefined();
    await harness.workspaces.configure(
      PLAYGROUND_TENANT,
      { userId: ALEX },
      { kind: 'change', change: { kind: 'approvers', users: [ALEX], groups: [] } },
    );

    const requester = userOf(harness.engine, PLAYGROUND_TENANT, 'someone-else');
    const confirmed = await requester.act(await requester.play(await requester.open(), RETAIL_ANSWERS), 'confirm');
    const planId = (confirmed.replies.find((reply) => reply.type === 'plan-summary') as { planId: string }).planId;
    const request = page.locator('.ac-adaptiveCard').filter({ hasText: 'Plan hash' });
    await request.getByText(/Approve the key plan of Acme Retail/).waitFor();
    await page.screenshot({ path: join(OUTPUT, 'approval-request.png'), fullPage: true });

    // A blank reason comes back under its input, to Alex alone.
    let before = harness.engine.results.length;
    await request.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect.poll(() => harness.engine.results.length, { timeout: STEP_MS }).toBeGreaterThan(before);
    expect(harness.engine.results.at(-1)).toMatchObject({ outcome: 'rejected', state: 'pending' });
    await request.getByText(/say what the team should change/).waitFor();

    before = harness.engine.results.length;
    await request.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => harness.engine.results.length, { timeout: STEP_MS }).toBeGreaterThan(before);
    expect(harness.engine.results.at(-1)).toMatchObject({ outcome: 'finished', state: 'approved' });
    await request.getByText(/Approved by Alex Wilber on \d{4}-\d\d-\d\d/).waitFor();
    await expect.poll(() => request.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'approval-decided.png'), fullPage: true });
    expect((await harness.store.plans.get(PLAYGROUND_TENANT, planId))?.approval).toMatchObject({ approvedBy: [ALEX] });
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredView } from '../../../bench/slack/support/fake-slack.js';
import { hintErrors, renderedActions, viewText } from '../../../bench/slack/support/modal-user.js';
import { RETAIL_ANSWERS, RETAIL_STEP } from '../../flows/drive.js';
import { blockKitViolations } from './support/block-kit-limits.js';
import { CHANNEL, type SlackHarness, slackUser, startSlackHarness } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

const submits = RETAIL_ANSWERS.map((event) => {
  if (event.type !== 'SUBMIT') throw new Error('the retail script is answers only');
  return event;
});

/** Every mrkdwn text object in some blocks. */
function mrkdwnTexts(node: unknown): { text: string; verbatim?: boolean }[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own = record.type === 'mrkdwn' ? [record as { text: string; verbatim?: boolean }] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
}

function withinLimits(view: StoredView | Record<string, unknown>, kind: 'modal' | 'message' | 'home' = 'modal') {
  expect(blockKitViolations(view as Record<string, unknown>, kind)).toEqual([]);
}

describe('the interview in Slack modals', () => {
  it('runs from /keyplan to the plan posted in the channel, every view within Block Kit limits', async () => {
    const user = slackUser(h, h.who('U0ALICE'));
    let view = await user.open();
    withinLimits(view);
    const titles: string[] = [];
    for (const event of submits) {
      titles.push(viewText(view).split('\n')[0] ?? '');
      const { next, errors } = await user.submit(view, event.values, event.addAnother ? 'add-another' : undefined);
      expect(errors, `answers refused at ${titles.at(-1)}`).toBeUndefined();
      if (!next) throw new Error('no next view');
      withinLimits(next);
      view = next;
    }
    // The review: its Submit button confirms.
    expect(view.submit).toMatchObject({ text: 'Confirm and plan' });
    expect(renderedActions(view).map((a) => a.id)).toEqual(
      expect.arrayContaining([
        'confirm',
        'edit:organization',
        'remove:application-1',
        'add-application',
        'back',
        'cancel',
      ]),
    );
    const from = h.fake.calls.length;
    const { next: done } = await user.submit(view);
    if (!done) throw new Error('no plan view');
    withinLimits(done);
    expect(viewText(done)).toContain('Key plan: Acme Retail');
    expect(done.submit).toBeUndefined();

    // After the ack: the summary in the channel, the report in its thread, App Home refreshed.
    const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL, from);
    withinLimits(post.params, 'message');
    expect(viewText(post.params)).toContain('alias/storefront/prod/confidential');
    const ts = String(post.result?.ts);
    const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === ts));
    expect(file).toMatchObject({ channel: CHANNEL, filename: 'keyplan.md' });
    expect(file.content).toContain('# ');
    await h.fake.waitForCall((c) => c.method === 'views.publish' && c.params.user_id === 'U0ALICE', from);
    const stored = await h.plans.latest({ platform: 'slack', workspace: 'T0FAKE' });
    expect(stored?.listing).toMatchObject({ organization: 'Acme Retail', author: 'U0ALICE', keys: 2 });
  }, 60_000);

  it('answers a refused step with errors on its fields, keeping the other answers', async () => {
    const user = slackUser(h, h.who('U0BOB'));
    let view = await user.open();
    for (const event of submits.slice(0, RETAIL_STEP.environment)) {
      view = (await user.submit(view, event.values)).next as StoredView;
    }
    const { errors, next } = await user.submit(view, { stage: 'prod', account: '1234', regions: 'us-east-1' });
    expect(next).toBeUndefined();
    expect(Object.keys(errors ?? {})).toHaveLength(1);
    expect(Object.values(errors ?? {})[0]).toMatch(/12 digits/);
    const fixed = await user.submit(view, { stage: 'prod', account: '111122223333', regions: 'us-east-1' });
    expect(fixed.errors).toBeUndefined();
    expect(viewText(fixed.next as StoredView)).toMatch(/data set 1/);
    expect(hintErrors(fixed.next as StoredView)).toEqual({});
  });

  it('answers a stale button with the current view, applying nothing', async () => {
    const user = slackUser(h, h.who('U0STALE'));
    const first = await user.open();
    const second = (await user.submit(first, submits[0]?.values)).next as StoredView;
    const turns = h.engine.results.length;
    const { next } = await user.press(first, 'cancel');
    expect(h.engine.results.at(-1)?.outcome).toBe('stale');
    expect(h.engine.results.length).toBe(turns + 1);
    expect(viewText(next as StoredView)).toContain('earlier step');
    expect(user.meta(next as StoredView)).toMatchObject({ s: 'classifications', v: user.meta(second)?.v });
    // Still active, still at the classifications: /keyplan resumes there.
    const again = await user.open();
    expect(viewText(again)).toContain('Welcome back');
    expect(user.meta(again)).toMatchObject({ c: user.meta(first)?.c, s: 'classifications' });
  });

  it("refuses another user's button politely, showing nothing of the interview", async () => {
    const owner = slackUser(h, h.who('U0OWNER'));
    const view = await owner.open();
    const stranger = slackUser(h, h.who('U0STRANGER'));
    const { next } = await stranger.press(view, 'cancel');
    expect(h.engine.results.at(-1)?.outcome).toBe('forbidden');
    expect(renderedActions(next as StoredView)).toEqual([]);
    expect(viewText(next as StoredView)).toMatch(/belongs to someone else/);
    expect(viewText(next as StoredView)).not.toContain('Organisation name');
    const resumed = await owner.open();
    expect(owner.meta(resumed)).toMatchObject({ c: owner.meta(view)?.c, s: 'organization' });
  });

  it('says where to continue when the window is closed', async () => {
    const user = slackUser(h, h.who('U0CLOSER'));
    const view = await user.open();
    const from = h.fake.calls.length;
    expect((await user.close(view)).status).toBe(200);
    const note = await h.fake.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && c.params.user === 'U0CLOSER',
      from,
    );
    expect(note.params).toMatchObject({ channel: CHANNEL, text: expect.stringMatching(/saved.*\/keyplan/) });
  });

  it('cancels with the confirmation Slack asks for, and a new /keyplan starts over', async () => {
    const user = slackUser(h, h.who('U0QUIT'));
    const view = await user.open();
    const cancel = renderedActions(view).find((a) => a.id === 'cancel');
    expect(cancel?.kind === 'press' && cancel.element.type === 'button').toBe(true);
    const button = (
      view.blocks.flatMap((b) => (b.elements ?? []) as Record<string, unknown>[]) as Record<string, unknown>[]
    ).find((e) => e.action_id === 'kp:cancel');
    expect(button?.confirm).toMatchObject({
      style: 'danger',
      text: { text: expect.stringMatching(/Cancel this interview/) },
    });
    const { next } = await user.press(view, 'cancel');
    expect(viewText(next as StoredView)).toMatch(/Interview cancelled/);
    expect((next as StoredView).submit).toBeUndefined();
    const fresh = await user.open();
    expect(user.meta(fresh)?.c).not.toBe(user.meta(view)?.c);
  });

  it('escapes what users type in mrkdwn, so a name cannot ping, mention or fake a link', async () => {
    const user = slackUser(h, h.who('U0MALLORY'));
    const hostile = 'Evil <!channel> & <@U0BOSS> <https://evil.example|click>';
    let view = await user.open();
    const answers = submits.map((event, i) =>
      i === 0 ? { ...event, values: { ...event.values, name: hostile } } : event,
    );
    for (const event of answers)
      view = (await user.submit(view, event.values, event.addAnother ? 'add-another' : undefined)).next as StoredView;
    const review = JSON.stringify(view.blocks);
    expect(review).toContain('Evil &lt;!channel&gt; &amp; &lt;@U0BOSS&gt; &lt;https://evil.example|click&gt;');
    const from = h.fake.calls.length;
    await user.submit(view);
    const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL, from);
    // Every mrkdwn text (and the notification text, which is mrkdwn too) has the user's text escaped;
    // plain_text (headers, buttons) is never parsed by Slack, so it shows the name as typed.
    const mrkdwn = mrkdwnTexts(post.params.blocks);
    expect(mrkdwn.length).toBeGreaterThan(3);
    for (const text of [...mrkdwn.map((m) => m.text), String(post.params.text)]) {
      for (const raw of ['<!channel>', '<@U0BOSS>', '<https://evil']) expect(text).not.toContain(raw);
    }
    expect(String(post.params.text)).toContain('Evil &lt;!channel&gt; &amp; &lt;@U0BOSS&gt;');
    expect(mrkdwn.every((m) => m.verbatim === true)).toBe(true);
  }, 30_000);

  it('keeps the answers and asks to try again when a turn runs out of time', async () => {
    const user = slackUser(h, h.who('U0SLOW'));
    const view = await user.open();
    h.engine.failNextTurn = true;
    const { errors, next } = await user.submit(view, submits[0]?.values);
    expect(next).toBeUndefined();
    expect(Object.values(errors ?? {})).toEqual([expect.stringMatching(/nothing was changed.*try again/)]);
    h.engine.failNextTurn = true;
    const pressed = await user.press(view, 'cancel');
    expect(viewText(pressed.next as StoredView)).toMatch(/try again/);
    expect(user.meta(pressed.next as StoredView)).toEqual(user.meta(view));
    const resumed = await user.open();
    expect(user.meta(resumed)).toMatchObject({ c: user.meta(view)?.c, s: 'organization' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredView } from '../../../bench/slack/support/fake-slack.js';
import { hintErrors, renderedActions, viewText } from '../../../bench/slack/support/modal-user.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';
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
    for (const event of submits.slice(0, 4)) view = (await user.submit(view, event.values)).next as StoredView;
    const { errors, next } = await user.submit(view, { stage: 'prod', account: '1234', regions: 'us-east-1' });
    expect(next).toBeUndefined();
    expect(Object.keys(errors ?? {})).toHaveLength(1);
    expect(Object.values(errors ?? {})[0]).toMatch(/12 digits/);
    const fixed = await user.submit(view, { stage: 'prod', account: '111122223333', regions: 'us-east-1' });
    expect(fixed.errors).toBeUndefined();
    expect(viewText(fixed.next as StoredView)).toMatch(/data set 1/);
    expect(hintErrors(fixed.next as StoredView)).toEqual({});
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TEAM, type StoredView } from '../../../bench/slack/support/fake-slack.js';
import { metaOf, viewText } from '../../../bench/slack/support/modal-user.js';
import { appHomeOpened, triggerId, viewAction } from '../../../bench/slack/support/payloads.js';
import { eventRequest, interactionRequest } from '../../../bench/slack/support/signed.js';
import { blockKitViolations } from './support/block-kit-limits.js';
import { type SlackHarness, startSlackHarness } from './support/harness.js';
import { seedRetailPlan } from './support/seed.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openHome(user: string, tab = 'home'): Promise<StoredView | undefined> {
  const from = h.fake.calls.length;
  const event = appHomeOpened(h.who(user));
  event.event.tab = tab;
  expect((await h.send(eventRequest(event))).status).toBe(200);
  if (tab !== 'home') return undefined;
  await h.fake.waitForCall((c) => c.method === 'views.publish' && c.params.user_id === user, from);
  return structuredClone(h.fake.views.get(`home-${user}`) as StoredView);
}

describe('App Home', () => {
  it('invites to a first interview while the workspace has no plan', async () => {
    const home = (await openHome('U0HOME')) as StoredView;
    expect(blockKitViolations(home as unknown as Record<string, unknown>, 'home')).toEqual([]);
    expect(home.type).toBe('home');
    expect(viewText(home)).toContain('No plans yet');
    expect(JSON.stringify(home.blocks)).toContain('kph:start');
  });

  it("lists the workspace's plans: who, when, keys, approval state, next review", async () => {
    await seedRetailPlan(h.engine, { platform: 'slack', workspace: FAKE_TEAM }, 'U0AUTHOR');
    const home = (await openHome('U0HOME')) as StoredView;
    expect(blockKitViolations(home as unknown as Record<string, unknown>, 'home')).toEqual([]);
    expect(viewText(home)).toMatch(
      /Acme Retail.*acme-retail\/v1.*2 KMS keys.*not submitted for approval.*By <@U0AUTHOR> on \d{4}-\d\d-\d\d.*next review: after approval/s,
    );
  });

  it('publishes nothing for the Messages tab', async () => {
    const before = h.fake.callsTo('views.publish').length;
    await openHome('U0HOME', 'messages');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.callsTo('views.publish')).toHaveLength(before);
  });

  it('starts an interview from the Home button, and sends a plan to the user on request', async () => {
    const home = (await openHome('U0HOME')) as StoredView;
    const from = h.fake.calls.length;
    const trigger = triggerId();
    const start = viewAction(
      h.who('U0HOME'),
      home,
      { type: 'button', action_id: 'kph:start', block_id: 'x' },
      {},
      trigger,
    );
    expect((await h.send(interactionRequest(start))).status).toBe(200);
    const opened = await h.fake.waitForCall((c) => c.method === 'views.open' && c.params.trigger_id === trigger, from);
    const modal = h.fake.views.get(String((opened.result?.view as { id?: string } | undefined)?.id)) as StoredView;
    expect(metaOf(modal)).toMatchObject({ s: 'organization' });
    expect(metaOf(modal)?.ch).toBeUndefined();

    const send = viewAction(h.who('U0HOME'), home, {
      type: 'button',
      action_id: 'kph:send',
      block_id: 'y',
      value: 'acme-retail/v1',
    });
    expect((await h.send(interactionRequest(send))).status).toBe(200);
    const dm = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === 'U0HOME', from);
    expect(viewText(dm.params)).toContain('Key plan: Acme Retail');
    const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === String(dm.result?.ts)));
    expect(file).toMatchObject({ channel: 'D0HOME', filename: 'keyplan.md' });
  });
});

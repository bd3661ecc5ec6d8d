import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredView } from '../../../bench/slack/support/fake-slack.js';
import { filledState, metaOf, viewText } from '../../../bench/slack/support/modal-user.js';
import { appHomeOpened, slashCommand, triggerId, viewSubmission } from '../../../bench/slack/support/payloads.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ socket: true });
  await h.fake.socket.connected();
});
afterAll(async () => {
  await h?.close();
});

const first = RETAIL_ANSWERS[0];
if (first?.type !== 'SUBMIT') throw new Error('the retail script starts with answers');

describe('Socket Mode', () => {
  it('connects through apps.connections.open with the app-level token, and serves no HTTP route', async () => {
    const open = h.fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-test-app-token');
    expect(h.platform.routes).toEqual({});
    const http = await fetch(h.eventsUrl, { method: 'POST', body: '' });
    expect(http.status).toBe(404);
  });

  it('acknowledges a slash command envelope and opens the interview, like its HTTP twin', async () => {
    const trigger = triggerId();
    const from = h.fake.calls.length;
    const payload = slashCommand(h.who('U0SOCK'), {
      text: '',
      channel: CHANNEL,
      responseUrl: h.fake.responseUrl(),
      trigger,
    });
    const ack = await h.fake.socket.send({ type: 'slash_commands', payload });
    expect(ack.payload ?? {}).toEqual({});
    const call = await h.fake.waitForCall((c) => c.method === 'views.open' && c.params.trigger_id === trigger, from);
    const view = h.fake.views.get(String((call.result?.view as { id?: string } | undefined)?.id)) as StoredView;
    expect(metaOf(view)).toMatchObject({ s: 'organization', ch: CHANNEL });

    // The submission's acknowledgement carries the next view, as the HTTP response does.
    const submitted = await h.fake.socket.send({
      type: 'interactive',
      payload: viewSubmission(h.who('U0SOCK'), view, filledState(view, first.values)),
    });
    expect(submitted.payload).toMatchObject({ response_action: 'update' });
    expect(viewText(submitted.payload?.view as { blocks?: unknown[] })).toContain('Data classifications');
  });

  it('answers help in the acknowledgement, publishes Home for an event, and applies a retried envelope once', async () => {
    const help = await h.fake.socket.send({
      type: 'slash_commands',
      payload: slashCommand(h.who('U0SOCK'), { text: 'help', channel: CHANNEL, responseUrl: h.fake.responseUrl() }),
    });
    expect(help.payload).toMatchObject({ response_type: 'ephemeral' });

    const from = h.fake.calls.length;
    const event = appHomeOpened(h.who('U0SOCK'));
    await h.fake.socket.send({ type: 'events_api', payload: event });
    await h.fake.waitForCall((c) => c.method === 'views.publish' && c.params.user_id === 'U0SOCK', from);
    await h.fake.socket.send({ type: 'events_api', payload: event, retry_attempt: 1, retry_reason: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.calls.slice(from).filter((c) => c.method === 'views.publish')).toHaveLength(1);
  });
});

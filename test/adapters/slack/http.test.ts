import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHomeOpened, slashCommand, triggerId } from '../../../bench/slack/support/payloads.js';
import {
  commandRequest,
  eventRequest,
  interactionRequest,
  postSigned,
  send,
  signedHeaders,
} from '../../../bench/slack/support/signed.js';
import { CHANNEL, SECRET, type SlackHarness, startSlackHarness } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

const help = () =>
  commandRequest(slashCommand(h.who('U0HTTP'), { text: 'help', channel: CHANNEL, responseUrl: h.fake.responseUrl() }));

/** Nothing reached the engine or Slack's API since `calls` and `turns`. */
function nothingHappened(calls: number, turns: number) {
  expect(h.fake.calls.length).toBe(calls);
  expect(h.engine.results.length).toBe(turns);
}

describe('POST /slack/events', () => {
  it('answers a signed /keyplan help with the help, privately', async () => {
    const answer = await h.send(help());
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(answer.json)).toContain('/keyplan status');
  });

  it('refuses a bad signature, a stale or future timestamp and missing headers with 401, doing nothing', async () => {
    const calls = h.fake.calls.length;
    const turns = h.engine.results.length;
    const request = help();
    const now = Math.floor(Date.now() / 1000);
    const wrongSecret = await postSigned(h.eventsUrl, 'not-the-secret', request);
    const stale = await send(h.eventsUrl, request, signedHeaders(SECRET, request.body, now - 6 * 60));
    const future = await send(h.eventsUrl, request, signedHeaders(SECRET, request.body, now + 6 * 60));
    const unsigned = await send(h.eventsUrl, request, {});
    const tampered = await send(
      h.eventsUrl,
      { ...request, body: `${request.body}&text=status` },
      signedHeaders(SECRET, request.body),
    );
    expect([wrongSecret, stale, future, unsigned, tampered].map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    nothingHappened(calls, turns);
  });

  it('refuses malformed bodies and payloads with 4xx and keeps serving', async () => {
    const calls = h.fake.calls.length;
    const turns = h.engine.results.length;
    const form = 'application/x-www-form-urlencoded' as const;
    const answers = await Promise.all([
      postSigned(h.eventsUrl, SECRET, { body: 'payload=%7Bnot-json', contentType: form }),
      postSigned(h.eventsUrl, SECRET, { body: '{"type":', contentType: 'application/json' }),
      postSigned(h.eventsUrl, SECRET, eventRequest({ hello: 'world' })),
      postSigned(
        h.eventsUrl,
        SECRET,
        interactionRequest({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, actions: [] }),
      ),
      postSigned(
        h.eventsUrl,
        SECRET,
        interactionRequest({ type: 'view_submission', user: { id: 'U1' }, team: { id: 'T1' } }),
      ),
      postSigned(h.eventsUrl, SECRET, { body: 'plain words', contentType: 'text/plain' as never }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 415]);
    nothingHappened(calls, turns);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect((await h.send(help())).status).toBe(200);
  });

  it('refuses an oversized body with 413 and anything but POST with 405', async () => {
    const big = await postSigned(h.eventsUrl, SECRET, {
      body: `payload=${'x'.repeat(1024 * 1024 + 10)}`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(big.status).toBe(413);
    const get = await fetch(h.eventsUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it("answers Slack's URL verification and SSL check", async () => {
    const verification = await postSigned(
      h.eventsUrl,
      SECRET,
      eventRequest({ type: 'url_verification', challenge: 'c-123', token: 't' }),
    );
    expect(verification).toMatchObject({ status: 200, json: { challenge: 'c-123' } });
    const ssl = await send(
      h.eventsUrl,
      { body: 'ssl_check=1&token=t', contentType: 'application/x-www-form-urlencoded' },
      {},
    );
    expect(ssl.status).toBe(200);
  });

  it('gives a retried delivery one effect: one post for a retried /keyplan plan, one Home for a retried event', async () => {
    const responseUrl = h.fake.responseUrl();
    const trigger = triggerId();
    const command = commandRequest(
      slashCommand(h.who('U0RETRY'), { text: 'plan', channel: CHANNEL, responseUrl, trigger }),
    );
    const from = h.fake.responses.length;
    expect((await h.send(command)).status).toBe(200);
    const retried = await h.send({
      ...command,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retried.status).toBe(200);
    // No plan is stored for this workspace yet: one private answer, not two.
    await h.fake.until(() => (h.fake.responses.length > from ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.responses.slice(from)).toHaveLength(1);

    const event = appHomeOpened(h.who('U0RETRY'));
    const publishes = () => h.fake.callsTo('views.publish').filter((c) => c.params.user_id === 'U0RETRY').length;
    await h.send(eventRequest(event));
    await h.fake.until(() => (publishes() === 1 ? true : undefined));
    await h.send({ ...eventRequest(event), headers: { 'x-slack-retry-num': '1' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(publishes()).toBe(1);
  });
});

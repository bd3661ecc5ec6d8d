import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalChat, type TeamsHarness, teamsHarness } from './harness.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('Teams over HTTP without credentials (a local trial)', () => {
  let harness: TeamsHarness;
  beforeAll(async () => {
    harness = await teamsHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('says loudly at start that authentication is off', () => {
    const log = harness.logs.join('\n');
    expect(log).toMatch(/WITHOUT AUTHENTICATION/);
    expect(log).toMatch(/MicrosoftAppId/);
  });

  it('answers a typed command through the connector named by the activity', async () => {
    const before = harness.connector.calls.length;
    const answer = await harness.say('ann', personalChat('ann'), 'help');
    expect(answer.status).toBe(200);
    const [reply] = harness.connector.since(before);
    expect(reply?.kind).toBe('reply');
    expect(reply?.conversationId).toBe('a:personal-ann');
  });

  it.each([
    ['a body that is not JSON', '{"type": "message",', /not JSON/],
    ['a JSON array', '[]', /activity/],
    ['an activity without a type', JSON.stringify({ id: '1' }), /activity\.type/],
    ['a message without a conversation', JSON.stringify({ type: 'message', text: 'start' }), /activity\./],
  ])('refuses %s with a 400 naming what is wrong', async (_what, body, message) => {
    const answer = await harness.post('/api/messages', body);
    expect(answer.status).toBe(400);
    expect(String(answer.body)).toMatch(message);
  });

  it('refuses a service URL that is not a URL, and an invoke whose action carries no keyplan data', async () => {
    const bad = harness.activity('ann', personalChat('ann'), {
      type: 'message',
      text: 'start',
      serviceUrl: 'not a url',
    });
    expect((await harness.post('/api/messages', JSON.stringify(bad))).status).toBe(400);
    const invoke = harness.activity('ann', personalChat('ann'), {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'next', data: { keyplan: { actionId: 'next' } } } },
    });
    const answer = await harness.post('/api/messages', JSON.stringify(invoke));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/keyplan\.conversationId/);
    const noValue = harness.activity('ann', personalChat('ann'), { type: 'invoke', name: 'adaptiveCard/action' });
    expect((await harness.post('/api/messages', JSON.stringify(noValue))).status).toBe(400);
  });

  it('refuses other methods and oversized bodies, and stays up', async () => {
    const get = await fetch(`${harness.url}/api/messages`);
    expect(get.status).toBe(405);
    const huge = await harness.post('/api/messages', JSON.stringify({ type: 'message', text: 'x'.repeat(600_000) }));
    expect(huge.status).toBe(413);
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await harness.say('ann', personalChat('ann'), 'help')).status).toBe(200);
  });
});

describe('Teams over HTTP with an app id configured', () => {
  let harness: TeamsHarness;
  beforeAll(async () => {
    harness = await teamsHarness({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('does not warn about authentication', () => {
    expect(harness.logs.join('\n')).not.toMatch(/WITHOUT AUTHENTICATION/);
  });

  it.each([
    ['no Authorization header', {}],
    ['a token that is not a JWT', { authorization: 'Bearer not.a.token' }],
  ])('answers 401 to a request with %s, and applies nothing', async (_what, headers) => {
    const calls = harness.connector.calls.length;
    const answer = await harness.say('mallory', personalChat('mallory'), 'start', headers);
    expect(answer.status).toBe(401);
    expect(harness.connector.calls.length).toBe(calls);
    expect(harness.engine.results).toEqual([]);
    const stored = await harness.store.conversations.latestActive(
      { platform: 'teams', workspace: 'tenant-a' },
      'mallory',
      'interview',
    );
    expect(stored).toBeUndefined();
  });
});

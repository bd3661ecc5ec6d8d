import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, SurfaceRef } from '../../../src/conversation/index.js';
import { recommend } from '../../../src/core/index.js';
import { readProfileText } from '../../../src/profile-text.js';
import { buttonsIn, cardOfActivity, textsIn } from './card-reader.js';
import { BOT_ID, personalChat, type TeamsHarness, teamsHarness } from './harness.js';

const TENANT = { platform: 'teams', workspace: 'tenant-a' } as const;

const notice = (text: string): Delivery => ({
  conversationId: null,
  stamp: null,
  replies: [{ type: 'message', tone: 'info', text }],
});

/** The outbound port: proactive messages through the conversation references kept on surfaces. */
describe('Teams ReplySink', () => {
  let harness: TeamsHarness;
  let surface: SurfaceRef;

  beforeAll(async () => {
    harness = await teamsHarness();
    expect((await harness.say('ann', personalChat('ann'), 'start')).status).toBe(200);
    const stored = await harness.store.conversations.latestActive(TENANT, 'ann', 'interview');
    surface = stored?.surface as SurfaceRef;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('posts to where a conversation is shown, from its stored reference, and updates what it posted', async () => {
    const before = harness.connector.calls.length;
    const posted = await harness.platform.sink.post(
      TENANT,
      { kind: 'surface', surface },
      notice('Your plan was approved.'),
    );
    const [sent] = harness.connector.since(before);
    expect(sent).toMatchObject({ kind: 'send', conversationId: 'a:personal-ann' });
    expect(textsIn(cardOfActivity(sent?.body ?? {}) ?? {})).toEqual(['Your plan was approved.']);
    expect(posted.ids.activityId).toBe(sent?.activityId);

    const delivery: Delivery = {
      conversationId: 'c-1',
      stamp: { step: 'pending', version: 3 },
      replies: [
        {
          type: 'approval-request',
          planId: 'acme-retail/v1',
          organization: 'Acme Retail',
          planHash: 'a'.repeat(64),
          requester: 'ann',
          headline: 'Acme Retail asks for sign-off on 2 KMS keys.',
          lines: ['alias/storefront/prod/public'],
          changes: [],
          approvals: [],
          decision: null,
          fields: [],
          actions: [{ id: 'approve', label: 'Approve', style: 'primary', event: { type: 'APPROVE' } }],
          plan: retailPlan(),
          attachments: [],
        },
      ],
    };
    const updating = harness.connector.calls.length;
    await harness.platform.sink.update(TENANT, posted, delivery);
    const [update] = harness.connector.since(updating);
    expect(update).toMatchObject({
      kind: 'update',
      activityId: posted.ids.activityId,
      conversationId: 'a:personal-ann',
    });
    const [approve] = buttonsIn(cardOfActivity(update?.body ?? {}) ?? {});
    expect(approve).toMatchObject({
      verb: 'approve',
      data: { keyplan: { conversationId: 'c-1', actionId: 'approve', step: 'pending', version: 3 } },
    });
  });

  it('opens a personal chat with a user it has heard from, addressing them by their Teams id', async () => {
    const before = harness.connector.calls.length;
    const posted = await harness.platform.sink.post(
      TENANT,
      { kind: 'user', userId: 'ann' },
      notice('A review is due.'),
    );
    const [create, sent] = harness.connector.since(before);
    expect(create?.kind).toBe('create');
    expect(create?.body).toMatchObject({
      isGroup: false,
      bot: { id: BOT_ID },
      members: [{ id: '29:ann' }],
      tenantId: 'tenant-a',
      channelData: { tenant: { id: 'tenant-a' } },
    });
    expect(sent).toMatchObject({ kind: 'send', conversationId: create?.conversationId });
    expect(posted.ids.activityId).toBe(sent?.activityId);
    expect(JSON.parse(posted.ids.reference as string)).toMatchObject({ conversation: { id: create?.conversationId } });
  });

  it('starts a channel thread with the message, and keeps the thread as the surface', async () => {
    const before = harness.connector.calls.length;
    const posted = await harness.platform.sink.post(
      TENANT,
      { kind: 'channel', channelId: '19:security@thread.tacv2' },
      notice('Approval requested.'),
    );
    const [create, ...rest] = harness.connector.since(before);
    expect(rest).toEqual([]);
    expect(create?.body).toMatchObject({ isGroup: true, channelData: { channel: { id: '19:security@thread.tacv2' } } });
    expect(textsIn(cardOfActivity(create?.body.activity as Record<string, unknown>) ?? {})).toEqual([
      'Approval requested.',
    ]);
    expect(posted.ids.activityId).toBe(create?.activityId);
    const updating = harness.connector.calls.length;
    await harness.platform.sink.update(TENANT, posted, notice('Approved by sec-lead.'));
    expect(harness.connector.since(updating)[0]).toMatchObject({
      kind: 'update',
      conversationId: `19:security@thread.tacv2;messageid=${create?.activityId}`,
      activityId: create?.activityId,
    });
  });

  it('says what is missing instead of guessing', async () => {
    await expect(
      harness.platform.sink.post(
        { platform: 'teams', workspace: 'never-seen' },
        { kind: 'user', userId: 'x' },
        notice('hi'),
      ),
    ).rejects.toThrow(/has not heard from that tenant/);
    await expect(harness.platform.sink.update(TENANT, { kind: 'terminal', ids: {} }, notice('hi'))).rejects.toThrow(
      /not a Teams message/,
    );
  });
});

function retailPlan() {
  return recommend(readProfileText(readFileSync('examples/retail.yaml', 'utf8')));
}

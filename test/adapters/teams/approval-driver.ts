import { expect } from 'vitest';
import { INTERVIEW_FLOW, type Tenant } from '../../../src/conversation/index.js';
import { userOf } from '../../conversation/drive-engine.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';
import { buttonsIn, cardOfActivity, type Json, textsIn } from './card-reader.js';
import type { ConnectorCall } from './fake-connector.js';
import type { Chat, TeamsHarness } from './harness.js';

/** The security team's channel, and the thread a message of theirs to keyplan lands in. */
export const SECURITY_CHANNEL = '19:security@thread.tacv2';

export function channelThread(tenantId: string, messageId = '1'): Chat {
  return { id: `${SECURITY_CHANNEL};messageid=${messageId}`, type: 'channel', tenantId };
}

export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An @mention as Teams writes it in the text, with the entity it sends beside it (no Entra id, like Teams). */
export function mention(userId: string, name = userId): { text: string; entity: Json } {
  const text = `<at>${name}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id: `29:${userId}`, name } } };
}

export const BOT_MENTION = {
  text: '<at>keyplan</at>',
  entity: { type: 'mention', text: '<at>keyplan</at>', mentioned: { id: '28:keyplan-bot', name: 'keyplan' } },
};

/** A message typed with mentions; returns what the bot sent back (calls to the connector meanwhile). */
export async function typed(
  harness: TeamsHarness,
  userId: string,
  chat: Chat,
  parts: (string | { text: string; entity: Json })[],
): Promise<ConnectorCall[]> {
  const before = harness.connector.calls.length;
  const mentions = parts.filter((part): part is { text: string; entity: Json } => typeof part !== 'string');
  const text = parts.map((part) => (typeof part === 'string' ? part : part.text)).join(' ');
  const answer = await harness.post(
    '/api/messages',
    JSON.stringify(
      harness.activity(userId, chat, {
        type: 'message',
        text,
        textFormat: 'xml',
        entities: mentions.map((part) => part.entity),
      }),
    ),
  );
  expect(answer.status).toBe(200);
  return harness.connector.since(before);
}

export const cardTexts = (calls: ConnectorCall[]) =>
  calls.flatMap((call) => textsIn(cardOfActivity(call.body) ?? {})).join('\n');

/** An approval request as the security channel got it: its card, the thread and the message holding it. */
export interface PostedRequest {
  card: Json;
  chat: Chat;
  activityId: string;
  conversationId: string;
}

/** The approval request keyplan posted to the security channel since the `from`-th connector call. */
export async function postedRequest(harness: TeamsHarness, tenantId: string, from: number): Promise<PostedRequest> {
  const create = await waitFor('the approval request in the security channel', () =>
    harness.connector
      .since(from)
      .find(
        (call) =>
          call.kind === 'create' &&
          (call.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id === SECURITY_CHANNEL,
      ),
  );
  const card = cardOfActivity(create.body.activity as Json);
  if (!card) throw new Error('the channel post holds no card');
  const [button] = buttonsIn(card);
  const conversationId = String((button?.data.keyplan as Json | undefined)?.conversationId);
  return {
    card,
    chat: { id: create.conversationId, type: 'channel', tenantId },
    activityId: create.activityId as string,
    conversationId,
  };
}

/**
 * A requester confirms Example 1 (hybrid governance) straight through the engine: the interview in
 * cards is tested on its own; here it only has to reach the security channel.
 */
export async function confirmRetail(harness: TeamsHarness, tenant: Tenant, requester: string) {
  const from = harness.connector.calls.length;
  const user = userOf(harness.engine, tenant, requester);
  const done = await user.act(await user.play(await user.open({ fresh: true }), RETAIL_ANSWERS), 'confirm');
  expect(done.flow).toBe(INTERVIEW_FLOW);
  const planId = (done.replies.find((reply) => reply.type === 'plan-summary') as { planId: string }).planId;
  return { planId, request: await postedRequest(harness, tenant.workspace, from) };
}

/** What a button press came to: the invoke's answer (to the presser) and the connector calls it made. */
export interface Pressed {
  status: number;
  body: Json;
  /** The card the presser sees now, when the answer is a card. */
  card: Json | undefined;
  /** The message only the presser sees, when the answer is one. */
  message: string | undefined;
  calls: ConnectorCall[];
}

export async function pressOn(
  harness: TeamsHarness,
  userId: string,
  on: { card: Json; chat: Chat; activityId: string },
  actionId: string,
  values?: Record<string, unknown>,
): Promise<Pressed> {
  const button = buttonsIn(on.card).find((candidate) => candidate.actionId === actionId);
  if (!button) throw new Error(`no button ${actionId} on the card`);
  const before = harness.connector.calls.length;
  const answer = await harness.post(
    '/api/messages',
    JSON.stringify(harness.invokeActivity(userId, on.chat, on.card, on.activityId, button, values)),
  );
  const body = (answer.body ?? {}) as Json;
  return {
    status: answer.status,
    body,
    card: body.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Json) : undefined,
    message: body.type === 'application/vnd.microsoft.activity.message' ? String(body.value) : undefined,
    calls: harness.connector.since(before),
  };
}

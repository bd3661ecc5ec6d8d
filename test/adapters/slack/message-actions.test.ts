import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TEAM } from '../../../bench/slack/support/fake-slack.js';
import { viewText } from '../../../bench/slack/support/modal-user.js';
import { messageAction } from '../../../bench/slack/support/payloads.js';
import { interactionRequest } from '../../../bench/slack/support/signed.js';
import type { FlowRegistration, TurnResult } from '../../../src/conversation/index.js';
import { signOffFlow } from '../../conversation/fixtures/sign-off-flow.js';
import { blockKitViolations } from './support/block-kit-limits.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from './support/harness.js';

/**
 * A conversation's buttons in a channel message (what approvals will use): posted through the Slack
 * ReplySink, pressed by the owner (the message is updated in place), by someone else (refused
 * privately) and again after the conversation moved on (stale: the message shows where it is).
 */
const OWNED_SIGN_OFF: FlowRegistration = {
  flow: {
    ...signOffFlow,
    id: 'owned-sign-off',
    mayAct: (actor, conversation) => actor.userId === conversation.ownerId,
  },
  effects: {
    SIGN_OFF_GIVEN: async (_emitted, { actor }) => ({
      events: [{ type: 'SIGNED_RECORDED', by: actor.userId }],
      outbound: [
        {
          to: { kind: 'channel', channelId: CHANNEL },
          delivery: {
            conversationId: null,
            stamp: null,
            replies: [{ type: 'message', tone: 'success', text: `Signed off by ${actor.userId}.` }],
          },
        },
      ],
    }),
  },
};

const TENANT = { platform: 'slack' as const, workspace: FAKE_TEAM };
let h: SlackHarness;
let opened: TurnResult;
let message: { channel: string; ts: string };
let button: { action_id: string; value: string };

beforeAll(async () => {
  h = await startSlackHarness({ flows: [OWNED_SIGN_OFF] });
  opened = await h.engine.open({ tenant: TENANT, actor: { userId: 'U0OWNER' }, flow: 'owned-sign-off' });
  const at = await h.platform.sink.post(
    TENANT,
    { kind: 'channel', channelId: CHANNEL },
    { conversationId: opened.conversationId, stamp: opened.stamp, replies: opened.replies },
  );
  message = { channel: String(at.ids.channel), ts: String(at.ids.ts) };
  const posted = h.fake.callsTo('chat.postMessage').at(-1);
  if (!posted) throw new Error('the sink posted nothing');
  expect(blockKitViolations(posted.params, 'message')).toEqual([]);
  const blocks = posted.params.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
  const actions = blocks.find((block) => block.type === 'actions');
  button = actions?.elements?.[0] as { action_id: string; value: string };
});
afterAll(async () => {
  await h?.close();
});

const press = (user: string) =>
  h.send(
    interactionRequest(
      messageAction(h.who(user), message, { type: 'button', block_id: 'approval', ...button }, h.fake.responseUrl()),
    ),
  );

describe('conversation buttons in messages', () => {
  it('posts the request with a button holding the action id and the view stamp', () => {
    expect(button.action_id).toBe('kp:sign');
    expect(JSON.parse(button.value)).toEqual({ c: opened.conversationId, s: 'waiting', v: opened.stamp?.version });
  });

  it("refuses someone else's press privately, changing nothing", async () => {
    const from = h.fake.calls.length;
    expect((await press('U0STRANGER')).status).toBe(200);
    const note = await h.fake.waitForCall((c) => c.method === 'chat.postEphemeral', from);
    expect(note.params).toMatchObject({
      channel: CHANNEL,
      user: 'U0STRANGER',
      text: expect.stringMatching(/Only approvers/),
    });
    expect(h.fake.calls.slice(from).some((c) => c.method === 'chat.update')).toBe(false);
  });

  it("applies the owner's press: the message is updated in place and the effect posts to the channel", async () => {
    const from = h.fake.calls.length;
    await press('U0OWNER');
    const update = await h.fake.waitForCall((c) => c.method === 'chat.update', from);
    expect(update.params).toMatchObject({ channel: CHANNEL, ts: message.ts });
    expect(viewText(update.params)).toContain('Signed off by U0OWNER.');
    expect(JSON.stringify(update.params.blocks)).not.toContain('kp:sign');
    await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && viewText(c.params).includes('Signed off by U0OWNER.'),
      from,
    );
  });

  it('answers a press on the old button with where the conversation is, applying nothing', async () => {
    const turns = h.engine.results.length;
    const from = h.fake.calls.length;
    await press('U0OWNER');
    await h.fake.waitForCall((c) => c.method === 'chat.update', from);
    expect(h.engine.results.slice(turns).map((r) => r.outcome)).toEqual(['stale']);
    const note = await h.fake.waitForCall((c) => c.method === 'chat.postEphemeral', from);
    expect(String(note.params.text)).toMatch(/finished; nothing was changed/);
  });

  it('updates what it posted, and a modal by its view id, through the sink', async () => {
    const from = h.fake.calls.length;
    const note = {
      conversationId: null,
      stamp: null,
      replies: [{ type: 'message' as const, tone: 'info' as const, text: 'Expired.' }],
    };
    await h.platform.sink.update(TENANT, { kind: 'message', ids: message }, note);
    const update = await h.fake.waitForCall((c) => c.method === 'chat.update', from);
    expect(update.params).toMatchObject({ channel: CHANNEL, ts: message.ts, text: 'Expired.' });
    await expect(h.platform.sink.update(TENANT, { kind: 'modal', ids: { viewId: 'V-missing' } }, note)).rejects.toThrow(
      /not_found/,
    );
  });
});

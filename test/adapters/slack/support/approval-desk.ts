import type { PostedMessage, StoredView } from '../../../../bench/slack/support/fake-slack.js';
import { filledState } from '../../../../bench/slack/support/modal-user.js';
import { messageAction, triggerId, viewSubmission } from '../../../../bench/slack/support/payloads.js';
import { type HttpAnswer, interactionRequest } from '../../../../bench/slack/support/signed.js';
import type { Tenant } from '../../../../src/conversation/index.js';
import type { SlackHarness } from './harness.js';
import { seedRetailPlan } from './seed.js';

/**
 * The security channel as people use it: approval requests as the fake Slack holds them (updates
 * applied), their buttons pressed through signed block_actions, and the reason window Slack opened
 * for a press filled in and submitted.
 */

export interface Posted {
  channel: string;
  ts: string;
}

export interface Button {
  action_id: string;
  value: string;
  block_id: string;
}

/** The conversation buttons (`kp:…`) of a message's blocks, by action id without the prefix. */
export function buttonsOf(blocks: readonly Record<string, unknown>[] | undefined): Record<string, Button> {
  const buttons: Record<string, Button> = {};
  for (const block of blocks ?? []) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as { type: string; action_id: string; value?: string }[]) {
      if (element.type !== 'button' || !element.action_id.startsWith('kp:')) continue;
      buttons[element.action_id.slice(3)] = {
        action_id: element.action_id,
        value: String(element.value ?? ''),
        block_id: String(block.block_id ?? ''),
      };
    }
  }
  return buttons;
}

export function approvalDesk(h: SlackHarness, tenant: Tenant, securityChannel: string) {
  const current = (at: Posted): PostedMessage => {
    const message = h.fake.messageAt(at.channel, at.ts);
    if (!message) throw new Error(`no message ${at.ts} in ${at.channel}`);
    return message;
  };
  return {
    current,
    buttons: (at: Posted) => buttonsOf(current(at).blocks),

    /** The approval request posted in the security channel since call index `from`. */
    async requestPosted(from: number): Promise<Posted> {
      const call = await h.fake.waitForCall(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.params.channel === securityChannel &&
          JSON.stringify(c.params.blocks ?? []).includes('kp:approve'),
        from,
        10_000,
      );
      return { channel: securityChannel, ts: String(call.result?.ts) };
    },

    /**
     * A requester confirms Example 1 (through the engine); resolves once its request is in the channel
     * and keyplan has recorded where (so signals — expiry, a newer plan — update that message).
     */
    async submitted(requester: string): Promise<Posted & { planId: string }> {
      const from = h.fake.calls.length;
      const planId = await seedRetailPlan(h.engine, tenant, requester);
      const at = await this.requestPosted(from);
      const conversationId = (JSON.parse(this.buttons(at).approve?.value ?? '{}') as { c?: string }).c ?? '';
      for (let waited = 0; ; waited += 20) {
        const surface = (await h.store.conversations.get(tenant, conversationId))?.surface as
          | { ids: Record<string, string> }
          | null
          | undefined;
        if (surface?.ids.ts === at.ts) break;
        if (waited > 10_000) throw new Error('keyplan never recorded where the request was posted');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { ...at, planId };
    },

    /** Presses a button of the message (`button`: one captured earlier, e.g. an old version's). */
    press(user: string, at: Posted, actionId: string, button?: Button, trigger = triggerId()): Promise<HttpAnswer> {
      const pressed = button ?? this.buttons(at)[actionId];
      if (!pressed) throw new Error(`the message offers no button ${actionId}`);
      return h.send(
        interactionRequest(
          messageAction(h.who(user), at, { type: 'button', ...pressed }, h.fake.responseUrl(), trigger),
        ),
      );
    },

    /** Presses a button that asks a reason first: the window Slack opened for the press. */
    async window(user: string, at: Posted, actionId: string): Promise<StoredView> {
      const from = h.fake.calls.length;
      const trigger = triggerId();
      const answer = await this.press(user, at, actionId, undefined, trigger);
      if (answer.status !== 200) throw new Error(`the press answered ${answer.status}`);
      const call = await h.fake.waitForCall((c) => c.method === 'views.open' && c.params.trigger_id === trigger, from);
      const id = (call.result?.view as { id?: string } | undefined)?.id;
      return structuredClone(h.fake.views.get(String(id)) as StoredView);
    },

    /** Submits the reason window; the HTTP answer is Slack's `response_action`. */
    async give(user: string, view: StoredView, reason: string) {
      const answer = await h.send(
        interactionRequest(viewSubmission(h.who(user), view, filledState(view, { reason }), triggerId())),
      );
      return answer.json as { response_action?: string; errors?: Record<string, string> } | undefined;
    },

    /** The private notes (chat.postEphemeral) a user got since call index `from`. */
    told(user: string, from: number): string[] {
      return h.fake.calls
        .slice(from)
        .filter((c) => c.method === 'chat.postEphemeral' && c.params.user === user)
        .map((c) => String(c.params.text));
    },

    /** The updates of one message since call index `from`. */
    updates(at: Posted, from: number) {
      return h.fake.calls
        .slice(from)
        .filter((c) => c.method === 'chat.update' && c.params.channel === at.channel && c.params.ts === at.ts);
    },

    /** What a user got in their direct messages since call index `from`. */
    directMessages(user: string, from: number): string[] {
      return h.fake.calls
        .slice(from)
        .filter((c) => c.method === 'chat.postMessage' && c.params.channel === user)
        .map((c) => String(c.params.text));
    },
  };
}

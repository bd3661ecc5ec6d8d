import type { webApi } from '@slack/bolt';
import type { Delivery, Recipient, ReplySink, SurfaceRef, Tenant } from '../../src/conversation/index.js';
import { LIMITS } from './limits.js';
import { messageOf } from './message-blocks.js';
import { interviewModal } from './modal.js';
import { escapeMrkdwn, md } from './mrkdwn.js';
import { CANNOT_POST, type SlackPoster, slackErrorOf } from './poster.js';

/**
 * keyplan's outbound port on Slack: direct messages and channel posts (with their files in the thread),
 * and updates of what was posted — a message by channel and ts, a modal by view id.
 */
export class SlackSink implements ReplySink {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly poster: SlackPoster,
  ) {}

  async post(_tenant: Tenant, to: Recipient, delivery: Delivery): Promise<SurfaceRef> {
    if (to.kind === 'surface') {
      const { surface } = to;
      if (surface.kind === 'modal' && surface.ids.viewId) {
        await this.#updateModal(surface.ids.viewId, delivery);
        return surface;
      }
      const channel = surface.ids.channel;
      if (surface.kind === 'message' && channel) {
        const message = messageOf(delivery);
        const posted = await this.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          ...(surface.ids.ts ? { thread_ts: surface.ids.ts } : {}),
        });
        return { kind: 'message', ids: { channel: String(posted.channel ?? channel), ts: String(posted.ts) } };
      }
      throw new Error(`a ${surface.kind} surface without the ids Slack needs`);
    }
    const destination = to.kind === 'user' ? { userId: to.userId } : { channel: to.channelId };
    const files = delivery.replies.flatMap((reply) => ('attachments' in reply ? reply.attachments : []));
    try {
      const posted = await this.poster.post(destination, messageOf(delivery), files, 'upload');
      return { kind: 'message', ids: { channel: posted.channel, ts: posted.ts } };
    } catch (error) {
      if (to.kind === 'channel') await this.#toldRequester(to.channelId, delivery, error);
      throw error;
    }
  }

  /**
   * An approval request the security channel refused (keyplan is not a member): the person waiting for
   * it learns why, privately, rather than waiting for a decision that cannot come.
   */
  async #toldRequester(channel: string, delivery: Delivery, error: unknown): Promise<void> {
    const request = delivery.replies.find((reply) => reply.type === 'approval-request');
    const code = slackErrorOf(error);
    if (!request || !code || !CANNOT_POST.has(code)) return;
    const text = `${this.poster.inviteHint(channel)} Your key plan ${escapeMrkdwn(request.planId)} is waiting for approval, but the security team has not seen it. Once keyplan is in that channel, run /keyplan and confirm your plan again to send it.`;
    await this.client.chat
      .postMessage({
        channel: request.requester,
        text,
        blocks: [{ type: 'section', text: md(`⚠️ ${text}`, LIMITS.sectionText) }],
      })
      .catch(() => undefined);
  }

  async update(_tenant: Tenant, at: SurfaceRef, delivery: Delivery): Promise<void> {
    if (at.kind === 'modal' && at.ids.viewId) return this.#updateModal(at.ids.viewId, delivery);
    if (at.kind === 'message' && at.ids.channel && at.ids.ts) {
      const message = messageOf(delivery);
      await this.client.chat.update({
        channel: at.ids.channel,
        ts: at.ids.ts,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    }
    throw new Error(`cannot update a ${at.kind} surface on Slack`);
  }

  async #updateModal(viewId: string, delivery: Delivery): Promise<void> {
    await this.client.views.update({
      view_id: viewId,
      view: interviewModal(
        {
          replies: delivery.replies,
          stamp: delivery.stamp,
          conversationId: delivery.conversationId ?? '',
          status: delivery.stamp ? 'active' : 'done',
        },
        {},
      ),
    });
  }
}

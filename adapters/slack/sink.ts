import type { webApi } from '@slack/bolt';
import type { Delivery, Recipient, ReplySink, SurfaceRef, Tenant } from '../../src/conversation/index.js';
import { messageOf } from './message-blocks.js';
import { interviewModal } from './modal.js';
import type { SlackPoster } from './poster.js';

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
    const posted = await this.poster.post(destination, messageOf(delivery), files, 'upload');
    return { kind: 'message', ids: { channel: posted.channel, ts: posted.ts } };
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

import type { Delivery, Recipient, ReplySink, SurfaceRef, Tenant } from '../../src/conversation/index.js';

/** The loopback of a chat platform's outbound calls: what keyplan posted and updated, where. */
export function recordingSink() {
  const posted: { tenant: Tenant; to: Recipient; delivery: Delivery }[] = [];
  const updated: { at: SurfaceRef; delivery: Delivery }[] = [];
  const sink: ReplySink = {
    async post(tenant, to, delivery) {
      posted.push({ tenant, to, delivery });
      return {
        kind: 'message',
        ids: { channel: to.kind === 'channel' ? to.channelId : 'D', ts: `${posted.length}.000` },
      };
    },
    async update(_tenant, at, delivery) {
      updated.push({ at, delivery });
    },
  };
  return { sink, posted, updated };
}

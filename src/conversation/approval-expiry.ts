import { z } from 'zod';
import { APPROVAL_FLOW } from '../../flows/approval.machine.js';
import type { Store } from '../store/index.js';
import type { ConversationEngine } from './engine.js';
import { readEnvelope } from './envelope.js';

const Expiring = z.object({ expiresAt: z.string() }).passthrough();

/**
 * Ends every approval request past its expiry time: the engine applies EXPIRE to each (the plan becomes
 * expired, the requester is told, the channel message loses its buttons). Safe to run from several
 * replicas at once: a request already decided or expired is stale and left alone. Returns how many expired.
 */
export async function expireApprovals(engine: ConversationEngine, store: Store, now: Date): Promise<number> {
  let expired = 0;
  for (const conversation of await store.conversations.listActive(APPROVAL_FLOW)) {
    const read = readEnvelope(conversation.snapshot);
    const context = Expiring.safeParse(read.ok ? read.envelope.machine.context : undefined);
    if (!context.success || Date.parse(context.data.expiresAt) > now.getTime()) continue;
    const result = await engine.signal(conversation.tenant, conversation.id, { type: 'EXPIRE' });
    if (result.outcome === 'finished') expired++;
  }
  return expired;
}

import { type AnyMachineSnapshot, transition } from 'xstate';
import type { FlowEvent, Reply } from '../../flows/replies.js';
import { KeyplanError } from '../core/index.js';
import type { EffectContext, EffectResult, FlowRegistration, Outbound } from './registry.js';

type Signal = NonNullable<EffectResult['signals']>[number];

/** Effects may answer with events that emit again; a chain longer than this is a wiring loop. */
const MAX_FOLLOW_UPS = 10;

/**
 * Applies one event to a snapshot with the machine's pure transition, then runs what the machine
 * emitted through the flow's effects, feeding their answers back in, all within the caller's turn.
 */
export async function applyEvent(
  registration: FlowRegistration,
  snapshot: AnyMachineSnapshot,
  event: FlowEvent,
  context: EffectContext,
): Promise<{ snapshot: AnyMachineSnapshot; outbound: Outbound[]; replies: Reply[]; signals: Signal[] }> {
  const { flow, effects } = registration;
  const queue: FlowEvent[] = [event];
  const outbound: Outbound[] = [];
  const replies: Reply[] = [];
  const signals: Signal[] = [];
  let current = snapshot;
  for (let applied = 0; queue.length > 0; applied++) {
    if (applied > MAX_FOLLOW_UPS) {
      throw new KeyplanError('INTERNAL', `flow ${flow.id}: effects keep answering with events (a loop?)`);
    }
    const next = queue.shift() as FlowEvent;
    const [after, actions] = transition(flow.machine, current, next);
    current = after;
    // Typed actions of an unknown machine list only xstate's special ones; emits are plain action objects.
    for (const action of actions as readonly { type: string; params?: unknown }[]) {
      if (action.type !== 'xstate.emit') continue;
      const emitted = (action.params as { event: FlowEvent }).event;
      const effect = effects[emitted.type];
      if (!effect) throw new KeyplanError('INTERNAL', `flow ${flow.id} emitted ${emitted.type}, which has no effect`);
      const result = await effect(emitted, context);
      queue.push(...(result.events ?? []));
      outbound.push(...(result.outbound ?? []));
      replies.push(...(result.replies ?? []));
      signals.push(...(result.signals ?? []));
    }
  }
  return { snapshot: current, outbound, replies, signals };
}

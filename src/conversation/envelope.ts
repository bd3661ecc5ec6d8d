import { z } from 'zod';
import type { PersistedMachine } from '../../flows/flow.js';
import { type ViewStamp, ViewStampSchema } from './contract.js';

/**
 * What the engine stores for a conversation: the machine's persisted snapshot, the ids of the last
 * events applied (a platform's retry is not applied twice), and the stamp of the view the user sees.
 */
export const EnvelopeSchema = z.object({
  machine: z.object({ value: z.unknown(), context: z.record(z.string(), z.unknown()) }),
  seen: z.array(z.string()).max(100),
  view: ViewStampSchema,
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const SEEN_EVENTS_KEPT = 20;

export function envelope(machine: PersistedMachine, seen: readonly string[], view: ViewStamp): Envelope {
  return { machine, seen: [...seen], view };
}

export function remember(seen: readonly string[], eventId: string | undefined): string[] {
  return eventId === undefined ? [...seen] : [...seen, eventId].slice(-SEEN_EVENTS_KEPT);
}

/** A stored snapshot read back; an older or damaged one keeps whatever machine part is readable. */
export function readEnvelope(
  snapshot: unknown,
): { ok: true; envelope: Envelope } | { ok: false; machine: PersistedMachine | undefined } {
  const parsed = EnvelopeSchema.safeParse(snapshot);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const machine = EnvelopeSchema.shape.machine.safeParse((snapshot as { machine?: unknown } | null)?.machine);
  return { ok: false, machine: machine.success ? machine.data : undefined };
}

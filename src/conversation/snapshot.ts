import { z } from 'zod';

/**
 * What the engine stores for a conversation: the machine's persisted snapshot plus the ids of the
 * last events applied, so a platform's retry of the same event is not applied twice.
 */
export const StoredSnapshotSchema = z.object({
  machine: z.object({ value: z.unknown(), context: z.record(z.string(), z.unknown()) }).passthrough(),
  seen: z.array(z.string()).max(100),
});
export type StoredSnapshot = z.infer<typeof StoredSnapshotSchema>;

export const SEEN_EVENTS_KEPT = 20;

export function remember(seen: readonly string[], eventId: string | undefined): string[] {
  return eventId === undefined ? [...seen] : [...seen, eventId].slice(-SEEN_EVENTS_KEPT);
}

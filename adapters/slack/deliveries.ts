/**
 * Slack retries a delivery it thinks failed (`x-slack-retry-num`, or `retry_attempt` in Socket Mode).
 * Interview turns are applied once by the engine itself (the trigger id is the turn's event id, kept
 * with the conversation); everything else — opening a window, posting a plan, running an audit — is
 * made idempotent here by remembering recent delivery ids (a bounded, time-limited memory per process).
 */
export class RecentDeliveries {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen (within the memory's time), false for a repeat. */
  first(id: string): boolean {
    const now = this.now();
    const at = this.#seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.#seen.delete(id);
    this.#seen.set(id, now);
    while (this.#seen.size > this.max) {
      const oldest = this.#seen.keys().next().value as string;
      this.#seen.delete(oldest);
    }
    return true;
  }
}

/** The id Slack keeps across retries of one delivery: an event's id, or an interaction's trigger id. */
export function deliveryId(body: unknown): string | undefined {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.event_id === 'string') return `event:${b.event_id}`;
  if (typeof b.trigger_id === 'string') return `trigger:${b.trigger_id}`;
  const actions = Array.isArray(b.actions) ? (b.actions as { action_ts?: unknown }[]) : [];
  const view = (b.view ?? {}) as { id?: unknown; hash?: unknown };
  if (b.type === 'view_closed' && typeof view.id === 'string') return `closed:${view.id}:${String(view.hash ?? '')}`;
  if (typeof actions[0]?.action_ts === 'string') return `action:${actions[0].action_ts}`;
  return undefined;
}

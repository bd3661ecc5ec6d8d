import { randomUUID } from 'node:crypto';
import type { ReminderRecord, Store } from '../store/index.js';

/** What a handler did with one reminder. */
export type HandlerOutcome =
  /** Sent: the reminder is done. */
  | { outcome: 'sent' }
  /** No longer relevant (the approval was decided, the plan superseded): done without sending. */
  | { outcome: 'skipped'; why: string }
  /** Not now (outside the recipient's working hours): due again at `until`, the attempt not counted. */
  | { outcome: 'deferred'; until: Date };

export type ReminderHandler = (reminder: ReminderRecord, now: Date) => Promise<HandlerOutcome>;

export interface SchedulerOptions {
  store: Store;
  handlers: Readonly<Record<string, ReminderHandler>>;
  /** The clock: injectable, so tests run days in milliseconds. */
  now?: () => Date;
  /** This scheduler's name in claims (a replica's). */
  owner?: string;
  /** How long a claim holds before another scheduler may take the item: longer than any send. */
  leaseMs?: number;
  /** Attempts before a reminder fails for good (reported in the log and metrics). */
  maxAttempts?: number;
  /** Items claimed per tick. */
  batch?: number;
  /** Told about each failure, and marked final when no attempt is left. */
  onFailure?: (reminder: ReminderRecord, error: unknown, final: boolean) => void;
  /** Told when a whole tick failed (the store unreachable): the next tick tries again. */
  onTickError?: (error: unknown) => void;
}

export interface TickResult {
  claimed: number;
  sent: number;
  skipped: number;
  deferred: number;
  failed: number;
}

const DEFAULTS = { leaseMs: 5 * 60_000, maxAttempts: 5, batch: 50 } as const;

/** Waits before the next attempt: 1, 2, 4, 8 … minutes, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends reminders when they are due, exactly once across replicas: each tick claims due items in the
 * store (an atomic claim with a lease), runs the handler of each item's kind, and marks the item sent,
 * skipped, deferred or failed (retried with backoff, until its last attempt). A scheduler that dies
 * mid-send leaves its claims to run out; another then sends them.
 */
export class Scheduler {
  readonly #store: Store;
  readonly #handlers: Readonly<Record<string, ReminderHandler>>;
  readonly #now: () => Date;
  readonly #owner: string;
  readonly #leaseMs: number;
  readonly #maxAttempts: number;
  readonly #batch: number;
  readonly #onFailure: NonNullable<SchedulerOptions['onFailure']>;
  readonly #onTickError: NonNullable<SchedulerOptions['onTickError']>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#store = options.store;
    this.#handlers = options.handlers;
    this.#now = options.now ?? (() => new Date());
    this.#owner = options.owner ?? `scheduler-${randomUUID()}`;
    this.#leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
    this.#maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
    this.#batch = options.batch ?? DEFAULTS.batch;
    this.#onFailure = options.onFailure ?? (() => undefined);
    this.#onTickError = options.onTickError ?? (() => undefined);
  }

  /** One pass: claims what is due now and handles it. Returns what happened. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { claimed: 0, sent: 0, skipped: 0, deferred: 0, failed: 0 };
    const now = this.#now();
    const claimed = await this.#store.reminders.claim({
      now: now.toISOString(),
      owner: this.#owner,
      leaseMs: this.#leaseMs,
      limit: this.#batch,
    });
    result.claimed = claimed.length;
    for (const reminder of claimed) {
      const outcome = await this.#handle(reminder, now);
      result[outcome]++;
    }
    return result;
  }

  async #handle(reminder: ReminderRecord, now: Date): Promise<'sent' | 'skipped' | 'deferred' | 'failed'> {
    const { tenant, id } = reminder;
    try {
      const handler = this.#handlers[reminder.kind];
      if (!handler) throw new Error(`no handler for reminders of kind ${reminder.kind}`);
      const done = await handler(reminder, now);
      if (done.outcome === 'deferred') {
        await this.#store.reminders.defer(tenant, id, this.#owner, done.until.toISOString());
        return 'deferred';
      }
      await this.#store.reminders.complete(tenant, id, this.#owner);
      return done.outcome;
    } catch (error) {
      const final = reminder.attempts >= this.#maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      const dueAt = new Date(now.getTime() + backoffMs(reminder.attempts)).toISOString();
      await this.#store.reminders.fail(tenant, id, this.#owner, { error: message, dueAt, final });
      this.#onFailure(reminder, error, final);
      return 'failed';
    }
  }

  /** Ticks every `intervalMs` until stop(); a tick still running when the next is due makes it skip. */
  start(intervalMs: number): void {
    if (this.#timer) return;
    let busy = false;
    this.#timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.#running = this.tick()
        .catch((error: unknown) => this.#onTickError(error))
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops ticking and waits for a tick under way to finish. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

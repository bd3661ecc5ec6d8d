/**
 * Client-side admission for one KMS API: a token bucket (requests per second) plus a cap on requests in
 * flight. KMS quotas are per API, per account and region (DESIGN.md §6), so each API gets its own gate
 * and a throttled GetKeyPolicy never slows DescribeKey down. Staying just under the quota beats
 * sending at full speed and retrying: every throttled request still costs a round trip.
 *
 * The rate adapts (AIMD): a throttle cuts it multiplicatively, because someone else in the account is
 * using the same quota; after a quiet second it creeps back toward the configured ceiling. Requests in
 * flight together get throttled together, so one burst of throttles counts as one cut (like TCP's one
 * reduction per round trip), otherwise a single burst would collapse the rate to its floor.
 */

export interface RateGateOptions {
  ratePerSecond: number;
  concurrency: number;
  /**
   * Seconds of tokens the bucket holds (default 0.1). Large enough that a late timer on a busy event
   * loop does not waste tokens, small enough that a burst at 95% of the quota stays under a server
   * bucket of a tenth of a second at the full quota.
   */
  burstSeconds?: number;
  /** Multiplier applied to the rate on a throttle. */
  backoffFactor?: number;
  /** The rate never drops below this fraction of the ceiling. */
  floorFraction?: number;
  clock?: () => number;
}

export interface RateGateStats {
  admitted: number;
  throttles: number;
  currentRate: number;
}

const QUIET_MS = 1000;
const DECREASE_COOLDOWN_MS = 200;
const INCREASE_PER_SUCCESS = 0.002;

export class RateGate {
  readonly ceiling: number;
  private rate: number;
  private readonly capacity: number;
  private readonly maxInFlight: number;
  private readonly backoffFactor: number;
  private readonly floor: number;
  private readonly clock: () => number;
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  private lastThrottleAt = Number.NEGATIVE_INFINITY;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private readonly waiters: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private admitted = 0;
  private throttles = 0;

  constructor(options: RateGateOptions) {
    if (!(options.ratePerSecond > 0) || !(options.concurrency >= 1)) {
      throw new RangeError('a rate gate needs a positive rate and a concurrency of at least 1');
    }
    this.ceiling = options.ratePerSecond;
    this.rate = options.ratePerSecond;
    this.capacity = Math.max(1, options.ratePerSecond * (options.burstSeconds ?? 0.1));
    this.maxInFlight = Math.floor(options.concurrency);
    this.backoffFactor = options.backoffFactor ?? 0.7;
    this.floor = options.ratePerSecond * (options.floorFraction ?? 0.05);
    this.clock = options.clock ?? (() => performance.now());
    this.tokens = this.capacity;
    this.refilledAt = this.clock();
  }

  /** Resolves when a request may be sent; pair every acquire with exactly one release. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.pump();
    });
  }

  release(outcome: 'ok' | 'throttled' | 'failed'): void {
    this.inFlight -= 1;
    const now = this.clock();
    if (outcome === 'throttled') {
      this.throttles += 1;
      if (now - this.lastDecreaseAt >= DECREASE_COOLDOWN_MS) {
        this.rate = Math.max(this.floor, this.rate * this.backoffFactor);
        this.lastDecreaseAt = now;
      }
      this.lastThrottleAt = now;
      // Drop saved-up tokens too, or the next burst would hit the same wall.
      this.tokens = Math.min(this.tokens, 0);
    } else if (outcome === 'ok' && this.rate < this.ceiling && now - this.lastThrottleAt >= QUIET_MS) {
      this.rate = Math.min(this.ceiling, this.rate + this.ceiling * INCREASE_PER_SUCCESS);
    }
    this.pump();
  }

  stats(): RateGateStats {
    return { admitted: this.admitted, throttles: this.throttles, currentRate: this.rate };
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  private pump(): void {
    this.refill();
    while (this.waiters.length > 0 && this.inFlight < this.maxInFlight && this.tokens >= 1) {
      this.tokens -= 1;
      this.inFlight += 1;
      this.admitted += 1;
      this.waiters.shift()?.();
    }
    if (this.waiters.length > 0 && this.inFlight < this.maxInFlight && this.timer === null) {
      // Out of tokens: wake up when the next one is due (a release also pumps, whichever comes first).
      const waitMs = Math.max(1, ((1 - this.tokens) / this.rate) * 1000);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, waitMs);
    }
  }
}

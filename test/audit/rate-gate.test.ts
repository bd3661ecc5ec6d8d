import { describe, expect, it } from 'vitest';
import { RateGate } from '../../src/audit/inventory/rate-gate.js';
import { callThroughGate, DEFAULT_RETRY, isThrottling, isTransient } from '../../src/audit/inventory/retry.js';
import { awsError } from './fixtures.js';

/** Lets every already-resolved promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RateGate', () => {
  it('never lets more than `concurrency` requests run at once', async () => {
    const gate = new RateGate({ ratePerSecond: 1_000_000, concurrency: 3 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await gate.acquire();
        running += 1;
        peak = Math.max(peak, running);
        await settle();
        running -= 1;
        gate.release('ok');
      }),
    );
    expect(peak).toBe(3);
    expect(gate.stats().admitted).toBe(20);
  });

  it('admits a burst of rate x burstSeconds, then only as time passes', async () => {
    let now = 0;
    const gate = new RateGate({ ratePerSecond: 100, concurrency: 100, burstSeconds: 0.05, clock: () => now });
    let admitted = 0;
    for (let i = 0; i < 12; i++) void gate.acquire().then(() => (admitted += 1));
    await settle();
    expect(admitted).toBe(5);
    now = 30; // 30 ms at 100/s: three more tokens
    gate.release('ok');
    await settle();
    expect(admitted).toBe(8);
    now = 10_000;
    for (let i = 0; i < 8; i++) gate.release('ok');
    await settle();
    expect(admitted).toBe(12);
  });

  it('cuts its rate on a throttle and recovers only after a quiet second', async () => {
    let now = 0;
    const gate = new RateGate({ ratePerSecond: 1000, concurrency: 10, clock: () => now });
    const cycleAt = async (time: number, outcome: 'ok' | 'throttled') => {
      now = time;
      await gate.acquire();
      gate.release(outcome);
    };
    await cycleAt(0, 'throttled');
    expect(gate.stats().currentRate).toBeCloseTo(700);
    await cycleAt(300, 'throttled');
    expect(gate.stats().currentRate).toBeCloseTo(490);
    await cycleAt(800, 'ok');
    expect(gate.stats().currentRate).toBeCloseTo(490);
    await cycleAt(2000, 'ok');
    expect(gate.stats().currentRate).toBeGreaterThan(490);
    expect(gate.stats().throttles).toBe(2);
  });

  it('counts a burst of throttles as one cut', () => {
    const gate = new RateGate({ ratePerSecond: 1000, concurrency: 50, clock: () => 0 });
    for (let i = 0; i < 20; i++) gate.release('throttled');
    expect(gate.stats().currentRate).toBeCloseTo(700);
    expect(gate.stats().throttles).toBe(20);
  });

  it('never drops below its floor', () => {
    let now = 0;
    const gate = new RateGate({ ratePerSecond: 100, concurrency: 1, floorFraction: 0.1, clock: () => now });
    for (let i = 0; i < 20; i++) {
      now += 1000;
      gate.release('throttled');
    }
    expect(gate.stats().currentRate).toBeCloseTo(10);
  });

  it('rejects a rate or concurrency that could never admit anything', () => {
    expect(() => new RateGate({ ratePerSecond: 0, concurrency: 1 })).toThrow(RangeError);
    expect(() => new RateGate({ ratePerSecond: 10, concurrency: 0 })).toThrow(RangeError);
  });
});

describe('retry classification', () => {
  it.each([
    [awsError('ThrottlingException'), true, false],
    [Object.assign(new Error('slow down'), { $metadata: { httpStatusCode: 429 } }), true, false],
    [new Error('x'), false, false],
    [awsError('AccessDeniedException'), false, false],
    [awsError('KMSInternalException'), false, true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), false, true],
    [Object.assign(new Error('bad gateway'), { $metadata: { httpStatusCode: 502 } }), false, true],
  ])('%s: throttling %s, transient %s', (error, throttling, transient) => {
    expect(isThrottling(error)).toBe(throttling);
    expect(isTransient(error)).toBe(transient);
  });
});

describe('callThroughGate', () => {
  const fast = { ...DEFAULT_RETRY, sleep: async () => undefined, maxThrottleAttempts: 4, maxTransientAttempts: 2 };
  const gate = () => new RateGate({ ratePerSecond: 1_000_000, concurrency: 4 });

  it('does not retry an error that will not go away', async () => {
    let calls = 0;
    const denied = awsError('AccessDeniedException');
    await expect(
      callThroughGate(
        gate(),
        async () => {
          calls += 1;
          throw denied;
        },
        fast,
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('retries throttling up to its limit and transient errors up to theirs', async () => {
    const counts: number[] = [];
    for (const error of [awsError('ThrottlingException'), awsError('KMSInternalException')]) {
      let calls = 0;
      await expect(
        callThroughGate(
          gate(),
          async () => {
            calls += 1;
            throw error;
          },
          fast,
        ),
      ).rejects.toBe(error);
      counts.push(calls);
    }
    expect(counts).toEqual([4, 2]);
  });

  it('returns the first success and counts the retries', async () => {
    let calls = 0;
    const stats = { retries: 0 };
    const result = await callThroughGate(
      gate(),
      async () => {
        calls += 1;
        if (calls < 3) throw awsError('ThrottlingException');
        return 'ok';
      },
      fast,
      stats,
    );
    expect(result).toBe('ok');
    expect(stats.retries).toBe(2);
  });
});

import type { RateGate } from './rate-gate.js';

/**
 * Retries for the inventory's KMS calls. They live here rather than in the SDK's retry strategy because
 * the SDK's adaptive limiter is one rate per client (a throttled GetKeyPolicy would slow every other
 * API) and its retries are invisible to us; here a throttle lowers the rate of its own API's gate.
 */

export interface RetryOptions {
  /** Attempts for throttled requests (the gate slows down between them). */
  maxThrottleAttempts: number;
  /** Attempts for transient failures: 5xx, timeouts, dropped connections. */
  maxTransientAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxThrottleAttempts: 10,
  maxTransientAttempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 5000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

const TRANSIENT_NAMES = new Set([
  'KMSInternalException',
  'DependencyTimeoutException',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

export function isThrottling(error: unknown): boolean {
  const e = shape(error);
  return (
    (typeof e.name === 'string' && THROTTLING_NAMES.has(e.name)) ||
    e.$metadata?.httpStatusCode === 429 ||
    e.$retryable?.throttling === true
  );
}

export function isTransient(error: unknown): boolean {
  const e = shape(error);
  const status = e.$metadata?.httpStatusCode;
  return (
    (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) ||
    (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) ||
    (typeof status === 'number' && status >= 500)
  );
}

/** Exponential backoff with "equal jitter": at least half the step, so retries never pile up at zero. */
function backoff(attempt: number, options: RetryOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return step / 2 + options.random() * (step / 2);
}

export interface CallStats {
  retries: number;
}

/** Runs one KMS request through its API's gate, retrying throttles and transient failures. */
export async function callThroughGate<T>(
  gate: RateGate,
  request: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
  stats?: CallStats,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    await gate.acquire();
    try {
      const result = await request();
      gate.release('ok');
      return result;
    } catch (error) {
      const throttled = isThrottling(error);
      gate.release(throttled ? 'throttled' : 'failed');
      const limit = throttled ? options.maxThrottleAttempts : isTransient(error) ? options.maxTransientAttempts : 1;
      if (attempt >= limit) throw error;
      if (stats) stats.retries += 1;
      await options.sleep(backoff(attempt, options));
    }
  }
}

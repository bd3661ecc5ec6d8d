import { Readable, Transform } from 'node:stream';

/**
 * Bounds on every response an AWS client reads, so a faulty or hostile endpoint cannot hold the audit
 * for ever or fill memory: the client's request handler already bounds connecting and waiting for the
 * headers (connectionTimeout, requestTimeout); this middleware bounds the body, in bytes and in time,
 * counted from when the request was sent. It sits right next to the HTTP handler, under the
 * deserializer, so the SDK parses only what passed through it, error bodies included.
 */

export interface ResponseBounds {
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

/** Names the retry logic and the error reporting recognise (see inventory/retry.ts and errors.ts). */
export const RESPONSE_TOO_LARGE = 'ResponseTooLarge';
export const TIMEOUT_ERROR = 'TimeoutError';

function fault(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

interface ResponseLike {
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

function bound(body: Readable, bounds: ResponseBounds, startedAt: number): Readable {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > bounds.maxResponseBytes) {
        done(fault(RESPONSE_TOO_LARGE, `the response is larger than ${bounds.maxResponseBytes} bytes`));
        return;
      }
      done(null, chunk);
    },
  });
  const remaining = Math.max(1, startedAt + bounds.requestTimeoutMs - Date.now());
  const timer = setTimeout(() => {
    limited.destroy(fault(TIMEOUT_ERROR, `the response did not arrive within ${bounds.requestTimeoutMs} ms`));
  }, remaining);
  timer.unref();
  const stop = () => {
    clearTimeout(timer);
    // Drop the socket: whatever else the endpoint sends is not read.
    body.destroy();
  };
  limited.on('close', stop);
  body.on('error', (error) => limited.destroy(error));
  body.pipe(limited);
  return limited;
}

type Handler = (args: unknown) => Promise<{ response: unknown }>;

/** The middleware: `(next) => (args) => …`, as the SDK's middleware stack takes it. */
export function boundedResponses(bounds: ResponseBounds) {
  return (next: Handler): Handler =>
    async (args) => {
      const startedAt = Date.now();
      const result = await next(args);
      const response = result.response as ResponseLike;
      const length = Number(response.headers?.['content-length'] ?? Number.NaN);
      if (length > bounds.maxResponseBytes) {
        if (response.body instanceof Readable) response.body.destroy();
        throw fault(
          RESPONSE_TOO_LARGE,
          `the response announces ${length} bytes, over the ${bounds.maxResponseBytes} allowed`,
        );
      }
      if (response.body instanceof Readable) response.body = bound(response.body, bounds, startedAt);
      return result;
    };
}

export const BOUNDED_RESPONSES_MIDDLEWARE = 'keyplanBoundedResponses';

/** Where it goes in the stack: inside the deserializer, so the deserializer reads the bounded body. */
export const BOUNDED_RESPONSES_LOCATION = {
  relation: 'after',
  toMiddleware: 'deserializerMiddleware',
  name: BOUNDED_RESPONSES_MIDDLEWARE,
} as const;

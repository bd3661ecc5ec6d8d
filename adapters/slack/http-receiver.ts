import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, type Receiver, verifySlackRequest } from '@slack/bolt';
import { z } from 'zod';

/**
 * Slack's HTTP deliveries (slash commands, interactions, events) on keyplan's own HTTP server, at
 * POST /slack/events. Every request is signature-checked (never optional): a bad or missing signature,
 * or a timestamp more than five minutes off, is 401; a body that is not a Slack payload is 400; a
 * listener that does not acknowledge within Slack's 3 seconds gets a 500 rather than a hung request.
 */

export interface HttpReceiverOptions {
  signingSecret: string;
  log: (line: string) => void;
  /** Largest body accepted; Slack's payloads stay far below it. */
  bodyLimit?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

const ACK_DEADLINE_MS = 3_000;
const MAX_SKEW_SECONDS = 5 * 60;

const SlashCommand = z.looseObject({
  command: z.string().startsWith('/'),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
  response_url: z.string().min(1),
  text: z.string(),
});

const Interaction = z.looseObject({
  type: z.enum(['block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion']),
  user: z.looseObject({ id: z.string().min(1) }),
  team: z.looseObject({ id: z.string().min(1) }).nullable(),
});
const WithView = z.looseObject({
  view: z.looseObject({ id: z.string().min(1), type: z.string() }),
});
const BlockActions = z.looseObject({
  actions: z.array(z.looseObject({ action_id: z.string().min(1), type: z.string() })).min(1),
});

const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event: z.looseObject({ type: z.string().min(1) }),
});
const UrlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string(),
  token: z.string().optional(),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Answer at once; the rest of the body is read and dropped so the client gets the answer.
      request.off('data', collect);
      request.resume();
      reject(new HttpError(413, `request body over ${limit} bytes`));
    };
    request.on('data', collect);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The payload inside the body, checked to be one of Slack's documented shapes; 400 otherwise. */
function parsePayload(contentType: string, raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      body = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
    } else {
      body = JSON.parse(raw);
    }
  } catch {
    throw new HttpError(400, 'the body is not a readable Slack payload');
  }
  if (SlashCommand.safeParse(body).success || EventCallback.safeParse(body).success)
    return body as Record<string, unknown>;
  if (UrlVerification.safeParse(body).success) return body as Record<string, unknown>;
  const interaction = Interaction.safeParse(body);
  if (interaction.success) {
    const { type } = interaction.data;
    if ((type === 'view_submission' || type === 'view_closed') && !WithView.safeParse(body).success) {
      throw new HttpError(400, `a ${type} payload without its view`);
    }
    if (type === 'block_actions' && !BlockActions.safeParse(body).success) {
      throw new HttpError(400, 'a block_actions payload without actions');
    }
    return body as Record<string, unknown>;
  }
  throw new HttpError(400, 'not a Slack command, interaction or event');
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (response.headersSent) return;
  if (body === undefined || body === '') {
    response.writeHead(status).end();
  } else if (typeof body === 'string') {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
  } else {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

export class SlackHttpReceiver implements Receiver {
  #app: App | undefined;
  readonly #options: Required<Pick<HttpReceiverOptions, 'bodyLimit' | 'now'>> & HttpReceiverOptions;

  constructor(options: HttpReceiverOptions) {
    if (!options.signingSecret) throw new Error('the Slack signing secret is empty');
    this.#options = { bodyLimit: 1024 * 1024, now: Date.now, ...options };
  }

  init(app: App): void {
    this.#app = app;
  }

  /** The HTTP server is keyplan's own (see `keyplan serve`): nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** The handler for POST /slack/events. */
  readonly handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') {
      response
        .writeHead(405, { allow: 'POST', 'content-type': 'text/plain' })
        .end('keyplan: Slack posts to this URL\n');
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = await this.#verified(request);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      this.#options.log(`keyplan: refused a Slack request (${status}): ${(error as Error).message}`);
      if (status === 413) response.setHeader('connection', 'close');
      send(response, status);
      return;
    }
    if (body.ssl_check === '1') return send(response, 200);
    if (body.type === 'url_verification') return send(response, 200, { challenge: body.challenge });
    await this.#dispatch(request, response, body);
  };

  async #verified(request: IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readBody(request, this.#options.bodyLimit);
    const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // Slack's SSL check is unsigned and carries nothing to act on: answered, never processed.
    if (contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(raw).get('ssl_check') === '1') {
      return { ssl_check: '1' };
    }
    const signature = header(request, 'x-slack-signature');
    const timestamp = Number(header(request, 'x-slack-request-timestamp'));
    if (!signature || !Number.isInteger(timestamp)) throw new HttpError(401, 'no Slack signature');
    if (Math.abs(this.#options.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      throw new HttpError(401, 'the request timestamp is more than five minutes off');
    }
    try {
      verifySlackRequest({
        signingSecret: this.#options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: this.#options.now(),
      });
    } catch {
      throw new HttpError(401, 'the Slack signature does not match');
    }
    if (contentType !== 'application/x-www-form-urlencoded' && contentType !== 'application/json') {
      throw new HttpError(415, `unexpected content type ${contentType || '(none)'}`);
    }
    return parsePayload(contentType, raw);
  }

  async #dispatch(request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const app = this.#app;
    if (!app) return send(response, 503);
    let acked = false;
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      this.#options.log('keyplan: a Slack request was not acknowledged within 3 seconds');
      send(response, 500);
    }, ACK_DEADLINE_MS);
    const ack = async (answer?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      send(response, 200, answer);
      // Acks first: the listener's work after its ack waits until requests already waiting are read
      // (and acknowledged), so a burst of commands is answered before any of their work runs.
      await new Promise((resolve) => setImmediate(resolve));
    };
    const retry = header(request, 'x-slack-retry-num');
    try {
      await app.processEvent({
        body,
        ack,
        ...(retry !== undefined && /^\d+$/.test(retry) ? { retryNum: Number(retry) } : {}),
        ...(header(request, 'x-slack-retry-reason') ? { retryReason: header(request, 'x-slack-retry-reason') } : {}),
      });
    } catch (error) {
      this.#options.log(`keyplan: handling a Slack request failed: ${(error as Error).message}`);
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        send(response, 500);
      }
      return;
    }
    // Nothing listened (an event keyplan does not use): Slack still wants its 200.
    await ack();
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { baseUrlOf } from './files/links.js';
import type { Inbound } from './ports.js';

/** Activities are small; anything bigger is refused before it is parsed. */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

const Account = z.object({ id: z.string().min(1).max(1000) }).passthrough();

/** What every activity must carry before botbuilder sees it; the rest is checked where it is used. */
const ActivityEnvelope = z
  .object({
    type: z.string().min(1).max(100),
    id: z.string().max(1000).optional(),
    channelId: z.string().min(1).max(100),
    serviceUrl: z.string().url().max(2000),
    from: Account,
    recipient: Account,
    conversation: z.object({ id: z.string().min(1).max(2000) }).passthrough(),
    text: z.string().max(100_000).optional(),
  })
  .passthrough();

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const TOO_LARGE = Symbol('too large');

/** The body, or TOO_LARGE once it passes the limit (the rest is read and dropped). */
function readBody(request: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_ACTIVITY_BYTES) {
        over = true;
        chunks.length = 0;
        resolve(TOO_LARGE);
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function refuse(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`keyplan: ${message}\n`);
}

/** botbuilder's response shape (express-like) over node's ServerResponse. */
function expressLike(request: IncomingMessage, response: ServerResponse) {
  const shim = {
    socket: request.socket,
    status(code: number) {
      response.statusCode = code;
      return shim;
    },
    header(name: string, value: unknown) {
      response.setHeader(name, String(value));
      return shim;
    },
    send(body?: unknown) {
      if (body === undefined || body === null) return shim;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        if (!response.hasHeader('content-type')) response.setHeader('content-type', 'text/plain; charset=utf-8');
        response.write(body);
      } else {
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.write(JSON.stringify(body));
      }
      return shim;
    },
    end() {
      response.end();
      return shim;
    },
  };
  return shim;
}

/**
 * POST /api/messages: the body read (bounded) and parsed, the activity's envelope checked (a
 * malformed one is a 400 that names what is wrong), then botbuilder's CloudAdapter authenticates it
 * (401 without a valid token when an app id is configured) and runs the turn.
 */
export function messagesHandler(
  adapter: CloudAdapter,
  turn: (context: TurnContext, inbound: Inbound) => Promise<void>,
): RequestHandler {
  return async (request, response) => {
    if (request.method !== 'POST') {
      refuse(response, 405, 'Teams activities are POSTed here', { allow: 'POST' });
      return;
    }
    const raw = await readBody(request);
    if (raw === TOO_LARGE) {
      refuse(response, 413, `an activity is at most ${MAX_ACTIVITY_BYTES} bytes`, { connection: 'close' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      refuse(response, 400, 'the body is not JSON (Teams sends an activity as JSON)');
      return;
    }
    const envelope = ActivityEnvelope.safeParse(body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      const path = ['activity', ...(issue?.path ?? [])].join('.');
      refuse(response, 400, `${path}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    const inbound: Inbound = { baseUrl: baseUrlOf(request) };
    await adapter.process(
      { method: 'POST', headers: request.headers, body: envelope.data },
      expressLike(request, response),
      (context) => turn(context, inbound),
    );
  };
}

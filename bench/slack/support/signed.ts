import { createHmac } from 'node:crypto';

/**
 * Requests as Slack sends them: the body signed with the app's signing secret (`v0:` + timestamp +
 * `:` + body, HMAC-SHA256), in the headers x-slack-signature and x-slack-request-timestamp.
 */

export interface SignedRequest {
  body: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** Extra headers, e.g. x-slack-retry-num. */
  headers?: Record<string, string>;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(secret, timestamp, body) };
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: Record<string, unknown>;
}

export async function send(url: string, request: SignedRequest, headers: Record<string, string>): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': request.contentType, ...headers, ...(request.headers ?? {}) },
    body: request.body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  if ((response.headers.get('content-type') ?? '').includes('application/json') && text) {
    json = JSON.parse(text) as Record<string, unknown>;
  }
  return { status: response.status, text, ...(json ? { json } : {}) };
}

/** Signs and posts a request, as Slack would deliver it now. */
export function postSigned(url: string, secret: string, request: SignedRequest): Promise<HttpAnswer> {
  return send(url, request, signedHeaders(secret, request.body));
}

/** A slash command's form body. */
export function commandRequest(fields: Record<string, string>): SignedRequest {
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** An interaction (block_actions, view_submission, view_closed): `payload=<json>` as a form. */
export function interactionRequest(payload: unknown): SignedRequest {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** An Events API delivery: JSON. */
export function eventRequest(envelope: unknown): SignedRequest {
  return { body: JSON.stringify(envelope), contentType: 'application/json' };
}

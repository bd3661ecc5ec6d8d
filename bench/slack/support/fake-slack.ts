import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptWebSocket, type WebSocketPeer } from './websocket-server.js';

/**
 * A loopback stand-in for Slack: the Web API methods keyplan calls (recorded, answered in Slack's
 * shapes), the file-upload URL, response_url endpoints, and the Socket Mode WebSocket behind
 * `apps.connections.open`. Tests and the benchmark read what the adapter sent from here.
 */

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** The bearer token the call carried. */
  token: string | undefined;
  /** What the fake answered. */
  result?: Record<string, unknown>;
}

export interface StoredView {
  id: string;
  hash: string;
  type: string;
  callback_id?: string;
  private_metadata?: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  notify_on_close?: boolean;
  blocks: Record<string, unknown>[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: Record<string, unknown>[];
}

export interface SharedFile {
  id: string;
  filename: string;
  title?: string;
  content: string;
  channel?: string;
  thread_ts?: string;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

export interface SocketEnvelope {
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Record<string, unknown>;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface FakeSlack {
  url: string;
  /** For SLACK_API_URL / the WebClient's slackApiUrl. */
  apiUrl: string;
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** Current state of every view opened, updated or published, by view id. */
  views: Map<string, StoredView>;
  messages: PostedMessage[];
  files: SharedFile[];
  responses: ResponseUrlPost[];
  responseUrl(id?: string): string;
  /** Channels the bot is not a member of: posting there answers `not_in_channel`. */
  notInChannel: Set<string>;
  /** User groups and their members, by group id (usergroups.users.list); an unknown group is `no_such_subteam`. */
  userGroups: Map<string, string[]>;
  /** Users Slack calls workspace admins (users.info `is_admin`). */
  workspaceAdmins: Set<string>;
  /** The messages in a channel (or direct message) as they stand now, updates applied, by ts. */
  messageAt(channel: string, ts: string): PostedMessage | undefined;
  /** Methods that answer `{ ok: false, error }` once. */
  failOnce(method: string, error: string): void;
  /** Resolves with the first call (from index `from` on) that matches. */
  waitForCall(predicate: (call: ApiCall) => boolean, from?: number, timeoutMs?: number): Promise<ApiCall>;
  /** Resolves once the condition holds (polled). */
  until<T>(read: () => T | undefined, timeoutMs?: number): Promise<T>;
  socket: {
    /** Resolves when keyplan's Socket Mode client has connected (the hello was sent). */
    connected(): Promise<void>;
    /** Sends an envelope and resolves with keyplan's acknowledgement (its payload, if any). */
    send(envelope: SocketEnvelope): Promise<{ envelope_id: string; payload?: Record<string, unknown> }>;
    connections: number;
  };
  close(): Promise<void>;
}

export const FAKE_TEAM = 'T0FAKE';
export const BOT_USER = 'UKEYPLANBOT';
export const BOT_ID = 'BKEYPLAN';

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Form values the WebClient JSON-encoded (blocks, views, file lists) are decoded again. */
function paramsOf(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const looksJson = /^[[{]/.test(value.trim());
    if (looksJson) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    params[key] = value;
  }
  return params;
}

/** The file in an upload: the body itself, or the file part of a multipart form (what the WebClient sends). */
function uploadedContent(contentType: string, raw: string): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return raw;
  const marker = `--${boundary[1] ?? boundary[2]}`;
  for (const part of raw.split(marker).slice(1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (!/filename=|name="file"/.test(headers)) continue;
    return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return raw;
}

function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const views = new Map<string, StoredView>();
  const messages: PostedMessage[] = [];
  const files: SharedFile[] = [];
  const pendingUploads = new Map<string, { filename: string; content: string }>();
  const responses: ResponseUrlPost[] = [];
  const notInChannel = new Set<string>();
  const userGroups = new Map<string, string[]>();
  const workspaceAdmins = new Set<string>();
  const failures = new Map<string, string[]>();
  const waiters = new Set<() => void>();
  let counter = 0;
  let tsCounter = 0;
  let base = '';
  const peers: WebSocketPeer[] = [];
  const acks = new Map<string, (ack: { envelope_id: string; payload?: Record<string, unknown> }) => void>();
  let connectedResolve: () => void = () => undefined;
  let connected = new Promise<void>((resolve) => {
    connectedResolve = resolve;
  });
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const nextTs = () => `1700000000.${String(++tsCounter).padStart(6, '0')}`;

  const storeView = (view: Record<string, unknown>, id: string): StoredView => {
    const stored = { ...(view as Omit<StoredView, 'id' | 'hash'>), id, hash: `h${++counter}` } as StoredView;
    stored.blocks = (stored.blocks ?? []) as Record<string, unknown>[];
    views.set(id, stored);
    return stored;
  };

  const methods: Record<string, (params: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({
      url: 'https://fake.slack.test/',
      team: 'Fake',
      user: 'keyplan',
      team_id: FAKE_TEAM,
      user_id: BOT_USER,
      bot_id: BOT_ID,
    }),
    'views.open': (params) => {
      if (typeof params.trigger_id !== 'string') return { ok: false, error: 'invalid_trigger_id' };
      const view = storeView(params.view as Record<string, unknown>, `V${++counter}`);
      return { view: { ...view, state: { values: {} } } };
    },
    'views.update': (params) => {
      const id = String(params.view_id ?? '');
      if (!views.has(id)) return { ok: false, error: 'not_found' };
      return { view: storeView(params.view as Record<string, unknown>, id) };
    },
    'views.publish': (params) => {
      const id = `home-${String(params.user_id)}`;
      return { view: storeView(params.view as Record<string, unknown>, id) };
    },
    'chat.postMessage': (params) => {
      const channel = String(params.channel ?? '');
      if (notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
      const resolved = /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
      const message: PostedMessage = {
        channel: resolved,
        ts: nextTs(),
        ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
        ...(params.text !== undefined ? { text: String(params.text) } : {}),
        ...(params.blocks ? { blocks: params.blocks as Record<string, unknown>[] } : {}),
      };
      messages.push(message);
      return { channel: resolved, ts: message.ts, message };
    },
    'chat.update': (params) => {
      const message = messages.find((m) => m.channel === params.channel && m.ts === params.ts);
      if (!message) return { ok: false, error: 'message_not_found' };
      if (params.text !== undefined) message.text = String(params.text);
      if (params.blocks) message.blocks = params.blocks as Record<string, unknown>[];
      return { channel: params.channel, ts: params.ts, text: message.text };
    },
    'usergroups.users.list': (params) => {
      const members = userGroups.get(String(params.usergroup ?? ''));
      return members ? { users: [...members] } : { ok: false, error: 'no_such_subteam' };
    },
    'users.info': (params) => {
      const id = String(params.user ?? '');
      if (!/^[UW][A-Z0-9]+$/.test(id)) return { ok: false, error: 'user_not_found' };
      const admin = workspaceAdmins.has(id);
      return { user: { id, team_id: FAKE_TEAM, name: id.toLowerCase(), is_admin: admin, is_owner: false } };
    },
    'chat.postEphemeral': (params) => {
      const channel = String(params.channel ?? '');
      if (notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
      return { message_ts: nextTs() };
    },
    'files.getUploadURLExternal': (params) => {
      const id = `F${++counter}`;
      pendingUploads.set(id, { filename: String(params.filename), content: '' });
      return { upload_url: `${base}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (params) => {
      const channel = params.channel_id === undefined ? undefined : String(params.channel_id);
      if (channel && notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
      const list = (params.files ?? []) as { id: string; title?: string }[];
      for (const file of list) {
        const upload = pendingUploads.get(file.id);
        if (!upload) return { ok: false, error: 'file_not_found' };
        files.push({
          id: file.id,
          filename: upload.filename,
          content: upload.content,
          ...(file.title ? { title: file.title } : {}),
          ...(channel ? { channel } : {}),
          ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
        });
      }
      return { files: list.map((file) => ({ id: file.id, title: file.title })) };
    },
    'apps.connections.open': () => ({ url: `${base.replace(/^http/, 'ws')}/socket-mode?ticket=${randomUUID()}` }),
  };

  const server: Server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const raw = (await readBody(request)).toString('utf8');
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const params = paramsOf(String(request.headers['content-type'] ?? ''), raw);
      const auth = request.headers.authorization;
      const token = typeof auth === 'string' ? auth.replace(/^Bearer /, '') : (params.token as string | undefined);
      const call: ApiCall = { method, params, token };
      const queued = failures.get(method);
      const failure = queued?.shift();
      let answer: Record<string, unknown>;
      if (failure) answer = { ok: false, error: failure };
      else {
        const handler = methods[method];
        answer = handler ? handler(params) : { ok: false, error: 'unknown_method' };
      }
      call.result = { ok: true, ...answer };
      calls.push(call);
      json(response, call.result);
      notify();
      return;
    }
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const upload = pendingUploads.get(id);
      if (!upload) {
        response.writeHead(404).end();
        return;
      }
      upload.content = uploadedContent(String(request.headers['content-type'] ?? ''), raw);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (path.startsWith('/response/')) {
      responses.push({
        id: path.slice('/response/'.length),
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      notify();
      return;
    }
    response.writeHead(404).end();
  });

  server.on('upgrade', (request, socket) => {
    if (!(request.url ?? '').startsWith('/socket-mode')) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const peer = acceptWebSocket(request, socket);
    peers.push(peer);
    peer.onMessage((text) => {
      const message = JSON.parse(text) as { envelope_id: string; payload?: Record<string, unknown> };
      acks.get(message.envelope_id)?.(message);
      acks.delete(message.envelope_id);
    });
    peer.send(
      JSON.stringify({ type: 'hello', num_connections: peers.length, connection_info: { app_id: 'AKEYPLAN' } }),
    );
    connectedResolve();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const until = <T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = read();
        if (value === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        clearInterval(poll);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        clearInterval(poll);
        reject(new Error('the fake Slack did not see what the test waited for'));
      }, timeoutMs);
      const poll = setInterval(check, 20);
      waiters.add(check);
      check();
    });

  return {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    views,
    messages,
    files,
    responses,
    responseUrl: (id = randomUUID()) => `${base}/response/${id}`,
    notInChannel,
    userGroups,
    workspaceAdmins,
    messageAt: (channel, ts) => messages.find((m) => m.channel === channel && m.ts === ts),
    failOnce(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    waitForCall: (predicate, from = 0, timeoutMs) => until(() => calls.slice(from).find(predicate), timeoutMs),
    until,
    socket: {
      connected: () => connected,
      get connections() {
        return peers.length;
      },
      send(envelope) {
        const envelopeId = randomUUID();
        const peer = peers.at(-1);
        if (!peer) return Promise.reject(new Error('no Socket Mode connection'));
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('Socket Mode envelope not acknowledged')), 5_000);
          acks.set(envelopeId, (ack) => {
            clearTimeout(timer);
            resolve(ack);
          });
          peer.send(
            JSON.stringify({
              envelope_id: envelopeId,
              accepts_response_payload: envelope.type !== 'events_api',
              ...envelope,
            }),
          );
        });
      },
    },
    async close() {
      for (const peer of peers) peer.close();
      connected = new Promise<void>((resolve) => {
        connectedResolve = resolve;
      });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

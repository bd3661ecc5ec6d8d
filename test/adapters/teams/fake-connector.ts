import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Framework connector. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create' | 'upload';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A loopback stand-in for Teams' connector service (the serviceUrl activities name): it answers the
 * REST calls botbuilder makes (send, reply, update, delete, create conversation) like Teams does and
 * keeps every call, so tests see the cards the bot posted and the cards it updated in place. It also
 * takes uploads, as OneDrive's upload session does for the file consent flow.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversation members by Teams id, as `GET …/members/{id}` answers (TeamsInfo.getMember). */
  readonly members = new Map<string, { id: string; name: string; aadObjectId: string }>();
  #server: Server | undefined;
  #next = 1000;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const path = (request.url ?? '/').split('?')[0]?.replace(/\/+/g, '/') ?? '/';
        const answer = this.#answer(request.method ?? 'GET', path, raw, request.headers);
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Where the file consent flow uploads a file. */
  uploadUrl(name: string): string {
    return `${this.url}upload/${encodeURIComponent(name)}`;
  }

  #answer(
    method: string,
    path: string,
    raw: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): { status: number; body: unknown } {
    const upload = /^\/upload\/([^/]+)$/.exec(path);
    if (upload && method === 'PUT') {
      this.calls.push({
        kind: 'upload',
        conversationId: '',
        activityId: decodeURIComponent(upload[1] as string),
        body: { content: raw.toString('utf8') },
        headers,
      });
      return { status: 201, body: {} };
    }
    let body: Record<string, unknown> = {};
    try {
      body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return { status: 400, body: { error: { code: 'BadSyntax', message: 'not JSON' } } };
    }
    if (path === '/v3/conversations' && method === 'POST') {
      const id = String(this.#next++);
      const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
      const conversationId = channel ? `${channel};messageid=${id}` : `a:personal-${id}`;
      this.calls.push({ kind: 'create', conversationId, activityId: id, body, headers });
      return { status: 201, body: { id: conversationId, ...(channel ? { activityId: id } : {}) } };
    }
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (member && method === 'GET') {
      const found = this.members.get(decodeURIComponent(member[2] as string));
      return found
        ? { status: 200, body: found }
        : { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } } };
    }
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!match) return { status: 404, body: { error: { code: 'NotFound', message: path } } };
    const conversationId = decodeURIComponent(match[1] as string);
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    if (method === 'PUT' && activityId) {
      this.calls.push({ kind: 'update', conversationId, activityId, body, headers });
      return { status: 200, body: { id: activityId } };
    }
    if (method === 'DELETE' && activityId) {
      this.calls.push({ kind: 'delete', conversationId, activityId, body, headers });
      return { status: 200, body: {} };
    }
    if (method === 'POST') {
      const id = String(this.#next++);
      this.calls.push({ kind: activityId ? 'reply' : 'send', conversationId, activityId: id, body, headers });
      return { status: 201, body: { id } };
    }
    return { status: 405, body: {} };
  }

  /** Calls made after the `from`-th, e.g. since a request was sent. */
  since(from: number): ConnectorCall[] {
    return this.calls.slice(from);
  }
}

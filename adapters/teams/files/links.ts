import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Attachment, PlanDirectory, Tenant } from '../../../src/conversation/index.js';
import type { FileLink } from '../cards/plan-card.js';
import { type OfferedFile, offeredFiles } from './bundles.js';

/**
 * Bots can attach files in Teams only in personal chats (the file consent card) or through Microsoft
 * Graph, which needs admin-consented SharePoint access. So every card links its files to downloads
 * keyplan serves itself, on the same host and port Teams reaches it on:
 * - a plan's exports are named, not stored: the link carries tenant, plan id and file name, signed,
 *   and any replica makes the file again from the stored plan;
 * - other files (an audit report, made once) are kept in this process's memory for a day.
 * Links expire; `plan` in chat makes fresh ones.
 */
export const FILES_PATH = '/api/teams/files';
export const PLAN_LINK_DAYS = 7;
/** An approval request waits up to 90 days (`config approval-expiry`): its document's links last as long. */
export const APPROVAL_LINK_DAYS = 90;
const SHELF_HOURS = 24;
const SHELF_LIMIT = 200;

const TokenSchema = z.union([
  z.object({ w: z.string().min(1), p: z.string().min(1), f: z.string().min(1), e: z.number().int() }),
  z.object({ s: z.string().min(1), e: z.number().int() }),
]);
type Token = z.infer<typeof TokenSchema>;

export interface FileLinksOptions {
  /** Signs links; the same secret on every replica lets any of them serve any plan link. */
  secret: string | undefined;
  plans: Pick<PlanDirectory, 'get'>;
  now?: () => number;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Where the request reached keyplan: the proxy's forwarded host and scheme, else the Host header. */
export function baseUrlOf(request: IncomingMessage): string | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
  };
  const host = header('x-forwarded-host') ?? header('host');
  if (!host || !/^[a-z0-9.[\]:-]+$/i.test(host)) return undefined;
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(host);
  const scheme = header('x-forwarded-proto') ?? (local ? 'http' : 'https');
  return `${scheme === 'http' ? 'http' : 'https'}://${host}`;
}

export class FileLinks {
  readonly #key: Buffer;
  readonly #plans: Pick<PlanDirectory, 'get'>;
  readonly #now: () => number;
  readonly #shelf = new Map<string, { file: OfferedFile; expires: number }>();

  constructor(options: FileLinksOptions) {
    this.#key = options.secret
      ? createHash('sha256').update(`keyplan teams file links\0${options.secret}`).digest()
      : randomBytes(32);
    this.#plans = options.plans;
    this.#now = options.now ?? Date.now;
  }

  /** Links to a stored plan's files, valid for `days`. */
  forPlan(
    baseUrl: string,
    tenant: Tenant,
    planId: string,
    attachments: readonly Attachment[],
    days = PLAN_LINK_DAYS,
  ): FileLink[] {
    const expires = Math.floor(this.#now() / 1000) + days * 86_400;
    return offeredFiles(attachments).map((file) => ({
      title: file.title,
      filename: file.filename,
      url: this.#url(baseUrl, { w: tenant.workspace, p: planId, f: file.filename, e: expires }),
    }));
  }

  /** Links to files made once (an audit report), kept in memory for a day. */
  forContent(baseUrl: string, attachments: readonly Attachment[]): FileLink[] {
    const now = this.#now();
    for (const [id, entry] of this.#shelf) if (entry.expires * 1000 <= now) this.#shelf.delete(id);
    return offeredFiles(attachments).map((file) => {
      while (this.#shelf.size >= SHELF_LIMIT) {
        const oldest = this.#shelf.keys().next().value;
        if (oldest === undefined) break;
        this.#shelf.delete(oldest);
      }
      const id = randomUUID();
      const expires = Math.floor(now / 1000) + SHELF_HOURS * 3600;
      this.#shelf.set(id, { file, expires });
      return { title: file.title, filename: file.filename, url: this.#url(baseUrl, { s: id, e: expires }) };
    });
  }

  #url(baseUrl: string, token: Token): string {
    const payload = base64url(JSON.stringify(token));
    const signature = base64url(createHmac('sha256', this.#key).update(payload).digest());
    return `${baseUrl}${FILES_PATH}?f=${payload}.${signature}`;
  }

  #read(raw: string | null): { ok: true; token: Token } | { ok: false; status: number; message: string } {
    const [payload, signature, extra] = (raw ?? '').split('.');
    if (!payload || !signature || extra !== undefined) {
      return { ok: false, status: 400, message: 'This is not a keyplan file link.' };
    }
    const expected = createHmac('sha256', this.#key).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        ok: false,
        status: 403,
        message:
          'This file link is not valid here (keyplan restarted or runs elsewhere). Type `plan` in Teams for a fresh link.',
      };
    }
    let parsed: ReturnType<typeof TokenSchema.safeParse>;
    try {
      parsed = TokenSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, status: 400, message: 'This is not a keyplan file link.' };
    }
    if (!parsed.success) return { ok: false, status: 400, message: 'This is not a keyplan file link.' };
    if (parsed.data.e * 1000 <= this.#now()) {
      return { ok: false, status: 410, message: 'This file link has expired. Type `plan` in Teams for a fresh one.' };
    }
    return { ok: true, token: parsed.data };
  }

  /** The file a link names, or why there is none. */
  async resolve(
    raw: string | null,
  ): Promise<{ ok: true; file: OfferedFile } | { ok: false; status: number; message: string }> {
    const read = this.#read(raw);
    if (!read.ok) return read;
    const { token } = read;
    if ('s' in token) {
      const entry = this.#shelf.get(token.s);
      return entry
        ? { ok: true, file: entry.file }
        : {
            ok: false,
            status: 404,
            message: 'This file is no longer kept (keyplan keeps audit reports for a day). Run the audit again.',
          };
    }
    const stored = await this.#plans.get({ platform: 'teams', workspace: token.w }, token.p);
    const file = stored && offeredFiles(stored.summary.attachments).find((offered) => offered.filename === token.f);
    return file
      ? { ok: true, file }
      : { ok: false, status: 404, message: `Plan ${token.p} has no file ${token.f} any more.` };
  }

  /** GET /api/teams/files?f=…: the file as a download. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Use GET.\n');
      return;
    }
    const query = new URL(request.url ?? '/', 'http://keyplan.invalid').searchParams;
    const found = await this.resolve(query.get('f'));
    if (!found.ok) {
      response.writeHead(found.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${found.message}\n`);
      return;
    }
    const body = found.file.body();
    const ascii = found.file.filename.replace(/[^\w.-]/g, '_');
    response.writeHead(200, {
      'content-type':
        found.file.mediaType.startsWith('text/') ||
        found.file.mediaType.endsWith('json') ||
        found.file.mediaType.endsWith('yaml')
          ? `${found.file.mediaType}; charset=utf-8`
          : found.file.mediaType,
      'content-length': body.length,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.file.filename)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}

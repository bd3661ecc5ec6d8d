import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMS_READ_APIS, type KmsReadApi } from '../../src/audit/model/inventory.js';

/**
 * A KMS double on 127.0.0.1 that speaks the wire protocol the real KMSClient uses (AWS JSON 1.1:
 * POST /, `X-Amz-Target: TrentService.<Operation>`), so tests and the benchmark exercise the SDK's
 * serialisation, signing, pagination markers and error parsing instead of a stubbed `send`.
 * It enforces per-operation request quotas with token buckets, like KMS's per-second quotas.
 */

/** The double serves exactly the read operations the inventory makes. */
export const LOOPBACK_OPERATIONS = KMS_READ_APIS;
export type LoopbackOperation = KmsReadApi;

/** Key metadata in wire form: timestamps are epoch seconds, as the JSON protocol sends them. */
export type WireKeyMetadata = Record<string, unknown> & { KeyId: string; Arn: string };

export interface LoopbackKey {
  metadata: WireKeyMetadata;
  /** The `default` key policy document (JSON text); absent means GetKeyPolicy answers NotFound. */
  policy?: string;
  tags?: ReadonlyArray<{ TagKey: string; TagValue: string }>;
  rotation?: { enabled: boolean; periodDays?: number };
  /** Operations that answer AccessDeniedException for this key. */
  deny?: readonly LoopbackOperation[];
}

export interface LoopbackAlias {
  AliasName: string;
  TargetKeyId?: string;
}

export interface LoopbackError {
  type: string;
  message: string;
  status?: number;
}

export interface LoopbackOptions {
  keys: readonly LoopbackKey[];
  aliases?: readonly LoopbackAlias[];
  /** Requests per second per operation; operations not listed are unlimited. */
  quotas?: Partial<Record<LoopbackOperation, number>>;
  /**
   * How many seconds of quota a bucket can hold. Small on purpose: a full one-second burst would let a
   * client finish 2x faster than the per-second rate allows, which real KMS does not promise.
   */
  burstSeconds?: number;
  /**
   * Largest page any listing returns, whatever Limit asks for (KMS documents that it may return fewer
   * results than Limit): lets a handful of keys exercise the markers.
   */
  maxPageSize?: number;
  /** Called before each request is served; a returned error is sent instead of the answer. */
  inject?: (operation: string, input: Record<string, unknown>) => LoopbackError | undefined;
}

export interface LoopbackRequest {
  operation: string;
  contentType: string;
  /** The access key id from the SigV4 Authorization header, or '' when the request was not signed. */
  accessKeyId: string;
  input: Record<string, unknown>;
  status: number;
  errorType?: string;
}

export interface LoopbackKms {
  url: string;
  requests: LoopbackRequest[];
  /** Served (non-error) and throttled request counts per operation. */
  served: Record<string, number>;
  throttled: Record<string, number>;
  close(): Promise<void>;
}

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
    this.last = performance.now();
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function page<T>(items: readonly T[], input: Record<string, unknown>, max: number, def: number, cap: number) {
  const asked = typeof input.Limit === 'number' ? Math.min(Math.max(1, input.Limit), max) : def;
  const limit = Math.min(asked, cap);
  const marker = typeof input.Marker === 'string' ? Number(input.Marker) : 0;
  if (!Number.isInteger(marker) || marker < 0 || marker > items.length) {
    throw { type: 'InvalidMarkerException', message: 'The request was rejected because the marker is not valid.' };
  }
  const slice = items.slice(marker, marker + limit);
  const next = marker + slice.length;
  return next < items.length ? { slice, Truncated: true, NextMarker: String(next) } : { slice, Truncated: false };
}

function notFound(keyId: unknown): LoopbackError {
  return { type: 'NotFoundException', message: `Key '${String(keyId)}' does not exist` };
}

export async function startLoopbackKms(options: LoopbackOptions): Promise<LoopbackKms> {
  const byId = new Map<string, LoopbackKey>();
  for (const key of options.keys) {
    byId.set(key.metadata.KeyId, key);
    byId.set(key.metadata.Arn, key);
  }
  const aliases = [...(options.aliases ?? [])];
  for (const alias of aliases) {
    const target = alias.TargetKeyId === undefined ? undefined : byId.get(alias.TargetKeyId);
    if (target) byId.set(alias.AliasName, target);
  }
  const burst = options.burstSeconds ?? 0.1;
  const cap = options.maxPageSize ?? Number.POSITIVE_INFINITY;
  const buckets = new Map<string, TokenBucket>();
  for (const [operation, rate] of Object.entries(options.quotas ?? {})) {
    if (rate !== undefined) buckets.set(operation, new TokenBucket(rate, Math.max(1, rate * burst)));
  }
  const requests: LoopbackRequest[] = [];
  const served: Record<string, number> = {};
  const throttled: Record<string, number> = {};

  const answer = (operation: string, input: Record<string, unknown>): unknown => {
    const key = typeof input.KeyId === 'string' ? byId.get(input.KeyId) : undefined;
    const needKey = (): LoopbackKey => {
      if (!key) throw notFound(input.KeyId);
      if (key.deny?.includes(operation as LoopbackOperation)) {
        throw {
          type: 'AccessDeniedException',
          message: `User is not authorized to perform: kms:${operation} on resource: ${key.metadata.Arn}`,
        };
      }
      return key;
    };
    switch (operation) {
      case 'ListKeys': {
        const p = page(options.keys, input, 1000, 100, cap);
        const Keys = p.slice.map((k) => ({ KeyId: k.metadata.KeyId, KeyArn: k.metadata.Arn }));
        return { Keys, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
      }
      case 'ListAliases': {
        const p = page(aliases, input, 100, 50, cap);
        return { Aliases: p.slice, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
      }
      case 'DescribeKey':
        return { KeyMetadata: needKey().metadata };
      case 'GetKeyPolicy': {
        const k = needKey();
        if (input.PolicyName !== 'default') throw notFound(input.PolicyName);
        if (k.policy === undefined) throw notFound(input.KeyId);
        return { Policy: k.policy, PolicyName: 'default' };
      }
      case 'GetKeyRotationStatus': {
        const k = needKey();
        const r = k.rotation ?? { enabled: false };
        return {
          KeyId: k.metadata.Arn,
          KeyRotationEnabled: r.enabled,
          ...(r.enabled ? { RotationPeriodInDays: r.periodDays ?? 365 } : {}),
        };
      }
      case 'ListResourceTags': {
        const p = page(needKey().tags ?? [], input, 50, 50, cap);
        return { Tags: p.slice, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
      }
      default:
        throw { type: 'UnknownOperationException', message: `loopback KMS does not serve ${operation}` };
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : '';
    const contentType = String(req.headers['content-type'] ?? '');
    const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    let input: Record<string, unknown> = {};
    try {
      input = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      // Left empty: the operation then fails its own validation.
    }
    const fail = (error: LoopbackError) => {
      requests.push({ operation, contentType, accessKeyId, input, status: error.status ?? 400, errorType: error.type });
      send(res, error.status ?? 400, { __type: error.type, message: error.message }, error.type);
    };
    if (req.method !== 'POST' || operation === '') {
      fail({ type: 'UnknownOperationException', message: 'expected POST / with X-Amz-Target' });
      return;
    }
    if (buckets.get(operation)?.take() === false) {
      throttled[operation] = (throttled[operation] ?? 0) + 1;
      fail({ type: 'ThrottlingException', message: 'Rate exceeded' });
      return;
    }
    const injected = options.inject?.(operation, input);
    if (injected) {
      fail(injected);
      return;
    }
    try {
      const body = answer(operation, input);
      served[operation] = (served[operation] ?? 0) + 1;
      requests.push({ operation, contentType, accessKeyId, input, status: 200 });
      send(res, 200, body);
    } catch (error) {
      fail(error as LoopbackError);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    served,
    throttled,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

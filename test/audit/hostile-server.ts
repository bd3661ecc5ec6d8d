import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A KMS endpoint on 127.0.0.1 that misbehaves on purpose: it answers each request through `respond`,
 * which sees the operation (X-Amz-Target), the parsed body and every request header, so a test can
 * stay silent, trickle, stream for ever, loop its markers, echo the credentials back or send garbage.
 */

export interface HostileRequest {
  operation: string;
  input: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export type Respond = (request: HostileRequest, response: ServerResponse) => void;

export interface HostileServer {
  url: string;
  requests: HostileRequest[];
  close(): Promise<void>;
}

export async function startHostileServer(respond: Respond): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(body || '{}') as Record<string, unknown>;
      } catch {
        // Not JSON: leave the input empty.
      }
      const request = { operation: target.replace(/^TrentService\./, ''), input, headers: req.headers };
      requests.push(request);
      respond(request, res);
    });
  });
  server.on('close', () => {
    for (const timer of timers) clearInterval(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
  res.end(JSON.stringify(body));
}

/** Writes `chunk` every `everyMs` until the client goes away. */
export function trickle(res: ServerResponse, chunk: string, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  const timer = setInterval(() => res.write(chunk), everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Streams spaces as fast as the client reads them, for ever. */
export function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk)) {
      // keep writing until the socket pushes back
    }
  };
  res.on('drain', pump);
  pump();
}

export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;

/** A well-behaved answer for every read, for tests that make only one part hostile. */
export function healthyAnswer(operation: string, aliases: Array<{ AliasName: string; TargetKeyId: string }>): unknown {
  switch (operation) {
    case 'ListKeys':
      return { Keys: [{ KeyId: KEY_ID, KeyArn: KEY_ARN }], Truncated: false };
    case 'ListAliases':
      return { Aliases: aliases, Truncated: false };
    case 'DescribeKey':
      return {
        KeyMetadata: {
          KeyId: KEY_ID,
          Arn: KEY_ARN,
          AWSAccountId: '111122223333',
          KeyManager: 'CUSTOMER',
          KeyState: 'Enabled',
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Origin: 'AWS_KMS',
          MultiRegion: false,
          Enabled: true,
        },
      };
    case 'GetKeyPolicy':
      return {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Root',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:root' },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        }),
      };
    case 'GetKeyRotationStatus':
      return { KeyRotationEnabled: false };
    case 'ListResourceTags':
      return { Tags: [], Truncated: false };
    default:
      return {};
  }
}

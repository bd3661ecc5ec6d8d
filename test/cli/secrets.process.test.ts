import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileServer, healthyAnswer, json, KEY_ID, startHostileServer } from '../audit/hostile-server.js';
import { type BoundedRun, removeDir, runBounded, scratchDir } from '../support/spawn-bounded.js';

/**
 * Planted secrets never leave keyplan: an AWS secret key and session token in the environment, a
 * password in the KMS endpoint URL and one in DATABASE_URL. Every command runs as a real process, with
 * endpoints that echo the request (headers included) back in errors and in data, and every output
 * stream is searched: stdout, stderr and every file written.
 */

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY2';
const SESSION_TOKEN = 'FwoGZXIvYXdzEPlantedSessionTokenForGrep0123456789abcdefGHIJKL/+Zz==';
const ENDPOINT_PASSWORD = 'endpoint-pw-planted-4821';
const DB_PASSWORD = 'db-pw-planted-7734';
const PLANTED = [SECRET_KEY, SESSION_TOKEN, ENDPOINT_PASSWORD, DB_PASSWORD];

const RETAIL = resolve(import.meta.dirname, '../../examples/retail.yaml');
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'ASIAPLANTEDACCESSKEY',
  AWS_SECRET_ACCESS_KEY: SECRET_KEY,
  AWS_SESSION_TOKEN: SESSION_TOKEN,
  AWS_REGION: 'us-east-1',
  KEYPLAN_AWS_REQUEST_TIMEOUT_MS: '500',
};

let echoError: HostileServer;
let echoData: HostileServer;
let silentDb: { port: number; server: Server; sockets: Set<Socket> };
const dirs: string[] = [];

beforeAll(async () => {
  // Errors that quote every request header (Authorization with the signature, X-Amz-Security-Token).
  echoError = await startHostileServer((request, res) =>
    json(res, 400, { __type: 'ValidationException', message: `you sent ${JSON.stringify(request.headers)}` }),
  );
  // Data that carries the credentials it was sent with: as an alias, a tag and a policy Sid.
  echoData = await startHostileServer((request, res) => {
    const token = String(request.headers['x-amz-security-token'] ?? '');
    const authorization = String(request.headers.authorization ?? '');
    if (request.operation === 'ListAliases') {
      json(res, 200, {
        Aliases: [{ AliasName: `alias/${token}/${authorization}`, TargetKeyId: KEY_ID }],
        Truncated: false,
      });
    } else if (request.operation === 'ListResourceTags') {
      json(res, 200, { Tags: [{ TagKey: 'Owner', TagValue: token }], Truncated: false });
    } else json(res, 200, healthyAnswer(request.operation, []));
  });
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  silentDb = { port: address.port, server, sockets };
});

afterAll(async () => {
  await echoError.close();
  await echoData.close();
  for (const socket of silentDb.sockets) socket.destroy();
  await new Promise((done) => silentDb.server.close(done));
  for (const dir of dirs) removeDir(dir);
});

function withPassword(url: string): string {
  return url.replace('http://', `http://admin:${ENDPOINT_PASSWORD}@`);
}

/** Every file under `dir`, as text. */
function writtenFiles(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => existsSync(path) && statSync(path).isFile() && !path.endsWith('.db') && !path.includes('.db-'))
    .map((path) => [path, readFileSync(path, 'utf8')]);
}

function expectNoSecret(label: string, run: BoundedRun, dir: string) {
  expect(run.timedOut, label).toBe(false);
  const streams: Array<[string, string]> = [['stdout', run.stdout], ['stderr', run.stderr], ...writtenFiles(dir)];
  for (const [where, text] of streams) {
    for (const secret of PLANTED) expect(text.includes(secret), `${label}: ${secret} in ${where}`).toBe(false);
    expect(/Signature=[0-9a-f]{16}/.test(text), `${label}: a SigV4 signature in ${where}`).toBe(false);
  }
}

describe('planted secrets never reach any output', { timeout: 120_000 }, () => {
  it('across every command, success and failure', async () => {
    const postgres = `postgres://keyplan:${DB_PASSWORD}@127.0.0.1:${silentDb.port}/test`;
    const cases: Array<{ label: string; args: string[]; env?: Record<string, string>; stdin?: string; code: number }> =
      [
        { label: 'help', args: ['--help'], code: 0 },
        { label: 'unknown command', args: [`http://x:${ENDPOINT_PASSWORD}@host`], code: 2 },
        { label: 'plan markdown', args: ['plan', RETAIL], code: 0 },
        { label: 'plan json --out', args: ['plan', RETAIL, '-f', 'json', '--out', 'plan.json'], code: 0 },
        { label: 'plan terraform --out dir', args: ['plan', RETAIL, '-f', 'terraform', '--out', 'tf/'], code: 0 },
        { label: 'plan bad file', args: ['plan', 'missing.yaml'], code: 2 },
        {
          label: 'chat on SQLite',
          args: ['chat', '--from', RETAIL],
          env: { DATABASE_URL: 'sqlite:./kp.db' },
          stdin: 'confirm\nout\n',
          code: 0,
        },
        {
          label: 'chat on a PostgreSQL that never answers',
          args: ['chat', '--from', RETAIL],
          env: { DATABASE_URL: postgres, KEYPLAN_DB_CONNECT_TIMEOUT_MS: '400' },
          code: 2,
        },
        {
          label: 'chat on a PostgreSQL that refuses',
          args: ['chat'],
          env: { DATABASE_URL: `postgres://keyplan:${DB_PASSWORD}@127.0.0.1:1/test` },
          code: 2,
        },
        {
          label: 'chat with a malformed DATABASE_URL',
          args: ['chat'],
          env: { DATABASE_URL: `postgres://keyplan:${DB_PASSWORD}@[bad/test` },
          code: 2,
        },
        {
          label: 'audit, errors echo the request',
          args: ['audit', '--endpoint', withPassword(echoError.url)],
          code: 2,
        },
        {
          label: 'audit, data echoes the credentials (markdown)',
          args: ['audit', '--endpoint', withPassword(echoData.url), '--out', 'audit.md'],
          code: 0,
        },
        {
          label: 'audit, data echoes the credentials (json, stdout)',
          args: ['audit', '--endpoint', withPassword(echoData.url), '--format', 'json'],
          code: 0,
        },
        {
          label: 'audit, nobody listening',
          args: ['audit', '--endpoint', withPassword('http://127.0.0.1:1')],
          code: 2,
        },
        {
          label: 'audit, not an http URL',
          args: ['audit', '--endpoint', `ftp://admin:${ENDPOINT_PASSWORD}@host`],
          code: 2,
        },
        { label: 'audit --help', args: ['audit', '--help'], code: 0 },
      ];
    // Four processes at a time: each spends most of its time starting Node and the SDK.
    const check = async ({ label, args, env, stdin, code }: (typeof cases)[number]) => {
      const dir = scratchDir('keyplan-secrets-');
      dirs.push(dir);
      const run = await runBounded(args, {
        cwd: dir,
        env: { ...AWS_ENV, ...env },
        ...(stdin ? { stdin } : {}),
        timeoutMs: 30_000,
      });
      expect({ label, code: run.code }).toEqual({ label, code });
      expectNoSecret(label, run, dir);
      if (label.startsWith('audit, data echoes')) {
        // The echoed token was in the data and came out masked, not dropped.
        const report = existsSync(join(dir, 'audit.md')) ? readFileSync(join(dir, 'audit.md'), 'utf8') : run.stdout;
        expect(report).toContain('alias/***/');
      }
    };
    for (let i = 0; i < cases.length; i += 4) await Promise.all(cases.slice(i, i + 4).map(check));
  });

  it('the echoing endpoints really received the secrets (so the search above can fail)', () => {
    const sent = [...echoError.requests, ...echoData.requests];
    expect(sent.some((request) => request.headers['x-amz-security-token'] === SESSION_TOKEN)).toBe(true);
    expect(sent.some((request) => String(request.headers.authorization).includes('Signature='))).toBe(true);
  });
});

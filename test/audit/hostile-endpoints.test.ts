import { spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildClients } from '../../src/audit/aws/clients.js';
import { errorName } from '../../src/audit/aws/errors.js';
import { collectInventory } from '../../src/audit/inventory/collect.js';
import { PAGE_CAPS } from '../../src/audit/inventory/kms-reads.js';
import { createGates, KMS_REQUEST_QUOTAS } from '../../src/audit/inventory/quotas.js';
import { auditCommand } from '../../src/cli/audit-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadAuditConfig } from '../../src/config.js';
import { STACK_TRACE } from '../support/spawn-bounded.js';
import { terminalControls } from '../support/terminal.js';
import {
  endless,
  type HostileServer,
  healthyAnswer,
  json,
  KEY_ID,
  type Respond,
  startHostileServer,
  trickle,
} from './hostile-server.js';

/**
 * `keyplan audit --endpoint` against endpoints that misbehave, through the real SDK client the command
 * builds: every case ends within a bounded time in exit 2 with what failed and what to check, prints
 * no secret and nothing a terminal would act on, and a stack trace never.
 */

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY1';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEPlantedSessionToken0123456789abcdefABCDEFGHIJ/+xyz=';
const URL_PASSWORD = 'hunter2-endpoint-pw';
const SECRETS = [SECRET_KEY, SESSION_TOKEN, URL_PASSWORD];

/** Short bounds so each hostile case ends in a second or two. */
const REQUEST_TIMEOUT_MS = 400;

let server: HostileServer | null = null;

beforeEach(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAPLANTEDACCESSKEY');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', SESSION_TOKEN);
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = null;
});

async function audit(respond: Respond, extra: string[] = [], withPassword = false) {
  server = await startHostileServer(respond);
  const endpoint = withPassword ? server.url.replace('http://', `http://admin:${URL_PASSWORD}@`) : server.url;
  const config = loadAuditConfig({
    ...process.env,
    KEYPLAN_AWS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    KEYPLAN_AWS_CONNECT_TIMEOUT_MS: '400',
    KEYPLAN_AWS_MAX_RESPONSE_BYTES: String(1024 * 1024),
  });
  const out = memoryIo({ cwd: '/' });
  const started = performance.now();
  const code = await auditCommand(['--endpoint', endpoint, '--region', 'us-east-1', ...extra], out.io, { config });
  return { code, stdout: out.stdout(), stderr: out.stderr(), elapsedMs: performance.now() - started };
}

/** GitHub-flavoured Markdown → HTML with the reference implementation (cmark-gfm, installed by .ci/run). */
function renderGfm(markdown: string): string {
  const run = spawnSync('cmark-gfm', ['--extension', 'table'], { input: markdown, encoding: 'utf8' });
  if (run.error) throw new Error(`cmark-gfm is needed for this test: ${run.error.message}`);
  return run.stdout;
}

function expectCleanFailure(run: Awaited<ReturnType<typeof audit>>, message: RegExp) {
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(terminalControls(run.stderr)).toEqual([]);
  for (const secret of SECRETS) expect(run.stderr).not.toContain(secret);
}

describe('keyplan audit against a hostile endpoint', { timeout: 30_000 }, () => {
  it('silent (accepts, never answers): exit 2 after the request timeout and its retries', async () => {
    const run = await audit(() => undefined);
    expectCleanFailure(
      run,
      /--endpoint http:\/\/127\.0\.0\.1:\d+ \(ListKeys\) did not answer within 400 ms.*KEYPLAN_AWS_REQUEST_TIMEOUT_MS/,
    );
    expect(run.elapsedMs).toBeLessThan(10_000);
  });

  it('not accepting connections at all (a full backlog): exit 2 after the connect timeout', async () => {
    // A listener in another process whose event loop is blocked never accepts: once its backlog of one
    // is full, the kernel drops further connection attempts, so connecting hangs as it does behind a firewall.
    const blocked = spawn(
      process.execPath,
      [
        '-e',
        "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{console.log(s.address().port);setTimeout(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,20000),20)})",
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const fillers: Socket[] = [];
    try {
      const port = await new Promise<number>((done) =>
        blocked.stdout.once('data', (data: Buffer) => done(Number(String(data).trim()))),
      );
      await sleep(100);
      for (let i = 0; i < 4; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => undefined));
      await sleep(200);
      const config = loadAuditConfig({
        ...process.env,
        KEYPLAN_AWS_CONNECT_TIMEOUT_MS: '300',
        KEYPLAN_AWS_REQUEST_TIMEOUT_MS: '5000',
      });
      const out = memoryIo({ cwd: '/' });
      const started = performance.now();
      const code = await auditCommand(['--endpoint', `http://127.0.0.1:${port}`, '--region', 'us-east-1'], out.io, {
        config,
      });
      expect({ code, stderr: out.stderr() }).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(
          /cannot connect to --endpoint http:\/\/127\.0\.0\.1:\d+ \(ListKeys\) within 300 ms.*KEYPLAN_AWS_CONNECT_TIMEOUT_MS/,
        ),
      });
      expect(performance.now() - started).toBeLessThan(4000);
    } finally {
      for (const socket of fillers) socket.destroy();
      blocked.kill('SIGKILL');
    }
  });

  it('trickling a byte at a time: the whole response is bounded, not just the silence between bytes', async () => {
    const run = await audit((_request, res) => trickle(res, ' ', 50));
    expectCleanFailure(run, /did not answer within 400 ms/);
    expect(run.elapsedMs).toBeLessThan(10_000);
  });

  it('an endless body: cut at the size cap, memory stays flat', async () => {
    const before = process.memoryUsage().rss;
    const run = await audit((_request, res) => endless(res));
    expectCleanFailure(run, /sent a response larger than keyplan accepts.*KEYPLAN_AWS_MAX_RESPONSE_BYTES/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a response that announces a huge body is refused before reading it', async () => {
    const run = await audit((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(10 * 1024 ** 3) });
      res.write('{');
    });
    expectCleanFailure(run, /announces 10737418240 bytes/);
  });

  it('a repeated NextMarker: stops on the second sight of it', async () => {
    const run = await audit((request, res) => {
      if (request.operation === 'ListKeys') {
        json(res, 200, { Keys: [{ KeyId: KEY_ID }], Truncated: true, NextMarker: 'again' });
      } else json(res, 200, healthyAnswer(request.operation, []));
    });
    expectCleanFailure(run, /\(ListKeys\) is paging without end \(ListKeys returned the same NextMarker twice\)/);
    expect(server?.requests.filter((r) => r.operation === 'ListKeys')).toHaveLength(2);
  });

  it('an ever-new NextMarker: stops at the page cap, and a tag listing past its cap makes the key unreadable', async () => {
    // At the command's rate (ListKeys: 475 a second) 2,000 pages take four seconds; gates this fast do not.
    const fast = Object.fromEntries(
      Object.keys(KMS_REQUEST_QUOTAS).map((api) => [api, { ratePerSecond: 1_000_000, concurrency: 8 }]),
    ) as Parameters<typeof createGates>[0];
    let page = 0;
    server = await startHostileServer((request, res) => {
      page += 1;
      if (request.operation === 'ListKeys') json(res, 200, { Keys: [], Truncated: true, NextMarker: `m${page}` });
      else json(res, 200, healthyAnswer(request.operation, []));
    });
    const { kms } = buildClients({ region: 'us-east-1', endpoint: server.url, maxSockets: 16 });
    const error = await collectInventory(kms, { gates: createGates(fast) }).then(
      () => null,
      (caught: unknown) => caught,
    );
    kms.destroy();
    expect(errorName(error)).toBe('TooManyPages');
    expect(String((error as Error).message)).toBe(`ListKeys went past ${PAGE_CAPS.ListKeys} pages`);
    expect(server.requests.filter((r) => r.operation === 'ListKeys')).toHaveLength(PAGE_CAPS.ListKeys);
  });

  it('an error that echoes the request headers (Authorization, session token): code and redacted text only', async () => {
    const run = await audit(
      (request, res) =>
        json(res, 400, { __type: 'ValidationException', message: `bad request ${JSON.stringify(request.headers)}` }),
      [],
      true,
    );
    expectCleanFailure(run, /refused the request \(HTTP 400, ValidationException: bad request/);
    expect(run.stderr).toContain('admin:***@127.0.0.1');
    expect(run.stderr).not.toMatch(/Signature=[0-9a-f]/);
    expect(run.stderr.length).toBeLessThan(600);
  });

  it.each([
    [
      'HTTP 500 with an HTML page',
      500,
      'text/html',
      '<html><body>Internal error</body></html>',
      /failed with HTTP 500/,
    ],
    [
      'HTTP 503 with a JSON error',
      503,
      'application/x-amz-json-1.1',
      '{"__type":"ServiceUnavailable","message":"down"}',
      /failed with HTTP 503 \(ServiceUnavailable: down\) after retries/,
    ],
    [
      'garbage',
      200,
      'application/x-amz-json-1.1',
      '\u0000\u0001garbage{{{',
      /answered with something that is not a KMS response \(HTTP 200\)/,
    ],
    [
      'an HTML page',
      200,
      'text/html',
      '<html><head><title>Login</title></head></html>',
      /not a KMS response \(HTTP 200\)/,
    ],
    ['a redirect', 302, 'text/plain', '', /answered with a redirect \(HTTP 302\): give the endpoint's final URL/],
  ])('%s: exit 2 naming the endpoint and what to check', async (_name, status, type, body, message) => {
    const run = await audit((_request, res) => {
      res.writeHead(status, { 'content-type': type, ...(status === 302 ? { location: 'http://example.com/' } : {}) });
      res.end(body);
    });
    expectCleanFailure(run, message);
  });

  it('a 200 MB error message is cut to a sentence', async () => {
    const run = await audit((_request, res) =>
      json(res, 400, { __type: 'ValidationException', message: 'x'.repeat(900_000) }),
    );
    expectCleanFailure(run, /ValidationException: x+…/);
    expect(run.stderr.length).toBeLessThan(600);
  });

  it('terminal escapes in error text arrive as visible escapes', async () => {
    const run = await audit((_request, res) =>
      json(res, 400, { __type: 'ValidationException', message: 'bad \u001b[31mred\u001b]0;pwned\u0007 \u009b2J' }),
    );
    expectCleanFailure(run, /bad \\u\{1b\}\[31mred/);
  });

  it('hostile aliases stay text in the report: no terminal escapes, no markdown structure, no secret', async () => {
    const alias = `alias/x\u001b[2J\n# Injected heading\n<script>alert(1)</script>\n${SESSION_TOKEN}`;
    const respond: Respond = (request, res) =>
      json(res, 200, healthyAnswer(request.operation, [{ AliasName: alias, TargetKeyId: KEY_ID }]));
    const markdown = await audit(respond);
    expect(markdown.code).toBe(0);
    expect(terminalControls(markdown.stdout)).toEqual([]);
    const html = renderGfm(markdown.stdout);
    expect(html).not.toMatch(/<h\d>[^<]*Injected/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(markdown.stdout).not.toContain(SESSION_TOKEN);
    await server?.close();
    const asJson = await audit(respond, ['--format', 'json']);
    expect(terminalControls(asJson.stdout)).toEqual([]);
    expect(asJson.stdout).not.toContain(SESSION_TOKEN);
    expect(JSON.parse(asJson.stdout).keys[0].alias).toContain('<script>');
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../bench/slack/support/fake-slack.js';
import { slashCommand } from '../../../bench/slack/support/payloads.js';
import { commandRequest, postSigned } from '../../../bench/slack/support/signed.js';
import { KEYPLAN_BIN } from '../../support/spawn-cli.js';

/** `keyplan serve` as a real process, its bot token checked against the loopback Slack. */

const SECRET = 'process-signing-secret';
let fake: FakeSlack;
let dir: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'keyplan-serve-'));
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function serve(extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [KEYPLAN_BIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'keyplan.db')}`,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-process',
      SLACK_API_URL: fake.apiUrl,
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const port = new Promise<number>((resolve, reject) => {
    child.stderr.on('data', () => {
      const match = /on port (\d+)/.exec(stderr);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`keyplan serve ended:\n${stderr}`)));
  });
  return { child, port, exited, stderr: () => stderr };
}

describe('keyplan serve with Slack', () => {
  it('serves /healthz and signed Slack requests, and stops cleanly on SIGTERM', async () => {
    const run = serve();
    const port = await run.port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const help = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      SECRET,
      commandRequest(
        slashCommand(
          { team: 'TPROC', user: 'UPROC' },
          { text: 'help', channel: 'CPROC', responseUrl: fake.responseUrl() },
        ),
      ),
    );
    expect(help.json).toMatchObject({ response_type: 'ephemeral' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain('keyplan serve: Slack listens at POST /slack/events');
  });

  it('refuses to start with a bot token Slack rejects, saying which variable to fix', async () => {
    fake.failOnce('auth.test', 'invalid_auth');
    const run = serve();
    run.port.catch(() => undefined);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\).*OAuth & Permissions/);
  });
});

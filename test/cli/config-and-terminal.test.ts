import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { printableError } from '../../src/cli/report-error.js';
import { runCli } from '../../src/cli.js';
import { DEFAULT_LIMITS, environmentSecrets, loadAuditConfig, loadConfig } from '../../src/config.js';
import { terminalControls } from '../support/terminal.js';

describe('configuration of timeouts and limits', () => {
  it('has bounded defaults for every network call', () => {
    const config = loadConfig({});
    expect(config.aws).toEqual({
      connectTimeoutMs: DEFAULT_LIMITS.awsConnectTimeoutMs,
      requestTimeoutMs: DEFAULT_LIMITS.awsRequestTimeoutMs,
      maxResponseBytes: DEFAULT_LIMITS.awsMaxResponseBytes,
    });
    expect(config.database).toEqual({
      connectTimeoutMs: DEFAULT_LIMITS.databaseConnectTimeoutMs,
      queryTimeoutMs: DEFAULT_LIMITS.databaseQueryTimeoutMs,
    });
    expect(config.databaseUrl).toBe('sqlite:./data/keyplan.db');
  });

  it('reads overrides, and collects the secrets to mask', () => {
    const config = loadConfig({
      KEYPLAN_AWS_REQUEST_TIMEOUT_MS: '2500',
      KEYPLAN_DB_QUERY_TIMEOUT_MS: '700',
      AWS_SECRET_ACCESS_KEY: 'secret-key-value',
      AWS_SESSION_TOKEN: 'session-token-value',
      DATABASE_URL: 'postgres://u:p%40ssword@db:5432/k',
    });
    expect(config.aws.requestTimeoutMs).toBe(2500);
    expect(config.database.queryTimeoutMs).toBe(700);
    expect(config.secrets).toEqual(['secret-key-value', 'session-token-value', 'p@ssword']);
    expect(environmentSecrets({ AWS_SESSION_TOKEN: 'tok', DATABASE_URL: 'postgres://u:pw@h/d' })).toEqual([
      'tok',
      'pw',
    ]);
  });

  it.each([
    ['KEYPLAN_AWS_REQUEST_TIMEOUT_MS', 'soon', /KEYPLAN_AWS_REQUEST_TIMEOUT_MS is a number of milliseconds/],
    ['KEYPLAN_AWS_CONNECT_TIMEOUT_MS', '0', /at least 1 ms/],
    ['KEYPLAN_DB_CONNECT_TIMEOUT_MS', '99999999', /at most 600000 ms/],
    ['KEYPLAN_AWS_MAX_RESPONSE_BYTES', '100', /at least 65536/],
  ])('%s=%s is refused with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('the audit does not need a valid DATABASE_URL', () => {
    expect(loadAuditConfig({ DATABASE_URL: 'mysql://nope' }).aws.requestTimeoutMs).toBe(
      DEFAULT_LIMITS.awsRequestTimeoutMs,
    );
  });
});

describe('terminal output of the CLI', () => {
  it.each([
    [['\u001b]0;pwned\u0007plan']],
    [['plan', 'missing\u001b[2J.yaml']],
    [['plan', 'x.yaml', '--format', '\u009b31mjson']],
    [['plan', 'x.yaml', '--\u001b[31mcolour']],
    [['audit', '--region', 'us-east-1\u001b[31m']],
  ])('%j: the error names the input with visible escapes, never raw control characters', async (argv) => {
    const out = memoryIo({ cwd: '/' });
    expect(await runCli(argv, out.io)).toBe(2);
    expect(out.stderr()).toMatch(/\\u\{(1b|9b)\}/);
    expect(terminalControls(out.stderr())).toEqual([]);
  });

  it('printableError bounds each line and masks URL passwords', () => {
    const text = printableError(`keyplan: bad ${'x'.repeat(2000)}\nsee http://u:hunter2@h/ next`);
    expect(text.split('\n')[0]?.length).toBeLessThan(600);
    expect(text).toContain('1,513 more characters');
    expect(text).toContain('http://u:***@h/');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report/types.js';
import { auditCommand } from '../../src/cli/audit-command.js';
import { memoryIo } from '../../src/cli/io.js';
import {
  ACCOUNT,
  awsError,
  goodStatements,
  keyArn,
  keyMetadata,
  NOW,
  plan,
  plannedKey,
  policyText,
  REGION,
  type Statement,
} from './fixtures.js';

function capture(options: { isTTY?: boolean; cwd?: string } = {}) {
  return memoryIo({ cwd: tmpdir(), ...options });
}

const id = (n: number) => `key-${String(n).padStart(4, '0')}`;

/** An account of `count` healthy customer managed keys, aliased in plan style, with the given policy. */
function account(options: { count?: number; statements?: Statement[] } = {}) {
  const count = options.count ?? 1;
  const kms = new KMSClient({ region: REGION, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  const mock = mockClient(kms);
  const keys = Array.from({ length: count }, (_, i) => ({ KeyId: id(i), KeyArn: keyArn(id(i)) }));
  mock.on(ListKeysCommand).resolves({ Keys: keys, Truncated: false });
  mock.on(ListAliasesCommand).resolves({
    Aliases: keys.map((key, i) => ({
      AliasName: i === 0 ? 'alias/orders/prod/confidential' : `alias/orders/prod/c${i}`,
      TargetKeyId: key.KeyId,
    })),
    Truncated: false,
  });
  mock.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => ({ KeyMetadata: keyMetadata(input.KeyId) }));
  mock.on(GetKeyPolicyCommand).resolves({ Policy: policyText(options.statements ?? goodStatements()) });
  mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  mock.on(ListResourceTagsCommand).resolves({
    Tags: [
      { TagKey: 'Application', TagValue: 'orders' },
      { TagKey: 'Classification', TagValue: 'confidential' },
      { TagKey: 'Owner', TagValue: 'team-orders' },
    ],
    Truncated: false,
  });
  return { kms, mock };
}

const now = () => NOW;

describe('keyplan audit: arguments', () => {
  it.each([
    [['--format', 'xml'], '--format'],
    [['--region', 'us-east1'], '--region'],
    [['--region', ''], '--region'],
    [['--role-arn', 'KeyplanAudit'], '--role-arn'],
    [['--endpoint', 'localhost:4566'], '--endpoint'],
    [['--endpoint', 'ftp://127.0.0.1'], '--endpoint'],
    [['--bogus'], '--bogus'],
    [['--profile'], '--profile'],
    [['extra'], 'extra'],
    [['--plan', 'no-such-plan.json'], '--plan'],
  ])('%j → exit 2, naming %s', async (argv, flag) => {
    const out = capture();
    const code = await auditCommand(argv, out.io, { kmsClient: account().kms, now });
    expect(code).toBe(2);
    expect(out.stderr()).toContain(flag);
    expect(out.stderr()).not.toMatch(/\n\s+at /);
    expect(out.stdout()).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const out = capture();
    expect(await auditCommand(['--help'], out.io)).toBe(0);
    expect(out.stdout()).toContain('--role-arn');
  });

  it('a plan file that is not a plan → exit 2 with the bad field path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-audit-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...plan([plannedKey()]), version: 2 }));
    writeFileSync(join(dir, 'broken.json'), '{"version":');
    const out = capture({ cwd: dir });
    expect(await auditCommand(['--plan', 'plan.json'], out.io, { kmsClient: account().kms, now })).toBe(2);
    expect(out.stderr()).toContain('version');
    const broken = capture({ cwd: dir });
    expect(await auditCommand(['--plan', 'broken.json'], broken.io, { kmsClient: account().kms, now })).toBe(2);
    expect(broken.stderr()).toContain('not JSON');
  });
});

describe('keyplan audit: AWS access problems', () => {
  it('missing credentials → exit 2 and what to set', async () => {
    const { kms, mock } = account();
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    mock.on(ListKeysCommand).rejects(missing);
    mock.on(ListAliasesCommand).rejects(missing);
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: kms, now })).toBe(2);
    expect(out.stderr()).toBe(
      'keyplan audit: no AWS credentials found: set AWS_PROFILE or pass --profile, or run inside a role\n',
    );
  });

  it('expired credentials → exit 2', async () => {
    const { kms, mock } = account();
    mock
      .on(ListKeysCommand)
      .rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: kms, now })).toBe(2);
    expect(out.stderr()).toMatch(/rejected the credentials \(ExpiredTokenException/);
  });

  it('no permission to list keys → exit 2 naming kms:ListKeys', async () => {
    const { kms, mock } = account();
    mock.on(ListKeysCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: kms, now })).toBe(2);
    expect(out.stderr()).toContain('kms:ListKeys');
  });

  it('no region anywhere → exit 2 naming --region', async () => {
    const kms = new KMSClient({
      region: async () => {
        throw new Error('Region is missing');
      },
    });
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: kms, now })).toBe(2);
    expect(out.stderr()).toContain('--region');
  });

  it('a bug is exit 1 with a one-line reason, not a stack trace', async () => {
    const { kms, mock } = account();
    mock.on(ListKeysCommand).rejects(new TypeError('cannot read x of undefined'));
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: kms, now })).toBe(1);
    expect(out.stderr()).toBe('keyplan audit: unexpected failure (TypeError: cannot read x of undefined)\n');
  });
});

describe('keyplan audit: results', () => {
  it('a clean account → exit 0 and a Markdown report', async () => {
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: account().kms, now })).toBe(0);
    expect(out.stdout()).toContain(`# KMS key audit: account ${ACCOUNT}, ${REGION}`);
    expect(out.stdout()).toContain('No findings.');
  });

  it('an error-severity finding → exit 3', async () => {
    const publicPolicy = [
      ...goodStatements(),
      { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    ];
    const out = capture();
    expect(await auditCommand([], out.io, { kmsClient: account({ statements: publicPolicy }).kms, now })).toBe(3);
    expect(out.stdout()).toContain('| error | public-key-policy |');
    expect(out.stdout()).toContain('```hcl');
  });

  it('warnings alone → exit 0', async () => {
    const out = capture();
    const { kms, mock } = account();
    mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    expect(await auditCommand(['--format', 'json'], out.io, { kmsClient: kms, now })).toBe(0);
    expect((JSON.parse(out.stdout()) as AuditReport).findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('--format json has the documented shape', async () => {
    const out = capture();
    const { kms, mock } = account({ count: 2 });
    mock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });
    await auditCommand(['--format', 'json'], out.io, { kmsClient: kms, now });
    const report = JSON.parse(out.stdout()) as Record<string, unknown>;
    expect(report).toMatchObject({ region: REGION, account: ACCOUNT, scanned: 2, generatedAt: NOW.toISOString() });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['region', 'account', 'scanned', 'keys', 'findings']));
    const findings = report.findings as Array<Record<string, unknown>>;
    expect(findings).toHaveLength(2);
    for (const finding of findings) {
      expect(Object.keys(finding).sort()).toEqual(['alias', 'checkId', 'keyId', 'message', 'remediation', 'severity']);
      expect(finding.severity).toMatch(/^(info|warning|error)$/);
      expect(Object.keys(finding.remediation as object).sort()).toEqual(['cli', 'terraform']);
    }
    expect((report.keys as Array<Record<string, unknown>>)[0]).toMatchObject({
      keyId: id(0),
      alias: 'alias/orders/prod/confidential',
      manager: 'CUSTOMER',
      readable: true,
    });
  });

  it('takes the account from STS when it has an STS client', async () => {
    const sts = new STSClient({ region: REGION, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
    mockClient(sts).on(GetCallerIdentityCommand).resolves({ Account: '999988887777' });
    const out = capture();
    await auditCommand(['--format', 'json'], out.io, { kmsClient: account().kms, stsClient: sts, now });
    expect((JSON.parse(out.stdout()) as AuditReport).account).toBe('999988887777');
  });

  it('--plan: a missing planned key is an error-severity drift finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-audit-'));
    const planned = [plannedKey(), plannedKey({ id: 'payments', alias: 'alias/payments/prod/restricted' })];
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan(planned)));
    const out = capture({ cwd: dir });
    expect(
      await auditCommand(['--plan', 'plan.json', '--format', 'json'], out.io, { kmsClient: account().kms, now }),
    ).toBe(3);
    const report = JSON.parse(out.stdout()) as AuditReport;
    expect(report.findings.map((f) => [f.checkId, f.alias])).toEqual([
      ['drift-missing-key', 'alias/payments/prod/restricted'],
    ]);
    expect(report.plan).toEqual({ organization: 'Acme Retail', keysInScope: 2 });
    expect(report.keys[0]?.plannedKeyId).toBe('orders-prod-confidential');
  });

  it('--out writes the report to a file and says so on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplan-audit-'));
    const out = capture({ cwd: dir });
    expect(await auditCommand(['--out', 'audit.md'], out.io, { kmsClient: account().kms, now })).toBe(0);
    expect(out.stdout()).toBe('');
    expect(readFileSync(join(dir, 'audit.md'), 'utf8')).toContain('# KMS key audit');
    expect(out.stderr()).toContain('to audit.md');
  });

  it('draws a progress line on a terminal for a large account, and erases it', async () => {
    const tty = capture({ isTTY: true });
    await auditCommand(['--format', 'json'], tty.io, { kmsClient: account({ count: 250 }).kms, now });
    expect(tty.stderr()).toContain('/250 keys read');
    expect(tty.stderr().endsWith('\r\u001b[2K')).toBe(true);
    const pipe = capture({ isTTY: false });
    await auditCommand(['--format', 'json'], pipe.io, { kmsClient: account({ count: 250 }).kms, now });
    expect(pipe.stderr()).toBe('');
    const small = capture({ isTTY: true });
    await auditCommand(['--format', 'json'], small.io, { kmsClient: account({ count: 3 }).kms, now });
    expect(small.stderr()).toBe('');
  });
});

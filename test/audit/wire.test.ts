import type { KMSClient } from '@aws-sdk/client-kms';
import { afterEach, describe, expect, it } from 'vitest';
import { keyArn, keyId, syntheticAccount, wellFormedPolicy, wireMetadata } from '../../bench/audit/fixture.js';
import { type LoopbackKms, type LoopbackOptions, startLoopbackKms } from '../../bench/support/loopback-kms.js';
import { buildClients } from '../../src/audit/aws/clients.js';
import { collectInventory } from '../../src/audit/inventory/collect.js';
import { DEFAULT_RETRY } from '../../src/audit/inventory/retry.js';
import type { AuditReport } from '../../src/audit/report/types.js';
import { auditCommand } from '../../src/cli/audit-command.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * The real KMSClient against the loopback KMS double on 127.0.0.1: what goes over the wire (AWS JSON 1.1,
 * X-Amz-Target, SigV4 with the fake static credentials), the pagination markers, and error bodies.
 */

const FAKE_CREDENTIALS = { accessKeyId: 'AKIDLOOPBACKTEST', secretAccessKey: 'loopback-secret' };
const FAST = { ...DEFAULT_RETRY, baseDelayMs: 5 };

let server: LoopbackKms | null = null;
let client: KMSClient | null = null;

afterEach(async () => {
  client?.destroy();
  client = null;
  await server?.close();
  server = null;
});

async function start(options: LoopbackOptions): Promise<{ kms: KMSClient; loopback: LoopbackKms }> {
  server = await startLoopbackKms(options);
  client = buildClients({
    region: 'us-east-1',
    endpoint: server.url,
    maxSockets: 16,
    credentials: FAKE_CREDENTIALS,
  }).kms;
  return { kms: client, loopback: server };
}

const requestsFor = (loopback: LoopbackKms, operation: string) =>
  loopback.requests.filter((request) => request.operation === operation);

describe('KMSClient against the loopback KMS', () => {
  it('signs AWS JSON 1.1 requests and follows NextMarker through every listing', async () => {
    const account = syntheticAccount(5);
    const first = account.keys[0];
    if (!first) throw new Error('fixture has no keys');
    first.tags = ['Application', 'Classification', 'Owner', 'Stage', 'CostCenter'].map((TagKey) => ({
      TagKey,
      TagValue: 'x',
    }));
    const { kms, loopback } = await start({ ...account, maxPageSize: 2 });

    const inventory = await collectInventory(kms, { retry: FAST });

    expect(inventory.keys.map((key) => key.keyId)).toEqual([0, 1, 2, 3, 4].map(keyId));
    expect(requestsFor(loopback, 'ListKeys').map((request) => request.input.Marker ?? null)).toEqual([null, '2', '4']);
    expect(requestsFor(loopback, 'ListAliases')).toHaveLength(3);
    const tagPages = requestsFor(loopback, 'ListResourceTags').filter((request) => request.input.KeyId === keyId(0));
    expect(tagPages.map((request) => request.input.Marker ?? null)).toEqual([null, '2', '4']);
    expect(Object.keys(inventory.keys[0]?.tags ?? {})).toHaveLength(5);
    expect(inventory.keys[0]?.aliases).toEqual(['alias/app-0/prod/confidential-0']);
    expect(inventory.keys[0]?.policy?.document?.statements).toHaveLength(3);
    expect(new Set(loopback.requests.map((request) => request.contentType))).toEqual(
      new Set(['application/x-amz-json-1.1']),
    );
    expect(new Set(loopback.requests.map((request) => request.accessKeyId))).toEqual(
      new Set([FAKE_CREDENTIALS.accessKeyId]),
    );
    expect(requestsFor(loopback, 'GetKeyPolicy').every((request) => request.input.PolicyName === 'default')).toBe(true);
  });

  it('retries a ThrottlingException (HTTP 400, __type body) and then reads the key', async () => {
    let throttledOnce = false;
    const { kms, loopback } = await start({
      ...syntheticAccount(3),
      inject: (operation, input) => {
        if (operation !== 'GetKeyPolicy' || input.KeyId !== keyId(1) || throttledOnce) return undefined;
        throttledOnce = true;
        return { type: 'ThrottlingException', message: 'Rate exceeded' };
      },
    });

    const inventory = await collectInventory(kms, { retry: FAST });

    const attempts = requestsFor(loopback, 'GetKeyPolicy').filter((request) => request.input.KeyId === keyId(1));
    expect(attempts.map((request) => [request.status, request.errorType ?? null])).toEqual([
      [400, 'ThrottlingException'],
      [200, null],
    ]);
    expect(inventory.keys[1]?.unreadable).toEqual([]);
    expect(inventory.keys[1]?.policy?.text).toBe(wellFormedPolicy('app-0'));
    expect(inventory.stats).toEqual({ retries: 1, throttles: { GetKeyPolicy: 1 } });
  });

  it('recovers from throttling by the server-side quota itself', async () => {
    // 20 DescribeKey a second (a bucket of 2) against a client gate that allows 1,800: the gate must back off.
    const { kms, loopback } = await start({ ...syntheticAccount(6), quotas: { DescribeKey: 20 }, burstSeconds: 0.1 });
    const inventory = await collectInventory(kms, { retry: FAST });
    expect(loopback.throttled.DescribeKey ?? 0).toBeGreaterThan(0);
    expect(loopback.served.DescribeKey).toBe(6);
    expect(inventory.keys.every((key) => key.unreadable.length === 0)).toBe(true);
  });

  it('reports AccessDeniedException on one key as not readable and audits the rest', async () => {
    const account = syntheticAccount(3);
    const denied = account.keys[2];
    if (!denied) throw new Error('fixture has no third key');
    denied.deny = ['GetKeyPolicy', 'ListResourceTags'];
    const { kms } = await start(account);

    const inventory = await collectInventory(kms, { retry: FAST });

    expect(inventory.keys[2]?.unreadable.map((part) => [part.operation, part.code])).toEqual([
      ['GetKeyPolicy', 'AccessDeniedException'],
      ['ListResourceTags', 'AccessDeniedException'],
    ]);
    expect(inventory.keys[2]?.unreadable[0]?.message).toContain('not authorized');
    expect(inventory.keys[0]?.unreadable).toEqual([]);
  });

  it('runs the whole command over the wire and prints a JSON report', async () => {
    const account = syntheticAccount(4);
    account.keys.push({
      metadata: wireMetadata(keyId(99), { KeyState: 'PendingDeletion', DeletionDate: 1_790_000_000 }),
      policy: wellFormedPolicy('old'),
      tags: [],
    });
    const { kms } = await start(account);
    const { io, stdout } = memoryIo({ cwd: '/' });

    const code = await auditCommand(['--format', 'json'], io, {
      kmsClient: kms,
      now: () => new Date('2026-06-01T00:00:00Z'),
    });

    const report = JSON.parse(stdout()) as AuditReport;
    expect(code).toBe(3);
    expect(report).toMatchObject({ region: 'us-east-1', account: '111122223333', scanned: 5 });
    expect(report.findings.map((f) => [f.checkId, f.keyId])).toEqual([['pending-deletion', keyId(99)]]);
    expect(report.keys.find((k) => k.keyId === keyId(99))?.arn).toBe(keyArn(keyId(99)));
  });
});

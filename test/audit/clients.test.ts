import { describe, expect, it } from 'vitest';
import { buildClients } from '../../src/audit/aws/clients.js';
import { defaultLimits, KMS_REQUEST_QUOTAS, socketsFor } from '../../src/audit/inventory/quotas.js';

/** Client construction only: nothing here sends a request. */
describe('buildClients', () => {
  it('points KMS at --endpoint, turns SDK retries off and keeps STS on AWS', async () => {
    const { kms, sts } = buildClients({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', maxSockets: 64 });
    expect(await kms.config.region()).toBe('eu-west-1');
    expect(await kms.config.maxAttempts()).toBe(1);
    expect(kms.config.isCustomEndpoint).toBe(true);
    expect(sts.config.isCustomEndpoint).toBe(false);
    expect(await sts.config.region()).toBe('eu-west-1');
  });

  it('passes --profile to both clients and, with --role-arn, an assume-role credential provider', async () => {
    const plain = buildClients({ region: 'us-east-1', profile: 'audit', maxSockets: 8 });
    expect(plain.kms.config.profile).toBe('audit');
    expect(plain.sts.config.profile).toBe('audit');
    const fixed = buildClients({
      region: 'us-east-1',
      maxSockets: 8,
      credentials: { accessKeyId: 'AKIDX', secretAccessKey: 's' },
    });
    expect(await fixed.kms.config.credentials()).toMatchObject({ accessKeyId: 'AKIDX' });
    const assumed = buildClients({
      region: 'us-east-1',
      roleArn: 'arn:aws:iam::444455556666:role/Audit',
      maxSockets: 8,
    });
    expect(typeof assumed.kms.config.credentials).toBe('function');
  });
});

describe('default limits', () => {
  it('stay under every quota and size the socket pool to the in-flight caps', () => {
    const limits = defaultLimits();
    for (const [api, limit] of Object.entries(limits)) {
      expect(limit.ratePerSecond).toBeLessThan(KMS_REQUEST_QUOTAS[api as keyof typeof KMS_REQUEST_QUOTAS]);
      expect(limit.ratePerSecond).toBeGreaterThan(0.8 * KMS_REQUEST_QUOTAS[api as keyof typeof KMS_REQUEST_QUOTAS]);
    }
    expect(limits.ListKeys.concurrency).toBe(1);
    expect(socketsFor(limits)).toBeGreaterThan(50);
  });
});

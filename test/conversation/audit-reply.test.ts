import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { auditAccount } from '../../src/audit/audit-account.js';
import { auditTurn } from '../../src/conversation/index.js';
import { ACCOUNT, awsError, keyArn, keyMetadata, NOW, policyText, REGION, rootStatement } from '../audit/fixtures.js';

const ARN = keyArn('k1');

function accountWithOneUnrotatedKey(): KMSClient {
  const kms = new KMSClient({ region: REGION, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  const mock = mockClient(kms);
  mock.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k1', KeyArn: ARN }], Truncated: false });
  mock
    .on(ListAliasesCommand)
    .resolves({ Aliases: [{ AliasName: 'alias/orders/prod/confidential', TargetKeyId: 'k1' }] });
  mock.on(DescribeKeyCommand).resolves({ KeyMetadata: keyMetadata('k1') });
  mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
  mock.on(GetKeyPolicyCommand).resolves({ Policy: policyText([rootStatement]) });
  mock.on(ListResourceTagsCommand).resolves({ Tags: [] });
  return kms;
}

/** `/keyplan audit` in chat: the same audit as the CLI, as a platform-neutral reply. */
describe('auditTurn', () => {
  it('summarises the findings and attaches the full report', async () => {
    const kms = accountWithOneUnrotatedKey();
    const reply = await auditTurn(() => auditAccount({ kms, region: REGION, now: NOW }));
    expect(reply.type).toBe('audit-report');
    if (reply.type !== 'audit-report') return;
    expect(reply.headline).toContain(`account ${ACCOUNT} in ${REGION}`);
    expect(reply.counts.warning).toBeGreaterThanOrEqual(2);
    expect(reply.lines.join('\n')).toMatch(/rotation/i);
    expect(reply.attachments[0]?.filename).toMatch(/\.md$/);
    expect(reply.attachments[0]?.mediaType).toBe('text/markdown');
    expect(reply.attachments[0]?.content).toContain('alias/orders/prod/confidential');
  });

  it('turns an AWS refusal into a message naming the permissions, not a crash', async () => {
    const kms = new KMSClient({
      region: REGION,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    mockClient(kms).on(ListKeysCommand).rejects(awsError('AccessDeniedException', 'not allowed'));
    const reply = await auditTurn(() => auditAccount({ kms, region: REGION, now: NOW }));
    expect(reply).toMatchObject({ type: 'message', tone: 'error' });
    expect(reply.type === 'message' && reply.text).toMatch(/kms:ListKeys/);
  });
});

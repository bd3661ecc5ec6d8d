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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../../src/audit/audit-account.js';
import { ConversationEngine, interviewRegistration } from '../../../src/conversation/index.js';
import { keyArn, keyMetadata, NOW, policyText, REGION, rootStatement } from '../../audit/fixtures.js';
import { userOf } from '../../conversation/drive-engine.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';
import { cardOfActivity, type Json, textsIn } from './card-reader.js';
import type { ConnectorCall } from './fake-connector.js';
import { type Chat, personalChat, type TeamsHarness, teamsHarness } from './harness.js';

const TENANT = { platform: 'teams', workspace: 'tenant-a' } as const;
const GROUP: Chat = { id: '19:ops@thread.v2', type: 'groupChat', tenantId: 'tenant-a' };

function unrotatedAccount(): KMSClient {
  const kms = new KMSClient({ region: REGION, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  const mock = mockClient(kms);
  mock.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k1', KeyArn: keyArn('k1') }], Truncated: false });
  mock
    .on(ListAliasesCommand)
    .resolves({ Aliases: [{ AliasName: 'alias/orders/prod/confidential', TargetKeyId: 'k1' }] });
  mock.on(DescribeKeyCommand).resolves({ KeyMetadata: keyMetadata('k1') });
  mock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
  mock.on(GetKeyPolicyCommand).resolves({ Policy: policyText([rootStatement]) });
  mock.on(ListResourceTagsCommand).resolves({ Tags: [] });
  return kms;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function linksIn(card: Json): { name: string; url: string }[] {
  return [
    ...textsIn(card)
      .join('\n')
      .matchAll(/\[([^\]]+)\]\((http[^)]+)\)/g),
  ].map(([, name, url]) => ({
    name: name as string,
    url: url as string,
  }));
}

describe('Teams commands', () => {
  let harness: TeamsHarness;
  const audited: (string | undefined)[] = [];

  beforeAll(async () => {
    harness = await teamsHarness({
      audit: async ({ region }) => {
        audited.push(region);
        return auditAccount({ kms: unrotatedAccount(), region: region ?? REGION, now: NOW });
      },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  async function say(userId: string, chat: Chat, text: string): Promise<ConnectorCall[]> {
    const before = harness.connector.calls.length;
    const answer = await harness.say(userId, chat, text);
    expect(answer.status).toBe(200);
    return harness.connector.since(before);
  }

  const cardTexts = (calls: ConnectorCall[]) => calls.flatMap((call) => textsIn(cardOfActivity(call.body) ?? {}));

  it('greets people when keyplan is added, with the commands', async () => {
    const before = harness.connector.calls.length;
    const added = harness.activity('ann', personalChat('ann'), {
      type: 'conversationUpdate',
      membersAdded: [{ id: '29:ann' }, { id: '28:keyplan-bot' }],
    });
    expect((await harness.post('/api/messages', JSON.stringify(added))).status).toBe(200);
    const texts = cardTexts(harness.connector.since(before)).join('\n');
    expect(texts).toMatch(/Hello/);
    expect(texts).toMatch(/\*\*start\*\*/);
  });

  it('answers help, and an unknown command with what it does not know and the commands', async () => {
    expect(cardTexts(await say('ann', personalChat('ann'), 'help')).join('\n')).toMatch(/\*\*audit\*\* \[region\]/);
    const unknown = cardTexts(await say('ann', GROUP, '<at>keyplan</at> frobnicate')).join('\n');
    expect(unknown).toMatch(/does not know "frobnicate"/);
    expect(unknown).toMatch(/\*\*plan\*\*/);
    expect(cardTexts(await say('ann', GROUP, '<at>keyplan</at> plan pdf')).join('\n')).toMatch(
      /markdown, json, terraform, cloudformation/,
    );
    expect(cardTexts(await say('ann', GROUP, '<at>keyplan</at> audit mars-north-9x')).join('\n')).toMatch(
      /AWS region such as eu-west-1/,
    );
  });

  it('says there is no plan yet before anyone finished the interview', async () => {
    const [reply] = await say('ann', personalChat('ann'), 'plan');
    expect(String(reply?.body.text)).toMatch(/no plan in this organisation yet/);
    expect(cardTexts(await say('ann', personalChat('ann'), 'status')).join('\n')).toMatch(/No plan yet/);
  });

  describe('once a plan is stored', () => {
    beforeAll(async () => {
      // Someone finished the interview (straight through the engine: the interview itself is tested elsewhere).
      const engine = new ConversationEngine({ store: harness.store, flows: [interviewRegistration] });
      const bea = userOf(engine, TENANT, 'bea');
      const review = await bea.play(await bea.open(), RETAIL_ANSWERS);
      await bea.act(review, 'confirm');
    });

    it('lists the plans with `status`, marking your own', async () => {
      const texts = cardTexts(await say('bea', personalChat('bea'), 'status')).join('\n');
      expect(texts).toMatch(
        /\*\*acme-retail\/v1\*\* \(Acme Retail\): 2 KMS keys, \$7\.94\/month; not submitted for approval/,
      );
      expect(texts).toMatch(/\(yours\)/);
      expect(cardTexts(await say('ann', personalChat('ann'), 'status')).join('\n')).not.toMatch(/\(yours\)/);
    });

    it('shows the latest plan with `plan`, its files as links that download', async () => {
      const [posted] = await say('ann', GROUP, '<at>keyplan</at> plan');
      const card = cardOfActivity(posted?.body ?? {}) ?? {};
      expect(textsIn(card).join('\n')).toMatch(/Stored as plan acme-retail\/v1/);
      const links = linksIn(card);
      expect(links.map((link) => link.name)).toEqual([
        'keyplan.md',
        'keyplan.json',
        'keyplan.tf',
        'kms-111122223333-us-east-1.yaml',
      ]);
      const terraform = await fetch(links[2]?.url as string);
      expect(terraform.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await terraform.text()).toMatch(/resource "aws_kms_key"/);
    });

    it('links only the format asked for in a group chat', async () => {
      const [posted] = await say('ann', GROUP, '<at>keyplan</at> plan tf');
      expect(linksIn(cardOfActivity(posted?.body ?? {}) ?? {}).map((link) => link.name)).toEqual(['keyplan.tf']);
    });

    it('offers real files in a personal chat, uploads an accepted one and posts its file card', async () => {
      const calls = await say('ann', personalChat('ann'), 'plan json');
      const offers = calls.flatMap((call) => (call.body.attachments as Json[] | undefined) ?? []);
      const consent = offers.find(
        (attachment) => attachment.contentType === 'application/vnd.microsoft.teams.card.file.consent',
      );
      expect(consent).toMatchObject({ name: 'keyplan.json' });
      const content = consent?.content as Json;
      expect(content.sizeInBytes).toBeGreaterThan(100);

      const before = harness.connector.calls.length;
      const accept = harness.activity('ann', personalChat('ann'), {
        type: 'invoke',
        name: 'fileConsent/invoke',
        value: {
          type: 'fileUpload',
          action: 'accept',
          context: content.acceptContext,
          uploadInfo: {
            name: 'keyplan.json',
            uploadUrl: harness.connector.uploadUrl('keyplan.json'),
            contentUrl: 'https://contoso-my.sharepoint.com/personal/ann/Documents/keyplan.json',
            uniqueId: 'file-1',
            fileType: 'json',
          },
        },
      });
      const answer = await harness.post('/api/messages', JSON.stringify(accept));
      expect(answer.status).toBe(200);
      const after = harness.connector.since(before);
      const uploaded = after.find((call) => call.kind === 'upload');
      expect(JSON.parse(String(uploaded?.body.content))).toMatchObject({ organization: 'Acme Retail' });
      expect(String(uploaded?.headers['content-range'])).toMatch(/^bytes 0-\d+\/\d+$/);
      const info = after.flatMap((call) => (call.body.attachments as Json[] | undefined) ?? []);
      expect(info).toEqual([
        expect.objectContaining({
          contentType: 'application/vnd.microsoft.teams.card.file.info',
          name: 'keyplan.json',
          content: { uniqueId: 'file-1', fileType: 'json' },
        }),
      ]);

      const decline = harness.activity('ann', personalChat('ann'), {
        type: 'invoke',
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'decline', context: content.declineContext },
      });
      const declined = harness.connector.calls.length;
      expect((await harness.post('/api/messages', JSON.stringify(decline))).status).toBe(200);
      expect(String(harness.connector.since(declined)[0]?.body.text)).toMatch(/Not saved: keyplan.json/);
    });
  });

  it('runs `audit` after answering, and posts the digest with the report in the same chat', async () => {
    const calls = await say('ann', GROUP, '<at>keyplan</at> audit eu-west-1');
    expect(String(calls[0]?.body.text)).toMatch(/Auditing .* in eu-west-1/);
    const result = await waitFor('the audit result', () =>
      harness.connector.calls.find((call) => textsIn(cardOfActivity(call.body) ?? {}).includes('KMS audit')),
    );
    expect(audited).toContain('eu-west-1');
    expect(result.conversationId).toBe(GROUP.id);
    const card = cardOfActivity(result.body) ?? {};
    expect(textsIn(card).join('\n')).toMatch(/rotation/i);
    const [report] = linksIn(card);
    const download = await fetch(report?.url as string);
    expect(await download.text()).toMatch(/alias\/orders\/prod\/confidential/);
  });
});

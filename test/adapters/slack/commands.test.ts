import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticAccount } from '../../../bench/audit/fixture.js';
import { FAKE_TEAM } from '../../../bench/slack/support/fake-slack.js';
import { viewText } from '../../../bench/slack/support/modal-user.js';
import { messageAction, slashCommand, triggerId } from '../../../bench/slack/support/payloads.js';
import { commandRequest, interactionRequest } from '../../../bench/slack/support/signed.js';
import { type LoopbackKms, startLoopbackKms } from '../../../bench/support/loopback-kms.js';
import { auditAccount } from '../../../src/audit/audit-account.js';
import { buildClients } from '../../../src/audit/aws/clients.js';
import { blockKitViolations } from './support/block-kit-limits.js';
import { CHANNEL, type SlackHarness, slackUser, startSlackHarness } from './support/harness.js';
import { seedRetailPlan } from './support/seed.js';

const TENANT = { platform: 'slack' as const, workspace: FAKE_TEAM };
const FAKE_CREDENTIALS = { accessKeyId: 'AKIDLOOPBACKTEST', secretAccessKey: 'loopback-secret' };

let h: SlackHarness;
let kms: LoopbackKms;
let denyListKeys = false;
let planId: string;

beforeAll(async () => {
  const account = syntheticAccount(6);
  kms = await startLoopbackKms({
    ...account,
    inject: (operation) =>
      denyListKeys && operation === 'ListKeys'
        ? { type: 'AccessDeniedException', message: 'User is not authorized to perform: kms:ListKeys', status: 400 }
        : undefined,
  });
  h = await startSlackHarness({
    audit: async ({ region }) => {
      const where = region ?? 'us-east-1';
      const { kms: client } = buildClients({
        region: where,
        endpoint: kms.url,
        maxSockets: 8,
        credentials: FAKE_CREDENTIALS,
      });
      try {
        return await auditAccount({ kms: client, region: where });
      } finally {
        client.destroy();
      }
    },
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await kms?.close();
});

const ephemeralOf = async (responseId: string) =>
  (await h.fake.until(() => h.fake.responses.find((r) => r.id === responseId))).body;

describe('/keyplan subcommands', () => {
  it('answers status and plan privately while the workspace has no plan yet', async () => {
    const user = slackUser(h, h.who('U0CAROL'));
    const status = await user.command('status');
    expect(status.answer).toMatchObject({ status: 200, text: '' });
    expect(await ephemeralOf(status.responseId)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/No plan yet/),
    });
    const plan = await user.command('plan');
    expect(await ephemeralOf(plan.responseId)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/No plan yet/),
    });
    planId = await seedRetailPlan(h.engine, TENANT, 'U0CAROL');
  });

  it('gives help, and an unknown subcommand gets the help privately, never an error', async () => {
    const user = slackUser(h, h.who('U0CAROL'));
    const help = await user.command('HELP');
    expect(help.answer.json).toMatchObject({ response_type: 'ephemeral' });
    const unknown = await user.command('frobnicate <!channel>');
    expect(unknown.answer.status).toBe(200);
    expect(unknown.answer.json).toMatchObject({ response_type: 'ephemeral' });
    const text = JSON.stringify(unknown.answer.json);
    expect(text).toContain('frobnicate');
    expect(text).toContain('/keyplan plan');
  });

  it('shows the current plan and its approval state with status', async () => {
    const status = await slackUser(h, h.who('U0DAVE')).command('status');
    const body = await ephemeralOf(status.responseId);
    expect(viewText(body as { blocks?: unknown[] })).toMatch(
      /Acme Retail.*acme-retail\/v1.*2 KMS keys.*not submitted for approval.*<@U0CAROL>/s,
    );
  });

  it('posts the plan summary with the report in its thread, within Block Kit limits', async () => {
    const from = h.fake.calls.length;
    await slackUser(h, h.who('U0DAVE')).command('plan');
    const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL, from);
    expect(blockKitViolations(post.params, 'message')).toEqual([]);
    expect(viewText(post.params)).toContain('Approval: not submitted for approval  ·  shared by <@U0DAVE>');
    const ts = String(post.result?.ts);
    const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === ts));
    expect(file).toMatchObject({ filename: 'keyplan.md', channel: CHANNEL, title: 'Key plan report' });
  });

  it('posts other formats as files: plan json, plan terraform, plan cloudformation', async () => {
    for (const [format, filename] of [
      ['json', 'keyplan.json'],
      ['terraform', 'keyplan.tf'],
      ['CloudFormation', 'kms-111122223333-us-east-1.yaml'],
    ] as const) {
      const from = h.fake.calls.length;
      await slackUser(h, h.who('U0DAVE')).command(`plan ${format} ${planId}`);
      const post = await h.fake.waitForCall(
        (c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL,
        from,
      );
      const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === String(post.result?.ts)));
      expect(file.filename).toBe(filename);
      if (format === 'json') expect(JSON.parse(file.content)).toMatchObject({ organization: 'Acme Retail' });
    }
  });

  it('refuses an unknown format or plan id with a private message naming the choices', async () => {
    const user = slackUser(h, h.who('U0DAVE'));
    const pdf = await user.command('plan pdf');
    expect(pdf.answer.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String(pdf.answer.json?.text)).toMatch(/markdown, json, terraform, cloudformation/);
    const missing = await user.command('plan json nope/v9');
    expect(await ephemeralOf(missing.responseId)).toMatchObject({ text: expect.stringMatching(/no plan `nope\/v9`/) });
  });

  it('sends an export in the thread when its button under the plan is pressed', async () => {
    const from = h.fake.calls.length;
    await slackUser(h, h.who('U0DAVE')).command('plan');
    const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL, from);
    const ts = String(post.result?.ts);
    await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === ts));
    const pressed = messageAction(
      h.who('U0ERIN'),
      { channel: CHANNEL, ts },
      { type: 'button', action_id: 'kpx:terraform', block_id: 'exports', value: planId },
      h.fake.responseUrl(),
    );
    expect((await h.send(interactionRequest(pressed))).status).toBe(200);
    const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === ts && f.filename === 'keyplan.tf'));
    expect(file.content).toContain('aws_kms_key');
  });

  it('posts into direct messages and says how to invite the bot when it is not in the channel', async () => {
    h.fake.notInChannel.add('C0PRIVATE');
    const from = h.fake.calls.length;
    const user = slackUser(h, h.who('U0FRANK'), 'C0PRIVATE');
    const { responseId } = await user.command('plan');
    const told = await ephemeralOf(responseId);
    expect(told.text).toMatch(/cannot post in <#C0PRIVATE>.*\/invite <@UKEYPLANBOT>.*direct messages/);
    const dm = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === 'U0FRANK', from);
    const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === String(dm.result?.ts)));
    expect(file.channel).toBe('D0FRANK');
  });

  it('falls back the same way when Slack says channel_not_found; a direct message between people needs no invite', async () => {
    h.fake.failOnce('chat.postMessage', 'channel_not_found');
    const from = h.fake.calls.length;
    const { responseId } = await slackUser(h, h.who('U0GINA'), 'G0PRIVATE').command('plan markdown');
    expect((await ephemeralOf(responseId)).text).toMatch(/cannot post in <#G0PRIVATE>.*\/invite/);
    await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.params.channel === 'U0GINA', from);

    h.fake.failOnce('chat.postMessage', 'channel_not_found');
    const dm = await slackUser(h, h.who('U0GINA'), 'D0GINAANDBOB').command('plan');
    const told = String((await ephemeralOf(dm.responseId)).text);
    expect(told).toMatch(/cannot post in that direct message conversation.*in your direct messages with keyplan/);
    expect(told).not.toContain('/invite');
  });

  it('gives a retried /keyplan plan one post', async () => {
    const user = slackUser(h, h.who('U0HANK'));
    const trigger = triggerId();
    const from = h.fake.calls.length;
    await user.command('plan', trigger);
    const posts = () =>
      h.fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL);
    await h.fake.until(() => (posts().length === 1 ? true : undefined));
    const again = commandRequest(
      slashCommand(h.who('U0HANK'), { text: 'plan', channel: CHANNEL, responseUrl: h.fake.responseUrl(), trigger }),
    );
    expect(
      (await h.send({ ...again, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }))
        .status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(posts()).toHaveLength(1);
  });

  it('runs the audit after the ack and posts its digest with the full report attached', async () => {
    const from = h.fake.calls.length;
    const { answer } = await slackUser(h, h.who('U0IVY')).command('audit us-east-1');
    expect(answer.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/Auditing the KMS keys in us-east-1/),
    });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL,
      from,
      20_000,
    );
    expect(blockKitViolations(post.params, 'message')).toEqual([]);
    expect(viewText(post.params)).toMatch(/KMS audit of account 111122223333 in us-east-1/);
    const file = await h.fake.until(() => h.fake.files.find((f) => f.thread_ts === String(post.result?.ts)));
    expect(file.filename).toMatch(/^keyplan-audit-111122223333-us-east-1-.*\.md$/);
    expect(file.content).toMatch(/^# KMS key audit: account 111122223333/);
  }, 30_000);

  it('names the missing permissions when the audit is refused, and refuses an unknown region', async () => {
    denyListKeys = true;
    try {
      const { responseId } = await slackUser(h, h.who('U0IVY')).command('audit');
      const told = await h.fake.until(() => h.fake.responses.find((r) => r.id === responseId), 20_000);
      expect(told.body).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringMatching(/kms:ListKeys.*kms:DescribeKey/),
      });
    } finally {
      denyListKeys = false;
    }
    const bad = await slackUser(h, h.who('U0IVY')).command('audit mars-north-1');
    expect(bad.answer.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/mars-north-1.*not an AWS Region/),
    });
  }, 30_000);
});

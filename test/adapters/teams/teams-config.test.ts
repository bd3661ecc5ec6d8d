import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/conversation/index.js';
import { BOT_MENTION, cardTexts, channelThread, mention, SECURITY_CHANNEL, typed, waitFor } from './approval-driver.js';
import { cardOfActivity, textsIn } from './card-reader.js';
import { type Chat, personalChat, type TeamsHarness, teamsHarness } from './harness.js';

const TENANT: Tenant = { platform: 'teams', workspace: 'tenant-config' };
const ADMIN = 'admin-1';
const CHANNEL = channelThread(TENANT.workspace, '7');
const GROUP_CHAT: Chat = { id: '19:sec-group@thread.v2', type: 'groupChat', tenantId: TENANT.workspace };
const ROLE = 'arn:aws:iam::111122223333:role/KeyplanAudit';

/** `config …` in Teams chat: the same settings as Slack's `/keyplan config`, with Teams mentions. */
describe('config in Teams', () => {
  let harness: TeamsHarness;
  const audits: { region?: string; roleArn?: string }[] = [];

  beforeAll(async () => {
    harness = await teamsHarness({
      env: { KEYPLAN_ADMINS: ADMIN },
      names: { [ADMIN]: 'Ada Admin' },
      audit: async (request) => {
        audits.push(request);
        throw new Error('no AWS here');
      },
    });
    harness.connector.members.set('29:sec-1', { id: '29:sec-1', name: 'Sec One', aadObjectId: 'sec-1' });
  });
  afterAll(async () => {
    await harness.close();
  });

  const settings = async () => harness.workspaces.settings(TENANT);
  const say = (userId: string, chat: Chat, ...parts: Parameters<typeof typed>[3]) =>
    typed(harness, userId, chat, [BOT_MENTION, ...parts]);

  it('sets the security channel to the channel it is typed in, for an admin', async () => {
    const answer = cardTexts(await say(ADMIN, CHANNEL, 'config security-channel here'));
    expect(answer).toMatch(/^Saved\. Security channel: this channel \(19:security@thread\.tacv2\)/);
    expect((await settings()).securityChannel).toBe(SECURITY_CHANNEL);
    const events = await harness.store.auditTrail.list({ tenant: TENANT });
    expect(events.at(-1)).toMatchObject({ kind: 'config.changed', actor: ADMIN });
  });

  it('takes a group chat as the security channel, and refuses a personal chat', async () => {
    expect(cardTexts(await say(ADMIN, GROUP_CHAT, 'config security-channel here'))).toMatch(
      /Security channel: this chat \(19:sec-group@thread\.v2\)/,
    );
    expect((await settings()).securityChannel).toBe(GROUP_CHAT.id);
    const personal = cardTexts(
      await typed(harness, ADMIN, personalChat(ADMIN, TENANT.workspace), ['config security-channel here']),
    );
    expect(personal).toMatch(/A personal chat cannot be the security channel/);
    expect(cardTexts(await say(ADMIN, CHANNEL, 'config security-channel #security'))).toMatch(/Say which channel/);
    expect((await settings()).securityChannel).toBe(GROUP_CHAT.id);
    await say(ADMIN, CHANNEL, 'config security-channel here');
  });

  it('posts approval requests into a group chat set as the security channel', async () => {
    await say(ADMIN, GROUP_CHAT, 'config security-channel here');
    const before = harness.connector.calls.length;
    const posted = await harness.platform.sink.post(
      TENANT,
      { kind: 'channel', channelId: GROUP_CHAT.id },
      { conversationId: null, stamp: null, replies: [{ type: 'message', tone: 'info', text: 'Approval requested.' }] },
    );
    const [sent, ...rest] = harness.connector.since(before);
    expect(rest).toEqual([]);
    expect(sent).toMatchObject({ kind: 'send', conversationId: GROUP_CHAT.id });
    expect(posted.ids.activityId).toBe(sent?.activityId);
    await say(ADMIN, CHANNEL, 'config security-channel here');
  });

  it('refuses a change by someone who is not an admin, records it, and lets them look', async () => {
    const before = await settings();
    const refused = cardTexts(await say('mallory', CHANNEL, 'config require-approval on'));
    expect(refused).toMatch(/Only workspace admins may change keyplan’s settings; nothing was changed/);
    expect(await settings()).toEqual(before);
    const events = await harness.store.auditTrail.list({ tenant: TENANT });
    expect(events.at(-1)).toMatchObject({ kind: 'config.refused', actor: 'mallory' });
    expect(cardTexts(await say('mallory', CHANNEL, 'config show'))).toMatch(/Approval required: when the governance/);
  });

  it('turns mentions into people, by their Entra object id: given, known, or looked up in the chat', async () => {
    // carl has written to keyplan before, so his Entra id is known; sec-1's is looked up; dee's comes with the mention.
    await typed(harness, 'carl', personalChat('carl', TENANT.workspace), ['help']);
    const dee = mention('dee', 'Dee Dee');
    (dee.entity.mentioned as Record<string, unknown>).aadObjectId = 'dee-aad';
    // Teams splits a name with a space into one <at> per part, with one entity each for the same person.
    const split = [
      {
        text: '<at>Sec</at>',
        entity: { type: 'mention', text: '<at>Sec</at>', mentioned: { id: '29:sec-1', name: 'Sec' } },
      },
      {
        text: '<at>One</at>',
        entity: { type: 'mention', text: '<at>One</at>', mentioned: { id: '29:sec-1', name: 'One' } },
      },
    ];
    const answer = cardTexts(await say(ADMIN, CHANNEL, 'config approvers', ...split, mention('carl'), dee));
    expect(answer).toMatch(/^Saved\./);
    expect(answer).toMatch(/Approvers: \*\*Sec One\*\*, \*\*carl\*\*, \*\*Dee Dee\*\*/);
    expect((await settings()).approvers).toEqual({ users: ['sec-1', 'carl', 'dee-aad'], groups: [] });
  });

  it('refuses a mention it cannot place, changing nothing', async () => {
    const before = await settings();
    const answer = cardTexts(await say(ADMIN, CHANNEL, 'config approvers', mention('nobody', 'No Body')));
    expect(answer).toMatch(/could not find No Body's Microsoft Entra id, so nothing was changed/);
    expect(await settings()).toEqual(before);
  });

  it('keeps a group approver but says it matches nobody in Teams', async () => {
    const tag = {
      text: '<at>SecurityTeam</at>',
      entity: { type: 'mention', text: '<at>SecurityTeam</at>', mentioned: { id: 'tag-123', name: 'SecurityTeam' } },
    };
    const answer = cardTexts(await say(ADMIN, CHANNEL, 'config approvers', tag, mention('sec-1', 'Sec One')));
    expect(answer).toMatch(/group tag-123 \(matches nobody in Teams\)/);
    expect(answer).toMatch(/Teams cannot check group membership without Microsoft Graph/);
    expect((await settings()).approvers).toEqual({ users: ['sec-1'], groups: ['tag-123'] });
    expect(cardTexts(await say('mallory', CHANNEL, 'config show'))).toMatch(/without Microsoft Graph/);
  });

  it('changes every other setting with the same words as Slack', async () => {
    const lines: [string, RegExp][] = [
      ['config require-approval on', /Approval required: for every plan/],
      ['config two-approvers restricted confidential', /Two approvers for: restricted, confidential/],
      ['config approval-expiry 14d', /Approval requests expire after 14 days/],
      ['config review-interval 12w', /Strategy reviews every 84 days/],
      [
        `config aws-role ${ROLE} eu-west-1`,
        /AWS role for audits: arn:aws:iam::111122223333:role\/KeyplanAudit in eu-west-1/,
      ],
    ];
    for (const [line, shown] of lines) expect(cardTexts(await say(ADMIN, CHANNEL, line))).toMatch(shown);
    expect(await settings()).toMatchObject({
      requireApproval: true,
      twoApproverClassifications: ['restricted', 'confidential'],
      approvalExpiryDays: 14,
      reviewIntervalDays: 84,
      awsRole: { arn: ROLE, region: 'eu-west-1' },
    });
    // `audit` assumes the workspace's role, in its region unless one is typed.
    const before = harness.connector.calls.length;
    expect(cardTexts(await say(ADMIN, CHANNEL, 'audit'))).toBe('');
    await waitFor('the audit', () => (audits.length > 0 ? true : undefined));
    expect(audits.at(-1)).toEqual({ region: 'eu-west-1', roleArn: ROLE });
    expect(
      harness.connector
        .since(before)
        .map((call) => String(call.body.text ?? ''))
        .join('\n'),
    ).toMatch(/Auditing the KMS keys of the AWS account of arn:aws:iam::111122223333:role\/KeyplanAudit in eu-west-1/);
    await say(ADMIN, CHANNEL, 'audit us-east-2');
    await waitFor('the second audit', () => (audits.length > 1 ? true : undefined));
    expect(audits.at(-1)).toEqual({ region: 'us-east-2', roleArn: ROLE });
    expect(cardTexts(await say(ADMIN, CHANNEL, 'config aws-role off'))).toMatch(/AWS role for audits: keyplan's own/);
    expect((await settings()).awsRole).toBeUndefined();
  });

  it('lets the admins it names change settings, and explains bad input with the Teams usage', async () => {
    expect(cardTexts(await say(ADMIN, CHANNEL, 'config admins', mention('sec-1', 'Sec One')))).toMatch(
      /Admins: \*\*Sec One\*\*/,
    );
    expect(cardTexts(await say('sec-1', CHANNEL, 'config require-approval off'))).toMatch(/^Saved\./);
    expect((await settings()).requireApproval).toBe(false);
    const bad = cardTexts(await say('sec-1', CHANNEL, 'config approval-expiry soon'));
    expect(bad).toMatch(/the approval expiry is a number of days/);
    expect(bad).toMatch(/config security-channel here/);
    expect(bad).not.toMatch(/#channel/);
    expect(cardTexts(await say('sec-1', CHANNEL, 'config help'))).toMatch(/config approvers @person/);
  });

  it('lists config in help', async () => {
    const calls = await typed(harness, 'ann', personalChat('ann', TENANT.workspace), ['help']);
    const help = calls.flatMap((call) => textsIn(cardOfActivity(call.body) ?? {})).join('\n');
    expect(help).toMatch(/\*\*config\*\*/);
  });
});

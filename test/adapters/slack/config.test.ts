import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWords } from '../../../adapters/slack/workspace-config.js';
import { FAKE_TEAM } from '../../../bench/slack/support/fake-slack.js';
import { blockKitViolations } from './support/block-kit-limits.js';
import { type SlackHarness, slackUser, startSlackHarness } from './support/harness.js';

/**
 * `/keyplan config …` through signed slash commands: Slack's escaped mentions become keyplan's
 * references, only admins change anything (keyplan's bootstrap admins, the workspace's list, Slack's
 * own workspace admins), every answer is private, and `/keyplan audit` runs with the role set here.
 */

const TENANT = { platform: 'slack' as const, workspace: FAKE_TEAM };
const ADMIN = 'U0BOOT';
const SLACK_ADMIN = 'U0SLACKADM';
const MEMBER = 'U0MEMBER';
const ROLE = 'arn:aws:iam::111122223333:role/KeyplanAudit';

let h: SlackHarness;
const audits: { region?: string; roleArn?: string }[] = [];

beforeAll(async () => {
  h = await startSlackHarness({
    admins: [ADMIN],
    audit: async (request) => {
      audits.push(request);
      throw Object.assign(new Error('no AWS in this test'), { name: 'AccessDeniedException' });
    },
  });
  h.fake.workspaceAdmins.add(SLACK_ADMIN);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

/** Runs `/keyplan config <text>` as a user; the private answer it got (through the response_url). */
async function config(user: string, text: string) {
  const { answer, responseId } = await slackUser(h, h.who(user)).command(`config ${text}`);
  expect(answer).toMatchObject({ status: 200, text: '' });
  const body = (await h.fake.until(() => h.fake.responses.find((r) => r.id === responseId))).body as {
    response_type: string;
    text: string;
    blocks: Record<string, unknown>[];
  };
  expect(body.response_type).toBe('ephemeral');
  expect(blockKitViolations(body, 'message')).toEqual([]);
  const shown = (body.blocks[0]?.text as { text?: string } | undefined)?.text ?? '';
  return { ...body, shown };
}

const settings = () => h.workspaces.settings(TENANT);

describe('/keyplan config', () => {
  it('reads Slack’s mentions as references, commas and names around them dropped', () => {
    expect(configWords('approvers <!subteam^S0SEC|@security>, <@U0ALICE|alice>,<@W0BOB> #general')).toEqual([
      'approvers',
      'group:S0SEC',
      'user:U0ALICE',
      'user:W0BOB',
      '#general',
    ]);
    expect(configWords('security-channel <#C0SECOPS|sec-ops>')).toEqual(['security-channel', 'channel:C0SECOPS']);
    expect(configWords('security-channel <#C0SECOPS>')).toEqual(['security-channel', 'channel:C0SECOPS']);
  });

  it('shows the settings to anyone, and refuses a change by someone who is not an admin (recorded)', async () => {
    const shown = await config(MEMBER, 'show');
    expect(shown.shown).toMatch(/Security channel: not set/);
    const refused = await config(MEMBER, 'security-channel <#C0SECOPS|sec-ops>');
    expect(refused.shown).toMatch(/^⚠️ Only workspace admins may change keyplan’s settings; nothing was changed/);
    expect((await settings()).securityChannel).toBeUndefined();
    const events = await h.store.auditTrail.list({ tenant: TENANT });
    expect(events.filter((e) => e.kind === 'config.refused').map((e) => e.actor)).toEqual([MEMBER]);
  });

  it('lets a bootstrap admin set the channel and approvers, naming them back as mentions', async () => {
    const channel = await config(ADMIN, 'security-channel <#C0SECOPS|sec-ops>');
    expect(channel.shown).toMatch(/^✅ Saved\. Security channel: <#C0SECOPS>/);
    expect(JSON.stringify(channel.blocks)).toContain('/invite @keyplan');
    const approvers = await config(ADMIN, 'approvers <!subteam^S0SEC|@security> <@U0ALICE|alice>, <@U0BOB>');
    expect(approvers.shown).toContain('Approvers: <@U0ALICE>, <@U0BOB>, <!subteam^S0SEC>');
    expect((await settings()).approvers).toEqual({ users: ['U0ALICE', 'U0BOB'], groups: ['S0SEC'] });
    const events = await h.store.auditTrail.list({ tenant: TENANT });
    expect(events.filter((e) => e.kind === 'config.changed' && e.actor === ADMIN)).toHaveLength(2);
  });

  it('lets a Slack workspace admin change settings (asked of Slack with users.info)', async () => {
    const from = h.fake.calls.length;
    const answer = await config(SLACK_ADMIN, 'require-approval on');
    expect(answer.shown).toContain('Approval required: for every plan');
    expect(h.fake.calls.slice(from).some((c) => c.method === 'users.info' && c.params.user === SLACK_ADMIN)).toBe(true);
    expect((await settings()).requireApproval).toBe(true);
    expect((await config(SLACK_ADMIN, 'require-approval off')).shown).toContain('when the governance model asks');
  });

  it('sets expiry, review interval, two approvers and admins; a new admin may then change settings', async () => {
    expect((await config(ADMIN, 'approval-expiry 5d')).shown).toContain('Approval requests expire after 5 days');
    expect((await config(ADMIN, 'review-interval 12w')).shown).toContain('Strategy reviews every 84 days');
    expect((await config(ADMIN, 'two-approvers restricted, confidential')).shown).toContain(
      'Two approvers for: restricted, confidential',
    );
    expect((await config(MEMBER, 'review-interval 30d')).shown).toMatch(/Only workspace admins/);
    expect((await config(ADMIN, 'admins <@U0MEMBER|member>')).shown).toContain('Admins: <@U0MEMBER>');
    expect((await config(MEMBER, 'review-interval 30d')).shown).toContain('Strategy reviews every 30 days');
    expect(await settings()).toMatchObject({
      approvalExpiryDays: 5,
      reviewIntervalDays: 30,
      twoApproverClassifications: ['restricted', 'confidential'],
      admins: [MEMBER],
    });
  });

  it('explains a bad value with the usage as /keyplan commands, and a name Slack did not link', async () => {
    const bad = await config(ADMIN, 'approval-expiry soon');
    expect(bad.shown).toMatch(/the approval expiry is a number of days, e\.g\. 90d/);
    expect(bad.shown).toContain('`/keyplan config approvers @group|@user …` — who may approve plans');
    const typed = await config(ADMIN, 'approvers @security-team');
    expect(typed.shown).toMatch(/Slack sent "@security-team" as plain text, not as a mention/);
    const help = await config(MEMBER, 'help');
    expect(help.shown).toContain('`/keyplan config security-channel #channel` — where approval requests go');
    expect((await settings()).approvers.groups).toEqual(['S0SEC']);
  });

  it('audits with the role and region the workspace set, until it is turned off', async () => {
    expect((await config(ADMIN, `aws-role ${ROLE} eu-west-1`)).shown).toContain(
      `AWS role for audits: ${ROLE} in eu-west-1`,
    );
    const user = slackUser(h, h.who(MEMBER));
    const first = await user.command('audit');
    expect(first.answer.json).toMatchObject({ text: expect.stringContaining(`in eu-west-1 as ${ROLE}`) });
    await h.fake.until(() => h.fake.responses.find((r) => r.id === first.responseId));
    await user.command('audit us-east-2');
    expect((await config(ADMIN, 'aws-role off')).shown).toContain("AWS role for audits: keyplan's own credentials");
    const last = await user.command('audit');
    expect(last.answer.json).toMatchObject({ text: expect.stringContaining('with keyplan’s own AWS access') });
    await h.fake.until(() => (audits.length === 3 ? true : undefined));
    expect(audits).toEqual([{ region: 'eu-west-1', roleArn: ROLE }, { region: 'us-east-2', roleArn: ROLE }, {}]);
  });

  it('lists config in /keyplan help', async () => {
    const { answer } = await slackUser(h, h.who(MEMBER)).command('help');
    expect(JSON.stringify(answer.json)).toContain('/keyplan config [setting …]');
  });
});

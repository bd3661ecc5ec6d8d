import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TEAM, type StoredView } from '../../../bench/slack/support/fake-slack.js';
import { viewText } from '../../../bench/slack/support/modal-user.js';
import { appHomeOpened } from '../../../bench/slack/support/payloads.js';
import { eventRequest } from '../../../bench/slack/support/signed.js';
import { approvalRegistration, expireApprovals, planHash } from '../../../src/conversation/index.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';
import { approvalDesk, type Posted } from './support/approval-desk.js';
import { blockKitViolations } from './support/block-kit-limits.js';
import { type SlackHarness, slackUser, startSlackHarness } from './support/harness.js';
import { seedRetailPlan } from './support/seed.js';

/**
 * Hybrid-model sign-off through Slack: every click and command is a signed request into keyplan's
 * server, and what people see is what keyplan sent the loopback Slack API (the request in the
 * security channel, its updates, private notes, the reason window, direct messages).
 */

const TENANT = { platform: 'slack' as const, workspace: FAKE_TEAM };
const SECOPS = 'C0SECOPS';
const TEAM_CHANNEL = 'C0WEBTEAM';
const ADMIN = 'U0ADMIN';
const REQUESTER = 'U0REQ';
const SEC1 = 'U0SEC1';
const SEC2 = 'U0SEC2';
const STRANGER = 'U0STRANGER';
const SECURITY_GROUP = 'S0SECURITY';

let h: SlackHarness;
let desk: ReturnType<typeof approvalDesk>;

async function config(user: string, text: string): Promise<string> {
  const { responseId } = await slackUser(h, h.who(user), TEAM_CHANNEL).command(`config ${text}`);
  const answer = await h.fake.until(() => h.fake.responses.find((r) => r.id === responseId));
  return JSON.stringify(answer.body);
}

beforeAll(async () => {
  h = await startSlackHarness({ flows: [approvalRegistration], admins: [ADMIN] });
  desk = approvalDesk(h, TENANT, SECOPS);
  // The requester belongs to the security group too: approving their own plan is refused all the same.
  h.fake.userGroups.set(SECURITY_GROUP, [SEC1, SEC2, REQUESTER]);
  expect(await config(ADMIN, `security-channel <#${SECOPS}|sec-ops>`)).toMatch(/Saved/);
  expect(await config(ADMIN, `approvers <!subteam^${SECURITY_GROUP}|@security>`)).toMatch(/Saved/);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const status = async (planId: string) => (await h.store.plans.get(TENANT, planId))?.status;
const auditOf = async (kind: string) =>
  (await h.store.auditTrail.list({ tenant: TENANT })).filter((e) => e.kind === kind);
const text = (blocks: unknown) => viewText({ blocks: blocks as unknown[] });

describe('approval requests in the security channel', () => {
  it('posts a hybrid plan confirmed in the interview window to the security channel, the document in its thread', async () => {
    const requester = slackUser(h, h.who(REQUESTER), TEAM_CHANNEL);
    let view = await requester.open();
    for (const event of RETAIL_ANSWERS) {
      if (event.type !== 'SUBMIT') throw new Error('the retail script is answers only');
      const { next } = await requester.submit(view, event.values, event.addAnother ? 'add-another' : undefined);
      view = next as StoredView;
    }
    const from = h.fake.calls.length;
    const { next: done } = await requester.submit(view);
    expect(viewText(done as StoredView)).toMatch(/Sent to the security team for approval \(plan hash [0-9a-f]+/);

    const at = await desk.requestPosted(from);
    const post = h.fake.callsTo('chat.postMessage').find((c) => String(c.result?.ts) === at.ts);
    expect(blockKitViolations(post?.params ?? {}, 'message')).toEqual([]);
    const shown = text(post?.params.blocks);
    const stored = await h.plans.latest(TENANT, REQUESTER);
    expect(shown).toContain('Key plan sign-off: Acme Retail');
    expect(shown).toContain(`*Requested by*\n<@${REQUESTER}>`);
    expect(shown).toContain(`\`${planHash(stored?.plan as NonNullable<typeof stored>['plan'])}\``);
    expect(shown).toMatch(
      /What changed since the team’s last approved plan\*\n• Added alias\/storefront\/prod\/public/,
    );
    expect(shown).toContain('2 KMS keys');
    expect(Object.keys(desk.buttons(at))).toEqual(['approve', 'request-changes', 'reject']);

    const document = await h.fake.until(() =>
      h.fake.files.find((f) => f.thread_ts === at.ts && f.filename === 'keyplan.md'),
    );
    expect(document.channel).toBe(SECOPS);
    expect(document.content).toContain('## Key policies');
    expect(await status(stored?.listing.id as string)).toBe('pending');

    // The team's own channel gets the plan, with where its approval stands.
    const teamPost = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.params.channel === TEAM_CHANNEL,
      from,
    );
    expect(text(teamPost.params.blocks)).toContain('Approval: waiting for the security team');
    const { responseId } = await requester.command('status');
    const listed = await h.fake.until(() => h.fake.responses.find((r) => r.id === responseId));
    expect(JSON.stringify(listed.body)).toContain('waiting for the security team');
  }, 60_000);

  it('approves: the message shows who and when with its buttons gone, the requester is told, Home shows it', async () => {
    const at = await desk.submitted(REQUESTER);
    const from = h.fake.calls.length;
    expect((await desk.press(SEC1, at, 'approve')).status).toBe(200);
    const [update] = await h.fake.until(() => (desk.updates(at, from).length > 0 ? desk.updates(at, from) : undefined));
    expect(blockKitViolations(update?.params ?? {}, 'message')).toEqual([]);
    const shown = text(update?.params.blocks);
    expect(shown).toMatch(new RegExp(`\\*✅ Approved\\* by <@${SEC1}> on <!date\\^\\d+\\^`));
    expect(desk.buttons(at)).toEqual({});
    // The roles were asked of Slack at the click: the security group's members.
    expect(
      h.fake.calls
        .slice(from)
        .some((c) => c.method === 'usergroups.users.list' && c.params.usergroup === SECURITY_GROUP),
    ).toBe(true);
    expect(await status(at.planId)).toBe('approved');
    expect((await auditOf('approval.approved')).at(-1)).toMatchObject({ actor: SEC1, subject: at.planId });
    const told = await h.fake.until(() => desk.directMessages(REQUESTER, from).find((t) => /was approved by/.test(t)));
    expect(told).toContain(at.planId);

    await h.send(eventRequest(appHomeOpened(h.who(REQUESTER))));
    const home = await h.fake.waitForCall((c) => c.method === 'views.publish' && c.params.user_id === REQUESTER, from);
    expect(text((home.params.view as { blocks: unknown }).blocks)).toMatch(
      new RegExp(`${at.planId.replace('/', '\\/')}[\\s\\S]*approved`),
    );
  });

  it('requests changes with a reason asked in a window, and the requester’s interview reopens with it', async () => {
    const at = await desk.submitted(REQUESTER);
    const window = await desk.window(SEC2, at, 'request-changes');
    expect(blockKitViolations(window as unknown as Record<string, unknown>, 'modal')).toEqual([]);
    expect(window.title).toMatchObject({ text: 'Request changes' });
    expect(viewText(window)).toContain(at.planId);

    const blank = await desk.give(SEC2, window, '   ');
    expect(blank?.response_action).toBe('errors');
    expect(Object.values(blank?.errors ?? {})).toEqual([expect.stringMatching(/say what the team should change/)]);
    expect(await status(at.planId)).toBe('pending');

    const from = h.fake.calls.length;
    const given = await desk.give(SEC2, window, 'Split the customer data by region');
    expect(given?.response_action).toBe('clear');
    const [update] = await h.fake.until(() => (desk.updates(at, from).length > 0 ? desk.updates(at, from) : undefined));
    expect(text(update?.params.blocks)).toMatch(
      new RegExp(`Changes requested\\* by <@${SEC2}> on <!date[^\\n]*\\n>Split the customer data by region`),
    );
    expect(desk.buttons(at)).toEqual({});
    expect(await status(at.planId)).toBe('changes-requested');
    await h.fake.until(() => desk.directMessages(REQUESTER, from).find((t) => /asked for changes/.test(t)));

    const reopened = await slackUser(h, h.who(REQUESTER), TEAM_CHANNEL).open();
    expect(viewText(reopened)).toMatch(/Changes requested by U0SEC2: “Split the customer data by region”/);
    expect(reopened.submit).toMatchObject({ text: 'Confirm and plan' });
  });

  it('rejects with a reason', async () => {
    const at = await desk.submitted(REQUESTER);
    const window = await desk.window(SEC1, at, 'reject');
    expect(window.title).toMatchObject({ text: 'Reject' });
    const from = h.fake.calls.length;
    expect((await desk.give(SEC1, window, 'PCI data needs its own account'))?.response_action).toBe('clear');
    const [update] = await h.fake.until(() => (desk.updates(at, from).length > 0 ? desk.updates(at, from) : undefined));
    expect(text(update?.params.blocks)).toMatch(/⛔ Rejected\* by <@U0SEC1>[^\n]*\n>PCI data needs its own account/);
    expect(await status(at.planId)).toBe('rejected');
    expect((await auditOf('approval.rejected')).at(-1)?.data).toMatchObject({
      reason: 'PCI data needs its own account',
    });
  });
  it('tells the requester privately when keyplan may not post in the security channel', async () => {
    h.fake.notInChannel.add(SECOPS);
    try {
      const from = h.fake.calls.length;
      const planId = await seedRetailPlan(h.engine, TENANT, REQUESTER);
      const note = await h.fake.until(() =>
        desk.directMessages(REQUESTER, from).find((t) => t.includes(`keyplan cannot post in <#${SECOPS}>`)),
      );
      expect(note).toMatch(/Invite it with `\/invite <@UKEYPLANBOT>`.*acme-retail\/v\d+ is waiting for approval/);
      expect(note).toContain(planId);
    } finally {
      h.fake.notInChannel.delete(SECOPS);
    }
  });
});

describe('refused and late clicks', () => {
  let at: Posted & { planId: string };
  beforeAll(async () => {
    at = await desk.submitted(REQUESTER);
  });

  it('refuses a non-approver privately and records it, for a button and for one that asks a reason', async () => {
    const from = h.fake.calls.length;
    await desk.press(STRANGER, at, 'approve');
    await desk.press(STRANGER, at, 'reject');
    const told = await h.fake.until(() =>
      desk.told(STRANGER, from).length === 2 ? desk.told(STRANGER, from) : undefined,
    );
    expect(told).toEqual([
      expect.stringMatching(/^Only the approvers this workspace names may decide/),
      expect.stringMatching(/^Only the approvers this workspace names may decide/),
    ]);
    expect(desk.updates(at, from)).toEqual([]);
    expect(h.fake.calls.slice(from).some((c) => c.method === 'views.open')).toBe(false);
    expect((await auditOf('approval.refused-click')).filter((e) => e.actor === STRANGER)).toHaveLength(2);
    expect(await status(at.planId)).toBe('pending');
  });

  it('refuses the requester approving their own plan, though they are in the approvers’ group', async () => {
    const from = h.fake.calls.length;
    await desk.press(REQUESTER, at, 'approve');
    const [note] = await h.fake.until(() =>
      desk.told(REQUESTER, from).length > 0 ? desk.told(REQUESTER, from) : undefined,
    );
    expect(note).toMatch(/You asked for this plan, so someone else must approve it/);
    expect((await auditOf('approval.refused-click')).at(-1)).toMatchObject({
      actor: REQUESTER,
      data: { reason: 'requester' },
    });
    expect(desk.updates(at, from)).toEqual([]);
    expect(await status(at.planId)).toBe('pending');
  });

  it('refuses the old message’s button once a newer plan superseded it, saying who decided and when', async () => {
    const old = desk.buttons(at).approve;
    const from = h.fake.calls.length;
    const newer = await desk.submitted(REQUESTER);
    // The signal updates the old request in place: superseded, buttons gone.
    const [update] = await h.fake.until(() => (desk.updates(at, from).length > 0 ? desk.updates(at, from) : undefined));
    expect(text(update?.params.blocks)).toContain('Superseded by a newer plan');
    expect(await status(at.planId)).toBe('superseded');

    const click = h.fake.calls.length;
    await desk.press(SEC1, at, 'approve', old);
    const [note] = await h.fake.until(() => (desk.told(SEC1, click).length > 0 ? desk.told(SEC1, click) : undefined));
    expect(note).toMatch(/decided already: \*↪️ Superseded by a newer plan\* on <!date\^\d+\^.*Nothing was changed/s);
    expect(desk.updates(at, click)).toEqual([]);
    expect(await status(at.planId)).toBe('superseded');
    expect(await status(newer.planId)).toBe('pending');
  });

  it('tells a late clicker privately who decided and when', async () => {
    const target = await desk.submitted(REQUESTER);
    const reject = desk.buttons(target).reject;
    await desk.press(SEC1, target, 'approve');
    await h.fake.until(() => (Object.keys(desk.buttons(target)).length === 0 ? true : undefined));
    const from = h.fake.calls.length;
    await desk.press(SEC2, target, 'reject', reject);
    const [note] = await h.fake.until(() => (desk.told(SEC2, from).length > 0 ? desk.told(SEC2, from) : undefined));
    expect(note).toMatch(new RegExp(`decided already: \\*✅ Approved\\* by <@${SEC1}> on <!date`));
    expect(h.fake.calls.slice(from).some((c) => c.method === 'views.open')).toBe(false);
    expect(await status(target.planId)).toBe('approved');
  });
});

describe('two approvers at the same moment', () => {
  it('makes exactly one decision, 50 times over, counted at Slack and in the store', async () => {
    const decided: Record<string, number> = {};
    for (let round = 0; round < 50; round++) {
      const at = await desk.submitted(REQUESTER);
      // Even rounds: an Approve button against a reason window; odd rounds: two reason windows.
      const second = await desk.window(SEC2, at, 'reject');
      const first = round % 2 === 1 ? await desk.window(SEC1, at, 'request-changes') : undefined;
      const from = h.fake.calls.length;
      const [one, two] = await Promise.all([
        first ? desk.give(SEC1, first, `round ${round}: change it`) : desk.press(SEC1, at, 'approve'),
        desk.give(SEC2, second, `round ${round}: no`),
      ]);
      expect(first ? (one as { response_action?: string }).response_action : (one as { status: number }).status).toBe(
        first ? 'clear' : 200,
      );
      expect(two?.response_action).toBe('clear');
      // The loser is told privately who decided; the winner's decision is the one update of the message.
      const told = () => [...desk.told(SEC1, from), ...desk.told(SEC2, from)];
      await h.fake.until(() => (told().length === 1 ? true : undefined));
      expect(told()[0]).toMatch(/decided already/);
      const updates = desk.updates(at, from);
      expect(updates).toHaveLength(1);
      const shown = text(updates[0]?.params.blocks);
      const outcome = /✅ Approved/.test(shown)
        ? 'approved'
        : /Changes requested/.test(shown)
          ? 'changes-requested'
          : 'rejected';
      expect(shown).toContain(outcome === 'rejected' ? `<@${SEC2}>` : `<@${SEC1}>`);
      await h.fake.until(() => (desk.directMessages(REQUESTER, from).length === 1 ? true : undefined));
      expect(await status(at.planId)).toBe(outcome);
      const decisions = (await h.store.auditTrail.list({ tenant: TENANT })).filter(
        (e) => e.subject === at.planId && /^approval\.(approved|rejected|changes-requested)$/.test(e.kind),
      );
      expect(decisions.map((e) => e.kind)).toEqual([`approval.${outcome}`]);
      decided[outcome] = (decided[outcome] ?? 0) + 1;
    }
    expect(Object.values(decided).reduce((a, b) => a + b, 0)).toBe(50);
  }, 180_000);
});

describe('expiry and the two-approver rule', () => {
  it('expires an undecided request: the message is updated in place and the requester told', async () => {
    const at = await desk.submitted(REQUESTER);
    const from = h.fake.calls.length;
    expect(await expireApprovals(h.engine, h.store, new Date(Date.now() + 6 * 86_400_000))).toBe(0);
    expect(await expireApprovals(h.engine, h.store, new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(1);
    const [update] = await h.fake.until(() => (desk.updates(at, from).length > 0 ? desk.updates(at, from) : undefined));
    expect(text(update?.params.blocks)).toContain('⌛ Expired without a decision');
    expect(desk.buttons(at)).toEqual({});
    expect(await status(at.planId)).toBe('expired');
    await h.fake.until(() => desk.directMessages(REQUESTER, from).find((t) => /request expired/.test(t)));
  });

  it('needs two distinct approvers for a classification the workspace names', async () => {
    expect(await config(ADMIN, 'two-approvers confidential')).toMatch(/Two approvers for: confidential/);
    try {
      const at = await desk.submitted(REQUESTER);
      const first = desk.buttons(at).approve;
      let from = h.fake.calls.length;
      await desk.press(SEC1, at, 'approve');
      const [one] = await h.fake.until(() => (desk.updates(at, from).length > 0 ? desk.updates(at, from) : undefined));
      const shown = text(one?.params.blocks);
      expect(shown).toMatch(new RegExp(`Approved so far by <@${SEC1}> on <!date`));
      expect(shown).toContain(`Approved by <@${SEC1}>; this plan needs one more approver.`);
      expect(Object.keys(desk.buttons(at))).toEqual(['approve', 'request-changes', 'reject']);
      expect(await status(at.planId)).toBe('pending');

      from = h.fake.calls.length;
      await desk.press(SEC1, at, 'approve');
      const [twice] = await h.fake.until(() => (desk.told(SEC1, from).length > 0 ? desk.told(SEC1, from) : undefined));
      expect(twice).toMatch(/You approved this plan already; it needs another approver/);

      // A stale version: the button of the message as it was before the first approval.
      from = h.fake.calls.length;
      await desk.press(SEC2, at, 'approve', first);
      const [stale] = await h.fake.until(() => (desk.told(SEC2, from).length > 0 ? desk.told(SEC2, from) : undefined));
      expect(stale).toMatch(/earlier step, so it was not applied/);
      expect(await status(at.planId)).toBe('pending');
      // Nobody's own refusal ("You approved this plan already") ever shows in the channel.
      expect(text(desk.current(at).blocks)).not.toContain('You approved');

      from = h.fake.calls.length;
      await desk.press(SEC2, at, 'approve');
      await h.fake.until(() => (Object.keys(desk.buttons(at)).length === 0 ? true : undefined));
      expect(text(desk.current(at).blocks)).toMatch(new RegExp(`✅ Approved\\* by <@${SEC1}> and <@${SEC2}>`));
      expect((await h.store.plans.get(TENANT, at.planId))?.approval).toMatchObject({ approvedBy: [SEC1, SEC2] });
    } finally {
      await config(ADMIN, 'two-approvers off');
    }
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CARD_BYTE_BUDGET } from '../../../adapters/teams/cards/adaptive.js';
import type { InterviewEvent } from '../../../flows/interview.machine.js';
import { expireApprovals, type Tenant } from '../../../src/conversation/index.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';
import {
  BOT_MENTION,
  cardTexts,
  channelThread,
  confirmRetail,
  mention,
  type PostedRequest,
  postedRequest,
  pressOn,
  typed,
  waitFor,
} from './approval-driver.js';
import { buttonsIn, cardOfActivity, errorsIn, inputsIn, type Json, textsIn } from './card-reader.js';
import type { ConnectorCall } from './fake-connector.js';
import { type Chat, personalChat, type TeamsHarness, teamsHarness } from './harness.js';

const ADMIN = 'admin-1';
const REQUESTER = 'req';
/** sec-2 has an id as Teams gives it (an Entra object id): keyplan's messages show their name instead. */
const SEC2 = '5b7c1f0e-2d3a-4c8b-9e6f-0a1b2c3d4e5f';
const SEC = ['sec-1', SEC2];
const PEOPLE: Record<string, string> = { 'sec-1': 'Sec One', [SEC2]: 'Sec Two', [REQUESTER]: 'Rey Quester' };

const texts = (card: Json | undefined) => textsIn(card ?? {}).join('\n');
const updatesOf = (calls: ConnectorCall[], activityId: string) =>
  calls.filter((call) => call.kind === 'update' && call.activityId === activityId);

/**
 * Hybrid sign-off in Teams, end to end over HTTP: a plan confirmed in Teams is posted to the security
 * channel as an Adaptive Card; approvers press its buttons (invokes); keyplan's answers and the
 * updates it makes are read at the loopback connector and in the store.
 */
describe('approvals in Teams', () => {
  let harness: TeamsHarness;
  let workspaces = 0;

  beforeAll(async () => {
    harness = await teamsHarness({ env: { KEYPLAN_ADMINS: ADMIN }, names: PEOPLE });
    for (const [id, name] of Object.entries(PEOPLE)) {
      harness.connector.members.set(`29:${id}`, { id: `29:${id}`, name, aadObjectId: id });
    }
  });
  afterAll(async () => {
    await harness.close();
  });

  /** A fresh Teams tenant whose admin set the security channel and approvers in chat (and any more settings). */
  async function workspace(...more: string[]): Promise<Tenant> {
    const tenant: Tenant = { platform: 'teams', workspace: `tenant-${++workspaces}` };
    const chat = channelThread(tenant.workspace);
    const said = [
      await typed(harness, ADMIN, chat, [BOT_MENTION, 'config security-channel here']),
      await typed(harness, ADMIN, chat, [
        BOT_MENTION,
        'config approvers',
        ...[...SEC, REQUESTER].map((id) => mention(id, PEOPLE[id])),
      ]),
      ...(await Promise.all(more.map((line) => typed(harness, ADMIN, chat, [BOT_MENTION, `config ${line}`])))),
    ];
    for (const calls of said) expect(cardTexts(calls)).toMatch(/^Saved\./);
    return tenant;
  }

  const planStatus = async (tenant: Tenant, planId: string) => (await harness.store.plans.get(tenant, planId))?.status;
  const auditKinds = async (tenant: Tenant) => (await harness.store.auditTrail.list({ tenant })).map((e) => e.kind);

  it('posts a hybrid plan confirmed through the card interview to the security channel', async () => {
    const tenant = await workspace();
    const chat = personalChat(REQUESTER, tenant.workspace);
    let shown = { ...(await startCard(chat)), chat };
    for (const event of RETAIL_ANSWERS) {
      const values = event.type === 'SUBMIT' ? event.values : undefined;
      const pressed = await pressOn(harness, REQUESTER, shown, actionIdFor(event), values);
      if (!pressed.card) throw new Error(`no card after ${JSON.stringify(event)}`);
      shown = { ...shown, card: pressed.card };
    }
    const from = harness.connector.calls.length;
    const confirmed = await pressOn(harness, REQUESTER, shown, 'confirm');
    expect(texts(confirmed.card)).toMatch(/Sent to the security team for approval \(plan hash [0-9a-f]{12}/);
    const request = await postedRequest(harness, tenant.workspace, from);

    const body = texts(request.card);
    expect(body).toMatch(/Approve the key plan of Acme Retail \(acme-retail/);
    expect(body).toMatch(/Asked by \*\*Rey Quester\*\*/);
    expect(body).toMatch(/You need 2 KMS keys/);
    expect(body).toMatch(/What changed since the team’s last approved plan/);
    expect(body).toMatch(/Added alias\/storefront\/prod\/public/);
    const submitted = (await harness.store.auditTrail.list({ tenant })).find((e) => e.kind === 'plan.submitted');
    const hash = (submitted?.data as { planHash?: string } | undefined)?.planHash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(textsIn(request.card)).toContain(hash);
    expect(Buffer.byteLength(JSON.stringify(request.card))).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(request.card).toMatchObject({ version: '1.5' });

    // Approve, and the reason beside Request changes and Reject (what their `asks` names).
    expect(buttonsIn(request.card).map((b) => [b.type, b.actionId, b.associatedInputs])).toEqual([
      ['Action.Execute', 'approve', 'none'],
      ['Action.Execute', 'request-changes', 'auto'],
      ['Action.Execute', 'reject', 'auto'],
    ]);
    expect(inputsIn(request.card)).toMatchObject([{ type: 'Input.Text', id: 'field:reason', isMultiline: true }]);

    // The approval document: the report with every key policy, from keyplan's signed link.
    const link = /\[keyplan\.md\]\((http[^)]+)\)/.exec(body)?.[1];
    const download = await fetch(String(link));
    expect(download.status).toBe(200);
    expect(await download.text()).toMatch(/## Key policies/);

    // Where it was posted is the approval's surface: signals (expiry, a newer plan) update that message.
    await surfaceKept(tenant, request);
  });

  it('approves: the card is updated in place for everyone, the requester is told, status says who', async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const approved = await pressOn(harness, 'sec-1', request, 'approve');
    expect(approved.status).toBe(200);
    const decided = texts(approved.card);
    expect(decided).toMatch(/Approved: the key plan of Acme Retail/);
    expect(decided).toMatch(/Approved by \*\*Sec One\*\* on \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    expect(buttonsIn(approved.card ?? {})).toEqual([]);
    expect(inputsIn(approved.card ?? {})).toEqual([]);
    const [update] = updatesOf(approved.calls, request.activityId);
    expect(update?.conversationId).toBe(request.chat.id);
    expect(cardOfActivity(update?.body ?? {})).toEqual(approved.card);

    expect(await planStatus(tenant, planId)).toBe('approved');
    expect((await auditKinds(tenant)).filter((kind) => kind === 'approval.approved')).toHaveLength(1);
    const told = await waitFor('the requester told', () =>
      harness.connector.calls.find(
        (call) => call.kind === 'send' && /was approved by sec-1/.test(cardTexts([call])) && call.body,
      ),
    );
    const opened = harness.connector.calls.find(
      (call) => call.kind === 'create' && call.conversationId === told.conversationId,
    );
    expect(opened?.body).toMatchObject({ isGroup: false, members: [{ id: `29:${REQUESTER}` }] });

    const status = cardTexts(await typed(harness, REQUESTER, personalChat(REQUESTER, tenant.workspace), ['status']));
    expect(status).toMatch(new RegExp(`${planId}.*approved by Sec One on \\d{4}-`));
  });

  it('asks for the reason of a request for changes under its input, then reopens the interview with it', async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const blank = await pressOn(harness, SEC2, request, 'request-changes', { reason: '   ' });
    // Only the presser sees the error: nothing is updated for the channel.
    expect(blank.calls).toEqual([]);
    expect(errorsIn(blank.card ?? {}).reason).toMatch(/say what the team should change/);
    expect(buttonsIn(blank.card ?? {}).map((b) => b.actionId)).toEqual(['approve', 'request-changes', 'reject']);
    expect(await planStatus(tenant, planId)).toBe('pending');

    const asked = await pressOn(harness, SEC2, { ...request, card: blank.card as Json }, 'request-changes', {
      reason: 'Split the customer data by region',
    });
    expect(texts(asked.card)).toMatch(/Changes requested by \*\*Sec Two\*\* on .*UTC\./);
    expect(texts(asked.card)).toMatch(/Reason: “Split the customer data by region”/);
    expect(updatesOf(asked.calls, request.activityId)).toHaveLength(1);
    expect(await planStatus(tenant, planId)).toBe('changes-requested');
    await waitFor('the requester told', () =>
      harness.connector.calls.find(
        (call) => /Sec Two asked for changes to your key plan/.test(cardTexts([call])) || undefined,
      ),
    );

    // The requester's `start` opens their interview again, with the reason shown.
    const reopened = await typed(harness, REQUESTER, personalChat(REQUESTER, tenant.workspace), ['start']);
    expect(cardTexts(reopened)).toMatch(/Changes requested by Sec Two: “Split the customer data by region”/);
    expect(cardTexts(reopened)).toMatch(/Review your answers/);
  });

  it('rejects with a reason', async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const rejected = await pressOn(harness, 'sec-1', request, 'reject', { reason: 'PCI data needs its own account' });
    expect(texts(rejected.card)).toMatch(/Rejected by \*\*Sec One\*\*/);
    expect(texts(rejected.card)).toMatch(/Reason: “PCI data needs its own account”/);
    expect(buttonsIn(rejected.card ?? {})).toEqual([]);
    expect(updatesOf(rejected.calls, request.activityId)).toHaveLength(1);
    expect(await planStatus(tenant, planId)).toBe('rejected');
  });

  it("refuses a non-approver's click to them alone, with the reason, and records it", async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const refused = await pressOn(harness, 'stranger', request, 'approve');
    expect(refused.card).toBeUndefined();
    expect(refused.message).toMatch(/Only the approvers this workspace names may decide/);
    expect(refused.message).not.toMatch(/interview belongs to someone else/);
    expect(refused.calls).toEqual([]);
    expect(await planStatus(tenant, planId)).toBe('pending');
    const events = await harness.store.auditTrail.list({ tenant });
    expect(events.filter((e) => e.kind === 'approval.refused-click').map((e) => e.actor)).toEqual(['stranger']);
  });

  it('treats an approver group as matching nobody: Teams cannot check it without Microsoft Graph', async () => {
    const tenant = await workspace();
    const tag = {
      text: '<at>SecurityTeam</at>',
      entity: { type: 'mention', text: '<at>SecurityTeam</at>', mentioned: { id: 'tag-sec', name: 'SecurityTeam' } },
    };
    const said = await typed(harness, ADMIN, channelThread(tenant.workspace), [BOT_MENTION, 'config approvers', tag]);
    expect(cardTexts(said)).toMatch(/matches nobody in Teams/);
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const refused = await pressOn(harness, 'sec-1', request, 'approve');
    expect(refused.message).toMatch(/Only the approvers this workspace names may decide/);
    expect(await planStatus(tenant, planId)).toBe('pending');
  });

  it('refuses self-approval, even by a requester who is an approver', async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const own = await pressOn(harness, REQUESTER, request, 'approve');
    expect(own.message).toMatch(/You asked for this plan, so someone else must approve it/);
    expect(own.calls).toEqual([]);
    expect(await planStatus(tenant, planId)).toBe('pending');
    const events = await harness.store.auditTrail.list({ tenant });
    expect(events.filter((e) => e.kind === 'approval.refused-click').map((e) => e.actor)).toEqual([REQUESTER]);
  });

  it('answers an old card’s button with the request as it stands, deciding nothing', async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    const first = await pressOn(harness, 'sec-1', request, 'approve');
    expect(first.card).toBeDefined();
    // sec-2 still has the card from before the decision in front of them.
    const late = await pressOn(harness, SEC2, request, 'reject', { reason: 'too late' });
    expect(late.calls).toEqual([]);
    expect(texts(late.card)).toMatch(/^Approved by \*\*Sec One\*\* on .* UTC\. Your click changed nothing\./);
    expect(buttonsIn(late.card ?? {})).toEqual([]);
    expect(await planStatus(tenant, planId)).toBe('approved');
    const decisions = (await auditKinds(tenant)).filter(
      (kind) => kind.startsWith('approval.') && kind !== 'approval.refused-click',
    );
    expect(decisions).toEqual(['approval.approved']);
  });

  it('needs two distinct approvers where the workspace asks it, showing the first approval to everyone', async () => {
    const tenant = await workspace('two-approvers confidential');
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    expect(texts(request.card)).toMatch(/two approvers are needed/);

    const one = await pressOn(harness, 'sec-1', request, 'approve');
    expect(texts(one.card)).toMatch(/Approved so far by \*\*Sec One\*\*/);
    expect(texts(one.card)).toMatch(/needs one more approver/);
    expect(updatesOf(one.calls, request.activityId)).toHaveLength(1);
    expect(await planStatus(tenant, planId)).toBe('pending');
    const current = { ...request, card: one.card as Json };

    // A button of the card as it was before that approval: out of date, so nothing is decided.
    const outdated = await pressOn(harness, SEC2, request, 'approve');
    expect(outdated.calls).toEqual([]);
    expect(texts(outdated.card)).toMatch(/That card was out of date, so your click changed nothing/);
    expect(buttonsIn(outdated.card ?? {}).map((b) => b.actionId)).toEqual(['approve', 'request-changes', 'reject']);

    const again = await pressOn(harness, 'sec-1', current, 'approve');
    expect(again.message).toMatch(/You approved this plan already; it needs another approver/);
    expect(again.calls).toEqual([]);

    const second = await pressOn(harness, SEC2, current, 'approve');
    expect(texts(second.card)).toMatch(/Approved by \*\*Sec One\*\* and \*\*Sec Two\*\*/);
    expect(await planStatus(tenant, planId)).toBe('approved');
    expect((await harness.store.plans.get(tenant, planId))?.approval).toMatchObject({ approvedBy: SEC });
  });

  it('makes exactly one decision when two approvers click at the same moment, 50 times over', async () => {
    const tenant = await workspace();
    for (let round = 0; round < 50; round++) {
      const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
      const from = harness.connector.calls.length;
      const [a, b] = await Promise.all([
        pressOn(harness, 'sec-1', request, 'approve'),
        pressOn(harness, SEC2, request, 'reject', { reason: 'no' }),
      ]);
      // One click decided (shown to everyone); the other got the decided card, privately.
      const decided = [a, b].filter((pressed) => !/Your click changed nothing/.test(texts(pressed.card)));
      const late = [a, b].filter((pressed) => /Your click changed nothing/.test(texts(pressed.card)));
      expect(decided, `round ${round}`).toHaveLength(1);
      expect(late).toHaveLength(1);
      const updates = updatesOf(harness.connector.since(from), request.activityId);
      expect(updates, `round ${round}`).toHaveLength(1);
      const status = await planStatus(tenant, planId);
      expect(texts(cardOfActivity(updates[0]?.body ?? {}))).toMatch(
        status === 'approved' ? /Approved by \*\*Sec One\*\*/ : /Rejected by \*\*Sec Two\*\*/,
      );
      const decisions = (await harness.store.auditTrail.list({ tenant })).filter(
        (e) => e.subject === planId && ['approval.approved', 'approval.rejected'].includes(e.kind),
      );
      expect(decisions, `round ${round}`).toHaveLength(1);
      expect(decisions[0]?.kind).toBe(`approval.${status}`);
    }
  }, 180_000);

  it('expires an undecided request: the channel card loses its buttons and says so', async () => {
    const tenant = await workspace();
    const { planId, request } = await confirmRetail(harness, tenant, REQUESTER);
    await surfaceKept(tenant, request);
    const from = harness.connector.calls.length;
    expect(await expireApprovals(harness.engine, harness.store, new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThan(
      0,
    );
    const [update] = await waitFor('the card updated', () => {
      const found = updatesOf(harness.connector.since(from), request.activityId);
      return found.length > 0 ? found : undefined;
    });
    const card = cardOfActivity(update?.body ?? {});
    expect(texts(card)).toMatch(/Expired without a decision/);
    expect(texts(card)).toMatch(/Expired on .* UTC: nobody decided in time/);
    expect(buttonsIn(card ?? {})).toEqual([]);
    expect(await planStatus(tenant, planId)).toBe('expired');
  });

  it('marks a request superseded in place when the team confirms a newer plan', async () => {
    const tenant = await workspace();
    const first = await confirmRetail(harness, tenant, REQUESTER);
    const from = harness.connector.calls.length;
    const second = await confirmRetail(harness, tenant, REQUESTER);
    const [update] = await waitFor('the older card updated', () => {
      const found = updatesOf(harness.connector.since(from), first.request.activityId);
      return found.length > 0 ? found : undefined;
    });
    expect(texts(cardOfActivity(update?.body ?? {}))).toMatch(/Superseded on .*: the team confirmed a newer plan/);
    expect(await planStatus(tenant, first.planId)).toBe('superseded');
    expect(await planStatus(tenant, second.planId)).toBe('pending');
  });

  /** The approval conversation keeps the channel message it was posted as. */
  async function surfaceKept(tenant: Tenant, request: PostedRequest): Promise<void> {
    await vi.waitFor(async () => {
      const stored = await harness.store.conversations.get(tenant, request.conversationId);
      const ids = (stored?.surface as { ids: Record<string, string> } | null)?.ids;
      expect(ids?.activityId).toBe(request.activityId);
      expect(JSON.parse(String(ids?.reference))).toMatchObject({ conversation: { id: request.chat.id } });
    });
  }

  /** `start` typed in a chat: the interview card it posts. */
  async function startCard(chat: Chat): Promise<{ card: Json; activityId: string }> {
    const calls = await typed(harness, REQUESTER, chat, ['start']);
    const posted = calls.find((call) => call.kind === 'reply' || call.kind === 'send');
    const card = posted && cardOfActivity(posted.body);
    if (!posted || !card) throw new Error('start posted no card');
    return { card, activityId: posted.activityId as string };
  }
});

function actionIdFor(event: InterviewEvent): string {
  if (event.type !== 'SUBMIT') throw new Error('the retail script is answers only');
  return event.addAnother ? 'add-another' : 'next';
}

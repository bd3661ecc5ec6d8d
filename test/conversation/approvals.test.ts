import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ApprovalRequestReply,
  approvalRegistration,
  ConversationEngine,
  type Delivery,
  expireApprovals,
  interviewRegistration,
  PlanDirectory,
  type Recipient,
  type TurnResult,
  Workspaces,
} from '../../src/conversation/index.js';
import { verifyChain } from '../../src/store/audit-chain.js';
import type { Store, Tenant } from '../../src/store/index.js';
import { RETAIL_ANSWERS } from '../flows/drive.js';
import { DATABASES, type TestDatabase } from './dialects.js';
import { userOf } from './drive-engine.js';
import { recordingSink } from './recording-sink.js';

const REQUESTER = 'U-REQ';
const SECURITY = ['U-SEC1', 'U-SEC2'];

for (const makeDatabase of DATABASES) {
  describe(`hybrid sign-off on ${makeDatabase.name.replace('Database', '')}`, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = makeDatabase();
      store = await database.open();
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    /** A workspace with a security channel and approvers, and a requester who just confirmed Example 1. */
    async function submitted(settings: { twoFor?: string[] } = {}) {
      const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
      const { sink, posted, updated } = recordingSink();
      const engine = new ConversationEngine({
        store,
        flows: [interviewRegistration, approvalRegistration],
        sinks: { slack: sink },
      });
      const workspaces = new Workspaces(store, { bootstrapAdmins: ['U-ADMIN'] });
      const admin = { userId: 'U-ADMIN' };
      await workspaces.configure(tenant, admin, {
        kind: 'change',
        change: { kind: 'security-channel', channelId: 'C-SEC' },
      });
      await workspaces.configure(tenant, admin, {
        kind: 'change',
        change: { kind: 'approvers', users: [...SECURITY, REQUESTER], groups: [] },
      });
      if (settings.twoFor) {
        await workspaces.configure(tenant, admin, {
          kind: 'change',
          change: { kind: 'two-approvers', classifications: settings.twoFor },
        });
      }
      const requester = userOf(engine, tenant, REQUESTER);
      const done = await requester.act(await requester.play(await requester.open(), RETAIL_ANSWERS), 'confirm');
      await vi.waitFor(() => expect(posted.length).toBeGreaterThan(0));
      const request = posted[0] as { to: Recipient; delivery: Delivery };
      const approvalId = request.delivery.conversationId as string;
      const stamp = request.delivery.stamp as NonNullable<Delivery['stamp']>;
      const decide = (
        userId: string,
        actionId: string,
        values?: Record<string, unknown>,
        roles = ['approver'],
        on: NonNullable<Delivery['stamp']> = stamp,
      ) =>
        engine.act({
          tenant,
          actor: { userId, roles },
          conversationId: approvalId,
          actionId,
          stamp: on,
          ...(values ? { values } : {}),
        });
      const planId = (done.replies.find((r) => r.type === 'plan-summary') as { planId: string }).planId;
      return { tenant, engine, done, posted, updated, request, approvalId, stamp, decide, planId };
    }

    const planStatus = async (tenant: Tenant, planId: string) => (await store.plans.get(tenant, planId))?.status;

    it('sends a confirmed hybrid plan to the security channel with its summary, changes and approval document', async () => {
      const { tenant, done, request, approvalId, planId } = await submitted();
      expect(done.replies.at(-1)).toMatchObject({
        type: 'message',
        text: expect.stringMatching(/Sent to the security team for approval/),
      });
      expect(request.to).toEqual({ kind: 'channel', channelId: 'C-SEC' });
      const reply = request.delivery.replies[0] as ApprovalRequestReply;
      expect(reply).toMatchObject({ type: 'approval-request', planId, requester: REQUESTER, decision: null });
      expect(reply.planHash).toMatch(/^[0-9a-f]{64}$/);
      expect(reply.actions.map((a) => [a.id, a.asks ?? []])).toEqual([
        ['approve', []],
        ['request-changes', ['reason']],
        ['reject', ['reason']],
      ]);
      expect(reply.changes[0]).toMatch(/Added alias\/storefront\/prod\/public/);
      expect(reply.attachments.map((a) => a.filename)).toEqual(['keyplan.md', 'keyplan.json']);
      expect(reply.attachments[0]?.content).toContain('## Key policies');
      expect(await planStatus(tenant, planId)).toBe('pending');
      // Where the request was posted is kept, so the decision can update it in place.
      await vi.waitFor(async () =>
        expect((await store.conversations.get(tenant, approvalId))?.surface).toMatchObject({
          ids: { channel: 'C-SEC' },
        }),
      );
      const kinds = (await store.auditTrail.list({ tenant })).map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['interview.completed', 'plan.generated', 'plan.submitted']));
    });

    it('approves: the plan binds to its hash, the exports carry the approval, the requester is told', async () => {
      const { tenant, decide, planId, posted, request } = await submitted();
      const approved = await decide('U-SEC1', 'approve');
      expect(approved).toMatchObject({ outcome: 'finished', state: 'approved' });
      const reply = approved.replies[0] as ApprovalRequestReply;
      expect(reply.actions).toEqual([]);
      expect(reply.decision).toMatchObject({ outcome: 'approved', by: ['U-SEC1'] });
      const stored = await store.plans.get(tenant, planId);
      expect(stored?.status).toBe('approved');
      const hash = (request.delivery.replies[0] as ApprovalRequestReply).planHash;
      expect(stored?.approval).toMatchObject({ approvedBy: ['U-SEC1'], planHash: hash });
      const exported = await new PlanDirectory(store).get(tenant, planId);
      const terraform = exported?.summary.attachments.find((a) => a.filename === 'keyplan.tf')?.content ?? '';
      expect(terraform).toContain(`# Approved by U-SEC1 on`);
      expect(terraform).toContain(`KeyplanApproval`);
      await vi.waitFor(() => expect(posted.some((p) => p.to.kind === 'user' && p.to.userId === REQUESTER)).toBe(true));
      const events = await store.auditTrail.list({ tenant });
      expect(events.filter((e) => e.kind === 'approval.approved')).toHaveLength(1);
    });

    it('refuses the requester’s own approval and a non-approver, recording both, changing nothing', async () => {
      const { tenant, decide, planId } = await submitted();
      const own = await decide(REQUESTER, 'approve');
      expect(own).toMatchObject({
        outcome: 'forbidden',
        replies: [{ text: expect.stringMatching(/someone else must approve/) }],
      });
      const stranger = await decide('U-OTHER', 'approve', undefined, []);
      expect(stranger).toMatchObject({
        outcome: 'forbidden',
        replies: [{ text: expect.stringMatching(/Only the approvers/) }],
      });
      expect(await planStatus(tenant, planId)).toBe('pending');
      const refused = (await store.auditTrail.list({ tenant })).filter((e) => e.kind === 'approval.refused-click');
      expect(refused.map((e) => e.actor)).toEqual([REQUESTER, 'U-OTHER']);
    });

    it('asks for the reason of a request for changes, then reopens the interview with it', async () => {
      const { tenant, engine, decide, planId } = await submitted();
      const blank = await decide('U-SEC1', 'request-changes', { reason: '  ' });
      expect(blank).toMatchObject({
        outcome: 'rejected',
        rejection: { fields: { reason: expect.stringMatching(/say what/) } },
      });
      const asked = await decide('U-SEC1', 'request-changes', { reason: 'Split the customer data by region' });
      expect(asked).toMatchObject({ outcome: 'finished', state: 'changesRequested' });
      expect(await planStatus(tenant, planId)).toBe('changes-requested');
      const reopened = await userOf(engine, tenant, REQUESTER).open();
      expect(reopened).toMatchObject({ resumed: true, state: 'review' });
      expect(reopened.replies[0]).toMatchObject({
        type: 'review',
        notice: expect.stringMatching(/Split the customer data by region/),
      });
    });

    it('rejects with a reason', async () => {
      const { tenant, decide, planId } = await submitted();
      const rejected = await decide('U-SEC2', 'reject', { reason: 'PCI data needs its own account' });
      expect(rejected).toMatchObject({ outcome: 'finished', state: 'rejected' });
      expect((rejected.replies[0] as ApprovalRequestReply).decision).toMatchObject({
        outcome: 'rejected',
        reason: 'PCI data needs its own account',
      });
      expect(await planStatus(tenant, planId)).toBe('rejected');
    });

    it('refuses a decision on an old view (a stale version) and tells a late clicker who decided', async () => {
      const { decide } = await submitted();
      const first = await decide('U-SEC1', 'approve');
      const late = await decide('U-SEC2', 'reject', { reason: 'too late' });
      expect(first.outcome).toBe('finished');
      expect(late.outcome).toBe('stale');
      expect((late.replies.find((r) => r.type === 'approval-request') as ApprovalRequestReply).decision).toMatchObject({
        outcome: 'approved',
        by: ['U-SEC1'],
      });
    });

    it('makes exactly one decision when two approvers click at the same moment, 50 times over', async () => {
      for (let round = 0; round < 50; round++) {
        const { tenant, decide, planId } = await submitted();
        const results: TurnResult[] = await Promise.all([
          decide('U-SEC1', 'approve'),
          decide('U-SEC2', 'reject', { reason: 'no' }),
        ]);
        expect(results.filter((r) => r.outcome === 'finished')).toHaveLength(1);
        const status = await planStatus(tenant, planId);
        const decisions = (await store.auditTrail.list({ tenant })).filter((e) =>
          ['approval.approved', 'approval.rejected'].includes(e.kind),
        );
        expect(decisions).toHaveLength(1);
        expect(status === 'approved' || status === 'rejected').toBe(true);
      }
    }, 120_000);

    it('expires an undecided request: the requester is told and the message loses its buttons', async () => {
      const { tenant, engine, planId, updated, posted, approvalId } = await submitted();
      await vi.waitFor(async () => expect((await store.conversations.get(tenant, approvalId))?.surface).not.toBeNull());
      expect(await expireApprovals(engine, store, new Date(Date.now() + 6 * 86_400_000))).toBe(0);
      expect(await expireApprovals(engine, store, new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(1);
      expect(await planStatus(tenant, planId)).toBe('expired');
      await vi.waitFor(() =>
        expect(
          updated.some((u) => (u.delivery.replies[0] as ApprovalRequestReply).decision?.outcome === 'expired'),
        ).toBe(true),
      );
      await vi.waitFor(() =>
        expect(posted.some((p) => p.to.kind === 'user' && /expired/.test(JSON.stringify(p.delivery)))).toBe(true),
      );
    });

    it('needs two distinct approvers where the workspace asks it for a classification', async () => {
      const { tenant, decide, planId } = await submitted({ twoFor: ['confidential'] });
      const one = await decide('U-SEC1', 'approve');
      expect(one).toMatchObject({ outcome: 'applied', state: 'pending' });
      expect((one.replies[0] as ApprovalRequestReply).notice).toMatch(/needs one more approver/);
      expect(await planStatus(tenant, planId)).toBe('pending');
      const again = await decide('U-SEC1', 'approve', undefined, ['approver'], one.stamp ?? undefined);
      expect(again).toMatchObject({
        outcome: 'rejected',
        rejection: { message: expect.stringMatching(/approved this plan already/) },
      });
      const second = await decide('U-SEC2', 'approve', undefined, ['approver'], again.stamp ?? undefined);
      expect(second).toMatchObject({ outcome: 'finished', state: 'approved' });
      expect((second.replies[0] as ApprovalRequestReply).decision?.by).toEqual(['U-SEC1', 'U-SEC2']);
      expect((await store.plans.get(tenant, planId))?.approval).toMatchObject({ approvedBy: ['U-SEC1', 'U-SEC2'] });
    });

    it('supersedes the pending request of an older plan when the team confirms a newer one', async () => {
      const { tenant, engine, approvalId, planId } = await submitted();
      const requester = userOf(engine, tenant, REQUESTER);
      await requester.act(await requester.play(await requester.open(), RETAIL_ANSWERS), 'confirm');
      await vi.waitFor(async () => expect((await store.conversations.get(tenant, approvalId))?.status).toBe('done'));
      expect(await planStatus(tenant, planId)).toBe('superseded');
    });

    it('keeps a plan a draft, and says how to set a security channel, when the workspace has none', async () => {
      const tenant: Tenant = { platform: 'slack', workspace: `T-${randomUUID()}` };
      const engine = new ConversationEngine({
        store,
        flows: [interviewRegistration, approvalRegistration],
        sinks: { slack: recordingSink().sink },
      });
      const requester = userOf(engine, tenant, REQUESTER);
      const done = await requester.act(await requester.play(await requester.open(), RETAIL_ANSWERS), 'confirm');
      expect(done.replies.at(-1)).toMatchObject({
        tone: 'warning',
        text: expect.stringMatching(/config security-channel/),
      });
      const planId = (done.replies.find((r) => r.type === 'plan-summary') as { planId: string }).planId;
      expect(await planStatus(tenant, planId)).toBe('draft');
    });

    it('keeps the audit trail a valid chain through all of it', async () => {
      const { tenant, decide } = await submitted();
      await decide('U-SEC1', 'approve');
      const events = await store.auditTrail.list({ tenant });
      const head = (await store.auditTrail.heads()).find((h) => h.tenant.workspace === tenant.workspace);
      expect(verifyChain(tenant, events, head)).toEqual([]);
    });
  });
}

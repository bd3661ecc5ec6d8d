import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../adapters/slack/message-blocks.js';
import { configMarkup } from '../../../adapters/slack/workspace-config.js';
import { syntheticProfile } from '../../../bench/support/synthetic-profile.js';
import { type ApprovalRequestReply, planSummary } from '../../../src/conversation/index.js';
import { parseProfile, recommend } from '../../../src/core/index.js';
import { blockKitViolations } from './support/block-kit-limits.js';

/** An approval request of a plan with hundreds of keys, as the approval flow shapes it. */
function bigRequest(overrides: Partial<ApprovalRequestReply> = {}): ApprovalRequestReply {
  const plan = recommend(parseProfile(syntheticProfile(40)));
  const summary = planSummary(plan, 'synthetic/v9');
  return {
    type: 'approval-request',
    planId: 'synthetic/v9',
    organization: plan.organization,
    planHash: 'a'.repeat(64),
    requester: 'U0REQUESTER',
    headline: `Approve the key plan of ${plan.organization} (synthetic/v9)?`,
    lines: [summary.headline, ...summary.lines],
    changes: plan.keys.map((key) => `Added ${key.alias ?? key.id}`),
    approvals: [],
    decision: null,
    fields: [],
    actions: [
      { id: 'approve', label: 'Approve', style: 'primary', event: { type: 'APPROVE' } },
      { id: 'reject', label: 'Reject', style: 'danger', event: { type: 'REJECT', values: {} }, asks: ['reason'] },
    ],
    plan,
    attachments: [],
    ...overrides,
  };
}

function mrkdwnOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnOf);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own = record.type === 'mrkdwn' ? [String(record.text)] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnOf)];
}

const delivery = (reply: ApprovalRequestReply) => ({
  conversationId: 'c-1',
  stamp: { step: 'pending', version: 3 },
  replies: [reply],
});

describe('approval requests within Block Kit limits', () => {
  it('fits a request for hundreds of keys in one message, the rest pointing to the document', () => {
    const reply = bigRequest();
    expect(reply.changes.length).toBeGreaterThan(100);
    const message = messageOf(delivery(reply));
    expect(blockKitViolations(message, 'message')).toEqual([]);
    const json = JSON.stringify(message.blocks);
    expect(json).toMatch(/more in the approval document/);
    expect(json).toContain('"action_id":"kp:approve"');
    expect(json).toContain('{\\"c\\":\\"c-1\\",\\"s\\":\\"pending\\",\\"v\\":3}');
  });

  it('escapes what people typed: a name or reason cannot ping the channel or fake a link', () => {
    const reason = `<!channel> see <https://evil.example|the docs> & ${'x'.repeat(1200)}`;
    const reply = bigRequest({
      organization: 'Acme <!here>',
      headline: 'Rejected: the key plan of Acme <!here>',
      decision: { outcome: 'rejected', by: ['U0SEC1'], at: '2026-03-01T10:00:00.000Z', reason },
      actions: [],
    });
    const message = messageOf(delivery(reply));
    expect(blockKitViolations(message, 'message')).toEqual([]);
    // Slack parses mrkdwn (plain_text never): there, only keyplan's own mentions and dates are markup.
    const markup = mrkdwnOf(message.blocks).join('\n');
    expect(markup).not.toContain('<!channel>');
    expect(markup).not.toContain('<!here>');
    expect(markup).not.toContain('<https://');
    expect(markup).toContain('&lt;!channel&gt; see &lt;https://evil.example|the docs&gt; &amp; xxx');
    expect(markup).toContain('by <@U0SEC1> on <!date^1772359200^');
    expect(JSON.stringify(message.blocks)).not.toContain('kp:');
  });

  it('names settings references as mentions, and nothing a user typed', () => {
    const marked = (ref: string) => `\u0001${ref}\u0001`;
    expect(
      configMarkup(
        `Approvers: ${marked('user:U0A')}, ${marked('group:S0B')} in ${marked('channel:C0C')}; <!channel> ${marked('group:<!here>')}`,
      ),
    ).toBe('Approvers: <@U0A>, <!subteam^S0B> in <#C0C>; &lt;!channel&gt; &lt;!here&gt;');
  });
});

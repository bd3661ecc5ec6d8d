import type { types } from '@slack/bolt';
import type { PlanSummaryReply } from '../../src/conversation/index.js';
import { isKmsKeyTeamCreates, type PlannedKey } from '../../src/core/index.js';
import { EXPORT_CHOICES, exportActionId } from './exports.js';
import { LIMITS } from './limits.js';
import { bold, escapeMrkdwn, md, plain, userRef } from './mrkdwn.js';

/**
 * A plan summary in Block Kit: how many keys and the range, the governance model and why, one section
 * per key (alias, what it protects, why), cost, findings and the export buttons. A plan with more keys
 * than a message holds lists the first ones and points to the attached report.
 */

const usd = (value: number) => `$${value.toFixed(2)}`;
const FINDINGS_SHOWN = 5;
const SEVERITY_ICON = { error: '🔴', warning: '🟠', info: '🔵' } as const;

function keySection(key: PlannedKey): types.SectionBlock {
  const where = [
    key.type === 'customer-managed-imported' ? 'customer managed, imported material' : 'customer managed',
    `account ${key.account}`,
    key.region,
    key.replicaOf ? `replica of ${key.replicaOf}` : key.multiRegion ? 'multi-Region primary' : '',
    key.rotation.automatic && key.rotation.periodDays
      ? `rotates every ${key.rotation.periodDays} days`
      : 'no automatic rotation',
  ].filter(Boolean);
  const lines = [
    `${bold(key.alias ?? key.id)}  ·  ${escapeMrkdwn(where.join(' · '))}`,
    `Protects ${escapeMrkdwn(key.dataSets.join(', '))} in ${escapeMrkdwn(key.services.join(', '))}`,
    ...key.rationale.slice(0, 3).map((why) => `• ${escapeMrkdwn(why)}`),
  ];
  return { type: 'section', text: md(lines.join('\n'), LIMITS.sectionText) };
}

export interface PlanBlockOptions {
  /** How many blocks the surface allows (50 in a message, 100 in a modal). */
  maxBlocks: number;
  /** Offer the export buttons (a message); a modal shows the summary only. */
  exports: boolean;
  /** The plan's approval state in words, when known. */
  status?: string;
  /** Who had it posted (a Slack user id), so the channel knows where it came from. */
  sharedBy?: string;
}

export function planBlocks(reply: PlanSummaryReply, options: PlanBlockOptions): types.KnownBlock[] {
  const { plan } = reply;
  const kms = plan.keys.filter(isKmsKeyTeamCreates);
  const head: types.KnownBlock[] = [
    { type: 'header', text: plain(`Key plan: ${plan.organization}`, LIMITS.headerText) },
    { type: 'section', text: md(bold(reply.headline), LIMITS.sectionText) },
    {
      type: 'section',
      text: md(
        [
          `${bold(`Governance: ${plan.governance.model}`)}`,
          ...plan.governance.rationale.map((why) => `• ${escapeMrkdwn(why)}`),
          plan.governance.approvalRequired
            ? '_The central security team approves this plan before any key is created._'
            : '_Approval by a central team is optional under this model._',
        ].join('\n'),
        LIMITS.sectionText,
      ),
    },
    { type: 'divider' },
  ];

  const others = plan.keys.length - kms.length;
  const findings = [...plan.findings].sort(
    (a, b) => ['error', 'warning', 'info'].indexOf(a.severity) - ['error', 'warning', 'info'].indexOf(b.severity),
  );
  const count = (severity: string) => plan.findings.filter((f) => f.severity === severity).length;
  const tail: types.KnownBlock[] = [
    ...(others > 0
      ? [
          {
            type: 'context',
            elements: [
              md(
                `${others} data set group${others === 1 ? '' : 's'} need no key of ${others === 1 ? 'its' : 'their'} own (AWS managed or AWS owned keys).`,
                LIMITS.contextText,
              ),
            ],
          } satisfies types.ContextBlock,
        ]
      : []),
    {
      type: 'section',
      text: md(
        [
          `${bold('Cost')}: about ${usd(plan.cost.monthlyUsd)}/month now; years 1–3: ${plan.cost.yearlyUsd.map(usd).join(', ')}`,
          ...plan.cost.notes.slice(0, 3).map((note) => `• ${escapeMrkdwn(note)}`),
        ].join('\n'),
        LIMITS.sectionText,
      ),
    },
    {
      type: 'section',
      text: md(
        [
          `${bold('Findings')}: ${count('error')} error, ${count('warning')} warning, ${count('info')} info`,
          ...findings.slice(0, FINDINGS_SHOWN).map((f) => `${SEVERITY_ICON[f.severity]} ${escapeMrkdwn(f.message)}`),
          ...(findings.length > FINDINGS_SHOWN ? [`…and ${findings.length - FINDINGS_SHOWN} more in the report.`] : []),
        ].join('\n'),
        LIMITS.sectionText,
      ),
    },
  ];
  if (options.exports && reply.planId) {
    tail.push({
      type: 'actions',
      block_id: 'exports',
      elements: EXPORT_CHOICES.map((choice) => ({
        type: 'button',
        action_id: exportActionId(choice.format),
        text: plain(choice.button, LIMITS.buttonText),
        value: reply.planId as string,
      })),
    });
  }
  const context = [
    reply.planId ? `Plan ${escapeMrkdwn(reply.planId)}` : '',
    options.status ? `Approval: ${escapeMrkdwn(options.status)}` : '',
    options.sharedBy ? `shared by ${userRef(options.sharedBy)}` : '',
  ].filter(Boolean);
  if (context.length > 0) tail.push({ type: 'context', elements: [md(context.join('  ·  '), LIMITS.contextText)] });

  // Keys fill what the surface has left; one block is kept for "and N more".
  const room = options.maxBlocks - head.length - tail.length;
  const shown = kms.length <= room ? kms : kms.slice(0, Math.max(0, room - 1));
  const keys: types.KnownBlock[] = shown.map(keySection);
  if (shown.length < kms.length) {
    keys.push({
      type: 'context',
      elements: [
        md(`…and ${kms.length - shown.length} more keys: every key is in the attached report.`, LIMITS.contextText),
      ],
    });
  }
  return [...head, ...keys, ...tail];
}

/** The notification text of a plan message (what a push notification or a screen reader gets). */
export function planText(reply: PlanSummaryReply): string {
  return escapeMrkdwn(`Key plan for ${reply.plan.organization}: ${reply.headline}`);
}

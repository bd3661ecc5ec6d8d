import { describeApproval } from '../core/approval-stamp.js';
import { type Finding, isKmsKeyTeamCreates, type Plan, type Severity } from '../core/plan/schema.js';
import { keySections } from './markdown-keys.js';
import { plural, table, text, usd } from './markdown-text.js';

const SEVERITY_HEADINGS: readonly [Severity, string][] = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Information'],
];

/** The plan as a Markdown report: the answer to "how many keys" first, then why, cost, findings and next steps. */
export function renderMarkdown(plan: Plan): string {
  const sections = [
    `# KMS key plan: ${text(plan.organization)}`,
    ...(plan.approval ? [`**${text(describeApproval(plan.approval))}.**`] : []),
    ...howMany(plan),
    ...governance(plan),
    ...keySections(plan),
    ...cost(plan),
    ...findings(plan.findings),
    ...nextSteps(plan),
  ];
  return `${sections.join('\n\n')}\n`;
}

function howMany(plan: Plan): string[] {
  const { recommended, fewest, finest } = plan.counts;
  const out = [
    '## How many keys do we need?',
    `**${plural(recommended, 'customer managed key')}** (recommended), within a range of ${fewest} (fewest) to ${finest} (finest).`,
    table(
      ['Option', 'Keys', 'What it trades'],
      [
        [
          'Fewest',
          String(fewest),
          'The same boundaries, but data sets read by different key users share one key: fewer keys, weaker least privilege (every reader of the key can decrypt every data set on it).',
        ],
        [
          'Recommended',
          String(recommended),
          'One key per application, stage, account, region, classification, set of administrators and set of key users.',
        ],
        [
          'Finest',
          String(finest),
          'One key per data set per storing service: the tightest scope, but more keys, more key policies to maintain and a higher monthly cost.',
        ],
      ],
    ),
  ];
  const created = plan.keys.filter(isKmsKeyTeamCreates);
  const replicas = created.filter((key) => key.replicaOf !== undefined).length;
  if (replicas > 0) {
    out.push(
      `Of the ${plural(created.length, 'key entry', 'key entries')} below, ${plural(replicas, 'is a multi-Region replica', 'are multi-Region replicas')}: each replica is a key in its own region and is billed as one.`,
    );
  }
  const provided = plan.keys.length - created.length;
  if (provided > 0) {
    out.push(
      `${plural(provided, 'entry uses', 'entries use')} an AWS managed or AWS owned key: no key to create (listed separately below).`,
    );
  }
  return out;
}

function governance(plan: Plan): string[] {
  const { model, rationale, approvalRequired } = plan.governance;
  const out = [`## Governance model: ${model}`];
  if (rationale.length > 0) out.push(rationale.map((line) => `- ${text(line)}`).join('\n'));
  out.push(
    approvalRequired
      ? '**Approval required:** the central security team signs this plan off before any key is created.'
      : `Approval is optional under the ${model} model.`,
  );
  return out;
}

function cost(plan: Plan): string[] {
  const [year1, year2, year3] = plan.cost.yearlyUsd;
  const out = [
    '## Cost',
    table(
      ['Period', 'USD'],
      [
        ['Monthly, now', usd(plan.cost.monthlyUsd)],
        ['Year 1', usd(year1)],
        ['Year 2', usd(year2)],
        ['Year 3', usd(year3)],
      ],
    ),
  ];
  if (plan.cost.notes.length > 0) out.push(plan.cost.notes.map((note) => `- ${text(note)}`).join('\n'));
  return out;
}

function findings(all: readonly Finding[]): string[] {
  if (all.length === 0) return ['## Findings', 'No findings.'];
  const out = ['## Findings'];
  for (const [severity, heading] of SEVERITY_HEADINGS) {
    const group = all.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    out.push(
      `### ${heading} (${group.length})`,
      group.map((f) => `- **${text(f.code || '(no code)')}** (${text(f.subject)}): ${text(f.message)}`).join('\n'),
    );
  }
  return out;
}

function nextSteps(plan: Plan): string[] {
  const steps: string[] = [];
  const errors = plan.findings.filter((finding) => finding.severity === 'error').length;
  if (errors > 0) steps.push(`Resolve the ${plural(errors, 'error finding')} above before any key is created.`);
  if (plan.governance.approvalRequired) {
    steps.push(
      `Get sign-off: under the ${plan.governance.model} model the central security team approves this plan before any key is created.`,
    );
  }
  const created = plan.keys.filter(isKmsKeyTeamCreates);
  if (created.length > 0) {
    steps.push(
      'Apply the Terraform or CloudFormation export of this plan (CloudFormation: one template per account and region, in numbered parts, one stack each, where the keys pass the quotas of one stack).',
    );
    if (created.some((key) => key.replicaOf !== undefined)) {
      steps.push('Create multi-Region primary keys before their replicas; a replica needs its primary key’s ARN.');
    }
    if (created.some((key) => key.type === 'customer-managed-imported')) {
      steps.push(
        'Import the key material into each imported key (GetParametersForImport, then ImportKeyMaterial); the keys stay unusable until then.',
      );
    }
    steps.push(
      'Set guardrails: the key policies keep the account root, so IAM policies can grant key use. Add SCPs that keep kms:PutKeyPolicy and kms:ScheduleKeyDeletion to the key administrators and allow kms:CreateGrant only for AWS resources (kms:GrantIsForAWSResource), and alarms on the CloudTrail events PutKeyPolicy, CreateGrant, ScheduleKeyDeletion and DisableKey.',
    );
  }
  steps.push(
    'Schedule a review (every 90 days by default) and revisit the plan when data sets, key users or classifications change. A new reader of a data set that already has a key is added to that key’s policy, and the review plan names who gains decrypt on which data sets; keys are split by reader set in the first plan only, so no data is re-encrypted because a reader was added.',
  );
  return ['## Next steps', steps.map((step, i) => `${i + 1}. ${step}`).join('\n')];
}

import {
  isKmsKeyTeamCreates,
  type Plan,
  type PlannedKey,
  type PolicyStatement,
  type Principle,
} from '../core/plan/schema.js';
import { code, fencedBlock, html, md, table, text, usd } from './markdown-text.js';

export const PRINCIPLE_NAMES: Readonly<Record<Principle, string>> = {
  P1: 'Data classification',
  P2: 'Applications, stages and accounts',
  P3: 'AWS services',
  P4: 'Separation of duties',
};

export function principleList(principles: readonly Principle[]): string {
  if (principles.length === 0) return 'none recorded';
  return principles.map((p) => `${p} ${PRINCIPLE_NAMES[p]}`).join(', ');
}

/** How a key is named in prose: its alias, or its id where it has none (AWS owned keys). */
function keyName(key: PlannedKey): string {
  return key.alias ?? key.id;
}

function keyTypeLabel(key: PlannedKey, byId: ReadonlyMap<string, PlannedKey>): string {
  if (key.replicaOf !== undefined) {
    const primary = byId.get(key.replicaOf);
    const of = primary === undefined ? key.replicaOf : `${keyName(primary)} (${primary.region})`;
    return `multi-Region replica of ${of}`;
  }
  const base = key.type === 'customer-managed-imported' ? 'customer managed, imported material' : 'customer managed';
  return key.multiRegion ? `${base}, multi-Region primary` : base;
}

function rotationLabel(key: PlannedKey): string {
  if (key.rotation.automatic) {
    return key.rotation.periodDays === null ? 'automatic' : `automatic, every ${key.rotation.periodDays} days`;
  }
  return key.type === 'customer-managed-imported' ? 'on demand, after importing new material' : 'no automatic rotation';
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : '—';
}

/** The table of keys to create, a section per key with its reasons, and the keys AWS provides. */
export function keySections(plan: Plan): string[] {
  const byId = new Map(plan.keys.map((key) => [key.id, key]));
  const created = plan.keys.filter(isKmsKeyTeamCreates);
  const provided = plan.keys.filter((key) => !isKmsKeyTeamCreates(key));
  const out: string[] = ['## Keys to create'];
  if (created.length === 0) {
    out.push('None: every data set in this plan uses an AWS managed or AWS owned key.');
  } else {
    out.push(
      table(
        [
          'Alias',
          'Type',
          'Account',
          'Region',
          'Application / stage',
          'Classification',
          'Data sets',
          'Services',
          'Rotation',
          'Monthly cost',
        ],
        created.map((key) => [
          md(code(keyName(key))),
          keyTypeLabel(key, byId),
          key.account,
          key.region,
          `${key.application} / ${key.stage}`,
          key.classification,
          list(key.dataSets),
          list(key.services),
          rotationLabel(key),
          usd(key.monthlyCostUsd),
        ]),
      ),
      '## Why each key',
    );
    for (const key of created) out.push(reasons(key, byId));
    out.push(
      '## Key policies',
      'The policy each key is created with: the part of this plan the central security team signs. Open a key to read its policy.',
    );
    for (const key of created) out.push(policySection(key));
  }
  if (provided.length > 0) {
    out.push(
      '## No key to create: AWS managed and AWS owned keys',
      'These data sets are encrypted with keys AWS creates and manages: no monthly key fee, no key policy to write.',
      table(
        ['Key', 'Type', 'Account', 'Region', 'Application / stage', 'Classification', 'Data sets', 'Services', 'Why'],
        provided.map((key) => [
          key.alias === null ? 'AWS owned key' : md(code(key.alias)),
          key.type === 'aws-managed' ? 'AWS managed' : 'AWS owned',
          key.account,
          key.region,
          `${key.application} / ${key.stage}`,
          key.classification,
          list(key.dataSets),
          list(key.services),
          key.rationale.join(' '),
        ]),
      ),
    );
  }
  return out;
}

/**
 * A key's policy in a collapsible block (GitHub and most Markdown viewers fold `<details>`; others show
 * it open): the summary names the key and who holds which role, the JSON below is the policy exactly.
 */
function policySection(key: PlannedKey): string {
  const statements = key.policy?.Statement ?? [];
  const summary = `${keyName(key)} (${key.account}, ${key.region}): ${statements.length} statement${statements.length === 1 ? '' : 's'} — ${statements.map((s) => s.Sid).join(', ')}`;
  return [
    '<details>',
    `<summary>${html(summary)}</summary>`,
    '',
    statements.map((s) => `- ${statementInWords(s)}`).join('\n'),
    '',
    fencedBlock(JSON.stringify(key.policy, null, 2), 'json'),
    '',
    '</details>',
  ].join('\n');
}

const asList = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : value);

/** One statement as a sentence: who, may do what, on which conditions. */
function statementInWords(statement: PolicyStatement): string {
  const who = 'AWS' in statement.Principal ? asList(statement.Principal.AWS) : asList(statement.Principal.Service);
  const conditions = Object.entries(statement.Condition ?? {}).flatMap(([operator, pairs]) =>
    Object.entries(pairs).map(([name, value]) => {
      const values = Array.isArray(value) ? value : [String(value)];
      return `${name} ${operator} ${values.join(' or ')}`;
    }),
  );
  const when = conditions.length > 0 ? ` when ${conditions.join(' and ')}` : '';
  return `**${text(statement.Sid)}**: ${text(`${statement.Effect} ${who.join(', ')} to ${asList(statement.Action).join(', ')}${when}.`)}`;
}

function reasons(key: PlannedKey, byId: ReadonlyMap<string, PlannedKey>): string {
  const lines = [
    `### ${code(keyName(key))} (${text(key.account)}, ${text(key.region)})`,
    '',
    `Principles: ${principleList(key.principles)}.`,
    '',
  ];
  if (key.replicaOf !== undefined) lines.push(`- ${text(keyTypeLabel(key, byId))}.`);
  for (const reason of key.rationale) lines.push(`- ${text(reason)}`);
  lines.push(`- Rotation: ${text(key.rotation.note)}`);
  lines.push(`- Administrators: ${text(list(key.admins))}; key users: ${text(list(key.users))}.`);
  return lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../../src/core/plan/schema.js';
import { exportPlanText } from '../../src/export/index.js';
import { code, text } from '../../src/export/markdown-text.js';
import { renderGfm } from '../support/cmark.js';
import { TOOL_TIMEOUT } from '../support/tool-timeout.js';
import { HOSTILE, hostilePlan, samplePlan } from './fixtures.js';

/** Splits a table row the way GitHub's table parser does: a backslash escapes the next character. */
function splitRow(row: string): string[] {
  expect(row.startsWith('| ') && row.endsWith(' |')).toBe(true);
  const inner = row.slice(2, -2);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '\\' && i + 1 < inner.length) {
      current += ch + inner[i + 1];
      i++;
    } else if (ch === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  cells.push(current.trim());
  return cells;
}

/** The rows of the table that follows a heading. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(splitRow(line));
  }
  return rows;
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf('\n## ', start + heading.length + 1);
  return markdown.slice(start, next === -1 ? undefined : next);
}

describe('markdown export', TOOL_TIMEOUT, () => {
  const plan = PlanSchema.parse(samplePlan());
  const md = exportPlanText(plan, 'markdown');

  it('answers "how many keys" first, with the range and what each end trades', () => {
    const headings = md.split('\n').filter((line) => line.startsWith('## '));
    expect(headings[0]).toBe('## How many keys do we need?');
    const answer = section(md, '## How many keys do we need?');
    expect(answer).toContain('**4 customer managed keys** (recommended), within a range of 3 (fewest) to 6 (finest).');
    const options = tableAfter(md, '## How many keys do we need?');
    expect(options.map((row) => row.slice(0, 2))).toEqual([
      ['Fewest', '3'],
      ['Recommended', '4'],
      ['Finest', '6'],
    ]);
    expect(options[0]?.[2]).toMatch(/weaker least privilege/);
    expect(options[2]?.[2]).toMatch(/per data set per storing service.*more keys.*policies.*cost/);
    expect(answer).toMatch(/1 is a multi-Region replica/);
  });

  it('states the governance model, its rationale and that approval is required', () => {
    const governance = section(md, '## Governance model: hybrid');
    expect(governance).toContain('- Independent product teams with a central security function: hybrid.');
    expect(governance).toContain('**Approval required:**');
    const optional = samplePlan();
    optional.governance = { model: 'decentralized', rationale: ['No traits.'], approvalRequired: false };
    const text = exportPlanText(optional, 'markdown');
    expect(text).not.toContain('Approval required');
    expect(section(text, '## Governance model: decentralized')).toContain('Approval is optional');
    expect(section(text, '## Next steps')).not.toMatch(/sign-off/i);
  });

  it('lists every customer managed key in the table, with replicas and imported keys marked', () => {
    const rows = tableAfter(md, '## Keys to create');
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toHaveLength(10);
    const [storefront, payments, primary, replica] = rows as [string[], string[], string[], string[]];
    expect(storefront).toEqual([
      '`alias/storefront/prod/confidential`',
      'customer managed',
      '111122223333',
      'us-east-1',
      'storefront / prod',
      'confidential',
      'customer-records',
      'rds, dynamodb, lambda',
      'automatic, every 365 days',
      '$1.00',
    ]);
    expect(payments[1]).toBe('customer managed, imported material');
    expect(payments[8]).toMatch(/^on demand/);
    expect(primary[1]).toBe('customer managed, multi-Region primary');
    expect(replica[1]).toBe('multi-Region replica of alias/orders/prod/confidential (us-east-1)');
    expect(replica[3]).toBe('eu-west-1');
  });

  it('lists AWS managed keys separately, as no key to create', () => {
    expect(tableAfter(md, '## Keys to create').flat().join(' ')).not.toContain('aws/s3');
    const provided = tableAfter(md, '## No key to create: AWS managed and AWS owned keys');
    expect(provided).toHaveLength(1);
    expect(provided[0]?.slice(0, 2)).toEqual(['`alias/aws/s3`', 'AWS managed']);
  });

  it('gives each key its reasons, naming the principles', () => {
    const why = section(md, '## Why each key');
    expect(why.match(/^### /gm)).toHaveLength(4);
    expect(why).toContain(
      '### `alias/payments/prod/restricted` (111122223333, us-east-1)\n\nPrinciples: P1 Data classification, P2 Applications, stages and accounts, P4 Separation of duties.',
    );
    expect(why).toContain('- Bring-your-own-key material is required for card tokens.');
  });

  it('shows the cost now and for years 1 to 3, with the notes', () => {
    expect(tableAfter(md, '## Cost')).toEqual([
      ['Monthly, now', '$4.00'],
      ['Year 1', '$56.00'],
      ['Year 2', '$80.00'],
      ['Year 3', '$80.00'],
    ]);
    expect(section(md, '## Cost')).toContain('- Each of the first two rotations adds $1/month');
  });

  it('groups findings by severity, errors first', () => {
    const findings = section(md, '## Findings');
    const order = ['### Errors (1)', '### Warnings (1)', '### Information (1)'].map((h) => findings.indexOf(h));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(findings).toContain(
      '- **SEPARATION\\_OF\\_DUTIES** (payments-prod-restricted): A principal is both admin and user.',
    );
  });

  it('ends with next steps: sign-off, apply, guardrails and a review', () => {
    const steps = section(md, '## Next steps');
    expect(md.trimEnd().endsWith(steps.trimEnd())).toBe(true);
    expect(steps).toMatch(/1\. Resolve the 1 error finding/);
    expect(steps).toMatch(/Get sign-off/);
    expect(steps).toMatch(/Terraform or CloudFormation/);
    expect(steps).toMatch(/ImportKeyMaterial/);
    expect(steps).toMatch(/SCPs.*PutKeyPolicy.*CreateGrant.*ScheduleKeyDeletion/);
    expect(steps).toMatch(/Schedule a review/);
  });

  it('keeps table rows intact whatever the plan text holds', () => {
    const hostile = exportPlanText(hostilePlan(), 'markdown');
    const rows = tableAfter(hostile, '## Keys to create');
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toHaveLength(10);
    expect(rows[0]?.[6]).toBe(text(`customer-records, ${HOSTILE}`));
    expect(hostile.split('\n')[0]).toBe(`# KMS key plan: ${text(`Acme ${HOSTILE}`)}`);
    const rendered = renderGfm(hostile, { autolink: true });
    expect(rendered.match(/<h1>/g)).toHaveLength(1);
    expect(rendered.match(/<table>/g)).toHaveLength(4);
    expect(tableAfter(hostile, '## No key to create: AWS managed and AWS owned keys')[0]).toHaveLength(9);
  });

  it('shows every key’s policy exactly, folded under a summary that names the key and its statements', () => {
    const policies = section(md, '## Key policies');
    const created = plan.keys.filter((key) => key.policy !== null);
    const blocks = [
      ...policies.matchAll(/<details>\n<summary>([^\n]*)<\/summary>\n[\s\S]*?```json\n([\s\S]*?)\n```\n\n<\/details>/g),
    ];
    expect(blocks).toHaveLength(created.length);
    blocks.forEach((block, i) => {
      const key = created[i];
      expect(block[1]).toContain(key?.alias ?? '');
      expect(JSON.parse(block[2] ?? '')).toEqual(key?.policy);
      for (const statement of key?.policy?.Statement ?? []) expect(block[1]).toContain(statement.Sid);
    });
    const rendered = renderGfm(md, { autolink: true });
    expect(rendered.match(/<details>/g)).toHaveLength(created.length);
    expect(rendered).toContain(
      '<strong>KeyUse</strong>: Allow arn:aws:iam::111122223333:role/storefront-app to kms:Encrypt',
    );
  });

  it('says so when there is nothing to create or report', () => {
    const empty = samplePlan();
    empty.keys = [];
    empty.findings = [];
    const text = exportPlanText(empty, 'markdown');
    expect(section(text, '## Keys to create')).toContain('None:');
    expect(section(text, '## Findings')).toContain('No findings.');
    expect(text).not.toContain('## No key to create');
  });
});

describe('markdown code spans', () => {
  it('are code spans where the text fits one, escaped text where it does not', () => {
    expect(code('alias/a')).toBe('`alias/a`');
    expect(code('a`b')).toBe(text('a`b'));
    expect(code('a|b')).toBe(text('a|b'));
    expect(code('alias/x\n# injected')).toBe(text('alias/x\n# injected'));
    expect(code('alias/x\n# injected')).not.toContain('\n');
  });
});

import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/audit/report/build.js';
import { renderMarkdown } from '../../src/audit/report/markdown.js';
import { summarizeAudit } from '../../src/audit/summary.js';
import { ACCOUNT, inventory, key, NOW, REGION, role, rootStatement } from './fixtures.js';

const report = (keys = [key()]) =>
  buildReport({ inventory: inventory(keys), region: REGION, account: ACCOUNT, now: NOW });

describe('summarizeAudit', () => {
  it('says so when there is nothing to report', () => {
    const summary = summarizeAudit(report());
    expect(summary.headline).toBe(`KMS audit of account ${ACCOUNT} in ${REGION}: no findings across 1 key`);
    expect(summary.lines).toEqual([]);
    expect(summary.counts).toEqual({ error: 0, warning: 0, info: 0 });
    expect(summary.attachment.filename).toBe(`keyplan-audit-${ACCOUNT}-${REGION}-2026-06-01.md`);
    expect(summary.attachment.markdown).toContain('No findings.');
  });

  it('groups findings by check, worst first, naming up to three keys', () => {
    const off = { enabled: false, periodDays: null, nextRotationDate: null };
    const keys = [
      ...['a', 'b', 'c', 'd'].map((name) => key({ keyId: name, aliases: [`alias/${name}`], rotation: off })),
      key({
        keyId: 'open',
        aliases: ['alias/open'],
        statements: [rootStatement, { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }],
      }),
      key({
        keyId: 'hidden',
        aliases: ['alias/hidden'],
        statements: null,
        unreadable: [{ operation: 'GetKeyPolicy', code: 'AccessDeniedException', message: 'no' }],
      }),
    ];
    const summary = summarizeAudit(report(keys));
    expect(summary.counts).toEqual({ error: 1, warning: 5, info: 0 });
    expect(summary.headline).toBe(
      `KMS audit of account ${ACCOUNT} in ${REGION}: 1 error, 5 warnings, 0 info across 6 keys`,
    );
    expect(summary.lines).toEqual([
      'error: Key policy allows any principal (1 finding): alias/open',
      'warning: Automatic rotation is off on a key that can rotate (4 findings): alias/a, alias/b, alias/c and 1 more',
      'warning: Key could not be read completely (1 finding): alias/hidden',
      '1 key could not be read completely',
    ]);
    expect(summary.attachment.markdown).toBe(renderMarkdown(report(keys)));
  });

  it('keeps the chat message short and points at the attachment', () => {
    const user = {
      Sid: 'Both',
      Effect: 'Allow',
      Principal: { AWS: role('Ops') },
      Action: ['kms:PutKeyPolicy', 'kms:Decrypt'],
      Resource: '*',
    };
    const messy = key({
      aliases: [],
      tags: {},
      rotation: { enabled: false, periodDays: null, nextRotationDate: null },
      statements: [
        rootStatement,
        user,
        { ...rootStatement, Sid: 'Star', Principal: { AWS: role('Star') } },
        { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
      ],
    });
    const lines = summarizeAudit(report([messy])).lines;
    expect(lines.length).toBeLessThanOrEqual(9);
    expect(lines[0]).toMatch(/^error: /);
  });
});

describe('renderMarkdown', () => {
  it('escapes table cells and caps remediation blocks per check', () => {
    const off = { enabled: false, periodDays: null, nextRotationDate: null };
    const keys = Array.from({ length: 7 }, (_, i) => key({ keyId: `k${i}`, aliases: [`alias/a|${i}`], rotation: off }));
    const markdown = renderMarkdown(report(keys));
    expect(markdown).toContain('`alias/a\\|0`');
    expect(markdown.match(/```sh/g)).toHaveLength(5);
    expect(markdown).toContain('… and 2 more');
  });
});

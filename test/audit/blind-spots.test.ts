import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hcl2 from 'hcl2-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/audit/checks/index.js';
import { runChecks } from '../../src/audit/checks/run.js';
import { DRIFT_RULES } from '../../src/audit/drift/index.js';
import { missingKeyRemediation, unexplainedKeyRemediation } from '../../src/audit/drift/presence.js';
import { buildReport } from '../../src/audit/report/build.js';
import { renderMarkdown } from '../../src/audit/report/markdown.js';
import {
  ACCOUNT,
  CONTEXT,
  goodStatements,
  inventory,
  key,
  NOW,
  plannedKey,
  REGION,
  role,
  type Statement,
} from './fixtures.js';
import { isValidHcl } from './hcl.js';

/**
 * Issue 10's audit blind spots: principals and actions that open a key to everyone or hand over every
 * KMS action, and endpoint-chosen key ids and aliases that must stay data in remediation commands,
 * Terraform and the Markdown report.
 */

function findings(statements: Statement[]) {
  return runChecks(inventory([key({ statements: [...goodStatements(), ...statements] })]), {
    now: NOW,
    region: REGION,
  }).filter((finding) => finding.severity === 'error');
}

describe('public and all-powerful statements are errors', () => {
  it.each([
    ['Service "*"', { Service: '*' }],
    ['Federated "*"', { Federated: '*' }],
    ['CanonicalUser "*"', { CanonicalUser: '*' }],
    ['AWS ["*"] among others', { AWS: [role('x'), '*'] }],
  ])('Principal %s is public', (_name, principal) => {
    const errors = findings([
      { Sid: 'Open', Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' },
    ]);
    expect(errors.map((f) => f.checkId)).toContain('public-key-policy');
  });

  it('a wildcard principal pinned to the account is not public', () => {
    const errors = findings([
      {
        Effect: 'Allow',
        Principal: { Service: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
      },
    ]);
    expect(errors.map((f) => f.checkId)).not.toContain('public-key-policy');
  });

  it('an Allow with NotPrincipal applies to everyone else: public', () => {
    const errors = findings([
      { Sid: 'AllBut', Effect: 'Allow', NotPrincipal: { AWS: role('x') }, Action: 'kms:Decrypt', Resource: '*' },
    ]);
    expect(errors.map((f) => f.checkId)).toContain('public-key-policy');
  });

  it('NotAction that leaves PutKeyPolicy is as good as kms:*: an error, not a separation-of-duties warning', () => {
    const all = runChecks(
      inventory([
        key({
          statements: [
            ...goodStatements(),
            {
              Sid: 'AlmostAll',
              Effect: 'Allow',
              Principal: { AWS: role('ops') },
              NotAction: 'kms:ScheduleKeyDeletion',
              Resource: '*',
            },
          ],
        }),
      ]),
      { now: NOW, region: REGION },
    );
    const star = all.find((f) => f.checkId === 'kms-star-non-root');
    expect(star?.severity).toBe('error');
    expect(star?.message).toMatch(
      /grants every action except kms:ScheduleKeyDeletion \(NotAction, as good as kms:\*\) to arn:aws:iam::111122223333:role\/ops/,
    );
    expect(all.filter((f) => f.checkId === 'separation-of-duties')).toEqual([]);
  });
});

/** Shell substitutions, quotes and a newline, plus HCL's template introducers (`$` `{` … `}`). */
const HOSTILE_ID = `k1$(touch pwned)\`touch pwned2\`'"; touch pwned3 #\n${'$'}{path.module}%{if}`;
const HOSTILE_ALIAS = 'alias/x$(touch pwned4)\n# Injected heading\n```\n<script>alert(1)</script>';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs a snippet with a fake `aws` on PATH that records each argument; returns them and the folder. */
function runSnippet(cli: string): { args: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-snippet-'));
  dirs.push(dir);
  const fake = join(dir, 'aws');
  writeFileSync(fake, `#!/bin/sh\nfor arg; do printf '%s\\0' "$arg" >> "${join(dir, 'args')}"; done\n`);
  chmodSync(fake, 0o755);
  const run = spawnSync('sh', ['-c', cli], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const args = existsSync(join(dir, 'args')) ? readFileSync(join(dir, 'args'), 'utf8').split('\0').slice(0, -1) : [];
  return { args, dir };
}

function expectNothingRan(dir: string) {
  for (const name of ['pwned', 'pwned2', 'pwned3', 'pwned4']) expect(existsSync(join(dir, name))).toBe(false);
}

describe('remediation keeps endpoint text as data', () => {
  const hostile = key({
    keyId: HOSTILE_ID,
    aliases: [HOSTILE_ALIAS],
    tags: {},
    rotation: { enabled: false, periodDays: null, nextRotationDate: null },
    statements: [...goodStatements(), { Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }],
  });

  for (const check of ALL_CHECKS) {
    it(`${check.id}: the key id reaches aws as one argument, nothing runs, the Terraform still parses`, () => {
      const { cli, terraform } = check.remediation(hostile, CONTEXT);
      const { args, dir } = runSnippet(cli);
      expectNothingRan(dir);
      if (cli.includes('--key-id ')) expect(args).toContain(HOSTILE_ID);
      expect(isValidHcl(terraform), terraform).toBe(true);
    });
  }

  it('Terraform gets the key id back exactly from its HCL string', () => {
    const check = ALL_CHECKS.find((c) => c.id === 'missing-alias');
    if (!check) throw new Error('no missing-alias check');
    const [parsed] = hcl2.parseToObject(check.remediation(hostile, CONTEXT).terraform) as [
      { resource: Record<string, Record<string, Array<{ target_key_id: string }>>> },
    ];
    const resource = Object.values(parsed.resource.aws_kms_alias ?? {})[0];
    expect(resource?.[0]?.target_key_id).toBe(HOSTILE_ID);
  });

  it('drift snippets quote aliases from the plan and ids from the endpoint', () => {
    const context = { region: REGION, account: ACCOUNT };
    const planned = plannedKey({ alias: 'alias/orders$(touch pwned)/prod' });
    for (const { cli, terraform } of [
      missingKeyRemediation(planned, context),
      missingKeyRemediation({ ...planned, replicaOf: 'primary$(touch pwned2)' }, context),
      unexplainedKeyRemediation(hostile, context),
      ...DRIFT_RULES.map((rule) => rule.remediation(hostile, planned, context)),
    ]) {
      const { dir } = runSnippet(cli);
      expectNothingRan(dir);
      expect(isValidHcl(terraform), terraform).toBe(true);
    }
  });

  it('the Markdown report keeps a hostile alias inside its line and code fences closed', () => {
    const report = buildReport({ inventory: inventory([hostile]), region: REGION, account: ACCOUNT, now: NOW });
    const html = spawnSync('cmark-gfm', ['--extension', 'table'], { input: renderMarkdown(report), encoding: 'utf8' });
    if (html.error) throw new Error(`cmark-gfm is needed for this test: ${html.error.message}`);
    expect(html.stdout).not.toMatch(/<h\d>[^<]*Injected/);
    expect(html.stdout).not.toContain('<script>');
    // Every fenced snippet still renders as one code block: as many <pre> blocks as the report has fences opened.
    const opened = renderMarkdown(report)
      .split('\n')
      .filter((line) => /^`{3,}(sh|hcl)$/.test(line)).length;
    expect((html.stdout.match(/<pre>/g) ?? []).length).toBe(opened);
  });
});

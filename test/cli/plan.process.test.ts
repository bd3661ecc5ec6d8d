import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../../src/core/index.js';
import { runKeyplan } from '../support/spawn-cli.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const retail = readFileSync(join(EXAMPLES, 'retail.yaml'), 'utf8');

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'keyplan-cli-'));
}

describe('keyplan plan, spawned as a process', () => {
  it('prints the markdown plan of the seed Example 1 and exits 0', async () => {
    const run = await runKeyplan(['plan', join(EXAMPLES, 'retail.yaml')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 .*keys?/i);
    expect(run.stdout).toContain('alias/storefront/prod/confidential');
  });

  it('writes JSON that satisfies the plan contract', async () => {
    const dir = workdir();
    const run = await runKeyplan(
      ['plan', join(EXAMPLES, 'healthcare.yaml'), '--format', 'json', '--out', 'plan.json'],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    const plan = PlanSchema.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
    expect(plan.governance.model).toBe('decentralized');
    expect(plan.counts.recommended).toBe(3);
  });

  it('writes one CloudFormation template per account and region into a directory', async () => {
    const dir = workdir();
    const run = await runKeyplan(['plan', join(EXAMPLES, 'healthcare.yaml'), '-f', 'cloudformation', '--out', 'cfn/'], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(readdirSync(join(dir, 'cfn'))).toHaveLength(3);
  });

  it('prints Terraform', async () => {
    const run = await runKeyplan(['plan', join(EXAMPLES, 'retail.yaml'), '--format', 'terraform']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('resource "aws_kms_key"');
  });

  const bad: [string, string, RegExp][] = [
    ['broken YAML', 'organization: [unclosed\n', /not valid YAML or JSON: .*, at line \d+, column \d+:\n/],
    [
      'a bad account id',
      retail.replace('"111122223333"', '"1111"'),
      /applications\[0\]\.environments\[0\]\.account: .*12 digits/,
    ],
    [
      'an unknown service',
      retail.replace('services: [s3]', 'services: [floppy]'),
      /applications\[0\]\.data\[0\]\.services\[0\]: unknown service "floppy"/,
    ],
    [
      'an undeclared classification',
      retail.replace('classification: public', 'classification: secret'),
      /applications\[0\]\.data\[0\]\.classification: classification "secret" is not declared/,
    ],
    [
      'a rotation period out of range',
      retail.replace('rotationDays: 365', 'rotationDays: 30'),
      /defaults\.rotationDays: .*at least 90/,
    ],
    [
      'an unknown region',
      retail.replace('regions: [us-east-1]', 'regions: [us-middle-1]'),
      /regions\[0\]: unknown AWS region "us-middle-1"/,
    ],
  ];

  it.each(bad)('rejects %s with exit 2, the field path and no stack trace', async (_name, text, message) => {
    const dir = workdir();
    writeFileSync(join(dir, 'profile.yaml'), text);
    const run = await runKeyplan(['plan', 'profile.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['plan'], /takes one profile file/],
    [['plan', 'missing.yaml'], /cannot read profile missing\.yaml: no such file/],
    [
      ['plan', join(EXAMPLES, 'retail.yaml'), '--format', 'pdf'],
      /--format must be one of markdown, json, terraform, cloudformation/,
    ],
    [['plan', join(EXAMPLES, 'retail.yaml'), '--colour'], /Unknown option '--colour'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('usage error %j exits 2 with a hint', async (args, message) => {
    const run = await runKeyplan(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('answers --help with exit 0', async () => {
    const run = await runKeyplan(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('plan <profile>');
    expect(run.stdout).toContain('audit');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { memoryIo } from '../../src/cli/io.js';
import { MAX_PROFILE_BYTES, readInputFile } from '../../src/cli/read-input.js';
import { runCli } from '../../src/cli.js';
import { type ProfileInput, parseProfile } from '../../src/core/index.js';
import { PROFILE_LIMITS } from '../../src/core/profile/limits.js';
import { parseProfileText, TEXT_LIMITS } from '../../src/profile-text.js';
import { terminalControls } from '../support/terminal.js';

/** Input limits of `keyplan plan`, in process: each ends in exit 2 and a message that names the limit. */

const RETAIL = readFileSync(resolve(import.meta.dirname, '../../examples/retail.yaml'), 'utf8');

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'keyplan-limits-'));
}

async function plan(content: string | Buffer, args: string[] = []) {
  const dir = workdir();
  writeFileSync(join(dir, 'profile.yaml'), content);
  const out = memoryIo({ cwd: dir });
  const code = await runCli(['plan', 'profile.yaml', ...args], out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

function app(index: number, dataSets = 1, users = 1): ProfileInput['applications'][number] {
  return {
    name: `app-${index}`,
    team: 'web',
    keyAdmins: ['KeyAdmins'],
    environments: [{ stage: 'prod', account: '111122223333' }],
    data: Array.from({ length: dataSets }, (_, d) => ({
      name: `data-${d}`,
      classification: 'internal',
      services: ['s3'],
      keyUsers: Array.from({ length: users }, (_, u) => `user-${u}`),
    })),
  };
}

/** The messages of the field problems parseProfile reports for a profile, one per line. */
function problems(applications: ProfileInput['applications']): string {
  try {
    parseProfile({ organization: { name: 'Acme' }, applications });
  } catch (error) {
    return (error as { issues: Array<{ path: string; message: string }> }).issues
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('\n');
  }
  return '';
}

function profile(applications: ProfileInput['applications']): string {
  return JSON.stringify({ organization: { name: 'Acme' }, applications });
}

describe('the profile file', () => {
  it(`refuses more than ${MAX_PROFILE_BYTES / 1024 / 1024} MB, naming the limit`, async () => {
    const run = await plan(`# ${'x'.repeat(MAX_PROFILE_BYTES)}\n${RETAIL}`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/larger than 5 MB/);
  });

  it('reads an endless device only up to the limit (/dev/zero)', async () => {
    const out = memoryIo({ cwd: tmpdir() });
    expect(await runCli(['plan', '/dev/zero'], out.io)).toBe(2);
    expect(out.stderr()).toMatch(/cannot read profile \/dev\/zero: it is larger than 5 MB/);
  });

  it.each([
    ['UTF-16 LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RETAIL, 'utf16le')])],
    ['UTF-16 LE without one', Buffer.from(RETAIL, 'utf16le')],
    [
      'UTF-16 BE with a byte order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(RETAIL, 'utf16le').swap16()]),
    ],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RETAIL)])],
  ])('reads %s', async (_name, bytes) => {
    const run = await plan(bytes);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('alias/storefront/prod/confidential');
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x6f, 0x72, 0x67, 0xff, 0xfe, 0x0a, 0xc3]), /not valid UTF-8 text/],
    ['a NUL byte', Buffer.from('organization:\n  name: A\u0000cme\n'), /NUL bytes, so it is not a text file/],
  ])('refuses %s', async (_name, bytes, message) => {
    const run = await plan(bytes);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('reads a directory as a clear error', () => {
    expect(() => readInputFile('.', tmpdir(), 'profile .', 'Give a file.')).toThrow(/it is a directory/);
  });
});

describe('YAML structure', () => {
  it(`refuses nesting deeper than ${TEXT_LIMITS.nestingDepth} levels, flow or block, before parsing`, async () => {
    const flow = await plan(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(flow.code).toBe(2);
    expect(flow.stderr).toMatch(/nests deeper than 32 levels/);
    const block = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    const blockRun = await plan(`${block} 1\n`);
    expect(blockRun.code).toBe(2);
    expect(blockRun.stderr).toMatch(/nests deeper than 32 levels/);
  });

  it('accepts the examples, which nest about eight levels', () => {
    expect(() => parseProfileText(RETAIL)).not.toThrow();
  });

  it('refuses an alias bomb and too many aliases with exit 2, no stack trace', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...['b', 'c', 'd', 'e', 'f', 'g'].map((name, i) => {
        const prev = String.fromCharCode('a'.charCodeAt(0) + i);
        return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`;
      }),
    ].join('\n');
    const run = await plan(bomb);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expands its YAML aliases too far/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const many = `x: &x 1\nlist: [${Array(TEXT_LIMITS.aliases + 1)
      .fill('*x')
      .join(', ')}]\n`;
    const manyRun = await plan(many);
    expect(manyRun.code).toBe(2);
    expect(manyRun.stderr).toMatch(/uses 101 YAML aliases/);
  });
});

describe('profile counts', () => {
  it(`refuses more than ${PROFILE_LIMITS.applications} applications before any plan is built`, async () => {
    const applications = Array.from({ length: PROFILE_LIMITS.applications + 1 }, (_, i) => app(i));
    const run = await plan(profile(applications), ['--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/applications: keyplan plans at most 1000 applications/);
    expect(run.stdout).toBe('');
  });

  it('refuses too many data sets in total, and too many placements', () => {
    const many = Array.from({ length: 60 }, (_, i) => app(i, PROFILE_LIMITS.dataSetsPerApplication));
    expect(problems(many)).toMatch(/applications: the profile has 12,000 data sets; keyplan plans at most 10,000/);
    const wide = app(0, 100);
    wide.environments = Array.from({ length: 50 }, (_, e) => ({
      stage: `s${e}`,
      account: '111122223333',
      regions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1'],
    }));
    expect(problems([wide])).toMatch(/places data sets in 25,000 environment-regions/);
  });

  it(`refuses more than ${PROFILE_LIMITS.principalsPerList} principals in one list, naming the field`, async () => {
    const run = await plan(profile([app(0, 1, PROFILE_LIMITS.principalsPerList + 1)]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/applications\[0\]\.data\[0\]\.keyUsers: list at most 1000 principals/);
  });

  it('refuses principals × placements past the limit', () => {
    const applications = Array.from({ length: 40 }, (_, i) => app(i, 10, 600));
    expect(problems(applications)).toMatch(/name principals 240,400 times/);
  });

  it('lists at most 20 problems of a hostile profile, then says how many more', async () => {
    const applications = Array.from({ length: 200 }, (_, i) => ({
      ...app(i),
      environments: [{ stage: 'prod', account: '1' }],
    }));
    const run = await plan(profile(applications));
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter((line) => line.includes('.account:'))).toHaveLength(20);
    expect(run.stderr).toMatch(/… and 180 more problems/);
  });

  it('keeps the benchmark-sized profile (1,000 applications × 3 stages × 4 data sets) within every limit', () => {
    const applications = Array.from({ length: 1000 }, (_, i) => {
      const base = app(i, 4);
      base.environments = ['dev', 'staging', 'prod'].map((stage) => ({ stage, account: '111122223333' }));
      return base;
    });
    expect(problems(applications)).toBe('');
  });
});

describe('free-text names', () => {
  it.each([
    ['organization.name', 'Acme\u001b[31m Retail'],
    ['organization.name', 'Acme\u0085Transform: {Name: "AWS::Include"}'],
    ['applications[0].team', 'web\u202eevil'],
    ['organization.securityTeam.name', 'sec\nteam'],
  ])('rejects a control character in %s with a clear message', async (path, value) => {
    const doc = JSON.parse(JSON.stringify({ ...JSON.parse(profile([app(0)])) }));
    doc.organization.securityTeam = { name: 'cloud-security', keyAdmins: ['Sec'] };
    const parts = path.split('.');
    let target = doc;
    for (const part of parts.slice(0, -1)) {
      const match = /^(\w+)\[(\d+)\]$/.exec(part);
      target = match ? target[match[1] as string][Number(match[2])] : target[part];
    }
    target[parts.at(-1) as string] = value;
    const run = await plan(stringify(doc));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}: contains the control character U+`);
    expect(terminalControls(run.stderr)).toEqual([]);
  });
});

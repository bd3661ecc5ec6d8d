import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { syntheticAccount } from '../../bench/audit/fixture.js';
import { type LoopbackKms, startLoopbackKms } from '../../bench/support/loopback-kms.js';
import { removeDir, runBounded, STACK_TRACE, scratchDir } from '../support/spawn-bounded.js';

/**
 * `--out` of every command, as a real process: a folder gets the plan's files, a file one document,
 * and every failure (read-only folder, full disk, a folder or a file in the way, /proc) is exit 2 with
 * one line naming --out and what to do, nothing half-written and no temporary file left behind.
 */

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const RETAIL = join(EXAMPLES, 'retail.yaml');
/** Three accounts: three CloudFormation templates. */
const HEALTHCARE = join(EXAMPLES, 'healthcare.yaml');

const dirs: string[] = [];
function workdir(): string {
  const dir = scratchDir('keyplan-out-');
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

let kms: LoopbackKms;
beforeAll(async () => {
  kms = await startLoopbackKms(syntheticAccount(3));
});
afterAll(async () => {
  await kms.close();
});

const AUDIT_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDLOOPBACK',
  AWS_SECRET_ACCESS_KEY: 'loopback-secret-key',
  AWS_REGION: 'us-east-1',
};

function expectOneLineFailure(run: { code: number | null; stderr: string; timedOut: boolean }, message: RegExp) {
  expect({ timedOut: run.timedOut, code: run.code, stderr: run.stderr }).toMatchObject({
    timedOut: false,
    code: 2,
    stderr: expect.stringMatching(message),
  });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
}

function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp'));
}

describe('keyplan plan --out: folders and files', { timeout: 60_000 }, () => {
  it('terraform into some/dir/ writes one module (keyplan.tf) and creates the folder', async () => {
    const dir = workdir();
    const run = await runBounded(['plan', RETAIL, '--format', 'terraform', '--out', 'some/dir/'], { cwd: dir });
    expect(run.stderr).toMatch(/Wrote 1 file\(s\) to some\/dir\/: keyplan.tf/);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'some/dir/keyplan.tf'), 'utf8')).toContain('resource "aws_kms_key"');
  });

  it('cloudformation into a folder writes one single-document template per account and region', async () => {
    const dir = workdir();
    const run = await runBounded(['plan', HEALTHCARE, '-f', 'cloudformation', '--out', 'cfn/'], { cwd: dir });
    expect(run.code).toBe(0);
    const files = readdirSync(join(dir, 'cfn'));
    expect(files).toHaveLength(3);
    for (const file of files) {
      expect(parseAllDocuments(readFileSync(join(dir, 'cfn', file), 'utf8'))).toHaveLength(1);
    }
  });

  it('refuses a single file for a cloudformation plan that needs several templates, and writes nothing', async () => {
    const dir = workdir();
    const run = await runBounded(['plan', HEALTHCARE, '-f', 'cloudformation', '--out', 'stack.yaml'], { cwd: dir });
    expectOneLineFailure(
      run,
      /--out stack\.yaml is one file, but this cloudformation plan has 3 documents.*--out stack\//,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes a one-template cloudformation plan to a file, and markdown or json into an existing folder', async () => {
    const dir = workdir();
    const one = await runBounded(['plan', RETAIL, '-f', 'cloudformation', '--out', 'stack.yaml'], { cwd: dir });
    expect(one.code).toBe(0);
    expect(parseAllDocuments(readFileSync(join(dir, 'stack.yaml'), 'utf8'))).toHaveLength(1);
    mkdirSync(join(dir, 'reports'));
    for (const [format, name] of [
      ['markdown', 'keyplan.md'],
      ['json', 'keyplan.json'],
    ]) {
      const run = await runBounded(['plan', RETAIL, '-f', format as string, '--out', 'reports'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(existsSync(join(dir, 'reports', name as string))).toBe(true);
    }
  });

  it('creates missing folders for a file target', async () => {
    const dir = workdir();
    const run = await runBounded(['plan', RETAIL, '--out', 'a/b/c/plan.md'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'a/b/c/plan.md'), 'utf8')).toContain('# KMS key plan');
  });
});

describe('--out failures exit 2 with one line, for plan and audit', { timeout: 90_000 }, () => {
  const commands = {
    plan: (out: string) => ['plan', RETAIL, '--out', out],
    audit: (out: string) => ['audit', '--endpoint', kms.url, '--out', out],
  } as const;

  for (const [name, argv] of Object.entries(commands)) {
    it(`${name}: a read-only folder`, async () => {
      const dir = workdir();
      mkdirSync(join(dir, 'locked'));
      writeFileSync(join(dir, 'locked', 'report.md'), 'previous version\n');
      chmodSync(join(dir, 'locked', 'report.md'), 0o666);
      chmodSync(join(dir, 'locked'), 0o555);
      const run = await runBounded(argv('locked/report.md'), { cwd: dir, env: AUDIT_ENV, unprivileged: true });
      expectOneLineFailure(run, /cannot write --out locked\/report\.md: permission denied/);
      expect(readFileSync(join(dir, 'locked', 'report.md'), 'utf8')).toBe('previous version\n');
      expect(leftovers(dir)).toEqual([]);
    });

    it(`${name}: a full disk (/dev/full)`, async () => {
      const run = await runBounded(argv('/dev/full'), { cwd: workdir(), env: AUDIT_ENV });
      expectOneLineFailure(run, /cannot write --out \/dev\/full: no space left on the device/);
    });

    it(`${name}: a file in the way of a folder`, async () => {
      const dir = workdir();
      writeFileSync(join(dir, 'notes.txt'), 'x');
      const run = await runBounded(argv('notes.txt/report.md'), { cwd: dir, env: AUDIT_ENV });
      expectOneLineFailure(run, /cannot write --out notes\.txt\/report\.md: .*notes\.txt is a file, not a folder/);
    });

    it(`${name}: /proc, refused at once instead of hanging`, async () => {
      const run = await runBounded(argv('/proc/keyplan/report.md'), {
        cwd: workdir(),
        env: AUDIT_ENV,
        timeoutMs: 15_000,
      });
      expectOneLineFailure(run, /\/proc is a system file system/);
    });

    it(`${name}: a file that grows past the system's limit keeps the previous version and leaves no temporary file`, async () => {
      const dir = workdir();
      writeFileSync(join(dir, 'report.md'), 'previous version\n');
      // Files may not grow past 2 KB (plan: the write fails part-way) or at all (audit: the report is
      // smaller): EFBIG with SIGXFSZ ignored, which keyplan meets as it would a full disk.
      const run = await runBounded(argv('report.md'), {
        cwd: dir,
        env: AUDIT_ENV,
        shellPrefix: `trap '' XFSZ; ulimit -f ${name === 'plan' ? 4 : 0}`,
      });
      expectOneLineFailure(
        run,
        /cannot write --out report\.md: the file is larger than this system allows; nothing was written/,
      );
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('previous version\n');
      expect(leftovers(dir)).toEqual([]);
    });
  }

  it('audit: a folder is not a report file', async () => {
    const dir = workdir();
    mkdirSync(join(dir, 'reports'));
    const run = await runBounded(commands.audit('reports'), { cwd: dir, env: AUDIT_ENV });
    expectOneLineFailure(run, /cannot write --out reports: it is a folder: give a file name inside it/);
  });

  it('plan: standard output on a full disk is exit 2, not a crash', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const run = await runBounded(['plan', RETAIL], { stdoutFd: fd });
      expectOneLineFailure(run, /cannot write to standard output: no space left on the device/);
    } finally {
      closeSync(fd);
    }
  });
});

describe('keyplan chat: the plan folder', { timeout: 60_000 }, () => {
  it('refuses a folder under /proc at once and asks again', async () => {
    const dir = workdir();
    const run = await runBounded(['chat', '--from', RETAIL], {
      cwd: dir,
      env: { DATABASE_URL: `sqlite:${join(dir, 'kp.db')}` },
      stdin: 'confirm\n/proc/keyplan\nplan-out\n',
      timeoutMs: 30_000,
    });
    expect(run.timedOut).toBe(false);
    expect(run.stdout).toMatch(/Could not write to \/proc\/keyplan: .*\/proc is a system file system/);
    expect(existsSync(join(dir, 'plan-out', 'keyplan.md'))).toBe(true);
    expect(run.code).toBe(0);
  });
});

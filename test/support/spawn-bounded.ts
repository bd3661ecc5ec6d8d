import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYPLAN_BIN } from './spawn-cli.js';

/**
 * `keyplan` as a real process for the hardening tests: a wall-clock bound (a hang fails the test instead
 * of stalling the suite), an optional heap bound, the child's peak memory, an unprivileged user where
 * permissions must bite (root ignores them), and standard output sent to a file or device (/dev/full).
 */

const RSS_PRELOAD = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

export interface BoundedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds. */
  elapsedMs: number;
  /** Peak resident memory of the child in MB (from process.resourceUsage at exit), when it exited normally. */
  peakRssMb: number | null;
  timedOut: boolean;
}

export interface BoundedOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** Killed with SIGKILL after this long; the result says timedOut. */
  timeoutMs?: number;
  /** V8 heap cap in MB (--max-old-space-size): growing past it is a fatal error, not a slow machine. */
  maxHeapMb?: number;
  /** Run as an unprivileged user (nobody) when the tests run as root, so file permissions apply. */
  unprivileged?: boolean;
  /** A file descriptor for standard output instead of a pipe (stdout is then not captured). */
  stdoutFd?: number;
  /** Shell prefix run before keyplan, e.g. `ulimit -f 64` (the command then runs under sh). */
  shellPrefix?: string;
}

export const RUNNING_AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** A scratch folder the unprivileged user can enter and (unless made read-only later) write. */
export function scratchDir(prefix = 'keyplan-hardening-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

export function removeDir(dir: string): void {
  chmodSync(dir, 0o777);
  rmSync(dir, { recursive: true, force: true });
}

export function runBounded(args: string[], options: BoundedOptions = {}): Promise<BoundedRun> {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'keyplan-rss-')), 'rss');
  chmodSync(join(rssFile, '..'), 0o777);
  const nodeArgs = [
    `--import=${RSS_PRELOAD}`,
    ...(options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : []),
    KEYPLAN_BIN,
    ...args,
  ];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: options.unprivileged ? '/tmp' : (process.env.HOME ?? '/tmp'),
    KEYPLAN_TEST_RSS_FILE: rssFile,
    ...options.env,
  };
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const [command, argv] = options.shellPrefix
    ? ['/bin/sh', ['-c', `${options.shellPrefix}; exec ${[process.execPath, ...nodeArgs].map(quote).join(' ')}`]]
    : [process.execPath, nodeArgs];
  const started = performance.now();
  const child = spawn(command, argv, {
    cwd: options.cwd,
    env,
    stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'],
    ...(options.unprivileged && RUNNING_AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    // Keep at most 1 MB: a runaway output must not make the test itself run out of memory.
    if (stdout.length < 1_000_000) stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 1_000_000) stderr += chunk.toString();
  });
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.stdin ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let peakRssMb: number | null = null;
      try {
        peakRssMb = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
      } catch {
        // The child died before its exit hook ran.
      }
      rmSync(join(rssFile, '..'), { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, elapsedMs: performance.now() - started, peakRssMb, timedOut });
    });
  });
}

/** A stack trace line as Node prints them. */
export const STACK_TRACE = /\n\s+at .+[:(]/;

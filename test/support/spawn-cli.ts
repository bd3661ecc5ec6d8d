import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KEYPLAN_BIN = fileURLToPath(new URL('../../bin/keyplan.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `keyplan` as a real process (the compiled build), feeding stdin and collecting output. */
export function runKeyplan(
  args: string[],
  options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const live = startKeyplan(args, options);
  live.write(options.stdin ?? '');
  return live.end();
}

export interface LiveKeyplan {
  write(text: string): void;
  /** Resolves once stdout contains `text` (rejects if the process ends first). */
  waitFor(text: string): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<CliRun>;
  /** Closes stdin and resolves when the process has ended. */
  end(): Promise<CliRun>;
}

/** Starts `keyplan` and keeps stdin open, to drive it step by step (and kill it between two answers). */
export function startKeyplan(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string> /** Another entry point, e.g. dist/src/main.js (npm start). */;
    entry?: string;
  } = {},
): LiveKeyplan {
  const child = spawn(process.execPath, [options.entry ?? KEYPLAN_BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (stdout.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    settle();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`keyplan ended before printing "${waiter.text}":\n${stdout}\n${stderr}`));
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    write: (text) => {
      child.stdin.write(text);
    },
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        waiters.push({ text, resolve, reject });
        settle();
      }),
    kill: (signal) => {
      child.kill(signal);
      return closed;
    },
    end: () => {
      child.stdin.end();
      return closed;
    },
  };
}

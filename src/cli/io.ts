/** What a CLI command may touch besides its arguments: injected so commands run in-process in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal: progress lines are only drawn there. */
  isTTY: boolean;
  /** Working directory for relative paths. */
  cwd: string;
  /** How the user started keyplan, when not as `keyplan` (e.g. `npm start`): hints name it. */
  invokedAs?: string;
}

export const EXIT = {
  ok: 0,
  unexpected: 1,
  badInput: 2,
  /** `keyplan audit` found error-severity findings. */
  findings: 3,
} as const;

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}

export interface CapturedIo {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

/** An in-memory CliIo, for running a command in-process (tests, benchmarks, embedding) and reading its output. */
export function memoryIo(options: { isTTY?: boolean; cwd: string }): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        err += text;
      },
      isTTY: options.isTTY ?? false,
      cwd: options.cwd,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

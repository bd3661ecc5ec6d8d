const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EIO: 'the device reported an input/output error',
  EBADF: 'it is closed',
  EACCES: 'permission denied',
};

/**
 * Standard output failing is the destination's fault, not a bug: a reader that closes early
 * (`keyplan plan x | head`) ends keyplan quietly; a full disk (`> /dev/full`) is exit 2 with one line.
 */
export function stdoutFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(0);
  const reason = REASONS[error.code ?? ''] ?? String(error.code ?? 'write failed');
  process.stderr.write(`keyplan: cannot write to standard output: ${reason}. Redirect it somewhere else.\n`);
  process.exit(2);
}

function warningName(warning: string | Error, rest: unknown[]): string | undefined {
  if (typeof warning === 'object') return warning.name;
  const [first] = rest;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && 'type' in first) return String((first as { type: unknown }).type);
  return undefined;
}

/**
 * What every entry point (`keyplan`, `npm start`) sets up before running a command: stdout failures
 * reported as above, and the AWS SDK's notice that its 2027 releases need Node 22 kept off the user's
 * terminal (nothing a user of keyplan can act on; package.json states the supported Node).
 */
export function installProcessGuards(): void {
  process.stdout.on('error', stdoutFailed);
  const emitWarning = process.emitWarning.bind(process) as (warning: string | Error, ...rest: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (
      warningName(warning, rest) === 'NodeVersionSupportWarning' ||
      String(warning).includes('NodeVersionSupportWarning')
    ) {
      return;
    }
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** Runs an entry point's command; a write to a broken stdout that throws synchronously is reported too. */
export async function runGuarded(run: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure?.syscall === 'write' && typeof failure.code === 'string') stdoutFailed(failure);
    throw error;
  }
}

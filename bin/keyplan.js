#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('keyplan is not built yet: run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}

const REASONS = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EIO: 'the device reported an input/output error',
  EBADF: 'it is closed',
  EACCES: 'permission denied',
};

// Standard output failing is the destination's fault, not a bug: a reader that closes early
// (`keyplan plan x | head`) ends keyplan quietly; a full disk (`> /dev/full`) is exit 2 with one line.
function stdoutFailed(error) {
  if (error?.code === 'EPIPE') process.exit(0);
  const reason = REASONS[error?.code] ?? String(error?.code ?? 'write failed');
  process.stderr.write(`keyplan: cannot write to standard output: ${reason}. Redirect it somewhere else.\n`);
  process.exit(2);
}
process.stdout.on('error', stdoutFailed);

// The AWS SDK warns developers, on every audit, that its 2027 releases will need Node 22: nothing a user
// of keyplan can act on (package.json states the supported Node), and nine lines of noise on stderr.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const name = typeof warning === 'object' ? warning?.name : typeof rest[0] === 'object' ? rest[0]?.type : rest[0];
  if (name === 'NodeVersionSupportWarning' || String(warning).includes('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

const { runCli } = await import('../dist/src/cli.js');
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  // A file or device behind stdout fails synchronously inside write().
  if (error?.syscall === 'write' && typeof error.code === 'string') stdoutFailed(error);
  throw error;
}

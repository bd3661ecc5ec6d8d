#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('keyplan is not built yet: run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}
const { installProcessGuards, runGuarded } = await import('../dist/src/cli/process-guards.js');
installProcessGuards();
const { runCli } = await import('../dist/src/cli.js');
await runGuarded(() => runCli(process.argv.slice(2)));

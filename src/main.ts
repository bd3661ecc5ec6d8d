import { processIo } from './cli/io.js';
import { runCli } from './cli.js';
import { hasPlatform, loadConfig } from './config.js';

/**
 * `npm start`: serves Slack and Teams when their credentials are configured; with none, runs the
 * interview in this terminal on SQLite.
 */
async function main(): Promise<number> {
  let serve = false;
  try {
    serve = hasPlatform(loadConfig());
  } catch {
    // A bad variable is reported by the command itself, with what to fix.
    serve = true;
  }
  const io = { ...processIo(), invokedAs: 'npm start' };
  return runCli(serve ? ['serve', ...process.argv.slice(2)] : ['chat', ...process.argv.slice(2)], io);
}

process.exitCode = await main();

import { processIo } from './cli/io.js';
import { installProcessGuards, runGuarded } from './cli/process-guards.js';
import { runCli } from './cli.js';
import { hasPlatform, loadConfig } from './config.js';

/**
 * `npm start`: serves Slack and Teams when their credentials are configured; with none, runs the
 * interview in this terminal on SQLite.
 */
function command(): string {
  try {
    return hasPlatform(loadConfig()) ? 'serve' : 'chat';
  } catch {
    // A bad variable is reported by the command itself, with what to fix.
    return 'chat';
  }
}

installProcessGuards();
await runGuarded(() => runCli([command(), ...process.argv.slice(2)], { ...processIo(), invokedAs: 'npm start' }));

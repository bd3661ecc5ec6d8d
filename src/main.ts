import { runCli } from './cli.js';

/**
 * `npm start`. Slack and Teams servers start here once their credentials are configured (their
 * issues add them); with none, keyplan runs the interview in the terminal on SQLite.
 */
async function main(): Promise<number> {
  return runCli(['chat', ...process.argv.slice(2)]);
}

process.exitCode = await main();

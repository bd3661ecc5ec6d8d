import { parseArgs } from 'node:util';
import { KeyplanError } from '../../../src/core/index.js';
import { packageTeamsApp } from './package-app.js';

const USAGE = `Usage: npm run teams:package -- --bot-id <MicrosoftAppId> [--domain <host>] [--out <file.zip>]

Builds the Teams app package to side-load or upload: manifest.json (with your bot's id, and your host
in validDomains), color.png and outline.png, zipped. The icons are drawn by code into
adapters/teams/appPackage/ first.
  --bot-id   the Microsoft App ID of your Azure Bot (the MicrosoftAppId keyplan runs with)
  --domain   the host Teams reaches keyplan on, e.g. keyplan.contoso.com
  --out      where to write the package (default dist/teams/keyplan-teams.zip)
`;

/** The teams:package command: exit 0 with the package written, 2 with what to fix. */
function main(argv: string[]): number {
  let values: { 'bot-id'?: string; domain?: string; out?: string; source?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'bot-id': { type: 'string' },
        domain: { type: 'string' },
        out: { type: 'string' },
        source: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`teams:package: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values['bot-id']) {
    process.stderr.write(`teams:package: --bot-id is required (the MicrosoftAppId of your Azure Bot).\n\n${USAGE}`);
    return 2;
  }
  try {
    const written = packageTeamsApp({
      source: values.source ?? 'adapters/teams/appPackage',
      botId: values['bot-id'],
      out: values.out ?? 'dist/teams/keyplan-teams.zip',
      ...(values.domain ? { domain: values.domain } : {}),
    });
    process.stdout.write(`teams:package: wrote ${written.out} (${written.files.join(', ')})\n`);
    return 0;
  } catch (error) {
    if (error instanceof KeyplanError) {
      process.stderr.write(`teams:package: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));

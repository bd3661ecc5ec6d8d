import { loadConfig } from '../config.js';
import { PLAN_STATUS_TEXT, PlanDirectory, type PlanListing } from '../conversation/index.js';
import { KeyplanError } from '../core/errors.js';
import { terminalText } from '../core/text/terminal-text.js';
import { EXPORT_FORMATS } from '../export/index.js';
import { openStore, type Tenant } from '../store/index.js';
import { oneOf, parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { writePlan } from './plan-output.js';
import { textTable } from './text-table.js';

export const PLANS_USAGE = `Usage: keyplan plans
       keyplan plans show ID [--format markdown|json|terraform|cloudformation] [--out PATH]

Lists the plans that interviews in this terminal stored (DATABASE_URL), newest first, or writes one of
them again: the ID is the first column of the list (e.g. acme-retail/v2).
  --format  markdown (default), json, terraform or cloudformation
  --out     write to PATH instead of stdout (a folder gets one file per account and region where needed)
`;

/** The terminal's own workspace: plans from `keyplan chat`. */
const TERMINAL: Tenant = { platform: 'console', workspace: 'local' };

function table(plans: readonly PlanListing[]): string {
  return textTable(
    ['ID', 'Organisation', 'Made (UTC)', 'KMS keys', 'Per month', 'Status'],
    plans.map((plan) => [
      plan.id,
      plan.organization,
      plan.createdAt.slice(0, 16).replace('T', ' '),
      String(plan.keys),
      `$${plan.monthlyUsd.toFixed(2)}`,
      PLAN_STATUS_TEXT[plan.status],
    ]),
  );
}

export async function plansCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('plans', argv, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(PLANS_USAGE);
    return EXIT.ok;
  }
  const [verb, id, ...extra] = positionals;
  if (verb !== undefined && verb !== 'show') {
    throw new KeyplanError('USAGE', `keyplan plans: unknown subcommand "${terminalText(verb)}".\n\n${PLANS_USAGE}`);
  }
  if (verb === 'show' && (id === undefined || extra.length > 0)) {
    throw new KeyplanError('USAGE', `keyplan plans show takes one plan ID, e.g. acme-retail/v2.\n\n${PLANS_USAGE}`);
  }
  if (verb === undefined && (values.format !== undefined || values.out !== undefined)) {
    throw new KeyplanError('USAGE', 'keyplan plans: --format and --out go with `plans show ID`');
  }
  const format = oneOf('plans', 'format', values.format, EXPORT_FORMATS, 'markdown');
  const config = loadConfig();
  const store = await openStore(config.databaseUrl, { limits: config.database });
  try {
    const directory = new PlanDirectory(store);
    if (id === undefined) {
      const plans = await directory.list(TERMINAL);
      io.stdout(
        plans.length === 0
          ? 'No plans yet: `keyplan chat` runs the interview and stores its plan.\n'
          : `${table(plans)}\n\`keyplan plans show ID\` writes one of them again.\n`,
      );
      return EXIT.ok;
    }
    const stored = await directory.get(TERMINAL, id);
    if (!stored) {
      throw new KeyplanError(
        'NOT_FOUND',
        `keyplan plans: there is no plan "${terminalText(id)}"; \`keyplan plans\` lists the IDs there are`,
      );
    }
    writePlan(stored.plan, format, values.out, io, 'plans show');
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

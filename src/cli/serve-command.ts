import { hasPlatform, loadConfig } from '../config.js';
import {
  approvalRegistration,
  ConversationEngine,
  expireApprovals,
  interviewRegistration,
  PlanDirectory,
  reminderHandlers,
  reviewRegistration,
  TimeZones,
  Workspaces,
} from '../conversation/index.js';
import { KeyplanError } from '../core/errors.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { openStore } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { serverAuditRunner, stsRoleCheck } from './serve/audit-runner.js';
import { listen, routeServer } from './serve/http-server.js';
import type { PlatformServer } from './serve/platform.js';
import { PLATFORMS } from './serve/platforms.js';

export const SERVE_USAGE = `Usage: keyplan serve

Serves every chat platform whose credentials are configured, on one HTTP server (PORT, default 3000):
  Slack   SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN: POST /slack/events (Socket Mode with SLACK_APP_TOKEN)
  Teams   TEAMS_ENABLED=true, or MicrosoftAppId + MicrosoftAppPassword: POST /api/messages
GET /healthz answers while the server runs. Stop it with Ctrl-C or SIGTERM.
`;

/** How often the scheduler looks for reminders that are due. */
const SCHEDULER_TICK_MS = 30_000;

/** Resolves when the process is asked to stop. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => resolve(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function serveCommand(argv: string[], io: CliIo, until: Promise<unknown> = stopSignal()): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new KeyplanError('USAGE', `keyplan serve takes no arguments.\n\n${SERVE_USAGE}`);
  const config = loadConfig();
  if (!hasPlatform(config)) {
    throw new KeyplanError(
      'CONFIG_INVALID',
      `keyplan serve: no chat platform is configured.\n\n${SERVE_USAGE}\nWithout one, run \`keyplan chat\` for the interview in this terminal.`,
    );
  }
  const log = (line: string) => io.stderr(`${line}\n`);
  const store = await openStore(config.databaseUrl, { limits: config.database });
  const engine = new ConversationEngine({
    store,
    flows: [interviewRegistration, approvalRegistration, reviewRegistration],
    onDeliveryError: (error) => log(`keyplan: a proactive message was not delivered: ${(error as Error).message}`),
  });
  const workspaces = new Workspaces(store, {
    bootstrapAdmins: config.bootstrapAdmins,
    checkRole: stsRoleCheck(config.aws),
  });
  const timeZones = new TimeZones(store);
  const context = {
    engine,
    store,
    plans: new PlanDirectory(store),
    workspaces,
    audit: serverAuditRunner(config.aws),
    timeZones,
    log,
  };
  // Reviews, approval nudges and expiries: every replica runs a scheduler; the store's claim sends each once.
  const scheduler = new Scheduler({
    store,
    handlers: reminderHandlers({ engine, store, timeZoneOf: (tenant, userId) => timeZones.of(tenant, userId) }),
    onFailure: (reminder, error, final) =>
      log(
        `keyplan: reminder ${reminder.kind} ${reminder.id} failed (attempt ${reminder.attempts}${final ? ', the last' : ''}): ${(error as Error).message}`,
      ),
    onTickError: (error) => log(`keyplan: the reminder scheduler could not run: ${(error as Error).message}`),
  });
  const platforms: PlatformServer[] = [];
  try {
    for (const name of ['slack', 'teams'] as const) {
      if (config[name] === null) continue;
      const start = PLATFORMS[name];
      if (!start)
        throw new KeyplanError(
          'CONFIG_INVALID',
          `keyplan serve: ${name} is configured, but this build cannot serve it yet`,
        );
      const platform = await start(config, context);
      engine.attachSink(name, platform.sink);
      if (platform.timeZoneOf) timeZones.attach(name, platform.timeZoneOf);
      platforms.push(platform);
    }
    const server = routeServer(Object.assign({}, ...platforms.map((p) => p.routes)), log);
    const port = await listen(server, config.port);
    for (const platform of platforms) await platform.start();
    // A request whose expiry reminder failed for good still expires: caught up at every start.
    await expireApprovals(engine, store, new Date()).catch((error: unknown) =>
      log(`keyplan: expiring approval requests failed: ${(error as Error).message}`),
    );
    scheduler.start(SCHEDULER_TICK_MS);
    log(`keyplan serve: ${platforms.map((p) => p.name).join(' and ')} on port ${port}`);
    await until;
    log('keyplan serve: stopping');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return EXIT.ok;
  } finally {
    await scheduler.stop();
    for (const platform of platforms) await platform.stop().catch(() => undefined);
    await store.close();
  }
}

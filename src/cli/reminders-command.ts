import { loadConfig } from '../config.js';
import { REMINDER_KINDS } from '../conversation/index.js';
import { KeyplanError } from '../core/errors.js';
import { terminalText } from '../core/text/terminal-text.js';
import { openStore, type ReminderRecord, type ReminderState } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { tenantArg } from './tenant-arg.js';
import { textTable } from './text-table.js';

export const REMINDERS_USAGE = `Usage: keyplan reminders list [--tenant PLATFORM:WORKSPACE] [--all] [--json]

What keyplan serve's scheduler will send, and when: strategy reviews (every 90 days after a plan is
approved, or as the workspace's \`config review-interval\` says), nudges about approval requests waiting
two days, and approval expiries. Reminders reach people on weekdays, 09:00–17:00 in their time zone.
  --tenant  one workspace, e.g. slack:T0123ABCD (default: all)
  --all     sent and cancelled reminders too (default: those still to send, and those that failed)
  --json    one JSON object per line
`;

const PENDING: ReminderState[] = ['due', 'claimed', 'failed'];
/** The most a listing shows (soonest first); --tenant narrows it. */
const SHOWN = 1000;

const KIND_TEXT: Record<string, string> = {
  [REMINDER_KINDS.reviewDue]: 'strategy review',
  [REMINDER_KINDS.approvalNudge]: 'approval nudge',
  [REMINDER_KINDS.approvalExpiry]: 'approval expiry',
};

/** The plan a reminder is about, where its data names one. */
function planOf(reminder: ReminderRecord): string {
  const data = reminder.data as { planId?: unknown } | null;
  return typeof data?.planId === 'string' ? data.planId : reminder.subject;
}

function stateText(reminder: ReminderRecord): string {
  if (reminder.state === 'failed') return `failed after ${reminder.attempts} attempt(s): ${reminder.lastError ?? ''}`;
  if (reminder.state === 'due' && reminder.lastError) return `due again (attempt ${reminder.attempts} failed)`;
  return reminder.state;
}

export async function remindersCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('reminders', argv, {
    tenant: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(REMINDERS_USAGE);
    return EXIT.ok;
  }
  const [verb = 'list', ...extra] = positionals;
  if (verb !== 'list' || extra.length > 0) {
    throw new KeyplanError(
      'USAGE',
      `keyplan reminders: unknown subcommand "${terminalText(positionals.join(' '))}".\n\n${REMINDERS_USAGE}`,
    );
  }
  const tenant = tenantArg('reminders', values.tenant);
  const config = loadConfig();
  const store = await openStore(config.databaseUrl, { limits: config.database });
  try {
    const reminders = await store.reminders.list({
      ...(tenant ? { tenant } : {}),
      ...(values.all ? {} : { states: PENDING }),
      limit: SHOWN,
    });
    const more =
      reminders.length >= SHOWN
        ? `Only the first ${SHOWN} are shown; there may be more (--tenant narrows the list).\n`
        : '';
    if (values.json) {
      for (const r of reminders) {
        const { tenant: t, id, kind, subject, dueAt, state, attempts, lastError, sentAt } = r;
        const line = {
          tenant: `${t.platform}:${t.workspace}`,
          id,
          kind,
          subject,
          plan: planOf(r),
          dueAt,
          state,
          attempts,
          lastError,
          sentAt,
        };
        io.stdout(`${JSON.stringify(line)}\n`);
      }
      return EXIT.ok;
    }
    if (reminders.length === 0) {
      io.stdout(values.all ? 'No reminders.\n' : 'Nothing to send: no reminder is due or waiting.\n');
      return EXIT.ok;
    }
    io.stdout(
      textTable(
        ['Due (UTC)', 'Kind', 'Workspace', 'Plan', 'State'],
        reminders.map((r) => [
          r.dueAt.slice(0, 16).replace('T', ' '),
          KIND_TEXT[r.kind] ?? r.kind,
          `${r.tenant.platform}:${r.tenant.workspace}`,
          planOf(r),
          stateText(r),
        ]),
      ),
    );
    if (more) io.stderr(more);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

import { auditCommand } from './cli/audit-command.js';
import { auditLogCommand } from './cli/audit-log-command.js';
import { chatCommand } from './cli/chat-command.js';
import { type CliIo, EXIT, processIo } from './cli/io.js';
import { planCommand } from './cli/plan-command.js';
import { plansCommand } from './cli/plans-command.js';
import { remindersCommand } from './cli/reminders-command.js';
import { printableError, reportError } from './cli/report-error.js';
import { serveCommand } from './cli/serve-command.js';
import { keyplanVersion } from './cli/version.js';

export const USAGE = `keyplan — how many AWS KMS keys do we need, and who controls them?

Usage: keyplan <command> [options]

Commands:
  chat             the interview in the terminal (resumes the last unfinished one; --new starts over)
  plan <profile>   turn a profile (YAML/JSON) into a key plan: markdown, json, terraform, cloudformation
  audit            compare the live AWS account with best practice and, with --plan, with the plan
  audit-log        export the audit trail (approvals, settings, plans) or verify its hash chains
  serve            serve the Slack and Teams apps whose credentials are configured
  plans            the plans stored by earlier interviews; \`plans show ID\` writes one again
  reminders        the strategy reviews and approval reminders serve will send, and when
  help             show this help (\`keyplan --version\` prints the version)

Run \`keyplan <command> --help\` for a command's options. Exit codes: 0 ok, 1 unexpected failure,
2 invalid input or usage, 3 audit found error-severity findings.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  plan: planCommand,
  chat: (argv, io) => chatCommand(argv, io),
  audit: (argv, io) => auditCommand(argv, io),
  'audit-log': (argv, io) => auditLogCommand(argv, io),
  plans: (argv, io) => plansCommand(argv, io),
  reminders: (argv, io) => remindersCommand(argv, io),
  serve: (argv, io) => serveCommand(argv, io),
};

/** Runs one CLI invocation and returns the exit code; never throws. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`keyplan ${keyplanVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`${printableError(`keyplan: unknown command "${name}".`)}\n\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

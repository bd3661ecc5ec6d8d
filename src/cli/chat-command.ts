import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { runConsoleChat } from '../../adapters/console/index.js';
import { INTERVIEW_FLOW } from '../../flows/interview.machine.js';
import { loadConfig } from '../config.js';
import { ConversationEngine } from '../conversation/index.js';
import type { Plan } from '../core/index.js';
import { exportPlanText } from '../export/index.js';
import { readProfileText } from '../profile-text.js';
import { openStore, type Tenant } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { writeOutputFiles } from './output.js';
import { readInputFile } from './read-input.js';

export const CHAT_USAGE = `Usage: keyplan chat [--new] [--from PROFILE]

Runs the keyplan interview in the terminal. Progress is saved after every answer (DATABASE_URL,
default sqlite:./data/keyplan.db); \`keyplan chat\` resumes the last unfinished interview.
  --new          start a new interview instead of resuming
  --from FILE    start from a profile (YAML/JSON) and only review it
Inside the interview: :back, :skip, :cancel, :help; end of input (Ctrl-D) or Ctrl-C keeps progress.
`;

function writePlanFiles(cwd: string) {
  return async (plan: Plan, directory: string): Promise<string[]> =>
    writeOutputFiles(
      directory,
      [
        { name: 'keyplan.md', content: exportPlanText(plan, 'markdown') },
        { name: 'keyplan.json', content: exportPlanText(plan, 'json') },
      ],
      { what: 'the folder', cwd },
    );
}

export async function chatCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('chat', argv, {
    new: { type: 'boolean' },
    from: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(CHAT_USAGE);
    return EXIT.ok;
  }
  let loaded: unknown;
  if (values.from !== undefined) {
    const text = readInputFile(values.from, io.cwd, `--from ${values.from}`, 'Give a YAML or JSON profile.');
    // A profile that does not validate is bad input for the command, like `keyplan plan`'s.
    loaded = readProfileText(text, values.from);
  }
  const config = loadConfig();
  const store = await openStore(config.databaseUrl, { limits: config.database });
  try {
    const userId = userInfo().username || 'local';
    const tenant: Tenant = { platform: 'console', workspace: 'local' };
    const previous =
      values.new || loaded !== undefined
        ? undefined
        : await store.conversations.latestActive(tenant, userId, INTERVIEW_FLOW);
    const result = await runConsoleChat({
      engine: new ConversationEngine(store),
      tenant,
      userId,
      conversationId: previous?.id ?? randomUUID(),
      resumed: previous !== undefined,
      ...(loaded !== undefined ? { profile: loaded } : {}),
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      savePlan: writePlanFiles(io.cwd),
    });
    // Piped input that ends on a rejected answer is bad input: say so with the exit code too.
    return result.lastAnswerRejected ? EXIT.badInput : EXIT.ok;
  } finally {
    await store.close();
  }
}

import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { type PlanFiles, runConsoleChat } from '../../adapters/console/index.js';
import { loadConfig } from '../config.js';
import { ConversationEngine, INTERVIEW_FLOW, interviewRegistration } from '../conversation/index.js';
import { readProfileText } from '../profile-text.js';
import { openStore } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { writeOutputFiles } from './output.js';
import { readInputFile } from './read-input.js';

export const CHAT_USAGE = `Usage: keyplan chat [--new] [--from PROFILE]

Runs the keyplan interview in the terminal. Progress is saved after every answer (DATABASE_URL,
default sqlite:./data/keyplan.db); \`keyplan chat\` resumes the last unfinished interview.
  --new          start a new interview instead of resuming
  --from FILE    start from a profile (YAML/JSON) and only review it
Inside the interview: :back, :cancel, :help (explains the question); end of input (Ctrl-D) or
Ctrl-C keeps progress. At the end keyplan writes profile.yaml, the report, JSON, Terraform and
CloudFormation into a folder you confirm.
`;

/** The plan's files in a folder the user named: created if missing, each file written whole. */
function planFiles(cwd: string): PlanFiles {
  return {
    async existing(directory, names) {
      const dir = resolve(cwd, directory);
      return names.filter((name) => existsSync(join(dir, name)));
    },
    async write(directory, files) {
      return writeOutputFiles(
        directory,
        files.map((file) => ({ name: file.filename, content: file.content })),
        { what: 'the folder', cwd },
      );
    },
  };
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
    const result = await runConsoleChat({
      engine: new ConversationEngine({ store, flows: [interviewRegistration] }),
      tenant: { platform: 'console', workspace: 'local' },
      userId: userInfo().username || 'local',
      flow: INTERVIEW_FLOW,
      fresh: values.new === true || loaded !== undefined,
      ...(loaded !== undefined ? { profile: loaded } : {}),
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      files: planFiles(io.cwd),
      resumeCommand: io.invokedAs ?? 'keyplan chat',
    });
    // Piped input that ends on a rejected answer is bad input: say so with the exit code too.
    return result.lastAnswerRejected ? EXIT.badInput : EXIT.ok;
  } finally {
    await store.close();
  }
}

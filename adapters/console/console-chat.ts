import type {
  FormReply,
  PlanSummaryReply,
  Reply,
  ReplyAction,
  ReviewReply,
  Tenant,
  TurnResult,
  TurnRunner,
} from '../../src/conversation/index.js';
import { isCommand } from './commands.js';
import type { LineReader } from './line-reader.js';
import { openLineReader } from './line-reader.js';
import { confirmed, promptForm } from './prompt-form.js';
import { renderPassive, renderPlanSummary, renderReview } from './render.js';
import { parseReviewCommand, reviewHelp } from './review-commands.js';
import { type Style, styleFor } from './style.js';

/** Where the plan's files go: the command line decides how files are written. */
export interface PlanFiles {
  /** Which of these file names already exist in the folder. */
  existing(directory: string, names: readonly string[]): Promise<string[]>;
  /** Writes the files (each whole, or not at all) and returns their paths. */
  write(directory: string, files: readonly { filename: string; content: string }[]): Promise<string[]>;
}

export interface ConsoleChatOptions {
  engine: TurnRunner;
  tenant: Tenant;
  userId: string;
  /** The flow to open; the terminal runs the interview. */
  flow: string;
  /** Start over instead of resuming the unfinished interview. */
  fresh?: boolean;
  /** A profile to review instead of answering the interview. */
  profile?: unknown;
  /** The id of a new conversation (tests); a random one otherwise. */
  conversationId?: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal (colours, line editing) rather than a pipe (one answer per line, plain text). */
  interactive: boolean;
  files: PlanFiles;
  /** The command that resumes the interview, as the user started it (`npm start`, `keyplan chat`). */
  resumeCommand?: string;
}

export interface ConsoleChatResult {
  conversationId: string;
  state: string;
  status: 'active' | 'done' | 'cancelled';
  /** The input ended right after an answer the interview rejected (the caller exits non-zero). */
  lastAnswerRejected: boolean;
}

export const DEFAULT_PLAN_FOLDER = './keyplan-plan';
export const progressSaved = (command = 'keyplan chat') => `Progress saved — run \`${command}\` to continue.`;

type Asking = FormReply | ReviewReply | PlanSummaryReply;

interface Session {
  reader: LineReader;
  write(text: string): void;
  style: Style;
}

/** What the user answers next: the last reply that asks something (forms, reviews, plans). */
function askingReply(replies: readonly Reply[]): Asking | undefined {
  return replies.findLast(
    (reply): reply is Asking => reply.type === 'form' || reply.type === 'review' || reply.type === 'plan-summary',
  );
}

async function askReview(review: ReviewReply, session: Session): Promise<ReplyAction | undefined> {
  session.write(renderReview(review, session.style));
  session.write(reviewHelp(review));
  for (;;) {
    const line = await session.reader.ask('review> ');
    if (line === undefined) return undefined;
    const command = parseReviewCommand(line, review);
    if (command.kind === 'action') {
      const ok = await confirmed(command.action, session);
      if (ok === undefined) return undefined;
      if (ok) return command.action;
      continue;
    }
    if (command.kind === 'error') session.write(session.style.warn(`! ${command.message}\n`));
    session.write(reviewHelp(review));
  }
}

/**
 * Writes the plan's files into a folder the user confirms, asking before it replaces any. Returns
 * false when the input ended on a failed write.
 */
async function savePlanFiles(reply: PlanSummaryReply, session: Session, files: PlanFiles): Promise<boolean> {
  const { reader, write, style } = session;
  const names = reply.attachments.map((a) => a.filename);
  write(`The plan's files: ${names.join(', ')}.\n`);
  for (;;) {
    const line = await reader.ask(`Write them to which folder? [${DEFAULT_PLAN_FOLDER}] `);
    if (line !== undefined && isCommand(line)) {
      write(style.warn('! The interview is finished: type a folder, or Enter for the default.\n'));
      continue;
    }
    // The interview is finished and cannot be resumed, so an input that ends here takes the default.
    const folder = line?.trim() || DEFAULT_PLAN_FOLDER;
    try {
      const clash = await files.existing(folder, names);
      if (clash.length > 0 && line !== undefined) {
        const answer = await reader.ask(`${folder} already has ${clash.join(', ')}. Replace them? [y/N] `);
        if (answer === undefined || !/^(y|yes)$/i.test(answer.trim())) {
          write('Nothing was replaced; choose another folder.\n');
          if (answer === undefined) return false;
          continue;
        }
      }
      const paths = await files.write(folder, reply.attachments);
      for (const path of paths) write(style.good(`✓ Wrote ${path}\n`));
      write('`keyplan plan profile.yaml` gives this plan again from the profile; edit it and run that to change it.\n');
      return true;
    } catch (error) {
      write(style.error(`✗ Could not write to ${folder}: ${(error as Error).message}\n`));
      if (line === undefined) return false;
    }
  }
}

/**
 * The terminal interview: one engine turn per answer, so every answer is checked as it is typed and
 * saved before the next question, and an interrupted run resumes where it stopped. It sends only the
 * actions the engine's replies offer, each with the stamp of the view it answers.
 */
export async function runConsoleChat(options: ConsoleChatOptions): Promise<ConsoleChatResult> {
  const style = styleFor(options.interactive);
  const write = (text: string) => {
    options.output.write(text);
  };
  const session: Session = { reader: openLineReader(options), write, style };
  const actor = { userId: options.userId };
  const done = (result: TurnResult, lastAnswerRejected: boolean): ConsoleChatResult => ({
    conversationId: result.conversationId,
    state: result.state,
    status: result.status,
    lastAnswerRejected,
  });
  let latest: TurnResult | undefined;
  const send = async (action: ReplyAction, values?: Record<string, unknown>) => {
    const on = latest as TurnResult;
    if (on.stamp === null) return on;
    latest = await options.engine.act({
      tenant: options.tenant,
      actor,
      conversationId: on.conversationId,
      actionId: action.id,
      stamp: on.stamp,
      ...(values ? { values } : {}),
    });
    // A failed turn changed nothing: the view before it still stands (and its stamp).
    if (latest.outcome === 'failed') {
      for (const reply of latest.replies) write(renderPassive(reply, style));
      latest = on;
    }
    return latest;
  };
  try {
    let result = await options.engine.open({
      tenant: options.tenant,
      actor,
      flow: options.flow,
      ...(options.fresh ? { fresh: true } : {}),
      ...(options.profile !== undefined ? { input: { profile: options.profile } } : {}),
      ...(options.conversationId ? { conversationId: options.conversationId } : {}),
      surface: { kind: 'terminal', ids: {} },
    });
    latest = result;
    if (result.resumed) write(style.title('Resuming your interview.\n'));
    let rejected = false;
    for (;;) {
      for (const reply of result.replies) write(renderPassive(reply, style));
      const asking = askingReply(result.replies);
      if (asking?.type === 'plan-summary') {
        write(renderPlanSummary(asking, style));
        const saved = await savePlanFiles(asking, session, options.files);
        return done(result, !saved);
      }
      if (result.status !== 'active' || asking === undefined || result.stamp === null) return done(result, false);
      let next: TurnResult | undefined;
      if (asking.type === 'form') {
        next = await promptForm(result, send, session);
      } else {
        const action = await askReview(asking, session);
        next = action ? await send(action) : undefined;
      }
      if (next === undefined) {
        write(`${progressSaved(options.resumeCommand)}\n`);
        return done(latest, latest.outcome === 'rejected' || rejected);
      }
      rejected = next.outcome === 'rejected';
      result = next;
    }
  } finally {
    session.reader.close();
  }
}

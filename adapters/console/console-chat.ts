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
import type { Plan } from '../../src/core/index.js';
import { isCommand } from './commands.js';
import type { LineReader } from './line-reader.js';
import { openLineReader } from './line-reader.js';
import { confirmed, promptForm } from './prompt-form.js';
import { renderPassive, renderPlanSummary, renderReview } from './render.js';
import { parseReviewCommand, reviewHelp } from './review-commands.js';
import { type Style, styleFor } from './style.js';

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
  savePlan(plan: Plan, directory: string): Promise<string[]>;
}

export interface ConsoleChatResult {
  conversationId: string;
  state: string;
  status: 'active' | 'done' | 'cancelled';
  /** The input ended right after an answer the interview rejected (the caller exits non-zero). */
  lastAnswerRejected: boolean;
}

export const DEFAULT_PLAN_FOLDER = './keyplan-plan';
export const PROGRESS_SAVED = 'Progress saved — run `keyplan chat` to continue.';

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

type Chosen = { action: ReplyAction; values?: Record<string, string> } | undefined;

async function askReview(review: ReviewReply, session: Session): Promise<Chosen> {
  session.write(renderReview(review, session.style));
  session.write(reviewHelp(review));
  for (;;) {
    const line = await session.reader.ask('review> ');
    if (line === undefined) return undefined;
    const command = parseReviewCommand(line, review);
    if (command.kind === 'action') {
      const ok = await confirmed(command.action, session);
      if (ok === undefined) return undefined;
      if (ok) return { action: command.action };
      continue;
    }
    if (command.kind === 'error') session.write(session.style.warn(`! ${command.message}\n`));
    session.write(reviewHelp(review));
  }
}

async function askForm(form: FormReply, session: Session): Promise<Chosen> {
  const outcome = await promptForm(form, session);
  if (outcome.kind === 'end') return undefined;
  return { action: outcome.action, ...(outcome.values ? { values: outcome.values } : {}) };
}

/** Writes the plan where the user says; returns false when the input ended on a failed write. */
async function savePlanFiles(reply: PlanSummaryReply, session: Session, options: ConsoleChatOptions): Promise<boolean> {
  for (;;) {
    const line = await session.reader.ask(
      `Write the plan (markdown and JSON) to which folder? [${DEFAULT_PLAN_FOLDER}] `,
    );
    if (line !== undefined && isCommand(line)) {
      session.write(session.style.warn('! The interview is finished: type a folder, or Enter for the default.\n'));
      continue;
    }
    // The interview is finished and cannot be resumed, so an input that ends here takes the default.
    const folder = line?.trim() || DEFAULT_PLAN_FOLDER;
    try {
      const paths = await options.savePlan(reply.plan, folder);
      for (const path of paths) session.write(session.style.good(`✓ Wrote ${path}\n`));
      return true;
    } catch (error) {
      session.write(session.style.error(`✗ Could not write to ${folder}: ${(error as Error).message}\n`));
      if (line === undefined) return false;
    }
  }
}

/**
 * The terminal interview: one engine turn per answered form or review command, so every answer sent
 * is saved before the next question and an interrupted run resumes where it stopped. It sends only
 * the actions the engine's replies offer, each with the stamp of the view it answers.
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
    if (result.resumed) write(style.title('Resuming your interview.\n'));
    // The last view that asked something: shown again when a turn fails (nothing was changed).
    let shown = result;
    let rejected = false;
    for (;;) {
      for (const reply of result.replies) write(renderPassive(reply, style));
      if (result.outcome === 'failed') result = shown;
      shown = result;
      const asking = askingReply(result.replies);
      if (asking?.type === 'plan-summary') {
        write(renderPlanSummary(asking, style));
        const saved = await savePlanFiles(asking, session, options);
        return done(result, !saved);
      }
      if (result.status !== 'active' || asking === undefined || result.stamp === null) return done(result, false);
      const chosen = asking.type === 'form' ? await askForm(asking, session) : await askReview(asking, session);
      if (chosen === undefined) {
        write(`${PROGRESS_SAVED}\n`);
        return done(result, rejected);
      }
      result = await options.engine.act({
        tenant: options.tenant,
        actor,
        conversationId: result.conversationId,
        actionId: chosen.action.id,
        stamp: result.stamp,
        ...(chosen.values ? { values: chosen.values } : {}),
      });
      rejected = result.outcome === 'rejected';
    }
  } finally {
    session.reader.close();
  }
}

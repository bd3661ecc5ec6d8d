import type {
  EngineEvent,
  FormReply,
  PlanSummaryReply,
  Reply,
  ReviewReply,
  Tenant,
  TurnResult,
  TurnRunner,
} from '../../src/conversation/index.js';
import type { Plan } from '../../src/core/index.js';
import { isCommand } from './commands.js';
import type { LineReader } from './line-reader.js';
import { openLineReader } from './line-reader.js';
import { promptForm } from './prompt-form.js';
import { renderPassive, renderPlanSummary, renderReview } from './render.js';
import { parseReviewCommand, reviewHelp } from './review-commands.js';
import { type Style, styleFor } from './style.js';

export interface ConsoleChatOptions {
  engine: TurnRunner;
  tenant: Tenant;
  userId: string;
  conversationId: string;
  /** The conversation existed before this run: say so, the engine shows where it stopped. */
  resumed: boolean;
  /** A profile to review instead of answering the interview. */
  profile?: unknown;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal (colours, line editing) rather than a pipe (one answer per line, plain text). */
  interactive: boolean;
  savePlan(plan: Plan, directory: string): Promise<string[]>;
}

export interface ConsoleChatResult {
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

function wasRejected(result: TurnResult): boolean {
  const form = askingReply(result.replies);
  return form?.type === 'form' && (form.notice !== undefined || form.fields.some((field) => field.error));
}

async function askReview(review: ReviewReply, session: Session): Promise<EngineEvent | undefined> {
  session.write(renderReview(review, session.style));
  session.write(reviewHelp(review));
  for (;;) {
    const line = await session.reader.ask('review> ');
    if (line === undefined) return undefined;
    const command = parseReviewCommand(line, review);
    if (command.kind === 'event') return command.event;
    if (command.kind === 'error') session.write(session.style.warn(`! ${command.message}\n`));
    session.write(reviewHelp(review));
  }
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
 * is saved before the next question and an interrupted run resumes where it stopped.
 */
export async function runConsoleChat(options: ConsoleChatOptions): Promise<ConsoleChatResult> {
  const style = styleFor(options.interactive);
  const write = (text: string) => {
    options.output.write(text);
  };
  const session: Session = { reader: openLineReader(options), write, style };
  const turn = (event: EngineEvent) =>
    options.engine.turn({
      tenant: options.tenant,
      conversationId: options.conversationId,
      userId: options.userId,
      event,
    });
  try {
    if (options.resumed) write(style.title('Resuming your interview.\n'));
    let result = await turn({ type: 'START' });
    if (options.profile !== undefined) result = await turn({ type: 'LOAD_PROFILE', data: options.profile });
    let rejected = false;
    for (;;) {
      for (const reply of result.replies) write(renderPassive(reply, style));
      const asking = askingReply(result.replies);
      if (asking?.type === 'plan-summary') {
        write(renderPlanSummary(asking, style));
        const saved = await savePlanFiles(asking, session, options);
        return { state: result.state, status: result.status, lastAnswerRejected: !saved };
      }
      if (result.status !== 'active' || asking === undefined) {
        return { state: result.state, status: result.status, lastAnswerRejected: false };
      }
      let event: EngineEvent | undefined;
      if (asking.type === 'form') {
        const outcome = await promptForm(asking, session);
        if (outcome.kind === 'submit') event = { type: 'SUBMIT', values: outcome.values };
        else if (outcome.kind === 'navigate') event = outcome.event;
      } else {
        event = await askReview(asking, session);
      }
      if (event === undefined) {
        write(`${PROGRESS_SAVED}\n`);
        return { state: result.state, status: 'active', lastAnswerRejected: rejected };
      }
      result = await turn(event);
      rejected = event.type === 'SUBMIT' && wasRejected(result);
    }
  } finally {
    session.reader.close();
  }
}

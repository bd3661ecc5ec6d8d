/** The terminal adapter: the interview as prompts on a TTY or lines on a pipe. */
export {
  type ConsoleChatOptions,
  type ConsoleChatResult,
  DEFAULT_PLAN_FOLDER,
  type PlanFiles,
  progressSaved,
  runConsoleChat,
} from './console-chat.js';
export { answerFor, currentAnswer } from './field-answer.js';
export { type LineReader, openLineReader } from './line-reader.js';
export { isAsked } from './prompt-form.js';
export { renderField, renderFormHeader, renderMessage, renderPlanSummary, renderReview } from './render.js';
export { parseReviewCommand, type ReviewCommand } from './review-commands.js';
export { type Style, styleFor } from './style.js';

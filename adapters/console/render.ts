import type {
  FormField,
  FormReply,
  MessageReply,
  PlanSummaryReply,
  Reply,
  ReviewReply,
} from '../../src/conversation/index.js';
import { currentAnswer } from './field-answer.js';
import type { Style } from './style.js';

/** Reply → terminal text. No input handling here: the prompt loops decide what to ask. */

/** Long option lists (regions, services) are shown a page at a time. */
export const OPTIONS_PER_PAGE = 12;

export function renderMessage(reply: MessageReply, style: Style): string {
  const marks = { info: '', success: style.good('✓ '), warning: style.warn('! '), error: style.error('✗ ') };
  return `${marks[reply.tone]}${reply.text}\n`;
}

export function renderFormHeader(form: FormReply, style: Style): string {
  const lines = ['', style.title(`== ${form.title} ==`), style.dim(form.help)];
  if (form.notice) lines.push(style.warn(`! ${form.notice}`));
  for (const field of form.fields) {
    if (field.error) lines.push(style.error(`✗ ${field.label}: ${field.error}`));
  }
  return `${lines.join('\n')}\n`;
}

function bracket(field: FormField): string {
  if (field.kind === 'yes-no') {
    const current = currentAnswer(field);
    return current === 'yes' ? ' [Y/n]' : current === 'no' ? ' [y/N]' : ' [y/n]';
  }
  const current = currentAnswer(field);
  return current === undefined ? '' : ` [${current}]`;
}

function optionLines(field: FormField, page: number, style: Style): string[] {
  const options = field.options ?? [];
  if (options.length === 0) return [];
  const pages = Math.ceil(options.length / OPTIONS_PER_PAGE);
  const start = (page % pages) * OPTIONS_PER_PAGE;
  const shown = options.slice(start, start + OPTIONS_PER_PAGE);
  const lines = shown.map((option, i) => {
    const label = option.label === option.value ? '' : ` — ${option.label}`;
    return `  ${String(start + i + 1).padStart(2)}) ${option.value}${style.dim(label)}`;
  });
  const how = field.kind === 'multi-select' ? 'numbers or values, comma separated' : 'a number or a value';
  if (pages === 1) {
    lines.push(style.dim(`  (${how})`));
    return lines;
  }
  const end = start + shown.length;
  const example = options[end % options.length]?.value;
  lines.push(style.dim(`  (${how}; ${start + 1}–${end} of ${options.length} shown, ? shows more, e.g. ${example})`));
  return lines;
}

function optionalMark(field: FormField, style: Style): string {
  // Yes-no questions always have a default, and some labels already say what blank means.
  if (field.required || field.kind === 'yes-no' || /optional|blank/i.test(field.label)) return '';
  return style.dim(' (optional)');
}

/** One question: the lines shown before it, and the prompt the answer is typed after. */
export function renderField(field: FormField, page: number, style: Style): { lines: string[]; prompt: string } {
  const head = `${field.label}${optionalMark(field, style)}${bracket(field)}`;
  const lines = [
    ...(field.help ? [style.dim(`  ${field.help}`)] : []),
    ...(field.error ? [style.error(`  ✗ ${field.error}`)] : []),
    ...optionLines(field, page, style),
  ];
  if (lines.length === 0) return { lines: [], prompt: `${head}: ` };
  return { lines: [head, ...lines], prompt: '> ' };
}

export function renderReview(review: ReviewReply, style: Style): string {
  const lines = ['', style.title(`== ${review.title} ==`)];
  if (review.notice) lines.push(style.warn(`! ${review.notice}`));
  review.sections.forEach((section, i) => {
    lines.push(`${String(i + 1).padStart(2)}. ${style.title(section.title)}`);
    for (const line of section.lines) lines.push(`      ${line}`);
  });
  if (review.issues.length > 0) {
    lines.push(style.error('Problems to fix before confirming:'));
    for (const issue of review.issues) {
      const where = issue.path === '' ? '(profile)' : issue.path;
      lines.push(style.error(`  ✗ ${where}: ${issue.message}${issue.hint ? ` — ${issue.hint}` : ''}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderPlanSummary(reply: PlanSummaryReply, style: Style): string {
  const lines = ['', style.title(reply.headline), ...reply.lines.map((line) => `  ${line}`)];
  if (reply.planId) {
    lines.push(style.dim(`Saved as plan ${reply.planId}; \`keyplan plans show ${reply.planId}\` shows it again.`));
  }
  return `${lines.join('\n')}\n`;
}

/** Replies that need no answer (messages, approval requests) print as they are. */
export function renderPassive(reply: Reply, style: Style): string {
  if (reply.type === 'message') return renderMessage(reply, style);
  if (reply.type === 'approval-request' || reply.type === 'audit-report') {
    return `${style.title(reply.headline)}\n${reply.lines.map((line) => `  ${line}`).join('\n')}\n`;
  }
  return '';
}

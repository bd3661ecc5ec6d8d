import type { AuditReportReply, PlanSummaryReply } from '../../../src/conversation/index.js';
import { type AdaptiveCard, CARD_BYTE_BUDGET, type CardElement, cardBytes, text } from './adaptive.js';

/** A file of a reply as the card links it: a download keyplan serves for a while. */
export interface FileLink {
  title: string;
  filename: string;
  url: string;
}

/** Markdown list items for one TextBlock: one block keeps a long list cheap in bytes. */
function bullets(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

function filesBlock(files: readonly FileLink[], note: string): CardElement[] {
  if (files.length === 0) return [];
  return [
    text('Files', { weight: 'bolder', spacing: 'medium' }),
    text(bullets(files.map((file) => `[${file.filename}](${file.url}) — ${file.title}`)), { spacing: 'small' }),
    text(note, { size: 'small', subtle: true, spacing: 'small' }),
  ];
}

/**
 * The longest prefix of `lines` whose card (built by `build`) stays within Teams' message budget;
 * what is left out is counted in a last line that points at the full report.
 */
export function fitLines(
  lines: readonly string[],
  build: (shown: string[]) => AdaptiveCard,
  more: (hidden: number) => string,
): AdaptiveCard {
  const withMore = (count: number) =>
    build(count === lines.length ? [...lines] : [...lines.slice(0, count), more(lines.length - count)]);
  if (cardBytes(withMore(lines.length)) <= CARD_BYTE_BUDGET) return withMore(lines.length);
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (cardBytes(withMore(middle)) <= CARD_BYTE_BUDGET) low = middle;
    else high = middle - 1;
  }
  return withMore(low);
}

export interface SummaryParts {
  /** Elements before the summary (notices of the turn). */
  before: CardElement[];
  files: FileLink[];
  /** How long the links work, in words. */
  filesNote: string;
  /** Builds the card around the body (the actions of the same reply set, if any). */
  wrap: (body: CardElement[]) => AdaptiveCard;
}

/** The plan summary: headline, one line per KMS key (as many as fit), findings, and the plan's files. */
export function planSummaryCard(reply: PlanSummaryReply, parts: SummaryParts): AdaptiveCard {
  const [keys, tail] = splitTail(reply.lines, 2);
  return fitLines(
    keys,
    (shown) =>
      parts.wrap([
        ...parts.before,
        text('Your KMS key plan', { size: 'large', weight: 'bolder' }),
        text(reply.headline, { size: 'medium' }),
        ...(reply.planId ? [text(`Stored as plan ${reply.planId}.`, { subtle: true, spacing: 'none' })] : []),
        ...(shown.length > 0 ? [text(bullets(shown), { spacing: 'medium' })] : []),
        ...tail.map((line) => text(line, { spacing: 'small' })),
        ...filesBlock(parts.files, parts.filesNote),
      ]),
    (hidden) => `… and ${hidden} more: every key is in the report below.`,
  );
}

/** `audit`: the digest, the counts and the full report as a file. */
export function auditCard(reply: AuditReportReply, parts: SummaryParts): AdaptiveCard {
  const color = reply.counts.error > 0 ? 'attention' : reply.counts.warning > 0 ? 'warning' : 'good';
  return fitLines(
    reply.lines,
    (shown) =>
      parts.wrap([
        ...parts.before,
        text('KMS audit', { size: 'large', weight: 'bolder' }),
        text(reply.headline, { color }),
        ...(shown.length > 0 ? [text(bullets(shown), { spacing: 'medium' })] : []),
        ...filesBlock(parts.files, parts.filesNote),
      ]),
    (hidden) => `… and ${hidden} more in the report.`,
  );
}

/** The summary's last lines (findings, approval) stay whatever else is cut. */
function splitTail(lines: readonly string[], tail: number): [string[], string[]] {
  const cut = Math.max(0, lines.length - tail);
  return [lines.slice(0, cut), lines.slice(cut)];
}

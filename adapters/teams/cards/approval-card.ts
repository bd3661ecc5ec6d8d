import type { ApprovalRequestReply, ReplyAction } from '../../../src/conversation/index.js';
import { errorId, inputId } from './action-data.js';
import { type AdaptiveCard, CARD_BYTE_BUDGET, type CardElement, cardBytes, type TextColor, text } from './adaptive.js';
import { type FileLink, fitLines } from './plan-card.js';

type Decision = NonNullable<ApprovalRequestReply['decision']>;

export interface ApprovalParts {
  /** Elements before the request (a note to a late clicker). */
  before: CardElement[];
  /** Links to the approval document (the report with every key policy) and the plan as JSON. */
  files: FileLink[];
  filesNote: string;
  /** A person's display name, where Teams has told keyplan; their id otherwise. */
  nameOf: (userId: string) => string;
  /** Whether the card carries buttons (it names the conversation and view they answer). */
  actionable: boolean;
  /** Builds the card around the body, with the reply's buttons. */
  wrap: (body: CardElement[]) => AdaptiveCard;
}

const COLORS: Record<string, TextColor> = {
  approved: 'good',
  'changes-requested': 'warning',
  rejected: 'attention',
};

/** `2026-05-01T14:03:27.120Z` → `2026-05-01 14:03 UTC`, the same for everyone in a channel. */
export function whenOf(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function names(ids: readonly string[], nameOf: (userId: string) => string): string {
  const named = ids.map((id) => `**${nameOf(id)}**`);
  return named.length <= 1 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** The decision in one sentence: outcome, who (for a person's decision) and when. */
export function decisionText(decision: Decision, nameOf: (userId: string) => string): string {
  const when = whenOf(decision.at);
  switch (decision.outcome) {
    case 'approved':
      return `Approved by ${names(decision.by, nameOf)} on ${when}.`;
    case 'changes-requested':
      return `Changes requested by ${names(decision.by, nameOf)} on ${when}.`;
    case 'rejected':
      return `Rejected by ${names(decision.by, nameOf)} on ${when}.`;
    case 'superseded':
      return `Superseded on ${when}: the team confirmed a newer plan.`;
    case 'expired':
      return `Expired on ${when}: nobody decided in time.`;
    default:
      return `${decision.outcome} on ${when}.`;
  }
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

/**
 * The inputs the buttons ask for (`ReplyAction.asks`: the reason of a request for changes or a
 * rejection), beside the buttons. Not required in the card: a blank reason goes to keyplan and comes
 * back with its error under the input, and Approve never needs one.
 */
function askedInputs(reply: ApprovalRequestReply): CardElement[] {
  const askers = new Map<string, ReplyAction[]>();
  for (const action of reply.actions) {
    for (const id of action.asks ?? []) askers.set(id, [...(askers.get(id) ?? []), action]);
  }
  return reply.fields
    .filter((field) => askers.has(field.id))
    .flatMap((field) => {
      const labels = (askers.get(field.id) ?? []).map((action) => action.label);
      const typed = field.error && typeof field.rejected === 'string' ? field.rejected : undefined;
      return [
        {
          type: 'Input.Text',
          id: inputId(field.id),
          label: field.label,
          isMultiline: true,
          placeholder: `Needed for ${labels.join(' and ')}`,
          ...(typed ? { value: typed } : {}),
        },
        ...(field.error
          ? [text(field.error, { id: errorId(field.id), color: 'attention', size: 'small', spacing: 'none' })]
          : []),
      ];
    });
}

function heading(value: string): CardElement {
  return text(value, { weight: 'bolder', spacing: 'medium' });
}

/**
 * The approval request in the security channel: who asked, the plan hash the decision binds to,
 * the plan summary, what changed since the team's last approved plan, the approval document, and,
 * while it waits, the reason input and the buttons. After a decision: outcome, who, when and why,
 * without buttons. Fitted to Teams' message size: summary lines go first, then changes, each
 * counted where cut (the document has everything).
 */
export function approvalCard(reply: ApprovalRequestReply, parts: ApprovalParts): AdaptiveCard {
  const [first = '', ...rest] = reply.lines;
  const last = rest.length > 0 ? rest.at(-1) : undefined;
  const middle = rest.slice(0, -1);
  const { decision } = reply;
  const status: CardElement[] = decision
    ? [
        text(decisionText(decision, parts.nameOf), { color: COLORS[decision.outcome] ?? 'default', weight: 'bolder' }),
        ...(decision.reason ? [text(`Reason: “${decision.reason}”`, { spacing: 'small' })] : []),
      ]
    : reply.approvals.length > 0
      ? [
          text(
            `Approved so far by ${names(
              reply.approvals.map((a) => a.by),
              parts.nameOf,
            )} (${reply.approvals.map((a) => whenOf(a.at)).join(', ')}).`,
            { color: 'good' },
          ),
        ]
      : [];
  const build = (lines: string[], changes: string[]): AdaptiveCard =>
    parts.wrap([
      ...parts.before,
      text(reply.headline, {
        size: 'large',
        weight: 'bolder',
        ...(decision ? { color: COLORS[decision.outcome] ?? 'default' } : {}),
      }),
      text(`Asked by **${parts.nameOf(reply.requester)}**.`, { spacing: 'small' }),
      text('Plan hash (the decision binds to exactly this plan):', { size: 'small', subtle: true, spacing: 'small' }),
      text(reply.planHash, { fontType: 'monospace', size: 'small', spacing: 'none' }),
      ...status,
      ...(reply.notice ? [text(reply.notice, { color: 'attention' })] : []),
      heading('The plan'),
      text(first, { spacing: 'small' }),
      ...(lines.length > 0 ? [text(bullets(lines), { spacing: 'small' })] : []),
      ...(last ? [text(last, { size: 'small', subtle: true, spacing: 'small' })] : []),
      heading('What changed since the team’s last approved plan'),
      text(changes.length > 0 ? bullets(changes) : 'Nothing.', { spacing: 'small' }),
      ...(parts.files.length > 0
        ? [
            heading('Approval document'),
            text(bullets(parts.files.map((file) => `[${file.filename}](${file.url}) — ${file.title}`)), {
              spacing: 'small',
            }),
            text(parts.filesNote, { size: 'small', subtle: true, spacing: 'small' }),
          ]
        : []),
      ...(parts.actionable ? askedInputs(reply) : []),
    ]);
  const moreLines = (hidden: number) => `… and ${hidden} more in the approval document.`;
  const moreChanges = (hidden: number) => `… and ${hidden} more changes in the approval document.`;
  const fitted = fitLines(middle, (shown) => build(shown, reply.changes), moreLines);
  if (cardBytes(fitted) <= CARD_BYTE_BUDGET) return fitted;
  // Even without summary lines the changes do not fit: cut them too.
  const noLines = middle.length > 0 ? [moreLines(middle.length)] : [];
  return fitLines(reply.changes, (shown) => build(noLines, shown), moreChanges);
}

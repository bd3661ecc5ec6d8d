import type { Severity } from '../core/plan/schema.js';
import { titleOf } from './catalog.js';
import { SEVERITY_RANK } from './checks/run.js';
import type { AuditFinding } from './checks/types.js';
import { renderMarkdown } from './report/markdown.js';
import { type AuditReport, countBySeverity } from './report/types.js';

/** Lines a chat message shows before pointing at the attachment. */
export const SUMMARY_LINES = 8;

export interface AuditSummary {
  headline: string;
  lines: string[];
  counts: Record<Severity, number>;
  attachment: { filename: string; markdown: string };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function subject(finding: AuditFinding): string {
  return finding.alias ?? finding.keyId ?? '(account)';
}

/**
 * A platform-neutral digest of an audit for chat: one headline, one line per check that fired (worst
 * first, naming up to three keys), the counts, and the full Markdown report as an attachment. The
 * Slack and Teams adapters decide how to draw it.
 */
export function summarizeAudit(report: AuditReport): AuditSummary {
  const counts = countBySeverity(report.findings);
  const where = `account ${report.account ?? 'unknown'} in ${report.region}`;
  const headline =
    report.findings.length === 0
      ? `KMS audit of ${where}: no findings across ${plural(report.scanned, 'key')}`
      : `KMS audit of ${where}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info across ${plural(report.scanned, 'key')}`;

  const groups = new Map<string, { severity: Severity; findings: AuditFinding[] }>();
  for (const finding of report.findings) {
    const group = groups.get(finding.checkId) ?? { severity: finding.severity, findings: [] };
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[group.severity]) group.severity = finding.severity;
    group.findings.push(finding);
    groups.set(finding.checkId, group);
  }
  const ordered = [...groups].sort(
    ([idA, a], [idB, b]) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.findings.length - a.findings.length ||
      idA.localeCompare(idB),
  );
  const lines = ordered.slice(0, SUMMARY_LINES).map(([checkId, group]) => {
    const subjects = [...new Set(group.findings.map(subject))];
    const named = subjects.slice(0, 3).join(', ') + (subjects.length > 3 ? ` and ${subjects.length - 3} more` : '');
    return `${group.severity}: ${titleOf(checkId)} (${plural(group.findings.length, 'finding')}): ${named}`;
  });
  if (ordered.length > SUMMARY_LINES)
    lines.push(`…and ${ordered.length - SUMMARY_LINES} more checks in the attached report`);
  const unreadable = report.keys.filter((key) => !key.readable).length;
  if (unreadable > 0) lines.push(`${plural(unreadable, 'key')} could not be read completely`);

  const date = report.generatedAt.slice(0, 10);
  return {
    headline,
    lines,
    counts,
    attachment: {
      filename: `keyplan-audit-${report.account ?? 'unknown'}-${report.region}-${date}.md`,
      markdown: renderMarkdown(report),
    },
  };
}

import { terminalText } from '../../core/text/terminal-text.js';
import { CHECK_CATALOG, titleOf } from '../catalog.js';
import type { AuditFinding } from '../checks/types.js';
import { mdCodeCell, mdFence, mdText } from './markdown-text.js';
import { type AuditReport, countBySeverity } from './types.js';

/** Remediation blocks shown per check; the JSON report carries all of them. */
export const REMEDIATIONS_PER_CHECK = 5;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function subject(finding: AuditFinding): string {
  return finding.alias ?? finding.keyId ?? '(account)';
}

function keyLine(report: AuditReport): string {
  const customer = report.keys.filter((key) => key.manager === 'CUSTOMER').length;
  const aws = report.keys.filter((key) => key.manager === 'AWS').length;
  const unreadable = report.keys.filter((key) => !key.readable).length;
  const parts = [`${customer} customer managed`, `${aws} AWS managed`];
  if (unreadable > 0) parts.push(`${unreadable} not fully readable`);
  return `${plural(report.scanned, 'key')} scanned (${parts.join(', ')})`;
}

function remediationSection(report: AuditReport): string[] {
  const byCheck = new Map<string, AuditFinding[]>();
  for (const finding of report.findings) {
    const list = byCheck.get(finding.checkId) ?? [];
    list.push(finding);
    byCheck.set(finding.checkId, list);
  }
  const lines: string[] = [];
  for (const [checkId, findings] of byCheck) {
    lines.push(`### ${checkId}: ${titleOf(checkId)}`, '');
    const rationale = CHECK_CATALOG.get(checkId)?.rationale;
    if (rationale) lines.push(rationale, '');
    for (const finding of findings.slice(0, REMEDIATIONS_PER_CHECK)) {
      lines.push(`**${mdText(subject(finding))}**: ${mdText(finding.message)}`, '');
      lines.push(...mdFence('sh', finding.remediation.cli), '');
      lines.push(...mdFence('hcl', finding.remediation.terraform), '');
    }
    const more = findings.length - REMEDIATIONS_PER_CHECK;
    if (more > 0) lines.push(`… and ${more} more: \`--format json\` lists the remediation for each.`, '');
  }
  return lines;
}

/** The audit as a Markdown document: for `--format markdown` and the chat attachment. */
export function renderMarkdown(report: AuditReport): string {
  const counts = countBySeverity(report.findings);
  const lines = [
    `# KMS key audit: account ${mdText(report.account ?? 'unknown')}, ${mdText(report.region)}`,
    '',
    `Generated ${report.generatedAt}. ${keyLine(report)}.`,
  ];
  if (report.plan) {
    lines.push(
      `Compared with the plan of ${mdText(report.plan.organization)} (${plural(report.plan.keysInScope, 'planned key')} in scope).`,
    );
  }
  lines.push('', `**${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info**`, '');
  if (report.findings.length === 0) {
    lines.push('No findings.', '');
  } else {
    lines.push('## Findings', '', '| Severity | Check | Key | Finding |', '| --- | --- | --- | --- |');
    for (const finding of report.findings) {
      lines.push(
        `| ${finding.severity} | ${finding.checkId} | ${mdCodeCell(subject(finding))} | ${mdText(finding.message)} |`,
      );
    }
    lines.push('', '## How to fix', '', ...remediationSection(report));
  }
  if (report.notes.length > 0) {
    lines.push('## Notes', '', ...report.notes.map((note) => `- ${mdText(note)}`), '');
  }
  // Whatever slipped through a field's escaping, the terminal still only sees text.
  return terminalText(`${lines.join('\n').trimEnd()}\n`, { multiline: true, keepBackslashes: true });
}

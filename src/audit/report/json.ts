import { terminalSafeJson } from './markdown-text.js';
import type { AuditReport } from './types.js';

/** `--format json`: the report as is, two-space indented, ending with a newline; safe to print on a terminal. */
export function renderJson(report: AuditReport): string {
  return terminalSafeJson(`${JSON.stringify(report, null, 2)}\n`);
}

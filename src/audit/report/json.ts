import type { AuditReport } from './types.js';

/** `--format json`: the report as is, two-space indented, ending with a newline. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

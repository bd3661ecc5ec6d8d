import { KeyplanError } from '../core/errors.js';
import type { Plan } from '../core/index.js';
import { terminalText } from '../core/text/terminal-text.js';
import { type ExportFormat, exportPlan, exportPlanText } from '../export/index.js';
import type { CliIo } from './io.js';
import { isFolderTarget, writeOutputFile, writeOutputFiles } from './output.js';

function writeFolder(plan: Plan, format: ExportFormat, out: string, io: CliIo): string {
  const files = exportPlan(plan, format);
  if (files.length === 0) {
    return `The plan has no customer managed keys, so there is no ${format} template to write to ${terminalText(out)}\n`;
  }
  writeOutputFiles(out, files, { what: '--out', cwd: io.cwd });
  const names = files.map((file) => file.name).join(', ');
  return `Wrote ${files.length} file(s) to ${terminalText(out)}: ${terminalText(names)}\n`;
}

function writeFile(plan: Plan, format: ExportFormat, out: string, io: CliIo, command: string): string {
  const files = exportPlan(plan, format);
  if (files.length > 1) {
    throw new KeyplanError(
      'USAGE',
      `keyplan ${command}: --out ${terminalText(out)} is one file, but this ${format} plan has ${files.length} documents (one per account and region, each deployed on its own): give a folder instead, e.g. --out ${terminalText(out.replace(/\.[A-Za-z]+$/, ''))}/`,
    );
  }
  writeOutputFile(out, files[0]?.content ?? exportPlanText(plan, format), { what: '--out', cwd: io.cwd });
  return `Wrote the ${format} plan (${plan.counts.recommended} KMS keys) to ${terminalText(out)}\n`;
}

/**
 * A plan in one format to stdout, or to `--out`: a folder gets the plan's files, a file one document
 * (refused, with what to do, when the format needs several). Shared by `plan` and `plans show`.
 */
export function writePlan(plan: Plan, format: ExportFormat, out: string | undefined, io: CliIo, command: string): void {
  if (out === undefined) {
    io.stdout(exportPlanText(plan, format));
    return;
  }
  if (out.trim() === '') throw new KeyplanError('USAGE', `keyplan ${command}: --out needs a file or folder name`);
  io.stderr(
    isFolderTarget(out, io.cwd) ? writeFolder(plan, format, out, io) : writeFile(plan, format, out, io, command),
  );
}

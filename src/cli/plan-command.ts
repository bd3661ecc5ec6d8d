import { KeyplanError } from '../core/errors.js';
import { type Plan, recommend } from '../core/index.js';
import { terminalText } from '../core/text/terminal-text.js';
import { EXPORT_FORMATS, type ExportFormat, exportPlan, exportPlanText } from '../export/index.js';
import { readProfileText } from '../profile-text.js';
import { oneOf, parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { isFolderTarget, writeOutputFile, writeOutputFiles } from './output.js';
import { readInputFile } from './read-input.js';

export const PLAN_USAGE = `Usage: keyplan plan <profile.yaml|profile.json> [--format markdown|json|terraform|cloudformation] [--out PATH]

Reads a profile (see examples/) and prints the key plan.
  --format  markdown (default), json, terraform or cloudformation
  --out     write to PATH instead of stdout. A folder (existing, or PATH ending in /) gets the
            plan's files: one template per account and region (cloudformation), one module
            (terraform: keyplan.tf), keyplan.md or keyplan.json. A file gets a single document;
            a cloudformation plan for several accounts or regions needs a folder.
`;

function writeFolder(plan: Plan, format: ExportFormat, out: string, io: CliIo): string {
  const files = exportPlan(plan, format);
  if (files.length === 0) {
    return `The plan has no customer managed keys, so there is no ${format} template to write to ${terminalText(out)}\n`;
  }
  writeOutputFiles(out, files, { what: '--out', cwd: io.cwd });
  const names = files.map((file) => file.name).join(', ');
  return `Wrote ${files.length} file(s) to ${terminalText(out)}: ${terminalText(names)}\n`;
}

function writeFile(plan: Plan, format: ExportFormat, out: string, io: CliIo): string {
  const files = exportPlan(plan, format);
  if (files.length > 1) {
    throw new KeyplanError(
      'USAGE',
      `keyplan plan: --out ${terminalText(out)} is one file, but this ${format} plan has ${files.length} documents (one per account and region, each deployed on its own): give a folder instead, e.g. --out ${terminalText(out.replace(/\.[A-Za-z]+$/, ''))}/`,
    );
  }
  writeOutputFile(out, files[0]?.content ?? exportPlanText(plan, format), { what: '--out', cwd: io.cwd });
  return `Wrote the ${format} plan (${plan.counts.recommended} KMS keys) to ${terminalText(out)}\n`;
}

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(PLAN_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new KeyplanError(
      'USAGE',
      `keyplan plan takes one profile file (got ${positionals.length}).\n\n${PLAN_USAGE}`,
    );
  }
  const file = positionals[0] as string;
  const format = oneOf('plan', 'format', values.format, EXPORT_FORMATS, 'markdown');
  if (values.out !== undefined && values.out.trim() === '') {
    throw new KeyplanError('USAGE', 'keyplan plan: --out needs a file or folder name');
  }
  const text = readInputFile(file, io.cwd, `profile ${file}`, 'Give the path of a YAML or JSON profile.');
  const plan = recommend(readProfileText(text, file));
  if (values.out === undefined) {
    io.stdout(exportPlanText(plan, format));
    return EXIT.ok;
  }
  const out = values.out;
  io.stderr(isFolderTarget(out, io.cwd) ? writeFolder(plan, format, out, io) : writeFile(plan, format, out, io));
  return EXIT.ok;
}

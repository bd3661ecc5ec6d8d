import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeyplanError } from '../core/errors.js';
import { recommend } from '../core/index.js';
import { EXPORT_FORMATS, exportPlan, exportPlanText } from '../export/index.js';
import { readProfileText } from '../profile-text.js';
import { oneOf, parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { readInputFile } from './read-input.js';

export const PLAN_USAGE = `Usage: keyplan plan <profile.yaml|profile.json> [--format markdown|json|terraform|cloudformation] [--out PATH]

Reads a profile (see examples/) and prints the key plan.
  --format  markdown (default), json, terraform or cloudformation
  --out     write to PATH instead of stdout; with cloudformation, a directory
            (existing, or ending in /) gets one template per account and region
`;

function isDirectoryTarget(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
  const text = readInputFile(file, io.cwd, `profile ${file}`, 'Give the path of a YAML or JSON profile.');
  const plan = recommend(readProfileText(text, file));
  if (values.out === undefined) {
    io.stdout(exportPlanText(plan, format));
    return EXIT.ok;
  }
  const out = resolve(io.cwd, values.out);
  if (format === 'cloudformation' && isDirectoryTarget(values.out)) {
    mkdirSync(out, { recursive: true });
    const files = exportPlan(plan, format);
    for (const f of files) writeFileSync(join(out, f.name), f.content);
    io.stderr(`Wrote ${files.length} template(s) to ${values.out}\n`);
  } else {
    writeFileSync(out, exportPlanText(plan, format));
    io.stderr(`Wrote the ${format} plan (${plan.counts.recommended} KMS keys) to ${values.out}\n`);
  }
  return EXIT.ok;
}

import { KeyplanError } from '../core/errors.js';
import { describeDiff, diffPlans, recommend } from '../core/index.js';
import { terminalText } from '../core/text/terminal-text.js';
import { EXPORT_FORMATS } from '../export/index.js';
import { readProfileText } from '../profile-text.js';
import { oneOf, parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { readPlanFile } from './plan-file.js';
import { writePlan } from './plan-output.js';
import { readInputFile } from './read-input.js';

export const PLAN_USAGE = `Usage: keyplan plan <profile.yaml|profile.json> [--format markdown|json|terraform|cloudformation] [--out PATH] [--since APPROVED.json]

Reads a profile (see examples/) and prints the key plan.
  --format  markdown (default), json, terraform or cloudformation
  --since   a plan approved before (JSON, as \`--format json\` writes it): keys that still fit keep their
            alias and identity, new readers join existing keys, and the changes are printed first
            (to stderr for formats other than markdown, so the export stays valid)
  --out     write to PATH instead of stdout. A folder (existing, or PATH ending in /) gets the
            plan's files: one template per account and region (cloudformation), one module
            (terraform: keyplan.tf), keyplan.md or keyplan.json. A file gets a single document;
            a cloudformation plan for several accounts or regions needs a folder.
`;

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    since: { type: 'string' },
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
  const previous = values.since === undefined ? undefined : readPlanFile(values.since, io.cwd, '--since');
  const plan = recommend(readProfileText(text, file), previous ? { previous } : {});
  if (previous && values.since !== undefined) {
    const changes = [
      `## Changes since ${values.since}`,
      '',
      ...describeDiff(diffPlans(previous, plan), `the plan in ${values.since}`).map((line) => `- ${line}`),
      '',
    ].join('\n');
    if (format === 'markdown' && values.out === undefined) io.stdout(`${terminalText(changes, { multiline: true })}\n`);
    else io.stderr(`${terminalText(changes, { multiline: true })}\n`);
  }
  writePlan(plan, format, values.out, io, 'plan');
  return EXIT.ok;
}

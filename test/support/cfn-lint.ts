import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real cfn-lint (Python), on PATH. It starts slowly, so many templates go through one run. A
 * missing tool fails the test loudly: it is never skipped.
 */

export interface CfnLintMatch {
  rule: string;
  level: string;
  message: string;
  file: string;
}

function spawn(command: string, args: readonly string[], input?: string) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    // UTF-8 on both pipes whatever the locale (CI may have none).
    env: { ...process.env, PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' },
  });
  if (result.error) {
    throw new Error(`${command} could not be run (${result.error.message}): install cfn-lint (see .ci/run)`);
  }
  return result;
}

/** Lints templates (name → YAML text) in one cfn-lint run; returns the matches per template name. */
export function cfnLint(templates: Readonly<Record<string, string>>): Map<string, CfnLintMatch[]> {
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-cfn-'));
  try {
    const names = Object.keys(templates);
    const files = names.map((name, i) => {
      const file = join(dir, `t${i}.yaml`);
      writeFileSync(file, templates[name] as string);
      return file;
    });
    const out = new Map<string, CfnLintMatch[]>(names.map((name) => [name, []]));
    if (files.length === 0) return out;
    const result = spawn('cfn-lint', ['--format', 'json', '--', ...files]);
    let matches: { Rule: { Id: string }; Level: string; Message: string; Filename: string }[];
    try {
      matches = JSON.parse(result.stdout);
    } catch {
      throw new Error(`cfn-lint printed no JSON (exit ${result.status}):\n${result.stderr}${result.stdout}`);
    }
    for (const match of matches) {
      const index = /t(\d+)\.yaml$/.exec(match.Filename)?.[1];
      const name = names[Number(index)] ?? match.Filename;
      out.get(name)?.push({ rule: match.Rule.Id, level: match.Level, message: match.Message, file: name });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DECODE = `
import json, sys
from cfnlint.decode import decode_str
out = []
for text in json.load(sys.stdin):
    template, matches = decode_str(text)
    out.append({"template": template, "errors": [str(m) for m in (matches or [])]})
json.dump(out, sys.stdout)
`;

/**
 * Parses YAML texts with cfn-lint's own decoder (PyYAML underneath), as CloudFormation tooling reads
 * them: the data each text holds, or the decoder's errors.
 */
export function cfnLintDecode(texts: readonly string[]): { template: unknown; errors: string[] }[] {
  const result = spawn('python3', ['-c', DECODE], JSON.stringify(texts));
  if (result.status !== 0) throw new Error(`cfn-lint's decoder failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real `terraform` binary, offline: the AWS provider comes from a local plugin folder. Many
 * exports are validated in one run (one module each) because every run pays for loading the
 * provider's schema. A missing tool fails the test loudly: it is never skipped.
 */
export const TERRAFORM_PLUGIN_DIR = '/opt/tf-plugins';

export interface TerraformDiagnostic {
  severity: string;
  summary: string;
  detail: string;
  /** The module (export) the diagnostic is about, or '' for the root. */
  module: string;
  line: number | undefined;
  code: string | undefined;
}

function terraformEnv(): NodeJS.ProcessEnv {
  // No user CLI configuration: plugin folder only, no network, no telemetry.
  return { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
}

function run(args: readonly string[], cwd: string, input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('terraform', args, {
    cwd,
    input,
    encoding: 'utf8',
    env: terraformEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `terraform could not be run (${result.error.message}): install Terraform and the AWS provider in ${TERRAFORM_PLUGIN_DIR} (see .ci/run)`,
    );
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function assertTerraformAvailable(): void {
  run(['version'], tmpdir());
  if (!existsSync(TERRAFORM_PLUGIN_DIR)) {
    throw new Error(
      `no Terraform plugin folder at ${TERRAFORM_PLUGIN_DIR}: it must hold hashicorp/aws for offline use`,
    );
  }
}

/** Module names are Terraform identifiers; tests name their exports freely. */
function moduleName(index: number): string {
  return `m${index}`;
}

/**
 * `terraform validate` over several exports at once, each its own module. Returns the diagnostics
 * per export name (an empty list: valid). Throws if init fails, since then nothing was validated.
 */
export function terraformValidate(exports: Readonly<Record<string, string>>): Map<string, TerraformDiagnostic[]> {
  assertTerraformAvailable();
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-tf-'));
  try {
    const names = Object.keys(exports);
    const root = names
      .map((name, i) => {
        mkdirSync(join(dir, moduleName(i)));
        writeFileSync(join(dir, moduleName(i), 'main.tf'), exports[name] as string);
        return `module "${moduleName(i)}" {\n  source = "./${moduleName(i)}"\n}\n`;
      })
      .join('');
    writeFileSync(join(dir, 'main.tf'), root);
    const init = run(
      ['init', `-plugin-dir=${TERRAFORM_PLUGIN_DIR}`, '-backend=false', '-input=false', '-no-color'],
      dir,
    );
    if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stderr}${init.stdout}`);
    const validate = run(['validate', '-json', '-no-color'], dir);
    const report = JSON.parse(validate.stdout) as {
      valid: boolean;
      diagnostics: {
        severity: string;
        summary: string;
        detail?: string;
        range?: { filename: string; start: { line: number } };
        snippet?: { code: string };
      }[];
    };
    const out = new Map<string, TerraformDiagnostic[]>(names.map((name) => [name, []]));
    for (const d of report.diagnostics) {
      const file = d.range?.filename ?? '';
      const index = /^m(\d+)\//.exec(file)?.[1];
      const name = index === undefined ? '' : (names[Number(index)] ?? '');
      const list = out.get(name) ?? [];
      list.push({
        severity: d.severity,
        summary: d.summary,
        detail: d.detail ?? '',
        module: name,
        line: d.range?.start.line,
        code: d.snippet?.code,
      });
      out.set(name, list);
    }
    if (!report.valid && [...out.values()].every((list) => list.length === 0)) {
      throw new Error(`terraform validate failed without diagnostics:\n${validate.stderr}`);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `terraform fmt` on one file's text: throws with Terraform's message when it is not valid HCL,
 * returns the formatted text otherwise.
 */
export function terraformFmt(text: string): string {
  assertTerraformAvailable();
  const result = run(['fmt', '-no-color', '-'], tmpdir(), text);
  if (result.status !== 0) throw new Error(`terraform fmt rejected the text:\n${result.stderr}`);
  return result.stdout;
}

/**
 * Evaluates `jsonencode(local.<name>)` with `terraform console` over a file of locals: Terraform's own
 * parser and evaluator, no provider needed. Returns the JSON value of every local.
 */
export function terraformLocals(localsFile: string, names: readonly string[]): Record<string, unknown> {
  assertTerraformAvailable();
  const dir = mkdtempSync(join(tmpdir(), 'keyplan-tfc-'));
  try {
    writeFileSync(join(dir, 'main.tf'), localsFile);
    // base64 keeps the console's own string quoting out of the way: the result is plain ASCII.
    const expression = `base64encode(jsonencode({${names.map((name) => `${name} = local.${name}`).join(', ')}}))\n`;
    const result = run(['console', '-no-color'], dir, expression);
    if (result.status !== 0) throw new Error(`terraform console failed:\n${result.stderr}${result.stdout}`);
    const base64 = /"([A-Za-z0-9+/=]*)"/.exec(result.stdout)?.[1];
    if (base64 === undefined) throw new Error(`terraform console printed no result:\n${result.stdout}`);
    return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

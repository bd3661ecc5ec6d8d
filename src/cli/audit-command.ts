import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import { auditAccount } from '../audit/audit-account.js';
import { buildClients } from '../audit/aws/clients.js';
import { errorMessage, errorName, fatalAwsError } from '../audit/aws/errors.js';
import { defaultLimits, socketsFor } from '../audit/inventory/quotas.js';
import { renderJson } from '../audit/report/json.js';
import { renderMarkdown } from '../audit/report/markdown.js';
import { type AuditReport, countBySeverity } from '../audit/report/types.js';
import { KeyplanError } from '../core/errors.js';
import { AUDIT_USAGE, type AuditOptions, parseAuditArgs } from './audit-args.js';
import { progressLine } from './audit-progress.js';
import { type CliIo, EXIT } from './io.js';
import { readPlanFile } from './plan-file.js';

export interface AuditDeps {
  /** A ready client (tests, embedding); the command then ignores --region/--profile/--role-arn/--endpoint. */
  kmsClient?: KMSClient;
  /** With an injected KMS client, STS is only asked when a client is given too (never behind the caller's back). */
  stsClient?: STSClient;
  now?: () => Date;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT']);

function clientsFor(options: AuditOptions, deps: AuditDeps): { kms: KMSClient; sts: STSClient | null } {
  if (deps.kmsClient) return { kms: deps.kmsClient, sts: deps.stsClient ?? null };
  const built = buildClients({
    region: options.region,
    profile: options.profile,
    roleArn: options.roleArn,
    endpoint: options.endpoint,
    maxSockets: socketsFor(defaultLimits()),
  });
  // With --endpoint the KMS side is not AWS (LocalStack, a test double): keep its credentials away from real STS.
  return { kms: built.kms, sts: options.endpoint ? null : built.sts };
}

async function regionOf(kms: KMSClient): Promise<string> {
  try {
    return await kms.config.region();
  } catch {
    throw new KeyplanError('USAGE', 'no AWS region: pass --region (or set AWS_REGION, or a region in the profile)');
  }
}

/** Turns failures that stop the audit into a KeyplanError with a message the user can act on. */
function explain(error: unknown, options: AuditOptions): unknown {
  const fatal = fatalAwsError(error, { profile: options.profile, roleArn: options.roleArn }, 'ListKeys');
  if (fatal) return fatal;
  const code = errorName(error);
  if (NETWORK_CODES.has(code)) {
    const where = options.endpoint ? `--endpoint ${options.endpoint}` : 'the KMS endpoint';
    return new KeyplanError(
      'USAGE',
      `cannot reach ${where} (${code}: ${errorMessage(error)}): check the URL and your network`,
    );
  }
  return error;
}

async function runAudit(options: AuditOptions, io: CliIo, deps: AuditDeps): Promise<number> {
  const plan = options.plan === undefined ? null : readPlanFile(options.plan, io.cwd);
  const { kms, sts } = clientsFor(options, deps);
  const region = await regionOf(kms);
  const progress = progressLine(io);
  let report: AuditReport;
  try {
    report = await auditAccount({
      kms,
      region,
      sts,
      plan,
      now: (deps.now ?? (() => new Date()))(),
      onProgress: (p) => progress.update(p),
    });
  } catch (error) {
    throw explain(error, options);
  } finally {
    progress.finish();
  }

  const text = options.format === 'json' ? renderJson(report) : renderMarkdown(report);
  const counts = countBySeverity(report.findings);
  if (options.out === undefined) {
    io.stdout(text);
  } else {
    try {
      writeFileSync(resolve(io.cwd, options.out), text);
    } catch (error) {
      throw new KeyplanError('USAGE', `keyplan audit: cannot write --out ${options.out}: ${errorName(error)}`);
    }
    io.stderr(
      `Wrote the audit of ${report.scanned} keys (${counts.error} errors, ${counts.warning} warnings, ${counts.info} info) to ${options.out}\n`,
    );
  }
  return counts.error > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * `keyplan audit`: inventory one account and region, run the checks (and drift with --plan), print the
 * report. Returns 0 without error-severity findings, 3 with them, 2 for bad arguments, a bad plan or
 * missing credentials; prints a one-line reason, never a stack trace.
 */
export async function auditCommand(argv: string[], io: CliIo, deps: AuditDeps = {}): Promise<number> {
  try {
    const options = parseAuditArgs(argv);
    if (options.help) {
      io.stdout(AUDIT_USAGE);
      return EXIT.ok;
    }
    return await runAudit(options, io, deps);
  } catch (error) {
    if (error instanceof KeyplanError) {
      const message = error.message.startsWith('keyplan') ? error.message : `keyplan audit: ${error.message}`;
      io.stderr(`${message}\n`);
      return error.code === 'INTERNAL' ? EXIT.unexpected : EXIT.badInput;
    }
    io.stderr(`keyplan audit: unexpected failure (${errorName(error)}: ${errorMessage(error)})\n`);
    return EXIT.unexpected;
  }
}

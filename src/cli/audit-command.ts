import { auditAccount } from '../audit/audit-account.js';
import { buildClients, type KmsClient, type StsClient } from '../audit/aws/clients.js';
import { endpointFault, errorMessage, errorName, fatalAwsError, isProgrammingError } from '../audit/aws/errors.js';
import { operationOf } from '../audit/inventory/kms-reads.js';
import { defaultLimits, socketsFor } from '../audit/inventory/quotas.js';
import { renderJson } from '../audit/report/json.js';
import { renderMarkdown } from '../audit/report/markdown.js';
import { type AuditReport, countBySeverity } from '../audit/report/types.js';
import { type AuditConfig, loadAuditConfig } from '../config.js';
import { KeyplanError } from '../core/errors.js';
import { maskUrlCredentials, redactSecrets } from '../core/text/redact.js';
import { terminalText } from '../core/text/terminal-text.js';
import { AUDIT_USAGE, type AuditOptions, parseAuditArgs } from './audit-args.js';
import { progressLine } from './audit-progress.js';
import { type CliIo, EXIT } from './io.js';
import { writeOutputFile } from './output.js';
import { readPlanFile } from './plan-file.js';
import { printableError } from './report-error.js';

export interface AuditDeps {
  /** A ready client (tests, embedding); the command then ignores --region/--profile/--role-arn/--endpoint. */
  kmsClient?: KmsClient;
  /** With an injected KMS client, STS is only asked when a client is given too (never behind the caller's back). */
  stsClient?: StsClient;
  now?: () => Date;
  /** Timeouts, size caps and known secrets; read from the environment (config.ts) when left out. */
  config?: AuditConfig;
}

function clientsFor(options: AuditOptions, deps: AuditDeps, config: AuditConfig) {
  if (deps.kmsClient) return { kms: deps.kmsClient, sts: deps.stsClient ?? null };
  const built = buildClients({
    region: options.region,
    profile: options.profile,
    roleArn: options.roleArn,
    endpoint: options.endpoint,
    maxSockets: socketsFor(defaultLimits()),
    limits: config.aws,
  });
  // With --endpoint the KMS side is not AWS (LocalStack, a test double): keep its credentials away from real STS.
  return { kms: built.kms, sts: options.endpoint ? null : built.sts };
}

async function regionOf(kms: KmsClient): Promise<string> {
  try {
    return await kms.config.region();
  } catch {
    throw new KeyplanError('USAGE', 'no AWS region: pass --region (or set AWS_REGION, or a region in the profile)');
  }
}

/** The endpoint as messages show it: the user's URL with any password masked, or AWS's. */
function endpointLabel(options: AuditOptions): string {
  return options.endpoint ? `--endpoint ${maskUrlCredentials(options.endpoint)}` : 'the KMS endpoint';
}

/**
 * Turns failures that stop the audit into a KeyplanError with a message the user can act on: credentials,
 * permissions, and anything the endpoint did wrong (timeouts, garbage, 5xx, redirects, endless paging).
 * Only our own programming errors stay unexplained (exit 1).
 */
function explain(error: unknown, options: AuditOptions, config: AuditConfig): unknown {
  const operation = operationOf(error) ?? 'ListKeys';
  const fatal = fatalAwsError(error, { profile: options.profile, roleArn: options.roleArn }, operation);
  if (fatal) return fatal;
  if (isProgrammingError(error)) return error;
  return (
    endpointFault(error, {
      endpoint: endpointLabel(options),
      operation,
      connectTimeoutMs: config.aws.connectTimeoutMs,
      requestTimeoutMs: config.aws.requestTimeoutMs,
    }) ?? error
  );
}

async function runAudit(options: AuditOptions, io: CliIo, deps: AuditDeps, config: AuditConfig): Promise<number> {
  const plan = options.plan === undefined ? null : readPlanFile(options.plan, io.cwd);
  const { kms, sts } = clientsFor(options, deps, config);
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
    throw explain(error, options, config);
  } finally {
    progress.finish();
  }

  // The report quotes the endpoint (aliases, tags, policies): known secrets never leave in it.
  const text = redactSecrets(options.format === 'json' ? renderJson(report) : renderMarkdown(report), config.secrets);
  const counts = countBySeverity(report.findings);
  if (options.out === undefined) {
    io.stdout(text);
  } else {
    writeOutputFile(options.out, text, { what: '--out', cwd: io.cwd });
    io.stderr(
      `Wrote the audit of ${report.scanned} keys (${counts.error} errors, ${counts.warning} warnings, ${counts.info} info) to ${terminalText(options.out)}\n`,
    );
  }
  return counts.error > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * `keyplan audit`: inventory one account and region, run the checks (and drift with --plan), print the
 * report. Returns 0 without error-severity findings, 3 with them, 2 for bad arguments, a bad plan,
 * missing credentials or a failing endpoint; prints a one-line reason, never a stack trace.
 */
export async function auditCommand(argv: string[], io: CliIo, deps: AuditDeps = {}): Promise<number> {
  let secrets: readonly string[] = deps.config?.secrets ?? [];
  try {
    const options = parseAuditArgs(argv);
    if (options.help) {
      io.stdout(AUDIT_USAGE);
      return EXIT.ok;
    }
    const config = deps.config ?? loadAuditConfig();
    secrets = config.secrets;
    return await runAudit(options, io, deps, config);
  } catch (error) {
    if (error instanceof KeyplanError) {
      const message = error.message.startsWith('keyplan') ? error.message : `keyplan audit: ${error.message}`;
      io.stderr(`${printableError(message, secrets)}\n`);
      return error.code === 'INTERNAL' ? EXIT.unexpected : EXIT.badInput;
    }
    io.stderr(
      `${printableError(`keyplan audit: unexpected failure (${errorName(error)}: ${errorMessage(error)})`, secrets)}\n`,
    );
    return EXIT.unexpected;
  }
}

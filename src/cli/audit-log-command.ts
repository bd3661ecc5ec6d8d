import { loadConfig } from '../config.js';
import { KeyplanError } from '../core/errors.js';
import { terminalText } from '../core/text/terminal-text.js';
import { verifyChain } from '../store/audit-chain.js';
import { type AuditEvent, openStore, type Store, type Tenant } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { type CliIo, EXIT } from './io.js';
import { writeOutputFile } from './output.js';
import { tenantArg } from './tenant-arg.js';

export const AUDIT_LOG_USAGE = `Usage: keyplan audit-log export [--tenant PLATFORM:WORKSPACE] [--since DATE] [--out FILE]
       keyplan audit-log verify [--tenant PLATFORM:WORKSPACE]

The audit trail: every interview completed, plan generated and submitted, approval decision and refused
click, configuration change, reminder and review, with who, when and the hash of the event before.
  export    JSON lines, oldest first (one tenant, or all; from a date on, e.g. 2026-11-01)
  verify    recomputes every chain and names any event edited, reordered or deleted
Exit codes: 0 ok (verify: every chain intact), 3 verify found tampering, 2 bad arguments.
`;

const PAGE = 1000;

function sinceOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new KeyplanError(
      'USAGE',
      `keyplan audit-log: --since is a date such as 2026-11-01 (got "${terminalText(value)}")`,
    );
  }
  return new Date(time).toISOString();
}

/** One tenant's whole chain, page by page. */
async function chainOf(store: Store, tenant: Tenant, since?: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.auditTrail.list({ tenant, afterSeq: after, limit: PAGE, ...(since ? { since } : {}) });
    events.push(...page);
    if (page.length < PAGE) return events;
    after = (page.at(-1) as AuditEvent).seq;
  }
}

function line(event: AuditEvent): string {
  const { tenant, seq, at, actor, kind, subject, data, prevHash, hash } = event;
  return `${JSON.stringify({ tenant: `${tenant.platform}:${tenant.workspace}`, seq, at, actor, kind, subject, data, prevHash, hash })}\n`;
}

export async function auditLogCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit-log', argv, {
    tenant: { type: 'string' },
    since: { type: 'string' },
    out: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(AUDIT_LOG_USAGE);
    return EXIT.ok;
  }
  const [verb, ...extra] = positionals;
  if ((verb !== 'export' && verb !== 'verify') || extra.length > 0) {
    throw new KeyplanError('USAGE', `keyplan audit-log: say export or verify.\n\n${AUDIT_LOG_USAGE}`);
  }
  if (verb === 'verify' && (values.since !== undefined || values.out !== undefined)) {
    throw new KeyplanError('USAGE', 'keyplan audit-log verify checks whole chains: --since and --out go with export');
  }
  const only = tenantArg('audit-log', values.tenant);
  const since = sinceOf(values.since);
  const config = loadConfig();
  const store = await openStore(config.databaseUrl, { limits: config.database });
  try {
    const tenants = only ? [only] : await store.auditTrail.tenants();
    if (verb === 'export') {
      const chunks: string[] = [];
      for (const tenant of tenants) for (const event of await chainOf(store, tenant, since)) chunks.push(line(event));
      if (values.out === undefined) io.stdout(chunks.join(''));
      else {
        writeOutputFile(values.out, chunks.join(''), { what: '--out', cwd: io.cwd });
        io.stderr(`Wrote ${chunks.length} event(s) to ${terminalText(values.out)}\n`);
      }
      return EXIT.ok;
    }
    const heads = await store.auditTrail.heads();
    let tampered = false;
    for (const tenant of tenants) {
      const events = await chainOf(store, tenant);
      const head = heads.find((h) => h.tenant.platform === tenant.platform && h.tenant.workspace === tenant.workspace);
      const problems = verifyChain(tenant, events, head);
      const name = terminalText(`${tenant.platform}:${tenant.workspace}`);
      if (problems.length === 0) {
        io.stdout(`✓ ${name}: ${events.length} event(s), the chain is intact\n`);
        continue;
      }
      tampered = true;
      for (const problem of problems)
        io.stdout(`✗ ${name} event ${problem.seq}: ${problem.problem} — ${terminalText(problem.detail)}\n`);
    }
    if (tenants.length === 0) io.stdout('The audit trail is empty.\n');
    return tampered ? EXIT.findings : EXIT.ok;
  } finally {
    await store.close();
  }
}

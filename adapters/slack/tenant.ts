import type { Tenant } from '../../src/conversation/index.js';

/**
 * A Slack workspace is keyplan's tenant: the team id, prefixed by the enterprise id on Enterprise Grid
 * (where an org-wide install may send no team at all). One interview per user per tenant.
 */
export function slackTenant(ids: { teamId?: string | null; enterpriseId?: string | null }): Tenant {
  const team = ids.teamId || undefined;
  const enterprise = ids.enterpriseId || undefined;
  if (!team && !enterprise) throw new Error('the Slack payload names no team or enterprise');
  const workspace = enterprise ? `${enterprise}/${team ?? '*'}` : (team as string);
  return { platform: 'slack', workspace };
}

/** The team and enterprise of any payload Slack sends (commands, interactions, events). */
export function tenantOfBody(body: unknown): Tenant {
  const b = (body ?? {}) as Record<string, unknown>;
  const obj = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const authorization = obj(Array.isArray(b.authorizations) ? b.authorizations[0] : undefined);
  const teamId =
    text(b.team_id) ??
    text(obj(b.team).id) ??
    text(obj(b.user).team_id) ??
    text(obj(b.view).team_id) ??
    text(authorization.team_id);
  const enterpriseId = text(b.enterprise_id) ?? text(obj(b.enterprise).id) ?? text(authorization.enterprise_id);
  return slackTenant({ teamId: teamId ?? null, enterpriseId: enterpriseId ?? null });
}

import { slugOf } from '../../src/core/index.js';
import type { InterviewSnapshot } from '../interview.machine.js';
import type { ReplyAction, ReviewReply, ReviewSection } from '../replies.js';
import { CANCEL_ACTION } from './actions.js';

/** A display name, with the identifier keyplan makes of it when the two differ (aliases use that). */
function named(name: string): string {
  const slug = slugOf(name);
  return slug === name ? name : `${name} (${slug})`;
}

const edit = (sectionId: string, event: ReplyAction['event']): ReplyAction => ({
  id: `edit:${sectionId}`,
  label: 'Edit',
  event,
});

const remove = (sectionId: string, event: ReplyAction['event']): ReplyAction => ({
  id: `remove:${sectionId}`,
  label: 'Remove',
  style: 'danger',
  event,
});

/**
 * The review: one section per part of the answers, each with what can be done to it. Section ids and
 * action ids follow the numbering the user sees (application 1 is the first).
 */
export function reviewReply(snapshot: InterviewSnapshot): ReviewReply {
  const { draft, issues, notice } = snapshot.context;
  const org = draft.organization;
  const sections: ReviewSection[] = [
    {
      id: 'organization',
      title: 'Organisation',
      lines: org
        ? [
            `${org.name}; governance: ${org.governance}`,
            `traits: ${org.traits.join(', ') || 'none'}`,
            `security team: ${org.securityTeam ? `${org.securityTeam.name} (${org.securityTeam.keyAdmins.join(', ')})` : 'none'}`,
          ]
        : ['not answered yet'],
      actions: [edit('organization', { type: 'EDIT', section: 'organization' })],
    },
    {
      id: 'classifications',
      title: 'Classifications',
      lines: (draft.classifications ?? []).map(
        (c) => `${c.name}${c.regulations.length > 0 ? ` — ${c.regulations.join(', ')}` : ''}`,
      ),
      actions: [edit('classifications', { type: 'EDIT', section: 'classifications' })],
    },
  ];
  draft.applications.forEach((app, a) => {
    const appId = `application-${a + 1}`;
    sections.push({
      id: appId,
      title: `Application ${named(app.name)}`,
      lines: [`team ${app.team}; key administrators: ${app.keyAdmins.join(', ')}`],
      actions: [
        edit(appId, { type: 'EDIT', section: 'application', application: a }),
        remove(appId, { type: 'REMOVE', section: 'application', application: a }),
        {
          id: `add-environment:${appId}`,
          label: 'Add environment',
          event: { type: 'ADD', section: 'environment', application: a },
        },
        {
          id: `add-data-set:${appId}`,
          label: 'Add data set',
          event: { type: 'ADD', section: 'data-set', application: a },
        },
      ],
    });
    app.environments.forEach((env, e) => {
      const id = `environment-${a + 1}-${e + 1}`;
      sections.push({
        id,
        title: `${app.name} · ${named(env.stage)}`,
        lines: [`account ${env.account}; regions ${env.regions.join(', ')}`],
        actions: [
          edit(id, { type: 'EDIT', section: 'environment', application: a, index: e }),
          remove(id, { type: 'REMOVE', section: 'environment', application: a, index: e }),
        ],
      });
    });
    app.data.forEach((data, d) => {
      const id = `data-set-${a + 1}-${d + 1}`;
      const needs = Object.entries(data.needs)
        .filter(([, v]) => v === true)
        .map(([k]) => k);
      sections.push({
        id,
        title: `${app.name} · data ${named(data.name)}`,
        lines: [
          `${data.classification}; services ${data.services.join(', ')}; access ${data.access}`,
          `users: ${data.keyUsers.join(', ') || 'none'}; needs: ${needs.join(', ') || 'none'}`,
          [
            data.keyAdmins ? `administrators: ${data.keyAdmins.join(', ')}` : undefined,
            data.needs.rotationDays ? `rotation every ${data.needs.rotationDays} days` : undefined,
            data.requestsPerMonth !== undefined
              ? `${data.requestsPerMonth.toLocaleString('en-US')} requests a month`
              : undefined,
          ]
            .filter(Boolean)
            .join('; '),
        ].filter((line) => line !== ''),
        actions: [
          edit(id, { type: 'EDIT', section: 'data-set', application: a, index: d }),
          remove(id, { type: 'REMOVE', section: 'data-set', application: a, index: d }),
        ],
      });
    });
  });
  const actions: ReplyAction[] = [];
  if (snapshot.can({ type: 'CONFIRM' })) {
    actions.push({ id: 'confirm', label: 'Confirm and plan', style: 'primary', event: { type: 'CONFIRM' } });
  }
  actions.push(
    { id: 'add-application', label: 'Add application', event: { type: 'ADD', section: 'application' } },
    { id: 'back', label: 'Back', event: { type: 'BACK' } },
    CANCEL_ACTION,
  );
  return {
    type: 'review',
    title: 'Review your answers',
    sections,
    issues,
    actions,
    ...(notice ? { notice } : {}),
  };
}

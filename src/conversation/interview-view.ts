import { STEPS } from '../../flows/interview/steps.js';
import type { InterviewContext, InterviewState } from '../../flows/interview.machine.js';
import { STEP_OF_STATE } from '../../flows/interview.machine.js';
import { type Plan, recommend, validateProfile } from '../core/index.js';
import { planSummary } from './plan-summary.js';
import type { FormAction, FormReply, Reply, ReviewReply, ReviewSection } from './replies.js';

function formReply(state: InterviewState, context: InterviewContext): FormReply | undefined {
  const stepId = STEP_OF_STATE[state];
  if (!stepId) return undefined;
  const spec = STEPS[stepId];
  const stepState = { draft: context.draft, cursor: context.cursor };
  const current = spec.values(stepState);
  const typed = context.pending ?? {};
  const fields = spec.fields(stepState).map((field) => {
    const value = field.id in typed ? typed[field.id] : current[field.id];
    const error = context.errors[field.id];
    return {
      id: field.id,
      label: field.label,
      kind: field.kind,
      required: field.required,
      ...(field.help ? { help: field.help } : {}),
      ...(field.options ? { options: field.options } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(field.suggested !== undefined ? { suggested: field.suggested } : {}),
      ...(error ? { error } : {}),
    };
  });
  const actions: FormAction[] = [{ event: 'SUBMIT', label: context.returnTo ? 'Save' : 'Next', style: 'primary' }];
  if (state !== 'organization' || context.returnTo) actions.push({ event: 'BACK', label: 'Back' });
  if (spec.skippable) actions.push({ event: 'SKIP', label: 'Skip' });
  actions.push({ event: 'CANCEL', label: 'Cancel', style: 'danger' });
  const stray = Object.entries(context.errors).filter(([id]) => !fields.some((f) => f.id === id));
  const notice = [context.notice, ...stray.map(([, message]) => message)].filter(Boolean).join(' ');
  return {
    type: 'form',
    stepId,
    title: spec.title(stepState),
    help: spec.help,
    fields,
    actions,
    ...(notice ? { notice } : {}),
  };
}

function reviewReply(context: InterviewContext): ReviewReply {
  const { draft } = context;
  const org = draft.organization;
  const sections: ReviewSection[] = [
    {
      edit: { section: 'organization' },
      title: 'Organisation',
      lines: org
        ? [
            `${org.name}; governance: ${org.governance}`,
            `traits: ${org.traits.join(', ') || 'none'}`,
            `security team: ${org.securityTeam ? `${org.securityTeam.name} (${org.securityTeam.keyAdmins.join(', ')})` : 'none'}`,
          ]
        : ['not answered yet'],
    },
    {
      edit: { section: 'classifications' },
      title: 'Classifications',
      lines: (draft.classifications ?? []).map(
        (c) => `${c.name}${c.regulations.length > 0 ? ` — ${c.regulations.join(', ')}` : ''}`,
      ),
    },
  ];
  draft.applications.forEach((app, a) => {
    sections.push({
      edit: { section: 'application', application: a },
      remove: { section: 'application', application: a },
      title: `Application ${app.name}`,
      lines: [`team ${app.team}; key administrators: ${app.keyAdmins.join(', ')}`],
    });
    app.environments.forEach((env, e) => {
      sections.push({
        edit: { section: 'environment', application: a, index: e },
        remove: { section: 'environment', application: a, index: e },
        title: `${app.name} · ${env.stage}`,
        lines: [`account ${env.account}; regions ${env.regions.join(', ')}`],
      });
    });
    app.data.forEach((data, d) => {
      const needs = Object.entries(data.needs)
        .filter(([, v]) => v === true)
        .map(([k]) => k);
      sections.push({
        edit: { section: 'data-set', application: a, index: d },
        remove: { section: 'data-set', application: a, index: d },
        title: `${app.name} · data ${data.name}`,
        lines: [
          `${data.classification}; services ${data.services.join(', ')}; access ${data.access}`,
          `users: ${data.keyUsers.join(', ') || 'none'}; needs: ${needs.join(', ') || 'none'}`,
        ],
      });
    });
  });
  return {
    type: 'review',
    title: 'Review your answers',
    sections,
    issues: context.issues,
    canConfirm: validateProfile(draft).ok,
  };
}

/**
 * What the user sees after a turn: derived from the state alone, so a restored snapshot shows the same.
 * `stored` is the plan the finishing turn saved, so it is not recommended a second time.
 */
export function interviewReplies(
  state: InterviewState,
  context: InterviewContext,
  stored?: { planId: string; plan: Plan },
): Reply[] {
  if (state === 'cancelled') {
    return [
      {
        type: 'message',
        tone: 'info',
        text: 'Interview cancelled; your answers are not used. Start a new interview whenever you are ready.',
      },
    ];
  }
  if (state === 'done') {
    if (stored) return [planSummary(stored.plan, stored.planId)];
    const result = validateProfile(context.draft);
    if (!result.ok) return [reviewReply(context)];
    return [planSummary(recommend(result.profile))];
  }
  if (state === 'review') {
    const replies: Reply[] = [];
    if (context.notice) replies.push({ type: 'message', tone: 'warning', text: context.notice });
    replies.push(reviewReply(context));
    return replies;
  }
  const form = formReply(state, context);
  return form ? [form] : [];
}

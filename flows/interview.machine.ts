import { assign, type SnapshotFrom, setup } from 'xstate';
import { describeIssues, type FieldIssue, validateProfile } from '../src/core/index.js';
import { type Cursor, type Draft, EMPTY_DRAFT, removeAt, replaceAt } from './interview/draft.js';
import type { ApplyResult, FieldErrors } from './interview/step-kit.js';
import { type StepId, submitStep } from './interview/steps.js';

/** Bump when a change makes older snapshots unreadable; src/conversation migrates or restarts them. */
export const INTERVIEW_MACHINE_VERSION = 1;
export const INTERVIEW_FLOW = 'interview';

export type Section = 'organization' | 'classifications' | 'regulations' | 'application' | 'environment' | 'data-set';

export type InterviewEvent =
  | { type: 'SUBMIT'; values: Record<string, unknown> }
  | { type: 'BACK' }
  | { type: 'SKIP' }
  | { type: 'CANCEL' }
  | { type: 'EDIT'; section: Section; application?: number; index?: number }
  | { type: 'ADD'; section: 'application' | 'environment' | 'data-set'; application?: number }
  | { type: 'REMOVE'; section: 'application' | 'environment' | 'data-set'; application: number; index?: number }
  | { type: 'CONFIRM' }
  | { type: 'LOAD_PROFILE'; data: unknown };

export interface InterviewContext {
  draft: Draft;
  cursor: Cursor;
  /** Errors of the last submission, by field id; the form shows them beside the field. */
  errors: FieldErrors;
  /** The rejected submission, so the form comes back with what the user typed. */
  pending: Record<string, unknown> | null;
  /** Set while editing one answer from the review: the next submit returns there. */
  returnTo: 'review' | null;
  /** Problems of the whole profile found at review (cross-field checks), with their paths. */
  issues: FieldIssue[];
  /** A one-off message for the next reply (e.g. why SKIP was refused). */
  notice: string | null;
}

const START: Cursor = { application: 0, environment: 0, dataSet: 0 };

/**
 * Guards and actions of one transition all look at the same submission: evaluate it once per
 * (event, draft) pair. Keyed weakly on the event object, so nothing outlives the transition.
 */
const evaluated = new WeakMap<object, { draft: Draft; cursor: Cursor; step: StepId; result: ApplyResult }>();

function submitted(context: InterviewContext, event: InterviewEvent, step: StepId): ApplyResult | undefined {
  if (event.type !== 'SUBMIT') return undefined;
  const cached = evaluated.get(event);
  if (cached && cached.draft === context.draft && cached.cursor === context.cursor && cached.step === step) {
    return cached.result;
  }
  const result = submitStep(step, context.draft, context.cursor, event.values);
  evaluated.set(event, { draft: context.draft, cursor: context.cursor, step, result });
  return result;
}

function lastIndex(items: readonly unknown[] | undefined): number {
  return Math.max(0, (items?.length ?? 1) - 1);
}

type StepParams = { step: StepId };

/** Guard for EDIT and ADD: which part of the interview the event names. */
function sectionIs(section: Section) {
  return ({ event }: { event: InterviewEvent }) =>
    (event.type === 'EDIT' || event.type === 'ADD') && event.section === section;
}

export const interviewMachine = setup({
  types: {
    context: {} as InterviewContext,
    events: {} as InterviewEvent,
    input: {} as { draft?: Draft },
  },
  guards: {
    invalid: ({ context, event }, params: StepParams) => submitted(context, event, params.step)?.ok === false,
    wantsAnother: ({ context, event }, params: StepParams) => {
      const result = submitted(context, event, params.step);
      return result?.ok === true && result.addAnother;
    },
    editing: ({ context }) => context.returnTo === 'review',
    firstApplication: ({ context }) => context.cursor.application === 0,
    firstEnvironment: ({ context }) => context.cursor.environment === 0,
    firstDataSet: ({ context }) => context.cursor.dataSet === 0,
    profileComplete: ({ context }) => validateProfile(context.draft).ok,
    loadable: ({ event }) => event.type === 'LOAD_PROFILE' && validateProfile(event.data).ok,
  },
  actions: {
    recordErrors: assign(({ context, event }, params: StepParams) => {
      const result = submitted(context, event, params.step);
      return {
        errors: result && !result.ok ? result.errors : {},
        pending: event.type === 'SUBMIT' ? event.values : null,
        notice: null,
      };
    }),
    applySubmission: assign(({ context, event }, params: StepParams) => {
      const result = submitted(context, event, params.step);
      if (!result?.ok) return {};
      return { draft: result.draft, errors: {}, pending: null, notice: null, issues: [] };
    }),
    clearForm: assign({ errors: {}, pending: null, notice: null }),
    refuseSkip: assign({ notice: 'This step has required answers, so it cannot be skipped.' }),
    finishEdit: assign({ returnTo: null }),
    nextApplication: assign(({ context }) => ({
      cursor: { application: context.cursor.application + 1, environment: 0, dataSet: 0 },
    })),
    firstApplicationCursor: assign({ cursor: START }),
    previousApplicationLastDataSet: assign(({ context }) => {
      const application = context.cursor.application - 1;
      return {
        cursor: { application, environment: 0, dataSet: lastIndex(context.draft.applications[application]?.data) },
      };
    }),
    nextEnvironment: assign(({ context }) => ({
      cursor: { ...context.cursor, environment: context.cursor.environment + 1 },
    })),
    previousEnvironment: assign(({ context }) => ({
      cursor: { ...context.cursor, environment: context.cursor.environment - 1 },
    })),
    lastEnvironment: assign(({ context }) => ({
      cursor: {
        ...context.cursor,
        environment: lastIndex(context.draft.applications[context.cursor.application]?.environments),
      },
    })),
    firstDataSetCursor: assign(({ context }) => ({ cursor: { ...context.cursor, dataSet: 0 } })),
    nextDataSet: assign(({ context }) => ({ cursor: { ...context.cursor, dataSet: context.cursor.dataSet + 1 } })),
    previousDataSet: assign(({ context }) => ({ cursor: { ...context.cursor, dataSet: context.cursor.dataSet - 1 } })),
    lastApplicationLastDataSet: assign(({ context }) => {
      const application = lastIndex(context.draft.applications);
      return {
        cursor: { application, environment: 0, dataSet: lastIndex(context.draft.applications[application]?.data) },
      };
    }),
    checkProfile: assign(({ context }) => {
      const result = validateProfile(context.draft);
      return { issues: result.ok ? [] : result.issues, returnTo: null, errors: {}, pending: null };
    }),
    startEdit: assign(({ context, event }) => {
      if (event.type !== 'EDIT') return {};
      const application = event.application ?? 0;
      return {
        returnTo: 'review' as const,
        errors: {},
        pending: null,
        cursor: {
          application,
          environment: event.section === 'environment' ? (event.index ?? 0) : 0,
          dataSet: event.section === 'data-set' ? (event.index ?? 0) : 0,
        },
        draft: context.draft,
      };
    }),
    startAdd: assign(({ context, event }) => {
      if (event.type !== 'ADD') return {};
      const applications = context.draft.applications;
      if (event.section === 'application') {
        return { returnTo: null, cursor: { application: applications.length, environment: 0, dataSet: 0 } };
      }
      const application = Math.min(event.application ?? 0, lastIndex(applications));
      const app = applications[application];
      return {
        returnTo: 'review' as const,
        cursor: {
          application,
          environment: event.section === 'environment' ? (app?.environments.length ?? 0) : 0,
          dataSet: event.section === 'data-set' ? (app?.data.length ?? 0) : 0,
        },
      };
    }),
    remove: assign(({ context, event }) => {
      if (event.type !== 'REMOVE') return {};
      const apps = context.draft.applications;
      const app = apps[event.application];
      if (!app) return { notice: `There is no application ${event.application + 1} to remove.` };
      let applications = apps;
      if (event.section === 'application') applications = removeAt(apps, event.application);
      else if (event.section === 'environment')
        applications = replaceAt(apps, event.application, {
          ...app,
          environments: removeAt(app.environments, event.index ?? -1),
        });
      else applications = replaceAt(apps, event.application, { ...app, data: removeAt(app.data, event.index ?? -1) });
      const draft = { ...context.draft, applications };
      const result = validateProfile(draft);
      return { draft, issues: result.ok ? [] : result.issues, notice: null };
    }),
    loadProfile: assign(({ event }) => {
      if (event.type !== 'LOAD_PROFILE') return {};
      // The validated profile, not the raw data: its defaults (regulations, needs, access, regions) are
      // filled in, and the review and the edit steps read them.
      const result = validateProfile(event.data);
      if (!result.ok) return {};
      const draft: Draft = result.profile;
      return { draft, issues: [], errors: {}, pending: null, returnTo: null, notice: null };
    }),
    refuseProfile: assign(({ event }) => {
      if (event.type !== 'LOAD_PROFILE') return {};
      const result = validateProfile(event.data);
      return {
        issues: result.ok ? [] : result.issues,
        // The issues go in the notice too: forms show the notice, not the review's issue list.
        notice: `That profile has problems, so it was not loaded; fix them and send it again:\n${describeIssues(result.ok ? [] : result.issues)}`,
      };
    }),
  },
}).createMachine({
  id: INTERVIEW_FLOW,
  context: ({ input }) => ({
    draft: input.draft ?? EMPTY_DRAFT,
    cursor: START,
    errors: {},
    pending: null,
    returnTo: null,
    issues: [],
    notice: null,
  }),
  initial: 'organization',
  on: {
    CANCEL: { target: '.cancelled' },
    LOAD_PROFILE: [{ guard: 'loadable', target: '.review', actions: 'loadProfile' }, { actions: 'refuseProfile' }],
  },
  states: {
    organization: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'organization' } },
            actions: { type: 'recordErrors', params: { step: 'organization' } },
          },
          {
            guard: 'editing',
            target: 'review',
            actions: [{ type: 'applySubmission', params: { step: 'organization' } }, 'checkProfile'],
          },
          { target: 'classifications', actions: { type: 'applySubmission', params: { step: 'organization' } } },
        ],
        BACK: { guard: 'editing', target: 'review', actions: 'checkProfile' },
        SKIP: { actions: 'refuseSkip' },
      },
    },
    classifications: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'classifications' } },
            actions: { type: 'recordErrors', params: { step: 'classifications' } },
          },
          { target: 'regulations', actions: { type: 'applySubmission', params: { step: 'classifications' } } },
        ],
        BACK: [
          { guard: 'editing', target: 'review', actions: 'checkProfile' },
          { target: 'organization', actions: 'clearForm' },
        ],
        SKIP: { actions: 'refuseSkip' },
      },
    },
    regulations: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'regulations' } },
            actions: { type: 'recordErrors', params: { step: 'regulations' } },
          },
          {
            guard: 'editing',
            target: 'review',
            actions: [{ type: 'applySubmission', params: { step: 'regulations' } }, 'checkProfile'],
          },
          {
            target: 'application',
            actions: [{ type: 'applySubmission', params: { step: 'regulations' } }, 'firstApplicationCursor'],
          },
        ],
        BACK: [
          { guard: 'editing', target: 'review', actions: 'checkProfile' },
          { target: 'classifications', actions: 'clearForm' },
        ],
        SKIP: [
          { guard: 'editing', target: 'review', actions: 'checkProfile' },
          { target: 'application', actions: ['clearForm', 'firstApplicationCursor'] },
        ],
      },
    },
    application: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'application' } },
            actions: { type: 'recordErrors', params: { step: 'application' } },
          },
          {
            guard: 'editing',
            target: 'review',
            actions: [{ type: 'applySubmission', params: { step: 'application' } }, 'checkProfile'],
          },
          { target: 'environment', actions: { type: 'applySubmission', params: { step: 'application' } } },
        ],
        BACK: [
          { guard: 'editing', target: 'review', actions: 'checkProfile' },
          { guard: 'firstApplication', target: 'regulations', actions: 'clearForm' },
          { target: 'dataSet', actions: ['clearForm', 'previousApplicationLastDataSet'] },
        ],
        SKIP: { actions: 'refuseSkip' },
      },
    },
    environment: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'environment' } },
            actions: { type: 'recordErrors', params: { step: 'environment' } },
          },
          {
            guard: 'editing',
            target: 'review',
            actions: [{ type: 'applySubmission', params: { step: 'environment' } }, 'checkProfile'],
          },
          {
            guard: { type: 'wantsAnother', params: { step: 'environment' } },
            target: 'environment',
            reenter: true,
            actions: [{ type: 'applySubmission', params: { step: 'environment' } }, 'nextEnvironment'],
          },
          {
            target: 'dataSet',
            actions: [{ type: 'applySubmission', params: { step: 'environment' } }, 'firstDataSetCursor'],
          },
        ],
        BACK: [
          { guard: 'editing', target: 'review', actions: 'checkProfile' },
          { guard: 'firstEnvironment', target: 'application', actions: 'clearForm' },
          { target: 'environment', reenter: true, actions: ['clearForm', 'previousEnvironment'] },
        ],
        SKIP: { actions: 'refuseSkip' },
      },
    },
    dataSet: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'data-set' } },
            actions: { type: 'recordErrors', params: { step: 'data-set' } },
          },
          {
            guard: 'editing',
            target: 'review',
            actions: [{ type: 'applySubmission', params: { step: 'data-set' } }, 'checkProfile'],
          },
          {
            guard: { type: 'wantsAnother', params: { step: 'data-set' } },
            target: 'dataSet',
            reenter: true,
            actions: [{ type: 'applySubmission', params: { step: 'data-set' } }, 'nextDataSet'],
          },
          { target: 'moreApplications', actions: { type: 'applySubmission', params: { step: 'data-set' } } },
        ],
        BACK: [
          { guard: 'editing', target: 'review', actions: 'checkProfile' },
          { guard: 'firstDataSet', target: 'environment', actions: ['clearForm', 'lastEnvironment'] },
          { target: 'dataSet', reenter: true, actions: ['clearForm', 'previousDataSet'] },
        ],
        SKIP: { actions: 'refuseSkip' },
      },
    },
    moreApplications: {
      on: {
        SUBMIT: [
          {
            guard: { type: 'wantsAnother', params: { step: 'more-applications' } },
            target: 'application',
            actions: ['clearForm', 'nextApplication'],
          },
          { target: 'review', actions: 'checkProfile' },
        ],
        SKIP: { target: 'review', actions: 'checkProfile' },
        BACK: { target: 'dataSet', actions: ['clearForm', 'lastApplicationLastDataSet'] },
      },
    },
    review: {
      entry: 'checkProfile',
      on: {
        CONFIRM: [{ guard: 'profileComplete', target: 'done' }, { actions: 'checkProfile' }],
        EDIT: [
          { guard: sectionIs('organization'), target: 'organization', actions: 'startEdit' },
          { guard: sectionIs('classifications'), target: 'classifications', actions: 'startEdit' },
          { guard: sectionIs('regulations'), target: 'regulations', actions: 'startEdit' },
          { guard: sectionIs('application'), target: 'application', actions: 'startEdit' },
          { guard: sectionIs('environment'), target: 'environment', actions: 'startEdit' },
          { target: 'dataSet', actions: 'startEdit' },
        ],
        ADD: [
          { guard: sectionIs('application'), target: 'application', actions: 'startAdd' },
          { guard: sectionIs('environment'), target: 'environment', actions: 'startAdd' },
          { target: 'dataSet', actions: 'startAdd' },
        ],
        REMOVE: { actions: 'remove' },
        BACK: { target: 'moreApplications', actions: ['clearForm', 'lastApplicationLastDataSet'] },
      },
    },
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** The machine's states, derived from its definition so the two cannot drift apart. */
export type InterviewState = SnapshotFrom<typeof interviewMachine>['value'];

/** The form step each asking state shows. */
export const STEP_OF_STATE: Partial<Record<InterviewState, StepId>> = {
  organization: 'organization',
  classifications: 'classifications',
  regulations: 'regulations',
  application: 'application',
  environment: 'environment',
  dataSet: 'data-set',
  moreApplications: 'more-applications',
};

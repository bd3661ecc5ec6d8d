import { assign, emit, type SnapshotFrom, setup } from 'xstate';
import { describeIssues, type FieldIssue, type Plan, validateProfile } from '../src/core/index.js';
import { type Cursor, type Draft, EMPTY_DRAFT, formKey, removeAt, replaceAt } from './interview/draft.js';
import type { FieldErrors, SubmitResult } from './interview/step-kit.js';
import { answerFields, type StepId, submitStep } from './interview/steps.js';

/** Bump when a change makes older snapshots unreadable; the engine then keeps the answers and restarts. */
export const INTERVIEW_MACHINE_VERSION = 2;
export const INTERVIEW_FLOW = 'interview';

export type Section = 'organization' | 'classifications' | 'application' | 'environment' | 'data-set';
export type RepeatableSection = 'application' | 'environment' | 'data-set';

export type InterviewEvent =
  /** The answers of the form on screen; `addAnother` asks for one more item of a repeatable step. */
  | { type: 'SUBMIT'; values: Record<string, unknown>; addAnother?: boolean }
  /** Some answers of the form on screen, each checked and kept as it is typed; the form stays. */
  | { type: 'ANSWER'; values: Record<string, unknown> }
  | { type: 'BACK' }
  | { type: 'CANCEL' }
  | { type: 'EDIT'; section: Section; application?: number; index?: number }
  | { type: 'ADD'; section: RepeatableSection; application?: number }
  | { type: 'REMOVE'; section: RepeatableSection; application: number; index?: number }
  | { type: 'CONFIRM' }
  /** Trusted, never offered as an action: opening the interview with a profile to review. */
  | { type: 'LOAD_PROFILE'; data: unknown }
  /** Trusted: the engine stored the confirmed plan (the answer to INTERVIEW_CONFIRMED). */
  | { type: 'PLAN_STORED'; planId: string; plan?: Plan }
  /** Trusted: a message for the next view (why an interview was reopened). */
  | { type: 'NOTE'; text: string };

/** What the interview asks the engine to do; the engine runs it through its ports and answers with an event. */
export type InterviewEmitted = { type: 'INTERVIEW_CONFIRMED'; draft: Draft };

export interface InterviewContext {
  draft: Draft;
  cursor: Cursor;
  /** Errors of the last submission, by field id; an id that is no field is a message for the whole form. */
  errors: FieldErrors;
  /**
   * The answers of the form on screen typed so far (and, after a refused submission, what was typed):
   * part of the stored conversation, so an interruption loses no answer.
   */
  pending: Record<string, unknown> | null;
  /** Answers of forms left with BACK before they were submitted, by form key: shown again on return. */
  stash: Record<string, Record<string, unknown>>;
  /** Set while editing one answer from the review: the next submit returns there. */
  returnTo: 'review' | null;
  /** Problems of the whole profile found at review (cross-field checks), with their paths. */
  issues: FieldIssue[];
  /** A one-off message for the next reply (e.g. why a pasted profile was not loaded). */
  notice: string | null;
  /** The stored plan, once the engine has stored it. */
  planId: string | null;
  /** The plan as stored (in a review it keeps the approved plan's keys), shown when the interview is done. */
  plan?: Plan;
}

const START: Cursor = { application: 0, environment: 0, dataSet: 0 };

/**
 * Guards and actions of one transition all look at the same submission: evaluate it once per
 * (event, draft) pair. Keyed weakly on the event object, so nothing outlives the transition.
 */
const evaluated = new WeakMap<object, { draft: Draft; cursor: Cursor; step: StepId; result: SubmitResult }>();

function submitted(context: InterviewContext, event: InterviewEvent, step: StepId): SubmitResult | undefined {
  if (event.type !== 'SUBMIT') return undefined;
  const cached = evaluated.get(event);
  if (cached && cached.draft === context.draft && cached.cursor === context.cursor && cached.step === step) {
    return cached.result;
  }
  const result = submitStep(step, context.draft, context.cursor, { ...context.pending, ...event.values });
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

const interviewSetup = setup({
  types: {
    context: {} as InterviewContext,
    events: {} as InterviewEvent,
    emitted: {} as InterviewEmitted,
    input: {} as { draft?: Draft },
  },
  guards: {
    invalid: ({ context, event }, params: StepParams) => submitted(context, event, params.step)?.ok === false,
    wantsAnother: ({ event }) => event.type === 'SUBMIT' && event.addAnother === true,
    namesApplication: ({ context, event }) => {
      const name = submitted(context, event, 'more-applications')?.values.nextApplication;
      return typeof name === 'string' && name.trim() !== '';
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
        pending: event.type === 'SUBMIT' ? { ...context.pending, ...event.values } : context.pending,
        notice: null,
      };
    }),
    recordAnswers: assign(({ context, event }, params: StepParams) => {
      if (event.type !== 'ANSWER') return {};
      const pending = context.pending ?? {};
      const { accepted, errors } = answerFields(params.step, context.draft, context.cursor, pending, event.values);
      // A refused answer is kept too (a form shows it back for correcting), marked by its error.
      return { pending: { ...pending, ...accepted, ...pickKeys(event.values, errors) }, errors, notice: null };
    }),
    applySubmission: assign(({ context, event }, params: StepParams) => {
      const result = submitted(context, event, params.step);
      if (!result?.ok) return {};
      return { draft: result.draft, errors: {}, pending: null, notice: null, issues: [] };
    }),
    clearForm: assign({ errors: {}, pending: null, notice: null }),
    /** Leaving a form with BACK keeps what was typed in it for when the user comes back. */
    stashForm: assign(({ context }, params: StepParams) => {
      const key = formKey(params.step, context.cursor);
      if (!context.pending || Object.keys(context.pending).length === 0) return {};
      return { stash: { ...context.stash, [key]: context.pending } };
    }),
    /** Entering a form brings back what was typed in it before the user went back. */
    restoreForm: assign(({ context }, params: StepParams) => {
      const key = formKey(params.step, context.cursor);
      const kept = context.stash[key];
      if (!kept) return {};
      const { [key]: _restored, ...stash } = context.stash;
      return { pending: { ...kept, ...context.pending }, stash };
    }),
    /** The next application's name, typed at "Another application?", is its form's first answer. */
    carryApplicationName: assign(({ context, event }) => {
      const name = submitted(context, event, 'more-applications')?.values.nextApplication;
      const key = formKey('application', { application: context.cursor.application + 1, environment: 0, dataSet: 0 });
      return { stash: { ...context.stash, [key]: { name } } };
    }),
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
    startEdit: assign(({ event }) => {
      if (event.type !== 'EDIT') return {};
      return {
        returnTo: 'review' as const,
        errors: {},
        pending: null,
        notice: null,
        cursor: {
          application: event.application ?? 0,
          environment: event.section === 'environment' ? (event.index ?? 0) : 0,
          dataSet: event.section === 'data-set' ? (event.index ?? 0) : 0,
        },
      };
    }),
    startAdd: assign(({ context, event }) => {
      if (event.type !== 'ADD') return {};
      const applications = context.draft.applications;
      if (event.section === 'application') {
        return {
          returnTo: null,
          notice: null,
          cursor: { application: applications.length, environment: 0, dataSet: 0 },
        };
      }
      const application = Math.min(event.application ?? 0, lastIndex(applications));
      const app = applications[application];
      return {
        returnTo: 'review' as const,
        notice: null,
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
      if (!app) return {};
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
      return { draft, issues: [], errors: {}, pending: null, stash: {}, returnTo: null, notice: null };
    }),
    refuseProfile: assign(({ event }) => {
      if (event.type !== 'LOAD_PROFILE') return {};
      const result = validateProfile(event.data);
      return {
        issues: result.ok ? [] : result.issues,
        notice: `That profile has problems, so it was not loaded; fix them and send it again:\n${describeIssues(result.ok ? [] : result.issues)}`,
      };
    }),
    requestPlan: emit(({ context }) => ({ type: 'INTERVIEW_CONFIRMED' as const, draft: context.draft })),
    recordPlan: assign(({ event }) =>
      event.type === 'PLAN_STORED' ? { planId: event.planId, ...(event.plan ? { plan: event.plan } : {}) } : {},
    ),
    note: assign(({ event }) => (event.type === 'NOTE' ? { notice: event.text } : {})),
  },
});

type InterviewStateName =
  | 'organization'
  | 'classifications'
  | 'application'
  | 'environment'
  | 'dataSet'
  | 'moreApplications'
  | 'review';
/** The actions that move the cursor between repeatable items. */
type CursorAction =
  | 'firstApplicationCursor'
  | 'previousApplicationLastDataSet'
  | 'nextEnvironment'
  | 'previousEnvironment'
  | 'lastEnvironment'
  | 'firstDataSetCursor'
  | 'nextDataSet'
  | 'previousDataSet';

interface Move {
  target: InterviewStateName;
  reenter?: boolean;
  actions?: CursorAction[];
  guard?: 'firstApplication' | 'firstEnvironment' | 'firstDataSet';
}

/** What one asking state does besides what all of them share. */
interface AskingSpec {
  step: StepId;
  /** Where an accepted answer leads (with the actions that move the cursor). */
  next: Move;
  /** For repeatable steps: where "add another" leads. */
  another?: Move;
  /** BACK outside an edit; absent: BACK is offered only while editing. */
  back?: Move[];
  /** Whether a save during an edit goes straight back to the review. */
  returnsFromEdit?: boolean;
}

/**
 * The asking states share their shape: answers are checked as they are typed, a refused submission
 * stays with its errors, an edit returns to the review, an accepted answer moves on, and BACK keeps
 * what was typed for the return. One factory keeps them from drifting apart.
 */
function asking({ step, next, another, back = [], returnsFromEdit = true }: AskingSpec) {
  const params = { step };
  const apply = { type: 'applySubmission' as const, params };
  const stash = { type: 'stashForm' as const, params };
  const toReview = { guard: 'editing' as const, target: 'review', actions: [stash, 'checkProfile' as const] };
  const moveWith = (move: Move, first: typeof apply | typeof stash) => ({
    ...move,
    actions: [first, ...(first === stash ? ['clearForm' as const] : []), ...(move.actions ?? [])],
  });
  return interviewSetup.createStateConfig({
    entry: { type: 'restoreForm', params },
    on: {
      ANSWER: { actions: { type: 'recordAnswers', params } },
      SUBMIT: [
        { guard: { type: 'invalid', params }, actions: { type: 'recordErrors', params } },
        ...(returnsFromEdit
          ? [{ guard: 'editing' as const, target: 'review', actions: [apply, 'checkProfile' as const] }]
          : []),
        ...(another ? [{ ...moveWith(another, apply), guard: 'wantsAnother' as const }] : []),
        moveWith(next, apply),
      ],
      BACK: [toReview, ...back.map((move) => moveWith(move, stash))],
    },
  });
}

function pickKeys(values: Record<string, unknown>, keys: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => key in keys));
}

export const interviewMachine = interviewSetup.createMachine({
  id: INTERVIEW_FLOW,
  context: ({ input }) => ({
    draft: input.draft ?? EMPTY_DRAFT,
    cursor: START,
    errors: {},
    pending: null,
    stash: {},
    returnTo: null,
    issues: [],
    notice: null,
    planId: null,
  }),
  initial: 'organization',
  on: {
    CANCEL: { target: '.cancelled' },
    LOAD_PROFILE: [{ guard: 'loadable', target: '.review', actions: 'loadProfile' }, { actions: 'refuseProfile' }],
    NOTE: { actions: 'note' },
  },
  states: {
    organization: asking({ step: 'organization', next: { target: 'classifications' } }),
    classifications: asking({
      step: 'classifications',
      next: { target: 'application', actions: ['firstApplicationCursor'] },
      back: [{ target: 'organization' }],
    }),
    application: asking({
      step: 'application',
      next: { target: 'environment' },
      back: [
        { guard: 'firstApplication', target: 'classifications' },
        { target: 'dataSet', actions: ['previousApplicationLastDataSet'] },
      ],
    }),
    environment: asking({
      step: 'environment',
      next: { target: 'dataSet', actions: ['firstDataSetCursor'] },
      another: { target: 'environment', reenter: true, actions: ['nextEnvironment'] },
      back: [
        { guard: 'firstEnvironment', target: 'application' },
        { target: 'environment', reenter: true, actions: ['previousEnvironment'] },
      ],
    }),
    dataSet: asking({
      step: 'data-set',
      next: { target: 'moreApplications' },
      another: { target: 'dataSet', reenter: true, actions: ['nextDataSet'] },
      back: [
        { guard: 'firstDataSet', target: 'environment', actions: ['lastEnvironment'] },
        { target: 'dataSet', reenter: true, actions: ['previousDataSet'] },
      ],
    }),
    moreApplications: {
      entry: { type: 'restoreForm', params: { step: 'more-applications' } },
      on: {
        ANSWER: { actions: { type: 'recordAnswers', params: { step: 'more-applications' } } },
        SUBMIT: [
          {
            guard: { type: 'invalid', params: { step: 'more-applications' } },
            actions: { type: 'recordErrors', params: { step: 'more-applications' } },
          },
          {
            guard: 'namesApplication',
            target: 'application',
            actions: ['carryApplicationName', 'clearForm', 'nextApplication'],
          },
          { target: 'review', actions: ['clearForm', 'checkProfile'] },
        ],
        BACK: { target: 'dataSet', actions: ['clearForm', 'lastApplicationLastDataSet'] },
      },
    },
    review: {
      entry: 'checkProfile',
      on: {
        CONFIRM: { guard: 'profileComplete', target: 'storing', actions: 'requestPlan' },
        EDIT: [
          { guard: sectionIs('organization'), target: 'organization', actions: 'startEdit' },
          { guard: sectionIs('classifications'), target: 'classifications', actions: 'startEdit' },
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
    /** Waits for the engine to store the plan; the same turn answers with PLAN_STORED. */
    storing: {
      on: { PLAN_STORED: { target: 'done', actions: 'recordPlan' }, CANCEL: {} },
    },
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

export type InterviewSnapshot = SnapshotFrom<typeof interviewMachine>;

/** The machine's states, derived from its definition so the two cannot drift apart. */
export type InterviewState = InterviewSnapshot['value'];

/** The form step each asking state shows. */
export const STEP_OF_STATE: Partial<Record<InterviewState, StepId>> = {
  organization: 'organization',
  classifications: 'classifications',
  application: 'application',
  environment: 'environment',
  dataSet: 'data-set',
  moreApplications: 'more-applications',
};

import { emit, type SnapshotFrom, setup } from 'xstate';

export const REVIEW_FLOW = 'review';
/** Bump when a change makes older snapshots unreadable. */
export const REVIEW_MACHINE_VERSION = 1;

/** A periodic review of one plan, as its reminder starts it. */
export interface ReviewInput {
  planId: string;
  profileId: string;
  organization: string;
  /** Who answered the interview: the review is theirs. */
  owner: string;
  /** When the review was due. */
  dueAt: string;
  /** Days until the next review after "no changes". */
  intervalDays: number;
}

export type ReviewEvent = { type: 'START_REVIEW' } | { type: 'SNOOZE' } | { type: 'NO_CHANGES' };

export type ReviewEmitted =
  | { type: 'REVIEW_STARTED'; planId: string; owner: string }
  | { type: 'REVIEW_SNOOZED'; planId: string; profileId: string; organization: string; owner: string }
  | {
      type: 'REVIEW_UNCHANGED';
      planId: string;
      profileId: string;
      organization: string;
      owner: string;
      intervalDays: number;
    };

const about = ({ context }: { context: ReviewInput }) => ({
  planId: context.planId,
  profileId: context.profileId,
  organization: context.organization,
  owner: context.owner,
});

/**
 * The reminder that a key strategy is due for review: start the review (the interview reopens with the
 * last answers), snooze it a week, or record that nothing changed. The engine does each through effects.
 */
export const reviewMachine = setup({
  types: {
    context: {} as ReviewInput,
    events: {} as ReviewEvent,
    emitted: {} as ReviewEmitted,
    input: {} as ReviewInput,
  },
}).createMachine({
  id: REVIEW_FLOW,
  context: ({ input }) => input,
  initial: 'waiting',
  states: {
    waiting: {
      on: {
        START_REVIEW: {
          target: 'started',
          actions: emit(({ context }) => ({
            type: 'REVIEW_STARTED' as const,
            planId: context.planId,
            owner: context.owner,
          })),
        },
        SNOOZE: { target: 'snoozed', actions: emit((args) => ({ type: 'REVIEW_SNOOZED' as const, ...about(args) })) },
        NO_CHANGES: {
          target: 'confirmed',
          actions: emit((args) => ({
            type: 'REVIEW_UNCHANGED' as const,
            ...about(args),
            intervalDays: args.context.intervalDays,
          })),
        },
      },
    },
    started: { type: 'final' },
    snoozed: { type: 'final' },
    confirmed: { type: 'final' },
  },
});

export type ReviewSnapshot = SnapshotFrom<typeof reviewMachine>;

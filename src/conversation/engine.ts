import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { Draft } from '../../flows/interview/draft.js';
import {
  INTERVIEW_FLOW,
  INTERVIEW_MACHINE_VERSION,
  type InterviewContext,
  type InterviewEvent,
  type InterviewState,
  interviewMachine,
} from '../../flows/interview.machine.js';
import { KeyplanError, type Plan, recommend, validateProfile } from '../core/index.js';
import type { ConversationRecord, ConversationStatus, Repositories, Store, Tenant } from '../store/index.js';
import { interviewReplies } from './interview-view.js';
import type { Reply } from './replies.js';
import { remember, type StoredSnapshot, StoredSnapshotSchema } from './snapshot.js';

export type EngineEvent = InterviewEvent | { type: 'START'; draft?: Draft };

export interface TurnInput {
  tenant: Tenant;
  conversationId: string;
  userId: string;
  event: EngineEvent;
  /** The platform's id for this event (Slack's trigger id, Teams' activity id): a retry is applied once. */
  eventId?: string;
}

export interface TurnResult {
  replies: Reply[];
  state: InterviewState;
  status: ConversationStatus;
  version: number;
  /** Set when this turn finished the interview and stored its plan. */
  planId?: string;
}

const MAX_ATTEMPTS = 5;

type InterviewSnapshot = SnapshotFrom<typeof interviewMachine>;

function statusOf(state: InterviewState): ConversationStatus {
  return state === 'done' ? 'done' : state === 'cancelled' ? 'cancelled' : 'active';
}

/** A profile's identity within a tenant: re-running the interview for the same organisation versions it. */
export function profileIdOf(draft: Draft): string {
  return (
    (draft.organization?.name ?? 'profile')
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-') || 'profile'
  );
}

/**
 * Runs conversation turns: lock the conversation, load its snapshot, apply one event, save with the
 * expected version, return the replies. Any replica, or a restarted process, continues any conversation.
 */
export class ConversationEngine {
  constructor(private readonly store: Store) {}

  async turn(input: TurnInput): Promise<TurnResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.withLock(input.tenant, `conversation:${input.conversationId}`, (tx) =>
          this.turnLocked(tx, input),
        );
      } catch (error) {
        const conflict = error instanceof KeyplanError && error.code === 'STORE_CONFLICT';
        if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async turnLocked(tx: Repositories, input: TurnInput): Promise<TurnResult> {
    const record = await tx.conversations.get(input.tenant, input.conversationId);
    const notices: Reply[] = [];
    const restored = record ? this.restore(record, input.event, notices) : undefined;
    const seen: string[] = restored?.seen ?? [];
    let snapshot = restored?.snapshot ?? this.fresh(input.event);
    const duplicate = input.eventId !== undefined && seen.includes(input.eventId);
    // After a migration the event was meant for a form the user no longer sees: show the new one instead.
    if (!duplicate && restored && !restored.migrated && input.event.type !== 'START') {
      const event = input.event as InterviewEvent;
      if (snapshot.can(event)) [snapshot] = transition(interviewMachine, snapshot, event);
      else notices.push(this.unavailable(event, snapshot.value as InterviewState));
    }
    const state = snapshot.value as InterviewState;
    const context = snapshot.context;
    // Value and context are the whole state: the machine has no children or history to keep.
    const stored: StoredSnapshot = {
      machine: { value: state, context: { ...context } },
      seen: remember(seen, input.eventId),
    };
    const status = statusOf(state);
    const saved = record
      ? await tx.conversations.save(input.tenant, input.conversationId, record.version, {
          snapshot: stored,
          status,
          machineVersion: INTERVIEW_MACHINE_VERSION,
        })
      : await tx.conversations.create({
          tenant: input.tenant,
          id: input.conversationId,
          userId: input.userId,
          flow: INTERVIEW_FLOW,
          machineVersion: INTERVIEW_MACHINE_VERSION,
          snapshot: stored,
          status,
        });
    const finished = status === 'done' && record?.status !== 'done' && !duplicate;
    const planned = finished ? await this.storePlan(tx, input, context.draft, saved.version) : undefined;
    return {
      replies: [...notices, ...interviewReplies(state, context, planned)],
      state,
      status,
      version: saved.version,
      ...(planned ? { planId: planned.planId } : {}),
    };
  }

  private fresh(event: EngineEvent, draft?: Draft): InterviewSnapshot {
    const start = draft ?? (event.type === 'START' ? event.draft : undefined);
    return initialTransition(interviewMachine, start ? { draft: start } : {})[0];
  }

  /** Restores a stored conversation; an unreadable or older snapshot keeps its answers and starts over. */
  private restore(
    record: ConversationRecord,
    event: EngineEvent,
    notices: Reply[],
  ): { snapshot: InterviewSnapshot; seen: string[]; migrated: boolean } | undefined {
    if (record.status !== 'active' && event.type === 'START') return undefined;
    const parsed = StoredSnapshotSchema.safeParse(record.snapshot);
    if (parsed.success && record.machineVersion === INTERVIEW_MACHINE_VERSION) {
      const { value, context } = parsed.data.machine;
      const snapshot = interviewMachine.resolveState({
        value: value as InterviewState,
        context: context as unknown as InterviewContext,
      });
      return { snapshot, seen: parsed.data.seen, migrated: false };
    }
    const draft = parsed.success ? (parsed.data.machine.context.draft as Draft | undefined) : undefined;
    notices.push({
      type: 'message',
      tone: 'warning',
      text: draft
        ? 'keyplan was updated since this interview was saved. Your answers are kept: walk through them again and confirm.'
        : 'This interview was saved in a form keyplan can no longer read, so it starts over.',
    });
    return {
      snapshot: this.fresh({ type: 'START' }, draft),
      seen: parsed.success ? parsed.data.seen : [],
      migrated: true,
    };
  }

  private unavailable(event: InterviewEvent, state: InterviewState): Reply {
    const text =
      state === 'done' || state === 'cancelled'
        ? `This interview is ${state === 'done' ? 'finished' : 'cancelled'}; start a new interview to change the plan.`
        : `${event.type} is not available at this step.`;
    return { type: 'message', tone: 'warning', text };
  }

  private async storePlan(
    tx: Repositories,
    input: TurnInput,
    draft: Draft,
    version: number,
  ): Promise<{ planId: string; plan: Plan }> {
    const result = validateProfile(draft);
    if (!result.ok)
      throw new KeyplanError('PROFILE_INVALID', 'the interview finished with an invalid profile', result.issues);
    const profileId = profileIdOf(draft);
    const profileVersion = await tx.profiles.saveVersion(input.tenant, profileId, draft, input.userId);
    const planId = `${input.conversationId}/v${version}`;
    const plan = recommend(result.profile);
    await tx.plans.save({
      tenant: input.tenant,
      id: planId,
      profileId,
      profileVersion: profileVersion.version,
      plan,
      status: 'draft',
    });
    return { planId, plan };
  }
}

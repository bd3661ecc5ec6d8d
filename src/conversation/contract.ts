import { z } from 'zod';
import type { Actor, FlowStatus, Rejection } from '../../flows/flow.js';
import type { Reply } from '../../flows/replies.js';
import type { Tenant } from '../store/index.js';

/**
 * The contract between the engine and every adapter (Slack, Teams, terminal). Adapters turn platform
 * input into these requests and render the results; nothing here knows a platform.
 */

/**
 * What the user was looking at when they acted: the step and the version of the conversation at which
 * that view was shown. An action whose stamp is not the current one is stale and never applied.
 */
export const ViewStampSchema = z.object({
  step: z.string().min(1).max(200),
  version: z.number().int().min(0),
});
export type ViewStamp = z.infer<typeof ViewStampSchema>;

/** Where a conversation is shown: the platform's own ids for it, so later turns can update it. */
export const SurfaceRefSchema = z.object({
  kind: z.enum(['modal', 'message', 'terminal']),
  ids: z.record(z.string().max(100), z.string().max(20_000)),
});
export type SurfaceRef = z.infer<typeof SurfaceRefSchema>;

/** Answers from a form, as the platform sent them: checked by the flow field by field. */
export const FormValuesSchema = z.record(z.string().max(200), z.unknown());

/**
 * - applied: the event changed the conversation, which goes on;
 * - finished: the event was applied and the flow reached its end (plan stored, interview cancelled);
 * - rejected: answers refused, with errors by field; nothing else changed, nothing was lost;
 * - stale: the action answered a view the user no longer sees (or a finished conversation): not applied;
 * - forbidden: this person may not act on this conversation: not applied;
 * - duplicate: the platform delivered the same event again: applied once, before;
 * - failed: the turn ran out of time or the store was unavailable: nothing saved, try again.
 */
export type Outcome = 'applied' | 'finished' | 'rejected' | 'stale' | 'forbidden' | 'duplicate' | 'failed';

interface RequestBase {
  tenant: Tenant;
  actor: Actor;
  /** Where the request came from; kept on the conversation so later turns can update the same view. */
  surface?: SurfaceRef;
}

/** Opens a flow for the actor: resumes their unfinished conversation of that flow, or starts one. */
export interface OpenRequest extends RequestBase {
  flow: string;
  /** Start over: an unfinished conversation of the same flow is cancelled first. */
  fresh?: boolean;
  /** What the flow starts from (e.g. a profile to review). */
  input?: unknown;
  /** The id of a new conversation (tests, the terminal); a random one otherwise. */
  conversationId?: string;
}

/** A button pressed or a form submitted: the action's id from the view the stamp names. */
export interface ActRequest extends RequestBase {
  conversationId: string;
  actionId: string;
  stamp: ViewStamp;
  /** The form's answers, for actions that submit it. */
  values?: Record<string, unknown>;
  /** The platform's id for this delivery (a trigger id, an activity id): a retry is applied once. */
  eventId?: string;
}

export interface TurnResult {
  outcome: Outcome;
  conversationId: string;
  flow: string;
  /** The flow's state after the turn, e.g. `environment`. */
  state: string;
  status: FlowStatus;
  /** The stored version of the conversation (changes with every save). */
  version: number;
  /** What the replies below are stamped with: send it back with any of their actions. */
  stamp: ViewStamp | null;
  replies: Reply[];
  /** For `rejected`: errors by field id and a message for the whole form. */
  rejection?: Rejection;
  /** Where the conversation is shown, as last reported. */
  surface: SurfaceRef | null;
  /** `open` found an unfinished conversation and returns it as it was. */
  resumed?: boolean;
}

/** Where a proactive message goes. */
export type Recipient =
  | { kind: 'user'; userId: string }
  | { kind: 'channel'; channelId: string }
  /** Update or answer where a conversation is shown (its stored surface). */
  | { kind: 'surface'; surface: SurfaceRef };

/** Replies ready to render: the stamp and conversation its actions belong to. */
export interface Delivery {
  conversationId: string | null;
  stamp: ViewStamp | null;
  replies: Reply[];
}

/**
 * The outbound port: how the engine, approvals and the scheduler reach people outside a request.
 * Each platform adapter implements it.
 */
export interface ReplySink {
  /** Posts to a user (direct message) or a channel; returns where it was posted. */
  post(tenant: Tenant, to: Recipient, delivery: Delivery): Promise<SurfaceRef>;
  /** Replaces what was posted at `at` (a decision recorded, buttons gone). */
  update(tenant: Tenant, at: SurfaceRef, delivery: Delivery): Promise<void>;
}

/** What an adapter needs of the engine (tests may pass a stand-in that records the requests). */
export interface TurnRunner {
  open(request: OpenRequest): Promise<TurnResult>;
  act(request: ActRequest): Promise<TurnResult>;
}

import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { FlowEvent, Reply } from './replies.js';

/** Who pressed the button or typed the command, as the platform told the adapter. */
export interface Actor {
  userId: string;
  /** What the platform says about the user at the time of the action (e.g. `approver`), resolved by the adapter. */
  roles?: readonly string[];
}

export type FlowStatus = 'active' | 'done' | 'cancelled';

/** Why the last event was refused: errors by field id, and a message for the whole form. */
export interface Rejection {
  fields: Record<string, string>;
  message?: string;
}

/** A machine snapshot as it is stored: plain JSON. */
export interface PersistedMachine {
  value: unknown;
  context: Record<string, unknown>;
}

/**
 * Everything the conversation engine needs to run one flow, and nothing of any platform or store:
 * how to start, restore and show it, who may act on it, and when an event was refused. What the
 * machine asks the outside world to do (store a plan, notify approvers) it emits; the engine runs
 * those effects through ports registered beside the flow.
 */
export interface FlowDefinition<S extends AnyMachineSnapshot = AnyMachineSnapshot> {
  id: string;
  /** Bump when older snapshots can no longer be restored; `migrate` then keeps what it can. */
  version: number;
  machine: AnyStateMachine;
  start(input: unknown): S;
  restore(persisted: PersistedMachine): S;
  persist(snapshot: S): PersistedMachine;
  /** An older version's snapshot (if readable) → the input of a new start, and what to tell the user. */
  migrate(persisted: PersistedMachine | undefined, fromVersion: number): { input: unknown; notice: string };
  /** Names what the user is looking at; with the version it stamps every view, so stale events are known. */
  stepOf(snapshot: S): string;
  view(snapshot: S): Reply[];
  /** Set when the event just applied was refused (answers kept, errors shown). */
  rejection(snapshot: S): Rejection | null;
  status(snapshot: S): FlowStatus;
  /** Whether this person may act on this conversation (the owner, the approvers, …). */
  mayAct(actor: Actor, conversation: { ownerId: string }): boolean;
  /** What someone who may not act is told (a requester: why they cannot approve their own plan). */
  forbidden(actor: Actor, conversation: { ownerId: string }): string;
  /** Sent to an unfinished conversation when its owner starts a new one (one at a time). */
  abandon?: FlowEvent;
}

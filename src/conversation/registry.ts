import type { Actor, FlowDefinition } from '../../flows/flow.js';
import type { FlowEvent, Reply } from '../../flows/replies.js';
import { KeyplanError } from '../core/index.js';
import type { Repositories, Tenant } from '../store/index.js';
import type { Delivery, Recipient, SurfaceRef } from './contract.js';

/** What an effect may use: the turn's transaction, who the conversation is, and the engine's help. */
export interface EffectContext {
  tx: Repositories;
  tenant: Tenant;
  conversationId: string;
  ownerId: string;
  actor: Actor;
  /** Where this conversation is shown, as last reported. */
  surface: SurfaceRef | null;
  /** The turn's time: one clock for every effect of the turn. */
  now: Date;
  /**
   * Starts a conversation of another registered flow in the same transaction (an approval for a plan,
   * a reopened interview), owned by `ownerId`; returns its id and what to show of it.
   */
  startFlow(flow: string, input: unknown, ownerId: string): Promise<{ conversationId: string; delivery: Delivery }>;
}

/** A message to send once the turn is committed (never from inside the transaction). */
export interface Outbound {
  to: Recipient;
  delivery: Delivery;
  /** `update` replaces what is shown at a surface recipient (a decided approval loses its buttons). */
  mode?: 'post' | 'update';
  /** Keep where it was posted as this conversation's surface (e.g. an approval message to update later). */
  trackFor?: string;
}

export interface EffectResult {
  /** Events for the machine in the same turn (e.g. PLAN_STORED answering INTERVIEW_CONFIRMED). */
  events?: FlowEvent[];
  outbound?: Outbound[];
  /** Told to the person who acted, after the view (e.g. "sent to #security for approval"). */
  replies?: Reply[];
  /** Events for other conversations, sent once this turn has committed (a newer plan supersedes an approval). */
  signals?: { conversationId: string; event: FlowEvent }[];
}

/** Runs what a machine emitted; it runs inside the turn's transaction, so a failure undoes the turn. */
export type Effect = (emitted: FlowEvent, context: EffectContext) => Promise<EffectResult>;

export interface FlowRegistration {
  flow: FlowDefinition;
  /** By emitted event type. A machine that emits a type without an effect is a wiring bug. */
  effects: Readonly<Record<string, Effect>>;
  /** Runs when someone who may not act tried to (approvals record the refused click). */
  onForbidden?: (context: EffectContext) => Promise<void>;
}

/** The flows one engine runs; a stored conversation names its flow, and the engine looks it up here. */
export class FlowRegistry {
  readonly #flows = new Map<string, FlowRegistration>();

  constructor(registrations: readonly FlowRegistration[] = []) {
    for (const registration of registrations) this.register(registration);
  }

  register(registration: FlowRegistration): this {
    const { id } = registration.flow;
    if (this.#flows.has(id)) throw new KeyplanError('INTERNAL', `flow ${id} is registered twice`);
    this.#flows.set(id, registration);
    return this;
  }

  get(id: string): FlowRegistration | undefined {
    return this.#flows.get(id);
  }

  ids(): string[] {
    return [...this.#flows.keys()];
  }
}

import type { Actor, FlowDefinition } from '../../flows/flow.js';
import type { FlowEvent } from '../../flows/replies.js';
import { KeyplanError } from '../core/index.js';
import type { Repositories, Tenant } from '../store/index.js';
import type { Delivery, Recipient } from './contract.js';

/** What an effect may use: the turn's transaction and who the conversation is. */
export interface EffectContext {
  tx: Repositories;
  tenant: Tenant;
  conversationId: string;
  ownerId: string;
  actor: Actor;
}

/** A message to send once the turn is committed (never from inside the transaction). */
export interface Outbound {
  to: Recipient;
  delivery: Delivery;
  /** Keep where it was posted as this conversation's surface (e.g. an approval message to update later). */
  trackFor?: string;
}

export interface EffectResult {
  /** Events for the machine in the same turn (e.g. PLAN_STORED answering INTERVIEW_CONFIRMED). */
  events?: FlowEvent[];
  outbound?: Outbound[];
}

/** Runs what a machine emitted; it runs inside the turn's transaction, so a failure undoes the turn. */
export type Effect = (emitted: FlowEvent, context: EffectContext) => Promise<EffectResult>;

export interface FlowRegistration {
  flow: FlowDefinition;
  /** By emitted event type. A machine that emits a type without an effect is a wiring bug. */
  effects: Readonly<Record<string, Effect>>;
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

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor, Rejection } from '../../flows/flow.js';
import { actionsOf, type FlowEvent, type Reply } from '../../flows/replies.js';
import { KeyplanError } from '../core/index.js';
import type { ConversationRecord, Repositories, Store, Tenant } from '../store/index.js';
import { withAttachments } from './attachments.js';
import {
  type ActRequest,
  FormValuesSchema,
  type OpenRequest,
  type Outcome,
  type Recipient,
  type ReplySink,
  type SurfaceRef,
  SurfaceRefSchema,
  type TurnResult,
  type ViewStamp,
} from './contract.js';
import { envelope, readEnvelope, remember } from './envelope.js';
import { type Effect, type EffectContext, type FlowRegistration, FlowRegistry, type Outbound } from './registry.js';
import { applyEvent } from './transition.js';

export interface EngineOptions {
  store: Store;
  flows: FlowRegistry | readonly FlowRegistration[];
  /** Outbound ports by platform: effects that notify people go through them after the turn commits. */
  sinks?: Partial<Record<Tenant['platform'], ReplySink>>;
  /** How long one turn may take before it gives up cleanly (Slack wants an answer within 3 s). */
  budgetMs?: number;
  /** Told about proactive messages that could not be sent (the turn itself has committed). */
  onDeliveryError?: (error: unknown, outbound: Outbound) => void;
  /** The clock effects schedule by (next review, approval expiry): injectable, so tests run days in ms. */
  now?: () => Date;
}

const MAX_ATTEMPTS = 5;
export const DEFAULT_TURN_BUDGET_MS = 2_000;

const TRY_AGAIN: Reply = {
  type: 'message',
  tone: 'error',
  text: 'keyplan could not finish that in time, and nothing was changed. Please try again in a moment.',
};

class TurnTimeout extends Error {}

/** One loaded conversation: its record, its flow, and the snapshot as it stands. */
interface Loaded {
  record: ConversationRecord;
  registration: FlowRegistration;
  snapshot: AnyMachineSnapshot;
  seen: string[];
  view: ViewStamp;
  /** Set when the stored snapshot was of an older flow version and was started again from its answers. */
  migrated: string | null;
}

interface Work {
  result: TurnResult;
  outbound: Outbound[];
  /** Events for other conversations, sent after this turn commits. */
  signals?: { conversationId: string; event: FlowEvent }[];
}

function notice(text: string, tone: 'info' | 'warning' = 'warning'): Reply {
  return { type: 'message', tone, text };
}

function surfaceOf(record: ConversationRecord): SurfaceRef | null {
  const parsed = SurfaceRefSchema.safeParse(record.surface);
  return parsed.success ? parsed.data : null;
}

/**
 * Runs conversation turns for any registered flow: lock the conversation, load its snapshot, check
 * who acts and on what view, apply one event, run the effects the machine emits, save with the
 * expected version, and return the replies with the outcome. Any replica, or a restarted process,
 * continues any conversation; proactive messages go out through the platforms' ReplySinks.
 */
export class ConversationEngine {
  readonly #store: Store;
  readonly #flows: FlowRegistry;
  readonly #sinks: Partial<Record<Tenant['platform'], ReplySink>>;
  readonly #budgetMs: number;
  readonly #onDeliveryError: (error: unknown, outbound: Outbound) => void;
  readonly #now: () => Date;

  constructor(options: EngineOptions) {
    this.#store = options.store;
    this.#flows = options.flows instanceof FlowRegistry ? options.flows : new FlowRegistry(options.flows);
    this.#sinks = { ...options.sinks };
    this.#budgetMs = options.budgetMs ?? DEFAULT_TURN_BUDGET_MS;
    this.#onDeliveryError = options.onDeliveryError ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
  }

  /** Connects a platform's outbound port (adapters are built after the engine they talk to). */
  attachSink(platform: Tenant['platform'], sink: ReplySink): void {
    this.#sinks[platform] = sink;
  }

  /** Resumes the actor's unfinished conversation of a flow, or starts one (one at a time per person). */
  async open(request: OpenRequest): Promise<TurnResult> {
    const registration = this.#registration(request.flow);
    const fallbackId = request.conversationId ?? randomUUID();
    return this.#run(
      request.tenant,
      `owner:${request.actor.userId}:${request.flow}`,
      fallbackId,
      request.flow,
      (tx, deadline) => this.#open(tx, request, registration, fallbackId, deadline),
    );
  }

  /** A button pressed or a form submitted on a view the user was shown. */
  async act(request: ActRequest): Promise<TurnResult> {
    return this.#run(
      request.tenant,
      `conversation:${request.conversationId}`,
      request.conversationId,
      '',
      (tx, deadline) => this.#act(tx, request, deadline),
    );
  }

  /** The conversation as it stands, for re-rendering (status, a lost modal); changes nothing. */
  async view(tenant: Tenant, conversationId: string, actor: Actor): Promise<TurnResult | undefined> {
    const record = await this.#store.conversations.get(tenant, conversationId);
    if (!record) return undefined;
    const loaded = this.#load(record);
    const owner = { ownerId: record.userId };
    if (!loaded.registration.flow.mayAct(actor, owner)) {
      return this.#refusal(loaded, 'forbidden', [notice(loaded.registration.flow.forbidden(actor, owner))]);
    }
    return this.#result(loaded, 'applied', loaded.snapshot, record.version, loaded.view, surfaceOf(record));
  }

  /**
   * Starts a conversation keyplan itself begins (a review reminder) and posts it to a recipient,
   * awaiting the post: a failure throws, so the caller (the scheduler) retries. The id is the caller's,
   * so a retry reuses the conversation instead of starting a second one.
   */
  async start(request: {
    tenant: Tenant;
    flow: string;
    input: unknown;
    ownerId: string;
    conversationId: string;
    deliverTo: Recipient;
  }): Promise<{ conversationId: string; surface: SurfaceRef }> {
    const registration = this.#registration(request.flow);
    const { tenant, conversationId } = request;
    const delivery = await this.#withRetries(tenant, `conversation:${conversationId}`, async (tx) => {
      const existing = await tx.conversations.get(tenant, conversationId);
      if (existing) {
        const loaded = this.#load(existing);
        return {
          conversationId,
          stamp: loaded.view,
          replies: withAttachments(loaded.registration.flow.view(loaded.snapshot)),
        };
      }
      const { flow } = registration;
      const snapshot = flow.start(request.input);
      const view = { step: flow.stepOf(snapshot), version: 1 };
      await tx.conversations.create({
        tenant,
        id: conversationId,
        userId: request.ownerId,
        flow: flow.id,
        machineVersion: flow.version,
        snapshot: envelope(flow.persist(snapshot), [], view),
        status: flow.status(snapshot),
      });
      return { conversationId, stamp: view, replies: withAttachments(flow.view(snapshot)) };
    });
    const sink = this.#sinks[tenant.platform];
    if (!sink) throw new KeyplanError('INTERNAL', `no outbound port for ${tenant.platform}`);
    const surface = await sink.post(tenant, request.deliverTo, delivery);
    await this.recordSurface(tenant, conversationId, surface);
    return { conversationId, surface };
  }

  /** Posts one message outside any conversation (a nudge), awaiting it: a failure throws. */
  async notify(tenant: Tenant, to: Recipient, reply: Reply): Promise<SurfaceRef> {
    const sink = this.#sinks[tenant.platform];
    if (!sink) throw new KeyplanError('INTERNAL', `no outbound port for ${tenant.platform}`);
    return sink.post(tenant, to, { conversationId: null, stamp: null, replies: [reply] });
  }

  /** Keeps where a conversation is shown (e.g. the view id Slack returned for a modal just opened). */
  async recordSurface(tenant: Tenant, conversationId: string, surface: SurfaceRef): Promise<void> {
    const checked = SurfaceRefSchema.parse(surface);
    await this.#withRetries(tenant, `conversation:${conversationId}`, async (tx) => {
      const record = await tx.conversations.get(tenant, conversationId);
      if (!record) throw new KeyplanError('NOT_FOUND', `conversation ${conversationId} does not exist`);
      await tx.conversations.save(tenant, conversationId, record.version, {
        snapshot: record.snapshot,
        status: record.status,
        machineVersion: record.machineVersion,
        surface: checked,
      });
    });
  }

  #registration(flowId: string): FlowRegistration {
    const registration = this.#flows.get(flowId);
    if (!registration) throw new KeyplanError('INTERNAL', `no flow "${flowId}" is registered with the engine`);
    return registration;
  }

  async #withRetries<T>(tenant: Tenant, key: string, fn: (tx: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#store.withLock(tenant, key, fn);
      } catch (error) {
        const conflict = error instanceof KeyplanError && error.code === 'STORE_CONFLICT';
        if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * One locked unit of work within the time budget. Past the budget the caller gets a "try again"
   * result at once; the work checks the deadline before it saves, so it rolls back rather than
   * committing late (a save already under way may still land: a retry then sees it as applied).
   */
  async #run(
    tenant: Tenant,
    key: string,
    conversationId: string,
    flow: string,
    fn: (tx: Repositories, deadline: number) => Promise<Work>,
  ): Promise<TurnResult> {
    const deadline = performance.now() + this.#budgetMs;
    const work = this.#withRetries(tenant, key, (tx) => fn(tx, deadline)).then((done) => {
      void this.#deliver(tenant, done.outbound);
      void this.#signalAll(tenant, done.signals ?? []);
      return done.result;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.#budgetMs);
    });
    try {
      const first = await Promise.race([work, late]);
      if (first !== 'late') return first;
      work.catch(() => undefined);
    } catch (error) {
      if (!(error instanceof TurnTimeout)) throw error;
    } finally {
      clearTimeout(timer);
    }
    return {
      outcome: 'failed',
      conversationId,
      flow,
      state: '',
      status: 'active',
      version: 0,
      stamp: null,
      replies: [TRY_AGAIN],
      surface: null,
    };
  }

  /** Signals sent after a commit; one that fails leaves its conversation as it was, and is reported. */
  async #signalAll(tenant: Tenant, signals: readonly { conversationId: string; event: FlowEvent }[]): Promise<void> {
    for (const { conversationId, event } of signals) {
      await this.signal(tenant, conversationId, event).catch((error: unknown) =>
        this.#onDeliveryError(error, {
          to: { kind: 'surface', surface: { kind: 'message', ids: { conversationId } } },
          delivery: { conversationId, stamp: null, replies: [] },
        }),
      );
    }
  }

  async #deliver(tenant: Tenant, outbound: readonly Outbound[]): Promise<void> {
    for (const item of outbound) {
      try {
        const sink = this.#sinks[tenant.platform];
        if (!sink) throw new KeyplanError('INTERNAL', `no outbound port for ${tenant.platform}`);
        if (item.mode === 'update' && item.to.kind === 'surface') {
          await sink.update(tenant, item.to.surface, item.delivery);
          continue;
        }
        const at = await sink.post(tenant, item.to, item.delivery);
        if (item.trackFor) await this.recordSurface(tenant, item.trackFor, at);
      } catch (error) {
        this.#onDeliveryError(error, item);
      }
    }
  }

  /** Restores a stored conversation; one of an older flow version restarts from the answers it keeps. */
  #load(record: ConversationRecord): Loaded {
    const registration = this.#flows.get(record.flow);
    if (!registration) {
      throw new KeyplanError(
        'INTERNAL',
        `conversation ${record.id} belongs to flow "${record.flow}", which this keyplan does not run`,
      );
    }
    const { flow } = registration;
    const read = readEnvelope(record.snapshot);
    if (read.ok && record.machineVersion === flow.version) {
      const { machine, seen, view } = read.envelope;
      return { record, registration, snapshot: flow.restore(machine), seen, view, migrated: null };
    }
    const machine = read.ok ? read.envelope.machine : read.machine;
    const { input, notice: told } = flow.migrate(machine, record.machineVersion);
    const snapshot = flow.start(input);
    const view = { step: flow.stepOf(snapshot), version: record.version + 1 };
    return { record, registration, snapshot, seen: read.ok ? read.envelope.seen : [], view, migrated: told };
  }

  #result(
    loaded: Pick<Loaded, 'registration' | 'record'>,
    outcome: Outcome,
    snapshot: AnyMachineSnapshot,
    version: number,
    stamp: ViewStamp | null,
    surface: SurfaceRef | null,
    extra: { before?: Reply[]; after?: Reply[]; rejection?: Rejection; resumed?: boolean } = {},
  ): TurnResult {
    const { flow } = loaded.registration;
    return {
      outcome,
      conversationId: loaded.record.id,
      flow: flow.id,
      state: String(snapshot.value),
      status: flow.status(snapshot),
      version,
      stamp,
      replies: withAttachments([...(extra.before ?? []), ...flow.view(snapshot), ...(extra.after ?? [])]),
      surface,
      ...(extra.rejection ? { rejection: extra.rejection } : {}),
      ...(extra.resumed ? { resumed: true } : {}),
    };
  }

  /** A refusal (stale, duplicate, forbidden) changes nothing; forbidden shows nothing of the conversation. */
  #refusal(loaded: Loaded, outcome: Outcome, before: Reply[]): TurnResult {
    if (outcome === 'forbidden') {
      return {
        outcome,
        conversationId: loaded.record.id,
        flow: loaded.registration.flow.id,
        state: '',
        status: loaded.record.status,
        version: loaded.record.version,
        stamp: null,
        replies: before,
        surface: null,
      };
    }
    return this.#result(
      loaded,
      outcome,
      loaded.snapshot,
      loaded.record.version,
      loaded.view,
      surfaceOf(loaded.record),
      {
        before,
      },
    );
  }

  async #save(
    tx: Repositories,
    loaded: Loaded,
    snapshot: AnyMachineSnapshot,
    seen: string[],
    view: ViewStamp,
    surface: SurfaceRef | undefined,
  ): Promise<ConversationRecord> {
    const { flow } = loaded.registration;
    return tx.conversations.save(loaded.record.tenant, loaded.record.id, loaded.record.version, {
      snapshot: envelope(flow.persist(snapshot), seen, view),
      status: flow.status(snapshot),
      machineVersion: flow.version,
      ...(surface ? { surface: SurfaceRefSchema.parse(surface) } : {}),
    });
  }

  async #open(
    tx: Repositories,
    request: OpenRequest,
    registration: FlowRegistration,
    conversationId: string,
    deadline: number,
  ): Promise<Work> {
    const { flow } = registration;
    const active = await tx.conversations.latestActive(request.tenant, request.actor.userId, flow.id);
    const outbound: Outbound[] = [];
    if (active && !request.fresh && request.input === undefined) {
      const loaded = this.#load(active);
      if (loaded.migrated === null && !request.surface) {
        return {
          result: this.#result(loaded, 'applied', loaded.snapshot, active.version, loaded.view, surfaceOf(active), {
            resumed: true,
          }),
          outbound,
        };
      }
      checkDeadline(deadline);
      const saved = await this.#save(tx, loaded, loaded.snapshot, loaded.seen, loaded.view, request.surface);
      const before = loaded.migrated ? [notice(loaded.migrated)] : [];
      return {
        result: this.#result(loaded, 'applied', loaded.snapshot, saved.version, loaded.view, surfaceOf(saved), {
          before,
          resumed: true,
        }),
        outbound,
      };
    }
    if (active && flow.abandon) {
      // One unfinished conversation per person and flow: the one being replaced ends here.
      const loaded = this.#load(active);
      const applied = await applyEvent(
        registration,
        loaded.snapshot,
        flow.abandon,
        this.#effectContext(tx, active, request.actor),
      );
      outbound.push(...applied.outbound);
      await this.#save(
        tx,
        loaded,
        applied.snapshot,
        loaded.seen,
        { step: flow.stepOf(applied.snapshot), version: active.version + 1 },
        undefined,
      );
    }
    const snapshot = flow.start(request.input);
    const view = { step: flow.stepOf(snapshot), version: 1 };
    checkDeadline(deadline);
    const created = await tx.conversations.create({
      tenant: request.tenant,
      id: conversationId,
      userId: request.actor.userId,
      flow: flow.id,
      machineVersion: flow.version,
      snapshot: envelope(flow.persist(snapshot), [], view),
      status: flow.status(snapshot),
      ...(request.surface ? { surface: SurfaceRefSchema.parse(request.surface) } : {}),
    });
    return {
      result: this.#result(
        { registration, record: created },
        'applied',
        snapshot,
        created.version,
        view,
        surfaceOf(created),
      ),
      outbound,
    };
  }

  #effectContext(tx: Repositories, record: ConversationRecord, actor: Actor): EffectContext {
    return {
      tx,
      tenant: record.tenant,
      conversationId: record.id,
      ownerId: record.userId,
      actor,
      surface: surfaceOf(record),
      now: this.#now(),
      startFlow: async (flowId, input, ownerId) => {
        const { flow } = this.#registration(flowId);
        const snapshot = flow.start(input);
        const view = { step: flow.stepOf(snapshot), version: 1 };
        const created = await tx.conversations.create({
          tenant: record.tenant,
          id: randomUUID(),
          userId: ownerId,
          flow: flow.id,
          machineVersion: flow.version,
          snapshot: envelope(flow.persist(snapshot), [], view),
          status: flow.status(snapshot),
        });
        return {
          conversationId: created.id,
          delivery: { conversationId: created.id, stamp: view, replies: withAttachments(flow.view(snapshot)) },
        };
      },
    };
  }

  async #act(tx: Repositories, request: ActRequest, deadline: number): Promise<Work> {
    const record = await tx.conversations.get(request.tenant, request.conversationId);
    if (!record) {
      throw new KeyplanError(
        'NOT_FOUND',
        `there is no conversation ${request.conversationId} in this workspace: start a new one`,
      );
    }
    const loaded = this.#load(record);
    const { flow } = loaded.registration;
    const refuse = (outcome: Outcome, before: Reply[]): Work => ({
      result: this.#refusal(loaded, outcome, before),
      outbound: [],
    });

    const owner = { ownerId: record.userId };
    if (!flow.mayAct(request.actor, owner)) {
      await loaded.registration.onForbidden?.(this.#effectContext(tx, record, request.actor));
      return refuse('forbidden', [notice(flow.forbidden(request.actor, owner))]);
    }
    if (request.eventId !== undefined && loaded.seen.includes(request.eventId)) return refuse('duplicate', []);
    if (loaded.migrated !== null) {
      // The action was meant for a form of the older version: show the new one instead of guessing.
      checkDeadline(deadline);
      const saved = await this.#save(tx, loaded, loaded.snapshot, loaded.seen, loaded.view, request.surface);
      return {
        result: this.#result(loaded, 'stale', loaded.snapshot, saved.version, loaded.view, surfaceOf(saved), {
          before: [notice(loaded.migrated)],
        }),
        outbound: [],
      };
    }
    if (record.status !== 'active') {
      const what = record.status === 'done' ? 'finished' : 'cancelled';
      return refuse('stale', [
        notice(`This conversation is ${what}; nothing was changed. Start a new one to change the plan.`, 'info'),
      ]);
    }
    const current = request.stamp.step === loaded.view.step && request.stamp.version === loaded.view.version;
    const action = current ? actionsOf(flow.view(loaded.snapshot)).find((a) => a.id === request.actionId) : undefined;
    if (!action) {
      return refuse('stale', [
        notice('That was an answer to an earlier step, so it was not applied. This is where the conversation is now.'),
      ]);
    }
    const values = action.submitsForm ? FormValuesSchema.safeParse(request.values ?? {}) : undefined;
    if (values && !values.success) {
      throw new KeyplanError('USAGE', 'the form answers must be an object of field ids and values');
    }
    const event: FlowEvent = values ? { ...action.event, values: values.data } : action.event;
    const applied = await applyEvent(
      loaded.registration,
      loaded.snapshot,
      event,
      this.#effectContext(tx, record, request.actor),
    );
    const rejection = flow.rejection(applied.snapshot);
    const status = flow.status(applied.snapshot);
    const outcome: Outcome = rejection ? 'rejected' : status !== 'active' ? 'finished' : 'applied';
    // A refused answer leaves the same view in front of the user: its stamp stays valid.
    const view = rejection ? loaded.view : { step: flow.stepOf(applied.snapshot), version: record.version + 1 };
    checkDeadline(deadline);
    const saved = await this.#save(
      tx,
      loaded,
      applied.snapshot,
      remember(loaded.seen, request.eventId),
      view,
      request.surface,
    );
    return {
      result: this.#result(loaded, outcome, applied.snapshot, saved.version, view, surfaceOf(saved), {
        ...(rejection ? { rejection } : {}),
        after: applied.replies,
      }),
      outbound: applied.outbound,
      signals: applied.signals,
    };
  }

  /**
   * A trusted event from keyplan itself, not a person (an approval expiring, a newer plan superseding
   * one): applied when the conversation is active and its state takes it, else stale, changing nothing.
   */
  async signal(tenant: Tenant, conversationId: string, event: FlowEvent): Promise<TurnResult> {
    return this.#run(tenant, `conversation:${conversationId}`, conversationId, '', async (tx, deadline) => {
      const record = await tx.conversations.get(tenant, conversationId);
      if (!record) throw new KeyplanError('NOT_FOUND', `there is no conversation ${conversationId} to signal`);
      const loaded = this.#load(record);
      const { flow } = loaded.registration;
      if (record.status !== 'active' || loaded.migrated !== null || !loaded.snapshot.can(event)) {
        return { result: this.#refusal(loaded, 'stale', []), outbound: [] };
      }
      const applied = await applyEvent(
        loaded.registration,
        loaded.snapshot,
        event,
        this.#effectContext(tx, record, SYSTEM),
      );
      const status = flow.status(applied.snapshot);
      const view = { step: flow.stepOf(applied.snapshot), version: record.version + 1 };
      checkDeadline(deadline);
      const saved = await this.#save(tx, loaded, applied.snapshot, loaded.seen, view, undefined);
      return {
        result: this.#result(
          loaded,
          status === 'active' ? 'applied' : 'finished',
          applied.snapshot,
          saved.version,
          view,
          surfaceOf(saved),
          {
            after: applied.replies,
          },
        ),
        outbound: [...applied.outbound, ...this.#refreshSurface(record, loaded.registration, applied.snapshot, view)],
        signals: applied.signals,
      };
    });
  }

  /** A conversation changed by keyplan itself is shown anew where it is shown (an expired approval loses its buttons). */
  #refreshSurface(
    record: ConversationRecord,
    registration: FlowRegistration,
    snapshot: AnyMachineSnapshot,
    view: ViewStamp,
  ): Outbound[] {
    const surface = surfaceOf(record);
    if (!surface || surface.kind === 'terminal') return [];
    return [
      {
        to: { kind: 'surface', surface },
        mode: 'update',
        delivery: {
          conversationId: record.id,
          stamp: view,
          replies: withAttachments(registration.flow.view(snapshot)),
        },
      },
    ];
  }
}

/** The actor of events keyplan sends itself. */
export const SYSTEM: Actor = { userId: 'keyplan' };

function checkDeadline(deadline: number): void {
  if (performance.now() > deadline) throw new TurnTimeout('the turn ran out of time before it was saved');
}

export type { Effect };

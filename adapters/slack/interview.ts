import type { types, ViewResponseAction, webApi } from '@slack/bolt';
import {
  INTERVIEW_FLOW,
  PLAN_STATUS_TEXT,
  type PlanSummaryReply,
  type Reply,
  type Tenant,
  type TurnResult,
} from '../../src/conversation/index.js';
import { actionIdOf } from './blocks.js';
import { EXPORT_CHOICES, filesOf } from './exports.js';
import { answerOf, fieldBlockId, formValues, type InputState } from './form-blocks.js';
import { LIMITS } from './limits.js';
import { type ModalMeta, readModalMeta } from './metadata.js';
import { interviewModal, messageModal, type SubmittedView, thenBlockId, withNotice } from './modal.js';
import { planBlocks, planText } from './plan-blocks.js';
import type { SlackPorts } from './ports.js';
import type { Respond, SlackPoster } from './poster.js';
import type { SlackRoles } from './roles.js';

/**
 * The interview in modals: `/keyplan` (or App Home's button) opens it with the trigger id; each
 * submission is answered with the next view (`response_action: update`) or the refused answers
 * (`errors`); buttons in the modal update it after the ack. Outcomes map as the conversation contract
 * says: stale and duplicate show the current view, forbidden refuses politely, failed says try again.
 */

const TRY_AGAIN = 'keyplan could not save that in time, and nothing was changed. Please try again.';
const OUT_OF_DATE = 'This keyplan window is out of date. Run /keyplan to open your interview again.';
const LOST =
  'keyplan could not find this interview any more (it may have been started over elsewhere). Run /keyplan to continue.';

export interface InterviewDeps {
  ports: SlackPorts;
  client: webApi.WebClient;
  poster: SlackPoster;
  /** The roles of whoever acts, asked at that moment. */
  roles: SlackRoles;
  /** Refreshes a user's App Home after a plan is stored. */
  refreshHome: (tenant: Tenant, userId: string) => Promise<void>;
}

const WELCOME_BACK: Reply = {
  type: 'message',
  tone: 'info',
  text: 'Welcome back: your answers so far are kept, so you continue where you left off.',
};

/** Opens the user's interview (resuming an unfinished one) in a modal, or says why it could not. */
export async function openInterview(
  deps: InterviewDeps,
  request: { tenant: Tenant; userId: string; triggerId: string; channel?: string; respond?: Respond },
): Promise<void> {
  const { engine, log } = deps.ports;
  // From a command the answer goes through its response_url; from App Home, into a window of its own.
  const tell = async (text: string) => {
    const told = request.respond
      ? request.respond({ response_type: 'ephemeral', text })
      : deps.client.views.open({ trigger_id: request.triggerId, view: messageModal(text, 'error') });
    await told.catch(() => undefined);
  };
  let result: TurnResult;
  try {
    result = await engine.open({ tenant: request.tenant, actor: { userId: request.userId }, flow: INTERVIEW_FLOW });
  } catch (error) {
    log(`keyplan: opening an interview failed: ${(error as Error).message}`);
    return tell('keyplan could not open your interview just now. Please run /keyplan again in a moment.');
  }
  if (result.outcome === 'failed') return tell(TRY_AGAIN);
  const shown = result.resumed ? { ...result, replies: [WELCOME_BACK, ...result.replies] } : result;
  const origin = request.channel ? { channel: request.channel } : {};
  try {
    const opened = await deps.client.views.open({ trigger_id: request.triggerId, view: interviewModal(shown, origin) });
    const viewId = opened.view?.id;
    if (viewId) {
      await engine.recordSurface(request.tenant, result.conversationId, { kind: 'modal', ids: { viewId } });
    }
  } catch (error) {
    log(`keyplan: views.open failed: ${(error as Error).message}`);
    await tell('Slack could not open the keyplan window in time. Please run /keyplan again.');
  }
}

/** The action the submission chose: the checkbox or choice above Submit, else Submit's own. */
function chosenAction(view: SubmittedView, meta: ModalMeta): string {
  const then = view.state?.values?.[thenBlockId(meta.v)]?.value as InputState | undefined;
  const picked = answerOf(then);
  const choice = Array.isArray(picked) ? picked[0] : picked;
  return choice || meta.a || '';
}

async function act(
  deps: InterviewDeps,
  request: { tenant: Tenant; userId: string; meta: ModalMeta; actionId: string; view: SubmittedView; eventId?: string },
): Promise<TurnResult | { error: string }> {
  try {
    return await deps.ports.engine.act({
      tenant: request.tenant,
      actor: { userId: request.userId },
      conversationId: request.meta.c,
      actionId: request.actionId,
      stamp: { step: request.meta.s, version: request.meta.v },
      values: formValues(request.view.state?.values),
      surface: { kind: 'modal', ids: { viewId: request.view.id } },
      ...(request.eventId ? { eventId: request.eventId } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    deps.ports.log(`keyplan: an interview turn failed: ${(error as Error).message}`);
    return { error: code === 'NOT_FOUND' ? LOST : TRY_AGAIN };
  }
}

type ViewAck = (response?: ViewResponseAction) => Promise<void>;

/**
 * A submitted modal. The answer is the ack itself: the next view, or errors on the fields Slack
 * shows them on (the other answers stay as typed). Finishing posts the plan after the ack.
 */
export async function submitInterview(
  deps: InterviewDeps,
  request: { tenant: Tenant; userId: string; view: SubmittedView; triggerId?: string; ack: ViewAck },
): Promise<void> {
  const { view, ack } = request;
  const meta = readModalMeta(view.private_metadata);
  if (!meta) return ack({ response_action: 'update', view: messageModal(OUT_OF_DATE, 'warning') });
  const result = await act(deps, {
    ...request,
    meta,
    actionId: chosenAction(view, meta),
    ...(request.triggerId ? { eventId: request.triggerId } : {}),
  });
  if ('error' in result) return ack({ response_action: 'update', view: messageModal(result.error, 'error') });
  const origin = meta.ch ? { channel: meta.ch } : {};
  const inputs = new Set((view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.block_id ?? ''));
  switch (result.outcome) {
    case 'rejected': {
      const fields = Object.entries(result.rejection?.fields ?? {});
      const keyed = fields.map(([field, message]) => [fieldBlockId(meta.v, field), message] as const);
      if (fields.length > 0 && keyed.every(([block]) => inputs.has(block)) && !result.rejection?.message) {
        return ack({
          response_action: 'errors',
          errors: Object.fromEntries(keyed.map(([b, m]) => [b, m.slice(0, 500)])),
        });
      }
      return ack({ response_action: 'update', view: interviewModal(result, origin) });
    }
    case 'failed': {
      const first = [...inputs][0];
      if (first) return ack({ response_action: 'errors', errors: { [first]: TRY_AGAIN } });
      return ack({ response_action: 'update', view: withNotice(view, TRY_AGAIN) });
    }
    default:
      await ack({ response_action: 'update', view: interviewModal(result, origin) });
  }
  if (result.outcome === 'finished') await afterFinish(deps, request.tenant, request.userId, result, meta.ch);
}

/** A button (or menu) pressed inside the modal: acknowledged at once, then the modal is updated. */
export async function modalAction(
  deps: InterviewDeps,
  request: {
    tenant: Tenant;
    userId: string;
    view: SubmittedView;
    action: { action_id: string; selected_option?: { value: string } | null };
    triggerId?: string;
  },
): Promise<void> {
  const { view } = request;
  const update = (next: types.ModalView) =>
    deps.client.views.update({ view_id: view.id, view: next }).catch((error: unknown) => {
      deps.ports.log(`keyplan: views.update failed: ${(error as Error).message}`);
    });
  const meta = readModalMeta(view.private_metadata);
  if (!meta) {
    await update(messageModal(OUT_OF_DATE, 'warning'));
    return;
  }
  const actionId = request.action.selected_option?.value ?? actionIdOf(request.action.action_id);
  const result = await act(deps, {
    ...request,
    meta,
    actionId,
    ...(request.triggerId ? { eventId: request.triggerId } : {}),
  });
  if ('error' in result) {
    await update(withNotice(view, result.error));
    return;
  }
  if (result.outcome === 'failed') {
    await update(withNotice(view, TRY_AGAIN));
    return;
  }
  await update(interviewModal(result, meta.ch ? { channel: meta.ch } : {}));
  if (result.outcome === 'finished') await afterFinish(deps, request.tenant, request.userId, result, meta.ch);
}

/** Closing the window keeps every answer given: say how to continue, where /keyplan was run. */
export async function interviewClosed(
  deps: InterviewDeps,
  request: { userId: string; view: SubmittedView },
): Promise<void> {
  const meta = readModalMeta(request.view.private_metadata);
  if (!meta?.ch) return;
  await deps.client.chat
    .postEphemeral({
      channel: meta.ch,
      user: request.userId,
      text: 'Your keyplan interview is saved. Run /keyplan when you want to continue where you left off.',
    })
    .catch(() => undefined);
}

/** The interview stored its plan: post it (channel, or direct message) with the report, refresh Home. */
async function afterFinish(
  deps: InterviewDeps,
  tenant: Tenant,
  userId: string,
  result: TurnResult,
  channel: string | undefined,
): Promise<void> {
  const plan = result.replies.find((reply): reply is PlanSummaryReply => reply.type === 'plan-summary');
  if (!plan || result.status !== 'done') return;
  try {
    // Sent for approval in the same turn, the plan may already be waiting for the security team.
    const stored = plan.planId ? await deps.ports.plans.get(tenant, plan.planId) : undefined;
    const status = PLAN_STATUS_TEXT[stored?.listing.status ?? 'draft'];
    await postPlan(deps.poster, { userId, ...(channel ? { channel } : {}) }, plan, status, 'markdown');
  } catch (error) {
    deps.ports.log(`keyplan: posting the finished plan failed: ${(error as Error).message}`);
  }
  await deps.refreshHome(tenant, userId).catch(() => undefined);
}

/** Posts a plan summary and one export format (a file, or a code block when small). */
export async function postPlan(
  poster: SlackPoster,
  to: Parameters<SlackPoster['post']>[0],
  plan: PlanSummaryReply,
  status: string | undefined,
  format: (typeof EXPORT_CHOICES)[number]['format'],
): Promise<void> {
  const choice = EXPORT_CHOICES.find((c) => c.format === format) ?? EXPORT_CHOICES[0];
  const blocks = planBlocks(plan, {
    maxBlocks: LIMITS.blocksPerMessage,
    exports: true,
    ...(status ? { status } : {}),
    // In a channel, say whose request it was; in the requester's own messages that goes without saying.
    ...(to.channel && to.userId ? { sharedBy: to.userId } : {}),
  });
  await poster.post(to, { text: planText(plan), blocks }, filesOf(plan.attachments, choice), 'auto');
}

import type { StoredView } from '../../bench/slack/support/fake-slack.js';
import { filledState, hintErrors, renderedActions, responseErrors } from '../../bench/slack/support/modal-user.js';
import { slashCommand, triggerId, viewAction, viewSubmission } from '../../bench/slack/support/payloads.js';
import { commandRequest, interactionRequest, type SignedRequest } from '../../bench/slack/support/signed.js';
import type { TurnResult } from '../../src/conversation/index.js';
import { blockKitViolations } from '../adapters/slack/support/block-kit-limits.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../adapters/slack/support/harness.js';
import type { AdapterDriver, Seen } from './adapter-contract.js';
import { adapterContract } from './adapter-contract.js';

/**
 * The contract through Slack: every open and press is a signed HTTP request into `keyplan serve`'s
 * server, and what the user sees is what the adapter sent to the loopback Slack (the modal it opened,
 * the `response_action` it answered, the views.update it made). The outcome and state come from the
 * engine's result for that turn, as the contract's Seen defines them.
 */
function slackDriver(h: SlackHarness): AdapterDriver {
  const views = new WeakMap<Seen, StoredView>();
  let last: { request: SignedRequest; kind: 'submit' | 'press'; view: StoredView } | undefined;

  const lastResult = (count: number): TurnResult => {
    const result = h.engine.results[count];
    if (!result) throw new Error('the adapter ran no engine turn for that request');
    return result;
  };

  function seen(result: TurnResult, view: StoredView, errors: Record<string, string>): Seen {
    const problems = blockKitViolations(view as unknown as Record<string, unknown>, 'modal');
    if (problems.length > 0) throw new Error(`the modal breaks Block Kit limits: ${problems.join('; ')}`);
    const entry: Seen = {
      outcome: result.outcome,
      conversationId: result.conversationId,
      state: result.state,
      actionIds: renderedActions(view).map((action) => action.id),
      errors,
    };
    views.set(entry, structuredClone(view));
    return entry;
  }

  async function deliver(
    request: SignedRequest,
    kind: 'submit' | 'press',
    view: StoredView,
    retry = false,
  ): Promise<Seen> {
    const turns = h.engine.results.length;
    const from = h.fake.calls.length;
    const answer = await h.send(
      retry ? { ...request, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } } : request,
    );
    if (answer.status !== 200) throw new Error(`Slack request answered ${answer.status}`);
    if (kind === 'submit') {
      const json = answer.json as {
        response_action: string;
        view?: Record<string, unknown>;
        errors?: Record<string, string>;
      };
      const result = lastResult(turns);
      if (json.response_action === 'errors') return seen(result, view, responseErrors(json.errors ?? {}));
      const next = { ...(json.view as unknown as StoredView), id: view.id, hash: `${view.hash}+` };
      h.fake.views.set(view.id, next);
      return seen(result, next, hintErrors(next));
    }
    const call = await h.fake.waitForCall((c) => c.method === 'views.update' && c.params.view_id === view.id, from);
    const next = h.fake.views.get(String(call.params.view_id)) as StoredView;
    return seen(lastResult(turns), next, hintErrors(next));
  }

  return {
    async open(userId) {
      const turns = h.engine.results.length;
      const from = h.fake.calls.length;
      const trigger = triggerId();
      const answer = await h.send(
        commandRequest(
          slashCommand(h.who(userId), { text: '', channel: CHANNEL, responseUrl: h.fake.responseUrl(), trigger }),
        ),
      );
      if (answer.status !== 200 || answer.text !== '')
        throw new Error(`/keyplan answered ${answer.status} ${answer.text}`);
      const call = await h.fake.waitForCall((c) => c.method === 'views.open' && c.params.trigger_id === trigger, from);
      const view = h.fake.views.get(String((call.result?.view as { id?: string } | undefined)?.id)) as StoredView;
      return seen(lastResult(turns), view, {});
    },
    async press(userId, on, actionId, values) {
      const view = views.get(on);
      if (!view) throw new Error('pressed a view this driver did not show');
      const action = renderedActions(view).find((a) => a.id === actionId);
      if (!action) throw new Error(`the modal offers no action ${actionId}`);
      const who = h.who(userId);
      if (action.kind === 'press') {
        const request = interactionRequest(viewAction(who, view, action.element, filledState(view, values ?? {})));
        last = { request, kind: 'press', view };
        return deliver(request, 'press', view);
      }
      const then = action.kind === 'then' ? action.id : undefined;
      const request = interactionRequest(viewSubmission(who, view, filledState(view, values ?? {}, then)));
      last = { request, kind: 'submit', view };
      return deliver(request, 'submit', view);
    },
    async redeliver() {
      if (!last) throw new Error('nothing was delivered yet');
      return deliver(last.request, last.kind, last.view, true);
    },
    close: () => h.close(),
  };
}

adapterContract('slack (signed HTTP into keyplan serve, loopback Slack API)', async () =>
  slackDriver(await startSlackHarness()),
);

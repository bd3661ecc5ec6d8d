import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { type StoredView, startFakeSlack } from './support/fake-slack.js';
import { filledState } from './support/modal-user.js';
import { slashCommand, triggerId, viewSubmission } from './support/payloads.js';
import { commandRequest, interactionRequest, postSigned } from './support/signed.js';

/**
 * The benchmark's other side, on its own thread: the loopback Slack (which keyplan calls after its
 * acks, as it would call the real one) and the load generator that signs and sends Slack's requests
 * and times each until its answer is read. Keeping both off the servers' thread means the figures are
 * the servers' work, not the client's.
 *
 * Messages: `{ op: 'commands', url, users }` → `{ latencies, statuses }` (and, with `awaitViews`, waits
 * for the modal each command opened); `{ op: 'submissions', url, users, answers }` → `{ latencies,
 * statuses, updates }`; `{ op: 'close' }`.
 */

interface Request {
  op: 'commands' | 'submissions' | 'close';
  url: string;
  secret: string;
  users: string[];
  channel?: string;
  awaitViews?: boolean;
  answers?: Record<string, unknown>;
}

const fake = await startFakeSlack();
const views = new Map<string, StoredView>();
parentPort?.postMessage({ apiUrl: fake.apiUrl });

async function timed(send: () => Promise<{ status: number; json?: Record<string, unknown> }>) {
  const start = performance.now();
  const answer = await send();
  return { ms: performance.now() - start, status: answer.status, action: answer.json?.response_action };
}

parentPort?.on('message', async (request: Request) => {
  if (request.op === 'close') {
    await fake.close();
    parentPort?.close();
    return;
  }
  const who = (user: string) => ({ team: 'TBENCH', user });
  if (request.op === 'commands') {
    const triggers = request.users.map(() => triggerId());
    const from = fake.calls.length;
    const results = await Promise.all(
      request.users.map((user, i) =>
        timed(() =>
          postSigned(
            request.url,
            request.secret,
            commandRequest(
              slashCommand(who(user), {
                text: '',
                channel: request.channel ?? 'CBENCH',
                responseUrl: fake.responseUrl(),
                trigger: triggers[i] as string,
              }),
            ),
          ),
        ),
      ),
    );
    if (request.awaitViews) {
      await Promise.all(
        request.users.map(async (user, i) => {
          const call = await fake.waitForCall(
            (c) => c.method === 'views.open' && c.params.trigger_id === triggers[i],
            from,
            30_000,
          );
          const id = (call.result?.view as { id?: string } | undefined)?.id;
          views.set(user, structuredClone(fake.views.get(String(id)) as StoredView));
        }),
      );
    }
    parentPort?.postMessage({ latencies: results.map((r) => r.ms), statuses: results.map((r) => r.status) });
    return;
  }
  const results = await Promise.all(
    request.users.map((user) => {
      const view = views.get(user);
      if (!view) throw new Error(`no modal was opened for ${user}`);
      const payload = viewSubmission(who(user), view, filledState(view, request.answers ?? {}));
      return timed(() => postSigned(request.url, request.secret, interactionRequest(payload)));
    }),
  );
  parentPort?.postMessage({
    latencies: results.map((r) => r.ms),
    statuses: results.map((r) => r.status),
    updates: results.filter((r) => r.action === 'update').length,
  });
});

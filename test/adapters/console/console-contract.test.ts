import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navigationAction } from '../../../adapters/console/commands.js';
import { parseReviewCommand } from '../../../adapters/console/index.js';
import {
  ConversationEngine,
  type FormReply,
  interviewRegistration,
  type ReviewReply,
  type TurnResult,
} from '../../../src/conversation/index.js';
import type { Store } from '../../../src/store/index.js';
import { sqliteDatabase, type TestDatabase } from '../../conversation/dialects.js';
import { userOf } from '../../conversation/drive-engine.js';
import { RETAIL_ANSWERS } from '../../flows/drive.js';

/**
 * The terminal's side of the adapter contract: every action a reply offers can be reached by what the
 * user types, and nothing typed reaches anything else. Forms: the navigation commands and the choice
 * of submitting action after the answers; the review: its numbered commands.
 */
function reachableOnForm(form: FormReply): Set<string> {
  const ids = new Set<string>();
  for (const command of [':back', ':skip', ':cancel']) {
    const navigation = navigationAction(command, form.actions);
    if (navigation.known && navigation.action) ids.add(navigation.action.id);
  }
  // After the answers the console offers exactly the form's submitting actions to choose from.
  for (const action of form.actions.filter((a) => a.submitsForm)) ids.add(action.id);
  return ids;
}

function reachableOnReview(review: ReviewReply): Set<string> {
  const n = review.sections.length;
  const lines = ['confirm', 'add application', ':back', ':cancel'];
  for (let i = 1; i <= n + 1; i++) lines.push(`edit ${i}`, `remove ${i}`, `add environment ${i}`, `add data-set ${i}`);
  const ids = new Set<string>();
  for (const line of lines) {
    const command = parseReviewCommand(line, review);
    if (command.kind === 'action') ids.add(command.action.id);
  }
  return ids;
}

describe('console adapter contract', () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = sqliteDatabase();
    store = await database.open();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('reaches exactly the offered actions on every view of the seed Example 1', async () => {
    const engine = new ConversationEngine({ store, flows: [interviewRegistration] });
    const alice = userOf(engine, { platform: 'console', workspace: 'local' }, 'alice');
    let result: TurnResult = await alice.open();
    const views: string[] = [];
    for (const event of [...RETAIL_ANSWERS, undefined]) {
      const asking = result.replies.find((r) => r.type === 'form' || r.type === 'review');
      if (!asking || (asking.type !== 'form' && asking.type !== 'review')) throw new Error('no asking reply');
      const offered = new Set(
        asking.type === 'form'
          ? asking.actions.map((a) => a.id)
          : [...asking.sections.flatMap((s) => s.actions), ...asking.actions].map((a) => a.id),
      );
      const reachable = asking.type === 'form' ? reachableOnForm(asking) : reachableOnReview(asking);
      expect([...reachable].sort(), result.state).toEqual([...offered].sort());
      views.push(result.state);
      if (event) result = await alice.play(result, [event]);
    }
    expect(views).toContain('review');
    expect(result.state).toBe('review');
  });
});

import type { ReplyAction, ViewStamp } from '../../../src/conversation/index.js';
import { actionData } from './action-data.js';
import { type CardElement, text } from './adaptive.js';

/** The conversation and view the buttons of one card answer. */
export interface ActionTarget {
  conversationId: string;
  stamp: ViewStamp;
}

const STYLES = { primary: 'positive', danger: 'destructive' } as const;

/**
 * A contract action as a card button: `Action.Execute` with the action id as its verb and the action
 * reference as its data, falling back to `Action.Submit` with the same data where a host has no
 * Universal Actions. Only actions that submit the form send (and validate) the inputs. An action that
 * asks first opens its question inline, with the button that really does it.
 */
export function cardAction(action: ReplyAction, target: ActionTarget): CardElement {
  const data = actionData({
    conversationId: target.conversationId,
    actionId: action.id,
    step: target.stamp.step,
    version: target.stamp.version,
  });
  const associatedInputs = action.submitsForm ? 'auto' : 'none';
  const style = action.style ? { style: STYLES[action.style] } : {};
  const execute = (title: string): CardElement => ({
    type: 'Action.Execute',
    title,
    verb: action.id,
    data,
    associatedInputs,
    ...style,
    fallback: { type: 'Action.Submit', title, data, associatedInputs, ...style },
  });
  if (!action.confirm) return execute(action.label);
  return {
    type: 'Action.ShowCard',
    title: action.label,
    card: {
      type: 'AdaptiveCard',
      body: [text(action.confirm)],
      actions: [execute(`Yes, ${action.label.toLowerCase()}`)],
    },
  };
}

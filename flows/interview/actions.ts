import type { ReplyAction } from '../replies.js';

/** Offered on every asking step of the interview. */
export const CANCEL_ACTION: ReplyAction = {
  id: 'cancel',
  label: 'Cancel',
  style: 'danger',
  event: { type: 'CANCEL' },
  confirm: 'Cancel this interview? Your answers will not be used for a plan.',
};

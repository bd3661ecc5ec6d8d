import { Cron } from 'croner';
import type { SettingsChange } from './workspace-settings.js';

/**
 * `config …` as typed in Slack or Teams, after the adapter has turned its platform's mentions into
 * plain references: `user:U123`, `group:S123`, `channel:C123`. Platform-neutral, so both read the same.
 */
export type ConfigCommand =
  | { kind: 'show' }
  | { kind: 'change'; change: SettingsChange }
  | { kind: 'error'; message: string };

export const CONFIG_USAGE = [
  'config show — the workspace settings',
  'config security-channel #channel — where approval requests go',
  'config approvers @group|@user … — who may approve plans',
  'config require-approval on|off — every plan needs approval, not only hybrid ones',
  'config two-approvers CLASSIFICATION …|off — plans with that data need two approvers',
  'config approval-expiry 7d — how long a request waits',
  'config review-interval 90d — how often approved plans are reviewed (or: cron 0 9 1 1,4,7,10 *)',
  'config aws-role ARN [region]|off — the role /keyplan audit assumes',
  'config admins @user … — who may change these settings',
].join('\n');

const error = (message: string): ConfigCommand => ({ kind: 'error', message: `${message}\n\n${CONFIG_USAGE}` });

/** `90d`, `90`, `12w` → days. */
function days(word: string | undefined, what: string, max: number): number | ConfigCommand {
  const match = /^(\d{1,4})\s*(d|days?|w|weeks?)?$/i.exec(word ?? '');
  if (!match) return error(`${what} is a number of days, e.g. 90d or 12w`);
  const value = Number(match[1]) * (/^w/i.test(match[2] ?? '') ? 7 : 1);
  if (value < 1 || value > max) return error(`${what} must be 1 to ${max} days`);
  return value;
}

function refs(
  words: readonly string[],
  kinds: readonly string[],
): { ok: true; ids: Record<string, string[]> } | { ok: false; word: string } {
  const ids: Record<string, string[]> = Object.fromEntries(kinds.map((k) => [k, []]));
  for (const word of words) {
    const [kind, id] = word.split(/:(.*)/s);
    if (!kind || !id || !kinds.includes(kind)) return { ok: false, word };
    ids[kind]?.push(id);
  }
  return { ok: true, ids };
}

export function parseConfigCommand(words: readonly string[]): ConfigCommand {
  const [setting, ...rest] = words;
  switch (setting?.toLowerCase()) {
    case undefined:
    case 'show':
      return { kind: 'show' };
    case 'security-channel': {
      const parsed = refs(rest, ['channel']);
      if (!parsed.ok || parsed.ids.channel?.length !== 1)
        return error('name one channel: config security-channel #security');
      return { kind: 'change', change: { kind: 'security-channel', channelId: parsed.ids.channel[0] as string } };
    }
    case 'approvers': {
      const parsed = refs(rest, ['user', 'group']);
      if (!parsed.ok)
        return error(
          `"${parsed.word}" is not a user or a user group: mention them, e.g. config approvers @security-team`,
        );
      const users = parsed.ids.user ?? [];
      const groups = parsed.ids.group ?? [];
      if (users.length + groups.length === 0) return error('name at least one approver: a user group or users');
      return { kind: 'change', change: { kind: 'approvers', users, groups } };
    }
    case 'require-approval': {
      const on = rest[0]?.toLowerCase();
      if (on !== 'on' && on !== 'off') return error('config require-approval on, or off');
      return { kind: 'change', change: { kind: 'require-approval', on: on === 'on' } };
    }
    case 'two-approvers': {
      if (rest.length === 0) return error('name the classifications, or off: config two-approvers restricted');
      const off = rest.length === 1 && rest[0]?.toLowerCase() === 'off';
      return {
        kind: 'change',
        change: { kind: 'two-approvers', classifications: off ? [] : rest.map((r) => r.replace(/,$/, '')) },
      };
    }
    case 'approval-expiry': {
      const value = days(rest[0], 'the approval expiry', 90);
      return typeof value === 'number' ? { kind: 'change', change: { kind: 'approval-expiry', days: value } } : value;
    }
    case 'review-interval': {
      if (rest[0]?.toLowerCase() === 'cron') {
        const expression = rest
          .slice(1)
          .join(' ')
          .replace(/^["']|["']$/g, '');
        try {
          new Cron(expression, { paused: true });
        } catch (problem) {
          return error(
            `"${expression}" is not a cron expression (${(problem as Error).message}); e.g. config review-interval cron 0 9 1 1,4,7,10 *`,
          );
        }
        return { kind: 'change', change: { kind: 'review-cron', expression } };
      }
      const value = days(rest[0], 'the review interval', 730);
      return typeof value === 'number' ? { kind: 'change', change: { kind: 'review-interval', days: value } } : value;
    }
    case 'aws-role': {
      const [arn, region] = rest;
      if (arn?.toLowerCase() === 'off') return { kind: 'change', change: { kind: 'aws-role-off' } };
      if (!arn || !/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(arn)) {
        return error(
          'give an IAM role ARN, e.g. config aws-role arn:aws:iam::111122223333:role/KeyplanAudit eu-west-1',
        );
      }
      if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
        return error(`"${region}" is not an AWS region code such as eu-west-1`);
      return { kind: 'change', change: { kind: 'aws-role', arn, ...(region ? { region } : {}) } };
    }
    case 'admins': {
      const parsed = refs(rest, ['user']);
      if (!parsed.ok || (parsed.ids.user?.length ?? 0) === 0)
        return error('mention the users who may change settings: config admins @alice @bob');
      return { kind: 'change', change: { kind: 'admins', users: parsed.ids.user ?? [] } };
    }
    default:
      return error(`there is no setting "${setting}"`);
  }
}

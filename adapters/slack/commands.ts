import type { types } from '@slack/bolt';
import { auditTurn, PLAN_STATUS_TEXT, type PlanListing, type Tenant } from '../../src/conversation/index.js';
import { isAwsRegion } from '../../src/core/index.js';
import { EXPORT_FORMAT_NAMES, exportChoice } from './exports.js';
import { helpMessage, parseSubcommand } from './help.js';
import { type InterviewDeps, openInterview, postPlan } from './interview.js';
import { LIMITS } from './limits.js';
import { messageOf } from './message-blocks.js';
import { bold, escapeMrkdwn, md, userRef } from './mrkdwn.js';
import type { Respond } from './poster.js';
import { runConfigCommand } from './workspace-config.js';

/**
 * `/keyplan` and its subcommands. Each is acknowledged at once (Slack allows 3 seconds); the work —
 * opening the window, reading plans, posting, auditing — follows the ack. An unknown subcommand gets
 * the help, privately, never an error.
 */

export interface CommandRequest {
  tenant: Tenant;
  userId: string;
  channel: string;
  text: string;
  triggerId: string;
  respond: Respond;
  /** Acknowledges the command, optionally with a private answer. */
  ack: (answer?: { response_type: 'ephemeral'; text: string; blocks?: types.KnownBlock[] }) => Promise<void>;
}

const ephemeral = (text: string, blocks?: types.KnownBlock[]) => ({
  response_type: 'ephemeral' as const,
  text,
  ...(blocks ? { blocks } : {}),
});

function statusBlocks(plans: readonly PlanListing[]): { text: string; blocks: types.KnownBlock[] } {
  if (plans.length === 0) {
    const text = 'No plan yet in this workspace. Run /keyplan to answer the interview and get one.';
    return { text, blocks: [{ type: 'section', text: md(text, LIMITS.sectionText) }] };
  }
  const [current, ...older] = plans;
  const line = (plan: PlanListing) =>
    `${bold(plan.organization)} (${escapeMrkdwn(plan.id)}): ${plan.keys} KMS key${plan.keys === 1 ? '' : 's'}, about $${plan.monthlyUsd.toFixed(2)}/month, *${escapeMrkdwn(PLAN_STATUS_TEXT[plan.status])}*. By ${userRef(plan.author)} on ${escapeMrkdwn(plan.createdAt.slice(0, 10))}.`;
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: md(`Current plan: ${line(current as PlanListing)}`, LIMITS.sectionText) },
  ];
  if (older.length > 0) {
    blocks.push({
      type: 'section',
      text: md(['Earlier plans:', ...older.map((p) => `• ${line(p)}`)].join('\n'), LIMITS.sectionText),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      md('`/keyplan plan` posts the current plan here; `/keyplan` starts a new interview.', LIMITS.contextText),
    ],
  });
  return { text: `Current plan: ${escapeMrkdwn(current?.id ?? '')}`, blocks };
}

export async function keyplanCommand(deps: InterviewDeps, request: CommandRequest): Promise<void> {
  const command = parseSubcommand(request.text);
  const { plans, audit, workspaces, log } = deps.ports;
  switch (command.kind) {
    case 'start':
      await request.ack();
      return openInterview(deps, {
        tenant: request.tenant,
        userId: request.userId,
        triggerId: request.triggerId,
        channel: request.channel,
        respond: request.respond,
      });
    case 'config': {
      await request.ack();
      const answer = await runConfigCommand(deps, request.tenant, request.userId, command.text).catch(
        (error: unknown) => {
          log(`keyplan: /keyplan config failed: ${(error as Error).message}`);
          return {
            text: 'keyplan could not read or save the settings just now; nothing was changed. Please try again.',
          };
        },
      );
      await request
        .respond(ephemeral(answer.text, 'blocks' in answer ? answer.blocks : undefined))
        .catch((error: unknown) => log(`keyplan: answering /keyplan config failed: ${(error as Error).message}`));
      return;
    }
    case 'help':
    case 'unknown': {
      const help = helpMessage(command.kind === 'unknown' ? command.word : undefined);
      return request.ack(ephemeral(help.text, help.blocks));
    }
    case 'status': {
      await request.ack();
      const listed = await plans.list(request.tenant, { limit: 5 });
      const status = statusBlocks(listed);
      await request.respond(ephemeral(status.text, status.blocks));
      return;
    }
    case 'plan': {
      const choice = command.format ? exportChoice(command.format) : exportChoice('markdown');
      if (!choice) {
        return request.ack(
          ephemeral(
            `keyplan cannot export \`${escapeMrkdwn(command.format ?? '')}\`: choose one of ${EXPORT_FORMAT_NAMES.join(', ')}, e.g. \`/keyplan plan terraform\`.`,
          ),
        );
      }
      await request.ack();
      const stored = command.planId
        ? await plans.get(request.tenant, command.planId)
        : await plans.latest(request.tenant);
      if (!stored) {
        await request.respond(
          ephemeral(
            command.planId
              ? `There is no plan \`${escapeMrkdwn(command.planId)}\` in this workspace. \`/keyplan status\` lists the plans.`
              : 'No plan yet in this workspace. Run /keyplan to answer the interview and get one.',
          ),
        );
        return;
      }
      await postPlan(
        deps.poster,
        { channel: request.channel, userId: request.userId, respond: request.respond },
        stored.summary,
        PLAN_STATUS_TEXT[stored.listing.status],
        choice.format,
      ).catch(async (error: unknown) => {
        log(`keyplan: posting a plan failed: ${(error as Error).message}`);
        await request
          .respond(ephemeral('keyplan could not post the plan just now. Please try again.'))
          .catch(() => undefined);
      });
      return;
    }
    case 'audit': {
      if (command.region && !isAwsRegion(command.region)) {
        return request.ack(
          ephemeral(`\`${escapeMrkdwn(command.region)}\` is not an AWS Region. Try e.g. \`/keyplan audit eu-west-1\`.`),
        );
      }
      // The workspace's role (config aws-role) and its region, unless a region was typed.
      let target: Awaited<ReturnType<typeof workspaces.auditRequest>>;
      try {
        target = await workspaces.auditRequest(request.tenant, command.region);
      } catch (error) {
        log(`keyplan: reading the audit settings failed: ${(error as Error).message}`);
        return request.ack(ephemeral('keyplan could not read this workspace’s settings just now. Please try again.'));
      }
      const where = [
        target.region ? `in ${target.region}` : 'in the default region',
        target.roleArn ? `as ${escapeMrkdwn(target.roleArn)}` : 'with keyplan’s own AWS access',
      ].join(' ');
      await request.ack(ephemeral(`Auditing the KMS keys ${where}… the findings will be posted here when it is done.`));
      const reply = await auditTurn(audit, target);
      if (reply.type === 'message') {
        await request.respond(
          ephemeral(
            escapeMrkdwn(reply.text),
            messageOf({ conversationId: null, stamp: null, replies: [reply] }).blocks,
          ),
        );
        return;
      }
      await deps.poster
        .post(
          { channel: request.channel, userId: request.userId, respond: request.respond },
          messageOf({ conversationId: null, stamp: null, replies: [reply] }),
          reply.attachments,
          'upload',
        )
        .catch(async (error: unknown) => {
          log(`keyplan: posting an audit failed: ${(error as Error).message}`);
          await request
            .respond(ephemeral('keyplan could not post the audit just now. Please try again.'))
            .catch(() => undefined);
        });
      return;
    }
  }
}

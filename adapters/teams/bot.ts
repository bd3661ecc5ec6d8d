import type { TurnContext } from 'botbuilder';
import { auditTurn, PLAN_STATUS_TEXT, type PlanListing, type Tenant } from '../../src/conversation/index.js';
import type { Background } from './background.js';
import { hasActionData, readSubmission } from './cards/action-data.js';
import { card, text } from './cards/adaptive.js';
import { whenOf } from './cards/approval-card.js';
import { type Command, type ExportFormat, HELP_LINES, parseCommand } from './commands.js';
import type { ConfigTurns } from './config-turns.js';
import { cardMessage, type DeliveryCards } from './deliveries.js';
import { offeredFiles } from './files/bundles.js';
import { consentCard, FILE_CONSENT_INVOKE, FileConsentSchema, fileInfoCard, upload } from './files/file-consent.js';
import type { InterviewTurns } from './interview-turns.js';
import {
  ADAPTIVE_CARD_ACTION,
  cardResponse,
  ExecuteValueSchema,
  errorResponse,
  messageResponse,
  okResponse,
} from './invoke.js';
import { actorOf, type Inbound, type TeamsPorts } from './ports.js';
import type { CardPresses, PressAnswer } from './presses.js';
import type { TeamsReplySink } from './reply-sink.js';
import { referenceOf, scopeOf, tenantOf } from './surfaces.js';
import type { TenantDirectory } from './tenant-directory.js';

const EXTENSIONS: Record<ExportFormat, string[]> = {
  markdown: ['.md'],
  json: ['.json'],
  terraform: ['.tf'],
  cloudformation: ['.yaml', '.yml'],
};

function helpCard(first?: { text: string; color?: 'attention' | 'default' }) {
  return card([
    ...(first ? [text(first.text, { color: first.color ?? 'default' })] : []),
    text('keyplan: how many AWS KMS keys do you need, and who controls them?', { weight: 'bolder' }),
    text(HELP_LINES.map((line) => `- ${line}`).join('\n')),
    text('In a group chat or a channel, mention keyplan first: @keyplan start.', { subtle: true, size: 'small' }),
  ]);
}

/**
 * One Teams turn: typed commands, card presses (Universal Actions, or `Action.Submit` from hosts
 * without them), the file consent answers of a personal chat, and the welcome when keyplan is added.
 */
export class TeamsBot {
  constructor(
    private readonly ports: TeamsPorts,
    private readonly interview: InterviewTurns,
    private readonly presses: CardPresses,
    private readonly config: ConfigTurns,
    private readonly cards: DeliveryCards,
    private readonly sink: TeamsReplySink,
    private readonly tenants: TenantDirectory,
    private readonly background: Background,
  ) {}

  async run(context: TurnContext, inbound: Inbound): Promise<void> {
    const { activity } = context;
    this.cards.reachedAt(inbound.baseUrl);
    const tenant = tenantOf(activity);
    if (tenant) this.tenants.learn(tenant, activity);
    switch (activity.type) {
      case 'message':
        if (!tenant) {
          await context.sendActivity('keyplan works in Microsoft Teams, and this message named no Teams tenant.');
          return;
        }
        if (hasActionData(activity.value)) return this.#submitted(context, tenant, inbound);
        return this.#command(context, tenant, parseCommand(activity.text), inbound);
      case 'invoke':
        if (activity.name === ADAPTIVE_CARD_ACTION) return this.#executed(context, tenant, inbound);
        if (activity.name === FILE_CONSENT_INVOKE) return this.#fileConsent(context, tenant);
        return; // not keyplan's: the adapter answers 501
      case 'conversationUpdate':
        if (activity.membersAdded?.some((member) => member.id === activity.recipient?.id)) {
          await context.sendActivity(
            cardMessage(helpCard({ text: 'Hello! keyplan plans your AWS KMS keys with you.' })),
          );
        }
        return;
      default:
        return;
    }
  }

  async #executed(context: TurnContext, tenant: Tenant | undefined, inbound: Inbound): Promise<void> {
    const value = ExecuteValueSchema.safeParse(context.activity.value);
    if (!value.success) {
      await context.sendActivity(errorResponse(400, 'adaptiveCard/action needs value.action.data (an object)'));
      return;
    }
    const submission = readSubmission(value.data.action.data, value.data.action.verb);
    if (!submission.ok) {
      await context.sendActivity(errorResponse(400, `not a keyplan card action: ${submission.error}`));
      return;
    }
    if (!tenant) {
      await context.sendActivity(errorResponse(400, 'the activity names no Teams tenant'));
      return;
    }
    const answer = await this.presses.press(context, tenant, submission.ref, submission.values, inbound);
    if (answer.kind === 'message') {
      await context.sendActivity(messageResponse(answer.text));
      return;
    }
    // The invoke's answer shows the card to the presser at once; everyone else's is updated in place.
    if (answer.audience === 'everyone') await this.presses.replace(context, answer.card);
    await context.sendActivity(cardResponse(answer.card));
  }

  /** `Action.Submit`, from a host without Universal Actions: the same press, answered by message. */
  async #submitted(context: TurnContext, tenant: Tenant, inbound: Inbound): Promise<void> {
    const submission = readSubmission(context.activity.value);
    if (!submission.ok) {
      await context.sendActivity(`keyplan could not read that button (${submission.error}). Type **start** to go on.`);
      return;
    }
    const answer: PressAnswer = await this.presses.press(context, tenant, submission.ref, submission.values, inbound);
    if (answer.kind === 'message') {
      await context.sendActivity(answer.text);
      return;
    }
    // Without Universal Actions nothing can be shown to the presser alone: their card comes as a new message.
    if (answer.audience === 'presser' || !(await this.presses.replace(context, answer.card))) {
      await context.sendActivity(cardMessage(answer.card));
    }
  }

  async #command(context: TurnContext, tenant: Tenant, command: Command, inbound: Inbound): Promise<void> {
    switch (command.kind) {
      case 'help':
        await context.sendActivity(cardMessage(helpCard()));
        return;
      case 'invalid':
        await context.sendActivity(cardMessage(helpCard({ text: command.message, color: 'attention' })));
        return;
      case 'start':
        await this.interview.start(context, tenant, command.fresh, inbound);
        return;
      case 'status':
        await this.#status(context, tenant);
        return;
      case 'plan':
        await this.#plan(context, tenant, command.format, inbound);
        return;
      case 'audit':
        await this.#audit(context, tenant, command.region, inbound);
        return;
      case 'config':
        await this.config.run(context, tenant);
        return;
    }
  }

  async #status(context: TurnContext, tenant: Tenant): Promise<void> {
    const me = actorOf(context.activity).userId;
    const listings = await this.ports.plans.list(tenant, { limit: 10 });
    const lines = await Promise.all(
      listings.map(
        async (plan) =>
          `- **${plan.id}** (${plan.organization}): ${plan.keys} KMS key${plan.keys === 1 ? '' : 's'}, $${plan.monthlyUsd.toFixed(2)}/month; ${await this.#approvalState(tenant, plan)}; ${plan.createdAt.slice(0, 10)}${plan.author === me ? ' (yours)' : ''}`,
      ),
    );
    await context.sendActivity(
      cardMessage(
        card([
          text('Plans of this organisation', { size: 'medium', weight: 'bolder' }),
          lines.length > 0 ? text(lines.join('\n')) : text('No plan yet.'),
          text('Type **start** to answer the interview or pick yours up again, **plan** for the latest plan.', {
            subtle: true,
          }),
        ]),
      ),
    );
  }

  /** Where a plan stands with the security team; an approved plan says who approved it and when. */
  async #approvalState(tenant: Tenant, plan: PlanListing): Promise<string> {
    if (plan.status !== 'approved') return PLAN_STATUS_TEXT[plan.status];
    const approval = (await this.ports.plans.get(tenant, plan.id))?.plan.approval;
    if (!approval) return PLAN_STATUS_TEXT.approved;
    const by = approval.approvedBy.map((id) => this.cards.nameOf(tenant, id)).join(' and ');
    return `approved by ${by} on ${whenOf(approval.approvedAt)}`;
  }

  async #plan(context: TurnContext, tenant: Tenant, format: ExportFormat | undefined, inbound: Inbound): Promise<void> {
    const stored = await this.ports.plans.latest(tenant);
    if (!stored) {
      await context.sendActivity('There is no plan in this organisation yet. Type **start** to answer the interview.');
      return;
    }
    const summary = stored.summary;
    const files = format
      ? summary.attachments.filter((file) => EXTENSIONS[format].some((ext) => file.filename.endsWith(ext)))
      : summary.attachments;
    if (format && scopeOf(context.activity) === 'personal') {
      // In a personal chat Teams takes real files: a consent card, then the file lands in the user's OneDrive.
      await context.sendActivity(`Plan ${stored.listing.id} as ${format}: allow the file to save it to your OneDrive.`);
      for (const file of offeredFiles(files)) {
        await context.sendActivity({
          type: 'message',
          attachments: [consentCard(file, { planId: stored.listing.id, filename: file.filename })],
        });
      }
      return;
    }
    const reply = { ...summary, attachments: files };
    await context.sendActivity(
      cardMessage(this.cards.card(tenant, { replies: [reply], conversationId: null, stamp: null }, inbound.baseUrl)),
    );
  }

  async #audit(context: TurnContext, tenant: Tenant, region: string | undefined, inbound: Inbound): Promise<void> {
    // The workspace's role and region (`config aws-role`) when it set them; keyplan's own account otherwise.
    const request = await this.ports.workspaces.auditRequest(tenant, region);
    const account = request.roleArn ? `the AWS account of ${request.roleArn}` : "keyplan's AWS account";
    await context.sendActivity(
      `Auditing the KMS keys of ${account} in ${request.region ?? 'its default region'}. The result follows here in a moment.`,
    );
    const reference = referenceOf(context.activity);
    this.background.run('the KMS audit', async () => {
      const reply = await auditTurn(this.ports.audit, request);
      await this.sink.sendTo(
        reference,
        this.cards.card(tenant, { replies: [reply], conversationId: null, stamp: null }, inbound.baseUrl),
      );
    });
  }

  async #fileConsent(context: TurnContext, tenant: Tenant | undefined): Promise<void> {
    const consent = FileConsentSchema.safeParse(context.activity.value);
    if (!consent.success || !tenant) {
      await context.sendActivity(errorResponse(400, 'fileConsent/invoke needs a keyplan file offer and a tenant'));
      return;
    }
    const { action, context: offer, uploadInfo } = consent.data;
    const { planId, filename } = offer.keyplan;
    if (action === 'decline' || !uploadInfo) {
      await context.sendActivity(`Not saved: ${filename}.`);
      await context.sendActivity(okResponse());
      return;
    }
    const stored = await this.ports.plans.get(tenant, planId);
    const file = stored && offeredFiles(stored.summary.attachments).find((offered) => offered.filename === filename);
    if (!file) {
      await context.sendActivity(`Plan ${planId} has no file ${filename} any more, so nothing was saved.`);
    } else {
      try {
        await upload(uploadInfo.uploadUrl, file.body());
        await context.sendActivity({ type: 'message', attachments: [fileInfoCard(uploadInfo)] });
      } catch (error) {
        await context.sendActivity(`${filename} could not be saved to your OneDrive: ${(error as Error).message}.`);
      }
    }
    await context.sendActivity(okResponse());
  }
}

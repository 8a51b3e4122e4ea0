/**
 * The notifiers the configuration asks for: a Slack incoming webhook (URL in Secrets Manager), a
 * Slack bot (token in Secrets Manager, posting to a channel, with thread replies), and the SNS topic.
 * None configured is allowed: every message is still rendered, and the worker logs it.
 */
import type { ServiceConfig } from '../config.ts';
import type { Notifier } from '../ports/notifier.ts';
import { createSnsClient, createSnsNotifier } from './aws/sns-notifier.ts';
import { createBotNotifier } from './slack/bot-notifier.ts';
import { slackSecret } from './slack/slack-secret.ts';
import { createWebhookNotifier } from './slack/webhook-notifier.ts';
import type { ClientInstrument } from './aws/clients.ts';

/** One notifier per configured channel. Secrets are read on first use and cached. */
export function configuredNotifiers(config: ServiceConfig, instrument?: ClientInstrument): Notifier[] {
  const notifiers: Notifier[] = [];
  const { webhookSecret, botTokenSecret, channel } = config.slack;
  if (webhookSecret !== null) notifiers.push(createWebhookNotifier({ webhookUrl: slackSecret({ secretName: webhookSecret }) }));
  if (botTokenSecret !== null && channel !== null) notifiers.push(createBotNotifier({ token: slackSecret({ secretName: botTokenSecret }), channel }));
  if (config.topicArn !== null) notifiers.push(createSnsNotifier({ client: createSnsClient(config.region, instrument), topicArn: config.topicArn }));
  return notifiers;
}

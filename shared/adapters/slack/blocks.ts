/**
 * The bridge between the domain's card blocks (typed as plain JSON by the Notifier port) and
 * `@slack/types`, shared by both Slack notifiers.
 */
import type { KnownBlock } from '@slack/types';
import { isCardBlock, type CardBlock } from '../../domain/render/slack-limits.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { DeliveryFailure, Notification } from '../../ports/notifier.ts';
import { resolveCredential, type SlackCredential } from './slack-secret.ts';

/**
 * Compile-time proof that the blocks the renderers emit are `@slack/types` blocks: if the card
 * types drift from Slack's, this stops compiling instead of failing at Slack.
 */
export function toKnownBlocks(blocks: readonly CardBlock[]): KnownBlock[] {
  return [...blocks];
}

/** The card blocks of a notification, or null when one of them is not a card block. */
export function cardBlocksOf(blocks: readonly unknown[]): CardBlock[] | null {
  const out: CardBlock[] = [];
  for (const block of blocks) {
    if (!isCardBlock(block)) return null;
    out.push(block);
  }
  return out;
}

/**
 * What both Slack notifiers check before sending: the notification is for Slack, its blocks are card
 * blocks, and the credential (webhook URL or bot token) can be read. `what` names the credential in
 * the failure ("Slack webhook URL", "Slack bot token").
 */
export async function slackDeliveryInput(
  notification: Notification,
  credential: SlackCredential,
  notifier: string,
  what: string,
): Promise<Result<{ readonly text: string; readonly blocks: KnownBlock[]; readonly secret: string }, DeliveryFailure>> {
  if (notification.channel !== 'slack') return err({ kind: 'misconfigured', message: `the ${notifier} cannot send a ${notification.channel} notification` });
  const blocks = cardBlocksOf(notification.payload.blocks);
  if (blocks === null) return err({ kind: 'rejected', message: 'the message holds a block that is not a card block (render it with renderSlackCard)' });
  try {
    return ok({ text: notification.payload.text, blocks: toKnownBlocks(blocks), secret: await resolveCredential(credential) });
  } catch (error: unknown) {
    return err({ kind: 'misconfigured', message: `cannot read the ${what}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

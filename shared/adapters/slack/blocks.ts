/**
 * The bridge between the domain's card blocks (typed as plain JSON by the Notifier port) and
 * `@slack/types`, shared by both Slack notifiers.
 */
import type { KnownBlock } from '@slack/types';
import { isCardBlock, type CardBlock } from '../../domain/render/slack-limits.ts';

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

/**
 * An independent check of Slack's Block Kit limits for the tests.
 */
import { isCardBlock, type CardBlock } from '../../../../shared/domain/render/slack-limits.ts';

/**
 * Slack's limits, written out here from the Block Kit reference rather than imported, so the test
 * does not share a mistake with the module: 50 blocks, header 150, section text 3000, 10 fields of
 * 2000, 10 context elements, no empty text, and our 10 000 total (msg_blocks_too_long).
 */
export function overLimit(message: { readonly text: string; readonly blocks: readonly CardBlock[] }): string[] {
  const out: string[] = [];
  if (message.blocks.length > 50) out.push('more than 50 blocks');
  let total = 0;
  for (const b of message.blocks) {
    const texts = b.type === 'header' ? [b.text.text] : b.type === 'section' ? [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)] : b.type === 'context' ? b.elements.map((e) => e.text) : [];
    total += texts.reduce((n, t) => n + t.length, 0);
    if (texts.some((t) => t.length === 0)) out.push(`empty text in ${b.type}`);
    if (b.type === 'header' && (b.text.text.length > 150 || b.text.type !== 'plain_text')) out.push('header');
    if (b.type === 'section') {
      if ((b.text?.text.length ?? 0) > 3000) out.push('section text');
      if ((b.fields?.length ?? 0) > 10) out.push('field count');
      if ((b.fields ?? []).some((f) => f.text.length > 2000)) out.push('field text');
      if (b.text === undefined && (b.fields ?? []).length === 0) out.push('empty section');
    }
    if (b.type === 'context' && (b.elements.length > 10 || b.elements.length === 0)) out.push('context elements');
  }
  if (total > 10_000) out.push(`total ${total}`);
  return out;
}


/** The message's blocks as card blocks; throws when one is not (the renderer must only emit card blocks). */
export function cardBlocks(message: { readonly blocks: readonly unknown[] }): CardBlock[] {
  return message.blocks.map((b, i) => {
    if (!isCardBlock(b)) throw new Error(`blocks[${i}] is not a card block: ${JSON.stringify(b)}`);
    return b;
  });
}

/** Every text of the message's blocks, joined (what a reader sees, for `toContain` assertions). */
export function allText(message: { readonly blocks: readonly unknown[] }): string {
  return cardBlocks(message)
    .flatMap((b) => (b.type === 'header' ? [b.text.text] : b.type === 'section' ? [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)] : b.type === 'context' ? b.elements.map((e) => e.text) : []))
    .join('\n');
}

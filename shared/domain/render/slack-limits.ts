/**
 * Slack Block Kit limits, enforced in our own code because nothing else does: `@slack/types` checks
 * shapes only and no offline validator exists on npm. Slack rejects an over-limit message outright
 * (`invalid_blocks`, `msg_blocks_too_long`) instead of truncating it, so a diagnosis that is too long
 * would never arrive at all. Every message is fitted here before it leaves the domain.
 *
 * Limits, as Slack's Block Kit reference states them:
 * - "You can include up to 50 blocks in each message" (Blocks reference);
 * - header `text`: plain_text, "Maximum length for the text in this field is 150 characters" (Header block);
 * - section `text`: "maximum length is 3000 characters"; `fields`: "Maximum number of items is 10.
 *   Maximum length for the text in each item is 2000 characters" (Section block);
 * - context `elements`: at most 10 (Context block).
 * Undocumented but observed (bolt-js issues #2509, #2867): `msg_blocks_too_long` at about 11–13k
 * characters of block text in total, so the whole message is budgeted to 10 000.
 *
 * Lengths are measured in UTF-16 code units (`String.length`), which is never less than the number
 * of characters Slack counts, so the budget errs on the safe side.
 */
import type { SlackMessage } from '../../ports/notifier.ts';

/** The limits this module enforces. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextElementText: 2000,
  totalBlockText: 10_000,
  /** The top-level `text` (notification and fallback): Slack truncates at 40 000; it only needs a line. */
  fallbackText: 3000,
} as const;

// The block types below are the subset of `@slack/types` `KnownBlock` the cards use. They are type
// aliases (not interfaces) so that they are also plain `JsonObject`s, and their arrays are mutable
// so that they stay assignable to `@slack/types` (the adapters check that at compile time).

/** A plain_text text object. */
export type PlainText = { readonly type: 'plain_text'; readonly text: string; readonly emoji?: boolean };
/** A mrkdwn text object. */
export type Mrkdwn = { readonly type: 'mrkdwn'; readonly text: string };
/** A header block. */
export type HeaderBlock = { readonly type: 'header'; readonly text: PlainText };
/** A section block: text, fields, or both. */
export type SectionBlock = { readonly type: 'section'; readonly text?: Mrkdwn; readonly fields?: Mrkdwn[] };
/** A context block (small grey text). */
export type ContextBlock = { readonly type: 'context'; readonly elements: (Mrkdwn | PlainText)[] };
/** A divider. */
export type DividerBlock = { readonly type: 'divider' };
/** Every block a card may contain. */
export type CardBlock = HeaderBlock | SectionBlock | ContextBlock | DividerBlock;

/** One block of a message being built, and whether it must survive the budget (cause, route, fix). */
export interface DraftBlock {
  readonly block: CardBlock;
  /** Kept blocks get the budget first; the others are dropped (in reverse order) when space runs out. */
  readonly keep?: boolean;
}

/** A message whose blocks are known to be card blocks within every limit. */
export interface FittedSlackMessage extends SlackMessage {
  readonly blocks: readonly CardBlock[];
}

/** What a truncated text ends with. */
const ELLIPSIS = '…';
/** Never cut a text shorter than this: a stub that says nothing is worse than dropping the block. */
const MIN_TEXT = 40;
/** What replaces an empty text (Slack requires at least one character). */
const EMPTY = '–';

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The longest prefix of `text` with at most `max` code units that does not end inside a surrogate
 * pair, an HTML entity (`&amp;`) or a mrkdwn link / mention (`<https://…|label>`).
 */
function safePrefix(text: string, max: number): string {
  let cut = Math.max(0, Math.min(max, text.length));
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  let head = text.slice(0, cut);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && amp > head.lastIndexOf(';') && head.length - amp <= 8 && cut < text.length) head = head.slice(0, amp);
  const open = head.lastIndexOf('<');
  if (open >= 0 && open > head.lastIndexOf('>') && cut < text.length) head = head.slice(0, open);
  return head;
}

/**
 * Cuts `text` to at most `max` code units, ending with `…` and a "N more characters" note, and
 * closes a ``` code block the cut left open. Returns `text` unchanged when it fits.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const hidden = (kept: number): string => `${ELLIPSIS}\n_…${text.length - kept} more characters_`;
  // The note's own length depends on how much is kept; reserving the longest form is enough.
  const reserve = hidden(0).length + '\n```'.length;
  if (max <= reserve) return safePrefix(text, Math.max(0, max - ELLIPSIS.length)) + (max >= ELLIPSIS.length ? ELLIPSIS : '');
  let head = safePrefix(text, max - reserve);
  const fences = head.split('```').length - 1;
  if (fences % 2 === 1) head += '\n```';
  return head + hidden(head.length);
}

/** Cuts a text that has no room for a note (header, short labels). */
function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return safePrefix(text, max - ELLIPSIS.length) + ELLIPSIS;
}

function nonEmpty(text: string): string {
  return text.trim() === '' ? EMPTY : text;
}

/** Every text of a block, in order. */
function textsOf(block: CardBlock): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [...(block.text === undefined ? [] : [block.text.text]), ...(block.fields ?? []).map((f) => f.text)];
    case 'context':
      return block.elements.map((e) => e.text);
    case 'divider':
      return [];
  }
}

/** The number of characters of block text a block carries (what Slack's total limit counts). */
export function blockTextLength(block: CardBlock): number {
  return textsOf(block).reduce((n, t) => n + t.length, 0);
}

/** Applies the per-block limits: text lengths, field and element counts, no empty text. */
function clampBlock(block: CardBlock): CardBlock {
  switch (block.type) {
    case 'header':
      return { type: 'header', text: { type: 'plain_text', text: nonEmpty(cutPlain(block.text.text.replace(/\s+/g, ' '), SLACK_LIMITS.headerText)), emoji: true } };
    case 'section': {
      const text = block.text === undefined ? undefined : { type: 'mrkdwn' as const, text: nonEmpty(truncateText(block.text.text, SLACK_LIMITS.sectionText)) };
      let fields = (block.fields ?? []).map((f) => ({ type: 'mrkdwn' as const, text: nonEmpty(truncateText(f.text, SLACK_LIMITS.fieldText)) }));
      if (fields.length > SLACK_LIMITS.sectionFields) {
        const extra = fields.length - SLACK_LIMITS.sectionFields + 1;
        fields = [...fields.slice(0, SLACK_LIMITS.sectionFields - 1), { type: 'mrkdwn', text: `_…${extra} more_` }];
      }
      if (text === undefined && fields.length === 0) return { type: 'section', text: { type: 'mrkdwn', text: EMPTY } };
      return { type: 'section', ...(text === undefined ? {} : { text }), ...(fields.length === 0 ? {} : { fields }) };
    }
    case 'context': {
      let elements = block.elements.map((e) => ({ ...e, text: nonEmpty(truncateText(e.text, SLACK_LIMITS.contextElementText)) }));
      if (elements.length > SLACK_LIMITS.contextElements) {
        const extra = elements.length - SLACK_LIMITS.contextElements + 1;
        elements = [...elements.slice(0, SLACK_LIMITS.contextElements - 1), { type: 'mrkdwn', text: `_…${extra} more_` }];
      }
      return { type: 'context', elements: elements.length === 0 ? [{ type: 'mrkdwn', text: EMPTY }] : elements };
    }
    case 'divider':
      return block;
  }
}

/**
 * The block cut down to at most `budget` characters of text, or null when it cannot be made to fit
 * without saying nothing. Texts are kept in order; a text that does not fit is truncated when at
 * least {@link MIN_TEXT} characters remain for it, and later fields or elements are dropped.
 */
function shrinkBlock(block: CardBlock, budget: number): CardBlock | null {
  const size = blockTextLength(block);
  if (size <= budget) return block;
  switch (block.type) {
    case 'divider':
      return block;
    case 'header':
      return budget >= MIN_TEXT ? { ...block, text: { ...block.text, text: cutPlain(block.text.text, budget) } } : null;
    case 'section': {
      let remaining = budget;
      let text: Mrkdwn | undefined;
      if (block.text !== undefined) {
        if (remaining < MIN_TEXT) return null;
        text = { type: 'mrkdwn', text: truncateText(block.text.text, remaining) };
        remaining -= text.text.length;
      }
      const fields: Mrkdwn[] = [];
      for (const field of block.fields ?? []) {
        if (field.text.length <= remaining) {
          fields.push(field);
          remaining -= field.text.length;
        } else if (remaining >= MIN_TEXT) {
          const cut = truncateText(field.text, remaining);
          fields.push({ type: 'mrkdwn', text: cut });
          remaining -= cut.length;
        } else break;
      }
      if (text === undefined && fields.length === 0) return null;
      return { type: 'section', ...(text === undefined ? {} : { text }), ...(fields.length === 0 ? {} : { fields }) };
    }
    case 'context': {
      let remaining = budget;
      const elements: (Mrkdwn | PlainText)[] = [];
      for (const element of block.elements) {
        if (element.text.length <= remaining) {
          elements.push(element);
          remaining -= element.text.length;
        } else if (remaining >= MIN_TEXT) {
          const cut = element.type === 'mrkdwn' ? truncateText(element.text, remaining) : cutPlain(element.text, remaining);
          elements.push({ ...element, text: cut });
          remaining -= cut.length;
        } else break;
      }
      return elements.length === 0 ? null : { type: 'context', elements };
    }
  }
}

/** The context line that says how much was left out. */
function omittedNote(blocks: number): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `_…${blocks} more section${blocks === 1 ? '' : 's'} not shown (Slack message limits); the SNS message and \`apigw-doctor diagnose\` have the full report._` }] };
}

/** Room reserved for {@link omittedNote}, whatever the count. */
const NOTE_RESERVE = blockTextLength(omittedNote(1000));

/**
 * Fits a message into every limit: clamps each block, then, if the message is still over the block
 * count or the total text budget, keeps the `keep` blocks first and the others in order while they
 * fit (cutting the one that crosses the line), drops the rest and says so in a closing context line.
 * The result always passes {@link slackLimitViolations}; should a bug ever make it fail, a minimal
 * message with the fallback text is returned instead of an over-limit one.
 */
export function fitSlackMessage(text: string, draft: readonly DraftBlock[]): FittedSlackMessage {
  const fallback = nonEmpty(cutPlain(text, SLACK_LIMITS.fallbackText));
  const message: FittedSlackMessage = { text: fallback, blocks: fitBlocks(draft) };
  if (slackLimitViolations(message).length === 0) return message;
  return { text: fallback, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cutPlain(escapeMrkdwn(fallback), SLACK_LIMITS.sectionText) } }] };
}

/**
 * The fitting itself, without {@link fitSlackMessage}'s safety net (so tests can hold the algorithm,
 * not the net, to the limits): clamp, then keep / cut / drop within the block and text budgets.
 */
export function fitBlocks(draft: readonly DraftBlock[]): CardBlock[] {
  const clamped = draft.map((d) => ({ block: clampBlock(d.block), keep: d.keep === true }));
  const total = clamped.reduce((n, d) => n + blockTextLength(d.block), 0);
  let blocks: CardBlock[];
  if (clamped.length <= SLACK_LIMITS.blocksPerMessage && total <= SLACK_LIMITS.totalBlockText) {
    blocks = clamped.map((d) => d.block);
  } else {
    const slots = SLACK_LIMITS.blocksPerMessage - 1;
    let budget = SLACK_LIMITS.totalBlockText - NOTE_RESERVE;
    const chosen = new Map<number, CardBlock>();
    const order = [...clamped.keys()].sort((a, b) => Number(clamped[b]?.keep) - Number(clamped[a]?.keep) || a - b);
    for (const index of order) {
      const entry = clamped[index];
      if (entry === undefined || chosen.size >= slots) continue;
      const fitted = shrinkBlock(entry.block, budget);
      if (fitted === null) continue;
      chosen.set(index, fitted);
      budget -= blockTextLength(fitted);
    }
    blocks = [...chosen.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
    const dropped = clamped.length - chosen.size;
    if (dropped > 0) blocks.push(omittedNote(dropped));
  }
  return blocks;
}

/** A readable description of every limit `message` breaks (empty when it is within all of them). */
export function slackLimitViolations(message: { readonly text: string; readonly blocks: readonly CardBlock[] }): string[] {
  const out: string[] = [];
  if (message.text.length > SLACK_LIMITS.fallbackText) out.push(`text: ${message.text.length} > ${SLACK_LIMITS.fallbackText}`);
  if (message.blocks.length > SLACK_LIMITS.blocksPerMessage) out.push(`blocks: ${message.blocks.length} > ${SLACK_LIMITS.blocksPerMessage}`);
  let total = 0;
  message.blocks.forEach((block, i) => {
    const at = `blocks[${i}]`;
    for (const t of textsOf(block)) if (t.length === 0) out.push(`${at}: empty text`);
    total += blockTextLength(block);
    if (block.type === 'header') {
      if (block.text.text.length > SLACK_LIMITS.headerText) out.push(`${at}.text: ${block.text.text.length} > ${SLACK_LIMITS.headerText}`);
    } else if (block.type === 'section') {
      if (block.text === undefined && (block.fields ?? []).length === 0) out.push(`${at}: neither text nor fields`);
      if (block.text !== undefined && block.text.text.length > SLACK_LIMITS.sectionText) out.push(`${at}.text: ${block.text.text.length} > ${SLACK_LIMITS.sectionText}`);
      const fields = block.fields ?? [];
      if (fields.length > SLACK_LIMITS.sectionFields) out.push(`${at}.fields: ${fields.length} > ${SLACK_LIMITS.sectionFields}`);
      fields.forEach((f, j) => {
        if (f.text.length > SLACK_LIMITS.fieldText) out.push(`${at}.fields[${j}]: ${f.text.length} > ${SLACK_LIMITS.fieldText}`);
      });
    } else if (block.type === 'context') {
      if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements) out.push(`${at}.elements: ${block.elements.length}`);
      block.elements.forEach((e, j) => {
        if (e.text.length > SLACK_LIMITS.contextElementText) out.push(`${at}.elements[${j}]: ${e.text.length} > ${SLACK_LIMITS.contextElementText}`);
      });
    }
  });
  if (total > SLACK_LIMITS.totalBlockText) out.push(`total block text: ${total} > ${SLACK_LIMITS.totalBlockText}`);
  return out;
}

/**
 * Narrows a block from a {@link SlackMessage} (typed as plain JSON by the port) back to a card
 * block, checking the shape, so an adapter can hand it to the Slack client without a cast.
 */
export function isCardBlock(value: unknown): value is CardBlock {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { readonly type?: unknown; readonly text?: unknown; readonly fields?: unknown; readonly elements?: unknown };
  const isText = (t: unknown, kinds: readonly string[]): boolean =>
    t !== null && typeof t === 'object' && kinds.includes(String((t as { type?: unknown }).type)) && typeof (t as { text?: unknown }).text === 'string';
  switch (v.type) {
    case 'header':
      return isText(v.text, ['plain_text']);
    case 'section':
      return (v.text === undefined || isText(v.text, ['mrkdwn'])) && (v.fields === undefined || (Array.isArray(v.fields) && v.fields.every((f) => isText(f, ['mrkdwn']))));
    case 'context':
      return Array.isArray(v.elements) && v.elements.every((e) => isText(e, ['mrkdwn', 'plain_text']));
    case 'divider':
      return true;
    default:
      return false;
  }
}

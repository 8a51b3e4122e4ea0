/**
 * Renders a Slack message (the blocks `renderSlackCard` produces) as a small standalone HTML page, so
 * the demo can show what the channel would see without a Slack workspace (`demo-out/*.html`).
 *
 * It understands the card's subset of Block Kit (header, section text and fields, context, divider)
 * and of mrkdwn (*bold*, _italic_, ~strike~, `code`, ``` blocks, <url|label> links, a few emoji
 * shortcodes). Everything is HTML-escaped; only http(s) links become anchors.
 */
import type { SlackMessage } from '../../ports/notifier.ts';
import { isCardBlock, type CardBlock } from './slack-limits.ts';

/** The emoji shortcodes the cards use. */
const EMOJI: Readonly<Record<string, string>> = {
  white_check_mark: '✅',
  x: '❌',
  memo: '📝',
  bulb: '💡',
  repeat: '🔁',
  rotating_light: '🚨',
  large_blue_circle: '🔵',
  fast_forward: '⏩',
  hourglass_flowing_sand: '⏳',
  rewind: '⏪',
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Undoes Slack's three escapes (the text is mrkdwn), before escaping for HTML. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function emoji(html: string): string {
  return html.replace(/:([a-z_]+):/g, (match, name: string) => EMOJI[name] ?? match);
}

/** Inline mrkdwn (no code blocks) to HTML. */
function inline(mrkdwn: string): string {
  const links: string[] = [];
  // Links and mentions are the only raw `<…>` in mrkdwn (literal brackets arrive escaped).
  const withoutLinks = mrkdwn.replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_match, target: string, label: string | undefined) => {
    const url = unescapeSlack(target);
    const text = escapeHtml(unescapeSlack(label ?? target));
    links.push(/^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${text}</a>` : text);
    return `\u0000${links.length - 1}\u0000`;
  });
  let html = escapeHtml(unescapeSlack(withoutLinks));
  const codes: string[] = [];
  html = html.replace(/`([^`\n]+)`/g, (_match, code: string) => {
    codes.push(`<code>${code}</code>`);
    return `\u0001${codes.length - 1}\u0001`;
  });
  html = html
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<del>$2</del>');
  html = emoji(html).replace(/\n/g, '<br>');
  return html.replace(/\u0001(\d+)\u0001/g, (_m, i: string) => codes[Number(i)] ?? '').replace(/\u0000(\d+)\u0000/g, (_m, i: string) => links[Number(i)] ?? '');
}

/** mrkdwn with ``` code blocks to HTML. */
export function mrkdwnToHtml(mrkdwn: string): string {
  return mrkdwn
    .split('```')
    .map((part, i) => (i % 2 === 1 ? `<pre>${escapeHtml(unescapeSlack(part.replace(/^\n/, '')))}</pre>` : inline(part)))
    .join('');
}

function blockHtml(block: CardBlock): string {
  switch (block.type) {
    case 'header':
      return `<h2>${emoji(escapeHtml(block.text.text))}</h2>`;
    case 'section': {
      const text = block.text === undefined ? '' : `<div class="text">${mrkdwnToHtml(block.text.text)}</div>`;
      const fields = block.fields === undefined ? '' : `<div class="fields">${block.fields.map((f) => `<div>${mrkdwnToHtml(f.text)}</div>`).join('')}</div>`;
      return `<section>${text}${fields}</section>`;
    }
    case 'context':
      return `<div class="context">${block.elements.map((e) => `<span>${e.type === 'mrkdwn' ? mrkdwnToHtml(e.text) : escapeHtml(e.text)}</span>`).join(' ')}</div>`;
    case 'divider':
      return '<hr>';
  }
}

const STYLE = `body{font:15px/1.45 -apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f4;margin:0;padding:24px}
.msg{max-width:760px;margin:auto;background:#fff;border-left:4px solid #e01e5a;border-radius:6px;padding:16px 20px;box-shadow:0 1px 3px #0002}
.fallback{color:#616061;font-size:13px;margin-bottom:8px}h2{font-size:18px;margin:4px 0 12px}section{margin:10px 0}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 24px}pre{background:#f8f8f8;border:1px solid #ddd;border-radius:4px;padding:8px;white-space:pre-wrap;word-break:break-all;font-size:12.5px;margin:4px 0}
code{background:#f4f4f4;border:1px solid #ddd;border-radius:3px;padding:0 3px;font-size:12.5px;color:#c7254e}.context{color:#616061;font-size:12.5px;margin:10px 0}
hr{border:0;border-top:1px solid #ddd;margin:14px 0}a{color:#1264a3}`;

/** A standalone HTML page showing `message` roughly as Slack would. */
export function renderSlackPreview(message: SlackMessage, title = 'apigw-doctor Slack preview'): string {
  const body = message.blocks.map((b) => (isCardBlock(b) ? blockHtml(b) : `<div class="context">[unsupported block ${escapeHtml(String(b['type']))}]</div>`)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><div class="msg"><div class="fallback">${escapeHtml(unescapeSlack(message.text))}</div>
${body}
</div></body></html>
`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  fitBlocks,
  fitSlackMessage,
  isCardBlock,
  slackLimitViolations,
  truncateText,
  type CardBlock,
  type DraftBlock,
} from '../../../../shared/domain/render/slack-limits.ts';
import { text } from './report-arbitrary.ts';
import { overLimit } from './slack-limit-check.ts';

const section = (t: string): CardBlock => ({ type: 'section', text: { type: 'mrkdwn', text: t } });

describe('truncateText', () => {
  it('returns a text that fits unchanged', () => {
    // Prepare
    const line = 'Execution failed due to configuration error: Invalid permissions on Lambda function';

    // Act
    const out = truncateText(line, line.length);

    // Assess
    expect(out).toBe(line);
  });

  it('cuts to the limit and says how much was left out', () => {
    // Prepare
    const long = 'a'.repeat(5000);

    // Act
    const out = truncateText(long, 3000);

    // Assess
    expect(out.length).toBeLessThanOrEqual(3000);
    const kept = out.indexOf('…');
    expect(out).toMatch(new RegExp(`_…${5000 - kept} more characters_$`));
  });

  it('closes a code block the cut left open, and never splits an emoji, an entity or a link', () => {
    // Prepare
    const code = `\`\`\`${'x'.repeat(3000)}\`\`\``;
    const emoji = '😀'.repeat(2000);
    const entities = '&amp;'.repeat(1000);
    const links = '<https://example.com/a|a link> '.repeat(200);

    // Act
    const cuts = [code, emoji, entities, links].map((t) => truncateText(t, 1000));

    // Assess
    expect(cuts[0]?.split('```').length).toBe(3);
    expect(cuts[1]).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(cuts[2]?.split('…')[0]).toMatch(/^(&amp;)+$/);
    expect(cuts[3]?.split('…')[0]).toMatch(/^(<https:\/\/example\.com\/a\|a link> )+$/);
    for (const c of cuts) expect(c?.length).toBeLessThanOrEqual(1000);
  });
});

describe('fitSlackMessage', () => {
  it('leaves a message within the limits as it is', () => {
    // Prepare
    const draft: DraftBlock[] = [{ block: { type: 'header', text: { type: 'plain_text', text: 'Cause', emoji: true } } }, { block: section('where') }, { block: { type: 'divider' } }];

    // Act
    const fitted = fitSlackMessage('fallback', draft);

    // Assess
    expect(fitted).toStrictEqual({ text: 'fallback', blocks: draft.map((d) => d.block) });
  });

  it('cuts a 200-character header, 11 fields and a 3500-character section to Slack’s limits', () => {
    // Prepare
    const draft: DraftBlock[] = [
      { block: { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(200) } } },
      { block: { type: 'section', fields: Array.from({ length: 11 }, (_, i) => ({ type: 'mrkdwn' as const, text: `field ${i}` })) } },
      { block: section('s'.repeat(3500)) },
    ];

    // Act
    const fitted = fitSlackMessage('t', draft);

    // Assess
    expect(overLimit(fitted)).toStrictEqual([]);
    const [header, fields, long] = fitted.blocks;
    expect(header?.type === 'header' && header.text.text).toBe(`${'h'.repeat(149)}…`);
    expect(fields?.type === 'section' && fields.fields?.map((f) => f.text)).toStrictEqual([...Array.from({ length: 9 }, (_, i) => `field ${i}`), '_…2 more_']);
    expect(long?.type === 'section' && long.text?.text).toMatch(/more characters_$/);
  });

  it('keeps the `keep` blocks and says how many others it dropped when over 50 blocks', () => {
    // Prepare
    const draft: DraftBlock[] = Array.from({ length: 62 }, (_, i) => ({ block: section(`block ${i}`), keep: i === 61 }));

    // Act
    const fitted = fitSlackMessage('t', draft);

    // Assess
    expect(fitted.blocks).toHaveLength(50);
    const texts = fitted.blocks.map((b) => (b.type === 'section' ? b.text?.text : b.type === 'context' ? b.elements[0]?.text : ''));
    expect(texts.slice(0, 48)).toStrictEqual(Array.from({ length: 48 }, (_, i) => `block ${i}`));
    expect(texts[48]).toBe('block 61');
    expect(texts[49]).toMatch(/^_…13 more sections not shown/);
  });

  it('stays within 10 000 characters of block text in total, cutting the block that crosses the line', () => {
    // Prepare
    const draft: DraftBlock[] = Array.from({ length: 8 }, (_, i) => ({ block: section(`${i}`.repeat(2500)) }));

    // Act
    const fitted = fitSlackMessage('t', draft);

    // Assess
    expect(overLimit(fitted)).toStrictEqual([]);
    const texts = fitted.blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    expect(texts.slice(0, 3)).toStrictEqual(['0'.repeat(2500), '1'.repeat(2500), '2'.repeat(2500)]);
    expect(texts[3]).toMatch(/^3+…/);
    expect(fitted.blocks.at(-1)?.type).toBe('context');
  });

  it('replaces empty texts, which Slack rejects', () => {
    // Prepare
    const draft: DraftBlock[] = [{ block: section('') }, { block: { type: 'context', elements: [] } }, { block: { type: 'header', text: { type: 'plain_text', text: '  ' } } }];

    // Act
    const fitted = fitSlackMessage('', draft);

    // Assess
    expect(overLimit(fitted)).toStrictEqual([]);
    expect(fitted.text).not.toBe('');
  });

  it('fits any message, however large, within every limit', () => {
    const mrkdwn = text(6000).map((t) => ({ type: 'mrkdwn' as const, text: t }));
    const block: fc.Arbitrary<CardBlock> = fc.oneof(
      text(400).map((t): CardBlock => ({ type: 'header', text: { type: 'plain_text', text: t } })),
      fc.record({ text: mrkdwn, fields: fc.array(mrkdwn, { maxLength: 14 }) }, { requiredKeys: [] }).map((s): CardBlock => ({ type: 'section', ...s })),
      fc.array(fc.oneof(mrkdwn, text(3000).map((t) => ({ type: 'plain_text' as const, text: t }))), { maxLength: 14 }).map((elements): CardBlock => ({ type: 'context', elements })),
      fc.constant<CardBlock>({ type: 'divider' }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ block, keep: fc.boolean() }), { maxLength: 120, size: 'max' }), text(50_000), (draft, fallback) => {
        // Prepare
        const input = draft;

        // Act
        const blocks = fitBlocks(input);
        const fitted = fitSlackMessage(fallback, input);

        // Assess
        expect(overLimit({ text: fallback, blocks })).toStrictEqual([]);
        expect(fitted.blocks).toStrictEqual(blocks);
        expect(slackLimitViolations(fitted)).toStrictEqual([]);
        expect(fitted.text.length).toBeGreaterThan(0);
        expect(fitted.text.length).toBeLessThanOrEqual(3000);
      }),
      { numRuns: 200 },
    );
  });
});

describe('slackLimitViolations', () => {
  it('names every limit a message breaks', () => {
    // Prepare
    const message = {
      text: 'x',
      blocks: [
        { type: 'header' as const, text: { type: 'plain_text' as const, text: 'h'.repeat(151) } },
        { type: 'section' as const, fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f'.repeat(2001) })) },
      ],
    };

    // Act
    const violations = slackLimitViolations(message);

    // Assess
    expect(violations).toContain('blocks[0].text: 151 > 150');
    expect(violations).toContain('blocks[1].fields: 11 > 10');
    expect(violations).toContain('blocks[1].fields[10]: 2001 > 2000');
    expect(violations).toContain('total block text: 22162 > 10000');
  });
});

describe('isCardBlock and escapeMrkdwn', () => {
  it('accepts the card block shapes and rejects anything else', () => {
    // Prepare
    const good: unknown[] = [section('a'), { type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'h' } }, { type: 'context', elements: [{ type: 'mrkdwn', text: 'c' }] }];
    const bad: unknown[] = [null, 'section', { type: 'image' }, { type: 'header', text: { type: 'mrkdwn', text: 'h' } }, { type: 'section', fields: [{ type: 'mrkdwn' }] }, { type: 'context', elements: 'x' }];

    // Act
    const results = [good.map(isCardBlock), bad.map(isCardBlock)];

    // Assess
    expect(results).toStrictEqual([good.map(() => true), bad.map(() => false)]);
  });

  it('escapes &, < and > so log text cannot ping @channel or forge a link', () => {
    // Prepare
    const line = '<!channel> <https://evil.example|click> a&b';

    // Act
    const escaped = escapeMrkdwn(line);

    // Assess
    expect(escaped).toBe('&lt;!channel&gt; &lt;https://evil.example|click&gt; a&amp;b');
  });
});

import { describe, expect, it } from 'vitest';
import { mrkdwnToHtml, renderSlackPreview } from '../../../../shared/domain/render/slack-preview.ts';
import { summarizeIncident } from '../../../../shared/domain/render/incident-report.ts';
import { renderSlackCard } from '../../../../shared/domain/render/slack-card.ts';
import { reportFor } from './change-report.ts';
import { diagnoseRecorded, permissionLostReport } from './incident-fixture.ts';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

describe('renderSlackPreview', () => {
  it('shows the card’s header, fields, fix command in a code block and the links as anchors', async () => {
    // Prepare
    const { report, step } = await permissionLostReport();
    const card = renderSlackCard(report);
    const { links } = summarizeIncident(report);

    // Act
    const html = renderSlackPreview(card);

    // Assess
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<h2>API Gateway is not allowed to invoke the Lambda function</h2>');
    expect(html).toContain('<div class="fields"><div><strong>API</strong><br><strong>orders-api</strong> (<code>k7m2p9q4rx</code>)</div>');
    expect(html).toContain(`<pre>${escapeHtml(step.cli)}</pre>`);
    expect(html).toContain(`<a href="${escapeHtml(links.stage)}">Stage in the API Gateway console</a>`);
    expect(html).toContain('✅ <strong>Applied and verified</strong>');
  });

  it('escapes everything, so log text cannot inject markup or a javascript: link', () => {
    // Prepare
    const mrkdwn = 'evil &lt;script&gt;alert(1)&lt;/script&gt; <javascript:alert(1)|click> "q"\n```a &lt;b&gt; &amp; c```';

    // Act
    const html = mrkdwnToHtml(mrkdwn);

    // Assess
    expect(html).toBe('evil &lt;script&gt;alert(1)&lt;/script&gt; click &quot;q&quot;<br><pre>a &lt;b&gt; &amp; c</pre>');
  });
});

describe('renderSlackPreview: the change line', () => {
  it('shows the card’s lead with its emoji, in bold, and the revert command as code', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const card = renderSlackCard(reportFor(diagnosis));

    // Act
    const html = renderSlackPreview(card);

    // Assess
    expect(html).toContain('⏪ <strong>What changed:</strong> payments-deploy-role removed permission payments-api-read from payments-handler at 13:58 UTC; errors began 14:03 UTC');
    expect(html).toMatch(/<pre[^>]*>aws lambda add-permission --function-name payments-handler /);
  });
});

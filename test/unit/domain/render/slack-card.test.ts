import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../../../shared/domain/causes.ts';
import { summarizeIncident } from '../../../../shared/domain/render/incident-report.ts';
import { renderSlackCard } from '../../../../shared/domain/render/slack-card.ts';
import { escapeMrkdwn } from '../../../../shared/domain/render/slack-limits.ts';
import type { Change } from '../../../../shared/domain/model.ts';
import { reportFor } from './change-report.ts';
import { diagnoseRecorded, permissionLostReport } from './incident-fixture.ts';
import { anyReport } from './report-arbitrary.ts';
import { allText, cardBlocks, overLimit } from './slack-limit-check.ts';

describe('renderSlackCard: a new incident', () => {
  it('names the cause, the API, stage and route, the counts and the request ids', async () => {
    // Prepare
    const { report, route } = await permissionLostReport();
    const summary = summarizeIncident(report);

    // Act
    const card = renderSlackCard(report);

    // Assess
    const blocks = cardBlocks(card);
    expect(blocks[0]).toStrictEqual({ type: 'header', text: { type: 'plain_text', text: CAUSES[report.incident.key.cause].title, emoji: true } });
    const text = allText(card);
    expect(text).toContain(`\`${route}\``);
    expect(text).toContain(`*${report.apiName}* (\`${report.incident.key.apiId}\`)`);
    expect(text).toContain(`\`${report.incident.key.stage}\``);
    expect(text).toContain(`*Failing requests*\n${report.incident.count}`);
    expect(text).toContain('2026-11-20 14:02:11 UTC');
    for (const e of summary.evidence) expect(text).toContain(`Request \`${e.requestId}\``);
    expect(card.text).toContain(CAUSES[report.incident.key.cause].title);
  });

  it('shows the exact fix that was applied and verified, its undo command and the IaC change', async () => {
    // Prepare
    const { report, step } = await permissionLostReport();
    const iac = report.diagnosis?.checks.find((c) => c.fix?.cli === step.cli)?.fix?.iac ?? '';

    // Act
    const text = allText(renderSlackCard(report));

    // Assess
    expect(text).toContain(':white_check_mark: *Applied and verified* `add-invoke-permission`');
    expect(text).toContain(`\`\`\`${escapeMrkdwn(step.cli)}\`\`\``);
    expect(text).toContain(`*Undo:*\n\`\`\`${escapeMrkdwn(step.undo ?? '')}\`\`\``);
    expect(iac).not.toBe('');
    expect(text).toContain(escapeMrkdwn(iac));
  });

  it('tells a dry-run plan and a suggestion apart from an applied fix', async () => {
    // Prepare
    const { report, step } = await permissionLostReport();
    const dryRun = { ...report, plan: [{ ...step, mode: 'dry-run' as const }], outcomes: [] };
    const suggest = { ...report, plan: [{ ...step, action: null, mode: 'suggest' as const }], outcomes: [] };

    // Act
    const [planned, suggested] = [dryRun, suggest].map((r) => allText(renderSlackCard(r)));

    // Assess
    expect(planned).toContain(':memo: *Planned (dry-run), not applied* `add-invoke-permission`');
    expect(planned).toContain(`*Run this to fix it:*\n\`\`\`${escapeMrkdwn(step.cli)}\`\`\``);
    expect(suggested).toContain(':bulb: *Suggested fix* (never applied automatically) for `invoke-permission`');
    expect(planned).not.toContain('Applied and verified');
  });

  it('links the stage in the console and the execution log in Logs Insights', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const { links } = summarizeIncident(report);

    // Act
    const text = allText(renderSlackCard(report));

    // Assess
    expect(text).toContain(`<${links.stage}|Stage in the API Gateway console>`);
    expect(text).toContain(`<${links.logsInsights}|Execution log in Logs Insights>`);
  });

  it('redacts secrets in evidence and escapes log text so it cannot mention @channel', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const diagnosis = report.diagnosis;
    if (diagnosis === null) throw new Error('fixture has a diagnosis');
    const hostile = {
      ...report,
      diagnosis: {
        ...diagnosis,
        findings: diagnosis.findings.map((f) => ({ ...f, evidence: [`Endpoint request URI: https://x/?token=s3cr3tT0ken&a=1 <!channel>`, 'Authorization=Bearer abc.def.ghi', ...f.evidence] })),
      },
    };

    // Act
    const text = allText(renderSlackCard(hostile));

    // Assess
    expect(text).not.toContain('s3cr3tT0ken');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('without a plan, shows the failing check’s own fix, or else what to do about the cause', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const noPlan = { ...report, plan: [], outcomes: [] };
    const nothing = { ...noPlan, diagnosis: null };

    // Act
    const [withChecks, bare] = [noPlan, nothing].map((r) => allText(renderSlackCard(r)));

    // Assess
    const cli = report.diagnosis?.checks.find((c) => c.status === 'fail')?.fix?.cli ?? '';
    expect(withChecks).toContain('*How to fix it* (no automatic action was planned)');
    expect(withChecks).toContain(escapeMrkdwn(cli));
    expect(bare).toContain(`*What to do*\n• ${escapeMrkdwn(CAUSES[report.incident.key.cause].todo[0] ?? '')}`);
  });
});

describe('renderSlackCard: updates', () => {
  it('says "still failing, N times" in one short message for an ongoing incident', async () => {
    // Prepare
    const { report } = await permissionLostReport('ongoing');
    const quiet = { ...report, outcomes: [], plan: [] };

    // Act
    const card = renderSlackCard(quiet);

    // Assess
    const blocks = cardBlocks(card);
    expect(blocks.map((b) => b.type)).toStrictEqual(['section', 'context']);
    expect(allText(card)).toContain(`:repeat: *Still failing*, ${report.incident.count} times: ${escapeMrkdwn(CAUSES[report.incident.key.cause].title)}`);
    expect(card.text).toBe(escapeMrkdwn(`Still failing (${report.incident.count}×): ${CAUSES[report.incident.key.cause].title} — ${report.apiName} prod ${report.incident.key.route}`));
  });

  it('says "resolved" once, with the reason and the span', async () => {
    // Prepare
    const { report } = await permissionLostReport('resolved');

    // Act
    const card = renderSlackCard(report);

    // Assess
    const text = allText(card);
    expect(cardBlocks(card)).toHaveLength(2);
    expect(text).toContain(`:white_check_mark: *Resolved*: ${escapeMrkdwn(CAUSES[report.incident.key.cause].title)} — the 5XXError alarm returned to OK`);
    expect(text).toContain(`${report.incident.count} failing requests between 2026-11-20 14:02:11 UTC and 2026-11-20 14:08:40 UTC; resolved 2026-11-20 14:30:00 UTC.`);
  });
});

describe('renderSlackCard: limits', () => {
  it('renders any report, however large, within every Block Kit limit', () => {
    fc.assert(
      fc.property(anyReport, (report) => {
        // Prepare
        const input = report;

        // Act
        const card = renderSlackCard(input);

        // Assess
        expect(overLimit({ text: card.text, blocks: cardBlocks(card) })).toStrictEqual([]);
        expect(card.text.length).toBeLessThanOrEqual(3000);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the cause, the route, the fix and the undo when the evidence alone is far over the limits', async () => {
    // Prepare
    const { report, step } = await permissionLostReport();
    const diagnosis = report.diagnosis;
    if (diagnosis === null) throw new Error('fixture has a diagnosis');
    const huge = {
      ...report,
      diagnosis: { ...diagnosis, findings: Array.from({ length: 300 }, (_, i) => ({ ...diagnosis.findings[0]!, requestId: `req-${i}`, evidence: Array.from({ length: 20 }, () => 'x'.repeat(900)) })) },
    };

    // Act
    const card = renderSlackCard(huge);

    // Assess
    const text = allText(card);
    expect(overLimit({ text: card.text, blocks: cardBlocks(card) })).toStrictEqual([]);
    expect(text).toContain(CAUSES[report.incident.key.cause].title);
    expect(text).toContain(`\`${report.incident.key.route}\``);
    expect(text).toContain(escapeMrkdwn(step.cli));
    expect(text).toContain(escapeMrkdwn(step.undo ?? ''));
    expect(text).toMatch(/more sections? not shown/);
  });
});

describe('renderSlackCard: the change that broke it leads', () => {
  const REMOVED = 'payments-deploy-role removed permission payments-api-read from payments-handler at 13:58 UTC; errors began 14:03 UTC';

  it('puts who did what and when right under the header, with the revert command, then the cause and fix as before', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const report = reportFor(diagnosis);
    const revert = diagnosis.changes?.[0]?.revert ?? '';

    // Act
    const card = renderSlackCard(report);

    // Assess
    const blocks = cardBlocks(card);
    expect(blocks[0]?.type).toBe('header');
    const lead = blocks[1]?.type === 'section' ? blocks[1].text?.text ?? '' : '';
    expect(lead).toBe(`:rewind: *What changed:* ${REMOVED}\n*Revert it:*\n\`\`\`${escapeMrkdwn(revert)}\`\`\``);
    expect(revert).toMatch(/^aws lambda add-permission --function-name payments-handler /);
    expect(card.text).toBe(escapeMrkdwn(`${REMOVED}. ${CAUSES[report.incident.key.cause].title} — payments-api prod GET /payments/{id}`));
    const text = allText(card);
    expect(text.indexOf('What changed')).toBeLessThan(text.indexOf('*Cause*'));
    expect(text).toContain('*How to fix it*');
  });

  it('does not lead with anything when there are no changes, or the first one explains nothing', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const first = diagnosis.changes?.[0];
    if (first === undefined) throw new Error('the recording has changes');

    // Act
    const none = renderSlackCard(reportFor(diagnosis, []));
    const unrelated = renderSlackCard(reportFor(diagnosis, [{ ...first, relatedTo: null }]));
    const absent = renderSlackCard(reportFor({ ...diagnosis, changes: undefined as never }));

    // Assess
    for (const card of [none, unrelated, absent]) {
      expect(allText(card)).not.toContain('What changed');
      expect(cardBlocks(card)[1]).toMatchObject({ type: 'section', fields: expect.any(Array) as unknown });
      expect(card.text).toBe(escapeMrkdwn(`${CAUSES.missing_invoke_permission.title} — payments-api prod GET /payments/{id}`));
    }
  });

  it('cuts a huge who, event name and revert to the lead budget, redacted, and stays within Slack’s limits', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const first = diagnosis.changes?.[0];
    if (first === undefined) throw new Error('the recording has changes');
    const { summary: _dropped, ...noSummary } = first;
    const long: Change = { ...noSummary, who: `AKIAIOSFODNN7EXAMPLE ${'w'.repeat(5000)}`, eventName: 'E'.repeat(5000), revert: `aws ${'r'.repeat(20_000)}` };

    // Act
    const card = renderSlackCard(reportFor(diagnosis, [long]));

    // Assess
    expect(overLimit({ text: card.text, blocks: cardBlocks(card) })).toStrictEqual([]);
    const lead = allText(card).split('\n')[1] ?? '';
    expect(lead.startsWith(':rewind: *What changed:* AKIA')).toBe(true);
    expect(allText(card)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(lead).toContain(`${'w'.repeat(20)}… ${'E'.repeat(20)}`);
    expect(lead.length).toBeLessThan(500);
    expect(allText(card)).toContain(`aws ${'r'.repeat(100)}`);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../../../shared/domain/causes.ts';
import { summarizeIncident } from '../../../../shared/domain/render/incident-report.ts';
import { SNS_MESSAGE_MAX_BYTES, renderChatbotMessage, renderSnsMessage, snsSubject } from '../../../../shared/domain/render/sns-message.ts';
import { reportFor } from './change-report.ts';
import { diagnoseRecorded, permissionLostReport } from './incident-fixture.ts';
import { anyReport } from './report-arbitrary.ts';

interface IncidentDocument {
  readonly schema: string;
  readonly kind: string;
  readonly severity: string;
  readonly cause: { readonly id: string; readonly title: string };
  readonly api: { readonly id: string; readonly name: string | null; readonly stage: string };
  readonly route: { readonly key: string; readonly method: string | null; readonly path: string | null };
  readonly incident: { readonly count: number; readonly firstSeen: string; readonly lastSeen: string };
  readonly evidence: readonly { readonly requestId: string | null; readonly lines: readonly string[] }[];
  readonly checks: readonly { readonly id: string; readonly fix: { readonly cli: string; readonly iac: string } | null }[];
  readonly plan: readonly { readonly action: string | null; readonly state: string; readonly cli: string | null; readonly undo: string | null }[];
  readonly outcomes: readonly { readonly action: string; readonly status: string; readonly undo: string | null }[];
  readonly links: { readonly stageConsole: string; readonly logsInsights: string };
}

/** What SNS accepts as a subject: < 100 characters, no line breaks or control characters, not empty. */
function validSubject(subject: string): boolean {
  return subject.length > 0 && Array.from(subject).length < 100 && !/[\p{Cc}\u2028\u2029]/u.test(subject);
}

describe('renderSnsMessage', () => {
  it('carries the card’s content as JSON: cause, API, route, counts, evidence, checks, plan, outcomes and links', async () => {
    // Prepare
    const { report, step, route } = await permissionLostReport();
    const summary = summarizeIncident(report);

    // Act
    const sns = renderSnsMessage(report);

    // Assess
    const doc = JSON.parse(sns.message) as IncidentDocument;
    expect(doc.schema).toBe('apigw-doctor.incident/1');
    expect(doc.cause).toMatchObject({ id: report.incident.key.cause, title: CAUSES[report.incident.key.cause].title });
    expect(doc.api).toMatchObject({ id: report.incident.key.apiId, name: report.apiName, stage: report.incident.key.stage });
    expect(doc.route).toStrictEqual({ key: route, method: route.split(' ')[0], path: route.split(' ')[1] });
    expect(doc.incident).toMatchObject({ count: report.incident.count, firstSeen: report.incident.firstSeen, lastSeen: report.incident.lastSeen });
    expect(doc.evidence.map((e) => e.requestId)).toStrictEqual(summary.evidence.map((e) => e.requestId));
    expect(doc.checks.map((c) => c.fix?.cli)).toStrictEqual(summary.checks.map((c) => c.fix?.cli));
    expect(doc.plan).toMatchObject([{ action: 'add-invoke-permission', state: 'verified', cli: step.cli, undo: step.undo }]);
    expect(doc.outcomes).toMatchObject([{ action: 'add-invoke-permission', status: 'verified', undo: step.undo }]);
    expect(doc.links).toStrictEqual({ stageConsole: summary.links.stage, logsInsights: summary.links.logsInsights });
  });

  it('sets the filterable attributes and a subject that names where it fails first', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const planned = { ...report, plan: report.plan.map((p) => ({ ...p, mode: 'dry-run' as const })), outcomes: [] };

    // Act
    const [applied, dryRun, resolved] = [report, planned, { ...report, kind: 'resolved' as const, plan: [], outcomes: [] }].map(renderSnsMessage);

    // Assess
    expect(applied?.attributes).toStrictEqual({ cause: 'missing_invoke_permission', severity: 'low', api: 'k7m2p9q4rx', stage: 'prod', action: 'add-invoke-permission', kind: 'new' });
    expect(dryRun?.attributes).toMatchObject({ severity: 'high', action: 'add-invoke-permission' });
    expect(resolved?.attributes).toMatchObject({ severity: 'info', action: 'none', kind: 'resolved' });
    expect(applied?.subject).toBe('[apigw-doctor] orders-api/prod GET /orders: API Gateway is not allowed to invoke the Lambda func...');
    expect(resolved?.subject.startsWith('[apigw-doctor] Resolved: orders-api/prod GET /orders: ')).toBe(true);
    for (const m of [applied, dryRun, resolved]) expect(validSubject(m?.subject ?? '')).toBe(true);
  });

  it('makes a valid subject from any text: one line, under 100 characters, never split inside an emoji', () => {
    // Prepare
    const texts = [`orders\napi\r\u2028prod\u0007 ${'😀'.repeat(120)}`, '\n\t', 'x'.repeat(500)];

    // Act
    const subjects = texts.map(snsSubject);

    // Assess
    expect(subjects[0]).toMatch(/^orders api prod (😀){80}\.\.\.$/u);
    expect(subjects[1]).toBe('apigw-doctor notification');
    expect(subjects[2]).toBe(`${'x'.repeat(96)}...`);
    for (const s of subjects) expect(validSubject(s)).toBe(true);
  });

  it('renders any report as a valid Publish: subject, JSON under the size budget, non-empty attributes', () => {
    fc.assert(
      fc.property(anyReport, (report) => {
        // Prepare
        const input = report;

        // Act
        const sns = renderSnsMessage(input);

        // Assess
        expect(validSubject(sns.subject)).toBe(true);
        expect(new TextEncoder().encode(sns.message).length).toBeLessThanOrEqual(200_000);
        expect((JSON.parse(sns.message) as IncidentDocument).cause.id).toBe(input.incident.key.cause);
        expect(Object.keys(sns.attributes).sort()).toStrictEqual(['action', 'api', 'cause', 'kind', 'severity', 'stage']);
        for (const value of Object.values(sns.attributes)) expect(value.length > 0 && value.length <= 256 && !/[\p{Cc}]/u.test(value)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('drops evidence rather than going over 256 KB, and says what it dropped', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const diagnosis = report.diagnosis;
    if (diagnosis === null) throw new Error('fixture has a diagnosis');
    const first = diagnosis.findings[0];
    if (first === undefined) throw new Error('fixture has findings');
    const huge = { ...report, diagnosis: { ...diagnosis, findings: Array.from({ length: 2000 }, (_, i) => ({ ...first, requestId: `req-${i}`, evidence: ['y'.repeat(1000)] })) } };

    // Act
    const doc = JSON.parse(renderSnsMessage(huge).message) as IncidentDocument & { readonly truncated: { readonly evidence: number } };

    // Assess
    expect(doc.evidence.length).toBeLessThan(2000);
    expect(doc.truncated.evidence).toBe(2000 - doc.evidence.length);
    expect(doc.plan[0]?.undo).toBe(report.plan[0]?.undo);
  });
});

describe('renderChatbotMessage', () => {
  it('writes the Amazon Q Developer custom notification schema, threaded by incident', async () => {
    // Prepare
    const { report, step } = await permissionLostReport();

    // Act
    const chatbot = renderChatbotMessage(report);

    // Assess
    const message = JSON.parse(chatbot.message) as {
      version: string;
      source: string;
      id: string;
      content: { textType: string; title: string; description: string; nextSteps: string[]; keywords: string[] };
      metadata: { threadId: string; summary: string; eventType: string; relatedResources: string[] };
    };
    expect(message).toMatchObject({ version: '1.0', source: 'custom', id: report.incident.id, content: { textType: 'client-markdown' }, metadata: { threadId: report.incident.id, eventType: 'apigw-doctor-incident-new' } });
    expect(message.content.title).toBe(`:rotating_light: ${CAUSES[report.incident.key.cause].title}`);
    expect(message.content.description).toContain(step.undo ?? '');
    expect(message.content.description.length).toBeLessThanOrEqual(3000);
    expect(message.content.keywords).toStrictEqual(['missing_invoke_permission', 'low', 'k7m2p9q4rx', 'prod']);
    expect(message.metadata.relatedResources[0]).toBe('arn:aws:execute-api:us-east-1:123456789012:k7m2p9q4rx/prod/*');
    expect(chatbot.attributes).toStrictEqual(renderSnsMessage(report).attributes);
  });
});

describe('renderSnsMessage and renderChatbotMessage: the change that broke it leads', () => {
  interface LeadDocument {
    readonly summary: string;
    readonly change: { readonly text: string; readonly who: string; readonly what: string; readonly time: string; readonly relatedTo: string; readonly revert: string | null } | null;
  }

  it('starts the summary with who did what and when, and carries the change with its revert command', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const first = diagnosis.changes?.[0];

    // Act
    const sns = renderSnsMessage(reportFor(diagnosis));
    const chatbot = JSON.parse(renderChatbotMessage(reportFor(diagnosis)).message) as { content: { description: string }; metadata: { summary: string } };

    // Assess
    const doc = JSON.parse(sns.message) as LeadDocument;
    const lead = 'payments-deploy-role removed permission payments-api-read from payments-handler at 13:58 UTC; errors began 14:03 UTC';
    expect(doc.summary.startsWith(`${lead}. ${CAUSES.missing_invoke_permission.title} on payments-api/prod GET /payments/{id}`)).toBe(true);
    expect(doc.change).toStrictEqual({
      text: lead, who: 'payments-deploy-role', what: 'removed permission payments-api-read from payments-handler',
      time: '2026-11-20T13:58:03.000Z', relatedTo: 'invoke-permission', revert: first?.revert ?? null,
    });
    expect(chatbot.metadata.summary.startsWith(lead)).toBe(true);
    expect(chatbot.content.description).toContain('Revert the change: ```aws lambda add-permission --function-name payments-handler');
  });

  it('has no change and the usual summary when the diagnosis found none that explains the failure', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const first = diagnosis.changes?.[0];
    if (first === undefined) throw new Error('the recording has changes');

    // Act
    const docs = [[], [{ ...first, relatedTo: null }]].map((changes) => JSON.parse(renderSnsMessage(reportFor(diagnosis, changes)).message) as LeadDocument);

    // Assess
    for (const doc of docs) {
      expect(doc.change).toBeNull();
      expect(doc.summary.startsWith(`${CAUSES.missing_invoke_permission.title} on payments-api/prod`)).toBe(true);
    }
  });

  it('bounds a huge who and event name, and stays a valid Publish', async () => {
    // Prepare
    const diagnosis = await diagnoseRecorded('permission-removed-by-deploy.json', 'b7n3q8w2xt', 'prod');
    const first = diagnosis.changes?.[0];
    if (first === undefined) throw new Error('the recording has changes');
    const { summary: _dropped, ...noSummary } = first;

    // Act
    const sns = renderSnsMessage(reportFor(diagnosis, [{ ...noSummary, who: '🔥'.repeat(4000), eventName: `Revoke${'X'.repeat(9000)}` }]));

    // Assess
    expect(validSubject(sns.subject)).toBe(true);
    expect(new TextEncoder().encode(sns.message).length).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
    const doc = JSON.parse(sns.message) as LeadDocument;
    expect(Array.from(doc.change?.who ?? '')).toHaveLength(80);
    expect(Array.from(doc.change?.what ?? '').length).toBeLessThanOrEqual(300);
    expect(doc.change?.text.endsWith('at 13:58 UTC; errors began 14:03 UTC')).toBe(true);
  });
});

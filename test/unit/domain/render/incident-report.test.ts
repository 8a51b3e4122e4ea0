import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/domain/model.ts';
import {
  consoleOrigin,
  executionLogGroup,
  incidentLinks,
  logsInsightsUrl,
  parseRoute,
  severityOf,
  stageConsoleUrl,
  summarizeIncident,
} from '../../../../shared/domain/render/incident-report.ts';
import { REDACTED } from '../../../../shared/domain/render/redact.ts';
import { permissionLostReport } from './incident-fixture.ts';

/** Reads the console's `queryDetail` notation back (the inverse of the documented encoding steps). */
function decodeInsights(url: string): { readonly fields: ReadonlyMap<string, string>; readonly sources: readonly string[] } {
  const fragment = url.split('#logsV2:logs-insights')[1] ?? '';
  const detail = decodeURIComponent(decodeURIComponent(fragment.replace(/\$/g, '%')).replace(/^\?queryDetail=/, ''));
  const value = (raw: string): string => decodeURIComponent(raw.replace(/^'/, '').replace(/\*/g, '%'));
  const fields = new Map<string, string>();
  for (const match of detail.matchAll(/(\w+)~('[^~()]*|[^~()']+)/g)) fields.set(match[1] ?? '', value(match[2] ?? ''));
  const sources = [...(/source~\(((?:~'[^~()]*)*)\)/.exec(detail)?.[1] ?? '').split("~'").slice(1)].map((s) => value(s));
  return { fields, sources };
}

const INCIDENT: Incident = {
  id: 'i1',
  key: { account: '123456789012', region: 'eu-west-1', apiId: 'a1b2c3d4e5', stage: 'prod', cause: 'lambda_function_error', route: 'GET /items/{id}' },
  status: 'open',
  firstSeen: '2026-11-20T14:02:11.000Z',
  lastSeen: '2026-11-20T14:08:40.000Z',
  count: 7,
  thread: null,
  notifiedAt: null,
  resolvedAt: null,
  resolvedReason: null,
};

describe('console links', () => {
  it.each([
    ['us-east-1', 'https://us-east-1.console.aws.amazon.com'],
    ['cn-north-1', 'https://cn-north-1.console.amazonaws.cn'],
    ['us-gov-west-1', 'https://console.amazonaws-us-gov.com'],
  ])('uses the console host of the partition of %s', (region, origin) => {
    // Prepare
    const apiId = 'a1b2c3d4e5';

    // Act
    const url = stageConsoleUrl(region, apiId);

    // Assess
    expect(consoleOrigin(region)).toBe(origin);
    expect(url).toBe(`${origin}/apigateway/main/apis/a1b2c3d4e5/stages?api=a1b2c3d4e5&region=${region}`);
  });

  it('names the execution log group the way API Gateway does', () => {
    // Prepare
    const [apiId, stage] = ['a1b2c3d4e5', 'prod'];

    // Act
    const group = executionLogGroup(apiId, stage);

    // Assess
    expect(group).toBe('API-Gateway-Execution-Logs_a1b2c3d4e5/prod');
  });

  it('writes a Logs Insights link in the console’s own notation (a link copied from the console)', () => {
    // Prepare: the inputs of the console link quoted in the Stack Overflow question the encoding comes from.
    const query = 'fields @timestamp, @message\n| sort @timestamp desc\n| filter @message =~ "Exception"\n| limit 200';
    const copied =
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D$257E$2528end$257E$25272021-07-18T20*3a59*3a59.000Z$257Estart$257E$25272021-07-15T21*3a00*3a00.000Z$257EtimeType$257E$2527ABSOLUTE$257Etz$257E$2527Local$257EeditorString$257E$2527fields*20*40timestamp*2c*20*40message*0a*7c*20sort*20*40timestamp*20desc*0a*7c*20filter*20*40message*20*3d*7e*20*22Exception*22*0a*7c*20limit*20200$257EisLiveTail$257Efalse';

    // Act
    const url = logsInsightsUrl({
      region: 'eu-west-1',
      logGroups: ['/aws/lambda/x'],
      window: { start: new Date('2021-07-15T21:00:00.000Z'), end: new Date('2021-07-18T20:59:59.000Z') },
      query,
      timeZone: 'Local',
    });

    // Assess: percent-escapes differ only in case (`*3a` vs `*3A`).
    expect(url.toLowerCase().startsWith(copied.toLowerCase())).toBe(true);
  });

  it('links Logs Insights to the stage’s execution log, the incident’s request ids and its window ± 5 minutes', () => {
    // Prepare
    const ids = ['1e00b923-156e-473f-a0f2-9f73d74a9555', '5e36068c-a491-41c6-8458-55caf6dc8a8c'];

    // Act
    const links = incidentLinks(INCIDENT, ids);

    // Assess
    const { fields, sources } = decodeInsights(links.logsInsights);
    expect(links.logsInsights.startsWith('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights')).toBe(true);
    expect(sources).toStrictEqual(['API-Gateway-Execution-Logs_a1b2c3d4e5/prod']);
    expect(fields.get('start')).toBe('2026-11-20T13:57:11.000Z');
    expect(fields.get('end')).toBe('2026-11-20T14:13:40.000Z');
    expect(fields.get('timeType')).toBe('ABSOLUTE');
    expect(fields.get('editorString')).toBe(`fields @timestamp, @message, @logStream\n| filter @message like /${ids.join('|')}/\n| sort @timestamp asc\n| limit 500`);
    expect(links.stage).toBe(stageConsoleUrl('eu-west-1', 'a1b2c3d4e5'));
  });

  it('falls back to the last hour when the incident’s times do not parse', () => {
    // Prepare
    const broken: Incident = { ...INCIDENT, firstSeen: 'yesterday', lastSeen: 'today' };

    // Act
    const { fields } = decodeInsights(incidentLinks(broken, []).logsInsights);

    // Assess
    expect(fields.get('timeType')).toBe('RELATIVE');
    expect(fields.get('start')).toBe('-3600');
    expect(fields.get('editorString')).toContain('Execution failed|status: 5\\d\\d|timed out');
  });
});

describe('parseRoute and severityOf', () => {
  it.each([
    ['GET /orders', { method: 'GET', path: '/orders' }],
    ['ANY /{proxy+}', { method: 'ANY', path: '/{proxy+}' }],
    ['*', { method: null, path: null }],
  ])('splits %s', (route, parts) => {
    // Prepare
    const key = route;

    // Act
    const parsed = parseRoute(key);

    // Assess
    expect(parsed).toStrictEqual(parts);
  });

  it('rates new high, ongoing medium, fixed-and-verified low, resolved info', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const unverified = { ...report, outcomes: report.outcomes.map((o) => ({ ...o, status: 'failed' as const })) };

    // Act
    const rated = [
      severityOf(unverified),
      severityOf({ ...unverified, kind: 'ongoing' }),
      severityOf(report),
      severityOf({ ...report, kind: 'resolved' }),
      severityOf({ ...report, plan: [], outcomes: [] }),
    ];

    // Assess
    expect(rated).toStrictEqual(['high', 'medium', 'low', 'info', 'high']);
  });
});

describe('summarizeIncident', () => {
  it('keeps the findings of the incident’s cause and route, and pairs each plan step with its outcome and IaC', async () => {
    // Prepare
    const { report, diagnosis, step, route } = await permissionLostReport();
    const onRoute = diagnosis.findings.filter((f) => `${String(f.details['method'])} ${String(f.details['resourcePath'])}` === route);

    // Act
    const summary = summarizeIncident(report);

    // Assess
    expect(onRoute.length).toBeLessThan(diagnosis.findings.length);
    expect(summary.evidence.map((e) => e.requestId)).toStrictEqual(onRoute.map((f) => f.requestId));
    expect(summary.checks.map((c) => c.id)).toStrictEqual(diagnosis.checks.filter((c) => c.status === 'fail').map((c) => c.id));
    const check = diagnosis.checks.find((c) => c.id === step.check && c.resource === step.resource && c.fix?.cli === step.cli);
    expect(summary.actions).toStrictEqual([
      { action: 'add-invoke-permission', mode: 'apply', state: 'verified', check: step.check, resource: step.resource, reason: report.outcomes[0]?.reason, cli: step.cli, iac: check?.fix?.iac, undo: step.undo },
    ]);
    expect(summary.primaryAction).toBe('add-invoke-permission');
    expect(summary.cause.confidence).toBe(diagnosis.causes[0]?.confidence);
    expect(summary.route).toStrictEqual({ key: route, ...parseRoute(route) });
  });

  it('redacts every text that came from logs or the account', async () => {
    // Prepare
    const { report } = await permissionLostReport();
    const diagnosis = report.diagnosis;
    if (diagnosis === null) throw new Error('fixture has a diagnosis');
    const leaky = {
      ...report,
      diagnosis: { ...diagnosis, findings: diagnosis.findings.map((f) => ({ ...f, evidence: [...f.evidence, 'Method request headers: {Authorization=Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln, x-api-key=k-123456}'] })) },
      notes: ['saw X-Amz-Security-Token=IQoJb3JpZ2luX2Vj in a URL'],
      outcomes: report.outcomes.map((o) => ({ ...o, reason: `${o.reason} (signed with AKIAIOSFODNN7EXAMPLE)` })),
    };

    // Act
    const text = JSON.stringify(summarizeIncident(leaky));

    // Assess
    for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 'k-123456', 'IQoJb3JpZ2luX2Vj', 'AKIAIOSFODNN7EXAMPLE']) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
  });
});

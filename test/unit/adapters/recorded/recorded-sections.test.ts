import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, createRecordedClients, parseRecording, type Recording } from '../../../../shared/adapters/recorded/recorded-account.ts';

function recording(extra: Partial<Recording>): Recording {
  const parsed = parseRecording({ account: '123456789012', region: 'us-east-1', calls: [], ...extra }, 'sections.json');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

function trail(id: string, time: string, source: string, name: string, resource?: string) {
  return {
    EventId: id, EventName: name, EventTime: time, EventSource: source, Username: 'alice',
    ...(resource === undefined ? {} : { Resources: [{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: resource }] }),
    CloudTrailEvent: JSON.stringify({ eventID: id, readOnly: false }),
  };
}

const EVENTS = [
  trail('e1', '2026-11-20T10:00:00Z', 'ec2.amazonaws.com', 'RevokeSecurityGroupIngress', 'sg-1'),
  trail('e2', '2026-11-20T11:00:00Z', 'lambda.amazonaws.com', 'RemovePermission20150331v2'),
  trail('e3', '2026-11-20T12:00:00Z', 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', 'sg-2'),
  trail('e4', '2026-11-20T13:00:00Z', 'ec2.amazonaws.com', 'CreateTags', 'sg-1'),
];

describe('recorded cloudTrail section (LookupEvents)', () => {
  it('filters by the lookup attribute and the time window, newest first', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(recording({ cloudTrail: EVENTS }));

    // Act
    const bySource = await reader.lookupEvents({ attribute: { AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' }, startTime: Date.parse('2026-11-20T09:00:00Z'), endTime: Date.parse('2026-11-20T12:30:00Z') });
    const byResource = await reader.lookupEvents({ attribute: { AttributeKey: 'ResourceName', AttributeValue: 'sg-1' }, startTime: 0, endTime: Date.parse('2026-11-21T00:00:00Z') });

    // Assess
    expect(bySource.ok && bySource.value.events.map((e) => e.EventId)).toEqual(['e3', 'e1']);
    expect(bySource.ok && bySource.value.truncated).toBe(false);
    expect(byResource.ok && byResource.value.events.map((e) => e.EventId)).toEqual(['e4', 'e1']);
  });

  it('pages with NextToken at MaxResults and rejects more than 50 or two attributes, as CloudTrail does', async () => {
    // Prepare
    const clients = createRecordedClients(recording({ cloudTrail: EVENTS }));
    const base = { StartTime: new Date(0), EndTime: new Date('2026-11-21T00:00:00Z') };

    // Act
    const first = (await clients.cloudTrail.send(new LookupEventsCommand({ ...base, MaxResults: 3 }))) as { Events: { EventId: string }[]; NextToken?: string };
    const second = (await clients.cloudTrail.send(new LookupEventsCommand({ ...base, MaxResults: 3, ...(first.NextToken === undefined ? {} : { NextToken: first.NextToken }) }))) as { Events: { EventId: string }[]; NextToken?: string };
    const tooMany = clients.cloudTrail.send(new LookupEventsCommand({ ...base, MaxResults: 51 }));
    const twoAttributes = clients.cloudTrail.send(new LookupEventsCommand({ ...base, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'x' }, { AttributeKey: 'Username', AttributeValue: 'y' }] }));

    // Assess
    expect(first.Events.map((e) => e.EventId)).toEqual(['e4', 'e3', 'e2']);
    expect(second.Events.map((e) => e.EventId)).toEqual(['e1']);
    expect(second.NextToken).toBeUndefined();
    await expect(tooMany).rejects.toMatchObject({ name: 'InvalidMaxResultsException' });
    await expect(twoAttributes).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
  });

  it('says the window was cut short when a page leaves events unread', async () => {
    // Prepare
    const many = Array.from({ length: 51 }, (_, i) => trail(`m${String(i).padStart(2, '0')}`, new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString(), 'lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2'));
    const reader = createAccountReaderFromRecording(recording({ cloudTrail: many }));

    // Act
    const read = await reader.lookupEvents({ attribute: { AttributeKey: 'EventSource', AttributeValue: 'lambda.amazonaws.com' }, startTime: 0, endTime: Date.parse('2026-11-21T00:00:00Z') });

    // Assess
    expect(read.ok && read.value.events.length).toBe(50);
    expect(read.ok && read.value.truncated).toBe(true);
  });

  it('answers "not recorded" (never a gap to fix) for a recording without the section', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(recording({}));

    // Act
    const read = await reader.lookupEvents({ attribute: { AttributeKey: 'EventSource', AttributeValue: 'lambda.amazonaws.com' }, startTime: 0, endTime: 1 });
    const metrics = await reader.getMetricData([{ id: 'a', namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, stat: 'Sum', period: 60 }], 0, 60_000);

    // Assess
    expect(read.ok ? null : read.error.message).toMatch(/^NotRecordedError: not recorded: the recording has no "cloudTrail" section/);
    expect(metrics.ok ? null : metrics.error.message).toMatch(/not recorded: the recording has no "metrics" section/);
    expect(read.ok ? null : read.error.message).not.toContain('no record for');
  });
});

describe('recorded metrics section (GetMetricData)', () => {
  const METRICS = [{
    namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions: { ApiName: 'orders', Stage: 'prod' }, unit: 'Milliseconds',
    datapoints: [
      { timestamp: '2026-11-20T14:00:00Z', Maximum: 120, Sum: 240, SampleCount: 2 },
      { timestamp: '2026-11-20T14:01:00Z', Maximum: 29_000, Sum: 29_100, SampleCount: 2 },
      { timestamp: '2026-11-20T14:06:00Z', Maximum: 300, Sum: 300, SampleCount: 1 },
    ],
  }];

  it('aggregates the datapoints into each query\'s period with its statistic, for any query id', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(recording({ metrics: METRICS }));
    const dimensions = { ApiName: 'orders', Stage: 'prod' };
    const start = Date.parse('2026-11-20T14:00:00Z');

    // Act
    const read = await reader.getMetricData([
      { id: 'max5', namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions, stat: 'Maximum', period: 300 },
      { id: 'avg1', namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions, stat: 'Average', period: 60 },
      { id: 'subset', namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions: { ApiName: 'orders' }, stat: 'Maximum', period: 60 },
    ], start, start + 5 * 60_000);

    // Assess
    if (!read.ok) throw new Error(read.error.message);
    const byId = Object.fromEntries(read.value.map((s) => [s.id, s]));
    // The 14:06 point is outside the window (EndTime is exclusive).
    expect(byId['max5']?.values).toEqual([29_000]);
    expect(byId['avg1']?.values).toEqual([120, 14_550]);
    expect(byId['avg1']?.timestamps).toEqual([start, start + 60_000]);
    // CloudWatch matches the exact dimension set: a subset names another metric.
    expect(byId['subset']?.values).toEqual([]);
  });

  it('rejects a query that is not a metric-stat query', async () => {
    // Prepare
    const clients = createRecordedClients(recording({ metrics: METRICS }));

    // Act
    const sent = clients.cloudWatch.send(new GetMetricDataCommand({ StartTime: new Date(0), EndTime: new Date(60_000), MetricDataQueries: [{ Id: 'e', Expression: 'SUM(METRICS())' }] }));

    // Assess
    await expect(sent).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
  });
});

import { describe, expect, it } from 'vitest';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createAccountReaderFromRecording, createRecordedClients, parseRecording, type Recording } from '../../../../shared/adapters/recorded/recorded-account.ts';
import { recordingClients } from '../../../../shared/adapters/recorded/recording.ts';

const recording = {
  account: '123456789012',
  region: 'us-east-1',
  now: '2026-11-20T14:10:00.000Z',
  calls: [{ service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: 'g' }, output: { events: [{ timestamp: 100, message: 'a' }, { timestamp: 200, message: 'b' }, { timestamp: 300, message: 'c' }] } }],
};

describe('recorded log queries', () => {
  it("return only the events inside the call's startTime..endTime", async () => {
    // Prepare
    const parsed = parseRecording(recording, 'inline');
    if (!parsed.ok) throw parsed.error;
    const clients = createRecordedClients(parsed.value);

    // Act
    const out = (await clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', startTime: 150, endTime: 300 }))) as { events: Array<{ message: string }> };

    // Assess
    expect(out.events.map((e) => e.message)).toEqual(['b', 'c']);
  });

  it('are recorded without their time window, so a replay answers any --since', async () => {
    // Prepare
    const live = { logs: { send: async () => ({ events: [] }) } };
    const recorder = recordingClients({
      ...live, apiGateway: live.logs, lambda: live.logs, iam: live.logs, elbv2: live.logs,
      cloudTrail: live.logs, cloudWatch: live.logs, ec2: live.logs, apiGatewayV2: live.logs,
    });

    // Act
    await recorder.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', startTime: 1, endTime: 2, filterPattern: 'x' }));

    // Assess
    expect(recorder.calls()[0]?.input).toEqual({ logGroupName: 'g', filterPattern: 'x' });
  });

  it("apply the call's filter pattern, as CloudWatch does, when the record holds the log group whole", async () => {
    // Prepare
    const whole = inline([
      {
        service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: 'g' },
        output: { events: LINES.map((message, i) => ({ timestamp: 100 + i, message })) },
      },
    ]);
    const clients = createRecordedClients(whole);

    // Act
    const failures = await messages(clients, '?"Method completed with status: 5" ?"Execution failed due to"');
    const both = await messages(clients, 'Method 502');
    const none = await messages(clients, '"status: 504"');
    const all = await messages(clients, undefined);

    // Assess
    expect(failures).toEqual([LINES[1], LINES[2]]);
    expect(both).toEqual([LINES[2]]);
    expect(none).toEqual([]);
    expect(all).toEqual(LINES);
  });

  it('serve a record that pins the filter pattern as recorded: it already holds what CloudWatch selected', async () => {
    // Prepare
    const pinned = inline([
      { service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: 'g', filterPattern: '?r1' }, output: { events: [{ timestamp: 1, message: '(r1) any line' }, { timestamp: 2, message: 'as recorded' }] } },
    ]);

    // Act
    const out = await messages(createRecordedClients(pinned), '?r1');

    // Assess
    expect(out).toEqual(['(r1) any line', 'as recorded']);
  });

  it('fail a call whose pattern cannot be evaluated, as CloudWatch fails a bad pattern, instead of answering with every event', async () => {
    // Prepare
    const whole = inline([{ service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: 'g' }, output: { events: [{ timestamp: 1, message: 'x' }] } }]);
    const reader = createAccountReaderFromRecording(whole);

    // Act
    const sent = createRecordedClients(whole).logs.send(new FilterLogEventsCommand({ logGroupName: 'g', filterPattern: 'status: 5' }));
    const read = await reader.filterLogEvents({ logGroupName: 'g', filterPattern: '{ $.a EXISTS }' });

    // Assess
    await expect(sent).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('filter pattern "status: 5"') as string });
    expect(read).toMatchObject({ ok: false, error: { kind: 'error', operation: 'logs:FilterLogEvents' } });
    expect(read.ok ? '' : read.error.message).toContain('unsupported: "EXISTS" is not documented');
  });
});

const LINES = [
  '(r1) Starting execution for request: r1',
  '(r2) Execution failed due to configuration error: Invalid permissions on Lambda function',
  '(r2) Method completed with status: 502',
  '(r1) Method completed with status: 200',
];

function inline(calls: Recording['calls']): Recording {
  const parsed = parseRecording({ account: '123456789012', region: 'us-east-1', calls }, 'inline');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

async function messages(clients: ReturnType<typeof createRecordedClients>, filterPattern: string | undefined): Promise<string[]> {
  const out = (await clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', ...(filterPattern === undefined ? {} : { filterPattern }) }))) as { events: Array<{ message: string }> };
  return out.events.map((e) => e.message);
}

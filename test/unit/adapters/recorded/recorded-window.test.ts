import { describe, expect, it } from 'vitest';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createRecordedClients, parseRecording } from '../../../../shared/adapters/recorded/recorded-account.ts';
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
    const recorder = recordingClients({ ...live, apiGateway: live.logs, lambda: live.logs, iam: live.logs, elbv2: live.logs });

    // Act
    await recorder.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', startTime: 1, endTime: 2, filterPattern: 'x' }));

    // Assess
    expect(recorder.calls()[0]?.input).toEqual({ logGroupName: 'g', filterPattern: 'x' });
  });
});

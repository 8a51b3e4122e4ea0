import { GetResourcesCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAccountReaderFromRecording,
  createRecordedClients,
  loadRecording,
  MissingRecordError,
  parseRecording,
  recordedClock,
  RecordingError,
  type Recording,
} from '../../../../shared/adapters/recorded/recorded-account.ts';

/** The documented example (events/accounts/README.md), verbatim; a test below keeps the two equal. */
const FORMAT_EXAMPLE = {
  account: '123456789012',
  region: 'us-east-1',
  now: '2026-11-20T14:10:00.000Z',
  calls: [
    { service: 'api-gateway', operation: 'GetStage', input: { restApiId: 'a1b2c3', stageName: 'prod' }, output: { stageName: 'prod', methodSettings: {} } },
    {
      service: 'lambda',
      operation: 'GetPolicy',
      input: { FunctionName: 'orders' },
      error: { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' },
    },
  ],
};

function recording(calls: Recording['calls'], now?: string): Recording {
  return { account: '123456789012', region: 'us-east-1', calls, ...(now === undefined ? {} : { now }) };
}

function policy(sid: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction' }] });
}

describe('parseRecording', () => {
  it('accepts the documented example (events/accounts/README.md)', () => {
    // Prepare
    const value: unknown = structuredClone(FORMAT_EXAMPLE);

    // Act
    const result = parseRecording(value, 'example.json');

    // Assess
    expect(result).toStrictEqual({ ok: true, value: FORMAT_EXAMPLE });
  });

  it('uses the documented example (events/accounts/README.md) exactly as the README shows it', async () => {
    // Prepare
    const readme = await readFile(join(import.meta.dirname, '..', '..', '..', '..', 'events', 'accounts', 'README.md'), 'utf8');

    // Act
    const block = /```json\n([\s\S]*?)\n```/.exec(readme)?.[1];

    // Assess
    expect(block, 'events/accounts/README.md has no ```json example').toBeDefined();
    expect(JSON.parse(block ?? 'null')).toStrictEqual(FORMAT_EXAMPLE);
  });

  it('accepts records of any service and operation: a recording is a support bundle', () => {
    // Prepare
    const calls = [
      { service: 'sts', operation: 'GetCallerIdentity', input: {}, output: { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops' } },
      { service: 'cloudtrail', operation: 'LookupEvents', input: { MaxResults: 50 }, output: { Events: [] } },
      { service: 'lambda', operation: 'ListFunctions', input: {}, output: { Functions: [] } },
    ];

    // Act
    const result = parseRecording({ account: '123456789012', region: 'us-east-1', calls }, 'bundle.json');

    // Assess
    expect(result).toStrictEqual({ ok: true, value: { account: '123456789012', region: 'us-east-1', calls } });
  });

  it('defaults a missing input to {} (matches every call of the operation)', () => {
    // Prepare
    const value = { account: '123456789012', region: 'us-east-1', calls: [{ service: 'api-gateway', operation: 'GetAccount', output: {} }] };

    // Act
    const result = parseRecording(value, 'r.json');

    // Assess
    expect(result.ok ? result.value.calls[0]?.input : 'invalid').toStrictEqual({});
  });

  it.each([
    [{ calls: [{ service: 3, operation: 'GetStage', input: {}, output: {} }] }, 'calls[0].service: expected string, received number'],
    [{ calls: [{ service: '', operation: 'GetStage', input: {}, output: {} }] }, 'calls[0].service: expected a service name such as api-gateway'],
    [
      { calls: [{ service: 'lambda', operation: 'GetPolicyCommand', input: {}, output: {} }] },
      'calls[0].operation: expected the operation name without "Command", e.g. GetStage',
    ],
    [{ calls: [{ service: 'lambda', operation: 'GetPolicy', input: {} }] }, 'calls[0]: expected exactly one of "output" or "error"'],
    [
      { calls: [{ service: 'lambda', operation: 'GetPolicy', input: {}, output: {}, error: { name: 'X', message: 'y' } }] },
      'calls[0]: expected exactly one of "output" or "error"',
    ],
    [{ calls: [{ service: 'lambda', operation: 'GetPolicy', input: [], output: {} }] }, 'calls[0].input: expected record, received array'],
    [{ account: '12345', calls: [] }, 'account: expected a 12-digit account id'],
    [{ now: 'yesterday', calls: [] }, 'now: expected an ISO date-time such as 2026-11-20T14:10:00.000Z'],
    [{ calls: {} }, 'calls: expected array, received object'],
  ])('rejects %j with a one-line message naming the file and the problem', (override, problem) => {
    // Prepare
    const value = { account: '123456789012', region: 'us-east-1', ...override };

    // Act
    const result = parseRecording(value, 'events/accounts/bad.json');

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(RecordingError);
    expect(result.error.message).toBe(`events/accounts/bad.json: ${problem}`);
    expect(result.error.problem).toBe(problem);
    expect(result.error.source).toBe('events/accounts/bad.json');
  });

  it('says how many more problems there are', () => {
    // Prepare
    const value = { account: 1, region: 2, calls: [] };

    // Act
    const result = parseRecording(value, 'x.json');

    // Assess
    expect(result.ok ? '' : result.error.message).toBe('x.json: account: expected string, received number (and 1 more problem)');
  });
});

describe('loadRecording', () => {
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'recorded-account-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('reads and validates a file', async () => {
    // Prepare
    const dir = await tempDir();
    const path = join(dir, 'ok.json');
    await writeFile(path, JSON.stringify(FORMAT_EXAMPLE));

    // Act
    const result = await loadRecording(path);

    // Assess
    expect(result).toStrictEqual({ ok: true, value: FORMAT_EXAMPLE });
  });

  it('reports a missing file and bad JSON as values naming the path', async () => {
    // Prepare
    const dir = await tempDir();
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"account": ');

    // Act
    const missing = await loadRecording(join(dir, 'nope.json'));
    const invalid = await loadRecording(broken);

    // Assess
    expect(missing.ok ? '' : missing.error.message).toBe(`${join(dir, 'nope.json')}: cannot read the file (ENOENT)`);
    expect(invalid.ok ? '' : invalid.error.message).toMatch(new RegExp(`^${broken.replaceAll('.', '\\.')}: not valid JSON \\(`));
  });
});

describe('createRecordedClients', () => {
  it('answers a call whose input contains every recorded key (subset matching, deep equality)', async () => {
    // Prepare
    const clients = createRecordedClients(
      recording([{ service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: 'g' }, output: { events: [{ message: 'hit' }] } }]),
    );

    // Act
    const output = await clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g', startTime: 5, limit: 100 }));

    // Assess
    expect(output).toStrictEqual({ events: [{ message: 'hit' }] });
  });

  it('compares nested values deeply, regardless of key order', async () => {
    // Prepare
    const clients = createRecordedClients(
      recording([
        { service: 'api-gateway', operation: 'GetResources', input: { restApiId: 'a', embed: ['methods'] }, output: { items: [{ id: 'r' }] } },
      ]),
    );

    // Act
    const hit = await clients.apiGateway.send(new GetResourcesCommand({ limit: 500, embed: ['methods'], restApiId: 'a' }));
    const miss = clients.apiGateway.send(new GetResourcesCommand({ restApiId: 'a', embed: ['stages'] }));

    // Assess
    expect(hit).toStrictEqual({ items: [{ id: 'r' }] });
    await expect(miss).rejects.toBeInstanceOf(MissingRecordError);
  });

  it('prefers the matching record with the most input keys, whatever the file order', async () => {
    // Prepare
    const clients = createRecordedClients(
      recording([
        { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'orders', Qualifier: 'live' }, output: { Policy: policy('live') } },
        { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'orders' }, output: { Policy: policy('unqualified') } },
        { service: 'lambda', operation: 'GetPolicy', input: {}, output: { Policy: policy('any') } },
      ]),
    );

    // Act
    const live = await clients.lambda.send(new GetPolicyCommand({ FunctionName: 'orders', Qualifier: 'live' }));
    const plain = await clients.lambda.send(new GetPolicyCommand({ FunctionName: 'orders' }));
    const other = await clients.lambda.send(new GetPolicyCommand({ FunctionName: 'billing' }));

    // Assess
    expect(live).toStrictEqual({ Policy: policy('live') });
    expect(plain).toStrictEqual({ Policy: policy('unqualified') });
    expect(other).toStrictEqual({ Policy: policy('any') });
  });

  it('serves several records for one call in order, then repeats the last', async () => {
    // Prepare
    const input = { restApiId: 'a1b2c3', stageName: 'prod' };
    const clients = createRecordedClients(
      recording([
        { service: 'api-gateway', operation: 'GetStage', input, output: { stageName: 'prod', deploymentId: 'd1' } },
        { service: 'api-gateway', operation: 'GetStage', input: { stageName: 'dev', restApiId: 'a1b2c3' }, output: { stageName: 'dev' } },
        { service: 'api-gateway', operation: 'GetStage', input: { stageName: 'prod', restApiId: 'a1b2c3' }, output: { stageName: 'prod', deploymentId: 'd2' } },
      ]),
    );

    // Act
    const served: unknown[] = [];
    for (let i = 0; i < 3; i += 1) served.push(await clients.apiGateway.send(new GetStageCommand(input)));
    const dev = await clients.apiGateway.send(new GetStageCommand({ restApiId: 'a1b2c3', stageName: 'dev' }));

    // Assess
    expect(served).toStrictEqual([
      { stageName: 'prod', deploymentId: 'd1' },
      { stageName: 'prod', deploymentId: 'd2' },
      { stageName: 'prod', deploymentId: 'd2' },
    ]);
    expect(dev).toStrictEqual({ stageName: 'dev' });
  });

  it('rejects with the recorded error name and message', async () => {
    // Prepare
    const clients = createRecordedClients(parseRecordingOrThrow(FORMAT_EXAMPLE));

    // Act
    const sent = clients.lambda.send(new GetPolicyCommand({ FunctionName: 'orders' }));

    // Assess
    await expect(sent).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' });
    await expect(sent).rejects.toBeInstanceOf(Error);
  });

  it('rejects a call with no record with a MissingRecordError naming service, operation and input', async () => {
    // Prepare
    const clients = createRecordedClients(parseRecordingOrThrow(FORMAT_EXAMPLE));

    // Act
    const wrongStage = clients.apiGateway.send(new GetStageCommand({ stageName: 'dev', restApiId: 'a1b2c3' }));
    // A record of another service never answers, even for the same operation name.
    const wrongService = clients.iam.send(new GetPolicyCommand({ FunctionName: 'orders' }));

    // Assess
    await expect(wrongStage).rejects.toThrow(new MissingRecordError('api-gateway', 'GetStage', { restApiId: 'a1b2c3', stageName: 'dev' }));
    await expect(wrongStage).rejects.toThrow('no record for api-gateway GetStage with input {"restApiId":"a1b2c3","stageName":"dev"}');
    await expect(wrongService).rejects.toThrow('no record for iam GetPolicy with input {"FunctionName":"orders"}');
  });

  it('returns a copy, so mutating an output does not change the next answer', async () => {
    // Prepare
    const clients = createRecordedClients(parseRecordingOrThrow(FORMAT_EXAMPLE));
    const command = () => new GetStageCommand({ restApiId: 'a1b2c3', stageName: 'prod' });

    // Act
    const first = (await clients.apiGateway.send(command())) as { stageName: string };
    first.stageName = 'changed';
    const second = await clients.apiGateway.send(command());

    // Assess
    expect(second).toStrictEqual({ stageName: 'prod', methodSettings: {} });
  });
});

describe('createAccountReaderFromRecording', () => {
  it('reads through the real reader: outputs, error records and the account/Region', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(parseRecordingOrThrow(FORMAT_EXAMPLE));

    // Act
    const stage = await reader.getStage('a1b2c3', 'prod');
    const noPolicy = await reader.getFunctionPolicy('orders');

    // Assess
    expect([reader.account, reader.region]).toStrictEqual(['123456789012', 'us-east-1']);
    expect(stage).toStrictEqual({ ok: true, value: { stageName: 'prod', methodSettings: {} } });
    expect(noPolicy).toStrictEqual({ ok: true, value: null });
  });

  it('reports a missing record as an error starting "no record for", not as denied', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(parseRecordingOrThrow(FORMAT_EXAMPLE));

    // Act
    const result = await reader.getStage('a1b2c3', 'dev');

    // Assess
    expect(result).toStrictEqual({
      ok: false,
      error: { kind: 'error', operation: 'apigateway:GetStage', message: 'no record for api-gateway GetStage with input {"restApiId":"a1b2c3","stageName":"dev"}' },
    });
  });

  it('maps recorded AccessDenied errors to denied', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(
      recording([{ service: 'iam', operation: 'GetRole', input: {}, error: { name: 'AccessDenied', message: 'not authorized to perform: iam:GetRole' } }]),
    );

    // Act
    const result = await reader.getRole('apigw-invoke');

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'denied', operation: 'iam:GetRole', message: 'AccessDenied: not authorized to perform: iam:GetRole' } });
  });

  it('lets readers share clients, so a later reader sees the next record (policy changed after AddPermission)', async () => {
    // Prepare
    const rec = recording([
      { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'orders' }, error: { name: 'ResourceNotFoundException', message: 'none' } },
      { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'orders' }, output: { Policy: policy('added'), RevisionId: 'r2' } },
    ]);
    const clients = createRecordedClients(rec);

    // Act
    const before = await createAccountReaderFromRecording(rec, clients).getFunctionPolicy('orders');
    const after = await createAccountReaderFromRecording(rec, clients).getFunctionPolicy('orders');

    // Assess
    expect(before).toStrictEqual({ ok: true, value: null });
    expect(after.ok && after.value !== null ? [after.value.policy.Statement[0]?.Sid, after.value.RevisionId] : []).toStrictEqual(['added', 'r2']);
  });
});

describe('recordedClock', () => {
  it('pins now to the recording', () => {
    // Prepare
    const clock = recordedClock(recording([], '2026-11-20T14:10:00.000Z'));

    // Act
    const now = clock.now();

    // Assess
    expect(now.toISOString()).toBe('2026-11-20T14:10:00.000Z');
    expect(clock.now()).not.toBe(now);
  });

  it('uses the system time when the recording has no now', () => {
    // Prepare
    const clock = recordedClock(recording([]));
    const before = Date.now();

    // Act
    const now = clock.now().getTime();

    // Assess
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

function parseRecordingOrThrow(value: unknown): Recording {
  const result = parseRecording(value, 'test');
  if (!result.ok) throw result.error;
  return result.value;
}

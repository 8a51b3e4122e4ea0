import { GetAccountCommand, GetStageCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, loadRecording, type Recording } from '../../../../shared/adapters/recorded/recorded-account.ts';
import { createRecordedAccount, type RecordedAccount } from '../../../../shared/adapters/recorded/recorded-remediator.ts';
import type { AccountReader } from '../../../../shared/ports/account-reader.ts';
import type { CheckResult, JsonObject, SdkRequest } from '../../../../shared/domain/model.ts';
import { diagnoseStage } from '../../../../shared/domain/use-cases/diagnose.ts';

const ACCOUNTS = join(import.meta.dirname, '..', '..', '..', '..', 'events', 'accounts');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ORDERS_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-handler`;

async function recordingOf(file: string): Promise<Recording> {
  const loaded = await loadRecording(join(ACCOUNTS, file));
  if (!loaded.ok) throw loaded.error;
  return loaded.value;
}

async function checksOf(reader: AccountReader, recording: Recording, restApiId: string): Promise<readonly CheckResult[]> {
  const now = Date.parse(recording.now ?? '');
  const diagnosis = await diagnoseStage(reader, { restApiId, stageName: 'prod', startTime: now - 3_600_000, endTime: now });
  if (!diagnosis.ok) throw new Error(`diagnosis failed: ${JSON.stringify(diagnosis.error)}`);
  return diagnosis.value.checks;
}

/** The invoke-permission result of one method (the resource is the function, the message names the method). */
function invokePermission(checks: readonly CheckResult[], method: string): CheckResult {
  const found = checks.filter((c) => c.id === 'invoke-permission' && new RegExp(`\\b${method}\\b`).test(c.message));
  expect(found).toHaveLength(1);
  return found[0] as CheckResult;
}

function firstRequest(check: CheckResult, operation: string): SdkRequest {
  const request = check.fix?.requests.find((r) => r.operation === operation);
  if (request === undefined) throw new Error(`${check.id} carries no ${operation}`);
  return request;
}

async function policyOf(account: RecordedAccount, input: Record<string, string>): Promise<{ statements: JsonObject[]; revision: unknown }> {
  const output = (await account.clients.lambda.send(new GetPolicyCommand({ FunctionName: input['FunctionName'], Qualifier: input['Qualifier'] }))) as JsonObject;
  const document = JSON.parse(String(output['Policy'])) as { Statement: JsonObject[] };
  return { statements: document.Statement, revision: output['RevisionId'] };
}

function sids(statements: readonly JsonObject[]): unknown[] {
  return statements.map((s) => s['Sid']);
}

function addPermission(input: JsonObject): SdkRequest {
  return { service: 'lambda', operation: 'AddPermission', region: REGION, input: { Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', ...input } };
}

function updateStage(restApiId: string, patchOperations: JsonObject[], stageName = 'prod'): SdkRequest {
  return { service: 'api-gateway', operation: 'UpdateStage', region: REGION, input: { restApiId, stageName, patchOperations } };
}

function small(calls: Recording['calls']): Recording {
  return { account: ACCOUNT, region: REGION, calls };
}

const NOT_FOUND = { name: 'ResourceNotFoundException', message: 'Function not found' };

describe('recorded remediator: AddPermission on permission-lost-after-recreate.json', () => {
  it('makes the fixed method pass on a fresh reader while the other method still fails', async () => {
    // Prepare
    const recording = await recordingOf('permission-lost-after-recreate.json');
    const account = createRecordedAccount(recording);
    const before = await checksOf(account.reader(), recording, 'k7m2p9q4rx');
    const request = firstRequest(invokePermission(before, 'GET /orders'), 'AddPermission');

    // Act
    const sent = await account.remediator.send(request);
    const after = await checksOf(account.reader(), recording, 'k7m2p9q4rx');

    // Assess
    expect(invokePermission(before, 'GET /orders').status).toBe('fail');
    expect(sent.ok).toBe(true);
    expect(invokePermission(after, 'GET /orders').status).toBe('pass');
    expect(invokePermission(after, 'POST /orders').status).toBe('fail');
    expect(account.writes()).toStrictEqual([request]);
  });

  it('answers with the statement exactly as Lambda stores it and adds it to the policy', async () => {
    // Prepare
    const recording = await recordingOf('permission-lost-after-recreate.json');
    const account = createRecordedAccount(recording);
    const request = firstRequest(invokePermission(await checksOf(account.reader(), recording, 'k7m2p9q4rx'), 'GET /orders'), 'AddPermission');
    const before = await policyOf(account, { FunctionName: 'orders-handler' });

    // Act
    const sent = await account.remediator.send(request);
    const after = await policyOf(account, { FunctionName: 'orders-handler' });

    // Assess
    const expected = {
      Sid: request.input['StatementId'],
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ORDERS_ARN,
      Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${REGION}:${ACCOUNT}:k7m2p9q4rx/*/GET/orders` } },
    };
    expect(sent.ok && JSON.parse(String(sent.value['Statement']))).toStrictEqual(expected);
    expect(after.statements).toStrictEqual([...before.statements, expected]);
    expect(after.revision).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(after.revision).not.toBe(before.revision);
  });

  it('answers ResourceConflictException (conflict) when the same statement is sent again, and changes nothing', async () => {
    // Prepare
    const recording = await recordingOf('permission-lost-after-recreate.json');
    const account = createRecordedAccount(recording);
    const request = firstRequest(invokePermission(await checksOf(account.reader(), recording, 'k7m2p9q4rx'), 'GET /orders'), 'AddPermission');
    const { RevisionId: _read, ...withoutRevision } = request.input;
    await account.remediator.send(request);
    const between = await policyOf(account, { FunctionName: 'orders-handler' });

    // Act
    const again = await account.remediator.send({ ...request, input: withoutRevision });

    // Assess
    expect(again).toStrictEqual({
      ok: false,
      error: {
        kind: 'conflict',
        operation: 'lambda:AddPermission',
        message: `ResourceConflictException: The statement id (${String(request.input['StatementId'])}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      },
    });
    expect(await policyOf(account, { FunctionName: 'orders-handler' })).toStrictEqual(between);
    expect(account.writes()).toHaveLength(1);
  });

  it('answers PreconditionFailedException (precondition_failed) for a RevisionId read before another write, and succeeds with the current one', async () => {
    // Prepare: both fixes were planned from one read, so both carry the same RevisionId.
    const recording = await recordingOf('permission-lost-after-recreate.json');
    const account = createRecordedAccount(recording);
    const checks = await checksOf(account.reader(), recording, 'k7m2p9q4rx');
    const get = firstRequest(invokePermission(checks, 'GET /orders'), 'AddPermission');
    const post = firstRequest(invokePermission(checks, 'POST /orders'), 'AddPermission');
    await account.remediator.send(get);

    // Act
    const stale = await account.remediator.send(post);
    const current = await account.reader().getFunctionPolicy('orders-handler');
    const retried = await account.remediator.send({ ...post, input: { ...post.input, RevisionId: current.ok ? (current.value?.RevisionId ?? null) : null } });
    const after = await checksOf(account.reader(), recording, 'k7m2p9q4rx');

    // Assess
    expect(stale.ok ? null : stale.error.kind).toBe('precondition_failed');
    expect(stale.ok ? '' : stale.error.message).toMatch(/^PreconditionFailedException: /);
    expect(retried.ok).toBe(true);
    expect([invokePermission(after, 'GET /orders').status, invokePermission(after, 'POST /orders').status]).toStrictEqual(['pass', 'pass']);
  });

  it('shows the write however a later GetPolicy names the function: name, ARN, partial ARN', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('permission-lost-after-recreate.json'));
    const sid = 'by-name';

    // Act
    const sent = await account.remediator.send(addPermission({ FunctionName: 'orders-handler', StatementId: sid, SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:k7m2p9q4rx/*` }));
    const forms = await Promise.all(
      ['orders-handler', ORDERS_ARN, `${ACCOUNT}:function:orders-handler`].map((name) => policyOf(account, { FunctionName: name })),
    );

    // Assess
    expect(sent.ok).toBe(true);
    for (const form of forms) {
      expect(sids(form.statements)).toStrictEqual(['orders-api-invoke', sid]);
      expect(form.revision).toBe(forms[0]?.revision);
    }
  });

  it('keeps a qualified write to that qualifier, whether it is named in the ARN or by the Qualifier parameter', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('permission-lost-after-recreate.json'));

    // Act
    const sent = await account.remediator.send(addPermission({ FunctionName: `${ACCOUNT}:function:orders-handler`, Qualifier: 'live', StatementId: 'alias-only', SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:k7m2p9q4rx/*` }));
    const byParameter = await policyOf(account, { FunctionName: 'orders-handler', Qualifier: 'live' });
    const byArn = await policyOf(account, { FunctionName: `${ORDERS_ARN}:live` });
    const byArnAndParameter = await policyOf(account, { FunctionName: ORDERS_ARN, Qualifier: 'live' });
    const unqualified = await policyOf(account, { FunctionName: 'orders-handler' });

    // Assess
    expect(sent.ok && JSON.parse(String(sent.value['Statement']))['Resource']).toBe(`${ORDERS_ARN}:live`);
    expect(sids(byParameter.statements)).toStrictEqual(['orders-api-invoke', 'alias-only']);
    expect(byArn).toStrictEqual(byParameter);
    expect(byArnAndParameter).toStrictEqual(byParameter);
    expect(sids(unqualified.statements)).toStrictEqual(['orders-api-invoke']);
  });

  it('is seen by createAccountReaderFromRecording over the same clients, not by one over a new state', async () => {
    // Prepare
    const recording = await recordingOf('permission-lost-after-recreate.json');
    const account = createRecordedAccount(recording);
    await account.remediator.send(addPermission({ FunctionName: 'orders-handler', StatementId: 'shared', SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:k7m2p9q4rx/*` }));

    // Act
    const shared = await createAccountReaderFromRecording(recording, account.clients).getFunctionPolicy(ORDERS_ARN);
    const separate = await createAccountReaderFromRecording(recording).getFunctionPolicy('orders-handler');

    // Assess
    expect(shared.ok ? shared.value?.policy.Statement.map((s) => s.Sid) : null).toStrictEqual(['orders-api-invoke', 'shared']);
    expect(separate.ok ? separate.value?.policy.Statement.map((s) => s.Sid) : null).toStrictEqual(['orders-api-invoke']);
  });
});

describe('recorded remediator: AddPermission semantics', () => {
  it('creates the policy of a function that has none, with SourceAccount as StringEquals AWS:SourceAccount', async () => {
    // Prepare
    const account = createRecordedAccount(
      small([
        { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'fresh' }, error: { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' } },
        { service: 'lambda', operation: 'GetFunctionConfiguration', input: { FunctionName: 'fresh' }, output: { FunctionName: 'fresh', RevisionId: 'r-1' } },
      ]),
    );
    const sourceArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/GET/x`;

    // Act
    const sent = await account.remediator.send(addPermission({ FunctionName: 'fresh', StatementId: 's1', SourceArn: sourceArn, SourceAccount: ACCOUNT, RevisionId: 'r-1' }));
    const policy = await account.reader().getFunctionPolicy(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:fresh`);

    // Assess
    expect(sent.ok).toBe(true);
    expect(policy.ok ? policy.value?.policy : null).toStrictEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        {
          Sid: 's1',
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fresh`,
          Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT }, ArnLike: { 'AWS:SourceArn': sourceArn } },
        },
      ],
    });
  });

  it('answers ResourceNotFoundException (not_found) for a function recorded as missing or not recorded at all', async () => {
    // Prepare
    const account = createRecordedAccount(small([{ service: 'lambda', operation: 'GetFunctionConfiguration', input: { FunctionName: 'gone' }, error: NOT_FOUND }]));

    // Act
    const gone = await account.remediator.send(addPermission({ FunctionName: 'gone', StatementId: 's1' }));
    const unknown = await account.remediator.send(addPermission({ FunctionName: 'never-recorded', StatementId: 's1' }));

    // Assess
    expect(gone).toStrictEqual({ ok: false, error: { kind: 'not_found', operation: 'lambda:AddPermission', message: `ResourceNotFoundException: Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:gone` } });
    expect(unknown.ok ? null : unknown.error.kind).toBe('not_found');
    expect(account.writes()).toStrictEqual([]);
  });

  it("answers PolicyLengthExceededException (invalid) when the policy would pass Lambda's 20 KB", async () => {
    // Prepare: a policy a few bytes under the limit.
    const filler = { Sid: 'filler', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: 'x'.repeat(20_300) };
    const account = createRecordedAccount(
      small([{ service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'full' }, output: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [filler] }), RevisionId: 'r-1' } }]),
    );

    // Act
    const sent = await account.remediator.send(addPermission({ FunctionName: 'full', StatementId: 'one-more', SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*` }));

    // Assess
    expect(sent.ok ? null : sent.error.kind).toBe('invalid');
    expect(sent.ok ? '' : sent.error.message).toMatch(/^PolicyLengthExceededException: The final policy size \(\d+\) is bigger than the limit \(20480\)\.$/);
  });
});

describe('recorded remediator: UpdateStage and UpdateAccount on logging-off-no-cloudwatch-role.json', () => {
  it('fails the logging fix as API Gateway does while the account has no CloudWatch role, and changes nothing', async () => {
    // Prepare
    const recording = await recordingOf('logging-off-no-cloudwatch-role.json');
    const account = createRecordedAccount(recording);
    const logging = (await checksOf(account.reader(), recording, 'm4t8v2c6na')).find((c) => c.id === 'execution-logging');
    const request = firstRequest(logging as CheckResult, 'UpdateStage');

    // Act
    const sent = await account.remediator.send(request);
    const after = await checksOf(account.reader(), recording, 'm4t8v2c6na');

    // Assess
    expect(sent).toStrictEqual({
      ok: false,
      error: { kind: 'invalid', operation: 'apigateway:UpdateStage', message: 'BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable logging' },
    });
    expect(after.find((c) => c.id === 'execution-logging')?.status).toBe('fail');
    expect(account.writes()).toStrictEqual([]);
  });

  it('passes execution-logging and account-cloudwatch-role on a fresh diagnosis after UpdateAccount then UpdateStage', async () => {
    // Prepare
    const recording = await recordingOf('logging-off-no-cloudwatch-role.json');
    const account = createRecordedAccount(recording);
    const before = await checksOf(account.reader(), recording, 'm4t8v2c6na');
    const setRole = firstRequest(before.find((c) => c.id === 'account-cloudwatch-role') as CheckResult, 'UpdateAccount');
    const enable = firstRequest(before.find((c) => c.id === 'execution-logging') as CheckResult, 'UpdateStage');

    // Act
    const roleSet = await account.remediator.send(setRole);
    const enabled = await account.remediator.send(enable);
    const after = await checksOf(account.reader(), recording, 'm4t8v2c6na');

    // Assess
    expect(roleSet.ok && roleSet.value['cloudwatchRoleArn']).toBe(`arn:aws:iam::${ACCOUNT}:role/apigateway-cloudwatch-logs`);
    expect(enabled.ok && enabled.value['methodSettings']).toStrictEqual({ '*/*': { loggingLevel: 'ERROR' } });
    expect(after.filter((c) => c.id === 'execution-logging' || c.id === 'account-cloudwatch-role').map((c) => [c.id, c.status])).toStrictEqual([
      ['account-cloudwatch-role', 'pass'],
      ['execution-logging', 'pass'],
    ]);
    expect(account.writes()).toStrictEqual([setRole, enable]);
  });
});

describe('recorded remediator: UpdateStage patch paths', () => {
  it('applies stage-wide and per-method settings, variables, access logs and tracing to the recorded stage', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('permission-lost-after-recreate.json'));
    const operations = [
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'ERROR' },
      { op: 'replace', path: '/*/*/logging/dataTrace', value: 'true' },
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'false' },
      { op: 'replace', path: '/~1orders/GET/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/variables/fn', value: 'orders-handler' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:access` },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
      { op: 'replace', path: '/tracingEnabled', value: 'false' },
    ];

    // Act
    const sent = await account.remediator.send(updateStage('k7m2p9q4rx', operations));
    const stage = (await account.clients.apiGateway.send(new GetStageCommand({ restApiId: 'k7m2p9q4rx', stageName: 'prod' }))) as JsonObject;

    // Assess
    expect(sent.ok && sent.value).toStrictEqual(stage);
    expect(stage).toMatchObject({
      methodSettings: {
        '*/*': { loggingLevel: 'ERROR', dataTraceEnabled: true, metricsEnabled: false, throttlingBurstLimit: 5000 },
        '~1orders/GET': { loggingLevel: 'INFO' },
      },
      variables: { fn: 'orders-handler' },
      accessLogSettings: { destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:access`, format: '$context.requestId' },
      tracingEnabled: false,
      deploymentId: 'x4f7kp',
    });
  });

  it('refuses an unknown path with BadRequestException (invalid) naming it, applying none of the operations', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('permission-lost-after-recreate.json'));
    const read = () => account.clients.apiGateway.send(new GetStageCommand({ restApiId: 'k7m2p9q4rx', stageName: 'prod' }));
    const before = await read();

    // Act
    const sent = await account.remediator.send(
      updateStage('k7m2p9q4rx', [
        { op: 'replace', path: '/tracingEnabled', value: 'false' },
        { op: 'replace', path: '/*/*/logging/volume', value: 'LOUD' },
      ]),
    );

    // Assess
    expect(sent).toStrictEqual({ ok: false, error: { kind: 'invalid', operation: 'apigateway:UpdateStage', message: "BadRequestException: Invalid patch path '/*/*/logging/volume' specified for op 'replace'" } });
    expect(await read()).toStrictEqual(before);
  });

  it('answers NotFoundException (not_found) for a stage that is not in the recording', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('permission-lost-after-recreate.json'));

    // Act
    const sent = await account.remediator.send(updateStage('k7m2p9q4rx', [{ op: 'replace', path: '/tracingEnabled', value: 'true' }], 'dev'));

    // Assess
    expect(sent.ok ? null : sent.error).toStrictEqual({ kind: 'not_found', operation: 'apigateway:UpdateStage', message: 'NotFoundException: Invalid stage identifier specified' });
  });

  it('updates the matching item of a recorded GetStages too', async () => {
    // Prepare
    const account = createRecordedAccount(
      small([
        { service: 'api-gateway', operation: 'GetStage', input: { restApiId: 'abc123', stageName: 'prod' }, output: { stageName: 'prod', tracingEnabled: false } },
        { service: 'api-gateway', operation: 'GetStages', input: { restApiId: 'abc123' }, output: { item: [{ stageName: 'dev', tracingEnabled: false }, { stageName: 'prod', tracingEnabled: false }] } },
      ]),
    );

    // Act
    await account.remediator.send(updateStage('abc123', [{ op: 'replace', path: '/tracingEnabled', value: 'true' }]));
    const stages = (await account.clients.apiGateway.send(new GetStagesCommand({ restApiId: 'abc123' }))) as JsonObject;

    // Assess
    expect(stages['item']).toStrictEqual([
      { stageName: 'dev', tracingEnabled: false },
      { stageName: 'prod', tracingEnabled: true },
    ]);
  });
});

describe('recorded remediator: refusals and UpdateAccount', () => {
  it('refuses every operation outside the write table, as the live remediator does', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('permission-lost-after-recreate.json'));
    const requests: SdkRequest[] = [
      { service: 'lambda', operation: 'RemovePermission', region: REGION, input: { FunctionName: 'orders-handler', StatementId: 'orders-api-invoke' } },
      { service: 'iam', operation: 'CreateRole', region: REGION, input: { RoleName: 'x' } },
      { service: 'api-gateway', operation: 'AddPermission', region: REGION, input: {} },
    ];

    // Act
    const sent = await Promise.all(requests.map((r) => account.remediator.send(r)));

    // Assess
    for (const [index, result] of sent.entries()) {
      const request = requests[index] as SdkRequest;
      expect(result.ok ? '' : result.error.message).toBe(
        `refused: ${request.service} ${request.operation} is not a write apigw-doctor may send (allowed: AddPermission, UpdateStage, UpdateAccount)`,
      );
      expect(result.ok ? null : result.error.kind).toBe('invalid');
    }
    expect(account.writes()).toStrictEqual([]);
  });

  it('sets and clears the account CloudWatch role that GetAccount answers', async () => {
    // Prepare
    const account = createRecordedAccount(await recordingOf('logging-off-no-cloudwatch-role.json'));
    const role = `arn:aws:iam::${ACCOUNT}:role/logs`;
    const update = (value: string): SdkRequest => ({ service: 'api-gateway', operation: 'UpdateAccount', region: REGION, input: { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value }] } });

    // Act
    await account.remediator.send(update(role));
    const set = (await account.clients.apiGateway.send(new GetAccountCommand({}))) as JsonObject;
    await account.remediator.send(update(''));
    const cleared = (await account.clients.apiGateway.send(new GetAccountCommand({}))) as JsonObject;

    // Assess
    expect(set['cloudwatchRoleArn']).toBe(role);
    expect(set['apiKeyVersion']).toBe('4');
    expect(Object.hasOwn(cleared, 'cloudwatchRoleArn')).toBe(false);
  });
});

/**
 * The synthesized template (no bundling): resources, least-privilege IAM built from the permission
 * tables (both ways), encryption, retention, the rules' patterns, parameters and environment.
 */
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { COVERAGE_PERMISSIONS } from '../../shared/adapters/aws/coverage-operations.ts';
import { incidentTableDefinition } from '../../shared/adapters/aws/incident-table.ts';
import { READ_PERMISSIONS } from '../../shared/adapters/aws/read-operations.ts';
import { loadConfig } from '../../shared/config.ts';
import type { PermissionGrant } from '../../shared/domain/remediation/action.ts';
import { REMEDIATION_PERMISSIONS } from '../../shared/domain/remediation/registry.ts';
import { ACCOUNT_POLICY_FILTER_PATTERN } from '../../shared/domain/use-cases/reconcile-coverage.ts';
import { alarmStateChangePattern, EXECUTION_LOG_GROUP_CREATED_PATTERN, resourceNames, STAGE_CHANGE_PATTERN } from '../../shared/events/eventbridge-patterns.ts';
import { fill, readGrants, remediationGrants } from '../../infra/permissions.ts';
import { buildStack, logicalId, normalise, PSEUDO, resolve, resourcesOf, roleStatements, synthStack, type CfnTemplate, type Statement } from './stack-harness.ts';

const FUNCTIONS = ['LogIngest', 'AlarmIngest', 'Worker', 'Coverage'] as const;
const ALL_ON = {
  allowSetAccountCloudWatchRole: 'true',
  slackWebhookSecret: 'apigw-doctor/slack',
  slackBotTokenSecret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:apigw-doctor/bot-AbCdEf',
  slackChannel: 'C0123456789',
  alertEmails: 'oncall@example.com,lead@example.com',
};

// Built once per file (the first synth loads aws-cdk-lib, seconds on a busy machine); the tests only read them.
const defaults = synthStack();
const allOn = synthStack(ALL_ON);
const accountMode = synthStack({ subscriptionMode: 'account' });

/** A declared grant as the template should hold it. */
function expected(grant: PermissionGrant, values: Record<string, string>): Statement {
  return normalise({ Sid: grant.sid, Effect: 'Allow', Action: [...grant.actions], Resource: grant.resources.map((r) => fill(r, values)), ...(grant.conditions === undefined ? {} : { Condition: grant.conditions }) });
}

/** The statements every function's role has: write its own log group, send traces. */
function baseline(json: CfnTemplate, fn: string): Statement[] {
  return [
    normalise({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `<${logicalId(json, 'AWS::Logs::LogGroup', `${fn}Logs`)}.Arn>` }),
    normalise({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' }),
  ];
}

function roleOf(json: CfnTemplate, fn: string): string {
  return logicalId(json, 'AWS::IAM::Role', `${fn}Role`);
}

const sortStatements = (s: readonly Statement[]) => [...s].map((x) => JSON.stringify(x)).sort();

describe('IAM: each function holds exactly what it uses', () => {
  it.each([
    { name: 'defaults', built: defaults, allow: false },
    { name: 'with the account CloudWatch role and Slack secrets', built: allOn, allow: true },
  ])('worker ($name): READ_PERMISSIONS + the remediation grants with their conditions + its table, queue, topic and secrets, and nothing else', ({ built, allow }) => {
    // Prepare
    const { json } = built;
    const cloudWatchRole = allow ? `<${logicalId(json, 'AWS::IAM::Role', 'ApiGatewayCloudWatchRole')}.Arn>` : undefined;
    const values = { ...PSEUDO, ...(cloudWatchRole === undefined ? {} : { CloudWatchRoleArn: cloudWatchRole }) };
    const table = logicalId(json, 'AWS::DynamoDB::Table', 'IncidentTable');
    const queue = logicalId(json, 'AWS::SQS::Queue', 'WorkQueue');
    const secrets = allow ? [`arn:aws:secretsmanager:us-east-1:123456789012:secret:apigw-doctor/slack-??????`, ALL_ON.slackBotTokenSecret] : [];
    const want = [
      ...baseline(json, 'Worker'),
      ...readGrants().map((g) => expected(g, values)),
      ...remediationGrants(allow).map((g) => expected(g, values)),
      normalise({ Sid: 'IncidentTableItems', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'], Resource: [`<${table}.Arn>`, `<${table}.Arn>/index/open-by-last-seen`] }),
      normalise({ Sid: 'PublishIncidents', Effect: 'Allow', Action: 'sns:Publish', Resource: `<${logicalId(json, 'AWS::SNS::Topic', 'Topic')}>` }),
      normalise({ Sid: 'EncryptForTheTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: `<${logicalId(json, 'AWS::KMS::Key', 'TopicKey')}.Arn>` }),
      ...secrets.map((s) => normalise({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: s })),
      normalise({ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: `<${queue}.Arn>` }),
    ];

    // Act
    const got = roleStatements(json, roleOf(json, 'Worker'));

    // Assess
    expect(sortStatements(got)).toEqual(sortStatements(want));
  });

  it('worker: the read actions are READ_PERMISSIONS exactly, and the write actions REMEDIATION_PERMISSIONS exactly (role allowed)', () => {
    // Prepare
    const got = roleStatements(allOn.json, roleOf(allOn.json, 'Worker'));
    const readSids = new Set(readGrants().map((g) => g.sid));
    const writeSids = new Set(REMEDIATION_PERMISSIONS.map((g) => g.sid));

    // Act
    const reads = got.filter((s) => s.Sid !== undefined && readSids.has(s.Sid)).flatMap((s) => s.Action);
    const writes = got.filter((s) => s.Sid !== undefined && writeSids.has(s.Sid));

    // Assess
    expect([...reads].sort()).toEqual([...READ_PERMISSIONS].sort());
    expect(writes.map((s) => s.Sid).sort()).toEqual(REMEDIATION_PERMISSIONS.map((g) => g.sid).sort());
    expect(writes.find((s) => s.Sid === 'AddInvokePermissionForApiGatewayOnOptedInFunctions')?.Condition).toEqual({
      StringEquals: { 'lambda:Principal': 'apigateway.amazonaws.com' },
      StringLike: { 'aws:ResourceTag/apigw-doctor:auto-remediate': ['true', '*add-invoke-permission*'] },
    });
  });

  it('worker: without allowSetAccountCloudWatchRole there is no PassRole, no account PATCH, no CloudWatch role', () => {
    // Prepare
    const got = roleStatements(defaults.json, roleOf(defaults.json, 'Worker'));

    // Act
    const actions = got.flatMap((s) => s.Action);
    const resources = got.flatMap((s) => s.Resource);

    // Assess
    expect(actions).not.toContain('iam:PassRole');
    expect(resources).not.toContain('arn:aws:apigateway:us-east-1::/account');
    expect(resourcesOf(defaults.json, 'AWS::IAM::Role').map(([id]) => id).filter((id) => id.startsWith('ApiGatewayCloudWatchRole'))).toEqual([]);
  });

  it('the account CloudWatch role (when allowed) is trusted by API Gateway and uses AmazonAPIGatewayPushToCloudWatchLogs; the worker gets its ARN', () => {
    // Prepare
    const id = logicalId(allOn.json, 'AWS::IAM::Role', 'ApiGatewayCloudWatchRole');
    const role = resolve(allOn.json.Resources[id]?.Properties) as Record<string, unknown>;
    const worker = resourcesOf(allOn.json, 'AWS::Lambda::Function').find(([fid]) => fid.startsWith('WorkerFunction'))?.[1];

    // Act
    const env = (resolve(worker?.['Environment']) as { Variables: Record<string, string> }).Variables;

    // Assess
    expect(role['ManagedPolicyArns']).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']);
    expect(JSON.stringify(role['AssumeRolePolicyDocument'])).toContain('apigateway.amazonaws.com');
    expect(env['CLOUDWATCH_ROLE_ARN']).toBe(`<${id}.Arn>`);
    expect(env['ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE']).toBe('true');
  });

  it.each(['LogIngest', 'AlarmIngest'])('%s: sqs:SendMessage on the work queue, its logs and traces, nothing else', (fn) => {
    // Prepare
    const { json } = defaults;
    const want = [...baseline(json, fn), normalise({ Sid: 'QueueWorkItems', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `<${logicalId(json, 'AWS::SQS::Queue', 'WorkQueue')}.Arn>` })];

    // Act / Assess
    expect(sortStatements(roleStatements(json, roleOf(json, fn)))).toEqual(sortStatements(want));
  });

  it('coverage: COVERAGE_PERMISSIONS (managed alarm prefix filled), publishing its weekly summary, its logs and traces, nothing else', () => {
    // Prepare
    const { json } = defaults;
    const values = { ...PSEUDO, ManagedAlarmPrefix: resourceNames('apigw-doctor').managedAlarmPrefix };
    const want = [
      ...baseline(json, 'Coverage'),
      ...COVERAGE_PERMISSIONS.map((g) => expected(g, values)),
      normalise({ Sid: 'PublishCoverageSummary', Effect: 'Allow', Action: 'sns:Publish', Resource: `<${logicalId(json, 'AWS::SNS::Topic', 'Topic')}>` }),
      normalise({ Sid: 'EncryptForTheTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: `<${logicalId(json, 'AWS::KMS::Key', 'TopicKey')}.Arn>` }),
    ];

    // Act / Assess
    expect(sortStatements(roleStatements(json, roleOf(json, 'Coverage')))).toEqual(sortStatements(want));
  });

  it.each([
    { name: 'defaults', built: defaults },
    { name: 'all on', built: allOn },
    { name: 'account mode', built: accountMode },
  ])('no "*" or "service:*" action in any Allow statement (IAM, key, queue or topic policy), and no write on a "*" resource ($name)', ({ built }) => {
    // Prepare: every statement of every policy document. Deny statements may be broad (enforceSSL denies sqs:* without TLS).
    const actions: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>;
        if (o['Effect'] === 'Allow') for (const k of ['Action', 'NotAction']) if (o[k] !== undefined) actions.push(...(Array.isArray(o[k]) ? (o[k] as unknown[]) : [o[k]]).map(String));
        Object.values(o).forEach(walk);
      }
    };
    walk(built.json.Resources);
    const star = FUNCTIONS.flatMap((fn) => roleStatements(built.json, roleOf(built.json, fn))).filter((s) => s.Resource.includes('*'));
    const readOrTelemetry = /^([a-z0-9-]+):(Get|Describe|List|Lookup|Filter|Simulate)[A-Za-z]*$|^xray:Put(TraceSegments|TelemetryRecords)$/;

    // Act
    const wildcards = actions.filter((a) => a === '*' || a.endsWith(':*'));
    const starWrites = star.flatMap((s) => s.Action).filter((a) => !readOrTelemetry.test(a));

    // Assess
    expect(actions.length).toBeGreaterThan(20);
    expect(wildcards).toEqual([]);
    expect(starWrites).toEqual([]);
  });

  it('log-ingest may be invoked by CloudWatch Logs of this account only', () => {
    // Act
    const permissions = resourcesOf(defaults.json, 'AWS::Lambda::Permission').map(([, p]) => resolve(p) as Record<string, string>);

    // Assess
    expect(permissions).toContainEqual(expect.objectContaining({
      Action: 'lambda:InvokeFunction',
      Principal: 'logs.amazonaws.com',
      SourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:*',
      SourceAccount: '123456789012',
      FunctionName: `<${logicalId(defaults.json, 'AWS::Lambda::Function', 'LogIngestFunction')}.Arn>`,
    }));
  });
});

describe('resources', () => {
  it.each(FUNCTIONS)('%s: nodejs24.x on arm64, X-Ray active, its own log group (30 days) and role', (fn) => {
    // Prepare
    const { json, template } = defaults;

    // Act
    const logs = logicalId(json, 'AWS::Logs::LogGroup', `${fn}Logs`);

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: logs }, LogFormat: 'JSON' },
      Role: { 'Fn::GetAtt': [roleOf(json, fn), 'Arn'] },
    });
    expect(json.Resources[logs]?.Properties?.['RetentionInDays']).toBe(30);
  });

  it('every log group has a retention (logRetentionDays applies)', () => {
    // Act
    const retentions = resourcesOf(synthStack({ logRetentionDays: '90' }).json, 'AWS::Logs::LogGroup').map(([, p]) => p['RetentionInDays']);

    // Assess
    expect(retentions).toEqual([90, 90, 90, 90]);
  }, 60_000);

  it('the incident table is incidentTableDefinition: keys, attributes, index, on-demand, PITR, TTL on expiration', () => {
    // Prepare
    const { input, timeToLiveAttribute } = incidentTableDefinition('x');
    const [, table] = resourcesOf(defaults.json, 'AWS::DynamoDB::Table')[0] ?? [];
    const sortBy = <T extends { AttributeName: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));

    // Act / Assess
    expect(table?.['KeySchema']).toEqual(input.KeySchema);
    expect(sortBy(table?.['AttributeDefinitions'] as { AttributeName: string }[])).toEqual(sortBy(input.AttributeDefinitions));
    expect(table?.['GlobalSecondaryIndexes']).toEqual(input.GlobalSecondaryIndexes);
    expect(table?.['BillingMode']).toBe(input.BillingMode);
    expect(table?.['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table?.['TimeToLiveSpecification']).toEqual({ AttributeName: timeToLiveAttribute, Enabled: true });
  });

  it('the queues: SSE, TLS only, the work queue redrives to its DLQ after 3 receives, the worker reports partial batch failures', () => {
    // Prepare
    const { json, template } = defaults;
    const queues = resourcesOf(json, 'AWS::SQS::Queue');

    // Act
    const policies = resourcesOf(json, 'AWS::SQS::QueuePolicy').map(([, p]) => JSON.stringify(p));

    // Assess
    expect(queues).toHaveLength(3);
    for (const [, q] of queues) expect(q['SqsManagedSseEnabled']).toBe(true);
    expect(policies.filter((p) => p.includes('"aws:SecureTransport":"false"'))).toHaveLength(3);
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(json, 'AWS::SQS::Queue', 'WorkDlq'), 'Arn'] }, maxReceiveCount: 3 }, VisibilityTimeout: 720 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10, FunctionName: { Ref: logicalId(json, 'AWS::Lambda::Function', 'WorkerFunction') } });
  });

  it('the topic: encrypted with a rotating customer key, TLS only, CloudWatch may publish; email subscriptions from alertEmails', () => {
    // Prepare
    const { json } = allOn;
    const key = logicalId(json, 'AWS::KMS::Key', 'TopicKey');

    // Act
    const topic = resourcesOf(json, 'AWS::SNS::Topic')[0]?.[1];
    const topicPolicy = JSON.stringify(resolve(resourcesOf(json, 'AWS::SNS::TopicPolicy')[0]?.[1]));
    const subscriptions = resourcesOf(json, 'AWS::SNS::Subscription').map(([, p]) => [p['Protocol'], p['Endpoint']]);

    // Assess
    expect(topic?.['KmsMasterKeyId']).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
    expect(json.Resources[key]?.Properties?.['EnableKeyRotation']).toBe(true);
    expect(topicPolicy).toContain('"aws:SecureTransport":"false"');
    expect(topicPolicy).toContain('cloudwatch.amazonaws.com');
    expect(subscriptions).toEqual([['email', 'oncall@example.com'], ['email', 'lead@example.com']]);
  });

  it('the rules carry the exported patterns exactly, and target alarm-ingest, coverage and the worker\'s quiet sweep with a DLQ', () => {
    // Prepare
    const { json } = defaults;
    const rules = resourcesOf(json, 'AWS::Events::Rule').map(([, p]) => resolve(p) as { EventPattern?: unknown; ScheduleExpression?: string; Targets: { Arn: string; DeadLetterConfig?: unknown }[] });
    const target = (fn: string) => `<${logicalId(json, 'AWS::Lambda::Function', `${fn}Function`)}.Arn>`;
    const dlq = `<${logicalId(json, 'AWS::SQS::Queue', 'EventsDlq')}.Arn>`;

    // Act
    const byPattern = rules.map((r) => [r.EventPattern ?? r.ScheduleExpression, r.Targets.map((t) => t.Arn), r.Targets.map((t) => t.DeadLetterConfig)]);

    // Assess
    expect(byPattern).toEqual([
      [alarmStateChangePattern('apigw-doctor-self-'), [target('AlarmIngest')], [{ Arn: dlq }]],
      [STAGE_CHANGE_PATTERN, [target('Coverage')], [{ Arn: dlq }]],
      [EXECUTION_LOG_GROUP_CREATED_PATTERN, [target('Coverage')], [{ Arn: dlq }]],
      ['rate(15 minutes)', [target('Coverage')], [{ Arn: dlq }]],
      ['rate(7 days)', [target('Coverage')], [{ Arn: dlq }]],
      ['rate(5 minutes)', [target('Worker')], [{ Arn: dlq }]],
    ]);
  });

  it('log-group mode has no account policy; account mode has one forwarding the combined pattern to log-ingest, never from its own groups', () => {
    // Prepare
    const { json } = accountMode;
    const own = FUNCTIONS.map((fn) => `"<${logicalId(json, 'AWS::Logs::LogGroup', `${fn}Logs`)}>"`).join(', ');

    // Act
    const policies = resourcesOf(json, 'AWS::Logs::AccountPolicy').map(([, p]) => resolve(p) as Record<string, string>);

    // Assess
    expect(resourcesOf(defaults.json, 'AWS::Logs::AccountPolicy')).toEqual([]);
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ PolicyName: 'apigw-doctor-failures', PolicyType: 'SUBSCRIPTION_FILTER_POLICY', Scope: 'ALL', SelectionCriteria: `LogGroupName NOT IN [${own}]` });
    expect(JSON.parse(policies[0]?.['PolicyDocument'] ?? '{}')).toEqual({ DestinationArn: `<${logicalId(json, 'AWS::Lambda::Function', 'LogIngestFunction')}.Arn>`, FilterPattern: ACCOUNT_POLICY_FILTER_PATTERN, Distribution: 'Random' });
  });

  it('self-monitoring: every alarm is named with the self prefix and notifies the topic', () => {
    // Prepare
    const { json } = defaults;
    const topic = `<${logicalId(json, 'AWS::SNS::Topic', 'Topic')}>`;

    // Act
    const alarms = resourcesOf(json, 'AWS::CloudWatch::Alarm').map(([, p]) => resolve(p) as { AlarmName: string; AlarmActions: string[] });

    // Assess
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual([
      'alarm-ingest-errors', 'alarm-ingest-throttles', 'coverage-errors', 'coverage-failures', 'coverage-heartbeat', 'coverage-throttles',
      'events-dlq-depth', 'log-ingest-errors', 'log-ingest-throttles', 'notifications-failed', 'work-dlq-depth', 'work-queue-age', 'worker-errors', 'worker-throttles',
    ].map((n) => `apigw-doctor-self-${n}`));
    for (const a of alarms) expect(a.AlarmActions).toEqual([topic]);
    defaults.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'apigw-doctor-self-coverage-heartbeat', MetricName: 'Heartbeat', Namespace: 'ApigwDoctor', ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    defaults.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('the parameters and their defaults', () => {
    // Act
    const params = defaults.json.Parameters ?? {};

    // Assess
    expect(Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'BootstrapVersion').map(([k, v]) => [k, v['Default']]))).toEqual({
      RemediationMode: 'dry-run',
      ExecutionLogLevel: 'ERROR',
      MaxActionsPerHour: 10,
      QuietPeriodMinutes: 30,
      IncludeTags: '',
      ExcludeTags: '',
      SnsChatbotFormat: 'false',
    });
    expect(params['RemediationMode']?.['AllowedValues']).toEqual(['off', 'dry-run', 'apply']);
  });
});

describe('environment', () => {
  /** The variables loadConfig reads (recorded through a proxy over an empty environment). */
  function variablesLoadConfigReads(): Set<string> {
    const seen = new Set<string>();
    const env = new Proxy({ AWS_REGION: 'us-east-1' } as Record<string, string | undefined>, {
      get(target, key: string) {
        seen.add(key);
        return target[key];
      },
    });
    loadConfig(env);
    return seen;
  }

  function envOf(json: CfnTemplate, fn: string): Record<string, string> {
    const props = resourcesOf(json, 'AWS::Lambda::Function').find(([id]) => id.startsWith(`${fn}Function`))?.[1];
    return (resolve(props?.['Environment']) as { Variables: Record<string, string> }).Variables;
  }

  it.each(FUNCTIONS)('%s: every variable is one the config reads (or Powertools/Node), none misspelled', (fn) => {
    // Prepare
    const known = variablesLoadConfigReads();

    // Act
    const unknown = Object.keys(envOf(allOn.json, fn)).filter((k) => !known.has(k) && !k.startsWith('POWERTOOLS_') && k !== 'NODE_OPTIONS');

    // Assess
    expect(unknown).toEqual([]);
  });

  it('the worker and coverage environments, with deployed values, pass loadConfig', () => {
    // Prepare: references resolved to what CloudFormation would give.
    const deployed = (env: Record<string, string>): Record<string, string> => ({
      AWS_REGION: 'us-east-1',
      ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v
        .replace('<RemediationMode>', 'dry-run').replace('<ExecutionLogLevel>', 'ERROR').replace('<MaxActionsPerHour>', '10').replace('<QuietPeriodMinutes>', '30')
        .replace('<SnsChatbotFormat>', 'false').replace('<IncludeTags>', '').replace('<ExcludeTags>', 'env=dev')
        .replace(/<ApiGatewayCloudWatchRole\w+\.Arn>/, 'arn:aws:iam::123456789012:role/apigw-doctor-ApiGatewayCloudWatchRole')
        .replace(/<LogIngestFunction\w+\.Arn>/, 'arn:aws:lambda:us-east-1:123456789012:function:apigw-doctor-LogIngestFunction')])),
    });

    // Act
    const worker = loadConfig(deployed(envOf(allOn.json, 'Worker')));
    const coverage = loadConfig(deployed(envOf(allOn.json, 'Coverage')));

    // Assess
    expect(worker).toMatchObject({ remediationMode: 'dry-run', setAccountCloudWatchRole: { allowed: true }, slack: { webhookSecret: 'apigw-doctor/slack', botTokenSecret: ALL_ON.slackBotTokenSecret, channel: 'C0123456789' } });
    expect(coverage.coverage).toMatchObject({ subscriptionMode: 'log-group', stackName: 'apigw-doctor', namePrefix: 'apigw-doctor', excludeTags: [{ key: 'env', value: 'dev' }] });
    expect(coverage.coverage.ownLogGroups).toHaveLength(4);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it.each<{ name: string; context: Record<string, string> }>([
    { name: 'defaults', context: {} },
    { name: 'all on', context: ALL_ON },
    { name: 'account mode, other prefix', context: { subscriptionMode: 'account', namePrefix: 'doctor' } },
  ])('passes with every finding fixed or acknowledged ($name)', ({ context }) => {
    // Prepare
    const { app } = buildStack(context, { nag: true });

    // Act / Assess
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('is live: an unacknowledged finding fails the synth', () => {
    // Prepare: a queue without a DLQ (AwsSolutions-SQS3, acknowledged only on the events DLQ itself).
    const { app, stack } = buildStack({}, { nag: true });
    new Queue(stack, 'Careless', { enforceSSL: true });

    // Act / Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  }, 60_000);
});

describe('StackSets', () => {
  it('with assetBucket the template needs no bootstrap stack: code from the per-Region bucket, no BootstrapVersion', () => {
    // Prepare
    const { json } = synthStack({ assetBucket: 'acme-apigw-doctor-${AWS::Region}' });

    // Act
    const buckets = resourcesOf(json, 'AWS::Lambda::Function').map(([, p]) => (p['Code'] as { S3Bucket: unknown }).S3Bucket);

    // Assess
    expect(buckets).toEqual(FUNCTIONS.map(() => ({ 'Fn::Sub': 'acme-apigw-doctor-${AWS::Region}' })));
    expect(Object.keys(json.Parameters ?? {})).not.toContain('BootstrapVersion');
    expect(Object.keys(defaults.json.Parameters ?? {})).toContain('BootstrapVersion');
  }, 60_000);
});

describe('Match sanity', () => {
  it('the alarm rule pattern excludes the self prefix of the configured name prefix', () => {
    // Prepare
    const { template } = synthStack({ namePrefix: 'doctor-eu' });

    // Act / Assess
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ detail: Match.objectLike({ alarmName: [{ 'anything-but': { prefix: 'doctor-eu-self-' } }] }) }) });
  }, 60_000);
});

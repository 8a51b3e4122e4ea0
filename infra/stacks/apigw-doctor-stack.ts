/**
 * The apigw-doctor stack, one per account and Region: four functions (log-ingest, alarm-ingest,
 * worker, coverage), the work queue and its dead-letter queue, the incident table, the KMS-encrypted
 * topic, the EventBridge rules, the self-monitoring alarms and the dashboard.
 *
 * Least privilege: each function has its own role holding only the statements built from what it
 * uses (infra/permissions.ts and the permission tables it imports); no statement has a `*` or
 * `service:*` action, and no write has a `*` resource. Remediation writes carry the ABAC conditions of
 * the action registry (`aws:ResourceTag/apigw-doctor:auto-remediate`), so even a bug in the worker
 * cannot change a resource its owner did not opt in.
 *
 * Behaviour settings are CloudFormation parameters (a StackSet can vary them per account); settings
 * that add or remove resources are synth-time context (infra/settings.ts).
 */
import { Aws, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule, type EventPattern as CdkEventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { AccountRootPrincipal, ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnAccountPolicy } from 'aws-cdk-lib/aws-logs';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { incidentTableDefinition, INCIDENT_TABLE } from '../../shared/adapters/aws/incident-table.ts';
import { COVERAGE_PERMISSIONS } from '../../shared/adapters/aws/coverage-operations.ts';
import { ACCOUNT_POLICY_FILTER_PATTERN } from '../../shared/domain/use-cases/reconcile-coverage.ts';
import {
  alarmStateChangePattern,
  COVERAGE_SWEEP_MINUTES,
  EXECUTION_LOG_GROUP_CREATED_PATTERN,
  resourceNames,
  STAGE_CHANGE_PATTERN,
  WEEKLY_SUMMARY_INPUT,
  type EventPattern,
  type ResourceNames,
} from '../../shared/events/eventbridge-patterns.ts';
import { DoctorFunction } from '../constructs/doctor-function.ts';
import { SelfMonitoring } from '../constructs/self-monitoring.ts';
import { CLOUDWATCH_ROLE_ACKNOWLEDGEMENT, EVENTS_DLQ_ACKNOWLEDGEMENT, nagAcknowledgements } from '../nag-acknowledgements.ts';
import { pseudoPlaceholders, readGrants, remediationGrants, statementsOf } from '../permissions.ts';
import { secretId, type DeploySettings, type SecretRef } from '../settings.ts';

/** The stack's props. */
export interface ApigwDoctorStackProps extends StackProps {
  readonly settings: DeploySettings;
}

/** Converts a raw EventBridge pattern (`detail-type`) to CDK's shape (`detailType`); anything unknown is a mistake. */
export function cdkEventPattern(raw: EventPattern): CdkEventPattern {
  const keys: Readonly<Record<string, keyof CdkEventPattern>> = {
    version: 'version',
    id: 'id',
    'detail-type': 'detailType',
    source: 'source',
    account: 'account',
    time: 'time',
    region: 'region',
    resources: 'resources',
    detail: 'detail',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const cdkKey = keys[key];
    if (cdkKey === undefined) throw new Error(`event pattern field ${key} has no CDK equivalent`);
    out[cdkKey] = value;
  }
  return out as CdkEventPattern;
}

/** The KMS admin actions the account keeps on the topic key (listed: the stack has no `kms:*` anywhere). */
const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];
/** What publishing to the encrypted topic takes (SNS encrypts with a data key the publisher may generate). */
const KEY_PUBLISH_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** The apigw-doctor stack. */
export class ApigwDoctorStack extends Stack {
  readonly names: ResourceNames;
  readonly functions: Readonly<Record<'log-ingest' | 'alarm-ingest' | 'worker' | 'coverage', DoctorFunction>>;
  readonly table: Table;
  readonly topic: Topic;
  readonly workQueue: Queue;
  readonly monitoring: SelfMonitoring;
  readonly cloudWatchRole: Role | null;

  constructor(scope: Construct, id: string, props: ApigwDoctorStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.names = resourceNames(settings.namePrefix);

    // --- Parameters: behaviour a deployment (or a StackSet per account) may vary ------------------
    const remediationMode = new CfnParameter(this, 'RemediationMode', {
      type: 'String',
      allowedValues: ['off', 'dry-run', 'apply'],
      default: 'dry-run',
      description: 'off: never act; dry-run: plan and report the exact call; apply: act where the owner tagged apigw-doctor:auto-remediate.',
    });
    const executionLogLevel = new CfnParameter(this, 'ExecutionLogLevel', { type: 'String', allowedValues: ['ERROR', 'INFO'], default: 'ERROR', description: 'Level enable-execution-logging sets on a stage.' });
    const maxActionsPerHour = new CfnParameter(this, 'MaxActionsPerHour', { type: 'Number', default: 10, minValue: 0, maxValue: 1000, description: 'At most this many automatic actions per hour in this account and Region.' });
    const quietPeriodMinutes = new CfnParameter(this, 'QuietPeriodMinutes', { type: 'Number', default: 30, minValue: 1, maxValue: 10080, description: 'Minutes without failures after which an incident is resolved.' });
    const includeTags = new CfnParameter(this, 'IncludeTags', { type: 'String', default: '', description: 'Comma list of key or key=value: when set, only stages or APIs with one of these tags are watched.' });
    const excludeTags = new CfnParameter(this, 'ExcludeTags', { type: 'String', default: '', description: 'Comma list of key or key=value: stages or APIs with one of these tags are not watched (apigw-doctor:monitor=false always is).' });
    const chatbotFormat = new CfnParameter(this, 'SnsChatbotFormat', { type: 'String', allowedValues: ['true', 'false'], default: 'false', description: 'Also publish the Amazon Q Developer in chat applications format on the topic.' });

    // --- Topic (KMS CMK with rotation) --------------------------------------------------------------
    const topicKey = new Key(this, 'TopicKey', {
      description: 'apigw-doctor: encrypts the incident and self-monitoring topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({ sid: 'AccountAdministersTheKey', principals: [new AccountRootPrincipal()], actions: KEY_ADMIN_ACTIONS, resources: ['*'] }),
          // Lets IAM policies of this account (the worker's) grant publishing; nothing else uses the key.
          new PolicyStatement({ sid: 'AccountMayDelegatePublishing', principals: [new AccountRootPrincipal()], actions: KEY_PUBLISH_ACTIONS, resources: ['*'] }),
          // CloudWatch publishes the self-monitoring alarms to the encrypted topic (the statement AWS documents for alarms on encrypted topics).
          new PolicyStatement({ sid: 'CloudWatchAlarmsPublish', principals: [new ServicePrincipal('cloudwatch.amazonaws.com')], actions: KEY_PUBLISH_ACTIONS, resources: ['*'] }),
        ],
      }),
    });
    this.topic = new Topic(this, 'Topic', { displayName: 'apigw-doctor', masterKey: topicKey, enforceSSL: true });
    // enforceSSL gives the topic its own policy, which replaces SNS's default one: allow the account's alarms explicitly.
    this.topic.addToResourcePolicy(new PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }));
    for (const email of settings.alertEmails) this.topic.addSubscription(new EmailSubscription(email));

    // --- Incident table (the one definition the adapter and the dynalite tests use) ----------------
    const definition = incidentTableDefinition('unused').input;
    const key = (i: number) => {
      const k = definition.KeySchema[i];
      if (k === undefined) throw new Error('incident table definition has no such key');
      return { name: k.AttributeName, type: AttributeType.STRING };
    };
    this.table = new Table(this, 'IncidentTable', {
      partitionKey: key(0),
      sortKey: key(1),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: INCIDENT_TABLE.timeToLiveAttribute,
      // Incidents and audit records are the record of what apigw-doctor changed: keep them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.GlobalSecondaryIndexes) {
      const [pk, sk] = index.KeySchema;
      if (pk === undefined || sk === undefined) throw new Error(`index ${index.IndexName} needs a partition and a sort key`);
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        partitionKey: { name: pk.AttributeName, type: AttributeType.STRING },
        sortKey: { name: sk.AttributeName, type: AttributeType.STRING },
        projectionType: ProjectionType.KEYS_ONLY,
      });
    }

    // --- Queues ------------------------------------------------------------------------------------
    const workDlq = new Queue(this, 'WorkDlq', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    // Longer than six worker timeouts, as Lambda's SQS guidance asks, so a slow batch is not redelivered mid-run.
    this.workQueue = new Queue(this, 'WorkQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(12),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: workDlq, maxReceiveCount: 3 },
    });
    const eventsDlq = new Queue(this, 'EventsDlq', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });

    // --- The account CloudWatch role (only when the worker may set it) ------------------------------
    this.cloudWatchRole = settings.allowSetAccountCloudWatchRole
      ? new Role(this, 'ApiGatewayCloudWatchRole', {
          assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
          description: 'The role API Gateway writes execution and access logs with (account setting), provided by apigw-doctor',
          managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
        })
      : null;

    // --- Slack secrets, by reference ----------------------------------------------------------------
    const secretOf = (refId: string, ref: SecretRef | null): ISecret | null => {
      if (ref === null) return null;
      return ref.kind === 'name' ? Secret.fromSecretNameV2(this, refId, ref.name) : Secret.fromSecretCompleteArn(this, refId, ref.arn);
    };
    const webhookSecret = secretOf('SlackWebhookSecret', settings.slackWebhookSecret);
    const botTokenSecret = secretOf('SlackBotTokenSecret', settings.slackBotTokenSecret);

    // --- Functions -----------------------------------------------------------------------------------
    const retention = settings.logRetention;
    const queueEnv = { WORK_QUEUE_URL: this.workQueue.queueUrl };
    const logIngest = new DoctorFunction(this, 'LogIngest', { name: 'log-ingest', description: 'apigw-doctor: API Gateway log failure lines → work items', timeout: Duration.seconds(30), memorySize: 256, environment: queueEnv, logRetention: retention });
    const alarmIngest = new DoctorFunction(this, 'AlarmIngest', { name: 'alarm-ingest', description: 'apigw-doctor: API Gateway 5xx alarm state changes → work items', timeout: Duration.seconds(30), memorySize: 256, environment: queueEnv, logRetention: retention });
    const worker = new DoctorFunction(this, 'Worker', {
      name: 'worker',
      description: 'apigw-doctor: investigate, decide, act, record, notify',
      timeout: Duration.minutes(2),
      memorySize: 512,
      logRetention: retention,
      environment: {
        REMEDIATION_MODE: remediationMode.valueAsString,
        EXECUTION_LOG_LEVEL: executionLogLevel.valueAsString,
        ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE: String(settings.allowSetAccountCloudWatchRole),
        ...(this.cloudWatchRole === null ? {} : { CLOUDWATCH_ROLE_ARN: this.cloudWatchRole.roleArn }),
        MAX_ACTIONS_PER_HOUR: maxActionsPerHour.valueAsString,
        QUIET_PERIOD_MINUTES: quietPeriodMinutes.valueAsString,
        INCIDENT_TABLE: this.table.tableName,
        TOPIC_ARN: this.topic.topicArn,
        SNS_CHATBOT_FORMAT: chatbotFormat.valueAsString,
        ...(settings.slackWebhookSecret === null ? {} : { SLACK_WEBHOOK_SECRET: secretId(settings.slackWebhookSecret) }),
        ...(settings.slackBotTokenSecret === null ? {} : { SLACK_BOT_TOKEN_SECRET: secretId(settings.slackBotTokenSecret) }),
        ...(settings.slackChannel === null ? {} : { SLACK_CHANNEL: settings.slackChannel }),
      },
    });
    const coverage = new DoctorFunction(this, 'Coverage', {
      name: 'coverage',
      description: 'apigw-doctor: keep every REST API stage subscribed and alarmed',
      timeout: Duration.minutes(5),
      memorySize: 256,
      logRetention: retention,
    });
    this.functions = { 'log-ingest': logIngest, 'alarm-ingest': alarmIngest, worker, coverage };
    const ownLogGroups = Object.values(this.functions).map((f) => f.logGroup.logGroupName);
    for (const [k, v] of Object.entries({
      SUBSCRIPTION_MODE: settings.subscriptionMode,
      LOG_INGEST_ARN: logIngest.function.functionArn,
      INCLUDE_TAGS: includeTags.valueAsString,
      EXCLUDE_TAGS: excludeTags.valueAsString,
      STACK_NAME: Aws.STACK_NAME,
      NAME_PREFIX: settings.namePrefix,
      OWN_LOG_GROUPS: ownLogGroups.join(','),
      TOPIC_ARN: this.topic.topicArn,
    })) coverage.function.addEnvironment(k, v);

    // --- Permissions ---------------------------------------------------------------------------------
    const pseudo = pseudoPlaceholders();
    for (const fn of [logIngest, alarmIngest]) {
      fn.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'QueueWorkItems', actions: ['sqs:SendMessage'], resources: [this.workQueue.queueArn] }));
    }
    for (const s of statementsOf(readGrants(), pseudo)) worker.role.addToPrincipalPolicy(s);
    const cloudWatchRoleArn = this.cloudWatchRole?.roleArn;
    for (const s of statementsOf(remediationGrants(settings.allowSetAccountCloudWatchRole), { ...pseudo, ...(cloudWatchRoleArn === undefined ? {} : { CloudWatchRoleArn: cloudWatchRoleArn }) })) worker.role.addToPrincipalPolicy(s);
    worker.role.addToPrincipalPolicy(new PolicyStatement({
      sid: 'IncidentTableItems',
      // What the incident store and Powertools idempotency call; no scans, no batch or table-level writes.
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      resources: [this.table.tableArn, `${this.table.tableArn}/index/${INCIDENT_TABLE.openIndex}`],
    }));
    worker.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'PublishIncidents', actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    worker.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'EncryptForTheTopic', actions: KEY_PUBLISH_ACTIONS, resources: [topicKey.keyArn] }));
    // The weekly coverage summary goes to the same topic.
    coverage.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'PublishCoverageSummary', actions: ['sns:Publish'], resources: [this.topic.topicArn] }));
    coverage.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'EncryptForTheTopic', actions: KEY_PUBLISH_ACTIONS, resources: [topicKey.keyArn] }));
    for (const secret of [webhookSecret, botTokenSecret]) secret?.grantRead(worker.role);
    worker.function.addEventSource(new SqsEventSource(this.workQueue, { batchSize: 10, reportBatchItemFailures: true, maxBatchingWindow: Duration.seconds(5) }));
    for (const s of statementsOf(COVERAGE_PERMISSIONS, { ...pseudo, ManagedAlarmPrefix: this.names.managedAlarmPrefix })) coverage.role.addToPrincipalPolicy(s);

    // CloudWatch Logs delivers the subscription batches to log-ingest (per-group filters or the account policy).
    const logsPermission = 'FromCloudWatchLogs';
    logIngest.function.addPermission(logsPermission, {
      principal: new ServicePrincipal('logs.amazonaws.com'),
      sourceArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
      sourceAccount: Aws.ACCOUNT_ID,
    });

    // --- Account-level subscription policy (account mode) --------------------------------------------
    if (settings.subscriptionMode === 'account') {
      const policy = new CfnAccountPolicy(this, 'SubscriptionPolicy', {
        policyName: this.names.accountPolicyName,
        policyType: 'SUBSCRIPTION_FILTER_POLICY',
        scope: 'ALL',
        policyDocument: this.toJsonString({ DestinationArn: logIngest.function.functionArn, FilterPattern: ACCOUNT_POLICY_FILTER_PATTERN, Distribution: 'Random' }),
        // Never the stack's own log groups: log-ingest's own lines must not feed log-ingest.
        selectionCriteria: `LogGroupName NOT IN [${ownLogGroups.map((g) => `"${g}"`).join(', ')}]`,
      });
      const permission = logIngest.function.permissionsNode.tryFindChild(logsPermission);
      if (permission !== undefined) policy.node.addDependency(permission);
    }

    // --- Rules ---------------------------------------------------------------------------------------
    const target = (fn: DoctorFunction, event?: RuleTargetInput) => new LambdaFunction(fn.function, { deadLetterQueue: eventsDlq, retryAttempts: 4, maxEventAge: Duration.hours(2), ...(event === undefined ? {} : { event }) });
    new Rule(this, 'AlarmStateChangeRule', {
      description: 'apigw-doctor: API Gateway 5xx alarms (single metric, metric math, composite) → alarm-ingest; never the self-monitoring alarms',
      eventPattern: cdkEventPattern(alarmStateChangePattern(this.names.selfAlarmPrefix)),
      targets: [target(alarmIngest)],
    });
    new Rule(this, 'StageChangeRule', {
      description: 'apigw-doctor: CloudTrail CreateStage / UpdateStage / CreateDeployment / DeleteStage → coverage (that API)',
      eventPattern: cdkEventPattern(STAGE_CHANGE_PATTERN),
      targets: [target(coverage)],
    });
    new Rule(this, 'ExecutionLogGroupCreatedRule', {
      description: 'apigw-doctor: CloudTrail CreateLogGroup of an execution log group → coverage (that API)',
      eventPattern: cdkEventPattern(EXECUTION_LOG_GROUP_CREATED_PATTERN),
      targets: [target(coverage)],
    });
    new Rule(this, 'CoverageSweepRule', {
      description: `apigw-doctor: full coverage sweep every ${COVERAGE_SWEEP_MINUTES} minutes (backstop for missed CloudTrail events, heartbeat)`,
      schedule: Schedule.rate(Duration.minutes(COVERAGE_SWEEP_MINUTES)),
      targets: [target(coverage)],
    });
    new Rule(this, 'WeeklyCoverageSummaryRule', {
      description: 'apigw-doctor: a full coverage run that also publishes the weekly coverage summary to the topic',
      schedule: Schedule.rate(Duration.days(7)),
      targets: [target(coverage, RuleTargetInput.fromObject(WEEKLY_SUMMARY_INPUT))],
    });
    new Rule(this, 'QuietSweepRule', {
      description: 'apigw-doctor: resolve incidents with no failure for the quiet period (worker sweep, one "resolved" message each)',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [target(worker)],
    });

    // --- Self-monitoring -------------------------------------------------------------------------------
    this.monitoring = new SelfMonitoring(this, 'SelfMonitoring', {
      selfAlarmPrefix: this.names.selfAlarmPrefix,
      topic: this.topic,
      functions: this.functions,
      workQueue: this.workQueue,
      workDlq,
      eventsDlq,
      sweepMinutes: COVERAGE_SWEEP_MINUTES,
    });

    // --- cdk-nag acknowledgements (each with its reason; see nag-acknowledgements.ts) -----------------
    Validations.of(this).acknowledge(...nagAcknowledgements(this.names));
    Validations.of(eventsDlq).acknowledge(EVENTS_DLQ_ACKNOWLEDGEMENT);
    if (this.cloudWatchRole !== null) Validations.of(this.cloudWatchRole).acknowledge(CLOUDWATCH_ROLE_ACKNOWLEDGEMENT);

    new CfnOutput(this, 'TopicArn', { value: this.topic.topicArn, description: 'Subscribe people or Amazon Q Developer in chat applications here' });
    new CfnOutput(this, 'LogIngestFunctionArn', { value: logIngest.function.functionArn, description: 'Destination of the subscription filters' });
    new CfnOutput(this, 'WorkQueueUrl', { value: this.workQueue.queueUrl });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'SubscriptionMode', { value: settings.subscriptionMode, description: 'How failure lines reach log-ingest: log-group (per-stage filters) or account (account-level policy)' });
  }
}

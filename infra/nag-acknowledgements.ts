/**
 * The cdk-nag (AwsSolutions) findings the stack acknowledges, each with the exact id cdk-nag v3
 * reports and why it is acceptable. Everything else is fixed instead (own roles instead of
 * AWSLambdaBasicExecutionRole, nodejs24.x, DLQs, SSL, KMS rotation, PITR, explicit KMS actions instead
 * of `kms:GenerateDataKey*`). The tests keep the wildcards honest: no `*` resource carries a write,
 * and the worker's and coverage function's statements equal the declared permission tables.
 */
import type { Acknowledgment } from 'aws-cdk-lib';
import type { ResourceNames } from '../shared/events/eventbridge-patterns.ts';

const IAM5 = (resource: string): string => `AwsSolutions-IAM5[Resource::${resource}]`;

/** Every acknowledged finding, for a stack with these names. */
export function nagAcknowledgements(names: ResourceNames): Acknowledgment[] {
  return [
    {
      id: IAM5('*'),
      reason:
        'Only actions without resource-level permissions: X-Ray PutTraceSegments/PutTelemetryRecords (active tracing, every function) and the worker reads EC2/ELB Describe*, CloudTrail LookupEvents and CloudWatch GetMetricData. All are reads or telemetry; a test asserts no write has a * resource.',
    },
    {
      id: IAM5('arn:<AWS::Partition>:apigateway:<AWS::Region>::/*'),
      reason: 'The worker diagnoses any API in this Region: apigateway:GET (read only) on every API Gateway resource path of the Region.',
    },
    {
      id: IAM5('arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:*'),
      reason:
        'The failing integration may be any function of the account: reads (GetPolicy, GetFunctionConfiguration, ...) and lambda:AddPermission, which is conditioned on lambda:Principal=apigateway.amazonaws.com and the aws:ResourceTag/apigw-doctor:auto-remediate opt-in tag (ABAC).',
    },
    {
      id: IAM5('arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*'),
      reason:
        'Execution log groups are per API and stage, access log groups and the functions\' own (custom LoggingConfig.LogGroup) groups have any name their owner chose: the worker reads (FilterLogEvents) them, the coverage function reads and manages subscription filters on them, and only ever writes or deletes its own filter name.',
    },
    {
      id: IAM5('arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*'),
      reason: 'The worker reads (GetRole, SimulatePrincipalPolicy) the integration and authorizer roles the failing API uses, which can be any role of the account. Read only.',
    },
    {
      id: IAM5('arn:<AWS::Partition>:apigateway:<AWS::Region>::/restapis/*/stages/*'),
      reason: 'enable-execution-logging patches the failing stage (apigateway:PATCH), conditioned on the aws:ResourceTag/apigw-doctor:auto-remediate opt-in tag (ABAC), so only opted-in stages can change.',
    },
    {
      id: IAM5('arn:<AWS::Partition>:apigateway:<AWS::Region>::/restapis/*'),
      reason: 'The coverage function lists every REST API and its stages (apigateway:GET, read only).',
    },
    {
      id: IAM5('arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:*'),
      reason: 'The coverage function lists its managed alarms (cloudwatch:DescribeAlarms, read only); its alarm writes are limited to its own name prefix.',
    },
    {
      id: IAM5(`arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:${names.managedAlarmPrefix}*`),
      reason: `The coverage function creates and deletes one 5XXError alarm per stage; the wildcard is the stage part of the name and writes are limited to the ${names.managedAlarmPrefix} prefix.`,
    },
  ];
}

/** Acknowledged on the EventBridge targets' dead-letter queue only. */
export const EVENTS_DLQ_ACKNOWLEDGEMENT: Acknowledgment = {
  id: 'AwsSolutions-SQS3',
  reason: "This queue is the EventBridge targets' dead-letter queue itself (cdk-nag only recognises SQS redrive); a DLQ for a DLQ only moves the problem, so its depth is alarmed instead.",
};

/** Acknowledged on the API Gateway CloudWatch role only (it exists with allowSetAccountCloudWatchRole). */
export const CLOUDWATCH_ROLE_ACKNOWLEDGEMENT: Acknowledgment = {
  id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
  reason: 'The account-level role API Gateway writes every execution and access log with: AWS documents this managed policy for it, and API Gateway creates log groups of any name.',
};

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, required } from '../../shared/config.ts';

describe('loadConfig', () => {
  it('gives the documented defaults for a bare Lambda environment', () => {
    // Act
    const config = loadConfig({ AWS_REGION: 'eu-west-1' });
    // Assess
    expect(config).toEqual({
      region: 'eu-west-1',
      remediationMode: 'dry-run',
      executionLogLevel: 'ERROR',
      setAccountCloudWatchRole: { allowed: false },
      maxActionsPerHour: 10,
      quietPeriodMinutes: 30,
      incidentTable: null,
      workQueueUrl: null,
      topicArn: null,
      slack: { webhookSecret: null, botTokenSecret: null, channel: null },
      chatbotFormat: false,
      coverage: {
        subscriptionMode: 'log-group',
        logIngestArn: null,
        includeTags: [],
        excludeTags: [],
        stackName: null,
        namePrefix: 'apigw-doctor',
        ownLogGroups: [],
      },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      AWS_REGION: 'us-east-1',
      REMEDIATION_MODE: 'apply',
      EXECUTION_LOG_LEVEL: 'INFO',
      ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE: 'true',
      CLOUDWATCH_ROLE_ARN: 'arn:aws:iam::123456789012:role/apigw-doctor-cloudwatch',
      MAX_ACTIONS_PER_HOUR: '3',
      QUIET_PERIOD_MINUTES: '15',
      INCIDENT_TABLE: 't',
      WORK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
      SLACK_WEBHOOK_SECRET: 'apigw-doctor/slack-webhook',
      SLACK_BOT_TOKEN_SECRET: 'apigw-doctor/slack-bot',
      SLACK_CHANNEL: 'C123',
      SNS_CHATBOT_FORMAT: 'true',
    });
    expect(config.remediationMode).toBe('apply');
    expect(config.setAccountCloudWatchRole).toEqual({ allowed: true, roleArn: 'arn:aws:iam::123456789012:role/apigw-doctor-cloudwatch' });
    expect(config.maxActionsPerHour).toBe(3);
    expect(config.slack).toEqual({ webhookSecret: 'apigw-doctor/slack-webhook', botTokenSecret: 'apigw-doctor/slack-bot', channel: 'C123' });
    expect(config.chatbotFormat).toBe(true);
  });

  it('names every bad setting at once', () => {
    // Act
    const attempt = (): unknown =>
      loadConfig({ REMEDIATION_MODE: 'yes', MAX_ACTIONS_PER_HOUR: '-1', ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE: 'true', SLACK_BOT_TOKEN_SECRET: 's' });
    // Assess
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'AWS_REGION is not set (the Lambda runtime always sets it)',
        "REMEDIATION_MODE must be one of off, dry-run, apply (got 'yes')",
        'ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE is true but CLOUDWATCH_ROLE_ARN (the role the stack provides) is not set',
        'SLACK_BOT_TOKEN_SECRET is set but SLACK_CHANNEL (where the bot posts) is not',
        "MAX_ACTIONS_PER_HOUR must be a whole number from 0 to 1000 (got '-1')",
      ]);
    }
  });

  it('refuses a role ARN that is not one', () => {
    expect(() => loadConfig({ AWS_REGION: 'us-east-1', CLOUDWATCH_ROLE_ARN: 'my-role' })).toThrow(/CLOUDWATCH_ROLE_ARN must be an IAM role ARN/);
  });

  it('required() names the missing variable and why it is needed', () => {
    expect(required('t', 'INCIDENT_TABLE', 'the worker stores incidents')).toBe('t');
    expect(() => required(null, 'INCIDENT_TABLE', 'the worker stores incidents')).toThrow('INCIDENT_TABLE is not set: the worker stores incidents');
  });

  it('reads the coverage settings: mode, destination, tag lists, stack name, prefix and own log groups', () => {
    // Act
    const config = loadConfig({
      AWS_REGION: 'eu-west-1',
      SUBSCRIPTION_MODE: 'account',
      LOG_INGEST_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:apigw-doctor-LogIngest1A2B3C',
      INCLUDE_TAGS: ' team=payments , monitored ',
      EXCLUDE_TAGS: 'env=dev,,sandbox',
      STACK_NAME: 'apigw-doctor',
      NAME_PREFIX: 'doctor-eu',
      OWN_LOG_GROUPS: '/aws/lambda/a, /aws/lambda/b',
    });

    // Assess
    expect(config.coverage).toEqual({
      subscriptionMode: 'account',
      logIngestArn: 'arn:aws:lambda:eu-west-1:123456789012:function:apigw-doctor-LogIngest1A2B3C',
      includeTags: [{ key: 'team', value: 'payments' }, { key: 'monitored', value: null }],
      excludeTags: [{ key: 'env', value: 'dev' }, { key: 'sandbox', value: null }],
      stackName: 'apigw-doctor',
      namePrefix: 'doctor-eu',
      ownLogGroups: ['/aws/lambda/a', '/aws/lambda/b'],
    });
  });

  it('keeps an empty tag value as a value (key= matches the tag set to the empty string)', () => {
    // Act
    const config = loadConfig({ AWS_REGION: 'eu-west-1', EXCLUDE_TAGS: 'retired=' });

    // Assess
    expect(config.coverage.excludeTags).toEqual([{ key: 'retired', value: '' }]);
  });

  it('names every bad coverage setting at once', () => {
    // Prepare
    const env = { AWS_REGION: 'eu-west-1', SUBSCRIPTION_MODE: 'everywhere', LOG_INGEST_ARN: 'log-ingest', INCLUDE_TAGS: '=x', NAME_PREFIX: '9lives' };

    // Act
    let problems: readonly string[] = [];
    try {
      loadConfig(env);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }

    // Assess
    expect(problems).toEqual([
      "LOG_INGEST_ARN must be a Lambda function ARN (got 'log-ingest')",
      "NAME_PREFIX must be a letter then up to 39 letters, digits or dashes (got '9lives')",
      "SUBSCRIPTION_MODE must be one of log-group, account (got 'everywhere')",
      "INCLUDE_TAGS has an entry with no tag key ('=x'): use key or key=value",
    ]);
  });
});

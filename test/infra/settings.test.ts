import { describe, expect, it } from 'vitest';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { deploySettings, DeploySettingsError, secretId } from '../../infra/settings.ts';

const reader = (context: Record<string, unknown>) => (key: string) => context[key];

describe('deploySettings', () => {
  it('has the documented defaults with no context', () => {
    // Act
    const settings = deploySettings(reader({}));

    // Assess
    expect(settings).toEqual({
      namePrefix: 'apigw-doctor',
      slackWebhookSecret: null,
      slackBotTokenSecret: null,
      slackChannel: null,
      alertEmails: [],
      allowSetAccountCloudWatchRole: false,
      subscriptionMode: 'log-group',
      logRetention: RetentionDays.ONE_MONTH,
      assetBucket: null,
    });
  });

  it('reads every setting, secrets by name or complete ARN, emails from -c (a string) or cdk.json (a list)', () => {
    // Act
    const fromCli = deploySettings(reader({
      namePrefix: 'doctor',
      slackWebhookSecret: 'apigw-doctor/slack',
      slackBotTokenSecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apigw-doctor/bot-AbCdEf',
      slackChannel: 'C0123',
      alertEmails: 'a@example.com, b@example.com',
      allowSetAccountCloudWatchRole: 'true',
      subscriptionMode: 'account',
      logRetentionDays: '90',
    }));
    const fromJson = deploySettings(reader({ alertEmails: ['c@example.com'], allowSetAccountCloudWatchRole: true }));

    // Assess
    expect(fromCli).toEqual({
      namePrefix: 'doctor',
      slackWebhookSecret: { kind: 'name', name: 'apigw-doctor/slack' },
      slackBotTokenSecret: { kind: 'arn', arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apigw-doctor/bot-AbCdEf' },
      slackChannel: 'C0123',
      alertEmails: ['a@example.com', 'b@example.com'],
      allowSetAccountCloudWatchRole: true,
      subscriptionMode: 'account',
      logRetention: RetentionDays.THREE_MONTHS,
      assetBucket: null,
    });
    expect(fromJson.alertEmails).toEqual(['c@example.com']);
    expect(fromJson.allowSetAccountCloudWatchRole).toBe(true);
    expect(fromCli.slackWebhookSecret && secretId(fromCli.slackWebhookSecret)).toBe('apigw-doctor/slack');
  });

  it('names every bad value at once', () => {
    // Prepare
    const context = {
      namePrefix: '-bad',
      slackWebhookSecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:partial',
      slackBotTokenSecret: 'apigw-doctor/bot',
      alertEmails: 'oncall',
      allowSetAccountCloudWatchRole: 'yes',
      subscriptionMode: 'both',
      logRetentionDays: '31',
      assetBucket: 'My_Bucket',
    };

    // Act
    let message = '';
    try {
      deploySettings(reader(context));
    } catch (error) {
      expect(error).toBeInstanceOf(DeploySettingsError);
      message = (error as Error).message;
    }

    // Assess
    expect(message.split('\n')).toEqual([
      'invalid stack context:',
      "- namePrefix must be a letter then up to 39 letters, digits or dashes (got '-bad')",
      "- slackWebhookSecret: a secret ARN must be the complete ARN, with the 6-character suffix (got 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:partial')",
      '- slackBotTokenSecret needs slackChannel (the channel id the bot posts to)',
      "- alertEmails: 'oncall' is not an email address",
      "- subscriptionMode must be log-group or account (got 'both')",
      "- assetBucket must be an S3 bucket name, optionally with ${AWS::Region} in it (got 'My_Bucket')",
      "- logRetentionDays must be one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90, ...) (got '31')",
      "- allowSetAccountCloudWatchRole must be true or false (got 'yes')",
    ]);
  });
});

import 'aws-sdk-client-mock-vitest/extend';
import { AuthorizationErrorException, InvalidParameterException, PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnsClient, createSnsNotifier } from '../../../../shared/adapters/aws/sns-notifier.ts';
import { renderSlackCard } from '../../../../shared/domain/render/slack-card.ts';
import { renderSnsMessage } from '../../../../shared/domain/render/sns-message.ts';
import { permissionLostReport } from '../../domain/render/incident-fixture.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:apigw-doctor';
const sns = mockClient(SNSClient);

afterEach(() => {
  sns.reset();
});

describe('createSnsNotifier', () => {
  it('publishes the subject, the JSON message and String message attributes to the topic', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const message = renderSnsMessage((await permissionLostReport()).report);
    const notifier = createSnsNotifier({ client: createSnsClient('us-east-1'), topicArn: TOPIC });

    // Act
    const result = await notifier.deliver({ channel: 'sns', ...message }, null);

    // Assess
    expect(result).toStrictEqual({ ok: true, value: { thread: null } });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toStrictEqual({
      TopicArn: TOPIC,
      Subject: message.subject,
      Message: message.message,
      MessageAttributes: {
        cause: { DataType: 'String', StringValue: 'missing_invoke_permission' },
        severity: { DataType: 'String', StringValue: 'low' },
        api: { DataType: 'String', StringValue: 'k7m2p9q4rx' },
        stage: { DataType: 'String', StringValue: 'prod' },
        action: { DataType: 'String', StringValue: 'add-invoke-permission' },
        kind: { DataType: 'String', StringValue: 'new' },
      },
    });
  });

  it.each([
    ['AuthorizationError', new AuthorizationErrorException({ message: 'not authorized to publish', $metadata: {} }), 'misconfigured'],
    ['InvalidParameter', new InvalidParameterException({ message: 'Invalid parameter: Subject', $metadata: {} }), 'rejected'],
    ['Throttled (after the SDK’s retries)', new ThrottledException({ message: 'Rate exceeded', $metadata: {} }), 'throttled'],
    ['a network error', Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' }), 'unreachable'],
  ])('returns %s as a failure value instead of throwing', async (_case, error, kind) => {
    // Prepare
    sns.on(PublishCommand).rejects(error);
    const message = renderSnsMessage((await permissionLostReport()).report);
    const notifier = createSnsNotifier({ client: new SNSClient({ region: 'us-east-1', maxAttempts: 1 }), topicArn: TOPIC });

    // Act
    const result = await notifier.deliver({ channel: 'sns', ...message }, null);

    // Assess
    expect(result.ok ? null : result.error.kind).toBe(kind);
    expect(result.ok ? '' : result.error.message).toContain(error.message);
  });

  it('refuses a Slack notification without publishing', async () => {
    // Prepare
    const notifier = createSnsNotifier({ client: new SNSClient({ region: 'us-east-1' }), topicArn: TOPIC });
    const card = renderSlackCard((await permissionLostReport()).report);

    // Act
    const result = await notifier.deliver({ channel: 'slack', payload: card }, null);

    // Assess
    expect(result.ok ? null : result.error.kind).toBe('misconfigured');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});

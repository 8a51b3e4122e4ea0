import 'aws-sdk-client-mock-vitest/extend';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackSecretError, resolveCredential, slackSecret } from '../../../../shared/adapters/slack/slack-secret.ts';

const secrets = mockClient(SecretsManagerClient);

afterEach(() => {
  secrets.reset();
});

function provider(): SecretsProvider {
  return new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient({ region: 'us-east-1' }) });
}

describe('slackSecret', () => {
  it('reads a JSON field and reuses it within maxAge (one GetSecretValue for two reads)', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ webhookUrl: 'https://hooks.slack.com/services/T1/B1/abc', botToken: 'xoxb-1' }) });
    const read = slackSecret({ secretName: 'apigw-doctor/slack', field: 'webhookUrl', maxAgeSeconds: 300, provider: provider() });

    // Act
    const values = [await read(), await read()];

    // Assess
    expect(values).toStrictEqual(['https://hooks.slack.com/services/T1/B1/abc', 'https://hooks.slack.com/services/T1/B1/abc']);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: 'apigw-doctor/slack' });
  });

  it('reads a plain string secret whole', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '  https://hooks.slack.com/services/T1/B1/abc\n' });

    // Act
    const value = await resolveCredential(slackSecret({ secretName: 's', provider: provider() }));

    // Assess
    expect(value).toBe('https://hooks.slack.com/services/T1/B1/abc');
  });

  it.each([
    ['the secret does not exist', () => secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'no such secret', $metadata: {} })), 'cannot read secret s: ResourceNotFoundException'],
    ['the field is missing', () => secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"botToken":"xoxb-1"}' }), 'secret s has no string field webhookUrl'],
    ['the secret is not JSON', () => secrets.on(GetSecretValueCommand).resolves({ SecretString: 'https://hooks.slack.com/x' }), 'secret s is not JSON, so it has no field webhookUrl'],
  ])('throws a SlackSecretError when %s', async (_case, arrange, message) => {
    // Prepare
    arrange();
    const read = slackSecret({ secretName: 's', field: 'webhookUrl', provider: provider() });

    // Act
    const failure = await read().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SlackSecretError);
    expect((failure as Error).message).toBe(message);
  });
});

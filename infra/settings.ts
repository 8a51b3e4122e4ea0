/**
 * The synth-time settings of the stack, from CDK context (`-c key=value` or cdk.json "context").
 * These change which resources exist (a secret reference, a role, an account policy, email
 * subscriptions), so they are decided at synth time; everything that only changes a function's
 * behaviour is a CloudFormation parameter instead (see the stack), so a StackSet can vary it per
 * account without a new template. Every problem is reported at once.
 */
import { CliCredentialsStackSynthesizer } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_NAME_PREFIX } from '../shared/events/eventbridge-patterns.ts';
import type { SubscriptionMode } from '../shared/domain/use-cases/reconcile-coverage.ts';

/** A Secrets Manager secret, by name or by complete ARN. */
export type SecretRef = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'arn'; readonly arn: string };

/** Everything the stack is synthesized with. */
export interface DeploySettings {
  /** `namePrefix` (default apigw-doctor): alarms, the subscription filter and the account policy are named with it. */
  readonly namePrefix: string;
  /** `slackWebhookSecret`: name or ARN of the secret holding the incoming-webhook URL. */
  readonly slackWebhookSecret: SecretRef | null;
  /** `slackBotTokenSecret` + `slackChannel`: a bot token (threads replies) and the channel it posts to. */
  readonly slackBotTokenSecret: SecretRef | null;
  readonly slackChannel: string | null;
  /** `alertEmails`: comma list of addresses subscribed to the topic (each confirms by mail). */
  readonly alertEmails: readonly string[];
  /** `allowSetAccountCloudWatchRole` (default false): the stack provides the API Gateway CloudWatch role and the worker may set it. */
  readonly allowSetAccountCloudWatchRole: boolean;
  /** `subscriptionMode`: log-group (default) | account. */
  readonly subscriptionMode: SubscriptionMode;
  /** `logRetentionDays` (default 30) of every function log group. */
  readonly logRetention: RetentionDays;
  /**
   * `assetBucket`: for StackSets, the per-Region bucket the function code is published to and every
   * member account reads from (`${AWS::Region}` is replaced per Region), instead of each account's CDK
   * bootstrap bucket. Null: the default synthesizer (`cdk bootstrap` + `cdk deploy` per account).
   */
  readonly assetBucket: string | null;
}

/** Thrown with every bad context value, one per line. */
export class DeploySettingsError extends Error {
  override readonly name = 'DeploySettingsError';
}

/** Reads a context value as CDK gives it (strings from `-c`, any JSON from cdk.json). */
export type ContextReader = (key: string) => unknown;

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

/** The settings from context; throws {@link DeploySettingsError} naming every bad value. */
export function deploySettings(context: ContextReader): DeploySettings {
  const problems: string[] = [];
  const text = (key: string): string | null => {
    const value = context(key);
    if (value === undefined || value === null) return null;
    const s = String(value).trim();
    return s === '' ? null : s;
  };
  const secret = (key: string): SecretRef | null => {
    const value = text(key);
    if (value === null) return null;
    if (value.startsWith('arn:')) {
      if (SECRET_ARN.test(value)) return { kind: 'arn', arn: value };
      problems.push(`${key}: a secret ARN must be the complete ARN, with the 6-character suffix (got '${value}')`);
      return null;
    }
    if (SECRET_NAME.test(value)) return { kind: 'name', name: value };
    problems.push(`${key}: '${value}' is not a secret name`);
    return null;
  };
  const flag = (key: string): boolean => {
    const value = text(key);
    if (value === null || value === 'false') return false;
    if (value === 'true') return true;
    problems.push(`${key} must be true or false (got '${value}')`);
    return false;
  };

  const namePrefix = text('namePrefix') ?? DEFAULT_NAME_PREFIX;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(namePrefix)) problems.push(`namePrefix must be a letter then up to 39 letters, digits or dashes (got '${namePrefix}')`);
  const slackWebhookSecret = secret('slackWebhookSecret');
  const slackBotTokenSecret = secret('slackBotTokenSecret');
  const slackChannel = text('slackChannel');
  if (slackBotTokenSecret !== null && slackChannel === null) problems.push('slackBotTokenSecret needs slackChannel (the channel id the bot posts to)');
  const emailList = context('alertEmails');
  const alertEmails = (Array.isArray(emailList) ? emailList.map(String) : (text('alertEmails') ?? '').split(',')).map((e) => e.trim()).filter((e) => e !== '');
  for (const e of alertEmails) if (!EMAIL.test(e)) problems.push(`alertEmails: '${e}' is not an email address`);
  const mode = text('subscriptionMode') ?? 'log-group';
  if (mode !== 'log-group' && mode !== 'account') problems.push(`subscriptionMode must be log-group or account (got '${mode}')`);
  const assetBucket = text('assetBucket');
  if (assetBucket !== null && !/^[a-z0-9][a-z0-9.-]*(\$\{AWS::Region\}[a-z0-9.-]*)?$/.test(assetBucket)) problems.push(`assetBucket must be an S3 bucket name, optionally with \${AWS::Region} in it (got '${assetBucket}')`);
  const days = Number(text('logRetentionDays') ?? '30');
  const retention = (Object.values(RetentionDays) as unknown[]).find((d) => d === days) as RetentionDays | undefined;
  if (retention === undefined || retention === RetentionDays.INFINITE) problems.push(`logRetentionDays must be one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90, ...) (got '${text('logRetentionDays') ?? ''}')`);
  const settings: DeploySettings = {
    namePrefix,
    slackWebhookSecret,
    slackBotTokenSecret,
    slackChannel,
    alertEmails,
    allowSetAccountCloudWatchRole: flag('allowSetAccountCloudWatchRole'),
    subscriptionMode: mode === 'account' ? 'account' : 'log-group',
    logRetention: retention ?? RetentionDays.ONE_MONTH,
    assetBucket,
  };
  if (problems.length > 0) throw new DeploySettingsError(`invalid stack context:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  return settings;
}

/** The value a function's environment carries for a secret (name or ARN, as the notifiers accept both). */
export function secretId(ref: SecretRef): string {
  return ref.kind === 'name' ? ref.name : ref.arn;
}

/**
 * The stack synthesizer: with an `assetBucket`, one that needs no bootstrap stack in the target
 * accounts (no bootstrap version check, assets in the given bucket, deployed with the caller's own
 * credentials), as StackSets require; otherwise CDK's default.
 */
export function synthesizerFor(settings: DeploySettings): CliCredentialsStackSynthesizer | undefined {
  return settings.assetBucket === null ? undefined : new CliCredentialsStackSynthesizer({ fileAssetsBucketName: settings.assetBucket, bucketPrefix: 'apigw-doctor/' });
}

/**
 * The service configuration, read once from the environment the function was deployed with, typed,
 * and checked in full at cold start: a bad setting fails the first invocation with every problem
 * named, instead of surfacing as a wrong action hours later. Only the handlers call
 * {@link loadConfig} (with `process.env`); nothing below them reads the environment.
 */
import type { RemediationMode } from './domain/model.ts';
import type { SubscriptionMode, TagSelector } from './domain/use-cases/reconcile-coverage.ts';

/** Level `enable-execution-logging` sets (ERROR logs every failure without INFO's volume and cost). */
export type ExecutionLogLevel = 'ERROR' | 'INFO';

/** Everything the functions are configured with. Absent optional settings are null. */
export interface ServiceConfig {
  readonly region: string;
  /** `REMEDIATION_MODE`: off | dry-run | apply (default dry-run). */
  readonly remediationMode: RemediationMode;
  /** `EXECUTION_LOG_LEVEL`: ERROR | INFO (default ERROR). */
  readonly executionLogLevel: ExecutionLogLevel;
  /** `ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE` (default false) and `CLOUDWATCH_ROLE_ARN`, the role the stack provides. */
  readonly setAccountCloudWatchRole: { readonly allowed: false } | { readonly allowed: true; readonly roleArn: string };
  /** `MAX_ACTIONS_PER_HOUR` per account and Region (default 10). */
  readonly maxActionsPerHour: number;
  /** `QUIET_PERIOD_MINUTES` without failures after which an incident is resolved (default 30). */
  readonly quietPeriodMinutes: number;
  /** `INCIDENT_TABLE`, `WORK_QUEUE_URL`, `TOPIC_ARN`. */
  readonly incidentTable: string | null;
  readonly workQueueUrl: string | null;
  readonly topicArn: string | null;
  /** `SLACK_WEBHOOK_SECRET` (name or ARN), `SLACK_BOT_TOKEN_SECRET` + `SLACK_CHANNEL`. */
  readonly slack: {
    readonly webhookSecret: string | null;
    readonly botTokenSecret: string | null;
    readonly channel: string | null;
  };
  /** `SNS_CHATBOT_FORMAT`: also publish the Amazon Q Developer in chat applications format (default false). */
  readonly chatbotFormat: boolean;
  /** What the coverage function keeps watched, and how. */
  readonly coverage: CoverageConfig;
}

/** The coverage function's settings. */
export interface CoverageConfig {
  /** `SUBSCRIPTION_MODE`: log-group (default: one filter per stage log group) | account (the stack's account-level policy). */
  readonly subscriptionMode: SubscriptionMode;
  /** `LOG_INGEST_ARN`: where the subscription filters forward to. */
  readonly logIngestArn: string | null;
  /** `INCLUDE_TAGS`: comma list of `key` or `key=value`; when set, only stages/APIs carrying one are watched. */
  readonly includeTags: readonly TagSelector[];
  /** `EXCLUDE_TAGS`: comma list of `key` or `key=value`; stages/APIs carrying one are not watched. */
  readonly excludeTags: readonly TagSelector[];
  /** `STACK_NAME`: the deploying stack (its own APIs are never watched). */
  readonly stackName: string | null;
  /** `NAME_PREFIX` (default apigw-doctor): the prefix of every name the stack and the coverage function give. */
  readonly namePrefix: string;
  /** `OWN_LOG_GROUPS`: comma list of the stack's own log groups (never subscribed). */
  readonly ownLogGroups: readonly string[];
}

/** A setting that cannot be used as given. The message lists every problem, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the configuration; throws {@link ConfigError} naming every bad setting. */
export function loadConfig(env: Env): ServiceConfig {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = text(name);
    if (value === null) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got '${value}')`);
    return fallback;
  };
  const flag = (name: string): boolean => oneOf(name, ['true', 'false'] as const, 'false') === 'true';
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === null) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got '${value}')`);
      return fallback;
    }
    return n;
  };

  const region = text('AWS_REGION') ?? text('AWS_DEFAULT_REGION');
  if (region === null) problems.push('AWS_REGION is not set (the Lambda runtime always sets it)');
  const remediationMode = oneOf('REMEDIATION_MODE', ['off', 'dry-run', 'apply'] as const, 'dry-run');
  const executionLogLevel = oneOf('EXECUTION_LOG_LEVEL', ['ERROR', 'INFO'] as const, 'ERROR');
  const allowRole = flag('ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE');
  const roleArn = text('CLOUDWATCH_ROLE_ARN');
  if (allowRole && roleArn === null) problems.push('ALLOW_SET_ACCOUNT_CLOUDWATCH_ROLE is true but CLOUDWATCH_ROLE_ARN (the role the stack provides) is not set');
  if (roleArn !== null && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn)) problems.push(`CLOUDWATCH_ROLE_ARN must be an IAM role ARN (got '${roleArn}')`);
  const tagList = (name: string): TagSelector[] => {
    const value = text(name);
    if (value === null) return [];
    const selectors: TagSelector[] = [];
    for (const item of value.split(',').map((i) => i.trim()).filter((i) => i !== '')) {
      const eq = item.indexOf('=');
      const key = (eq === -1 ? item : item.slice(0, eq)).trim();
      if (key === '') problems.push(`${name} has an entry with no tag key ('${item}'): use key or key=value`);
      else selectors.push({ key, value: eq === -1 ? null : item.slice(eq + 1).trim() });
    }
    return selectors;
  };
  const logIngestArn = text('LOG_INGEST_ARN');
  if (logIngestArn !== null && !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/.test(logIngestArn)) problems.push(`LOG_INGEST_ARN must be a Lambda function ARN (got '${logIngestArn}')`);
  const namePrefix = text('NAME_PREFIX') ?? 'apigw-doctor';
  if (!/^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(namePrefix)) problems.push(`NAME_PREFIX must be a letter then up to 39 letters, digits or dashes (got '${namePrefix}')`);
  const coverage: CoverageConfig = {
    subscriptionMode: oneOf('SUBSCRIPTION_MODE', ['log-group', 'account'] as const, 'log-group'),
    logIngestArn,
    includeTags: tagList('INCLUDE_TAGS'),
    excludeTags: tagList('EXCLUDE_TAGS'),
    stackName: text('STACK_NAME'),
    namePrefix,
    ownLogGroups: (text('OWN_LOG_GROUPS') ?? '').split(',').map((g) => g.trim()).filter((g) => g !== ''),
  };
  const botTokenSecret = text('SLACK_BOT_TOKEN_SECRET');
  const channel = text('SLACK_CHANNEL');
  if (botTokenSecret !== null && channel === null) problems.push('SLACK_BOT_TOKEN_SECRET is set but SLACK_CHANNEL (where the bot posts) is not');
  const config: ServiceConfig = {
    region: region ?? '',
    remediationMode,
    executionLogLevel,
    setAccountCloudWatchRole: allowRole && roleArn !== null ? { allowed: true, roleArn } : { allowed: false },
    maxActionsPerHour: whole('MAX_ACTIONS_PER_HOUR', 10, 0, 1000),
    quietPeriodMinutes: whole('QUIET_PERIOD_MINUTES', 30, 1, 7 * 24 * 60),
    incidentTable: text('INCIDENT_TABLE'),
    workQueueUrl: text('WORK_QUEUE_URL'),
    topicArn: text('TOPIC_ARN'),
    slack: { webhookSecret: text('SLACK_WEBHOOK_SECRET'), botTokenSecret, channel },
    chatbotFormat: flag('SNS_CHATBOT_FORMAT'),
    coverage,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The value of a setting a function cannot run without; throws {@link ConfigError} naming the variable. */
export function required<T>(value: T | null, variable: string, why: string): T {
  if (value === null) throw new ConfigError([`${variable} is not set: ${why}`]);
  return value;
}

/**
 * Check `execution-logging`: is the REST execution log on for each method? Every other diagnosis of a
 * REST 5xx reads those lines, so a method at OFF is a failure in itself.
 */
import type { CheckResult } from '../model.ts';
import type { StageInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import { isReadFailure, methodLabel, skipForReadFailure, stageArn, updateStageRequest } from './check-support.ts';
import { requestsFix } from './sdk-request.ts';
import type { SettingKey } from './method-settings.ts';
import { ALL_METHODS_KEY, methodSettingIac, normalizeResourcePath, parseSettingKey, settingPatchPath } from './method-settings.ts';

/** The settings that apply to one method, each with the `methodSettings` key it came from. */
export interface EffectiveMethodSetting {
  /** Upper-case level (`OFF`, `ERROR`, `INFO`); `OFF` when nothing sets it, as API Gateway does. */
  readonly loggingLevel: string;
  readonly dataTraceEnabled: boolean;
  readonly metricsEnabled: boolean;
  /** The key each value came from (`~1items/GET`, `items/GET`, `~1items/*` or `*\/*`); null = nothing set it. */
  readonly sources: {
    readonly loggingLevel: string | null;
    readonly dataTraceEnabled: string | null;
    readonly metricsEnabled: string | null;
  };
  /** The method's own `methodSettings` key, when it has one (even if it sets none of these three). */
  readonly overrideKey: string | null;
}

/**
 * The keys that can hold settings for the method, most specific first: its own key (AWS's `~1` form
 * before the plain form some tools write), then a whole-resource `/*` key, then the stage-wide `*\/*`.
 */
function matchingKeys(stage: StageInfo, resourcePath: string, httpMethod: string): readonly SettingKey[] {
  const path = normalizeResourcePath(resourcePath);
  const verb = httpMethod.toUpperCase();
  const rank = (setting: SettingKey): number => {
    if (setting.resourcePath === '*') return 3;
    if (setting.resourcePath !== path) return -1;
    if (setting.httpMethod === verb) return setting.key.startsWith('~1') ? 0 : 1;
    return setting.httpMethod === '*' ? 2 : -1;
  };
  return Object.keys(stage.methodSettings ?? {})
    .map(parseSettingKey)
    .filter((setting): setting is SettingKey => setting !== null && rank(setting) >= 0)
    .sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
}

/**
 * The logging level, data trace and metrics flags that apply to `httpMethod resourcePath` on `stage`:
 * each value from the most specific `methodSettings` entry that sets it, else `*\/*`, else the API default
 * (OFF / false). Accepts `~1items/GET` and `items/GET` keys alike.
 */
export function effectiveMethodSetting(stage: StageInfo, resourcePath: string, httpMethod: string): EffectiveMethodSetting {
  const keys = matchingKeys(stage, resourcePath, httpMethod);
  const settings = stage.methodSettings ?? {};
  const pick = <T>(read: (key: string) => T | undefined): { value: T | undefined; source: string | null } => {
    for (const { key } of keys) {
      const value = read(key);
      if (value !== undefined) return { value, source: key };
    }
    return { value: undefined, source: null };
  };
  const level = pick((key) => settings[key]?.loggingLevel);
  const dataTrace = pick((key) => settings[key]?.dataTraceEnabled);
  const metrics = pick((key) => settings[key]?.metricsEnabled);
  const own = keys.find((setting) => setting.resourcePath !== '*' && setting.httpMethod !== '*');
  return {
    loggingLevel: (level.value ?? 'OFF').toUpperCase(),
    dataTraceEnabled: dataTrace.value ?? false,
    metricsEnabled: metrics.value ?? false,
    sources: { loggingLevel: level.source, dataTraceEnabled: dataTrace.source, metricsEnabled: metrics.source },
    overrideKey: own?.key ?? null,
  };
}

/** The level a fix sets: ERROR logs every failure without the INFO volume (and cost) of every request. */
const FIX_LEVEL = 'ERROR';

const LOGGED_LEVELS: readonly string[] = ['ERROR', 'INFO'];

function levelOf(stage: StageInfo, key: string): string {
  return (stage.methodSettings?.[key]?.loggingLevel ?? 'OFF').toUpperCase();
}

/** Why the level is what it is, in words: which key set it and what it overrode. */
function explainSource(stage: StageInfo, setting: EffectiveMethodSetting): string {
  const source = setting.sources.loggingLevel;
  if (source === null) return `no method setting and no ${ALL_METHODS_KEY} setting sets a logging level`;
  if (source === ALL_METHODS_KEY) return `set by ${ALL_METHODS_KEY}`;
  const stageWide = stage.methodSettings?.[ALL_METHODS_KEY] === undefined ? 'unset' : levelOf(stage, ALL_METHODS_KEY);
  return `the method setting ${source} (${setting.loggingLevel}) overrides ${ALL_METHODS_KEY} (${stageWide})`;
}

function evaluate(stage: StageInfo, ref: StageRef, subject: string, resource: string, setting: EffectiveMethodSetting): CheckResult {
  const where = `${subject} on stage ${ref.stageName} of API ${ref.restApiId}`;
  const explanation = explainSource(stage, setting);
  if (LOGGED_LEVELS.includes(setting.loggingLevel)) {
    return {
      id: 'execution-logging',
      status: 'pass',
      resource,
      message: `Execution logging is ${setting.loggingLevel} for ${where} (${explanation}).`,
    };
  }
  // Fix the entry that actually decides the level: raising `*/*` would not help a method whose own
  // setting says OFF.
  const key = setting.sources.loggingLevel ?? ALL_METHODS_KEY;
  const target = parseSettingKey(key) ?? { key: ALL_METHODS_KEY, resourcePath: '*', httpMethod: '*' };
  return {
    id: 'execution-logging',
    status: 'fail',
    resource,
    message:
      `Execution logging is ${setting.loggingLevel} for ${where} (${explanation}), so nobody can see why its requests fail. ` +
      `Turning it on needs the account's CloudWatch Logs role in ${ref.region} (check account-cloudwatch-role).`,
    supports: [],
    fix: requestsFix(
      [updateStageRequest(ref, [{ op: 'replace', path: settingPatchPath(key, 'logging/loglevel'), value: FIX_LEVEL }])],
      methodSettingIac(ref, target, {
        cdk: `loggingLevel: apigateway.MethodLoggingLevel.${FIX_LEVEL}`,
        cloudFormation: `LoggingLevel: ${FIX_LEVEL}`,
        terraform: `logging_level = "${FIX_LEVEL}"`,
      }),
    ),
  };
}

/**
 * One result per method (resource `GET /items`): fail when its effective logging level is OFF or unset.
 * With no methods, judges the stage-wide `*\/*` default (resource = the stage ARN). A stage that could not
 * be read, or does not exist, skips.
 */
export function checkExecutionLogging(
  stage: CheckInput<StageInfo | null>,
  ref: StageRef,
  methods: readonly Pick<MethodRef, 'resourcePath' | 'httpMethod'>[],
): CheckResult[] {
  const resources = methods.length === 0 ? [stageArn(ref)] : methods.map(methodLabel);
  if (isReadFailure(stage)) return resources.map((resource) => skipForReadFailure('execution-logging', resource, stage));
  if (stage === null) {
    return resources.map((resource) => ({
      id: 'execution-logging',
      status: 'skip',
      resource,
      message: `Skipped: stage ${ref.stageName} of API ${ref.restApiId} does not exist.`,
    }));
  }
  if (methods.length === 0) {
    const setting = effectiveMethodSetting(stage, '*', '*');
    return [evaluate(stage, ref, 'all methods', stageArn(ref), setting)];
  }
  return methods.map((method) => {
    const setting = effectiveMethodSetting(stage, method.resourcePath, method.httpMethod);
    return evaluate(stage, ref, methodLabel(method), methodLabel(method), setting);
  });
}

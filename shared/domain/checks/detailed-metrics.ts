/**
 * Check `detailed-metrics`: without detailed CloudWatch metrics, `5XXError` exists only per API and stage,
 * so an alarm cannot say which method fails and an incident cannot be scoped to one.
 */
import type { CheckResult } from '../model.ts';
import type { StageInfo } from '../../ports/account-reader.ts';
import type { CheckInput, StageRef } from './check-support.ts';
import { requestsFix } from './sdk-request.ts';
import { isReadFailure, skipForReadFailure, stageArn, updateStageRequest } from './check-support.ts';
import { ALL_METHODS_KEY, methodSettingIac, parseSettingKey, settingPatchPath } from './method-settings.ts';

/**
 * One result for the stage (resource = stage ARN): warn when `*\/*` does not enable metrics, or a method
 * setting turns them off; the fix enables them on exactly those keys.
 */
export function checkDetailedMetrics(stage: CheckInput<StageInfo | null>, ref: StageRef): CheckResult {
  const resource = stageArn(ref);
  if (isReadFailure(stage)) return skipForReadFailure('detailed-metrics', resource, stage);
  if (stage === null) {
    return {
      id: 'detailed-metrics',
      status: 'skip',
      resource,
      message: `Skipped: stage ${ref.stageName} of API ${ref.restApiId} does not exist.`,
    };
  }
  const settings = stage.methodSettings ?? {};
  const where = `stage ${ref.stageName} of API ${ref.restApiId}`;
  const stageWideOff = settings[ALL_METHODS_KEY]?.metricsEnabled !== true;
  const methodsOff = Object.entries(settings)
    .filter(([key, setting]) => key !== ALL_METHODS_KEY && setting.metricsEnabled === false)
    .map(([key]) => key)
    .sort();
  if (!stageWideOff && methodsOff.length === 0) {
    return { id: 'detailed-metrics', status: 'pass', resource, message: `Detailed (per-method) metrics are on for ${where}.` };
  }
  const offKeys = stageWideOff ? [ALL_METHODS_KEY, ...methodsOff] : methodsOff;
  const what = stageWideOff
    ? `Detailed metrics are off for ${where}${methodsOff.length > 0 ? ` (and turned off by ${methodsOff.join(', ')})` : ''}`
    : `Detailed metrics are on for ${where} but turned off by ${methodsOff.join(', ')}`;
  return {
    id: 'detailed-metrics',
    status: 'warn',
    resource,
    message:
      `${what}: 5XXError, 4XXError and Latency exist only per API and stage, so an alarm cannot tell which method fails. ` +
      `Detailed metrics are billed as custom CloudWatch metrics.`,
    supports: [],
    fix: requestsFix(
      [updateStageRequest(ref, offKeys.map((key) => ({ op: 'replace', path: settingPatchPath(key, 'metrics/enabled'), value: 'true' })))],
      offKeys
        .map((key) => parseSettingKey(key))
        .filter((target) => target !== null)
        .map((target) =>
          methodSettingIac(ref, target, {
            cdk: 'metricsEnabled: true',
            cloudFormation: 'MetricsEnabled: true',
            terraform: 'metrics_enabled = true',
          }),
        )
        .join('\n\n'),
    ),
  };
}

/**
 * Check `data-trace`: "full request and response logging" copies every body and header into CloudWatch.
 * Useful while debugging; on a production stage it is a data-exposure problem (tokens, personal data).
 */
import type { CheckResult } from '../model.ts';
import type { StageInfo } from '../../ports/account-reader.ts';
import type { CheckInput, StageRef } from './check-support.ts';
import { requestsFix } from './sdk-request.ts';
import { isReadFailure, skipForReadFailure, stageArn, updateStageRequest } from './check-support.ts';
import { methodSettingIac, parseSettingKey, settingPatchPath } from './method-settings.ts';

/** Words that mark a production stage or environment. */
const PRODUCTION_WORDS: readonly string[] = ['prod', 'production', 'prd', 'live'];

/** Tag keys that people use to name the environment. */
const ENVIRONMENT_TAG_KEYS: readonly string[] = ['env', 'environment', 'stage', 'tier'];

function hasProductionWord(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => PRODUCTION_WORDS.includes(word));
}

/**
 * Why `stage` looks like production, or null: its name has the word prod/production/prd/live
 * (`prod`, `eu-prod`, `Live`), or an environment tag (env, environment, stage, tier) of the stage or the
 * API says so. A heuristic on purpose: a wrong "production" only costs a warning.
 */
export function productionReason(stage: StageInfo, stageName: string, apiTags: Readonly<Record<string, string>> = {}): string | null {
  if (hasProductionWord(stageName)) return `stage name "${stageName}"`;
  const sources: readonly (readonly [string, Readonly<Record<string, string>>])[] = [
    ['stage', stage.tags ?? {}],
    ['API', apiTags],
  ];
  for (const [owner, tags] of sources) {
    for (const [key, value] of Object.entries(tags)) {
      if (ENVIRONMENT_TAG_KEYS.includes(key.toLowerCase()) && hasProductionWord(value)) return `${owner} tag ${key}=${value}`;
    }
  }
  return null;
}

/**
 * One result for the stage (resource = stage ARN): warn when any `methodSettings` entry turns data trace
 * on and the stage looks like production; pass otherwise (saying when it is on outside production).
 */
export function checkDataTrace(
  stage: CheckInput<StageInfo | null>,
  ref: StageRef,
  apiTags: Readonly<Record<string, string>> = {},
): CheckResult {
  const resource = stageArn(ref);
  if (isReadFailure(stage)) return skipForReadFailure('data-trace', resource, stage);
  if (stage === null) {
    return { id: 'data-trace', status: 'skip', resource, message: `Skipped: stage ${ref.stageName} of API ${ref.restApiId} does not exist.` };
  }
  const tracedKeys = Object.entries(stage.methodSettings ?? {})
    .filter(([, setting]) => setting.dataTraceEnabled === true)
    .map(([key]) => key)
    .sort();
  const where = `stage ${ref.stageName} of API ${ref.restApiId}`;
  if (tracedKeys.length === 0) {
    return { id: 'data-trace', status: 'pass', resource, message: `Data trace (full request/response logging) is off on ${where}.` };
  }
  const keys = tracedKeys.join(', ');
  const reason = productionReason(stage, ref.stageName, apiTags);
  if (reason === null) {
    return {
      id: 'data-trace',
      status: 'pass',
      resource,
      message: `Data trace is on for ${keys} on ${where}, which does not look like production; turn it off before it carries real traffic.`,
    };
  }
  return {
    id: 'data-trace',
    status: 'warn',
    resource,
    message:
      `Data trace is on for ${keys} on ${where}, which looks like production (${reason}): ` +
      `full request and response bodies and headers go to the execution log, exposing tokens and personal data. ` +
      `Keep the logging level at ERROR or INFO and turn data trace off.`,
    supports: [],
    fix: requestsFix(
      [updateStageRequest(ref, tracedKeys.map((key) => ({ op: 'replace', path: settingPatchPath(key, 'logging/dataTrace'), value: 'false' })))],
      tracedKeys
        .map((key) => parseSettingKey(key))
        .filter((target) => target !== null)
        .map((target) =>
          methodSettingIac(ref, target, {
            cdk: 'dataTraceEnabled: false',
            cloudFormation: 'DataTraceEnabled: false',
            terraform: 'data_trace_enabled = false',
          }),
        )
        .join('\n\n'),
    ),
  };
}

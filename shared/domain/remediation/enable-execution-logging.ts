/**
 * Action `enable-execution-logging`: UpdateStage setting the execution log level (ERROR by default,
 * INFO when configured) where the execution-logging check found it OFF, and stage metrics where they
 * are off too. Never turns on data trace (full bodies in logs expose tokens and personal data).
 * Needs the account's CloudWatch Logs role: without it API Gateway refuses the update.
 */
import type { JsonValue, SdkRequest } from '../model.ts';
import { patchOperations, requestCommand, sdkRequest, type PatchOperation } from '../checks/sdk-request.ts';
import { AUTO_REMEDIATE_TAG } from './opt-in.ts';
import type { ActionRequest, RemediationAction } from './action.ts';

function opsOf(request: SdkRequest): PatchOperation[] {
  const ops = request.input['patchOperations'];
  if (!Array.isArray(ops)) return [];
  return ops.flatMap((op: JsonValue) => {
    if (typeof op !== 'object' || op === null || Array.isArray(op)) return [];
    const { path, value } = op as { path?: JsonValue; value?: JsonValue };
    return typeof path === 'string' && typeof value === 'string' ? [{ op: 'replace' as const, path, value }] : [];
  });
}

export const enableExecutionLogging: RemediationAction = {
  id: 'enable-execution-logging',
  answers: 'execution-logging',
  requiredPermissions: [
    {
      sid: 'UpdateStageLoggingOnOptedInStages',
      actions: ['apigateway:PATCH'],
      resources: ['arn:${Partition}:apigateway:${Region}::/restapis/*/stages/*'],
      // Stages inherit their REST API's tags for ABAC, so an API-level opt-in passes this too.
      conditions: { StringLike: { [`aws:ResourceTag/${AUTO_REMEDIATE_TAG}`]: ['true', '*enable-execution-logging*'] } },
    },
  ],
  plan(result, ctx): ActionRequest | { none: string } {
    const base = result.fix?.requests.find((r) => r.service === 'api-gateway' && r.operation === 'UpdateStage');
    if (base === undefined) return { none: 'the check carries no UpdateStage request' };
    const levelOps = opsOf(base).filter((o) => o.path.endsWith('/logging/loglevel'));
    if (levelOps.length === 0) return { none: 'the check names no logging level to set' };
    const metricsOff = ctx.diagnosis.checks.some((c) => c.id === 'detailed-metrics' && c.status === 'warn');
    const ops: PatchOperation[] = levelOps.map((o) => ({ op: 'replace', path: o.path, value: ctx.executionLogLevel }));
    if (metricsOff && levelOps.some((o) => o.path === '/*/*/logging/loglevel')) ops.push({ op: 'replace', path: '/*/*/metrics/enabled', value: 'true' });
    const request = sdkRequest('api-gateway', 'UpdateStage', base.region, { ...base.input, patchOperations: patchOperations(ops) });
    const undoOps: PatchOperation[] = ops.map((o) => ({ op: 'replace', path: o.path, value: o.path.endsWith('/metrics/enabled') ? 'false' : 'OFF' }));
    return { request, undo: requestCommand(sdkRequest('api-gateway', 'UpdateStage', base.region, { ...base.input, patchOperations: patchOperations(undoOps) })) };
  },
};

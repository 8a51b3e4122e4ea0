/**
 * Use case: classify API Gateway logs. Composes the classifier with the proxy-response analysis, so a
 * `malformed_proxy_response` finding says exactly which rule the function's response broke.
 */
import { classifyEvents, classifyText, type ClassifyReport, type FindingEnricher } from '../classify/classify.ts';
import type { JsonObject, RawLogEvent } from '../model.ts';
import { checkProxyResponse } from '../proxy-response/index.ts';

/** Adds the proxy-response verdict to malformed-response findings whose log shows the body. */
export const proxyResponseEnricher: FindingEnricher = (cause, trace) => {
  if (cause !== 'malformed_proxy_response' || trace.responseBody === null) return null;
  const verdict = checkProxyResponse(trace.responseBody, { api: 'rest' });
  const analysis: JsonObject = {
    status: verdict.status,
    valid: verdict.valid,
    violations: verdict.violations.map((v) => ({ path: v.path, rule: v.rule, message: v.message, fix: v.fix })),
    clientBody: verdict.clientBody,
    notes: [...verdict.notes],
  };
  return { proxyResponse: analysis };
};

/** Classifies log text in any supported format. */
export function classifyLogText(text: string): ClassifyReport {
  return classifyText(text, proxyResponseEnricher);
}

/** Classifies CloudWatch Logs events as a subscription delivers them. */
export function classifyLogEvents(events: readonly RawLogEvent[]): ClassifyReport {
  return classifyEvents(events, proxyResponseEnricher);
}

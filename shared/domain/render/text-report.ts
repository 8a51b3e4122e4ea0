/**
 * Plain-text rendering of findings for people: the cause in plain words, why, the evidence, and what
 * to do. Findings of the same cause are shown once with the requests that show it.
 */
import { adviceFor } from '../causes.ts';
import type { CauseId, Finding, JsonValue } from '../model.ts';

const MAX_LINE = 240;
const MAX_IDS = 5;

function clip(text: string, max = MAX_LINE): string {
  const one = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Human labels for the detail keys worth showing, in the order shown. */
const DETAIL_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['method', 'method'],
  ['resourcePath', 'resource'],
  ['apiId', 'API id'],
  ['stage', 'stage'],
  ['functionArn', 'function'],
  ['authorizerFunctionArn', 'authorizer function'],
  ['endpoint', 'endpoint'],
  ['errorType', 'error type'],
  ['errorMessage', 'error message'],
  ['lambdaRequestId', 'Lambda request id'],
  ['throttleReason', 'throttle reason'],
  ['limitBytes', 'limit (bytes)'],
  ['lambdaTimedOutAfterSeconds', 'function timed out after (s)'],
  ['lambdaDurationMs', 'function ran for (ms)'],
  ['memorySizeMb', 'memory size (MB)'],
  ['maxMemoryUsedMb', 'max memory used (MB)'],
  ['handler', 'handler'],
  ['missingModule', 'missing module'],
  ['deniedAction', 'denied action'],
  ['deniedResource', 'denied resource'],
  ['kmsError', 'KMS error'],
  ['gatewayErrorType', 'x-amzn-ErrorType'],
  ['extendedRequestId', 'extended request id (x-amz-apigw-id)'],
  ['traceId', 'trace id'],
  ['cloudfront', 'x-cache'],
  ['unrecognized', 'unrecognised failure'],
  ['roleArn', 'role'],
  ['host', 'host'],
  ['certificateSubject', 'certificate subject'],
  ['tlsError', 'TLS error'],
  ['functionName', 'function name'],
  ['authorizerErrorType', 'authorizer error type'],
  ['integrationLatencyMs', 'integration latency (ms)'],
  ['responseType', 'response type'],
  ['inputs', 'read from'],
  ['confidence', 'confidence'],
];

/** What a classify run read, for an all-clear that says it (classify's `tally`). */
export interface ReadCounts {
  readonly statuses: Readonly<Record<string, number>>;
  readonly withoutStatus: number;
  readonly lambdaInvocations: number;
}

const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

/** "12 requests, all below 500 (200 ×10, 429 ×2); 3 Lambda invocations, none failed". */
export function describeAllClear(counts: ReadCounts): string {
  const parts: string[] = [];
  const statuses = Object.entries(counts.statuses).sort(([a], [b]) => Number(a) - Number(b));
  const requests = statuses.reduce((n, [, c]) => n + c, 0);
  if (requests > 0) {
    const shown = statuses.map(([status, c]) => (c === 1 ? status : `${status} ×${String(c)}`)).join(', ');
    parts.push(`${plural(requests, 'request')}, ${requests === 1 ? 'below' : 'all below'} 500 (${shown})`);
  }
  if (counts.lambdaInvocations > 0) parts.push(`${plural(counts.lambdaInvocations, 'Lambda invocation')} in the function's log, none failed (a function's log does not show what API Gateway answered)`);
  if (counts.withoutStatus > 0) parts.push(`${plural(counts.withoutStatus, 'request')} without a final status line (their outcome is not in the input)`);
  return parts.join('; ');
}

function show(value: JsonValue): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders a classify report for a terminal. */
export function renderFindingsText(findings: readonly Finding[], summary: { readonly lines: number; readonly requests: number }, counts?: ReadCounts): string {
  const out: string[] = [];
  if (findings.length === 0) {
    const read = counts === undefined ? '' : describeAllClear(counts);
    out.push(`No 5xx failure found in ${summary.lines} line${summary.lines === 1 ? '' : 's'} (${summary.requests} request${summary.requests === 1 ? '' : 's'})${read === '' ? '.' : `: ${read}.`}`);
    return `${out.join('\n')}\n`;
  }
  // One group per cause and advice: a function timeout and a crash are both lambda_function_error, but
  // need different fixes.
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.cause}\u0000${adviceFor(f.cause, f.details).title}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const failing = findings.reduce((n, f) => n + (typeof f.details['count'] === 'number' ? f.details['count'] : 1), 0);
  out.push(`${failing} failing request${failing === 1 ? '' : 's'} in ${summary.lines} line${summary.lines === 1 ? '' : 's'} (${summary.requests} request${summary.requests === 1 ? '' : 's'} read), ${groups.size} cause${groups.size === 1 ? '' : 's'}:`);
  let n = 0;
  for (const group of groups.values()) {
    n++;
    const first = group[0] as Finding;
    const cause: CauseId = first.cause;
    const info = adviceFor(cause, first.details);
    const count = group.reduce((c, f) => c + (typeof f.details['count'] === 'number' ? f.details['count'] : 1), 0);
    const statuses = [...new Set(group.map((f) => f.status).filter((s): s is number => s !== null))];
    out.push('');
    out.push(`${n}. ${info.title} [${cause}] — ${count} request${count === 1 ? '' : 's'}${statuses.length > 0 ? `, status ${statuses.join('/')}` : ''}`);
    out.push(`   Why: ${info.why}`);
    const ids = group.map((f) => f.requestId).filter((id): id is string => id !== null);
    if (ids.length > 0) out.push(`   Requests: ${ids.slice(0, MAX_IDS).join(', ')}${ids.length > MAX_IDS ? ` and ${ids.length - MAX_IDS} more` : ''}`);
    out.push(`   Evidence${first.requestId ? ` (${first.requestId})` : ''}:`);
    for (const line of first.evidence.slice(0, 6)) out.push(`     | ${clip(line)}`);
    const facts = DETAIL_LABELS.filter(([key]) => first.details[key] !== undefined).map(([key, label]) => `${label}: ${clip(show(first.details[key] as JsonValue), 160)}`);
    if (facts.length > 0) {
      out.push('   Details:');
      for (const fact of facts) out.push(`     - ${fact}`);
    }
    const proxy = first.details['proxyResponse'];
    if (proxy !== undefined && proxy !== null && typeof proxy === 'object' && !Array.isArray(proxy)) {
      const violations = (proxy as { readonly violations?: JsonValue }).violations;
      if (Array.isArray(violations) && violations.length > 0) {
        out.push('   What the function returned breaks these rules:');
        for (const v of violations) {
          if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
            const rec = v as { readonly [k: string]: JsonValue };
            out.push(`     - ${show(rec['path'] ?? '$')}: ${clip(show(rec['message'] ?? ''), 200)}`);
          }
        }
      }
    }
    out.push('   What to do:');
    info.todo.forEach((step, i) => out.push(`     ${i + 1}. ${step}`));
  }
  return `${out.join('\n')}\n`;
}

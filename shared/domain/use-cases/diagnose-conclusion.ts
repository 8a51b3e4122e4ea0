/**
 * The last step of a stage diagnosis, shared by REST (`diagnose.ts`) and HTTP APIs
 * (`diagnose-http-api.ts`): once the checks have run, wait for the reads started alongside them
 * (metrics, CloudTrail, the functions' own logs), turn them into evidence, rank the causes, rank
 * what changed, lead the top cause with the change that explains it, and say what the diagnosis rests on.
 */
import type { MetricSeries, ReadFailure } from '../../ports/account-reader.ts';
import type { CheckResult, Diagnosis, Finding } from '../model.ts';
import type { Result } from '../result.ts';
import { rankCauses } from './rank-causes.ts';
import { describeChange, rankChanges, type ChangeLookup, type PathResources } from './diagnose-changes.ts';
import { firstFailureFromMetrics, metricEvidence, type CauseEvidence, type MetricsRequest } from './diagnose-metrics.ts';
import { describeEvidence, functionSide, functionTimeouts, type FunctionLogReader } from './diagnose-function-logs.ts';

/** What {@link concludeDiagnosis} takes: the diagnosis so far and the reads still in flight. */
export interface ConclusionInput {
  readonly api: Diagnosis['api'];
  readonly region: string;
  readonly findings: readonly Finding[];
  /** Every check result, in any order (sorted here). */
  readonly checks: readonly CheckResult[];
  readonly logSource: string | null;
  readonly notes: readonly string[];
  /** When the failures began, if the logs or the caller know; else the function logs or metrics may say. */
  readonly firstFailureAt: number | null;
  /** The longest integration timeout of the stage, for "latency at the timeout". */
  readonly integrationTimeoutMs: number;
  readonly metricsRequest: MetricsRequest;
  /** Null when no metric was asked for. */
  readonly metricsRead: Promise<Result<readonly MetricSeries[], ReadFailure> | null>;
  readonly changesRead: Promise<ChangeLookup>;
  readonly functionLogs: FunctionLogReader;
  /** The resources of the failing path, to match CloudTrail events against. */
  readonly path: PathResources;
}

const STATUS_ORDER: Readonly<Record<CheckResult['status'], number>> = { fail: 0, warn: 1, skip: 2, pass: 3 };

/** Failing checks first, then warnings, skips and passes; stable by check id then resource. */
export function sortChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.id.localeCompare(b.id) || a.resource.localeCompare(b.resource));
}

/** Ranks the causes and the changes from everything read; never throws (failed reads become notes). */
export async function concludeDiagnosis(input: ConclusionInput): Promise<Diagnosis> {
  const ordered = sortChecks(input.checks);
  const notes = [...input.notes];
  let firstFailureAt = input.firstFailureAt;
  const [metrics, lookup, functionReads] = await Promise.all([input.metricsRead, input.changesRead, input.functionLogs.settle()]);
  const side = functionSide(functionReads, input.integrationTimeoutMs);
  const evidence: CauseEvidence[] = [...side.evidence];
  notes.push(...side.notes);
  firstFailureAt ??= side.firstFailureAt;
  if (metrics !== null && !metrics.ok) notes.push(`Metrics: could not read CloudWatch metrics (${metrics.error.message}); the causes rest on logs and checks only.`);
  if (metrics !== null && metrics.ok) {
    evidence.push(...metricEvidence(metrics.value, input.metricsRequest, input.integrationTimeoutMs, functionTimeouts(functionReads)));
    firstFailureAt ??= firstFailureFromMetrics(metrics.value);
  }
  const causes = rankCauses(input.findings, ordered, evidence);
  notes.push(...lookup.notes);
  const changes = rankChanges(lookup.events, input.path, { checks: ordered, causes: causes.map((c) => c.cause), firstFailureAt, region: input.region });
  const lead = changes[0];
  if (lead !== undefined && lead.relatedTo !== null && causes[0] !== undefined) {
    const began = firstFailureAt === null ? '' : `; errors began ${new Date(firstFailureAt).toISOString().slice(11, 16)} UTC`;
    causes[0] = { ...causes[0], because: [`what changed: ${describeChange(lead)}${began}`, ...causes[0].because] };
  }
  const evidenceLine = describeEvidence({
    causes, findings: input.findings, logSource: input.logSource, checks: ordered, evidence,
    metrics: metrics === null ? 'not-asked' : metrics.ok ? 'read' : 'unreadable', functionLogs: side.summaries,
  });
  return {
    api: input.api,
    findings: input.findings,
    checks: ordered,
    causes,
    logSource: input.logSource,
    notes,
    changes,
    ...(side.summaries.length > 0 ? { functionLogs: side.summaries } : {}),
    evidence: evidenceLine,
  };
}

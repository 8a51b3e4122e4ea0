/**
 * Use case: what the ingest functions put on the work queue. One item per incident key per log batch
 * (not per line: a burst of one cause over a batch is one message), one per failing alarm, one per
 * alarm back to OK. Pure.
 */
import { MAX_FINDINGS_PER_ITEM, type Finding, type Signal, type WorkItem } from '../model.ts';
import { incidentId, incidentKeyFor } from '../incidents/incident-key.ts';
import { occurrencesFor } from '../incidents/occurrences.ts';
import type { IngestReport } from './ingest-event.ts';

/** Where the function runs: log batches carry their account (owner) but not their Region. */
export interface IngestPlace {
  readonly region: string;
  readonly account: string;
}

/** Why a signal gave no work item. */
export interface Unworkable {
  readonly reason: string;
}

function latest(signal: Signal, fallback: string): string {
  const times = (signal.events ?? []).map((e) => e.timestamp).filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : (signal.time ?? fallback);
}

/** The work items of one ingested event (`now` dates items whose signal has no time). */
export function workItemsFor(report: IngestReport, place: IngestPlace, now: string): { items: WorkItem[]; unworkable: Unworkable[] } {
  const items: WorkItem[] = [];
  const unworkable: Unworkable[] = [];
  for (const signal of report.signals) {
    const account = signal.account ?? place.account;
    const region = signal.region ?? place.region;
    if (signal.source === 'logs') {
      if (signal.apiId === null || signal.stage === null) {
        const findings = report.findings.filter((f) => f.details['apiId'] === undefined);
        if (findings.length > 0) unworkable.push({ reason: `${findings.length} failing request${findings.length === 1 ? '' : 's'} in ${signal.logGroup ?? 'a log group'} name no API id and stage (access-log rows need $context.apiId and $context.stage)` });
        continue;
      }
      const stage = { account, region, apiId: signal.apiId, stage: signal.stage };
      const mine = report.findings.filter((f) => f.details['apiId'] === signal.apiId && f.details['stage'] === signal.stage);
      const at = latest(signal, now);
      for (const occurrence of occurrencesFor(mine, stage, at)) {
        const id = incidentId(occurrence.key);
        const evidence: Finding[] = mine.filter((f) => incidentId(incidentKeyFor(f, stage)) === id).slice(0, MAX_FINDINGS_PER_ITEM);
        items.push({ kind: 'failures', key: occurrence.key, at, requestIds: occurrence.requestIds, anonymous: occurrence.anonymous, findings: evidence });
      }
      continue;
    }
    if (signal.stage === null || (signal.apiId === null && signal.apiName === null)) {
      unworkable.push({ reason: `alarm ${signal.alarmName ?? ''} names no API stage (${signal.reason ?? 'no ApiName/ApiId and Stage dimensions'})` });
      continue;
    }
    const stage = { account, region, apiId: signal.apiId, apiName: signal.apiName, stage: signal.stage };
    const at = signal.time ?? now;
    if (signal.state === 'ALARM') items.push({ kind: 'alarm', stage, at, alarmName: signal.alarmName ?? '', reason: signal.reason ?? '' });
    else if (signal.state === 'OK') items.push({ kind: 'resolve', stage, at, reason: `alarm ${signal.alarmName ?? ''} is OK` });
    else unworkable.push({ reason: `alarm ${signal.alarmName ?? ''} is ${signal.state ?? 'in an unknown state'}: nothing to do` });
  }
  return { items, unworkable };
}

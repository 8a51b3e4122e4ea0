/**
 * Use case: what one parsed event means for the pipeline. The ingest functions and the CLI parse raw
 * events at the boundary (`shared/events/`) and hand the result here: the signals of the kind the
 * caller takes, the parts ignored (with reasons), and, for log batches only, the classified findings.
 * An alarm carries no log lines, so nothing is classified for it.
 */
import type { Finding, ParsedEvent, Signal, SignalSource, EventKind, IgnoredEvent } from '../model.ts';
import { sortFindings } from '../classify/classify.ts';
import { classifyLogEvents } from './classify-logs.ts';
import { signalsFor } from './route-signals.ts';

/** Which signals the caller takes: log-ingest takes `logs`, alarm-ingest `alarm`, the CLI `any`. */
export type IngestSource = SignalSource | 'any';

/** What one event produced for a caller. */
export interface IngestReport {
  readonly kind: EventKind;
  /** The signals of the kind the caller takes. */
  readonly signals: readonly Signal[];
  /** Parts of the event that carry nothing for this caller, each with the reason. */
  readonly ignored: readonly IgnoredEvent[];
  /** The failing requests the log signals show, most significant first (none for alarms). */
  readonly findings: readonly Finding[];
  /** Lines read and requests seen in the log signals. */
  readonly summary: { readonly lines: number; readonly requests: number };
}

/** Keeps the signals `source` takes, classifies the log lines among them, and says why the rest is ignored. */
export function ingestEvent(parsed: ParsedEvent, source: IngestSource): IngestReport {
  const { signals, ignored } = signalsFor(parsed, source);
  const findings: Finding[] = [];
  let lines = 0;
  let requests = 0;
  for (const signal of signals) {
    if (signal.source !== 'logs' || signal.events === undefined) continue;
    const report = classifyLogEvents(signal.events);
    lines += report.summary.lines;
    requests += report.summary.requests;
    for (const f of report.findings) findings.push(withStage(f, signal));
  }
  return { kind: parsed.kind, signals, ignored, findings: sortFindings(findings), summary: { lines, requests } };
}

/** Execution-log groups name the API and stage; findings carry them so the worker can investigate. */
function withStage(f: Finding, signal: Signal): Finding {
  const details = { ...f.details };
  if (signal.apiId !== null && details['apiId'] === undefined) details['apiId'] = signal.apiId;
  if (signal.stage !== null && details['stage'] === undefined) details['stage'] = signal.stage;
  return { ...f, details };
}

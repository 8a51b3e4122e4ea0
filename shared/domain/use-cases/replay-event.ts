/**
 * Use case: replay one raw Lambda event (a CloudWatch Logs subscription batch or an alarm) offline:
 * parse it into signals exactly as the ingest Lambdas do, and classify the log lines it carries.
 */
import type { Finding, Signal } from '../model.ts';
import { err, ok, type Result } from '../result.ts';
import { parseEvent, parseEventText, type EventKind, type ParsedEvent, type EventParseError, type IgnoredEvent } from '../../events/index.ts';
import { sortFindings } from '../classify/classify.ts';
import { classifyLogEvents } from './classify-logs.ts';

/** What replaying one event produced. */
export interface ReplayReport {
  readonly kind: EventKind;
  readonly signals: readonly Signal[];
  readonly ignored: readonly IgnoredEvent[];
  readonly findings: readonly Finding[];
  readonly summary: { readonly lines: number; readonly requests: number };
}

/** Parses and classifies one event given as JSON text (the CLI's input). */
export function replayEvent(text: string): Result<ReplayReport, EventParseError> {
  return classifyParsed(parseEventText(text));
}

/** Parses and classifies one event object (what a Lambda handler receives). */
export function replayEventObject(event: unknown): Result<ReplayReport, EventParseError> {
  return classifyParsed(parseEvent(event));
}

function classifyParsed(parsed: Result<ParsedEvent, EventParseError>): Result<ReplayReport, EventParseError> {
  if (!parsed.ok) return err(parsed.error);
  const findings: Finding[] = [];
  let lines = 0;
  let requests = 0;
  for (const signal of parsed.value.signals) {
    if (signal.source !== 'logs' || signal.events === undefined) continue;
    const report = classifyLogEvents(signal.events);
    lines += report.summary.lines;
    requests += report.summary.requests;
    for (const f of report.findings) {
      // Execution-log groups name the API and stage; findings carry them so the worker can investigate.
      const details = { ...f.details };
      if (signal.apiId !== null && details['apiId'] === undefined) details['apiId'] = signal.apiId;
      if (signal.stage !== null && details['stage'] === undefined) details['stage'] = signal.stage;
      findings.push({ ...f, details });
    }
  }
  return ok({ kind: parsed.value.kind, signals: parsed.value.signals, ignored: parsed.value.ignored, findings: sortFindings(findings), summary: { lines, requests } });
}

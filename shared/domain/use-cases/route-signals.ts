/**
 * Use case: which signals of a parsed event a caller takes (log-ingest takes log batches, alarm-ingest
 * alarms, the CLI everything), and why the rest is ignored. Kept apart from classification so the
 * alarm function's artifact does not carry the classifier.
 */
import type { IgnoredEvent, ParsedEvent, Signal, SignalSource } from '../model.ts';
import type { IngestReport, IngestSource } from './ingest-event.ts';

const WRONG_SOURCE: Readonly<Record<SignalSource, string>> = {
  logs: 'a log subscription batch reached alarm-ingest: logs go to log-ingest',
  alarm: 'an alarm event reached log-ingest: alarms go to alarm-ingest',
};

/**
 * The signals `source` takes, and the rest as ignored with the reason. No classification: what
 * alarm-ingest needs (alarms carry no log lines), so its artifact leaves the classifier out.
 */
export function signalsFor(parsed: ParsedEvent, source: IngestSource): IngestReport {
  const signals: Signal[] = [];
  const ignored: IgnoredEvent[] = [...parsed.ignored];
  for (const signal of parsed.signals) {
    if (source === 'any' || signal.source === source) signals.push(signal);
    else ignored.push({ reason: WRONG_SOURCE[signal.source] });
  }
  return { kind: parsed.kind, signals, ignored, findings: [], summary: { lines: 0, requests: 0 } };
}


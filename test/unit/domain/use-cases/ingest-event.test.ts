import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventText } from '../../../../shared/events/index.ts';
import { ingestEvent } from '../../../../shared/domain/use-cases/ingest-event.ts';
import type { ParsedEvent } from '../../../../shared/domain/model.ts';

function parsedSample(name: string): ParsedEvent {
  const parsed = parseEventText(readFileSync(new URL(`../../../../events/${name}`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('ingestEvent', () => {
  it('classifies a log batch for log-ingest and tags each finding with the API and stage of its log group', () => {
    // Prepare
    const parsed = parsedSample('logs-execution-malformed.json');
    // Act
    const report = ingestEvent(parsed, 'logs');
    // Assess
    expect(report.signals).toHaveLength(1);
    expect(report.ignored).toEqual([]);
    expect(report.findings.map((f) => f.cause)).toEqual(['malformed_proxy_response']);
    expect(report.findings[0]?.details['apiId']).toBe(parsed.signals[0]?.apiId);
    expect(report.findings[0]?.details['stage']).toBe(parsed.signals[0]?.stage);
    expect(report.summary.lines).toBeGreaterThan(0);
  });

  it('does not classify a log batch that reached alarm-ingest, and says where it belongs', () => {
    const report = ingestEvent(parsedSample('logs-execution-malformed.json'), 'alarm');
    expect(report.signals).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual({ lines: 0, requests: 0 });
    expect(report.ignored).toEqual([{ reason: 'a log subscription batch reached alarm-ingest: logs go to log-ingest' }]);
  });

  it('keeps an alarm for alarm-ingest and ignores it, with the reason, in log-ingest', () => {
    const parsed = parsedSample('alarm-eventbridge-5xx.json');
    expect(ingestEvent(parsed, 'alarm').signals.map((s) => s.source)).toEqual(['alarm']);
    const wrong = ingestEvent(parsed, 'logs');
    expect(wrong.signals).toEqual([]);
    expect(wrong.ignored).toEqual([{ reason: 'an alarm event reached log-ingest: alarms go to alarm-ingest' }]);
  });

  it("keeps every signal for the CLI ('any') and passes the parser's own ignore reasons through", () => {
    const ignoredEvent = parsedSample('alarm-other-metric.json');
    const report = ingestEvent(ignoredEvent, 'any');
    expect(report.signals).toEqual([]);
    expect(report.ignored).toEqual(ignoredEvent.ignored);
    expect(report.ignored.length).toBeGreaterThan(0);
  });
});

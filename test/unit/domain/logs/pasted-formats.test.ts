/**
 * The containers people paste logs in (BOM, markdown, `aws logs tail`, `filter-log-events --output text`,
 * CSV and Logs Insights exports): each must classify exactly like the plain lines it holds.
 */
import { describe, expect, it } from 'vitest';
import { classifyLogText } from '../../../../shared/domain/use-cases/classify-logs.ts';
import { loadCorpus, type CorpusCase } from '../../../support/corpus.ts';

const corpus = loadCorpus();
const byId = (id: string): CorpusCase => {
  const c = corpus.find((x) => x.id === id);
  if (c === undefined) throw new Error(`corpus case ${id} missing`);
  return c;
};

/** Corpus cases whose every line carries the `(requestId) ` prefix, or that need their first line intact. */
const EXECUTION = ['eric-body-is-object', 'sakazuki-reserved-concurrency-timeout', 'eric-usage-plan-key-throttle-429', 'heroween-vpc-link-error'];
const ALL_SHAPES = [...EXECUTION, 'ongzhixian-context-succeed-attributeerror', 'kyhau-lambda-service-exception-500', 'kc-malformed-502', 'lambstatus-36-timeout'];

function summary(text: string): Array<[string, string | null, number | null]> {
  return classifyLogText(text).findings.map((f) => [f.cause, f.requestId, f.status]);
}

const STREAM = 'e369853df766fa44e1ed0ff613f563bd';
const at = (i: number): string => `2024-06-04T18:49:${String(10 + i).padStart(2, '0')}.942Z`;
const csvQuote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

describe.each(ALL_SHAPES)('%s', (id) => {
  const c = byId(id);
  const plain = summary(c.lines.join('\n'));

  it('reads the same with a byte-order mark (Notepad) and CRLF', () => {
    // Prepare / Act / Assess
    expect(summary(`\uFEFF${c.lines.join('\r\n')}`)).toEqual(plain);
  });

  it('reads the same indented as a markdown code block', () => {
    expect(summary(c.lines.map((l) => `    ${l}`).join('\n'))).toEqual(plain);
  });

  it('reads the same as a markdown quote', () => {
    expect(summary(c.lines.map((l) => `> ${l}`).join('\n'))).toEqual(plain);
  });
});

describe.each(EXECUTION)('%s as an export', (id) => {
  const c = byId(id);
  const plain = summary(c.lines.join('\n'));

  it('aws logs tail (timestamp, stream, message)', () => {
    // Prepare
    const text = c.lines.map((l, i) => `${at(i).replace('Z', '000+00:00')} ${STREAM} ${l}`).join('\n');

    // Act / Assess
    expect(summary(text)).toEqual(plain);
  });

  it('aws logs filter-log-events --output text (EVENTS rows)', () => {
    const text = c.lines.map((l, i) => `EVENTS\t3739393${i}\t17175271${i}\t${STREAM}\t${l}\t17175271${i}`).join('\n');
    expect(summary(text)).toEqual(plain);
  });

  it("--query 'events[].message' --output text without splitting the tabs", () => {
    expect(summary(c.lines.join('\t'))).toEqual(plain);
  });

  it('a CSV export with quoted fields and doubled quotes', () => {
    const text = ['"timestamp","message"', ...c.lines.map((l, i) => `${csvQuote(at(i))},${csvQuote(l)}`)].join('\n');
    expect(summary(text)).toEqual(plain);
  });

  it('a CSV export with an unquoted timestamp column', () => {
    const text = ['timestamp,message', ...c.lines.map((l, i) => `${at(i).replace('T', ' ').replace('Z', '')},${csvQuote(l)}`)].join('\n');
    expect(summary(text)).toEqual(plain);
  });

  it('a Logs Insights JSON export', () => {
    const text = JSON.stringify(c.lines.map((l, i) => ({ '@timestamp': at(i), '@message': l })), null, 2);
    expect(summary(text)).toEqual(plain);
  });

  it('a Logs Insights table copied as markdown', () => {
    const text = ['| @timestamp | @message |', '|---|---|', ...c.lines.map((l, i) => `| ${at(i)} | ${l} |`)].join('\n');
    expect(summary(text)).toEqual(plain);
  });
});

it('keeps every expected cause in the variants (sanity: the plain forms find something)', () => {
  // Prepare / Act
  const causes = EXECUTION.map((id) => summary(byId(id).lines.join('\n'))[0]?.[0] ?? 'none');

  // Assess
  expect(causes).toEqual(['malformed_proxy_response', 'integration_timeout', 'none', 'network_or_vpc_link']);
});

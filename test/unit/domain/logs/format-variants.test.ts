/**
 * Real corpus cases re-shaped the ways people actually hand logs over (Windows line endings, a BOM,
 * console copies, CLI output, markdown, mixed and interleaved pastes). Whatever the wrapping, the
 * user expects the same answer as for the plain lines: same top cause, same request id, same status.
 */
import { describe, expect, it } from 'vitest';
import type { ClassifyReport } from '../../../../shared/domain/classify/classify.ts';
import { classifyLogText } from '../../../../shared/domain/use-cases/classify-logs.ts';
import { loadCorpus, type CorpusCase } from '../../../support/corpus.ts';

const corpus = loadCorpus();

function lines(id: string): readonly string[] {
  const found = corpus.find((c) => c.id === id);
  if (found === undefined) throw new Error(`corpus case ${id} is missing`);
  return found.lines;
}

/** What a user reads first: each finding's cause, request id and status, in report order. */
function outcomes(report: ClassifyReport): Array<{ cause: string; requestId: string | null; status: number | null }> {
  return report.findings.map((f) => ({ cause: f.cause, requestId: f.requestId, status: f.status }));
}

function plain(ls: readonly string[]): ClassifyReport {
  return classifyLogText(ls.join('\n'));
}

/** The subscription form `(<requestId>) message`, which is what the CloudWatch console and CLI show per event. */
const EVENT_LINE = /^\(([^()\s]{4,80})\) /;
/** The console log view's `HH:MM:SS ` clock prefix, dropped when re-shaping a line into another delivery format. */
const CLOCK = /^\d{2}:\d{2}:\d{2} (?=\()/;

/** Cases whose every line is one execution-log event, so any per-event delivery format applies. */
const EVENT_CASES = corpus.filter((c) => c.lines.every((l) => EVENT_LINE.test(l.replace(CLOCK, ''))));

function events(c: CorpusCase): string[] {
  return c.lines.map((l) => l.replace(CLOCK, ''));
}

const ISO = '2024-06-04T18:49:48.942+00:00';

const ERIC = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';
const SAKAZUKI = '8a699106-8d59-11e8-905d-b3747276ed60';
const HEROWEEN = 'xx389x71-xx67-442x-9073-441x13535xx1';

describe('the corpus cases the variants start from', () => {
  it('has the per-event cases the delivery formats need (including the 429 negative case)', () => {
    // Prepare
    const wanted = ['sakazuki-reserved-concurrency-timeout', 'eric-body-is-object', 'todayweather-2033-malformed-after-25s', 'heroween-vpc-link-error', 'eric-usage-plan-key-throttle-429'];

    // Act
    const ids = EVENT_CASES.map((c) => c.id);

    // Assess
    // A corpus that grows must not break this; one that loses these cases must.
    expect(ids).toEqual(expect.arrayContaining(wanted));
  });
});

describe('line endings and blanks', () => {
  it.each(corpus.map((c) => [c.id, c] as const))('%s: Windows CRLF line endings give the identical report', (_id, c) => {
    // Prepare
    const crlf = c.lines.join('\r\n');
    const crlfTerminated = `${c.lines.join('\r\n')}\r\n`;

    // Act
    const base = plain(c.lines);
    const fromCrlf = classifyLogText(crlf);
    const fromTerminated = classifyLogText(crlfTerminated);

    // Assess
    expect(c.expected).toContain(base.findings[0]?.cause ?? 'none');
    expect(fromCrlf).toEqual(base);
    expect(fromTerminated).toEqual(base);
  });

  it.each(corpus.map((c) => [c.id, c] as const))('%s: trailing spaces and tabs change no finding', (_id, c) => {
    // Prepare
    const padded = c.lines.map((l, i) => `${l}${i % 2 === 0 ? '   ' : ' \t'}`).join('\n');

    // Act
    const base = plain(c.lines);
    const report = classifyLogText(padded);

    // Assess
    expect(c.expected).toContain(base.findings[0]?.cause ?? 'none');
    expect(outcomes(report)).toEqual(outcomes(base));
    expect(report.summary).toEqual(base.summary);
  });
});

describe('a byte-order mark at the start (files saved by Windows editors)', () => {
  it.each([
    ['eric-body-is-object', 'malformed_proxy_response', ERIC, 502],
    ['sakazuki-reserved-concurrency-timeout', 'integration_timeout', SAKAZUKI, 504],
    ['kc-malformed-502', 'malformed_proxy_response', null, 502],
    ['azul-8192-payload-too-large-json', 'payload_too_large', '84ea9398-51e3-4c28-812c-101ec193e4cf', 502],
    ['azul-6624-payload-too-large-access-log', 'payload_too_large', null, null],
  ] as const)('%s: with a BOM (and with BOM + CRLF) the top finding is unchanged', (id, cause, requestId, status) => {
    // Prepare
    const ls = lines(id);
    const bom = `\uFEFF${ls.join('\n')}`;
    const notepad = `\uFEFF${ls.join('\r\n')}\r\n`;

    // Act
    const base = plain(ls);
    const fromBom = classifyLogText(bom);
    const fromNotepad = classifyLogText(notepad);

    // Assess
    expect(outcomes(base)[0]).toEqual({ cause, requestId, status });
    expect(outcomes(fromBom)).toEqual(outcomes(base));
    expect(outcomes(fromNotepad)).toEqual(outcomes(base));
    expect(fromBom.summary.lines).toBe(ls.length);
  });
});

describe('markdown wrapping (issues, chat, runbooks)', () => {
  it.each([
    ['azul-8192-payload-too-large-json', 'payload_too_large', '84ea9398-51e3-4c28-812c-101ec193e4cf', 502],
    ['azul-6624-keyerror-access-log', 'lambda_function_error', null, null],
    ['azul-5555-timeouts-insights', 'integration_timeout', null, null],
    ['sal-blog-caller-credentials-invalid-permissions', 'missing_invoke_permission', null, 500],
    ['apollo-333-malformed', 'malformed_proxy_response', null, null],
  ] as const)('%s: an indented (4-space) code block gives the same findings', (id, cause, requestId, status) => {
    // Prepare
    const ls = lines(id);
    const indented = ls.map((l) => `    ${l}`).join('\n');

    // Act
    const base = plain(ls);
    const report = classifyLogText(indented);

    // Assess
    expect(outcomes(base)[0]).toEqual({ cause, requestId, status });
    expect(outcomes(report)).toEqual(outcomes(base));
  });

  it.each([
    ['eric-body-is-object', 'malformed_proxy_response', ERIC, 502],
    ['ongzhixian-context-succeed-attributeerror', 'lambda_function_error', 'b50a12c6-d619-4147-b2a2-bb5d42586463', 502],
    ['kyhau-lambda-service-exception-500', 'lambda_service_error', null, null],
    ['kc-integration-method-not-post', 'integration_misconfigured', null, 500],
    ['azul-8192-payload-too-large-json', 'payload_too_large', '84ea9398-51e3-4c28-812c-101ec193e4cf', 502],
  ] as const)('%s: a fenced code block (``` and ```json) gives the same findings', (id, cause, requestId, status) => {
    // Prepare
    const ls = lines(id);
    const fenced = ['```', ...ls, '```'].join('\n');
    const fencedJson = ['Here is the log:', '```json', ...ls, '```', 'Any idea?'].join('\n');

    // Act
    const base = plain(ls);
    const fromFenced = classifyLogText(fenced);
    const fromFencedJson = classifyLogText(fencedJson);

    // Assess
    expect(outcomes(base)).toEqual([{ cause, requestId, status }]);
    expect(outcomes(fromFenced)).toEqual(outcomes(base));
    expect(outcomes(fromFencedJson)).toEqual(outcomes(base));
  });

  it('a fenced 429 (not a 5xx) still gives no finding', () => {
    // Prepare
    const fenced = ['```', ...lines('eric-usage-plan-key-throttle-429'), '```'].join('\n');

    // Act
    const report = classifyLogText(fenced);

    // Assess
    expect(report.findings).toEqual([]);
  });
});

describe('the CloudWatch console copy of a log stream table (timestamp TAB message)', () => {
  it.each(EVENT_CASES.map((c) => [c.id, c] as const))('%s: rows copied from the console give the same findings', (_id, c) => {
    // Prepare
    const rows = events(c).map((l) => `${ISO}\t${l}`);
    const withHeader = ['timestamp\tmessage', ...rows].join('\r\n');

    // Act
    const base = plain(c.lines);
    const fromRows = classifyLogText(rows.join('\n'));
    const fromHeaderCrlf = classifyLogText(withHeader);

    // Assess
    expect(c.expected).toContain(base.findings[0]?.cause ?? 'none');
    expect(outcomes(fromRows)).toEqual(outcomes(base));
    expect(outcomes(fromHeaderCrlf)).toEqual(outcomes(base));
  });

  it.each(EVENT_CASES.map((c) => [c.id, c] as const))('%s: a Logs Insights table copy (@timestamp TAB @message) gives the same findings', (_id, c) => {
    // Prepare
    const table = ['@timestamp\t@message', ...events(c).map((l) => `2024-06-04 18:49:48.942\t${l}`)].join('\n');

    // Act
    const base = plain(c.lines);
    const report = classifyLogText(table);

    // Assess
    expect(outcomes(report)).toEqual(outcomes(base));
  });

  it('keeps the request id and status of a console-copied timeout', () => {
    // Prepare
    const text = lines('sakazuki-reserved-concurrency-timeout').map((l) => `2018-07-22T03:15:41.327Z\t${l}`).join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(outcomes(report)).toEqual([{ cause: 'integration_timeout', requestId: SAKAZUKI, status: 504 }]);
  });
});

describe('CSV export, filter-log-events text, logs tail, Logs Insights JSON', () => {
  const csvField = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const STREAM = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

  it('a usage-plan 429 gives no finding in any of these shapes', () => {
    // Prepare
    const ls = lines('eric-usage-plan-key-throttle-429');
    const shapes = [
      ['"timestamp","message"', ...ls.map((l) => `${csvField(ISO)},${csvField(l)}`)].join('\r\n'),
      ls.map((l, i) => `EVENTS\t37582270690${i}\t1717526989100\t${STREAM}\t${l}\t1717526988942`).join('\n'),
      ls.map((l) => `2024-06-04T18:49:48.942000+00:00 ${STREAM} ${l}`).join('\n'),
      JSON.stringify(ls.map((l) => ({ '@timestamp': '2024-06-04 18:49:48.942', '@message': l })), null, 2),
    ];

    // Act
    const reports = shapes.map((text) => classifyLogText(text));

    // Assess
    expect(reports.map((r) => r.findings)).toEqual([[], [], [], []]);
  });

});

describe('mixed and interleaved pastes', () => {
  const accessJson = JSON.stringify({
    requestId: ERIC, ip: '203.0.113.7', requestTime: '26/Feb/2019:16:48:37 +0000', httpMethod: 'POST', resourcePath: '/receipt',
    status: '502', protocol: 'HTTP/1.1', responseLength: '36', errorResponseType: 'INTEGRATION_FAILURE', integrationErrorMessage: '-', integrationStatus: '200',
  });
  const accessClf = `203.0.113.7 - - [26/Feb/2019:16:48:37 +0000] "POST /receipt HTTP/1.1" 502 36 ${ERIC}`;

  it.each([
    ['after', (ls: readonly string[]): string[] => [...ls, accessJson]],
    ['before', (ls: readonly string[]): string[] => [accessJson, ...ls]],
    ['in the middle', (ls: readonly string[]): string[] => [...ls.slice(0, 8), accessJson, ...ls.slice(8)]],
    ['as a CLF line after', (ls: readonly string[]): string[] => [...ls, accessClf]],
  ] as const)('the access-log row of the same request %s its execution lines joins that request', (_where, shape) => {
    // Prepare
    const text = shape(lines('eric-body-is-object')).join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(outcomes(report)).toEqual([{ cause: 'malformed_proxy_response', requestId: ERIC, status: 502 }]);
    expect(report.summary.requests).toBe(1);
    expect(report.findings[0]?.evidence[0]).toBe('Execution failed due to configuration error: Malformed Lambda proxy response');
  });

  it("another request's access row among the execution lines stays a finding of its own", () => {
    // Prepare
    const eric = lines('eric-body-is-object');
    const timeoutRow = JSON.stringify({ requestId: SAKAZUKI, status: '504', responseType: 'INTEGRATION_TIMEOUT', integrationError: '-' });
    const text = [...eric.slice(0, 10), timeoutRow, ...lines('sakazuki-reserved-concurrency-timeout'), ...eric.slice(10), accessJson].join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(outcomes(report)).toEqual([
      { cause: 'malformed_proxy_response', requestId: ERIC, status: 502 },
      { cause: 'integration_timeout', requestId: SAKAZUKI, status: 504 },
    ]);
    expect(report.summary.requests).toBe(2);
  });

  const interleave = (cases: ReadonlyArray<readonly string[]>): string[] => {
    const out: string[] = [];
    const longest = Math.max(...cases.map((c) => c.length));
    for (let i = 0; i < longest; i++) for (const c of cases) if (i < c.length) out.push(c[i] ?? '');
    return out;
  };
  const fourRequests = (): Array<readonly string[]> => [
    lines('eric-body-is-object'),
    lines('sakazuki-reserved-concurrency-timeout'),
    lines('eric-usage-plan-key-throttle-429'),
    lines('heroween-vpc-link-error'),
  ];
  const expectedFour = [
    { cause: 'malformed_proxy_response', requestId: ERIC, status: 502 },
    { cause: 'integration_timeout', requestId: SAKAZUKI, status: 504 },
    { cause: 'network_or_vpc_link', requestId: HEROWEEN, status: null },
  ];

  it('several requests interleaved line by line are told apart (the 429 gives no finding)', () => {
    // Prepare
    const text = interleave(fourRequests()).join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(outcomes(report)).toEqual(expectedFour);
    expect(report.summary).toEqual({ lines: 29, requests: 4 });
  });

  it('interleaved requests copied from the console with CRLF are told apart too', () => {
    // Prepare
    const text = interleave(fourRequests()).map((l) => `${ISO}\t${l}`).join('\r\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(outcomes(report)).toEqual(expectedFour);
  });

  it('two console Test outputs pasted one after the other give one finding each, with their ids', () => {
    // Prepare
    const text = [...lines('wallstreet-authorizer-importmoduleerror'), '', ...lines('ongzhixian-context-succeed-attributeerror')].join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(outcomes(report)).toEqual([
      { cause: 'authorizer_error', requestId: 'afab46d7-880e-4150-a266-b1fcc783be07', status: 500 },
      { cause: 'lambda_function_error', requestId: 'b50a12c6-d619-4147-b2a2-bb5d42586463', status: 502 },
    ]);
  });
});

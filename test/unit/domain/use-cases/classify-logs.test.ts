import { describe, expect, it } from 'vitest';
import { classifyLogEvents, classifyLogText } from '../../../../shared/domain/use-cases/classify-logs.ts';
import { REST_ERROR_BODY } from '../../../../shared/domain/proxy-response/index.ts';

const A = '8a699106-8d59-11e8-905d-b3747276ed60';
const B = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';

function malformed(id: string, body: string): string[] {
  return [
    `(${id}) Endpoint response body before transformations: ${body}`,
    `(${id}) Execution failed due to configuration error: Malformed Lambda proxy response`,
    `(${id}) Method completed with status: 502`,
  ];
}

interface Analysis {
  readonly status: number;
  readonly valid: boolean;
  readonly violations: ReadonlyArray<{ readonly path: string; readonly rule: string; readonly message: string; readonly fix: string }>;
  readonly clientBody: string | null;
  readonly notes: readonly string[];
}

describe('classifyLogText: the proxy-response analysis of a malformed response', () => {
  it('attaches the verdict on the logged body: status, every broken rule with its fix, the client body', () => {
    // Prepare
    const text = malformed(A, '{"statusCode":200,"body":{"ok":true},"wrongValue":"x"}').join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.cause).toBe('malformed_proxy_response');
    const analysis = report.findings[0]?.details['proxyResponse'] as Analysis | undefined;
    expect(analysis).toMatchObject({ status: 502, valid: false, clientBody: REST_ERROR_BODY });
    expect(analysis?.violations.map((v) => [v.path, v.rule])).toEqual([
      ['wrongValue', 'unknown-key'],
      ['body', 'body-not-string'],
    ]);
    for (const v of analysis?.violations ?? []) {
      expect(v.message.length).toBeGreaterThan(10);
      expect(v.fix).toMatch(/Node\.js:/);
      expect(v.fix).toMatch(/Python:/);
    }
  });

  it('analyses each malformed request on its own body, and a multi-line body in subscription events', () => {
    // Prepare
    const events = [
      { timestamp: 1, message: `(${A}) Endpoint response body before transformations: {\n  "statusCode": "abc",\n  "body": "x"\n}` },
      { timestamp: 2, message: `(${A}) Execution failed due to configuration error: Malformed Lambda proxy response` },
      { timestamp: 3, message: `(${A}) Method completed with status: 502` },
      ...malformed(B, '{"statusCode":200,"headers":{"a":{"b":1}}}').map((message, i) => ({ timestamp: 10 + i, message })),
    ];

    // Act
    const report = classifyLogEvents(events);

    // Assess
    const rules = report.findings.map((f) => [f.requestId, (f.details['proxyResponse'] as Analysis | undefined)?.violations.map((v) => v.rule)]);
    expect(rules).toEqual([
      [A, ['status-code-not-integer']],
      [B, ['header-value-not-scalar']],
    ]);
  });

  it('attaches nothing to other causes, nor to a malformed finding whose log does not show the body', () => {
    // Prepare
    const text = [
      `(${A}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${A}) Method completed with status: 502`,
      `(${B}) Endpoint response body before transformations: {"statusCode":200,"body":{"ok":true}}`,
      `(${B}) Execution failed due to a timeout error`,
      `(${B}) Method completed with status: 504`,
    ].join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, 'proxyResponse' in f.details])).toEqual([
      ['malformed_proxy_response', false],
      ['integration_timeout', false],
    ]);
  });
});

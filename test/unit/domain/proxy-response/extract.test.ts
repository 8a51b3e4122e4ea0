import { describe, expect, it } from 'vitest';
import { extractResponseText } from '../../../../shared/domain/proxy-response/extract.ts';

describe('extractResponseText', () => {
  it('takes a raw file content as the response, trimmed', () => {
    // Prepare
    const input = '\uFEFF  {"statusCode":200}\n';

    // Act
    const extracted = extractResponseText(input);

    // Assess
    expect(extracted).toEqual({ text: '{"statusCode":200}', truncated: false, fromLogLine: false });
  });

  it('strips a CloudWatch request-id prefix and stops at the next log entry', () => {
    // Prepare
    const input = [
      '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Received response. Integration latency: 111 ms',
      '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: {"statusCode":200,"body":"ok"}',
      '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response headers: {Date=Tue, 26 Feb 2019 16:48:37 GMT}',
      '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Method completed with status: 200',
    ].join('\n');

    // Act
    const extracted = extractResponseText(input);

    // Assess
    expect(extracted).toEqual({ text: '{"statusCode":200,"body":"ok"}', truncated: false, fromLogLine: true });
  });

  it('keeps continuation lines of a multi-line body and stops at a console-test timestamp', () => {
    // Prepare
    const input = [
      'Mon Oct 14 14:08:49 UTC 2019 : Endpoint response body before transformations: {',
      '  "a": 1',
      '}',
      'Mon Oct 14 14:08:49 UTC 2019 : Method completed with status: 500',
    ].join('\n');

    // Act
    const extracted = extractResponseText(input);

    // Assess
    expect(extracted.text).toBe('{\n  "a": 1\n}');
  });

  it('detects and removes the [TRUNCATED] marker', () => {
    // Prepare
    const input = '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: {"body":"abc [TRUNCATED]';

    // Act
    const extracted = extractResponseText(input);

    // Assess
    expect(extracted).toEqual({ text: '{"body":"abc', truncated: true, fromLogLine: true });
  });
});

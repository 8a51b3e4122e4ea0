/**
 * The advice a finding gets is specific to its cause and details (a function timeout is not an
 * integration timeout nor a crash; out of memory → memory; ImportModuleError → handler and packaging;
 * KMS → the key policy), an unrecognised failure line is quoted without claiming logging is off, and
 * an all-clear says what it read.
 */
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';
import { adviceFor, CAUSES } from '../../../../shared/domain/causes.ts';
import { describeAllClear, renderFindingsText } from '../../../../shared/domain/render/text-report.ts';

const RID = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';
const LID = 'bc8a5cd5-a3dd-4cac-b2c4-fbfd52121f4d';

/** The advice (title and every step, one text) for the top finding of `text`. */
function adviceText(text: string): string {
  const f = classifyText(text).findings[0];
  if (f === undefined) throw new Error('no finding');
  const a = adviceFor(f.cause, f.details);
  return [a.title, a.why, ...a.todo].join('\n');
}

describe('advice per cause and details', () => {
  it.each([
    ['a function timeout (6 s)', `2024-01-01T00:00:00.000Z ${LID} Task timed out after 6.01 seconds`, /own timeout/, /--timeout/, /Catch errors in the handler/],
    ['an integration timeout (the function ran 30 s)', `2024-01-01T00:00:00.000Z ${LID} Task timed out after 30.03 seconds`, /longer than the integration timeout/, /asynchronous|below the integration timeout/, /own timeout/],
    ['out of memory', `REPORT RequestId: ${LID}\tDuration: 812.43 ms\tBilled Duration: 813 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB`, /ran out of memory/, /--memory-size/, /--timeout/],
    ['an ImportModuleError', "Runtime.ImportModuleError: Error: Cannot find module 'app'", /cannot load its code/, /Handler setting[\s\S]*Package the dependencies/, /memory/],
    ['a handler that is not exported', '{"errorType":"Runtime.HandlerNotFound","errorMessage":"index.handler is undefined or not exported"}', /handler is not exported/, /export const handler/, /--memory-size/],
    ['a crash (signal: killed)', `RequestId: ${LID} Error: Runtime exited with error: signal: killed`, /crashed or could not start/, /Max Memory Used/, /--timeout/],
    ['a KMS decrypt failure', `(${RID}) Endpoint response body before transformations: {"Message":"Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist","Type":null}\n(${RID}) Method completed with status: 500`, /KMS/, /kms:Decrypt[\s\S]*key policy|key policy[\s\S]*kms:Decrypt/, /Health Dashboard/],
    ['the function\'s own denied AWS call', '"message": "User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:123456789012:table/t",', /own AWS call was denied/, /Allow dynamodb:Scan/, /--timeout/],
  ])('%s', (_what, text, title, step, notSaid) => {
    // Act
    const advice = adviceText(text);

    // Assess
    expect(advice).toMatch(title);
    expect(advice).toMatch(step);
    expect(advice).not.toMatch(notSaid);
  });

  it('an authorizer error a client saw in x-amzn-ErrorType says so, and that a CORS error in the browser can hide it', () => {
    // Act
    const advice = adviceText('x-amzn-ErrorType: AuthorizerConfigurationException');

    // Assess
    expect(advice).toMatch(/x-amzn-ErrorType: AuthorizerConfigurationException/);
    expect(advice).toMatch(/CORS/);
  });

  it('a 5xx only a client saw sends the reader to the gateway\'s logs by the request id', () => {
    // Act
    const advice = adviceText(['HTTP/2 502', `x-amzn-requestid: ${RID}`, 'x-amzn-errortype: InternalServerErrorException'].join('\n'));

    // Assess
    expect(advice).toMatch(/Only the client's side is here/);
    expect(advice).toMatch(/x-amzn-RequestId/);
  });

  it('falls back to the cause\'s own explanation when the details say nothing more', () => {
    // Act / Assess
    expect(adviceFor('lambda_function_error', {})).toBe(CAUSES.lambda_function_error);
    expect(adviceFor('missing_invoke_permission', { functionTimeout: true })).toBe(CAUSES.missing_invoke_permission);
  });
});

describe('an unrecognised failure line', () => {
  const text = `(${RID}) Execution failed due to configuration error: The frobnicator is not frobbing\n(${RID}) Method completed with status: 500`;

  it('stays in the evidence with cause unknown and the text quoted', () => {
    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'unknown', status: 500 });
    expect(report.findings[0]?.evidence[0]).toBe('Execution failed due to configuration error: The frobnicator is not frobbing');
    expect(report.findings[0]?.details['unrecognized']).toBe('Execution failed due to configuration error: The frobnicator is not frobbing');
  });

  it('gets advice that quotes it and never claims execution logging is off', () => {
    // Act
    const report = classifyText(text);
    const rendered = renderFindingsText(report.findings, report.summary);

    // Assess
    expect(rendered).toContain('"Execution failed due to configuration error: The frobnicator is not frobbing"');
    expect(rendered).not.toMatch(/Turn on execution logging|execution logging off/i);
  });

  it('other failure text with no rule is kept too (an unseen wording without the "Execution failed" form)', () => {
    // Prepare
    const other = `(${RID}) The integration backend was unable to complete the handshake\n(${RID}) Method completed with status: 502`;

    // Act
    const report = classifyText(other);

    // Assess
    expect(report.findings[0]?.evidence).toContain('The integration backend was unable to complete the handshake');
    expect(report.findings[0]?.details['unrecognized']).toBe('The integration backend was unable to complete the handshake');
  });

  it('a bare 5xx without any failure text still gets the "turn on execution logging" advice', () => {
    // Act
    const advice = adviceText(`(${RID}) Method completed with status: 503`);

    // Assess
    expect(advice).toMatch(/Turn on execution logging/);
  });
});

describe('the all-clear says what it read', () => {
  it('counts requests by status, Lambda invocations and requests without a final status', () => {
    // Act
    const said = describeAllClear({ statuses: { '200': 10, '429': 2 }, withoutStatus: 1, lambdaInvocations: 3 });

    // Assess
    expect(said).toBe("12 requests, all below 500 (200 ×10, 429 ×2); 3 Lambda invocations in the function's log, none failed (a function's log does not show what API Gateway answered); 1 request without a final status line (their outcome is not in the input)");
  });

  it('renders it after the line count', () => {
    // Prepare
    const report = classifyText([`(${RID}) Method completed with status: 200`, `(${LID}) Method completed with status: 429`].join('\n'));

    // Act
    const rendered = renderFindingsText(report.findings, report.summary, report.tally);

    // Assess
    expect(rendered).toBe('No 5xx failure found in 2 lines (2 requests): 2 requests, all below 500 (200, 429).\n');
  });
});

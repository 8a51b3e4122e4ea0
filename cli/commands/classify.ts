/**
 * `apigw-doctor classify`: explains every failing request in pasted API Gateway logs.
 */
import { classifyLogText } from '../../shared/domain/use-cases/classify-logs.ts';
import type { ClassifyReport } from '../../shared/domain/classify/classify.ts';
import { renderFindingsText } from '../../shared/domain/render/text-report.ts';
import { CAUSES } from '../../shared/domain/causes.ts';
import { EXIT, UsageError, jsonDocumentKind, printJson, readInput } from '../io.ts';
import type { Command } from '../commands-types.ts';
import { onePositional } from '../args.ts';
import { findingJson } from '../json.ts';

/** One sentence naming the rows whose status could not be read (the first few line numbers). */
function unreadableSentence(rows: ReadonlyArray<{ readonly line: number }>): string {
  const shown = rows.slice(0, 5).map((r) => r.line).join(', ');
  const lines = `line${rows.length === 1 ? '' : 's'} ${shown}${rows.length > 5 ? ', …' : ''}`;
  return `${rows.length} access-log row${rows.length === 1 ? '' : 's'} (${lines}) ha${rows.length === 1 ? 's' : 've'} no status that could be read, so ${rows.length === 1 ? 'it is' : 'they are'} not counted as healthy: log $context.status under a field named status (or statusCode, httpStatus)`;
}

/** Classified log text: the report, the `classify --json` document, the exit code, and the unreadable-rows sentence (or null). */
export interface ClassifyOutcome {
  readonly report: ClassifyReport;
  readonly json: Record<string, unknown>;
  readonly unreadable: string | null;
  readonly exitCode: number;
}

/**
 * Classifies log text as `classify` does (also the core of the MCP tool). `source` names the input in
 * errors; empty input and text that is not API Gateway logs are `UsageError`s.
 */
export function classifyText(text: string, source: string): ClassifyOutcome {
  const report = classifyLogText(text);
  if (report.summary.lines === 0) throw new UsageError(`${source} is empty: nothing to classify`);
  if (report.recognized === 0) {
    // One JSON document (package.json, an API response) is not logs: say what it is.
    const json = jsonDocumentKind(text);
    if (json !== null) throw new UsageError(`nothing in ${source} looks like API Gateway logs: it is ${json} with no access-log row, execution-log line or Logs Insights export row in it; see 'apigw-doctor classify --help'`);
    throw new UsageError(`nothing in ${source} looks like API Gateway logs (${report.summary.lines} line${report.summary.lines === 1 ? '' : 's'} read): expected execution-log lines such as '(<request-id>) Method completed with status: 502', console Test output, access-log rows, a curl -v/-i transcript or response headers, or the Lambda function's log; see 'apigw-doctor classify --help'`);
  }
  const unreadable = report.unreadable.length;
  // Only said when it happens, so the documented `summary` of readable input keeps its two keys.
  const summary = unreadable > 0 ? { ...report.summary, unreadable } : report.summary;
  // An access row whose status cannot be read is not a healthy request: no all-clear while one is left.
  const exitCode = report.findings.length > 0 ? EXIT.findings : unreadable > 0 ? EXIT.usage : EXIT.ok;
  return { report, json: { findings: report.findings.map(findingJson), summary }, unreadable: unreadable > 0 ? unreadableSentence(report.unreadable) : null, exitCode };
}

export const classify: Command = {
  summary: 'Explain every failing request in API Gateway logs, curl output, Lambda logs (any format, mixed).',
  options: { json: { type: 'boolean' } },
  help: `apigw-doctor classify [FILE|-] [--json]

Reads what an on-call engineer has in hand and says, for every request that ended in a 5xx, which
cause it shows (one id of the taxonomy), with the evidence lines and the details (function, error,
request ids). Each finding's details.confidence says how sure the evidence is (high: the gateway's
own words; low: only what a client saw).

Input (any mix, in any order, from FILE or stdin):
  - execution logs as CloudWatch delivers them:      (<requestId>) Method completed with status: 502
  - the console "Test" output:                        Fri Jun 09 20:04:12 UTC 2023 : Execution failed ...
  - console / Logs Insights exports:                  2024-06-04T18:49:48.942Z<TAB or space>(<requestId>) ...
  - access logs: JSON (any field names) or CLF lines with the integration error appended
  - curl -v / curl -i / httpie transcripts and bare response headers:
                                                      < HTTP/2 502, x-amzn-RequestId, apigw-requestid,
                                                      x-amz-apigw-id, x-amzn-ErrorType, x-amzn-Trace-Id,
                                                      x-cache: Error from cloudfront, and the body
  - WebSocket clients:                                error: Unexpected server response: 502 (wscat),
                                                      {"message": "Internal server error", "connectionId": ...}
  - the Lambda function's own log:                    START / END / REPORT (Duration, Max Memory Used,
                                                      Status: timeout), Task timed out after N seconds,
                                                      Runtime.ImportModuleError and other Runtime.* errors,
                                                      {"errorType","errorMessage"}, INIT_REPORT ... Status: error,
                                                      Runtime exited with error: signal: killed, [ERROR] lines
  - aws apigateway test-invoke-method output (its "log" is read as an execution log)
  - client SDK errors: AxiosError: Request failed with status code 502, <Response [502]>,
                       requests HTTPError: 502 Server Error, a logged { status: 500, statusText, data }
  - a response body a client saw: {"message": "Endpoint request timed out"}, {"message": null},
    Lambda's {"Message": ..., "Type": ...} (e.g. a KMS decrypt failure) (low confidence)
  A 4xx response is read and gives no finding. A function that timed out after 29 s or more (the
  default integration timeout) is integration_timeout (the client got 504); before that, its own
  timeout (lambda_function_error, 502).
  gzip (a .gz export, or gzip bytes on stdin) is decompressed; binary data is refused with exit 2.

Output: a report for people, or with --json one object:
  {"findings":[{"cause","requestId","status","evidence":[...],"details":{...}}],"summary":{"lines","requests"}}
  most significant finding first. Causes: ${Object.keys(CAUSES).join(', ')}.

An access-log row that looks like API Gateway's (request id, response type, method…) but whose
status cannot be read is counted in summary.unreadable and said on stderr; it is never taken as healthy.

Exit codes: 0 no failing request, 1 findings, 2 usage or input error.
(2 also when nothing failed but some access-log rows have no status that could be read, and when
no line of the input is one of the formats above: never an all-clear for input that was not read.)
An all-clear says what it read: "12 requests, all below 500 (200 ×10, 429 ×2)".
Examples:
  aws logs filter-log-events --log-group-name 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod' \\
    --query 'events[].message' --output text | apigw-doctor classify -
  apigw-doctor classify pasted-console-output.txt --json | jq '.findings[0].cause'
  curl -sv https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items 2>&1 | apigw-doctor classify -
  aws logs tail /aws/lambda/orders-api --since 1h | apigw-doctor classify -
`,
  async run(args, io) {
    const file = onePositional(args, 'classify', 'FILE');
    const text = await readInput(io, file, 'log');
    const outcome = classifyText(text, file === undefined || file === '-' ? 'the input' : file);
    if (args.values['json'] === true) printJson(io, outcome.json);
    else io.stdout(renderFindingsText(outcome.report.findings, outcome.report.summary, outcome.report.tally) + (outcome.unreadable !== null ? `${outcome.unreadable}\n` : ''));
    if (outcome.unreadable !== null) io.stderr(`apigw-doctor: ${outcome.unreadable}\n`);
    return outcome.exitCode;
  },
};

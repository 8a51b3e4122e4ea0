/**
 * `apigw-doctor classify`: explains every failing request in pasted API Gateway logs.
 */
import { classifyLogText } from '../../shared/domain/use-cases/classify-logs.ts';
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

export const classify: Command = {
  summary: 'Explain every failing request in API Gateway logs (any format, mixed).',
  options: { json: { type: 'boolean' } },
  help: `apigw-doctor classify [FILE|-] [--json]

Reads API Gateway log text and says, for every request that ended in a 5xx, which cause it shows
(one id of the taxonomy), with the evidence lines and the details (function, error, request ids).

Input (any mix, from FILE or stdin):
  - execution logs as CloudWatch delivers them:      (<requestId>) Method completed with status: 502
  - the console "Test" output:                        Fri Jun 09 20:04:12 UTC 2023 : Execution failed ...
  - console / Logs Insights exports:                  2024-06-04T18:49:48.942Z<TAB>(<requestId>) ...
  - access logs: JSON (any field names) or CLF lines with the integration error appended
  - a response body a client saw: {"message": "Endpoint request timed out"} (low confidence)
  gzip (a .gz export, or gzip bytes on stdin) is decompressed; binary data is refused with exit 2.

Output: a report for people, or with --json one object:
  {"findings":[{"cause","requestId","status","evidence":[...],"details":{...}}],"summary":{"lines","requests"}}
  most significant finding first. Causes: ${Object.keys(CAUSES).join(', ')}.

An access-log row that looks like API Gateway's (request id, response type, method…) but whose
status cannot be read is counted in summary.unreadable and said on stderr; it is never taken as healthy.

Exit codes: 0 no failing request, 1 findings, 2 usage or input error.
(2 also when nothing failed but some access-log rows have no status that could be read.)
Examples:
  aws logs filter-log-events --log-group-name 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod' \\
    --query 'events[].message' --output text | apigw-doctor classify -
  apigw-doctor classify pasted-console-output.txt --json | jq '.findings[0].cause'
`,
  async run(args, io) {
    const file = onePositional(args, 'classify', 'FILE');
    const text = await readInput(io, file, 'log');
    const report = classifyLogText(text);
    const source = file === undefined || file === '-' ? 'the input' : file;
    if (report.summary.lines === 0) throw new UsageError(`${source} is empty: nothing to classify`);
    if (report.recognized === 0) {
      // One JSON document (package.json, an API response) is not logs: say what it is.
      const json = jsonDocumentKind(text);
      if (json !== null) throw new UsageError(`nothing in ${source} looks like API Gateway logs: it is ${json} with no access-log row, execution-log line or Logs Insights export row in it; see 'apigw-doctor classify --help'`);
      throw new UsageError(`nothing in ${source} looks like API Gateway logs (${report.summary.lines} line${report.summary.lines === 1 ? '' : 's'} read): expected execution-log lines such as '(<request-id>) Method completed with status: 502', console Test output, or access-log rows; see 'apigw-doctor classify --help'`);
    }
    const unreadable = report.unreadable.length;
    // Only said when it happens, so the documented `summary` of readable input keeps its two keys.
    const summary = unreadable > 0 ? { ...report.summary, unreadable } : report.summary;
    if (args.values['json'] === true) printJson(io, { findings: report.findings.map(findingJson), summary });
    else io.stdout(renderFindingsText(report.findings, report.summary) + (unreadable > 0 ? `${unreadableSentence(report.unreadable)}\n` : ''));
    if (unreadable > 0) io.stderr(`apigw-doctor: ${unreadableSentence(report.unreadable)}\n`);
    if (report.findings.length > 0) return EXIT.findings;
    // An access row whose status cannot be read is not a healthy request: no all-clear while one is left.
    return unreadable > 0 ? EXIT.usage : EXIT.ok;
  },
};

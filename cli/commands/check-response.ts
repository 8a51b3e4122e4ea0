/**
 * `apigw-doctor check-response`: predicts what API Gateway does with a function's proxy response.
 */
import { checkProxyResponse, type ProxyResponseVerdict } from '../../shared/domain/proxy-response/index.ts';
import { renderVerdictText } from '../../shared/domain/render/proxy-response-report.ts';
import { EXIT, UsageError, printJson, readInput } from '../io.ts';
import type { Command } from '../commands-types.ts';
import { choice, onePositional } from '../args.ts';

/** The notes `checkProxyResponse` adds when it read a printed Python dict or JavaScript object. */
const CONVERSION_NOTE = /^(python-dict|javascript-object|printed-object): /;

/** How to judge a response: the API flavour, the HTTP API payload format, the API's binary media types. */
export interface ResponseCheckOptions {
  readonly api: 'rest' | 'http';
  /** Used for HTTP APIs only. */
  readonly payloadFormat: '1.0' | '2.0';
  readonly binaryMediaTypes?: readonly string[];
}

/** A judged response: the verdict, the `check-response --json` document and the exit code. */
export interface ResponseCheck {
  readonly verdict: ProxyResponseVerdict;
  readonly json: Record<string, unknown>;
  readonly exitCode: number;
}

/**
 * Judges what a function returned, as `check-response` does (also the core of the MCP tool).
 * `source` names the input in errors; empty input and a response that cannot be judged are `UsageError`s.
 */
export function checkResponseText(text: string, options: ResponseCheckOptions, source: string): ResponseCheck {
  const { api, payloadFormat, binaryMediaTypes } = options;
  if (text.trim() === '') throw new UsageError(`${source} is empty: expected what the Lambda function returned (JSON)`);
  const verdict = checkProxyResponse(text.replace(/\r?\n$/, ''), { api, ...(api === 'http' ? { payloadFormat } : {}), ...(binaryMediaTypes ? { binaryMediaTypes } : {}) });
  // Never "valid" for what could not be judged: a cut body or code is an input problem, said in one line.
  if (verdict.undetermined !== undefined) throw new UsageError(`cannot judge this response: ${verdict.undetermined}`);
  const converted = verdict.notes.find((n) => CONVERSION_NOTE.test(n));
  const json = {
    status: verdict.status,
    valid: verdict.valid,
    violations: verdict.violations.map((v) => ({ path: v.path, rule: v.rule, message: v.message, fix: v.fix })),
    clientBody: verdict.clientBody,
    // Only when it happens, so the documented shape of a JSON input keeps its four keys.
    ...(converted === undefined ? {} : { converted }),
  };
  return { verdict, json, exitCode: verdict.valid ? EXIT.ok : EXIT.findings };
}

export const checkResponse: Command = {
  summary: "Predict what API Gateway does with a Lambda function's proxy response.",
  options: { api: { type: 'string' }, 'payload-format': { type: 'string' }, 'binary-media-types': { type: 'string' }, json: { type: 'boolean' } },
  help: `apigw-doctor check-response [FILE|-] [--api rest|http] [--payload-format 1.0|2.0] [--binary-media-types LIST] [--json]

Reads what a Lambda function returned (the text after "Endpoint response body before transformations:"
in an execution log, or the JSON your handler returns) and predicts what API Gateway does with it:
the status the client gets, every rule the response breaks, and the fix (Node.js and Python).
Follows AWS's observed behaviour: REST rejects unknown top-level keys, {} is fine, statusCode "201"
works, a non-numeric statusCode or one outside 100-599 (0 included) fails, isBase64Encoded without
binary media types returns base64 text.

Also reads a response as a function logs it: a Python dict as print() shows it
({'statusCode': 200, 'isBase64Encoded': False}) or a JavaScript object as console.log prints it
({ statusCode: 200, body: 'ok' }). The runtime sends such a value as JSON, so it is judged as that
JSON, with a note saying so. Source code (body: JSON.stringify(x)) and a body API Gateway cut
([TRUNCATED]) with nothing wrong in the visible part cannot be judged: exit 2 with the reason.

Flags:
  --api rest|http            REST API (default) or HTTP API
  --payload-format 1.0|2.0   HTTP API payload format version (default 2.0; only with --api http)
  --binary-media-types LIST  comma-separated binary media types configured on the API (e.g. '*/*')
  --json                     {"status","valid","violations":[{"path","rule","message","fix"}],"clientBody"}
                             (plus "converted": the note, when a printed Python/JavaScript object was read)

Exit codes: 0 valid, 1 invalid, 2 usage or input error, or a response that cannot be judged.
Example: echo '{"statusCode":200,"body":{"ok":true}}' | apigw-doctor check-response -
`,
  async run(args, io) {
    const file = onePositional(args, 'check-response', 'FILE');
    const api = choice(args.values['api'], ['rest', 'http'] as const, '--api', 'rest');
    const formatFlag = args.values['payload-format'];
    if (formatFlag !== undefined && api !== 'http') throw new UsageError('--payload-format applies to HTTP APIs only: add --api http');
    const payloadFormat = choice(formatFlag, ['1.0', '2.0'] as const, '--payload-format', '2.0');
    const binaryFlag = args.values['binary-media-types'];
    const binaryMediaTypes = typeof binaryFlag === 'string' ? binaryFlag.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined;
    const text = await readInput(io, file, 'response');
    const { verdict, json, exitCode } = checkResponseText(text, { api, payloadFormat, ...(binaryMediaTypes ? { binaryMediaTypes } : {}) }, file === undefined || file === '-' ? 'the input' : file);
    if (args.values['json'] === true) printJson(io, json);
    else io.stdout(renderVerdictText(verdict, api, api === 'http' ? payloadFormat : null));
    return exitCode;
  },
};

/**
 * The `fix` text of every rule: one sentence of advice, then a short corrected example in Node.js and
 * in Python, because those are the runtimes most proxy functions are written in.
 */

/** The three response contracts the checker knows. */
export type Contract = 'rest' | 'http-1.0' | 'http-2.0';

/** Rule ids the checker can report (stable; CLI output and tests use them). */
export type RuleId =
  | 'not-json'
  | 'not-an-object'
  | 'null-response'
  | 'unknown-key'
  | 'cookies-not-allowed'
  | 'status-code-missing'
  | 'status-code-not-integer'
  | 'status-code-out-of-range'
  | 'body-not-string'
  | 'headers-not-object'
  | 'header-value-not-scalar'
  | 'multi-value-headers-not-object'
  | 'multi-value-header-not-array'
  | 'is-base64-encoded-not-boolean'
  | 'cookies-not-array'
  | 'cookie-not-string'
  | 'invalid-base64'
  | 'function-error-payload'
  | 'lambda-service-error'
  | 'throttled'
  | 'lambda-invoke-error';

function example(advice: string, node: string, python: string): string {
  // Multi-line snippets start on their own line so the indentation (Python) stays meaningful.
  const block = (code: string): string => (code.includes('\n') ? `\n${code}` : ` ${code}`);
  return `${advice}\nNode.js:${block(node)}\nPython:${block(python)}`;
}

const NODE_OK = "return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) };";
const PY_OK = "return {'statusCode': 200, 'headers': {'Content-Type': 'application/json'}, 'body': json.dumps(data)}";

/** The fix text for `rule` under `contract`; `detail` tailors a few of them (e.g. an error type). */
export function fixFor(rule: RuleId, contract: Contract, detail?: { readonly statusCode?: number; readonly timeout?: boolean }): string {
  const status = detail?.statusCode ?? 200;
  switch (rule) {
    case 'not-json':
    case 'not-an-object':
    case 'null-response':
      return example(
        rule === 'null-response'
          ? 'Make every code path of the handler return a response object (a handler that returns nothing makes Lambda answer null).'
          : 'Return one JSON object with statusCode and a string body; put your payload inside body.',
        `${NODE_OK.replace('200', String(status))}`,
        `${PY_OK.replace('200', String(status))}`,
      );
    case 'unknown-key':
      return example(
        'Keep only statusCode, headers, multiValueHeaders, body and isBase64Encoded at the top level; move other data into body.',
        `return { statusCode: ${status}, body: JSON.stringify({ ...extra }) };`,
        `return {'statusCode': ${status}, 'body': json.dumps(extra)}`,
      );
    case 'cookies-not-allowed':
      return contract === 'rest'
        ? example(
            'cookies is a payload-2.0 (HTTP API) field; in a REST API send cookies as Set-Cookie values in multiValueHeaders.',
            `return { statusCode: ${status}, multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }, body: '' };`,
            `return {'statusCode': ${status}, 'multiValueHeaders': {'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/']}, 'body': ''}`,
          )
        : example(
            'With payload format 1.0, send cookies as Set-Cookie values in multiValueHeaders (or switch the integration to payload format 2.0).',
            `return { statusCode: ${status}, multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }, body: '' };`,
            `return {'statusCode': ${status}, 'multiValueHeaders': {'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/']}, 'body': ''}`,
          );
    case 'status-code-missing':
      return example(
        'Payload format 1.0 needs an explicit statusCode (only format 2.0 infers 200).',
        NODE_OK,
        PY_OK,
      );
    case 'status-code-not-integer':
      return example(
        'Set statusCode to an integer HTTP status (a digit string such as "201" also works, but a number is the contract).',
        `return { statusCode: ${status}, body: JSON.stringify(data) };`,
        `return {'statusCode': ${status}, 'body': json.dumps(data)}`,
      );
    case 'status-code-out-of-range':
      return example(
        'Set statusCode to a real HTTP status between 100 and 599 (e.g. 500 for a server-side failure, not 0).',
        'return { statusCode: 500, body: JSON.stringify({ message: err.message }) };',
        "return {'statusCode': 500, 'body': json.dumps({'message': str(err)})}",
      );
    case 'body-not-string':
      return example(
        'Serialize the payload into a string: body must be text (base64 text for binary).',
        NODE_OK.replace('200', String(status)),
        PY_OK.replace('200', String(status)),
      );
    case 'headers-not-object':
    case 'header-value-not-scalar':
      return example(
        contract === 'http-2.0'
          ? 'headers maps each header name to one string; join several values with commas and put cookies in cookies.'
          : 'headers maps each header name to one string; put lists in multiValueHeaders.',
        `return { statusCode: ${status}, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(data) };`,
        `return {'statusCode': ${status}, 'headers': {'Content-Type': 'application/json', 'Cache-Control': 'no-store'}, 'body': json.dumps(data)}`,
      );
    case 'multi-value-headers-not-object':
    case 'multi-value-header-not-array':
      return example(
        'multiValueHeaders maps each header name to an array of strings, even for a single value.',
        `return { statusCode: ${status}, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'X-Id': ['42'] }, body: '' };`,
        `return {'statusCode': ${status}, 'multiValueHeaders': {'Set-Cookie': ['a=1', 'b=2'], 'X-Id': ['42']}, 'body': ''}`,
      );
    case 'is-base64-encoded-not-boolean':
      return example(
        'isBase64Encoded is the boolean true or false, not a string or number.',
        `return { statusCode: ${status}, isBase64Encoded: true, body: bytes.toString('base64') };`,
        `return {'statusCode': ${status}, 'isBase64Encoded': True, 'body': base64.b64encode(data).decode('ascii')}`,
      );
    case 'cookies-not-array':
    case 'cookie-not-string':
      return example(
        'cookies is an array of Set-Cookie strings; API Gateway turns each one into a set-cookie header.',
        `return { statusCode: ${status}, cookies: ['session=abc; Path=/; HttpOnly', 'theme=dark'], body: '' };`,
        `return {'statusCode': ${status}, 'cookies': ['session=abc; Path=/; HttpOnly', 'theme=dark'], 'body': ''}`,
      );
    case 'invalid-base64':
      return example(
        'Encode the bytes with standard base64 (no line breaks, no URL-safe alphabet) when isBase64Encoded is true.',
        `return { statusCode: ${status}, headers: { 'Content-Type': 'image/png' }, isBase64Encoded: true, body: Buffer.from(bytes).toString('base64') };`,
        `return {'statusCode': ${status}, 'headers': {'Content-Type': 'image/png'}, 'isBase64Encoded': True, 'body': base64.b64encode(data).decode('ascii')}`,
      );
    case 'function-error-payload':
      return detail?.timeout === true
        ? example(
            "The function hit its own Lambda timeout: raise the function's Timeout (keep it below the integration timeout) or make it faster, and return before the deadline.",
            "if (context.getRemainingTimeInMillis() < 1000) return { statusCode: 503, body: JSON.stringify({ message: 'Try again' }) };",
            "if context.get_remaining_time_in_millis() < 1000: return {'statusCode': 503, 'body': json.dumps({'message': 'Try again'})}",
          )
        : example(
            "Fix the error shown in the function's CloudWatch log, and catch errors in the handler so it always returns a proxy response.",
            "try { return await handle(event); } catch (e) { console.error(e); return { statusCode: 500, body: JSON.stringify({ message: 'Internal error' }) }; }",
            "try:\n    return handle(event)\nexcept Exception:\n    logger.exception('request failed')\n    return {'statusCode': 500, 'body': json.dumps({'message': 'Internal error'})}",
          );
    case 'lambda-service-error':
      return example(
        'This is a transient error inside the Lambda service, not in your code: let clients retry idempotent requests with backoff, and open an AWS Support case if it persists.',
        'for (let i = 0; i < 3; i++) { const r = await fetch(url); if (r.status < 500) return r; await new Promise((s) => setTimeout(s, 200 * 2 ** i)); }',
        'for i in range(3):\n    r = requests.get(url)\n    if r.status_code < 500:\n        break\n    time.sleep(0.2 * 2 ** i)',
      );
    case 'throttled':
      return example(
        "Lambda refused the invocation for lack of concurrency: remove or raise the function's reserved concurrency (0 disables it), or request a higher account concurrency quota.",
        "await new LambdaClient({}).send(new PutFunctionConcurrencyCommand({ FunctionName: 'my-fn', ReservedConcurrentExecutions: 50 }));",
        "boto3.client('lambda').put_function_concurrency(FunctionName='my-fn', ReservedConcurrentExecutions=50)",
      );
    case 'lambda-invoke-error':
      return example(
        'Lambda rejected the Invoke call itself. For "Unable to determine service/operation name to be authorized", set the integration HTTP method to POST (CloudFormation IntegrationHttpMethod: POST) and redeploy the stage; otherwise check that the function exists and API Gateway may invoke it.',
        "await new APIGatewayClient({}).send(new UpdateIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/httpMethod', value: 'POST' }] }));",
        "boto3.client('apigateway').update_integration(restApiId=api_id, resourceId=resource_id, httpMethod='GET', patchOperations=[{'op': 'replace', 'path': '/httpMethod', 'value': 'POST'}])",
      );
  }
}

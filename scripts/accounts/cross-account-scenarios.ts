/**
 * Scenarios for the checks of issue 10 part 4 "also": a function in another account (nothing of it can be
 * read from the API's account, so the checks say what to run there), and a CORS preflight whose MOCK
 * integration has no request template (every preflight is a 500). Both stages run with X-Ray off, which
 * the `tracing` check reports because requests fail. `scripts/accounts/build.ts` expands each entry.
 */
import { ACCOUNT, LOGGED_STAGE, REGION, executeApi, requestLines, uuidFrom, type LogLine, type Scenario } from './build.ts';

/** The account the reports function lives in (a made-up id, like ACCOUNT). */
export const FUNCTION_ACCOUNT = '999988887777';

const REPORTS_API = 'r4p9x2m7kq';
const SHOP_API = 'c8w3n5t1vd';
const reportsStage = { ...LOGGED_STAGE, deploymentId: 'p3v8mw', tracing: false };
const shopStage = { ...LOGGED_STAGE, deploymentId: 'n6c2tj', tracing: false };

/** The gateway's lines for a request to the function in the other account (its ARN is in the invoke URL). */
function foreignRequestLines(at: string): LogLine[] {
  return requestLines(REPORTS_API, reportsStage.name, 'reports-generator', { at, verb: 'GET', resource: '/reports', outcome: 'invalid-permissions' }, false).map((line) => ({
    ...line,
    message: line.message.replaceAll(`:${ACCOUNT}:function:reports-generator`, `:${FUNCTION_ACCOUNT}:function:reports-generator`),
  }));
}

/**
 * The lines of a browser preflight to a MOCK integration without a request template: the method request,
 * then the mock finding no statusCode (wording: docs/facts.md (i)).
 */
function preflightLines(at: string): LogLine[] {
  const id = uuidFrom(`${SHOP_API}/${at}/OPTIONS /cart`);
  const start = Date.parse(`2026-11-20T${at}Z`);
  const host = `${SHOP_API}.execute-api.${REGION}.amazonaws.com`;
  const lines = [
    `Extended Request Id: ${id.slice(0, 15).replaceAll('-', 'x')}=`,
    `Starting execution for request: ${id}`,
    'HTTP Method: OPTIONS, Resource Path: /cart',
    'Method request path: {}',
    'Method request query string: {}',
    `Method request headers: {Origin=https://shop.example.com, Access-Control-Request-Method=POST, Access-Control-Request-Headers=content-type, Host=${host}, X-Forwarded-For=198.51.100.24, X-Forwarded-Port=443, X-Forwarded-Proto=https}`,
    'Method request body before transformations: ',
    'Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.',
    'Method completed with status: 500',
  ];
  return lines.map((text, i) => ({ timestamp: start + (i < 7 ? 0 : 2), message: `(${id}) ${text}` }));
}

/** The scenarios, one file each. */
export const CROSS_ACCOUNT_SCENARIOS: readonly Scenario[] = [
  {
    // GET /reports invokes reports-generator in account 999988887777, whose policy (not readable from here)
    // does not allow this API. This account also has an old function of the same name that the diagnosis
    // must not mistake for it. POST /reports is an ordinary same-account function.
    file: 'function-in-another-account.json',
    api: { id: REPORTS_API, name: 'reports-api', description: 'Reports, served by the analytics account', created: '2026-09-14T08:30:00Z' },
    stage: reportsStage,
    methods: [
      {
        verb: 'GET', path: '/reports', fn: 'reports-generator',
        integration: { uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${FUNCTION_ACCOUNT}:function:reports-generator/invocations` },
      },
      { verb: 'POST', path: '/reports', fn: 'reports-intake' },
    ],
    functions: [
      { name: 'reports-intake', timeout: 10, memory: 256, permissions: [{ sid: 'reports-api-post', sourceArn: executeApi(REPORTS_API, '*/POST/reports') }] },
      // The same-named function in the API's account (an old copy): its policy allows GET /reports, so a
      // diagnosis that read it would wrongly report the permission as in place.
      { name: 'reports-generator', timeout: 10, memory: 256, permissions: [{ sid: 'old-copy', sourceArn: executeApi(REPORTS_API, '*/GET/reports') }] },
    ],
    cloudWatchRole: true,
    executionLog: { events: [...foreignRequestLines('14:04:10.118'), ...foreignRequestLines('14:06:52.604')], logStream: 'b9d2f7a14c3e8d05b6a1f9e27c4d8b30' },
  },
  {
    // The OPTIONS /cart preflight is a MOCK without a request template: every preflight is a 500 and
    // browsers block the POST /cart that works on its own.
    file: 'cors-preflight-mock-without-template.json',
    api: { id: SHOP_API, name: 'shop-api', description: 'Shop front end API', created: '2026-10-02T11:20:00Z' },
    stage: shopStage,
    methods: [
      { verb: 'POST', path: '/cart', fn: 'cart-handler' },
      {
        verb: 'OPTIONS', path: '/cart', fn: 'cart-handler',
        method: {
          methodResponses: {
            '200': {
              statusCode: '200',
              responseParameters: { 'method.response.header.Access-Control-Allow-Headers': false, 'method.response.header.Access-Control-Allow-Methods': false, 'method.response.header.Access-Control-Allow-Origin': false },
            },
          },
        },
        integration: {
          type: 'MOCK', httpMethod: null, uri: null, timeoutInMillis: 29_000,
          integrationResponses: {
            '200': {
              statusCode: '200',
              responseParameters: {
                'method.response.header.Access-Control-Allow-Headers': "'Content-Type'",
                'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'",
                'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
              },
            },
          },
        },
      },
    ],
    functions: [
      { name: 'cart-handler', timeout: 10, memory: 512, permissions: [{ sid: 'shop-api-cart', sourceArn: executeApi(SHOP_API, '*/POST/cart') }] },
    ],
    cloudWatchRole: true,
    executionLog: {
      events: [
        ...preflightLines('14:05:03.220'),
        ...requestLines(SHOP_API, shopStage.name, 'cart-handler', { at: '14:05:03.410', verb: 'POST', resource: '/cart', body: '{"sku":"TS-0042"}', outcome: 'ok' }, false),
        ...preflightLines('14:07:45.981'),
      ],
      logStream: '5e0c7a2b9d41f386a7c2e5b9d0f14a63',
    },
  },
];

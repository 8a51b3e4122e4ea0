import { describe, expect, it } from 'vitest';
import { checkHttpAccessLogging, httpNotApplicable, matchRoute, routeMatchScore, routeMethod } from '../../../../shared/domain/checks/http-api.ts';

const STAGE = { restApiId: 'h7tq2xk9wb', stageName: '$default', region: 'us-east-1', account: '123456789012' };

describe('routeMethod', () => {
  it('maps route keys to the method shape, $default to its own verb', () => {
    // Act + Assess
    expect(routeMethod('GET /orders/{id}', 'r1')).toEqual({ resourceId: 'r1', httpMethod: 'GET', resourcePath: '/orders/{id}' });
    expect(routeMethod('$default', 'r2')).toEqual({ resourceId: 'r2', httpMethod: '$default', resourcePath: '$default' });
  });
});

describe('matchRoute', () => {
  const routes = [
    { RouteKey: 'GET /orders' },
    { RouteKey: 'GET /orders/{id}' },
    { RouteKey: 'ANY /orders/{id}' },
    { RouteKey: 'ANY /files/{proxy+}' },
    { RouteKey: '$default' },
  ];

  it.each([
    ['GET', '/orders', 'GET /orders'],
    ['GET', '/orders/o-17', 'GET /orders/{id}'],
    ['DELETE', '/orders/o-17', 'ANY /orders/{id}'],
    ['PUT', '/files/a/b/c.txt', 'ANY /files/{proxy+}'],
    ['POST', '/checkout', '$default'],
    ['GET', '/files', '$default'],
    ['GET', '/orders?page=2', 'GET /orders'],
  ])('routes %s %s to %s', (method, path, expected) => {
    // Act
    const route = matchRoute(routes, method, path);

    // Assess
    expect(route?.RouteKey).toBe(expected);
  });

  it('matches nothing without a $default route when no key fits', () => {
    // Act + Assess
    expect(matchRoute([{ RouteKey: 'GET /orders' }], 'POST', '/orders')).toBeNull();
    expect(routeMatchScore('GET /orders/{id}', 'GET', '/orders')).toBeNull();
  });
});

describe('HTTP API stage checks', () => {
  it('skips every REST-only check with its reason', () => {
    // Act
    const results = httpNotApplicable(STAGE);

    // Assess
    expect(results.map((r) => [r.id, r.status])).toEqual([['execution-logging', 'skip'], ['account-cloudwatch-role', 'skip'], ['data-trace', 'skip'], ['binary-media-types', 'skip']]);
    expect(results[0]?.resource).toBe('arn:aws:apigateway:us-east-1::/apis/h7tq2xk9wb/stages/$default');
  });

  it('warns when the access log lacks $context.integrationErrorMessage and keeps its destination in the fix', () => {
    // Prepare
    const destination = 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access';

    // Act
    const result = checkHttpAccessLogging({ AccessLogSettings: { DestinationArn: destination, Format: '$context.requestId $context.status' } }, STAGE);

    // Assess
    expect(result.status).toBe('warn');
    expect(result.fix?.requests).toHaveLength(1);
    expect(result.fix?.requests[0]?.input['AccessLogSettings']).toMatchObject({ DestinationArn: destination });
    expect(result.fix?.cli).toMatch(/^aws apigatewayv2 update-stage --api-id h7tq2xk9wb --stage-name '\$default' --access-log-settings /);
  });

  it('passes an access log that records the integration error under either spelling', () => {
    // Act
    const result = checkHttpAccessLogging({ AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:a', Format: '{"e":"$context.integration.error"}' } }, STAGE);

    // Assess
    expect(result.status).toBe('pass');
  });
});

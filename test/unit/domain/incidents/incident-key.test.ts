import { describe, expect, it } from 'vitest';
import {
  ANY_ROUTE,
  incidentId,
  incidentKeyFor,
  parseIncidentId,
  routeOf,
  stageId,
  stageOfSignal,
} from '../../../../shared/domain/incidents/incident-key.ts';
import type { Finding, IncidentKey, JsonObject } from '../../../../shared/domain/model.ts';

const KEY: IncidentKey = { account: '123456789012', region: 'us-east-1', apiId: 'a1b2c3', stage: 'prod', cause: 'missing_invoke_permission', route: 'GET /items' };

function finding(details: JsonObject, requestId: string | null = 'req-1'): Finding {
  return { cause: 'missing_invoke_permission', requestId, status: 500, evidence: [], details };
}

describe('incidentId', () => {
  it('renders the key readably, parts in key order', () => {
    // Act
    const id = incidentId(KEY);

    // Assess
    expect(id).toBe('123456789012|us-east-1|a1b2c3|prod|missing_invoke_permission|GET /items');
    expect(id.startsWith(`${stageId(KEY)}|`)).toBe(true);
  });

  it('escapes | and \\ so different keys never share an id, and parses every id back to its key', () => {
    // Prepare: the first two would collide without escaping
    const keys: IncidentKey[] = [
      { ...KEY, stage: 'a|b', route: 'c' },
      { ...KEY, stage: 'a', route: 'b|c' },
      { ...KEY, stage: 'back\\slash', route: 'GET /x\\|y' },
      { ...KEY, route: ANY_ROUTE },
    ];

    // Act
    const ids = keys.map(incidentId);

    // Assess
    expect(new Set(ids).size).toBe(keys.length);
    expect(ids[0]).toBe('123456789012|us-east-1|a1b2c3|a\\|b|missing_invoke_permission|c');
    expect(ids.map(parseIncidentId)).toEqual(keys);
  });

  it('parses nothing that is not an id: wrong part count, unknown cause, dangling escape, empty part', () => {
    // Act
    const parsed = [
      'not an id',
      '123456789012|us-east-1|a1b2c3|prod|missing_invoke_permission',
      '123456789012|us-east-1|a1b2c3|prod|not_a_cause|GET /items',
      '123456789012|us-east-1|a1b2c3|prod|missing_invoke_permission|GET /items\\',
      '123456789012|us-east-1|a1b2c3|pr\\od|missing_invoke_permission|GET /items',
      '|us-east-1|a1b2c3|prod|missing_invoke_permission|GET /items',
    ].map(parseIncidentId);

    // Assess
    expect(parsed).toEqual([null, null, null, null, null, null]);
  });
});

describe('routeOf and incidentKeyFor', () => {
  it('uses the method and resource path of the finding, upper-casing the method', () => {
    // Act
    const routes = [
      routeOf(finding({ method: 'GET', resourcePath: '/items/{id}' })),
      routeOf(finding({ method: 'post', resourcePath: '/orders' })),
    ];

    // Assess
    expect(routes).toEqual(['GET /items/{id}', 'POST /orders']);
  });

  it('falls back to * when the evidence names no complete route', () => {
    // Act
    const routes = [
      routeOf(finding({})),
      routeOf(finding({ method: 'GET' })),
      routeOf(finding({ resourcePath: '/items' })),
      routeOf(finding({ method: ' ', resourcePath: '/items' })),
      routeOf(finding({ method: 1, resourcePath: '/items' })),
    ];

    // Assess
    expect(routes).toEqual([ANY_ROUTE, ANY_ROUTE, ANY_ROUTE, ANY_ROUTE, ANY_ROUTE]);
  });

  it('keys a finding by the stage, its cause and its route', () => {
    // Act
    const key = incidentKeyFor({ ...finding({ method: 'GET', resourcePath: '/items' }), cause: 'integration_timeout' }, KEY);

    // Assess
    expect(key).toEqual({ ...KEY, cause: 'integration_timeout', route: 'GET /items' });
  });
});

describe('stageOfSignal', () => {
  it('takes the stage from a signal that names all four parts, and none from one that does not', () => {
    // Prepare
    const full = { account: '123456789012', region: 'us-east-1', apiId: 'a1b2c3', stage: 'prod' };

    // Act
    const stages = [stageOfSignal(full), stageOfSignal({ ...full, apiId: null }), stageOfSignal({ ...full, stage: '' }), stageOfSignal({ ...full, account: null })];

    // Assess
    expect(stages).toEqual([full, null, null, null]);
  });
});
